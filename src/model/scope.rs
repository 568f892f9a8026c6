//! `scope/*.yaml`: applicability decisions for one framework.
//!
//! ```yaml
//! framework: iso42001
//! decisions:
//!   - requirement: A.10.4
//!     applicable: false
//!     justification: We supply no AI system to customers who operate it themselves.
//!   - requirement: A.6.2.5
//!     applicable: true
//!     justification: Deployment reviews are required by customer contracts.
//!     drivers: [contractual]
//! ```
//!
//! Requirements without a decision are applicable by default; only exclusions need a decision,
//! and every exclusion needs a justification (ISO/IEC 42001 clause 6.1.3 d).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::Spanned;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeFile {
    pub framework: Spanned<String>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub requirement: Spanned<String>,
    pub applicable: Spanned<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<Spanned<String>>,
    /// Why an applicable requirement is included (Statement of Applicability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<Driver>,
}

impl Decision {
    pub fn has_justification(&self) -> bool {
        self.justification
            .as_ref()
            .is_some_and(|j| !j.value.trim().is_empty())
    }
}

/// What makes a control necessary, in the words ISO/IEC 42001 SoA templates use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Driver {
    RiskAssessment,
    LegalOrRegulatory,
    Contractual,
    Business,
}
