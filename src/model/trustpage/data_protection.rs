//! The `data_protection:` section of `trust/*.yaml`: the privacy roles the organisation holds,
//! its DPA, residency, transfers, retention, what customer data may train, and how rights
//! requests are answered.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataProtection {
    #[serde(default)]
    pub roles: Vec<RoleStatement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpa: Option<Dpa>,
    /// Where personal data is stored and processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<String>,
    /// How cross-border transfers are safeguarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<String>,
    #[serde(default)]
    pub retention: Vec<RetentionDefault>,
    /// Whether customer data is used to train models, as the organisation commits to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<TrainingCommitment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights_requests: Option<RightsRequests>,
}

/// What the organisation commits to about training models on customer data: the page says no
/// more than this (the `statement` when given, else a neutral sentence for `customer_data`),
/// followed by each exception.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingCommitment {
    pub customer_data: TrainingUse,
    /// The commitment in the organisation's own words, shown instead of the neutral sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Cases the commitment does not cover ("the client's own models", "with written consent").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingUse {
    /// Never used to train models.
    Never,
    /// Not used to train models without the customer's consent.
    NotWithoutConsent,
}

impl TrainingUse {
    /// The neutral sentence: no stronger than the enum says (no "fine-tune", no "improve").
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Never => "Customer data is not used to train models.",
            Self::NotWithoutConsent => {
                "Customer data is not used to train models without the customer's consent."
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleStatement {
    pub role: PrivacyRole,
    /// When the organisation holds this role.
    pub context: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PrivacyRole {
    Controller,
    Processor,
    DataFiduciary,
    DataProcessor,
}

impl PrivacyRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::Controller => "Data controller (GDPR)",
            Self::Processor => "Data processor (GDPR)",
            Self::DataFiduciary => "Data Fiduciary (DPDP Act)",
            Self::DataProcessor => "Data Processor (DPDP Act)",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpa {
    pub availability: DpaAvailability,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DpaAvailability {
    Public,
    OnRequest,
    EnterpriseOnly,
}

impl DpaAvailability {
    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Available for download",
            Self::OnRequest => "Available on request",
            Self::EnterpriseOnly => "Available to enterprise customers",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionDefault {
    pub data: String,
    pub period: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RightsRequests {
    pub channel: String,
    /// How fast requests are answered ("30 days", "the statutory timeframe").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
}
