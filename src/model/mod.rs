//! The workspace's data model: what a compliance team keeps in git.
//!
//! - [`config`]: `evidence.toml` — organisation, scope, evidence and review defaults, rule severities.
//! - [`control`]: `controls/*.yaml` — controls, owners, status, shared responsibility, mappings to
//!   framework requirements, evidence sources, reviews.
//! - [`scope`]: `scope/*.yaml` — per-framework applicability decisions with justifications.
//!
//! Types here mirror the files one to one and keep the position of every value that a finding
//! may point at. Cross-file consistency is checked in [`crate::check`], not here.

pub mod config;
pub mod control;
pub mod duration;
pub mod scope;

pub use config::Config;
pub use control::{Control, ControlFile, ControlStatus, EvidenceSource};
pub use duration::Period;
pub use scope::{Decision, ScopeFile};
