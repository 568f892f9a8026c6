//! in-toto attestations: the result of `evidence check`, or a bundle's manifest, as an in-toto
//! Statement v1 inside a DSSE envelope signed with the same Ed25519 keys as bundles.
//!
//! - [`statement`]: the Statement and the test-result predicate built from a check report;
//! - [`subjects`]: the files a Statement names, with their SHA-256, read safely inside a root;
//! - [`envelope`]: the DSSE envelope, signed over the pre-authentication encoding that bundles
//!   use too (`DSSEv1 28 application/vnd.in-toto+json LEN PAYLOAD`), and its strict parser;
//! - [`verify`]: envelope shape, signatures by trusted keys, then each subject's digest;
//! - [`bundle`]: a verified bundle's manifest as a Statement.

pub mod bundle;
pub mod envelope;
pub mod statement;
pub mod subjects;
pub mod verify;

use std::path::PathBuf;

pub use envelope::Envelope;
pub use statement::{Statement, Subject, test_result_statement};
pub use verify::{Problem, Verification, verify};

/// The DSSE payload type of an in-toto Statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The `_type` of an in-toto Statement v1.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The test-result predicate (in-toto attestation framework, vetted predicate).
pub const TEST_RESULT_TYPE: &str = "https://in-toto.io/attestation/test-result/v0.1";
/// The predicate of a bundle's manifest. The project owns no domain, so the type is the address
/// of the crate's documentation of this predicate (the [`bundle`] module), versioned by fragment.
pub const BUNDLE_MANIFEST_TYPE: &str =
    "https://docs.rs/evidence-cli/latest/evidence/attest/bundle/index.html#bundle-manifest-v1";

/// Why an attestation could not be made, or a verification could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A key could not be loaded, or a bundle could not be read or is invalid.
    #[error(transparent)]
    Bundle(#[from] crate::bundle::Failure),
    /// A file the attestation should name could not be hashed.
    #[error("{name}: {message}")]
    Subject { name: String, message: String },
    #[error("cannot encode the statement as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
