//! Writing keys: PKCS#8 v1 and SubjectPublicKeyInfo PEM, and the key pair files (the secret
//! key with mode 0600; neither file ever overwritten).

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::id::spki_der;
use super::{PrivateKey, PublicKey};
use crate::bundle::code::{Code, Failure, Result};

/// DER prefix of an Ed25519 PKCS#8 v1 PrivateKeyInfo (RFC 8410); the 32-byte seed follows.
const PKCS8_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

impl PublicKey {
    /// SPKI PEM, as `openssl pkey -pubout` writes it.
    pub fn to_pem(&self) -> String {
        pem("PUBLIC KEY", &spki_der(&self.key))
    }
}

impl PrivateKey {
    /// PKCS#8 v1 PEM of the private key.
    pub fn to_pkcs8_v1_pem(&self) -> Zeroizing<String> {
        let mut der = Zeroizing::new(Vec::with_capacity(48));
        der.extend_from_slice(&PKCS8_V1_PREFIX);
        der.extend_from_slice(self.key.as_bytes());
        Zeroizing::new(pem("PRIVATE KEY", &der))
    }

    /// Write `PREFIX.key` (0600) and `PREFIX.pub`. Neither file may exist already; if the
    /// second cannot be written, the first is removed again.
    pub fn write_pair(&self, prefix: &Path) -> Result<(PathBuf, PathBuf)> {
        let key_path = with_suffix(prefix, ".key");
        let pub_path = with_suffix(prefix, ".pub");
        for p in [&key_path, &pub_path] {
            if p.symlink_metadata().is_ok() {
                return Err(Failure::about(
                    Code::OutputExists,
                    p.display().to_string(),
                    "exists already; keys are never overwritten",
                ));
            }
        }
        write_new(&key_path, self.to_pkcs8_v1_pem().as_bytes(), 0o600)?;
        if let Err(e) = write_new(&pub_path, self.public.to_pem().as_bytes(), 0o644) {
            let _ = std::fs::remove_file(&key_path);
            return Err(e);
        }
        Ok((key_path, pub_path))
    }
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    crate::output::write_new_file(path, bytes, Some(mode)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::about(
                Code::OutputExists,
                path.display().to_string(),
                "exists already; keys are never overwritten",
            )
        } else {
            Failure::io(path, &e)
        }
    })
}
