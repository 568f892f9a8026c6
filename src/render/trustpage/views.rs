//! The trust pack's view model: everything the trust page says, in page order, as plain
//! serialisable data. The JSON format is [`TrustPack`] itself; the templates read it.

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::Verdict;
use crate::model::ControlStatus;
use crate::model::trustpage::{
    AlignedFramework, ChangeEntry, CommitmentArea, Contact, DataProtection, Disclosure,
    IncidentResponse, RoadmapStatus, Subprocessor,
};
use crate::render::{EvidenceView, Header};

/// Everything the trust page says, in page order. The JSON format is this structure.
#[derive(Debug, Clone, Serialize)]
pub struct TrustPack {
    /// What the public page may say about the document: never who prepared or approved it.
    pub header: PublicHeader,
    /// Sections the page names as available on request, their content left out.
    pub on_request: Vec<&'static str>,
    pub profile: ProfileView,
    pub frameworks: Vec<FrameworkGroup>,
    pub roadmap: Vec<RoadmapView>,
    pub controls_by_category: Vec<Category>,
    pub shared_responsibility: Vec<SharedRow>,
    pub subprocessors: Option<SubprocessorsView>,
    pub data_protection: Option<DataProtectionView>,
    /// Every commitment with the controls that back it.
    pub commitments: Vec<CommitmentView>,
    pub incident_response: Option<IncidentView>,
    pub disclosure: Option<DisclosureView>,
    pub documents: Vec<DocumentView>,
    pub contacts: Vec<Contact>,
    /// Dated changes, newest first (also published as the Atom feed, feed.xml).
    pub changes: Vec<ChangeView>,
    pub last_updated: Date,
    /// The generated security.txt (RFC 9116), when a disclosure contact is given.
    pub security_txt: Option<String>,
}

/// The public part of the document-control header.
#[derive(Debug, Clone, Serialize)]
pub struct PublicHeader {
    pub title: String,
    pub organisation: String,
    pub legal_name: Option<String>,
    pub website: Option<String>,
    pub generated_at: Date,
}

impl From<Header> for PublicHeader {
    fn from(h: Header) -> Self {
        Self {
            title: h.title,
            organisation: h.organisation,
            legal_name: h.legal_name,
            website: h.website,
            generated_at: h.generated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    #[serde(flatten)]
    pub change: ChangeEntry,
    pub kind_label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    pub headline: String,
    pub overview: Vec<String>,
    pub url: Option<String>,
    pub disclaimer: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkGroup {
    pub group: Option<String>,
    pub frameworks: Vec<FrameworkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkView {
    #[serde(flatten)]
    pub framework: AlignedFramework,
    /// The linked catalog's name and edition, when `catalog` names one.
    pub catalog_name: Option<String>,
    /// Whether the linked catalog is in the workspace's scope (assessed by `evidence check`).
    pub assessed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapView {
    pub item: String,
    pub status: RoadmapStatus,
    pub status_label: String,
    /// What the page says about the target: `target_label`, else the target as written.
    pub target: Option<String>,
    /// The target's last day, when it is a date.
    pub target_date: Option<Date>,
    /// The target passed and the item is not achieved (`evidence check` reports it).
    pub target_passed: bool,
    /// The catalog the item claims to meet, and whether the assessment bears it out.
    pub claim: Option<crate::assessment::Claim>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub category: String,
    pub controls: Vec<ControlView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlView {
    pub id: String,
    pub title: String,
    /// What the page says: the public statement, else the description; `None` on request.
    pub statement: Option<String>,
    /// The full description, behind a "details" toggle, when a public statement leads.
    pub details: Option<String>,
    /// Listed as available on request, its text left out.
    pub on_request: bool,
    /// What the control file declares.
    pub status: ControlStatus,
    /// What the assessment concludes; the page shows this, never the bare declaration.
    pub verdict: Verdict,
    /// "Verified 2026-10-01", "Declared, evidence pending", "Planned", …
    pub status_label: String,
    pub target: Option<Date>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedRow {
    pub control: String,
    pub title: String,
    /// provider | customer | shared
    pub owner: crate::model::control::ResponsibilityOwner,
    pub provider: Option<String>,
    pub customer: Option<String>,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataProtectionView {
    #[serde(flatten)]
    pub data_protection: DataProtection,
    pub role_labels: Vec<String>,
    pub dpa_label: Option<&'static str>,
    /// The training commitment as the page words it: the workspace's statement, else the
    /// neutral sentence of its `customer_data`.
    pub training_sentence: Option<String>,
}

/// The sub-processor list, each entry with what the records of processing say about it.
#[derive(Debug, Clone, Serialize)]
pub struct SubprocessorsView {
    pub change_notice_days: Option<u32>,
    pub notice_to: Option<String>,
    pub statement: Option<String>,
    pub entries: Vec<SubprocessorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubprocessorView {
    #[serde(flatten)]
    pub subprocessor: Subprocessor,
    /// Its role, from the processing activities that disclose data to it: a sub-processor of
    /// customer data (we are processor) and/or a processor of our own data (we are controller).
    /// `None` when no activity names it (`check` reports `subprocessor-not-in-records`).
    pub role: Option<&'static str>,
    /// Transfers to it the records hold without a Chapter V safeguard (countries), so the page
    /// never lets the mechanism column read as a safeguard the records do not have.
    pub unsafeguarded_transfers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    pub area: CommitmentArea,
    pub area_label: &'static str,
    pub title: String,
    pub statement: String,
    pub controls: Vec<ControlRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    pub id: String,
    /// `None` when the control is unknown (`evidence check` reports it).
    pub title: Option<String>,
    pub status: Option<ControlStatus>,
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    #[serde(flatten)]
    pub incident: IncidentResponse,
    /// "within 72 hours" / "without undue delay", one per notification, in order.
    pub timings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisclosureView {
    #[serde(flatten)]
    pub disclosure: Disclosure,
    /// The contact as a URI (`mailto:` added to an e-mail address).
    pub contact_uri: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    pub description: Option<String>,
    /// public | on-request
    pub availability: &'static str,
    /// Never set for a confidential document.
    pub path: Option<String>,
}
