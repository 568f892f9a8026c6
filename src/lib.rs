//! `evidence`: compliance as code.
//!
//! The library behind the `evidence` command. A workspace ([`workspace`]) holds the control
//! matrix ([`model`]) that maps framework requirements ([`catalog`]) to controls, owners and
//! evidence; [`assessment`] evaluates it once as of a date (every output reads that one
//! evaluation); [`check`] turns it into findings, which [`check::format`] writes as text, JSON,
//! SARIF or JUnit; [`coverage`] reports requirement by requirement; [`render`] writes the Statement
//! of Applicability, the records of processing and the trust pack.
#![forbid(unsafe_code)]

pub mod assessment;
pub mod attest;
pub mod bundle;
pub mod catalog;
pub mod cell;
pub mod check;
pub mod collect;
pub mod coverage;
pub mod diag;
pub mod diff;
mod embedded;
pub mod error;
pub mod evidence_log;
pub mod export;
pub mod files;
pub mod hash;
pub mod ingest;
pub mod init;
pub mod model;
pub mod output;
pub mod progress;
pub mod questionnaire;
pub mod render;
pub mod schema;
pub mod source;
pub mod terminal;
pub mod workspace;
pub mod xml;
pub mod yaml;

pub use error::{Error, Result};
