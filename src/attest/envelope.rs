//! The DSSE envelope (<https://github.com/secure-systems-lab/dsse/blob/master/envelope.md>):
//! `{"payloadType", "payload" (base64), "signatures": [{"keyid", "sig" (base64)}]}`.
//!
//! Each signature is Ed25519 over the pre-authentication encoding of (payloadType, payload
//! bytes), made by the same code that signs bundle manifests. Reading is strict, since the file
//! comes from anyone: a size limit, no unknown or duplicate fields, standard padded base64 in
//! canonical form, a 64-byte signature, at most [`MAX_SIGNATURES`] signatures, and the payload
//! type of an in-toto Statement.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

use super::PAYLOAD_TYPE;
use super::verify::Problem;
use crate::bundle::PrivateKey;
pub use crate::bundle::keys::MAX_SIGNATURES;

/// The largest envelope file read (a workspace of tens of thousands of files fits easily).
pub const MAX_ENVELOPE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest key id accepted (ours are 64 hex characters).
const MAX_KEYID_CHARS: usize = 256;

/// A DSSE envelope as written and read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub payload: String,
    pub signatures: Vec<EnvelopeSignature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeSignature {
    /// Lowercase hex SHA-256 of the signer's SubjectPublicKeyInfo DER (as for bundles); a hint
    /// only: the signature is what is checked.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyid: String,
    pub sig: String,
}

/// An envelope whose shape has been checked, with its payload and signatures decoded.
#[derive(Debug, Clone)]
pub struct Opened {
    pub payload: Vec<u8>,
    /// (declared key id, signature), in the envelope's order.
    pub signatures: Vec<(String, Signature)>,
}

impl Envelope {
    /// An envelope of `payload` (an in-toto Statement's JSON) signed by each of `keys`.
    pub fn sign(payload: &[u8], keys: &[PrivateKey]) -> Self {
        Self {
            payload_type: PAYLOAD_TYPE.into(),
            payload: STANDARD.encode(payload),
            signatures: keys
                .iter()
                .enumerate()
                // A key given twice signs once.
                .filter(|(i, k)| keys[..*i].iter().all(|o| o.keyid() != k.keyid()))
                .map(|(_, k)| EnvelopeSignature {
                    keyid: k.keyid().to_string(),
                    sig: STANDARD.encode(k.sign_dsse(PAYLOAD_TYPE, payload).to_bytes()),
                })
                .collect(),
        }
    }

    /// The envelope as written to a file: indented JSON and a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

fn problem(code: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        code,
        subject: None,
        message: message.into(),
    }
}

/// Check the shape of an envelope read from a file and decode it.
pub fn open(bytes: &[u8]) -> Result<Opened, Problem> {
    if bytes.len() as u64 > MAX_ENVELOPE_BYTES {
        return Err(problem(
            "envelope-too-large",
            format!("larger than {MAX_ENVELOPE_BYTES} bytes"),
        ));
    }
    let envelope: Envelope = serde_json::from_slice(bytes).map_err(|e| {
        problem(
            "envelope-invalid",
            format!("not a DSSE envelope (JSON with payloadType, payload, signatures): {e}"),
        )
    })?;
    if envelope.payload_type != PAYLOAD_TYPE {
        return Err(problem(
            "payload-type",
            format!(
                "payloadType is {:?}, expected {PAYLOAD_TYPE:?}",
                envelope.payload_type
            ),
        ));
    }
    let payload = decode_canonical(&envelope.payload)
        .map_err(|why| problem("envelope-invalid", format!("payload: {why}")))?;
    if envelope.signatures.is_empty() {
        return Err(problem("unsigned", "the envelope holds no signature"));
    }
    if envelope.signatures.len() > MAX_SIGNATURES {
        return Err(problem(
            "envelope-invalid",
            format!("more than {MAX_SIGNATURES} signatures"),
        ));
    }
    let mut signatures = Vec::with_capacity(envelope.signatures.len());
    for (i, s) in envelope.signatures.iter().enumerate() {
        if s.keyid.chars().count() > MAX_KEYID_CHARS {
            return Err(problem(
                "envelope-invalid",
                format!("signature {i}: the keyid is too long"),
            ));
        }
        let raw = decode_canonical(&s.sig)
            .map_err(|why| problem("envelope-invalid", format!("signature {i}: {why}")))?;
        let raw: [u8; 64] = raw.try_into().map_err(|_| {
            problem(
                "envelope-invalid",
                format!("signature {i}: not 64 bytes (Ed25519)"),
            )
        })?;
        signatures.push((s.keyid.clone(), Signature::from_bytes(&raw)));
    }
    Ok(Opened {
        payload,
        signatures,
    })
}

/// Standard padded base64, refused unless re-encoding gives the same text.
fn decode_canonical(text: &str) -> Result<Vec<u8>, String> {
    let raw = STANDARD
        .decode(text)
        .map_err(|e| format!("not standard base64: {e}"))?;
    if STANDARD.encode(&raw) != text {
        return Err("base64 is not in canonical form".into());
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_envelope_opens_and_its_signature_verifies() {
        let key = PrivateKey::from_seed(&[3u8; 32]).unwrap();
        let env = Envelope::sign(b"{\"a\":1}", std::slice::from_ref(&key));
        let opened = open(&env.to_json()).unwrap();
        assert_eq!(opened.payload, b"{\"a\":1}");
        let (keyid, sig) = &opened.signatures[0];
        assert_eq!(keyid, key.keyid());
        assert!(key.public().verify_dsse(PAYLOAD_TYPE, &opened.payload, sig));
        assert!(!key.public().verify_dsse(PAYLOAD_TYPE, b"{\"a\":2}", sig));
    }

    #[test]
    fn hostile_shapes_are_refused() {
        for (bytes, code) in [
            (&b"not json"[..], "envelope-invalid"),
            (b"{}", "envelope-invalid"),
            (
                b"{\"payloadType\":\"text/plain\",\"payload\":\"\",\"signatures\":[]}",
                "payload-type",
            ),
            (
                b"{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[]}",
                "unsigned",
            ),
            (
                b"{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30\",\"signatures\":[{\"sig\":\"AA==\"}]}",
                "envelope-invalid",
            ),
            (
                b"{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[{\"sig\":\"AA==\"}]}",
                "envelope-invalid",
            ),
            (
                b"{\"payloadType\":\"application/vnd.in-toto+json\",\"payloadType\":\"x\",\"payload\":\"e30=\",\"signatures\":[]}",
                "envelope-invalid",
            ),
        ] {
            assert_eq!(
                open(bytes).unwrap_err().code,
                code,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
