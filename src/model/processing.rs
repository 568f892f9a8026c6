//! `processing/*.yaml`: processing activities, the source of the records of processing
//! (GDPR Art. 30(1) and 30(2), and the DPDP Act's Data Fiduciary view).
//!
//! `controller` and `data_fiduciary` (who keeps the records) may appear in one file only;
//! `activities` are joined across files in file order.
//!
//! ```yaml
//! controller:                       # Art. 30(1)(a)
//!   name: Clustral AI Labs Pvt. Ltd.
//!   contact: privacy@clustralai.com
//!   address: Bengaluru, India
//!   representative: { name: EU Rep GmbH, contact: rep@example.eu }   # Art. 27
//!   dpo: { name: Data Protection Officer, contact: dpo@clustralai.com }
//! data_fiduciary:                   # DPDP Act
//!   name: Clustral AI Labs Pvt. Ltd.
//!   contact: privacy@clustralai.com # the published contact (Sec. 8(9))
//! activities:
//!   - id: PA-LEADS
//!     name: Marketing leads
//!     role: controller              # controller | processor
//!     purposes: [Answer enquiries from prospective customers]
//!     lawful_basis: legitimate-interests      # Art. 6(1)
//!     legitimate_interest: Replying to people who asked to be contacted
//!     data_subjects: [Prospective customers]
//!     data_categories:
//!       - { name: Contact details, retention: 24 months }
//!     recipients: [Odoo S.A. (CRM)]
//!     transfers:
//!       - { recipient: Resend, Inc., country: United States, safeguard: standard-contractual-clauses }
//!       - { recipient: OpenRouter Inc., country: United States, risk: R-014 }  # no safeguard: a
//!                                    # finding, a warning while risk R-014's acceptance is current
//!     security_measures: [SEC-TLS, SEC-ACCESS]   # control IDs
//!     source: The data subject, through the contact form
//!     dpia: { required: false }
//!     automated_decision_making: { used: false }
//!     location: Microsoft Azure, Central India
//!     dpdp:                          # optional: the DPDP Act record
//!       ground: consent              # consent | legitimate-use
//!       erasure_trigger: The enquiry is closed
//!       log_retention: 1 year
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::Spanned;

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessingFile {
    #[serde(default)]
    pub controller: Option<Spanned<Party>>,
    #[serde(default)]
    pub data_fiduciary: Option<Spanned<Party>>,
    #[serde(default)]
    pub activities: Vec<Activity>,
}

/// A controller, processor, Data Fiduciary, representative or DPO: a name and how to reach it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    pub contact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint_controllers: Vec<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Person>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo: Option<Person>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Spanned<String>,
    pub name: String,
    pub role: Spanned<ProcessingRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_function: Option<String>,
    /// Processor records: each controller on whose behalf the processing is done (Art. 30(2)(a)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controllers: Vec<Person>,
    pub purposes: Vec<String>,
    /// Art. 6(1); required for controller activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<Spanned<LawfulBasis>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interest: Option<String>,
    /// Art. 9(2) condition, when special categories are processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<String>,
    #[serde(default)]
    pub data_subjects: Vec<String>,
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Retention for every data category that states none of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
    /// Control IDs (Art. 30(1)(g), 32).
    #[serde(default)]
    pub security_measures: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia: Option<Dpia>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_decision_making: Option<AutomatedDecisions>,
    /// Where the data is stored and processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpdp: Option<DpdpRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProcessingRole {
    Controller,
    Processor,
}

impl ProcessingRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Controller => "controller",
            Self::Processor => "processor",
        }
    }
}

/// The six lawful bases of GDPR Art. 6(1)(a)-(f).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LawfulBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

impl LawfulBasis {
    pub fn label(self) -> &'static str {
        match self {
            Self::Consent => "Consent (Art. 6(1)(a))",
            Self::Contract => "Contract (Art. 6(1)(b))",
            Self::LegalObligation => "Legal obligation (Art. 6(1)(c))",
            Self::VitalInterests => "Vital interests (Art. 6(1)(d))",
            Self::PublicTask => "Public task (Art. 6(1)(e))",
            Self::LegitimateInterests => "Legitimate interests (Art. 6(1)(f))",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCategory {
    pub name: String,
    /// A special category (Art. 9) or sensitive data.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub special: bool,
    /// How long it is kept ("24 months", "until the contract ends + 30 days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub recipient: String,
    /// A country name or ISO 3166-1 alpha-2 code.
    pub country: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguard: Option<Safeguard>,
    /// The instrument as signed ("Resend DPA + EU SCCs 2021/914").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// A risk (an ID in risks/) under which a transfer without a safeguard is knowingly accepted:
    /// while that acceptance is current, `check` reports the transfer as a warning instead of an
    /// error; it never stops reporting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Spanned<String>>,
}

/// The transfer tools of GDPR Chapter V.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Safeguard {
    AdequacyDecision,
    StandardContractualClauses,
    BindingCorporateRules,
    UkIdta,
    CodeOfConduct,
    Certification,
    Derogation,
}

impl Safeguard {
    pub fn label(self) -> &'static str {
        match self {
            Self::AdequacyDecision => "Adequacy decision (Art. 45)",
            Self::StandardContractualClauses => "Standard contractual clauses (Art. 46(2)(c))",
            Self::BindingCorporateRules => "Binding corporate rules (Art. 47)",
            Self::UkIdta => "UK International Data Transfer Agreement",
            Self::CodeOfConduct => "Code of conduct (Art. 46(2)(e))",
            Self::Certification => "Certification (Art. 46(2)(f))",
            Self::Derogation => "Derogation for a specific situation (Art. 49)",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    pub required: bool,
    /// Where the assessment is kept (a path under the evidence root, or a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutomatedDecisions {
    pub used: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

/// The DPDP Act view of an activity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DpdpRecord {
    pub ground: DpdpGround,
    /// Which legitimate use of Sec. 7 applies, when the ground is legitimate use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_use: Option<String>,
    /// Data Processors the personal data is shared with (default: the activity's recipients).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub processors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_border: Option<String>,
    /// What ends the purpose and starts erasure (Sec. 8(7)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erasure_trigger: Option<String>,
    /// How long processing logs are kept (the Rules ask for at least one year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_retention: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DpdpGround {
    Consent,
    LegitimateUse,
}

impl DpdpGround {
    pub fn label(self) -> &'static str {
        match self {
            Self::Consent => "Consent (Sec. 6)",
            Self::LegitimateUse => "Legitimate use (Sec. 7)",
        }
    }
}

/// EU and EEA member states (names and ISO 3166-1 alpha-2 codes): transfers among them need no
/// Chapter V safeguard.
const EEA: &[(&str, &str)] = &[
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("HR", "Croatia"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("LV", "Latvia"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("MT", "Malta"),
    ("NL", "Netherlands"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SK", "Slovakia"),
    ("SI", "Slovenia"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("IS", "Iceland"),
    ("LI", "Liechtenstein"),
    ("NO", "Norway"),
];

/// Whether `country` (a name, an alpha-2 code, or "EU"/"EEA") lies inside the EEA.
pub fn is_eea(country: &str) -> bool {
    let c = country.trim();
    ["EU", "EEA", "European Union", "European Economic Area"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(c))
        || EEA
            .iter()
            .any(|(code, name)| code.eq_ignore_ascii_case(c) || name.eq_ignore_ascii_case(c))
}

impl Activity {
    /// Whether this activity discloses data to `party` (a sub-processor's name): as a recipient,
    /// as the recipient of a transfer, or as a DPDP Data Processor.
    pub fn discloses_to(&self, party: &str) -> bool {
        self.recipients
            .iter()
            .chain(self.transfers.iter().map(|t| &t.recipient))
            .chain(self.dpdp.iter().flat_map(|d| &d.processors))
            .any(|recipient| same_party(recipient, party))
    }

    /// The transfers of this activity to `party`.
    pub fn transfers_to<'a>(&'a self, party: &'a str) -> impl Iterator<Item = &'a Transfer> {
        self.transfers
            .iter()
            .filter(move |t| same_party(&t.recipient, party))
    }
}

/// Whether two ways of writing a party name the same one: records add what the recipient does
/// ("Odoo S.A. (CRM)") and pages shorten names ("OpenRouter" for "OpenRouter Inc."), so the
/// comparison drops parentheses, case and punctuation and accepts one name leading the other.
pub fn same_party(a: &str, b: &str) -> bool {
    fn key(name: &str) -> String {
        let base = name.split('(').next().unwrap_or(name);
        base.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
    let (a, b) = (key(a), key(b));
    let leads = |long: &str, short: &str| long == short || long.starts_with(&format!("{short} "));
    !a.is_empty() && !b.is_empty() && (leads(&a, &b) || leads(&b, &a))
}

#[cfg(test)]
mod tests {
    use super::{is_eea, same_party};

    #[test]
    fn parties_match_across_the_ways_records_and_pages_write_them() {
        assert!(same_party("Odoo S.A. (CRM)", "Odoo S.A."));
        assert!(same_party("OpenRouter", "OpenRouter Inc."));
        assert!(same_party("Cloudflare, Inc.", "cloudflare inc"));
        assert!(same_party("Anthropic (Claude)", "Anthropic"));
        assert!(!same_party("Google (Gemini)", "Anthropic"));
        assert!(!same_party("Resend", "Resendit"));
        assert!(!same_party("Microsoft Azure", "Microsoft 365"));
        assert!(!same_party("", "Scaleway"));
    }

    #[test]
    fn eea_membership_by_name_or_code() {
        assert!(is_eea("France"));
        assert!(is_eea("fr"));
        assert!(is_eea("Norway"));
        assert!(is_eea("EU"));
        assert!(!is_eea("United States"));
        assert!(!is_eea("India"));
        assert!(!is_eea("United Kingdom"));
    }
}
