//! What is signed and how a signature is stored: the DSSE v1 pre-authentication encoding of a
//! payload (bundles and in-toto attestations share it), strict verification, and the signature
//! file (base64 of the 64 bytes, then LF).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer};

use super::{PrivateKey, PublicKey};
use crate::bundle::manifest::MANIFEST_TYPE;

impl PublicKey {
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

impl PrivateKey {
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
}
