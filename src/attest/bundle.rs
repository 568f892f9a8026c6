//! A bundle's manifest as an in-toto Statement, so tools that consume in-toto can check it.
//!
//! # bundle-manifest-v1
//!
//! Predicate type [`BUNDLE_MANIFEST_TYPE`](super::BUNDLE_MANIFEST_TYPE). The subjects are the
//! manifest's files: each name is the file's path in the manifest (relative to the bundle's
//! `files/`, which mirrors the workspace), each digest its `sha256`. The predicate is
//! `{"manifestDigest": {"sha256": HEX}, "manifest": {...}}`: the SHA-256 of `manifest.json`'s
//! exact bytes and the manifest itself (bundle id, sequence, dates, organisation, check summary,
//! and per file its size, controls and collection date).
//!
//! The bundle's integrity (layout, canonical manifest, every file's size and hash) is checked
//! before anything is stated, so a Statement is never made of a manifest its files do not match.
//! Its signatures are not judged here: that is `evidence bundle verify`'s job.

use std::path::Path;

use serde_json::json;

use super::statement::{Statement, Subject};
use super::{BUNDLE_MANIFEST_TYPE, Result, STATEMENT_TYPE};
use crate::bundle::{self, VerifyOptions};
use crate::progress::Progress;

/// The Statement of the bundle at `path`, after checking its integrity as of `at`.
pub fn bundle_statement(
    path: &Path,
    at: jiff::Timestamp,
    progress: &dyn Progress,
) -> Result<Statement> {
    let opts = VerifyOptions::integrity_only(at);
    let verified = bundle::verify(path, &opts, progress)?;
    let manifest = &verified.manifest;
    let subject = manifest
        .manifest
        .files
        .iter()
        .map(|f| Subject::sha256(f.path.clone(), f.sha256.clone()))
        .collect();
    let as_json: serde_json::Value = serde_json::from_slice(&manifest.bytes)?;
    Ok(Statement {
        type_: STATEMENT_TYPE.into(),
        subject,
        predicate_type: BUNDLE_MANIFEST_TYPE.into(),
        predicate: json!({
            "manifestDigest": {"sha256": manifest.digest()},
            "manifest": as_json,
        }),
    })
}
