//! The auditor's trust policy: which keys may vouch for a bundle, and how many must.
//!
//! It is the auditor's, never the bundle's: it comes from `--key` arguments or from a
//! trusted-keys TOML file the auditor keeps:
//!
//! ```toml
//! threshold = 2                       # distinct trusted keys that must sign (default 1)
//!
//! [[keys]]
//! owner = "Asha Rao <asha@example.com>"
//! public_key = "keys/asha.pub"        # SPKI PEM file, relative to this file; or
//! # pem = """-----BEGIN PUBLIC KEY----- ..."""
//! keyid = "3f2a…"                     # optional: must match the key
//! status = "active"                   # active | retired | revoked (default active)
//! not_before = "2026-01-01T00:00:00Z" # optional: bundles created before do not count
//! not_after = "2027-01-01T00:00:00Z"  # optional: bundles created after do not count
//! ```
//!
//! A key counts toward the threshold when its signature verifies, it is not revoked, and the
//! bundle's `created_at` lies within its window. A retired key must have `not_after` (when it
//! was retired): it still vouches for bundles made before then. A revoked key vouches for
//! nothing, whatever its window; its signatures are neither checked nor counted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::code::{Code, Failure, Result};
use super::keys::PublicKey;
use super::manifest::parse_timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Active,
    Retired,
    Revoked,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "active",
            KeyStatus::Retired => "retired",
            KeyStatus::Revoked => "revoked",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: PublicKey,
    pub owner: Option<String>,
    pub status: KeyStatus,
    pub not_before: Option<jiff::Timestamp>,
    pub not_after: Option<jiff::Timestamp>,
}

impl TrustedKey {
    pub fn active(key: PublicKey) -> Self {
        Self {
            key,
            owner: None,
            status: KeyStatus::Active,
            not_before: None,
            not_after: None,
        }
    }

    /// Whether this key vouches for a bundle created at `created_at` (signature aside).
    pub fn vouches_at(&self, created_at: jiff::Timestamp) -> Result<(), String> {
        if self.status == KeyStatus::Revoked {
            return Err("the key is revoked".into());
        }
        if let Some(nb) = self.not_before
            && created_at < nb
        {
            return Err(format!(
                "the bundle was created before the key's not_before ({nb})"
            ));
        }
        if let Some(na) = self.not_after
            && created_at > na
        {
            return Err(format!(
                "the bundle was created after the key's not_after ({na})"
            ));
        }
        Ok(())
    }
}

/// Trusted keys by key id, and the threshold.
#[derive(Debug, Clone)]
pub struct TrustPolicy {
    pub keys: BTreeMap<String, TrustedKey>,
    pub threshold: usize,
}

impl TrustPolicy {
    /// A policy from a list of keys (duplicates collapse into one) and a threshold.
    pub fn new(keys: Vec<TrustedKey>, threshold: Option<usize>) -> Result<Self> {
        let mut map = BTreeMap::new();
        for k in keys {
            map.insert(k.key.keyid.clone(), k);
        }
        let policy = Self {
            keys: map,
            threshold: threshold.unwrap_or(1),
        };
        policy.validate()?;
        Ok(policy)
    }

    fn validate(&self) -> Result<()> {
        if self.threshold == 0 {
            return Err(Failure::new(
                Code::Usage,
                "the threshold must be at least 1",
            ));
        }
        let usable = self
            .keys
            .values()
            .filter(|k| k.status != KeyStatus::Revoked)
            .count();
        if self.threshold > usable {
            return Err(Failure::new(
                Code::Usage,
                format!(
                    "the threshold is {} but only {usable} trusted key(s) are not revoked: no \
                     bundle could ever verify",
                    self.threshold
                ),
            ));
        }
        Ok(())
    }

    /// Replace the threshold (from `--threshold`).
    pub fn with_threshold(mut self, threshold: usize) -> Result<Self> {
        self.threshold = threshold;
        self.validate()?;
        Ok(self)
    }

    /// The policy an auditor gives on the command line: a trusted-keys file, or else public key
    /// files trusted as active; `threshold` overrides the file's (or the default 1).
    pub fn from_files(
        trusted_keys: Option<&Path>,
        keys: &[PathBuf],
        threshold: Option<usize>,
    ) -> Result<Self> {
        match trusted_keys {
            Some(file) => {
                let policy = Self::load(file)?;
                match threshold {
                    Some(t) => policy.with_threshold(t),
                    None => Ok(policy),
                }
            }
            None => {
                let keys = keys
                    .iter()
                    .map(|p| PublicKey::load(p).map(TrustedKey::active))
                    .collect::<Result<Vec<_>>>()?;
                Self::new(keys, threshold)
            }
        }
    }

    /// Read a trusted-keys file.
    pub fn load(path: &Path) -> Result<Self> {
        let invalid =
            |m: String| Failure::about(Code::TrustedKeysInvalid, path.display().to_string(), m);
        let meta = std::fs::metadata(path).map_err(|e| invalid(e.to_string()))?;
        if meta.len() > 1024 * 1024 {
            return Err(invalid("larger than 1 MiB".into()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| invalid(e.to_string()))?;
        let file: File = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut keys = Vec::new();
        for (i, k) in file.keys.into_iter().enumerate() {
            let which = match &k.owner {
                Some(o) => format!("keys[{i}] ({o})"),
                None => format!("keys[{i}]"),
            };
            let key = match (&k.public_key, &k.pem) {
                (Some(p), None) => {
                    let p = base.join(p);
                    PublicKey::load(&p).map_err(|e| remap(e, path, &which))?
                }
                (None, Some(pem)) => {
                    PublicKey::from_pem(pem).map_err(|e| remap(e, path, &which))?
                }
                _ => {
                    return Err(invalid(format!(
                        "{which}: give exactly one of public_key (a file) or pem"
                    )));
                }
            };
            if let Some(id) = &k.keyid
                && *id != key.keyid
            {
                return Err(invalid(format!(
                    "{which}: keyid {id} does not match the key (its id is {})",
                    key.keyid
                )));
            }
            let time = |s: &Option<String>, field: &str| -> Result<Option<jiff::Timestamp>> {
                s.as_deref()
                    .map(parse_timestamp)
                    .transpose()
                    .map_err(|e| invalid(format!("{which}: {field}: {e}")))
            };
            let not_before = time(&k.not_before, "not_before")?;
            let not_after = time(&k.not_after, "not_after")?;
            let status = k.status.unwrap_or(KeyStatus::Active);
            if status == KeyStatus::Retired && not_after.is_none() {
                return Err(invalid(format!(
                    "{which}: a retired key needs not_after (when it was retired)"
                )));
            }
            keys.push(TrustedKey {
                key,
                owner: k.owner,
                status,
                not_before,
                not_after,
            });
        }
        if keys.is_empty() {
            return Err(invalid("no keys".into()));
        }
        Self::new(keys, file.threshold).map_err(|mut e| {
            e.code = Code::TrustedKeysInvalid;
            e.subject = Some(path.display().to_string());
            e
        })
    }
}

/// Keep a key error's code (a weak key stays `weak-public-key`) but say where it came from.
fn remap(mut e: Failure, file: &Path, which: &str) -> Failure {
    e.message = format!("{which}: {}", e.message);
    e.subject = Some(file.display().to_string());
    if e.code == Code::KeyInvalid {
        e.code = Code::TrustedKeysInvalid;
    }
    e
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    threshold: Option<usize>,
    #[serde(default)]
    keys: Vec<KeyEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    owner: Option<String>,
    public_key: Option<String>,
    pem: Option<String>,
    keyid: Option<String>,
    status: Option<KeyStatus>,
    not_before: Option<String>,
    not_after: Option<String>,
}
