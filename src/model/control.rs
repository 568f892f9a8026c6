//! `controls/*.yaml`: the control matrix.
//!
//! ```yaml
//! controls:
//!   - id: SEC-TLS
//!     title: Encryption in transit
//!     description: TLS 1.2+ on all public endpoints; HSTS with a two-year max-age.
//!     category: Encryption
//!     public_statement: TLS 1.2+ everywhere, with HSTS.   # optional: what the trust page says
//!     visibility: public             # public | on-request | internal (trust page)
//!     owner: Head of Platform Security
//!     status: implemented            # implemented | partial | planned | not-implemented
//!     target: 2027-03-31             # when a planned or partial control will be done
//!     responsibility:
//!       owner: shared                # provider | customer | shared
//!       provider: TLS termination, certificate rotation
//!       customer: Keep client TLS libraries current
//!       evidence: Quarterly TLS scan
//!     review: { last: 2026-05-01, interval: 1y }
//!     negative: false                # true: the control says what we do *not* do
//!     mappings:
//!       iso42001: [A.6.2.4]
//!       gdpr: ["Art. 32(1)(a)"]
//!     evidence:
//!       - path: scans/tls-2026-10.json
//!         description: TLS scan of public endpoints
//!         collected: 2026-10-01
//!         max_age: 90d
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Period;
use crate::source::Spanned;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlFile {
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Grouping on the trust page ("Encryption", "Access control", "AI governance", …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// What the public trust page says of the control, when it should say less than (or
    /// something other than) the internal `description`; the description then sits behind a
    /// "details" toggle, unless the control is on-request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_statement: Option<String>,
    /// public (default) | on-request (listed, its text left out) | internal (never on the page).
    #[serde(default, skip_serializing_if = "is_public")]
    pub visibility: super::trustpage::Visibility,
    /// The accountable person or role. Missing or blank is a finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Spanned<String>>,
    pub status: Spanned<ControlStatus>,
    /// When a planned or partial control is due to be implemented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Spanned<Date>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibility: Option<Responsibility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Requirements this control serves, per catalog id.
    #[serde(default, deserialize_with = "mappings_from_map")]
    #[schemars(with = "std::collections::BTreeMap<String, Vec<String>>")]
    pub mappings: Vec<Mapping>,
    #[serde(default)]
    pub evidence: Vec<EvidenceSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The control is a commitment *not* to do what its title names ("No training on customer
    /// data"). A questionnaire asking whether that practice happens is answered No, citing this
    /// control; without the marker, a "no" in a title is just a word.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negative: bool,
}

fn is_public(v: &super::trustpage::Visibility) -> bool {
    *v == super::trustpage::Visibility::Public
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Implemented => "implemented",
            Self::Partial => "partial",
            Self::Planned => "planned",
            Self::NotImplemented => "not-implemented",
        }
    }
}

/// Who does what: the shared-responsibility row of the trust page.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub owner: ResponsibilityOwner,
    /// What the provider (we) does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// What the customer owns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The evidence a customer can review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ResponsibilityOwner {
    Provider,
    Customer,
    Shared,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// When the control was last reviewed.
    pub last: Spanned<Date>,
    /// Overrides the workspace's `[review] interval`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<Period>,
}

/// `mappings: { iso42001: [A.6.2.4] }` is read as a list of (catalog, requirements) so that each
/// catalog key keeps its own position.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub framework: Spanned<String>,
    pub requirements: Vec<Spanned<String>>,
}

fn mappings_from_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Mapping>, D::Error> {
    struct Visit;
    impl<'de> serde::de::Visitor<'de> for Visit {
        type Value = Vec<Mapping>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping from catalog id to a list of requirement ids")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(framework) = map.next_key::<Spanned<String>>()? {
                let requirements = map.next_value::<Vec<Spanned<String>>>()?;
                out.push(Mapping {
                    framework,
                    requirements,
                });
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit)
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSource {
    /// Relative to the workspace's evidence root. With `cadence:`, a folder or a glob
    /// (`access-reviews/*.csv`) naming every occurrence.
    pub path: Spanned<String>,
    /// A recurring control: how often an occurrence is due. `path:` then names the occurrences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<Spanned<super::Cadence>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the evidence was produced. Without it, the file's modification time is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<Spanned<Date>>,
    /// Overrides the workspace's `[evidence] max_age`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Period>,
    /// Not for publication: reports show it as "available on request", without its path.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
}
