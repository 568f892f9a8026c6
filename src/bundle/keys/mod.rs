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
//!
//! Layout: this module holds the two key types; [`weak`] decides which public key bytes are
//! acceptable, [`parse`] reads keys from PEM and files, [`write`] writes them, [`id`] derives
//! key ids and signature file names, and [`signature`] holds the signed message (DSSE) and the
//! signature file format.

use ed25519_dalek::{SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use super::code::{Code, Failure, Result};

mod id;
mod parse;
mod signature;
mod weak;
mod write;

pub use id::{keyid_from_file_name, keyid_of, signature_file_name};
pub use signature::{decode_signature_file, encode_signature_file, pae, pae_typed};

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

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    pub fn keyid(&self) -> &str {
        &self.public.keyid
    }
}
