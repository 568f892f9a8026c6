//! Property: any single-byte change to any file of a bundle (manifest, signature or evidence,
//! or anywhere in a tar bundle) makes verification fail.

use std::fs;
use std::path::{Path, PathBuf};

use evidence::bundle::{
    self, BundleInput, CheckSummary, CreateOptions, InputFile, PrivateKey, PublicKey, TrustPolicy,
    TrustedKey, VerifyOptions,
};
use proptest::prelude::*;

struct Fixture {
    _dir: tempfile::TempDir,
    dir_bundle: PathBuf,
    tar_bundle: PathBuf,
    files: Vec<PathBuf>,
    opts: VerifyOptions,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir_all(&src).unwrap();
    let mut files = Vec::new();
    for (i, size) in [0usize, 1, 511, 512, 513, 2000].iter().enumerate() {
        let p = src.join(format!("f{i}.bin"));
        fs::write(
            &p,
            (0..*size).map(|j| (j * 31 + i) as u8).collect::<Vec<u8>>(),
        )
        .unwrap();
        files.push(InputFile {
            source: p,
            path: format!("d{}/f{i}.bin", i % 2),
            controls: vec!["C-1".into()],
            collected_at: None,
            description: None,
        });
    }
    let input = BundleInput {
        organisation: "Prop Ltd".into(),
        frameworks: vec![],
        audit_period: None,
        check: CheckSummary::default(),
        files,
    };
    let key = PrivateKey::from_seed(&[9; 32]).unwrap();
    let public = PublicKey::from_bytes(key.public().key.as_bytes()).unwrap();
    let make = |name: &str| {
        let out = dir.path().join(name);
        let opts = CreateOptions {
            out: out.clone(),
            created_at: "2026-05-01T00:00:00Z".parse().unwrap(),
            expires_at: None,
            sequence: None,
            supersedes: None,
            signers: vec![PrivateKey::from_seed(&[9; 32]).unwrap()],
            allow_findings: false,
            bundle_id: Some("prop".into()),
        };
        bundle::create(&input, &opts, &()).unwrap();
        out
    };
    let dir_bundle = make("b");
    let tar_bundle = make("b.tar");
    let mut bundle_files: Vec<PathBuf> = walkdir::WalkDir::new(&dir_bundle)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir_bundle).unwrap().to_path_buf())
        .collect();
    bundle_files.sort();
    let opts = VerifyOptions {
        trust: Some(TrustPolicy::new(vec![TrustedKey::active(public)], None).unwrap()),
        at: "2026-06-01T00:00:00Z".parse().unwrap(),
        expect_bundle_id: None,
        min_sequence: None,
    };
    assert!(bundle::verify(&dir_bundle, &opts, &()).is_ok());
    assert!(bundle::verify(&tar_bundle, &opts, &()).is_ok());
    Fixture {
        _dir: dir,
        dir_bundle,
        tar_bundle,
        files: bundle_files,
        opts,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn flip(path: &Path, at: usize, xor: u8) -> bool {
    let mut bytes = fs::read(path).unwrap();
    if bytes.is_empty() {
        return false;
    }
    let i = at % bytes.len();
    bytes[i] ^= xor;
    fs::write(path, bytes).unwrap();
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_byte_change_in_a_directory_bundle_fails(which in any::<usize>(), at in any::<usize>(), xor in 1u8..=255) {
        let fx = fixture();
        let scratch = tempfile::tempdir().unwrap();
        let copy = scratch.path().join("b");
        copy_dir(&fx.dir_bundle, &copy);
        let file = &fx.files[which % fx.files.len()];
        // An empty file has no byte to change: that case proves nothing, so it is not counted.
        prop_assume!(flip(&copy.join(file), at, xor));
        let r = bundle::verify(&copy, &fx.opts, &());
        prop_assert!(r.is_err(), "a change to {} at {} went unnoticed", file.display(), at);
    }

    #[test]
    fn any_byte_change_in_a_tar_bundle_fails(at in any::<usize>(), xor in 1u8..=255) {
        let fx = fixture();
        let scratch = tempfile::tempdir().unwrap();
        let copy = scratch.path().join("b.tar");
        fs::copy(&fx.tar_bundle, &copy).unwrap();
        prop_assume!(flip(&copy, at, xor));
        let r = bundle::verify(&copy, &fx.opts, &());
        prop_assert!(r.is_err(), "a change at byte {} went unnoticed", at % fs::metadata(&fx.tar_bundle).unwrap().len() as usize);
    }
}

/// Deterministic, beside the random properties above: flipping the lowest bit of any header
/// byte of a tar bundle (and of every 61st byte elsewhere) makes verification fail (this found
/// header bytes that lenient field parsing skipped).
#[test]
fn every_single_bit_flip_in_a_tar_bundle_fails() {
    let fx = fixture();
    let original = fs::read(&fx.tar_bundle).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("b.tar");
    let mut unnoticed = Vec::new();
    for at in positions_to_flip(&original) {
        let mut bytes = original.clone();
        bytes[at] ^= 1;
        fs::write(&copy, &bytes).unwrap();
        if bundle::verify(&copy, &fx.opts, &()).is_ok() {
            unnoticed.push(at);
        }
    }
    assert!(
        unnoticed.is_empty(),
        "changes at {unnoticed:?} of {} bytes went unnoticed",
        original.len()
    );
}

/// Every byte of every ustar header block, and every 61st byte of the rest.
fn positions_to_flip(tar: &[u8]) -> Vec<usize> {
    let is_header =
        |block: usize| tar.get(block * 512 + 257..block * 512 + 263) == Some(b"ustar\0".as_slice());
    (0..tar.len())
        .filter(|&at| is_header(at / 512) || at % 61 == 0)
        .collect()
}
