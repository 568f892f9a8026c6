//! `risks/*.yaml`: the risk register (ISO/IEC 42001 6.1.2 risk assessment, 6.1.3 risk
//! treatment). Likelihood and impact are scored on the scale of `evidence.toml` `[risk]`; a
//! risk's score is likelihood × impact, compared with the appetite there.
//!
//! ```yaml
//! risks:
//!   - id: R-BIAS-CREDIT
//!     title: Discriminatory outcomes of the credit-scoring model
//!     description: Proxy variables reproduce historical bias against protected groups.
//!     category: ai-impact            # ai-impact | security | privacy | legal | operational
//!                                    # | third-party | other
//!     systems: [SYS-CREDIT]          # IDs from systems/*.yaml
//!     inherent: { likelihood: 4, impact: 5 }
//!     residual: { likelihood: 2, impact: 3 }   # after treatment
//!     treatment: mitigate            # mitigate | accept | avoid | transfer
//!     controls: [AI-10, AI-11]       # the controls that treat it
//!     owner: Head of Data Science
//!     review: { last: 2026-09-01, interval: 6mo }
//!     acceptance:                    # required when treatment is accept
//!       by: Managing Director
//!       on: 2026-06-01
//!       until: 2027-06-01
//!       rationale: Residual risk within appetite after the quarterly fairness review.
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::control::Review;
use crate::source::Spanned;

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskFile {
    #[serde(default)]
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub category: Spanned<RiskCategory>,
    /// The AI systems (IDs in systems/) the risk concerns; empty for an organisation-wide risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<Spanned<String>>,
    /// Before treatment.
    pub inherent: Spanned<Rating>,
    /// After treatment; without it, the inherent rating stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual: Option<Spanned<Rating>>,
    /// How the risk is treated; missing means not yet treated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<Spanned<Treatment>>,
    /// The controls that treat it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Who accepted the risk, when, and until when (treatment `accept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Spanned<Acceptance>>,
}

impl Risk {
    /// The rating that stands after treatment.
    pub fn current(&self) -> Rating {
        self.residual.as_ref().unwrap_or(&self.inherent).value
    }
}

/// Likelihood and impact, each from 1 to the workspace's `[risk] scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub likelihood: u8,
    pub impact: u8,
}

impl Rating {
    pub fn score(self) -> u16 {
        u16::from(self.likelihood) * u16::from(self.impact)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskCategory {
    AiImpact,
    Security,
    Privacy,
    Legal,
    Operational,
    ThirdParty,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Treatment {
    Mitigate,
    Accept,
    Avoid,
    Transfer,
}

impl Treatment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mitigate => "mitigate",
            Self::Accept => "accept",
            Self::Avoid => "avoid",
            Self::Transfer => "transfer",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Who accepted the risk (a person or role with the authority to).
    pub by: String,
    pub on: Spanned<Date>,
    /// The acceptance lapses after this day.
    pub until: Spanned<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}
