//! `trust/*.yaml`: what the public trust page says beyond the control matrix.
//!
//! Every section is optional and may live in any file of `trust/`; a section that holds one
//! thing (`profile`, `subprocessors`, `data_protection`, `incident_response`, `disclosure`) may
//! appear in only one file, while lists (`frameworks`, `roadmap`, `commitments`, `documents`,
//! `contacts`) are joined in file order.
//!
//! ```yaml
//! profile:
//!   headline: Security and trust at Clustral AI Labs
//!   overview: We build and run AI systems for enterprises in regulated industries.
//!   last_updated: 2026-11-01
//!   url: https://clustralai.com/trust
//!   disclaimer: This page is not a contract.
//! frameworks:                      # frameworks aligned to; `catalog` links a built-in catalog
//!   - name: ISO/IEC 42001:2023
//!     description: AI management system standard
//!     catalog: iso42001
//!   - name: SOC 2
//!     group: Assurance
//! roadmap:                         # certifications and their trajectory
//!   - item: SOC 2 Type II
//!     status: planned              # achieved | implemented | in-progress | planned | tracking
//!                                  # | available | not-pursued | not-applicable
//!     label: Planned               # optional: the wording shown instead of the status
//!     target: 2027-Q1              # a day, a quarter (2027-Q1), a half (2027-H2) or a year
//!     target_label: "Report: Q1 2027"  # optional: the wording shown for the target
//!   - item: GDPR — Article 28 processor obligations
//!     status: implemented
//!     catalog: gdpr                # a claim: `check` reports it while the assessment disagrees
//! subprocessors:
//!   change_notice_days: 30
//!   notice_to: active customers
//!   entries:
//!     - name: Microsoft Azure
//!       purpose: Hosting, storage and compute
//!       region: Central India · global
//!       transfer_mechanism: Microsoft DPA + EU SCCs   # optional, as is region
//! data_protection:
//!   roles:
//!     - role: processor            # controller | processor | data-fiduciary | data-processor
//!       context: Personal data processed for a customer engagement
//!   dpa: { availability: on-request, statement: Pre-signed DPA (Art. 28 GDPR) }
//!   residency: EU (Scaleway, Paris region)
//!   transfers: EU SCCs (2021/914) and the UK IDTA
//!   retention:
//!     - { data: Security logs, period: 12 months }
//!   training:                      # what customer data may be used to train
//!     customer_data: not-without-consent   # never | not-without-consent
//!     statement: Client data is never used to train models for any other party.
//!     exceptions: [Models trained for the client itself, at its request]
//!   rights_requests: { channel: privacy@clustralai.com, within: the statutory timeframe }
//! commitments:                     # each names the controls that back it
//!   - area: ai-governance          # data-protection | ai-governance | security | incident-response
//!                                  # | data-boundary | audit | business-continuity | other
//!     title: No training on client data
//!     statement: Client data is never used to train models for any other party.
//!     controls: [AI-01]
//! incident_response:
//!   summary: Documented playbook and a named on-call engineer.
//!   notifications:
//!     - { to: Affected customers, within_hours: 72, basis: GDPR Art. 33 }
//!     - { to: Data Protection Board of India, timing: without delay, basis: DPDP Sec. 8(6) }
//!   steps: [Investigate and contain the breach]
//! disclosure:
//!   contact: security@clustralai.com
//!   acknowledge_within_hours: 48
//!   remediation: Critical issues fixed or mitigated within 7 days
//!   rules: [Do not access, modify or destroy data]
//!   expires: 2027-06-30            # security.txt Expires (default: a year after generation)
//! documents:
//!   - { title: Penetration test summary, path: security/pentest-2026.pdf, confidential: true }
//! contacts:
//!   - { purpose: Security, email: security@clustralai.com }
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod data_protection;

pub use data_protection::{
    DataProtection, Dpa, DpaAvailability, PrivacyRole, RetentionDefault, RightsRequests,
    RoleStatement, TrainingCommitment, TrainingUse,
};

use super::Deadline;
use crate::source::Spanned;

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    /// What the public page shows of each section.
    #[serde(default)]
    pub page: Option<Spanned<PageSettings>>,
    #[serde(default)]
    pub profile: Option<Spanned<Profile>>,
    #[serde(default)]
    pub frameworks: Vec<AlignedFramework>,
    #[serde(default)]
    pub roadmap: Vec<RoadmapItem>,
    #[serde(default)]
    pub subprocessors: Option<Spanned<Subprocessors>>,
    #[serde(default)]
    pub data_protection: Option<Spanned<DataProtection>>,
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    #[serde(default)]
    pub incident_response: Option<Spanned<IncidentResponse>>,
    #[serde(default)]
    pub disclosure: Option<Spanned<Disclosure>>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Dated changes customers are told about (sub-processors, certifications): the Atom feed.
    #[serde(default)]
    pub changelog: Vec<ChangeEntry>,
}

/// One dated change to what the trust page promises, published in its Atom feed.
///
/// ```yaml
/// changelog:
///   - date: 2026-10-15
///     kind: subprocessor-added
///     title: Odoo S.A. added as a sub-processor (CRM)
///     summary: Notified to active customers 30 days ahead, on 2026-09-15.
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    pub date: Date,
    pub kind: ChangeKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    SubprocessorAdded,
    SubprocessorRemoved,
    SubprocessorChanged,
    Certification,
    Policy,
    Other,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::SubprocessorAdded => "Sub-processor added",
            Self::SubprocessorRemoved => "Sub-processor removed",
            Self::SubprocessorChanged => "Sub-processor changed",
            Self::Certification => "Certification",
            Self::Policy => "Policy",
            Self::Other => "Change",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The page title (default: "Trust and security at ORGANISATION").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// The opening paragraphs (blank lines separate paragraphs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// Shown as "last updated" (default: the generation date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// Where the page is published; security.txt's Canonical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A closing note (e.g. "not a contract; binding terms are in the MSA").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclaimer: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlignedFramework {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A heading to group frameworks under ("Privacy laws", "Sector overlays").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// A catalog id (built-in or the workspace's own) this framework is assessed against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoadmapItem {
    pub item: String,
    pub status: RoadmapStatus,
    /// The wording shown for the status (default: derived from `status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When the next step is due: a day (2027-03-31), a quarter (2027-Q1), a half (2027-H2) or a
    /// year (2027). `evidence check` reports a target that passes before the item is achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Spanned<Deadline>>,
    /// What the page says about the target ("Report: Q1 2027", "Within 30 days of
    /// notification"); default: the target itself. Wording without a date goes here alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_label: Option<String>,
    /// A catalog this item claims to meet when it is `achieved` or `implemented` ("GDPR
    /// compliant"): `evidence check` reports the claim when the assessment contradicts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoadmapStatus {
    /// Certified, registered or attested by a third party.
    Achieved,
    /// In place, self-attested.
    Implemented,
    InProgress,
    Planned,
    /// Waiting on an external event (a law's notification, a regulator's scheme).
    Tracking,
    /// Available to customers on request.
    Available,
    NotPursued,
    NotApplicable,
}

impl RoadmapStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Achieved => "Achieved",
            Self::Implemented => "Implemented",
            Self::InProgress => "In progress",
            Self::Planned => "Planned",
            Self::Tracking => "Tracking",
            Self::Available => "Available on request",
            Self::NotPursued => "Not pursued",
            Self::NotApplicable => "Not applicable",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subprocessors {
    /// How many days before a material change customers are told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_notice_days: Option<u32>,
    /// Who is told ("active customers").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_to: Option<String>,
    /// A statement shown above the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    #[serde(default)]
    pub entries: Vec<Spanned<Subprocessor>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subprocessor {
    pub name: String,
    pub purpose: String,
    /// Where it processes the data; left out when the organisation does not state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// How a transfer out of the data's home jurisdiction is safeguarded ("EU SCCs", "none:
    /// in-country"); left out when the organisation does not state it, and then shown as not
    /// stated rather than guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_mechanism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub area: CommitmentArea,
    pub title: String,
    pub statement: String,
    /// The controls that back the commitment (IDs from controls/).
    #[serde(default)]
    pub controls: Vec<Spanned<String>>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CommitmentArea {
    DataBoundary,
    DataProtection,
    AiGovernance,
    Security,
    IncidentResponse,
    BusinessContinuity,
    Audit,
    Other,
}

impl CommitmentArea {
    pub const ALL: [Self; 8] = [
        Self::DataBoundary,
        Self::DataProtection,
        Self::AiGovernance,
        Self::Security,
        Self::IncidentResponse,
        Self::BusinessContinuity,
        Self::Audit,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::DataBoundary => "Data boundary",
            Self::DataProtection => "Data protection",
            Self::AiGovernance => "AI governance",
            Self::Security => "Security",
            Self::IncidentResponse => "Incident response",
            Self::BusinessContinuity => "Business continuity",
            Self::Audit => "Audit rights",
            Self::Other => "Other commitments",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default)]
    pub notifications: Vec<Notification>,
    /// What happens after a breach, in order.
    #[serde(default)]
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    /// Who is told ("Affected customers", "the CNIL").
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_hours: Option<u32>,
    /// When no fixed number of hours applies ("without undue delay").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<String>,
    /// The law or contract that sets the time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// An e-mail address or an https URL.
    pub contact: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge_within_hours: Option<u32>,
    /// What happens after acknowledgement ("critical issues fixed within 7 days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    /// What to send ("a description, reproduction steps, a suggested fix").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_contents: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<String>,
    /// security.txt `Expires` (default: a year after the generation date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_languages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A file under the evidence root, or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Shown as "available on request", never with its path.
    #[serde(default)]
    pub confidential: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who may see a control or a section of the trust page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// On the public page (the default).
    #[default]
    Public,
    /// Named on the page as available on request, its content left out.
    OnRequest,
    /// Never rendered on the public page.
    Internal,
}

/// `page:` in `trust/*.yaml`: the visibility of each section of the public page.
///
/// ```yaml
/// page:
///   sections:
///     shared_responsibility: on-request
///     documents: internal
/// ```
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageSettings {
    #[serde(default)]
    pub sections: std::collections::BTreeMap<PageSection, Visibility>,
}

/// The sections of the trust page whose visibility can be set.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PageSection {
    Frameworks,
    Roadmap,
    Controls,
    SharedResponsibility,
    Subprocessors,
    DataProtection,
    Commitments,
    IncidentResponse,
    Disclosure,
    Documents,
    Contacts,
}

impl PageSection {
    pub const ALL: [PageSection; 11] = [
        Self::Frameworks,
        Self::Roadmap,
        Self::Controls,
        Self::SharedResponsibility,
        Self::Subprocessors,
        Self::DataProtection,
        Self::Commitments,
        Self::IncidentResponse,
        Self::Disclosure,
        Self::Documents,
        Self::Contacts,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Frameworks => "Frameworks",
            Self::Roadmap => "Certification roadmap",
            Self::Controls => "Security controls",
            Self::SharedResponsibility => "Shared responsibility",
            Self::Subprocessors => "Sub-processors",
            Self::DataProtection => "Data protection",
            Self::Commitments => "Commitments",
            Self::IncidentResponse => "Incident response",
            Self::Disclosure => "Vulnerability disclosure",
            Self::Documents => "Documents",
            Self::Contacts => "Contacts",
        }
    }
}
