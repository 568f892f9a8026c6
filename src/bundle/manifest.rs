//! The manifest: what a bundle holds, in the one canonical byte form that signers sign.

use serde::{Deserialize, Serialize};

use super::canonical::{self, DecodeError};
use super::code::{Code, Failure, Result};
use super::hex;

/// The manifest's `_type`, and the DSSE payload type of the signed message.
pub const MANIFEST_TYPE: &str = "application/vnd.evidence.manifest.v1+json";

/// The largest manifest a verifier reads (16 MiB: about 50,000 files).
pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "_type")]
    pub type_: String,
    /// Identifies a series of bundles; a superseding bundle keeps the id of the one it replaces.
    pub bundle_id: String,
    /// Position in the series, from 1; a verifier can refuse anything below a minimum.
    pub sequence: u64,
    /// Lowercase hex SHA-256 of the previous bundle's manifest.json, or null for the first.
    pub supersedes: Option<String>,
    pub organisation: String,
    pub frameworks: Vec<String>,
    pub audit_period: Option<AuditPeriod>,
    /// RFC 3339, UTC, whole seconds: `2026-05-01T12:00:00Z`.
    pub created_at: String,
    /// As `created_at`, or null for a bundle that does not expire.
    pub expires_at: Option<String>,
    pub tool: Tool,
    pub check: CheckSummary,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPeriod {
    /// `YYYY-MM-DD`
    pub start: String,
    /// `YYYY-MM-DD`, not before `start`
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// What `evidence check` found when the bundle was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSummary {
    pub errors: u64,
    pub warnings: u64,
    /// Never written. Bundles made before issue 16 carry `"notes": 0` (no check ever counted a
    /// note) inside their signed manifest: the schema rejects unknown fields and parsing compares
    /// the canonical re-encoding with the signed bytes, so the field is read and written back
    /// exactly as found, for those bundles to keep verifying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<u64>,
}

impl CheckSummary {
    /// The summary of a check, as a new manifest records it.
    pub fn new(errors: u64, warnings: u64) -> Self {
        Self {
            errors,
            warnings,
            notes: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative to `files/`, `/`-separated, NFC.
    pub path: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Control ids the file is evidence for (empty for the workspace's own files).
    pub controls: Vec<String>,
    /// `YYYY-MM-DD`, when the evidence was collected, if known.
    pub collected_at: Option<String>,
    pub description: Option<String>,
}

/// A manifest with the exact bytes it was read from.
#[derive(Debug, Clone)]
pub struct ParsedManifest {
    pub manifest: Manifest,
    pub bytes: Vec<u8>,
    pub created_at: jiff::Timestamp,
    pub expires_at: Option<jiff::Timestamp>,
}

impl ParsedManifest {
    /// Lowercase hex SHA-256 of manifest.json: what a superseding bundle names.
    pub fn digest(&self) -> String {
        crate::hash::sha256_hex(&self.bytes)
    }
}

impl Manifest {
    /// The canonical bytes of this manifest. Fails only on values canonical JSON cannot hold
    /// (control characters, integers beyond 2^53 − 1).
    pub fn to_canonical_bytes(&self) -> Result<Vec<u8>> {
        let value = serde_json::to_value(self)
            .map_err(|e| Failure::new(Code::InputInvalid, format!("manifest: {e}")))?;
        canonical::encode(&value)
            .map_err(|e| Failure::about(Code::InputInvalid, "manifest.json", e.0))
    }
}

/// Parse manifest bytes that have already been authenticated: canonical form, then schema, then
/// the form of each value. Paths are checked separately ([`super::paths::check_manifest_paths`]).
pub fn parse(bytes: Vec<u8>) -> Result<ParsedManifest> {
    let value = canonical::decode(&bytes).map_err(|e| match e {
        DecodeError::Parse(m) => Failure::about(Code::ManifestInvalid, "manifest.json", m),
        DecodeError::NotCanonical(m) => {
            Failure::about(Code::ManifestNotCanonical, "manifest.json", m)
        }
    })?;
    let manifest: Manifest = serde_json::from_value(value).map_err(|e| {
        let m = e.to_string();
        let code = if m.contains("unknown field") {
            Code::ManifestUnknownField
        } else {
            Code::ManifestInvalid
        };
        Failure::about(code, "manifest.json", m)
    })?;
    // The typed manifest, written again, must give back the exact bytes: a nullable field
    // left out (which serde would read as null) or anything the schema does not carry is
    // refused, so that what was signed is exactly what is interpreted.
    let again = manifest
        .to_canonical_bytes()
        .map_err(|e| Failure::about(Code::ManifestInvalid, "manifest.json", e.message))?;
    if again != bytes {
        let missing = missing_nullable_field(&bytes);
        return Err(Failure::about(
            Code::ManifestInvalid,
            "manifest.json",
            match missing {
                Some(f) => format!("the field {f:?} is missing (write null for no value)"),
                None => "the manifest differs from the canonical encoding of its fields".into(),
            },
        ));
    }
    let (created_at, expires_at) = validate(&manifest)?;
    Ok(ParsedManifest {
        manifest,
        bytes,
        created_at,
        expires_at,
    })
}

/// The first nullable field absent from a manifest (for the message only).
fn missing_nullable_field(bytes: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    for f in ["supersedes", "audit_period", "expires_at"] {
        if v.get(f).is_none() {
            return Some(f.to_string());
        }
    }
    for (i, e) in v.get("files")?.as_array()?.iter().enumerate() {
        for f in ["collected_at", "description"] {
            if e.get(f).is_none() {
                return Some(format!("files[{i}].{f}"));
            }
        }
    }
    None
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::about(Code::ManifestInvalid, "manifest.json", message)
}

fn validate(m: &Manifest) -> Result<(jiff::Timestamp, Option<jiff::Timestamp>)> {
    if m.type_ != MANIFEST_TYPE {
        return Err(invalid(format!(
            "_type is {:?}, expected {MANIFEST_TYPE:?}",
            m.type_
        )));
    }
    if !is_valid_bundle_id(&m.bundle_id) {
        return Err(invalid(
            "bundle_id must be 1 to 128 characters of A-Z a-z 0-9 . _ -",
        ));
    }
    if m.sequence == 0 {
        return Err(invalid("sequence starts at 1"));
    }
    if let Some(s) = &m.supersedes
        && !hex::is_sha256(s)
    {
        return Err(invalid(
            "supersedes must be 64 lowercase hex digits or null",
        ));
    }
    let created_at =
        parse_timestamp(&m.created_at).map_err(|e| invalid(format!("created_at: {e}")))?;
    let expires_at = match &m.expires_at {
        None => None,
        Some(s) => Some(parse_timestamp(s).map_err(|e| invalid(format!("expires_at: {e}")))?),
    };
    if let Some(exp) = expires_at
        && exp <= created_at
    {
        return Err(invalid("expires_at must be after created_at"));
    }
    if let Some(p) = &m.audit_period {
        let start =
            parse_date(&p.start).map_err(|e| invalid(format!("audit_period.start: {e}")))?;
        let end = parse_date(&p.end).map_err(|e| invalid(format!("audit_period.end: {e}")))?;
        if end < start {
            return Err(invalid("audit_period ends before it starts"));
        }
    }
    for f in &m.files {
        if !hex::is_sha256(&f.sha256) {
            return Err(Failure::about(
                Code::ManifestInvalid,
                f.path.clone(),
                "sha256 must be 64 lowercase hex digits",
            ));
        }
        if let Some(d) = &f.collected_at {
            parse_date(d).map_err(|e| {
                Failure::about(
                    Code::ManifestInvalid,
                    f.path.clone(),
                    format!("collected_at: {e}"),
                )
            })?;
        }
    }
    Ok((created_at, expires_at))
}

/// A bundle id: 1 to 128 characters of `A-Z a-z 0-9 . _ -`.
pub fn is_valid_bundle_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Parse a timestamp written as the format requires: RFC 3339 in UTC with whole seconds.
pub fn parse_timestamp(s: &str) -> std::result::Result<jiff::Timestamp, String> {
    let ts: jiff::Timestamp = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    if format_timestamp(ts) != s {
        return Err(format!(
            "{s:?} is not written as YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds)"
        ));
    }
    Ok(ts)
}

/// The format's way of writing a timestamp (whole seconds, UTC, `Z`).
pub fn format_timestamp(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn parse_date(s: &str) -> std::result::Result<jiff::civil::Date, String> {
    let d: jiff::civil::Date = s.parse().map_err(|e: jiff::Error| e.to_string())?;
    if d.to_string() != s {
        return Err(format!("{s:?} is not written as YYYY-MM-DD"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_must_be_utc_whole_seconds() {
        assert!(parse_timestamp("2026-05-01T12:00:00Z").is_ok());
        assert!(parse_timestamp("2026-05-01T12:00:00.5Z").is_err());
        assert!(parse_timestamp("2026-05-01T13:00:00+01:00").is_err());
        assert!(parse_timestamp("2026-05-01").is_err());
        assert!(parse_date("2026-05-01").is_ok());
        assert!(parse_date("2026-5-1").is_err());
    }
}
