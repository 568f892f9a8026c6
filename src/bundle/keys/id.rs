//! Key ids (lowercase hex SHA-256 of the public key's SubjectPublicKeyInfo DER) and the
//! signature file names that carry them.

use ed25519_dalek::VerifyingKey;

use crate::bundle::hex;

/// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// The SubjectPublicKeyInfo DER of a key (what its id hashes and its PEM holds).
pub(super) fn spki_der(key: &VerifyingKey) -> Vec<u8> {
    let mut der = Vec::with_capacity(44);
    der.extend_from_slice(&SPKI_PREFIX);
    der.extend_from_slice(key.as_bytes());
    der
}

/// Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER.
pub fn keyid_of(key: &VerifyingKey) -> String {
    crate::hash::sha256_hex(&spki_der(key))
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
