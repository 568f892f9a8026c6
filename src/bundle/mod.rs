//! Signed evidence bundles: what an auditor receives, and can check years later without
//! trusting this program.
//!
//! A bundle is a directory (or one pax tar of it) holding `manifest.json` (canonical JSON listing
//! every file with its size and SHA-256), `signatures/<keyid>.sig` (Ed25519 over the DSSE
//! pre-authentication encoding of the manifest's bytes) and `files/`. The format is specified in
//! `docs/bundle-format.md`; this module is its reference implementation.
//!
//! Layout, one concern per module:
//! - [`code`]: the stable failure codes and the [`Failure`] type (exit 1 or 2);
//! - [`canonical`], [`manifest`], [`paths`]: the manifest's byte form, schema and path rules;
//! - [`keys`], [`keypolicy`]: keys, key ids, signatures, and the auditor's trust policy;
//! - [`tar`]: the strict tar reader and deterministic writer;
//! - [`hash`], [`pipeline`]: a member's SHA-256 (over [`crate::hash`]), and hashing a tar's
//!   members on every core;
//! - [`open`]: opening untrusted files without following links, and creating new ones;
//! - [`create`], [`sign`], [`verify`], [`inspect`], [`extract`]: the operations;
//! - [`report`]: what the commands print (JSON reports) and the time values they take.

pub mod canonical;
pub mod code;
pub mod create;
pub mod extract;
pub mod hash;
pub mod hex;
pub mod inspect;
pub mod keypolicy;
pub mod keys;
pub mod manifest;
pub mod open;
pub mod paths;
pub mod pipeline;
pub mod report;
pub mod sign;
pub mod tar;
pub mod verify;
pub mod workspace;

pub use code::{Class, Code, Failure};
pub use create::{BundleInput, CreateOptions, Created, InputFile, create};
pub use extract::extract;
pub use inspect::{Inspection, inspect};
pub use keypolicy::{KeyStatus, TrustPolicy, TrustedKey};
pub use keys::{PrivateKey, PublicKey};
pub use manifest::{AuditPeriod, CheckSummary, FileEntry, Manifest, ParsedManifest};
pub use sign::{Signed, sign};
pub use verify::{Form, Verified, VerifyOptions, verify};
pub use workspace::bundle_input_from_workspace;
