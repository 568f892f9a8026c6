//! Ed25519 keys, key ids, the signed message (DSSE pre-authentication encoding) and the
//! signature file format.
//!
//! - Private keys: PKCS#8 **v1** PEM (`BEGIN PRIVATE KEY`), the form `openssl genpkey -algorithm
//!   ed25519` writes and every tool reads; written with mode 0600 and never over an existing file.
//!   (ed25519-dalek's own encoder writes v2, which openssl 3.0 refuses.)
//! - Public keys: SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
//! - Key id: lowercase hex SHA-256 of the public key's SPKI DER (44 bytes), so
//!   `openssl pkey -pubin -in k.pub -outform DER | sha256sum` gives it too.
//! - Small-order ("weak") public keys and non-canonical encodings are refused when loaded;
//!   signatures are checked with `verify_strict`.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::code::{Code, Failure, Result};
use super::hex;
use super::manifest::MANIFEST_TYPE;

/// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];
/// DER prefix of an Ed25519 PKCS#8 v1 PrivateKeyInfo (RFC 8410); the 32-byte seed follows.
const PKCS8_V1_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Largest key file read (a PEM Ed25519 key is about 120 bytes).
const MAX_KEY_FILE_BYTES: u64 = 16 * 1024;

/// The largest signature file a verifier reads before giving up on it.
pub const MAX_SIGNATURE_FILE_BYTES: u64 = 1024;
/// The most signature files a bundle may hold.
pub const MAX_SIGNATURES: usize = 64;

/// A public key with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub key: VerifyingKey,
    pub keyid: String,
}

impl PublicKey {
    /// Accept raw key bytes only if they are a canonical encoding of a point of large order.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        let key = VerifyingKey::from_bytes(bytes)
            .map_err(|_| Failure::new(Code::KeyInvalid, "not a valid Ed25519 public key"))?;
        if key.is_weak() {
            return Err(Failure::new(
                Code::WeakPublicKey,
                "the public key has small order: signatures under it prove nothing",
            ));
        }
        if key.as_bytes() != bytes {
            return Err(Failure::new(
                Code::KeyInvalid,
                "the public key is not canonically encoded",
            ));
        }
        Ok(Self {
            keyid: keyid_of(&key),
            key,
        })
    }

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

    /// SPKI PEM, as `openssl pkey -pubout` writes it.
    pub fn to_pem(&self) -> String {
        pem("PUBLIC KEY", &spki_der(&self.key))
    }

    /// Verify `signature` over the signed message for `manifest`, strictly.
    pub fn verify_manifest(&self, manifest: &[u8], signature: &Signature) -> bool {
        self.verify_dsse(MANIFEST_TYPE, manifest, signature)
    }

    /// Verify `signature` over the DSSE pre-authentication encoding of (`payload_type`,
    /// `payload`), strictly.
    pub fn verify_dsse(&self, payload_type: &str, payload: &[u8], signature: &Signature) -> bool {
        self.key
            .verify_strict(&pae_typed(payload_type, payload), signature)
            .is_ok()
    }
}

fn with_subject(mut f: Failure, path: &Path) -> Failure {
    f.subject = Some(path.display().to_string());
    f
}

/// A private key and its public half.
#[derive(Debug)]
pub struct PrivateKey {
    key: SigningKey,
    public: PublicKey,
}

impl PrivateKey {
    pub fn from_seed(seed: &[u8; 32]) -> Result<Self> {
        let key = SigningKey::from_bytes(seed);
        let public = PublicKey::from_bytes(key.verifying_key().as_bytes())?;
        Ok(Self { key, public })
    }

    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut())
            .map_err(|e| Failure::new(Code::Io, format!("the system random source failed: {e}")))?;
        Self::from_seed(&seed)
    }

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

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    pub fn keyid(&self) -> &str {
        &self.public.keyid
    }

    /// PKCS#8 v1 PEM of the private key.
    pub fn to_pkcs8_v1_pem(&self) -> Zeroizing<String> {
        let mut der = Zeroizing::new(Vec::with_capacity(48));
        der.extend_from_slice(&PKCS8_V1_PREFIX);
        der.extend_from_slice(self.key.as_bytes());
        Zeroizing::new(pem("PRIVATE KEY", &der))
    }

    /// Sign `bytes` as they are: a detached signature that `openssl pkeyutl -verify -rawin`
    /// checks (used for the published trust.json, not for bundles).
    pub fn sign_raw(&self, bytes: &[u8]) -> [u8; 64] {
        self.key.sign(bytes).to_bytes()
    }

    /// Sign the DSSE pre-authentication encoding of `manifest`.
    pub fn sign_manifest(&self, manifest: &[u8]) -> Signature {
        self.sign_dsse(MANIFEST_TYPE, manifest)
    }

    /// Sign the DSSE pre-authentication encoding of (`payload_type`, `payload`): bundles and
    /// in-toto attestations share this one signing path.
    pub fn sign_dsse(&self, payload_type: &str, payload: &[u8]) -> Signature {
        self.key.sign(&pae_typed(payload_type, payload))
    }

    /// Write `PREFIX.key` (0600) and `PREFIX.pub`. Neither file may exist already; if the
    /// second cannot be written, the first is removed again.
    pub fn write_pair(&self, prefix: &Path) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
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

fn with_suffix(prefix: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::about(
                Code::OutputExists,
                path.display().to_string(),
                "exists already; keys are never overwritten",
            )
        } else {
            Failure::io(path, &e)
        }
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::io(path, &e))
}

fn read_key_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::about(Code::KeyInvalid, path.display().to_string(), e.to_string()))?;
    let mut text = String::new();
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| Failure::about(Code::KeyInvalid, path.display().to_string(), e.to_string()))?;
    if text.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(Failure::about(
            Code::KeyInvalid,
            path.display().to_string(),
            "too large to be a key file",
        ));
    }
    Ok(text)
}

fn spki_der(key: &VerifyingKey) -> Vec<u8> {
    let mut der = Vec::with_capacity(44);
    der.extend_from_slice(&SPKI_PREFIX);
    der.extend_from_slice(key.as_bytes());
    der
}

/// Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER.
pub fn keyid_of(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(spki_der(key)))
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

/// The DSSE v1 pre-authentication encoding of a manifest:
/// `"DSSEv1" SP len(TYPE) SP TYPE SP len(M) SP M`, lengths in ASCII decimal.
pub fn pae(manifest: &[u8]) -> Vec<u8> {
    pae_typed(MANIFEST_TYPE, manifest)
}

/// The DSSE v1 pre-authentication encoding of any payload:
/// `"DSSEv1" SP len(TYPE) SP TYPE SP len(BODY) SP BODY`, lengths in bytes, in ASCII decimal.
pub fn pae_typed(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let head = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    );
    let mut out = Vec::with_capacity(head.len() + payload.len());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(payload);
    out
}

/// The bytes of a signature file: base64 of the 64 signature bytes, then LF.
pub fn encode_signature_file(sig: &Signature) -> Vec<u8> {
    let mut s = STANDARD.encode(sig.to_bytes());
    s.push('\n');
    s.into_bytes()
}

/// Read a signature file's bytes: exactly 88 base64 characters (padded, standard alphabet) and
/// one LF. Anything else is malformed.
pub fn decode_signature_file(bytes: &[u8]) -> std::result::Result<Signature, String> {
    let body = bytes
        .strip_suffix(b"\n")
        .ok_or("the file must end with one newline")?;
    if body.len() != 88 {
        return Err(format!(
            "expected 88 base64 characters (64 bytes), found {}",
            body.len()
        ));
    }
    let raw = STANDARD
        .decode(body)
        .map_err(|e| format!("not base64: {e}"))?;
    let raw: [u8; 64] = raw
        .try_into()
        .map_err(|_| "the signature is not 64 bytes".to_string())?;
    // Re-encoding must give the same text (no non-zero padding bits).
    if STANDARD.encode(raw).as_bytes() != body {
        return Err("base64 is not in canonical form".into());
    }
    Ok(Signature::from_bytes(&raw))
}

/// The file name of a signature by `keyid`.
pub fn signature_file_name(keyid: &str) -> String {
    format!("{keyid}.sig")
}

/// The key id a signature file's name declares, if the name has the required form.
pub fn keyid_from_file_name(name: &str) -> Option<&str> {
    let id = name.strip_suffix(".sig")?;
    hex::is_sha256(id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_example_shape() {
        let p = pae(b"hello");
        assert_eq!(
            p,
            b"DSSEv1 41 application/vnd.evidence.manifest.v1+json 5 hello".to_vec()
        );
    }

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

    #[test]
    fn signature_files_are_strict() {
        let k = PrivateKey::from_seed(&[1u8; 32]).unwrap();
        let sig = k.sign_manifest(b"m");
        let file = encode_signature_file(&sig);
        assert_eq!(file.len(), 89);
        assert_eq!(decode_signature_file(&file).unwrap(), sig);
        assert!(decode_signature_file(&file[..88]).is_err());
        let mut crlf = file[..88].to_vec();
        crlf.extend_from_slice(b"\r\n");
        assert!(decode_signature_file(&crlf).is_err());
        assert!(decode_signature_file(b"").is_err());
    }

    #[test]
    fn weak_keys_are_refused() {
        // The identity point (0, 1) has order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            PublicKey::from_bytes(&identity).unwrap_err().code,
            Code::WeakPublicKey
        );
    }
}
