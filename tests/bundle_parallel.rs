//! Verification on every core: bundles that mix files larger than one hashing buffer (1 MiB)
//! with many small ones verify in both forms, and a damaged bundle is reported exactly as reading
//! it in order would report it, whichever thread finishes first. A tar is read two ways: `verify`
//! has the hashing threads read each member by its position, `extract` copies the data through
//! the reader to them (streaming a large member to one thread); both report every damage alike.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use evidence::bundle::{self, BundleInput, CheckSummary, CreateOptions, InputFile, PrivateKey};
use serde_json::Value;

const CREATED: &str = "2026-05-01T12:00:00Z";
const AT: &str = "2026-06-01T00:00:00Z";
/// Larger than three hashing buffers, and not a multiple of one.
const BIG: usize = 3 * 1024 * 1024 + 12_345;
/// Where the tests damage a big file: inside its last buffer.
const BIG_MARK_AT: usize = 3 * 1024 * 1024 + 100;

fn key() -> PrivateKey {
    PrivateKey::from_seed(&[7; 32]).expect("key")
}

/// Content no other file shares, with a findable marker in each big file.
fn content(i: usize, size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size)
        .map(|j| ((j * 131 + i * 17) % 251) as u8)
        .collect();
    let head = format!("file {i:04}");
    bytes[..head.len()].copy_from_slice(head.as_bytes());
    if size == BIG {
        let mark = mark(i);
        bytes[BIG_MARK_AT..BIG_MARK_AT + mark.len()].copy_from_slice(&mark);
    }
    bytes
}

fn mark(i: usize) -> Vec<u8> {
    format!("<<big {i:04} mark>>").into_bytes()
}

/// Files `a/big0.bin`, `m/big1.bin`, `z/big2.bin` of [`BIG`] bytes among 60 small files of up to
/// 300 KiB, in a bundle at `name` (a `.tar` name gives a tar).
struct Fx {
    dir: tempfile::TempDir,
}

const BIG_FILES: [(usize, &str); 3] = [(0, "a/big0.bin"), (1, "m/big1.bin"), (2, "z/big2.bin")];

impl Fx {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        key().write_pair(&dir.path().join("k")).expect("keys");
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn input(&self) -> BundleInput {
        let src = self.path("src");
        fs::create_dir_all(&src).unwrap();
        let mut files = Vec::new();
        let mut add = |i: usize, path: &str, size: usize| {
            let source = src.join(format!("{i}.bin"));
            fs::write(&source, content(i, size)).unwrap();
            files.push(InputFile {
                source,
                path: path.to_string(),
                controls: vec!["SEC-01".into()],
                collected_at: None,
                description: None,
            });
        };
        for (i, path) in BIG_FILES {
            add(i, path, BIG);
        }
        for i in 10..70 {
            let dir = ["a", "m", "z"][i % 3];
            add(
                i,
                &format!("{dir}/small{i:03}.bin"),
                (i * 4999) % (300 * 1024),
            );
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        BundleInput {
            organisation: "Acme Ltd".into(),
            frameworks: vec!["iso42001".into()],
            audit_period: None,
            check: CheckSummary::default(),
            files,
        }
    }

    fn bundle(&self, name: &str) -> PathBuf {
        let out = self.path(name);
        let opts = CreateOptions {
            out: out.clone(),
            created_at: CREATED.parse().unwrap(),
            expires_at: None,
            sequence: Some(1),
            supersedes: None,
            signers: vec![key()],
            allow_findings: false,
            bundle_id: Some("acme-2026".into()),
        };
        bundle::create(&self.input(), &opts, &()).expect("create");
        out
    }

    /// `bundle verify PATH --format json`: (exit code, the JSON printed).
    fn verify(&self, path: &Path) -> (i32, Value) {
        let out = Command::cargo_bin("evidence")
            .expect("binary")
            .env("NO_COLOR", "1")
            .args(["bundle", "verify"])
            .arg(path)
            .arg("--key")
            .arg(self.path("k.pub"))
            .args(["--at", AT, "--format", "json"])
            .output()
            .expect("run");
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().expect("exit code"), json)
    }

    #[track_caller]
    fn assert_fails(&self, path: &Path, code: &str, subject: &str) {
        let (exit, json) = self.verify(path);
        assert_eq!(exit, 1, "{json}");
        assert_eq!(json["error"]["code"], code, "{json}");
        assert_eq!(json["error"]["subject"], subject, "{json}");
    }
}

/// Change one byte of the data that follows `needle` in `bytes` (the first occurrence).
fn flip_after(bytes: &mut [u8], needle: &[u8]) {
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("marker present");
    bytes[at + needle.len()] ^= 0x20;
}

fn damage_small_file(dir: &Path, rel: &str) {
    let p = dir.join("files").join(rel);
    let mut bytes = fs::read(&p).unwrap();
    bytes[5] ^= 0x01;
    fs::write(&p, bytes).unwrap();
}

#[test]
fn large_and_small_files_verify_in_both_forms() {
    let fx = Fx::new();
    let total = 3 * BIG as u64
        + (10..70)
            .map(|i| ((i * 4999) % (300 * 1024)) as u64)
            .sum::<u64>();
    for name in ["good", "good.tar"] {
        let b = fx.bundle(name);
        let (exit, json) = fx.verify(&b);
        assert_eq!(exit, 0, "{name}: {json}");
        assert_eq!(json["files"], 63, "{json}");
        assert_eq!(json["bytes"], total, "{json}");
    }
}

#[test]
fn extracting_a_tar_copies_every_byte_of_large_and_small_files() {
    let fx = Fx::new();
    let b = fx.bundle("x.tar");
    let out = fx.path("extracted");
    Command::cargo_bin("evidence")
        .expect("binary")
        .args(["bundle", "extract"])
        .arg(&b)
        .arg("--to")
        .arg(&out)
        .arg("--key")
        .arg(fx.path("k.pub"))
        .args(["--at", AT])
        .assert()
        .success();
    for (i, path) in BIG_FILES {
        assert_eq!(
            fs::read(out.join("files").join(path)).unwrap(),
            content(i, BIG)
        );
    }
    assert_eq!(
        fs::read(out.join("files/m/small013.bin")).unwrap(),
        content(13, 13 * 4999)
    );
}

#[test]
fn a_changed_byte_in_the_last_buffer_of_a_large_tar_member_is_a_hash_mismatch() {
    let fx = Fx::new();
    let b = fx.bundle("t.tar");
    let mut bytes = fs::read(&b).unwrap();
    flip_after(&mut bytes, &mark(1));
    fs::write(&b, bytes).unwrap();
    fx.assert_fails(&b, "hash-mismatch", "files/m/big1.bin");
}

#[test]
fn a_tar_reports_the_first_damaged_member_in_archive_order() {
    // The large member is damaged first; the small one after it hashes much sooner, so a
    // verifier that reported the first digest to come back would name the small one.
    let fx = Fx::new();
    let b = fx.bundle("t.tar");
    let mut bytes = fs::read(&b).unwrap();
    flip_after(&mut bytes, &mark(0));
    flip_after(&mut bytes, b"file 0013");
    fs::write(&b, bytes).unwrap();
    fx.assert_fails(&b, "hash-mismatch", "files/a/big0.bin");
}

#[test]
fn a_tar_reports_a_damaged_member_before_a_later_fault_in_the_archive() {
    // A hash mismatch in the last big member, then an archive cut short after it: reading in
    // order meets the mismatch first, although the cut is found while the member is hashed.
    let fx = Fx::new();
    let b = fx.bundle("t.tar");
    let mut bytes = fs::read(&b).unwrap();
    flip_after(&mut bytes, &mark(2));
    let cut = bytes
        .windows(9)
        .position(|w| w == b"file 0068")
        .expect("a member after big2");
    bytes.truncate(cut + 10);
    fs::write(&b, bytes).unwrap();
    fx.assert_fails(&b, "hash-mismatch", "files/z/big2.bin");
}

#[test]
fn a_directory_reports_the_first_damaged_file_in_manifest_order() {
    // Large files are hashed first; the failure named is still the first in the manifest.
    let fx = Fx::new();
    let b = fx.bundle("d");
    damage_small_file(&b, "a/small012.bin");
    let p = b.join("files/z/big2.bin");
    let mut bytes = fs::read(&p).unwrap();
    bytes[BIG_MARK_AT] ^= 0x20;
    fs::write(&p, bytes).unwrap();
    fx.assert_fails(&b, "hash-mismatch", "files/a/small012.bin");
}

/// `bundle extract PATH`: the failure it prints, as `[code] subject: message`.
fn extract_failure(fx: &Fx, path: &Path) -> String {
    let out = Command::cargo_bin("evidence")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["bundle", "extract"])
        .arg(path)
        .arg("--to")
        .arg(path.with_extension("out"))
        .arg("--key")
        .arg(fx.path("k.pub"))
        .args(["--at", AT])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("invalid: "))
        .unwrap_or_else(|| panic!("no error line in {stderr}"));
    line.to_string()
}

#[test]
fn verify_reading_by_position_and_extract_copying_report_every_damage_alike() {
    let fx = Fx::new();
    let good = fs::read(fx.bundle("t.tar")).unwrap();
    let at = |needle: &[u8]| {
        good.windows(needle.len())
            .position(|w| w == needle)
            .expect("marker present")
    };
    let big1 = at(&mark(1));
    let small13 = at(b"file 0013");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut inside a large member",
            good[..big1].to_vec(),
            "tar-malformed",
        ),
        (
            "cut inside a small member",
            good[..small13 + 100].to_vec(),
            "tar-malformed",
        ),
        (
            "cut at a member's start",
            good[..small13].to_vec(),
            "tar-malformed",
        ),
        (
            "cut inside the padding",
            {
                let end = small13 + 13 * 4999;
                good[..end + 3].to_vec()
            },
            "tar-malformed",
        ),
        (
            "a changed byte, then a cut",
            {
                let mut b = good[..small13 + 100].to_vec();
                b[big1 + 40] ^= 1;
                b
            },
            "hash-mismatch",
        ),
        (
            "two changed bytes",
            {
                let mut b = good.clone();
                b[small13 + 20] ^= 1;
                b[big1 + 40] ^= 1;
                b
            },
            "hash-mismatch",
        ),
    ];
    for (i, (what, bytes, code)) in cases.into_iter().enumerate() {
        let dir = fx.path(&format!("case{i}"));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.tar");
        fs::write(&path, bytes).unwrap();
        let (exit, json) = fx.verify(&path);
        assert_eq!(exit, 1, "{what}: {json}");
        assert_eq!(json["error"]["code"], code, "{what}: {json}");
        let error = &json["error"];
        let subject = match error["subject"].as_str() {
            Some(s) if !s.is_empty() => format!("{s}: "),
            _ => String::new(),
        };
        let verified = format!(
            "[{}] {subject}{}",
            error["code"].as_str().unwrap(),
            error["message"].as_str().unwrap()
        );
        assert_eq!(verified, extract_failure(&fx, &path), "{what}");
    }
}

#[test]
fn a_directory_reports_what_the_walk_of_files_finds_before_damaged_content() {
    // files/ is walked while the files are hashed; a stray file still comes first, as it did
    // when the walk came before any hashing.
    let fx = Fx::new();
    let b = fx.bundle("d");
    damage_small_file(&b, "a/small012.bin");
    fs::write(b.join("files/z/zz-stray.bin"), b"not listed").unwrap();
    fx.assert_fails(&b, "unlisted-file", "files/z/zz-stray.bin");
}
