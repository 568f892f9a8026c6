//! Known-answer tests: the RFC 8032 Ed25519 vectors through this crate's key handling, the
//! format's key id and signed-message encoding, and the weak-key list of the standard-tools
//! recipe.

use evidence::bundle::{Code, PrivateKey, PublicKey, keys};

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    evidence::bundle::hex::decode(&s).expect("hex")
}

struct Vector {
    secret: &'static str,
    public: &'static str,
    message: &'static str,
    signature: &'static str,
}

/// RFC 8032 section 7.1, TEST 1, 2, 3 and SHA(abc).
const VECTORS: &[Vector] = &[
    Vector {
        secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        message: "",
        signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155
                    5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    },
    Vector {
        secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        message: "72",
        signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da
                    085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    },
    Vector {
        secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        message: "af82",
        signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac
                    18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    },
    Vector {
        secret: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        public: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        message: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a
                  2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        signature: "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589
                    09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    },
];

#[test]
fn rfc8032_vectors_through_pkcs8_v1_pem() {
    for v in VECTORS {
        let seed: [u8; 32] = unhex(v.secret).try_into().unwrap();
        // Through the PEM form keygen writes, and back.
        let written = PrivateKey::from_seed(&seed).unwrap();
        let key = PrivateKey::from_pem(&written.to_pkcs8_v1_pem()).unwrap();
        assert_eq!(key.public().key.as_bytes().to_vec(), unhex(v.public));
        let public = PublicKey::from_pem(&key.public().to_pem()).unwrap();
        let message = unhex(v.message);
        let expected = unhex(v.signature);
        // Pure Ed25519 over the message (the format signs the PAE; the primitive is the same).
        use ed25519_dalek::Signer;
        let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
        let sig = signing.sign(&message);
        assert_eq!(sig.to_bytes().to_vec(), expected);
        assert!(public.key.verify_strict(&message, &sig).is_ok());
        let mut bad = sig.to_bytes();
        bad[0] ^= 1;
        assert!(
            public
                .key
                .verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&bad))
                .is_err()
        );
        // And the format's own signing path verifies under the format's verification.
        let manifest = b"{}\n";
        let s = key.sign_manifest(manifest);
        assert!(public.verify_manifest(manifest, &s));
        assert!(!public.verify_manifest(b"{ }\n", &s));
    }
}

#[test]
fn keyid_is_sha256_of_spki_der() {
    let seed: [u8; 32] = unhex(VECTORS[0].secret).try_into().unwrap();
    let key = PrivateKey::from_seed(&seed).unwrap();
    let mut der = unhex("302a300506032b6570032100");
    der.extend_from_slice(&unhex(VECTORS[0].public));
    use sha2::Digest;
    assert_eq!(
        key.keyid(),
        evidence::bundle::hex::encode(&sha2::Sha256::digest(&der))
    );
}

#[test]
fn pae_is_dsse_v1() {
    let m = b"{\n  \"a\": 1\n}\n";
    let mut expected = b"DSSEv1 41 application/vnd.evidence.manifest.v1+json 13 ".to_vec();
    expected.extend_from_slice(m);
    assert_eq!(keys::pae(m), expected);
}

#[test]
fn the_recipe_weak_key_list_is_every_small_order_encoding() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/verify-bundle.sh"),
    )
    .unwrap();
    let start = script.find("WEAK='").unwrap() + 6;
    let end = start + script[start..].find('\'').unwrap();
    let listed: Vec<&str> = script[start..end].lines().collect();
    assert_eq!(listed.len(), 14);
    let unique: std::collections::HashSet<_> = listed.iter().collect();
    assert_eq!(unique.len(), 14);
    for hex in &listed {
        let bytes: [u8; 32] = unhex(hex).try_into().unwrap();
        let err = PublicKey::from_bytes(&bytes).unwrap_err();
        // A point ed25519-dalek decodes is refused as weak (openssl would accept it); one it
        // cannot decode is refused as invalid. Either way, never accepted.
        match ed25519_dalek::VerifyingKey::from_bytes(&bytes) {
            Ok(k) => {
                assert!(k.is_weak(), "{hex} is not of small order");
                assert_eq!(err.code, Code::WeakPublicKey, "{hex}");
            }
            Err(_) => assert_eq!(err.code, Code::KeyInvalid, "{hex}"),
        }
    }
}

#[test]
fn every_error_code_is_documented_in_the_format_spec() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bundle-format.md"),
    )
    .unwrap();
    for code in Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), exit_of(*code));
        assert!(
            doc.contains(&row),
            "docs/bundle-format.md lacks the row {row:?}"
        );
    }
}

fn exit_of(code: Code) -> u8 {
    match code.class() {
        evidence::bundle::Class::Invalid => 1,
        evidence::bundle::Class::Unusable => 2,
    }
}

#[test]
fn the_readme_fragment_quotes_the_recipe_verbatim() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let script = std::fs::read_to_string(root.join("scripts/verify-bundle.sh")).unwrap();
    assert!(
        readme.contains(&format!("```sh\n{script}```\n")),
        "README.md must quote scripts/verify-bundle.sh verbatim"
    );
}
