//! `systems/*.yaml`: the AI-system register. Each system carries its EU AI Act classification
//! and the organisation's role for it; when the register exists, EU AI Act requirements apply
//! through the systems they bind (see [`crate::coverage::applicability_in_register`]).
//!
//! ```yaml
//! systems:
//!   - id: SYS-CREDIT
//!     name: Credit-scoring engine for Acme Bank
//!     purpose: Scores retail credit applications for creditworthiness.
//!     lifecycle: in-service          # in-development | in-service | retired
//!     roles: [provider]              # provider | deployer | importer | distributor
//!                                    # | authorised-representative
//!     risk_class: high-risk          # prohibited | high-risk | limited | minimal
//!                                    # | gpai-model | gpai-systemic
//!     annex_iii: ["5(b)"]            # Annex III points, when high-risk through Annex III
//!     annex_i: []                    # Union harmonisation legislation, when through Annex I
//!     classification: Evaluates creditworthiness of natural persons (Annex III point 5(b)).
//!     derogation:                    # only for an Annex III system claimed not high-risk
//!       ground: "6(3)(a)"            # 6(3)(a) | 6(3)(b) | 6(3)(c) | 6(3)(d)
//!       documentation: ai/derogation-assessment.md
//!     transparency: false            # true: Art. 50 duties (interacts with people, generates content)
//!     human_oversight: Credit officers review every decline before it is sent.
//!     models: [XGBoost scorecard v3]
//!     datasets: [Bank loan book 2019-2025]
//!     owner: Head of Delivery
//!     controls: [AI-RISK, AI-OVERSIGHT]
//!     impact_assessments:            # ISO/IEC 42001 6.1.4; EU AI Act Art. 27 (fria)
//!       - kind: aiia                 # aiia | fria | dpia
//!         date: 2026-06-01
//!         evidence: ai/credit-impact-assessment-2026.pdf
//!         review: 1y                 # when it is due again (default: a year)
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Period;
use crate::source::Spanned;

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemFile {
    #[serde(default)]
    pub systems: Vec<AiSystem>,
}

/// One AI system (or general-purpose AI model) the organisation builds, runs or places on the
/// market.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AiSystem {
    pub id: Spanned<String>,
    pub name: String,
    /// The intended purpose (EU AI Act Art. 3(12)).
    pub purpose: String,
    pub lifecycle: Spanned<Lifecycle>,
    /// The organisation's roles for this system under the EU AI Act.
    pub roles: Vec<Spanned<SystemRole>>,
    pub risk_class: Spanned<RiskClass>,
    /// Annex III points ("5(b)", or the area "5") when high-risk through Annex III.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annex_iii: Vec<Spanned<String>>,
    /// Union harmonisation legislation of Annex I when high-risk as (a safety component of) a
    /// product.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annex_i: Vec<Spanned<String>>,
    /// Why the system is of its class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    /// For an Annex III system claimed not high-risk: the Art. 6(3) ground and its documentation
    /// (Art. 6(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derogation: Option<Spanned<Derogation>>,
    /// The system has Art. 50 transparency duties (interacts with people, generates synthetic
    /// content, recognises emotions, makes deep fakes). Implied by `risk_class: limited`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transparency: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_oversight: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Spanned<String>>,
    /// Controls that govern the system.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Spanned<String>>,
    /// The organisation's own policy requires an impact assessment even though the law does not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub impact_assessment_required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact_assessments: Vec<ImpactAssessment>,
}

impl AiSystem {
    /// In development or in service: what the EU AI Act obligations attach to.
    pub fn is_active(&self) -> bool {
        self.lifecycle.value != Lifecycle::Retired
    }

    /// Whether the system carries Art. 50 transparency duties.
    pub fn has_transparency_duties(&self) -> bool {
        self.transparency || self.risk_class.value == RiskClass::Limited
    }

    pub fn has_role(&self, role: SystemRole) -> bool {
        self.roles.iter().any(|r| r.value == role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    InDevelopment,
    InService,
    Retired,
}

impl Lifecycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InDevelopment => "in-development",
            Self::InService => "in-service",
            Self::Retired => "retired",
        }
    }
}

/// The organisation's role for a system (EU AI Act Art. 3(3)-(7)).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SystemRole {
    Provider,
    Deployer,
    Importer,
    Distributor,
    AuthorisedRepresentative,
}

impl SystemRole {
    pub const ALL: [SystemRole; 5] = [
        Self::Provider,
        Self::Deployer,
        Self::Importer,
        Self::Distributor,
        Self::AuthorisedRepresentative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Deployer => "deployer",
            Self::Importer => "importer",
            Self::Distributor => "distributor",
            Self::AuthorisedRepresentative => "authorised-representative",
        }
    }

    /// "no high-risk system *provided*": the role as a past participle.
    pub fn participle(self) -> &'static str {
        match self {
            Self::Provider => "provided",
            Self::Deployer => "deployed",
            Self::Importer => "imported",
            Self::Distributor => "distributed",
            Self::AuthorisedRepresentative => "represented as authorised representative",
        }
    }

    pub fn from_catalog_role(role: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == role)
    }
}

/// The EU AI Act class of a system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskClass {
    /// A practice prohibited by Art. 5: it must not be placed on the market or used.
    Prohibited,
    /// Art. 6: through Annex I or Annex III.
    HighRisk,
    /// Transparency duties under Art. 50 only.
    Limited,
    Minimal,
    /// A general-purpose AI model (Art. 53).
    GpaiModel,
    /// A general-purpose AI model with systemic risk (Art. 51, 55).
    GpaiSystemic,
}

impl RiskClass {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prohibited => "prohibited",
            Self::HighRisk => "high-risk",
            Self::Limited => "limited",
            Self::Minimal => "minimal",
            Self::GpaiModel => "gpai-model",
            Self::GpaiSystemic => "gpai-systemic",
        }
    }

    pub fn is_gpai(self) -> bool {
        matches!(self, Self::GpaiModel | Self::GpaiSystemic)
    }
}

/// Art. 6(3): an Annex III system that does not pose a significant risk of harm.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Derogation {
    /// The condition of Art. 6(3) second subparagraph: "6(3)(a)" to "6(3)(d)".
    pub ground: Spanned<String>,
    /// Where the assessment is documented (Art. 6(4)), relative to the evidence root.
    pub documentation: Spanned<String>,
}

/// An impact assessment of a system: ISO/IEC 42001 6.1.4 (aiia), EU AI Act Art. 27 (fria), or a
/// GDPR Art. 35 DPIA.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactAssessment {
    pub kind: Spanned<ImpactKind>,
    pub date: Spanned<Date>,
    /// The assessment itself, relative to the evidence root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Spanned<String>>,
    /// How long it stays current (default: a year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Period>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ImpactKind {
    Aiia,
    Fria,
    Dpia,
}

impl ImpactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aiia => "aiia",
            Self::Fria => "fria",
            Self::Dpia => "dpia",
        }
    }
}
