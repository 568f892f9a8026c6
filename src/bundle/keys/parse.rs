//! Reading keys: PKCS#8 and SubjectPublicKeyInfo PEM, from text or from a bounded key file.

use std::io::Read;
use std::path::Path;

use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use super::{PrivateKey, PublicKey};
use crate::bundle::code::{Code, Failure, Result};

/// Largest key file read (a PEM Ed25519 key is about 120 bytes).
const MAX_KEY_FILE_BYTES: u64 = 16 * 1024;

impl PublicKey {
    pub fn from_pem(pem: &str) -> Result<Self> {
        let key = VerifyingKey::from_public_key_pem(pem.trim()).map_err(|e| {
            Failure::new(
                Code::KeyInvalid,
                format!("not an Ed25519 public key in SPKI PEM (BEGIN PUBLIC KEY): {e}"),
            )
        })?;
        Self::from_bytes(key.as_bytes())
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = read_key_file(path)?;
        Self::from_pem(&text).map_err(|e| with_subject(e, path))
    }
}

impl PrivateKey {
    pub fn from_pem(pem: &str) -> Result<Self> {
        let key = SigningKey::from_pkcs8_pem(pem.trim()).map_err(|e| {
            Failure::new(
                Code::KeyInvalid,
                format!("not an Ed25519 private key in PKCS#8 PEM (BEGIN PRIVATE KEY): {e}"),
            )
        })?;
        Self::from_seed(key.as_bytes())
    }

    pub fn load(path: &Path) -> Result<Self> {
        let text = Zeroizing::new(read_key_file(path)?);
        Self::from_pem(&text).map_err(|e| with_subject(e, path))
    }
}

fn with_subject(mut f: Failure, path: &Path) -> Failure {
    f.subject = Some(path.display().to_string());
    f
}

fn read_key_file(path: &Path) -> Result<String> {
    use crate::files::io_reason;
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::about(Code::KeyInvalid, path.display().to_string(), io_reason(&e)))?;
    let mut text = String::new();
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| Failure::about(Code::KeyInvalid, path.display().to_string(), io_reason(&e)))?;
    if text.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(Failure::about(
            Code::KeyInvalid,
            path.display().to_string(),
            "too large to be a key file",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_pem_is_pkcs8_v1_and_round_trips() {
        let k = PrivateKey::from_seed(&[7u8; 32]).unwrap();
        let pem = k.to_pkcs8_v1_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"));
        let again = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(again.keyid(), k.keyid());
        let public = PublicKey::from_pem(&k.public().to_pem()).unwrap();
        assert_eq!(public, *k.public());
    }
}
