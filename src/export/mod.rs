//! Exports of the workspace in formats other tools read.
//!
//! - [`oscal`]: NIST OSCAL 1.1.2 JSON (catalog, component-definition, system security plan,
//!   assessment results, plan of action and milestones), read by compliance-trestle, oscal-cli
//!   and GRC tools.
//!
//! Every export reads the one [`Assessment`](crate::assessment::Assessment) of the workspace as
//! of a date; none re-derives verdicts, coverage or freshness.

pub mod oscal;
