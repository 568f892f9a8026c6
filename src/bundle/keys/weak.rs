//! Which public key bytes are acceptable: a canonical encoding of a point of large order.
//! A small-order ("weak") key lets signatures verify that prove nothing.

use ed25519_dalek::VerifyingKey;

use super::{PublicKey, keyid_of};
use crate::bundle::code::{Code, Failure, Result};

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
