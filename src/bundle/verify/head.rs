//! The head of a bundle (manifest.json and signatures/), either form: reading signature files
//! as the format requires, with bounds, and checking the head before any file is read.

use std::io::Read;

use super::{CLOCK_SKEW_SECONDS, Head, SignatureFile, Signer, VerifyOptions, signers};
use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::keys::{MAX_SIGNATURE_FILE_BYTES, decode_signature_file, keyid_from_file_name};
use crate::bundle::manifest::{self, MAX_MANIFEST_BYTES, ParsedManifest};
use crate::bundle::paths;

/// Authenticate, parse and check the head; everything but the files.
pub fn check_head(
    head: &Head,
    opts: &VerifyOptions,
) -> Result<(ParsedManifest, Vec<Signer>, usize)> {
    // 1. Authenticate the raw bytes.
    let trust = opts.trust.as_ref();
    let mut count = signers::authenticate(head, trust)?;

    // 2. Parse.
    let parsed = manifest::parse(head.manifest.clone())?;

    // 3. Count again with validity windows.
    count.recount_at(trust, parsed.created_at)?;

    // 4. Paths, time, expectations.
    let m = &parsed.manifest;
    paths::check_manifest_paths(m.files.iter().map(|f| f.path.as_str()))?;
    if parsed.created_at > opts.at + jiff::SignedDuration::from_secs(CLOCK_SKEW_SECONDS) {
        return Err(Failure::about(
            Code::CreatedInFuture,
            "manifest.json",
            format!(
                "created_at {} is after the verification time {}",
                m.created_at,
                manifest::format_timestamp(opts.at)
            ),
        ));
    }
    if let Some(exp) = parsed.expires_at
        && exp <= opts.at
    {
        return Err(Failure::about(
            Code::Expired,
            "manifest.json",
            format!(
                "expired at {} (verification time {}); use --at to verify as of an earlier time",
                manifest::format_timestamp(exp),
                manifest::format_timestamp(opts.at)
            ),
        ));
    }
    if let Some(id) = &opts.expect_bundle_id
        && *id != m.bundle_id
    {
        return Err(Failure::about(
            Code::WrongBundleId,
            "manifest.json",
            format!("bundle_id is {:?}, expected {id:?}", m.bundle_id),
        ));
    }
    if let Some(min) = opts.min_sequence
        && m.sequence < min
    {
        return Err(Failure::about(
            Code::SequenceTooLow,
            "manifest.json",
            format!(
                "sequence {} is below the minimum {min}: an older bundle (rollback)",
                m.sequence
            ),
        ));
    }
    Ok((parsed, count.signers, count.threshold))
}

/// Parse one signature file (name and content) as the format requires.
pub(super) fn signature_file(name: &str, bytes: Vec<u8>) -> Result<SignatureFile> {
    let subject = format!("signatures/{name}");
    let keyid = keyid_from_file_name(name).ok_or_else(|| {
        Failure::about(
            Code::SignatureNameInvalid,
            subject.clone(),
            "a signature file must be named <64 lowercase hex digits>.sig",
        )
    })?;
    let signature = decode_signature_file(&bytes)
        .map_err(|m| Failure::about(Code::SignatureMalformed, subject, m))?;
    Ok(SignatureFile {
        keyid: keyid.to_string(),
        bytes,
        signature,
    })
}

pub(super) fn too_large_signature(name: &str) -> Failure {
    Failure::about(
        Code::SignatureTooLarge,
        format!("signatures/{name}"),
        format!("larger than {MAX_SIGNATURE_FILE_BYTES} bytes"),
    )
}

pub(super) fn too_large_manifest() -> Failure {
    Failure::about(
        Code::ManifestTooLarge,
        "manifest.json",
        format!("larger than {MAX_MANIFEST_BYTES} bytes"),
    )
}

/// Read at most `limit` bytes; `None` if there are more.
pub(super) fn read_bounded(mut r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    (&mut r).take(limit + 1).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}
