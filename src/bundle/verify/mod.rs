//! Reading and verifying a bundle, directory or tar.
//!
//! The order is fixed and documented in docs/bundle-format.md:
//! 1. read the head (manifest bytes and signature files), bounded, without interpreting the
//!    manifest;
//! 2. authenticate those exact bytes: a bad signature under a trusted key's id rejects the bundle;
//!    distinct trusted keys are counted against the threshold;
//! 3. parse: canonical form, schema, values; then count again, now with each key's validity window
//!    against the authenticated `created_at`;
//! 4. check every path, then time and the auditor's expectations;
//! 5. compare files/ with the manifest (the same set; sizes; hashes), never following a link; a
//!    tar's headers are read as one stream, and it is never extracted.
//!
//! Layout: this module holds the options, the result and the entry points; [`head`] reads and
//! checks manifest.json and signatures/ (with [`signers`] counting trusted keys); [`dir`] and
//! [`tar`] verify each form's files (with [`tar_members`] placing each member of an archive, and
//! [`by_position`] hashing members where they lie in the file); [`content`] compares a file with
//! its manifest entry.

use std::path::Path;

use ed25519_dalek::Signature;

use super::code::{Code, Failure, Result};
use super::keypolicy::TrustPolicy;
use super::manifest::ParsedManifest;
use crate::progress::Progress;

mod by_position;
mod content;
mod dir;
mod head;
mod signers;
mod tar;
mod tar_members;

pub use dir::{read_dir_head, verify_dir};
pub use head::check_head;
pub use tar::{NoObserver, TarObserver, read_tar_head, verify_tar};

/// How far in the future `created_at` may be before the bundle is refused (clock skew).
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// What the verifier is asked to do.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The keys to trust; `None` checks integrity only (what `bundle sign` does before signing).
    pub trust: Option<TrustPolicy>,
    /// The time to verify at (expiry, creation time).
    pub at: jiff::Timestamp,
    pub expect_bundle_id: Option<String>,
    pub min_sequence: Option<u64>,
}

impl VerifyOptions {
    /// Check integrity only, as of `at`: no key is trusted, nothing else expected (what
    /// `bundle sign` does before signing, and `attest bundle` before stating).
    pub fn integrity_only(at: jiff::Timestamp) -> Self {
        Self {
            trust: None,
            at,
            expect_bundle_id: None,
            min_sequence: None,
        }
    }
}

/// One signature file of a bundle and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    pub keyid: String,
    pub owner: Option<String>,
    /// `counted`, `untrusted`, `revoked`, `outside-window`, or `unchecked` (integrity-only runs).
    pub status: &'static str,
    pub note: Option<String>,
}

/// A bundle that passed verification.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: ParsedManifest,
    pub signers: Vec<Signer>,
    pub threshold: usize,
    pub files: usize,
    pub bytes: u64,
    /// The signature files as read (to carry them into an extracted copy).
    pub signature_files: Vec<SignatureFile>,
}

impl Verified {
    pub fn counted(&self) -> usize {
        self.signers
            .iter()
            .filter(|s| s.status == "counted")
            .count()
    }
}

/// A signature file as read.
#[derive(Debug, Clone)]
pub struct SignatureFile {
    pub keyid: String,
    pub bytes: Vec<u8>,
    pub signature: Signature,
}

/// manifest.json and signatures/, as read, before anything is trusted.
#[derive(Debug, Clone)]
pub struct Head {
    pub manifest: Vec<u8>,
    /// Sorted by key id.
    pub signatures: Vec<SignatureFile>,
}

/// The two forms of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Dir,
    Tar,
}

/// Which form `path` is, or why it is not a bundle at all.
pub fn form_of(path: &Path) -> Result<Form> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            crate::files::io_reason(&e),
        )
    })?;
    if meta.is_dir() {
        Ok(Form::Dir)
    } else if meta.is_file() {
        Ok(Form::Tar)
    } else {
        Err(Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            "neither a directory nor a file",
        ))
    }
}

/// Verify the bundle at `path`.
pub fn verify(path: &Path, opts: &VerifyOptions, progress: &dyn Progress) -> Result<Verified> {
    match form_of(path)? {
        Form::Dir => verify_dir(path, opts, progress, None),
        Form::Tar => verify_tar(path, opts, progress, &mut NoObserver),
    }
}
