//! The workspace's data model: what a compliance team keeps in git.
//!
//! - [`config`]: `evidence.toml` — organisation, scope, evidence and review defaults, rule severities.
//! - [`control`]: `controls/*.yaml` — controls, owners, status, shared responsibility, mappings to
//!   framework requirements, evidence sources, reviews.
//! - [`scope`]: `scope/*.yaml` — per-framework applicability decisions with justifications.
//! - [`trustpage`]: `trust/*.yaml` — what the public trust page says beyond the matrix (not the
//!   bundle key policy, [`crate::bundle::trust`]).
//! - [`processing`]: `processing/*.yaml` — processing activities (GDPR Art. 30, DPDP).
//! - [`risk`]: `risks/*.yaml` — the risk register (ratings, treatment, controls, acceptances).
//! - [`system`]: `systems/*.yaml` — the AI-system register (EU AI Act class, role, oversight).
//!
//! Types here mirror the files one to one and keep the position of every value that a finding
//! may point at. Cross-file consistency is checked in [`crate::check`], not here.

pub mod cadence;
pub mod collector;
pub mod config;
pub mod control;
pub mod deadline;
pub mod duration;
pub mod processing;
pub mod risk;
pub mod scope;
pub mod system;
pub mod trustpage;

pub use cadence::{AuditPeriod, Cadence, Window};
pub use config::Config;
pub use control::{Control, ControlFile, ControlStatus, EvidenceSource};
pub use deadline::Deadline;
pub use duration::Period;
pub use processing::ProcessingFile;
pub use risk::RiskFile;
pub use scope::{Decision, ScopeFile};
pub use system::SystemFile;
pub use trustpage::TrustFile;
