//! The hostile-bundle corpus: every case builds a good bundle, breaks it in one way, and asserts
//! the exit code and the error code of `evidence bundle verify` (and, where the standard-tools
//! recipe is meant to catch it too, that `scripts/verify-bundle.sh` refuses it).
//!
//! No test depends on the clock: bundles are made with a fixed `created_at` and verified `--at`
//! a fixed time.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use evidence::bundle::{
    self, BundleInput, CheckSummary, CreateOptions, InputFile, PrivateKey, canonical, keys,
    tar::Writer,
};
use indicatif::ProgressBar;
use serde_json::Value;

const CREATED: &str = "2026-05-01T12:00:00Z";
const EXPIRES: &str = "2027-05-01T12:00:00Z";
const AT: &str = "2026-06-01T00:00:00Z";

fn key(seed: u8) -> PrivateKey {
    PrivateKey::from_seed(&[seed; 32]).expect("key")
}

/// A scratch directory with keys (alice, bob, mallory) and evidence sources.
struct Fx {
    dir: tempfile::TempDir,
}

impl Fx {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, seed) in [("alice", 1), ("bob", 2), ("mallory", 3)] {
            key(seed)
                .write_pair(&dir.path().join(name))
                .expect("write keys");
        }
        let src = dir.path().join("src");
        fs::create_dir_all(src.join("sub")).unwrap();
        fs::write(src.join("a.txt"), "alpha\n").unwrap();
        fs::write(src.join("b.txt"), "bravo\n").unwrap();
        let binary: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
        fs::write(src.join("sub/c.bin"), binary).unwrap();
        fs::write(src.join("e.txt"), "écho\n").unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn input(&self) -> BundleInput {
        let src = self.path("src");
        let file = |source: &str, path: &str, controls: &[&str]| InputFile {
            source: src.join(source),
            path: path.to_string(),
            controls: controls.iter().map(|c| c.to_string()).collect(),
            collected_at: Some("2026-04-01".into()),
            description: Some(format!("evidence {path}")),
        };
        BundleInput {
            organisation: "Acme Ltd".into(),
            frameworks: vec!["gdpr".into(), "iso42001".into()],
            audit_period: Some(bundle::AuditPeriod {
                start: "2026-01-01".into(),
                end: "2026-12-31".into(),
            }),
            check: CheckSummary::default(),
            files: vec![
                file("a.txt", "a.txt", &["SEC-01"]),
                file("b.txt", "dir/b.txt", &["SEC-01", "SEC-02"]),
                file("sub/c.bin", "dir/sub/c.bin", &["SEC-02"]),
                file("e.txt", "\u{e9}t\u{e9}.txt", &[]),
            ],
        }
    }

    /// A good bundle at `name` (a `.tar` name gives a tar), signed by the given seeds.
    fn bundle(&self, name: &str, signers: &[u8]) -> PathBuf {
        self.bundle_with(name, signers, 1)
    }

    fn bundle_with(&self, name: &str, signers: &[u8], sequence: u64) -> PathBuf {
        let out = self.path(name);
        let opts = CreateOptions {
            out: out.clone(),
            created_at: CREATED.parse().unwrap(),
            expires_at: Some(EXPIRES.parse().unwrap()),
            sequence: Some(sequence),
            supersedes: None,
            signers: signers.iter().map(|&s| key(s)).collect(),
            allow_findings: false,
            bundle_id: Some("acme-2026".into()),
        };
        bundle::create(&self.input(), &opts, &ProgressBar::hidden()).expect("create");
        out
    }

    fn pubkey(&self, name: &str) -> PathBuf {
        self.path(&format!("{name}.pub"))
    }
}

fn evidence() -> Command {
    let mut cmd = Command::cargo_bin("evidence").expect("binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Run `bundle verify PATH --key alice.pub --at AT --format json` plus `extra`: (exit, code).
fn verify(fx: &Fx, path: &Path, extra: &[&str]) -> (i32, Option<String>) {
    verify_keys(fx, path, &["alice"], extra)
}

fn verify_keys(fx: &Fx, path: &Path, keys: &[&str], extra: &[&str]) -> (i32, Option<String>) {
    let mut cmd = evidence();
    cmd.args(["bundle", "verify"]).arg(path);
    for k in keys {
        cmd.arg("--key").arg(fx.pubkey(k));
    }
    if !extra.contains(&"--at") {
        cmd.args(["--at", AT]);
    }
    let out = cmd
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    let code = out.status.code().expect("exit code");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let error = json["error"]["code"].as_str().map(str::to_string);
    (code, error)
}

#[track_caller]
fn assert_invalid(fx: &Fx, path: &Path, extra: &[&str], code: &str) {
    assert_eq!(verify(fx, path, extra), (1, Some(code.to_string())));
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Replace manifest.json with `bytes` and sign it again with the given seeds (as an insider
/// holding a trusted key could).
fn resign_bytes(dir: &Path, bytes: &[u8], signers: &[u8]) {
    fs::write(dir.join("manifest.json"), bytes).unwrap();
    for e in fs::read_dir(dir.join("signatures")).unwrap() {
        fs::remove_file(e.unwrap().path()).unwrap();
    }
    for &s in signers {
        let k = key(s);
        let sig = keys::encode_signature_file(&k.sign_manifest(bytes));
        fs::write(
            dir.join("signatures")
                .join(keys::signature_file_name(k.keyid())),
            sig,
        )
        .unwrap();
    }
}

fn resign(dir: &Path, v: &Value) {
    let bytes = canonical::encode(v).expect("canonical");
    resign_bytes(dir, &bytes, &[1]);
}

fn alice_sig(dir: &Path) -> PathBuf {
    dir.join("signatures")
        .join(keys::signature_file_name(key(1).keyid()))
}

/// Run the standard-tools recipe: exit code.
fn recipe(path: &Path, keys: &[PathBuf], env: &[(&str, &str)]) -> i32 {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/verify-bundle.sh"))
        .arg(path)
        .args(keys)
        .env("AT", AT);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run sh");
    out.status.code().unwrap_or(-1)
}

fn recipe_refuses(fx: &Fx, path: &Path) {
    assert_eq!(
        recipe(path, &[fx.pubkey("alice")], &[]),
        1,
        "the recipe accepted {}",
        path.display()
    );
}

// ------------------------------------------------------------------------------------------------
// Good bundles

#[test]
fn good_directory_and_tar_bundles_verify_with_the_binary_and_the_recipe() {
    let fx = Fx::new();
    for name in ["good", "good.tar"] {
        let b = fx.bundle(name, &[1]);
        assert_eq!(verify(&fx, &b, &[]), (0, None), "{name}");
        assert_eq!(recipe(&b, &[fx.pubkey("alice")], &[]), 0, "{name}");
    }
}

#[test]
fn two_signers_one_after_another_meet_a_threshold_of_two() {
    let fx = Fx::new();
    for name in ["two", "two.tar"] {
        let b = fx.bundle(name, &[1]);
        let both = ["alice", "bob"];
        assert_eq!(
            verify_keys(&fx, &b, &both, &["--threshold", "2"]),
            (1, Some("threshold-not-met".into()))
        );
        evidence()
            .args(["bundle", "sign"])
            .arg(&b)
            .arg("--key")
            .arg(fx.path("bob.key"))
            .assert()
            .success();
        assert_eq!(
            verify_keys(&fx, &b, &both, &["--threshold", "2"]),
            (0, None)
        );
        // Signing again with the same key changes nothing.
        evidence()
            .args(["bundle", "sign"])
            .arg(&b)
            .arg("--key")
            .arg(fx.path("bob.key"))
            .assert()
            .success();
        assert_eq!(
            verify_keys(&fx, &b, &both, &["--threshold", "2"]),
            (0, None)
        );
        assert_eq!(
            recipe(
                &b,
                &[fx.pubkey("alice"), fx.pubkey("bob")],
                &[("THRESHOLD", "2")]
            ),
            0
        );
    }
}

#[test]
fn tar_bundles_are_deterministic_and_gnu_tar_reads_them() {
    let fx = Fx::new();
    let a = fs::read(fx.bundle("one.tar", &[1])).unwrap();
    let b = fs::read(fx.bundle("two.tar", &[1])).unwrap();
    // Same content, same time, same id: the same bytes but for the top folder name.
    assert_eq!(a.len(), b.len());
    let listing = std::process::Command::new("tar")
        .args(["-tvf"])
        .arg(fx.path("one.tar"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&listing.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("drwxr-xr-x 0/0"), "{text}");
    assert!(lines[1].ends_with("one/manifest.json"), "{text}");
    assert!(lines[2].ends_with("one/signatures/"), "{text}");
    assert!(text.contains("-rw-r--r-- 0/0"), "{text}");
    assert!(
        text.contains("2026-05-01 12:00"),
        "mtime is created_at: {text}"
    );
}

#[test]
fn trusted_keys_file_statuses_and_windows() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1, 2]);
    let write = |name: &str, body: &str| {
        let p = fx.path(name);
        fs::write(&p, body).unwrap();
        p
    };
    let run = |file: &Path| {
        let out = evidence()
            .args(["bundle", "verify"])
            .arg(&b)
            .arg("--trusted-keys")
            .arg(file)
            .args(["--at", AT, "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            out.status.code().unwrap(),
            v["error"]["code"].as_str().map(str::to_string),
        )
    };
    let ok = write(
        "ok.toml",
        "threshold = 2\n[[keys]]\nowner = \"Alice\"\npublic_key = \"alice.pub\"\n\
         [[keys]]\nowner = \"Bob\"\npublic_key = \"bob.pub\"\nnot_before = \"2026-01-01T00:00:00Z\"\n",
    );
    assert_eq!(run(&ok), (0, None));
    let revoked = write(
        "revoked.toml",
        "threshold = 2\n[[keys]]\npublic_key = \"alice.pub\"\n[[keys]]\npublic_key = \"bob.pub\"\n\
         [[keys]]\npublic_key = \"mallory.pub\"\n[[keys]]\npublic_key = \"alice.pub\"\nstatus = \"revoked\"\n",
    );
    // The later alice entry (revoked) replaces the first: only bob counts.
    assert_eq!(run(&revoked), (1, Some("threshold-not-met".into())));
    let retired = write(
        "retired.toml",
        "threshold = 2\n[[keys]]\npublic_key = \"alice.pub\"\nstatus = \"retired\"\n\
         not_after = \"2026-04-01T00:00:00Z\"\n[[keys]]\npublic_key = \"bob.pub\"\n",
    );
    assert_eq!(run(&retired), (1, Some("threshold-not-met".into())));
    let unknown = write(
        "unknown.toml",
        "[[keys]]\npublic_key = \"alice.pub\"\ncolour = 1\n",
    );
    assert_eq!(run(&unknown), (2, Some("trusted-keys-invalid".into())));
    let too_high = write(
        "high.toml",
        "threshold = 3\n[[keys]]\npublic_key = \"alice.pub\"\n",
    );
    assert_eq!(run(&too_high), (2, Some("trusted-keys-invalid".into())));
}

// ------------------------------------------------------------------------------------------------
// Files

#[test]
fn tampered_byte() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let p = b.join("files/dir/sub/c.bin");
    let mut bytes = fs::read(&p).unwrap();
    bytes[1234] ^= 0x01;
    fs::write(&p, bytes).unwrap();
    assert_invalid(&fx, &b, &[], "hash-mismatch");
    recipe_refuses(&fx, &b);
}

#[test]
fn truncated_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::write(b.join("files/a.txt"), "alph").unwrap();
    assert_invalid(&fx, &b, &[], "size-mismatch");
    recipe_refuses(&fx, &b);
}

#[test]
fn extra_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::write(b.join("files/dir/extra.txt"), "smuggled\n").unwrap();
    assert_invalid(&fx, &b, &[], "unlisted-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn missing_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::remove_file(b.join("files/dir/b.txt")).unwrap();
    assert_invalid(&fx, &b, &[], "missing-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn renamed_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::rename(b.join("files/a.txt"), b.join("files/z.txt")).unwrap();
    assert_invalid(&fx, &b, &[], "unlisted-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn symlink_in_files() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let target = b.join("files/a.txt");
    let content = fs::read(&target).unwrap();
    let outside = fx.path("outside.txt");
    fs::write(&outside, content).unwrap();
    fs::remove_file(&target).unwrap();
    std::os::unix::fs::symlink(&outside, &target).unwrap();
    assert_invalid(&fx, &b, &[], "not-a-regular-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn symlinked_manifest() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let real = fx.path("m.json");
    fs::rename(b.join("manifest.json"), &real).unwrap();
    std::os::unix::fs::symlink(&real, b.join("manifest.json")).unwrap();
    assert_invalid(&fx, &b, &[], "not-a-regular-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn nfd_twin_on_disk() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    // The manifest lists the NFC name; the disk holds the NFD spelling of it.
    fs::rename(
        b.join("files/\u{e9}t\u{e9}.txt"),
        b.join("files/e\u{301}te\u{301}.txt"),
    )
    .unwrap();
    assert_invalid(&fx, &b, &[], "unlisted-file");
    recipe_refuses(&fx, &b);
}

#[test]
fn extra_top_level_entry() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::write(b.join("README"), "read me first\n").unwrap();
    assert_invalid(&fx, &b, &[], "unexpected-entry");
    recipe_refuses(&fx, &b);
}

#[test]
fn missing_manifest() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::remove_file(b.join("manifest.json")).unwrap();
    assert_invalid(&fx, &b, &[], "manifest-missing");
    recipe_refuses(&fx, &b);
}

#[test]
fn oversized_manifest() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let big = vec![b' '; 16 * 1024 * 1024 + 1];
    fs::write(b.join("manifest.json"), big).unwrap();
    assert_invalid(&fx, &b, &[], "manifest-too-large");
    recipe_refuses(&fx, &b);
}

// ------------------------------------------------------------------------------------------------
// Paths, re-signed by a trusted key (the verifier must still refuse them)

fn with_paths(fx: &Fx, paths: &[(&str, &str)]) -> PathBuf {
    // Rename existing entries: (old path -> new path) in the manifest and on disk.
    let b = fx.bundle("b", &[1]);
    let mut m = manifest(&b);
    for (old, new) in paths {
        for f in m["files"].as_array_mut().unwrap() {
            if f["path"] == *old {
                f["path"] = Value::String(new.to_string());
            }
        }
    }
    resign(&b, &m);
    b
}

#[test]
fn path_traversal() {
    let fx = Fx::new();
    // files/../a.txt would be manifest.json's sibling: outside files/.
    let b = with_paths(&fx, &[("a.txt", "../a.txt")]);
    assert_invalid(&fx, &b, &[], "path-traversal");
    recipe_refuses(&fx, &b);
}

#[test]
fn absolute_path() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("a.txt", "/etc/passwd")]);
    assert_invalid(&fx, &b, &[], "path-absolute");
    recipe_refuses(&fx, &b);
}

#[test]
fn duplicate_entries() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let mut m = manifest(&b);
    let files = m["files"].as_array_mut().unwrap();
    let first = files[0].clone();
    files.insert(0, first);
    resign(&b, &m);
    assert_invalid(&fx, &b, &[], "path-duplicate");
    recipe_refuses(&fx, &b);
}

#[test]
fn case_colliding_entries() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("a.txt", "Dir/b.txt")]);
    fs::create_dir_all(b.join("files/Dir")).unwrap();
    fs::rename(b.join("files/a.txt"), b.join("files/Dir/b.txt")).unwrap();
    assert_invalid(&fx, &b, &[], "path-case-collision");
    recipe_refuses(&fx, &b);
}

#[test]
fn nfd_path_in_manifest() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("\u{e9}t\u{e9}.txt", "e\u{301}te\u{301}.txt")]);
    fs::rename(
        b.join("files/\u{e9}t\u{e9}.txt"),
        b.join("files/e\u{301}te\u{301}.txt"),
    )
    .unwrap();
    assert_invalid(&fx, &b, &[], "path-not-nfc");
}

#[test]
fn nfc_nfd_twins_in_manifest() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let mut m = manifest(&b);
    let files = m["files"].as_array_mut().unwrap();
    let mut twin = files[3].clone();
    twin["path"] = Value::String("e\u{301}te\u{301}.txt".into());
    files.insert(1, twin);
    resign(&b, &m);
    assert_invalid(&fx, &b, &[], "path-not-nfc");
}

#[test]
fn bidi_control_in_path() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("a.txt", "a\u{202e}txt.exe")]);
    assert_invalid(&fx, &b, &[], "path-invalid-character");
    recipe_refuses(&fx, &b);
}

#[test]
fn backslash_in_path() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("a.txt", "..\\a.txt")]);
    assert_invalid(&fx, &b, &[], "path-invalid-character");
    recipe_refuses(&fx, &b);
}

#[test]
fn windows_reserved_name() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("a.txt", "aux.txt")]);
    fs::rename(b.join("files/a.txt"), b.join("files/aux.txt")).unwrap();
    assert_invalid(&fx, &b, &[], "path-reserved-name");
}

#[test]
fn empty_component() {
    let fx = Fx::new();
    let b = with_paths(&fx, &[("dir/b.txt", "dir//b.txt")]);
    assert_invalid(&fx, &b, &[], "path-invalid-component");
    recipe_refuses(&fx, &b);
}

#[test]
fn unsorted_files() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let mut m = manifest(&b);
    m["files"].as_array_mut().unwrap().reverse();
    resign(&b, &m);
    assert_invalid(&fx, &b, &[], "files-not-sorted");
    recipe_refuses(&fx, &b);
}

// ------------------------------------------------------------------------------------------------
// Manifest

#[test]
fn manifest_changed_without_resigning() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let text = fs::read_to_string(b.join("manifest.json")).unwrap();
    fs::write(
        b.join("manifest.json"),
        text.replace("Acme Ltd", "Acme Plc"),
    )
    .unwrap();
    assert_invalid(&fx, &b, &[], "bad-signature");
    recipe_refuses(&fx, &b);
}

#[test]
fn non_canonical_manifest_resigned() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let compact = serde_json::to_vec(&manifest(&b)).unwrap();
    resign_bytes(&b, &compact, &[1]);
    assert_invalid(&fx, &b, &[], "manifest-not-canonical");
    recipe_refuses(&fx, &b);
}

#[test]
fn duplicate_json_key_resigned() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let text = fs::read_to_string(b.join("manifest.json")).unwrap();
    // A second "organisation" key: JSON tools keep the last one.
    let twisted = text.replacen(
        "  \"organisation\": \"Acme Ltd\",\n",
        "  \"organisation\": \"Acme Ltd\",\n  \"organisation\": \"Evil Ltd\",\n",
        1,
    );
    assert_ne!(text, twisted);
    resign_bytes(&b, twisted.as_bytes(), &[1]);
    assert_invalid(&fx, &b, &[], "manifest-not-canonical");
    recipe_refuses(&fx, &b);
}

#[test]
fn unknown_field_resigned() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let mut m = manifest(&b);
    m["approved_by"] = Value::String("the CEO".into());
    resign(&b, &m);
    assert_invalid(&fx, &b, &[], "manifest-unknown-field");
}

#[test]
fn not_json_resigned() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    resign_bytes(&b, b"this is not json\n", &[1]);
    assert_invalid(&fx, &b, &[], "manifest-invalid");
    recipe_refuses(&fx, &b);
}

#[test]
fn float_resigned() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let text = fs::read_to_string(b.join("manifest.json")).unwrap();
    let twisted = text.replace("\"sequence\": 1,", "\"sequence\": 1.0,");
    resign_bytes(&b, twisted.as_bytes(), &[1]);
    assert_invalid(&fx, &b, &[], "manifest-not-canonical");
}

// ------------------------------------------------------------------------------------------------
// Signatures and keys

#[test]
fn wrong_key() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    assert_eq!(
        verify_keys(&fx, &b, &["bob"], &[]),
        (1, Some("threshold-not-met".into()))
    );
    assert_eq!(recipe(&b, &[fx.pubkey("bob")], &[]), 1);
}

#[test]
fn untrusted_key_does_not_count() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1, 3]);
    assert_eq!(
        verify_keys(&fx, &b, &["alice", "bob"], &["--threshold", "2"]),
        (1, Some("threshold-not-met".into()))
    );
    assert_eq!(
        recipe(
            &b,
            &[fx.pubkey("alice"), fx.pubkey("bob")],
            &[("THRESHOLD", "2")]
        ),
        1
    );
}

#[test]
fn the_same_key_twice_counts_once() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    assert_eq!(
        verify_keys(&fx, &b, &["alice", "alice"], &["--threshold", "2"]),
        (2, Some("usage".into()))
    );
}

#[test]
fn flipped_signature_bit() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let k = key(1);
    let sig = k.sign_manifest(&fs::read(b.join("manifest.json")).unwrap());
    let mut raw = sig.to_bytes();
    raw[10] ^= 0x04;
    let flipped = ed25519_dalek::Signature::from_bytes(&raw);
    fs::write(alice_sig(&b), keys::encode_signature_file(&flipped)).unwrap();
    assert_invalid(&fx, &b, &[], "bad-signature");
    recipe_refuses(&fx, &b);
}

#[test]
fn non_canonical_s() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let sig = key(1).sign_manifest(&fs::read(b.join("manifest.json")).unwrap());
    let mut raw = sig.to_bytes();
    // S + L, little-endian: the same value mod L, a malleated encoding.
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(raw[32 + i]) + u16::from(L[i]) + carry;
        raw[32 + i] = (sum & 0xff) as u8;
        carry = sum >> 8;
    }
    let malleated = ed25519_dalek::Signature::from_bytes(&raw);
    fs::write(alice_sig(&b), keys::encode_signature_file(&malleated)).unwrap();
    assert_invalid(&fx, &b, &[], "bad-signature");
}

#[test]
fn small_order_key_is_refused() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    // SPKI PEM of the identity point (order 1): every signature with R = identity, S = 0
    // "verifies" under it with a lax verifier.
    let mut der = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    let mut point = [0u8; 32];
    point[0] = 1;
    der.extend_from_slice(&point);
    use base64::Engine;
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(&der)
    );
    fs::write(fx.path("weak.pub"), pem).unwrap();
    // A forged "signature" under it: R = identity, S = 0.
    let weak_id = keys::keyid_of(&ed25519_dalek::VerifyingKey::from_bytes(&point).unwrap());
    let mut forged = [0u8; 64];
    forged[0] = 1;
    fs::write(
        b.join("signatures").join(format!("{weak_id}.sig")),
        keys::encode_signature_file(&ed25519_dalek::Signature::from_bytes(&forged)),
    )
    .unwrap();
    assert_eq!(
        verify_keys(&fx, &b, &["weak"], &[]),
        (2, Some("weak-public-key".into()))
    );
    assert_eq!(recipe(&b, &[fx.pubkey("weak")], &[]), 2);
}

#[test]
fn short_signature_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let text = fs::read_to_string(alice_sig(&b)).unwrap();
    fs::write(alice_sig(&b), format!("{}\n", &text[..40])).unwrap();
    assert_invalid(&fx, &b, &[], "signature-malformed");
    recipe_refuses(&fx, &b);
}

#[test]
fn oversized_signature_file() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::write(alice_sig(&b), vec![b'A'; 4096]).unwrap();
    assert_invalid(&fx, &b, &[], "signature-too-large");
    recipe_refuses(&fx, &b);
}

#[test]
fn signature_file_with_a_bad_name() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    fs::copy(alice_sig(&b), b.join("signatures/alice.sig")).unwrap();
    assert_invalid(&fx, &b, &[], "signature-name-invalid");
    recipe_refuses(&fx, &b);
}

#[test]
fn too_many_signatures() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let sig = fs::read(alice_sig(&b)).unwrap();
    for i in 0..70u32 {
        fs::write(b.join(format!("signatures/{:064x}.sig", i)), &sig).unwrap();
    }
    assert_invalid(&fx, &b, &[], "too-many-signatures");
}

#[test]
fn signature_over_another_manifest() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    let other = fx.bundle_with("other", &[1], 2);
    fs::copy(alice_sig(&other), alice_sig(&b)).unwrap();
    assert_invalid(&fx, &b, &[], "bad-signature");
    recipe_refuses(&fx, &b);
}

// ------------------------------------------------------------------------------------------------
// Time and expectations

#[test]
fn expired() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    assert_invalid(&fx, &b, &["--at", "2027-05-01T12:00:00Z"], "expired");
    assert_eq!(
        recipe(&b, &[fx.pubkey("alice")], &[("AT", "2027-06-01T00:00:00Z")]),
        1
    );
    // Verifying as of the audit date still works years later.
    assert_eq!(verify(&fx, &b, &["--at", "2026-12-01"]), (0, None));
}

#[test]
fn created_in_the_future() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    assert_invalid(
        &fx,
        &b,
        &["--at", "2026-04-01T00:00:00Z"],
        "created-in-future",
    );
    assert_eq!(
        recipe(&b, &[fx.pubkey("alice")], &[("AT", "2026-04-01T00:00:00Z")]),
        1
    );
}

#[test]
fn rollback_below_min_sequence() {
    let fx = Fx::new();
    let b = fx.bundle_with("b", &[1], 3);
    assert_eq!(verify(&fx, &b, &["--min-sequence", "3"]), (0, None));
    assert_invalid(&fx, &b, &["--min-sequence", "4"], "sequence-too-low");
}

#[test]
fn wrong_bundle_id() {
    let fx = Fx::new();
    let b = fx.bundle("b", &[1]);
    assert_eq!(
        verify(&fx, &b, &["--expect-bundle-id", "acme-2026"]),
        (0, None)
    );
    assert_invalid(
        &fx,
        &b,
        &["--expect-bundle-id", "acme-2025"],
        "wrong-bundle-id",
    );
}

#[test]
fn unusable_input_exits_2() {
    let fx = Fx::new();
    assert_eq!(
        verify(&fx, &fx.path("nope"), &[]),
        (2, Some("bundle-not-found".into()))
    );
    let b = fx.bundle("b", &[1]);
    assert_eq!(
        verify(&fx, &b, &["--threshold", "2"]),
        (2, Some("usage".into()))
    );
    fs::write(fx.path("junk.pub"), "not a key\n").unwrap();
    assert_eq!(
        verify_keys(&fx, &b, &["junk"], &[]),
        (2, Some("key-invalid".into()))
    );
}

// ------------------------------------------------------------------------------------------------
// Tar bundles

/// One tar member: name, type flag, data, link target.
#[derive(Clone)]
struct Member {
    name: String,
    flag: u8,
    data: Vec<u8>,
    link: String,
}

fn file(name: &str, data: Vec<u8>) -> Member {
    Member {
        name: name.into(),
        flag: b'0',
        data,
        link: String::new(),
    }
}

fn dir(name: &str) -> Member {
    Member {
        name: name.into(),
        flag: b'5',
        data: Vec::new(),
        link: String::new(),
    }
}

/// The members of a good tar bundle with top folder `t`, from a good directory bundle.
fn members_of(b: &Path) -> Vec<Member> {
    let mut out = vec![
        dir("t"),
        file(
            "t/manifest.json",
            fs::read(b.join("manifest.json")).unwrap(),
        ),
        dir("t/signatures"),
    ];
    let mut sigs: Vec<_> = fs::read_dir(b.join("signatures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sigs.sort();
    for s in sigs {
        let name = s.file_name().unwrap().to_str().unwrap().to_string();
        out.push(file(&format!("t/signatures/{name}"), fs::read(&s).unwrap()));
    }
    out.push(dir("t/files"));
    let m = manifest(b);
    let mut dirs = std::collections::HashSet::new();
    for f in m["files"].as_array().unwrap() {
        let p = f["path"].as_str().unwrap();
        let parts: Vec<&str> = p.split('/').collect();
        for i in 1..parts.len() {
            let d = parts[..i].join("/");
            if dirs.insert(d.clone()) {
                out.push(dir(&format!("t/files/{d}")));
            }
        }
        out.push(file(
            &format!("t/files/{p}"),
            fs::read(b.join("files").join(p)).unwrap(),
        ));
    }
    out
}

fn write_tar(path: &Path, members: &[Member]) -> PathBuf {
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out, 1_777_636_800);
    for m in members {
        match m.flag {
            b'0' => w.file(&m.name, m.data.len() as u64, &m.data).unwrap(),
            b'5' => w.dir(&m.name).unwrap(),
            f => w.raw(&m.name, f, 0, 0o644, &m.link).unwrap(),
        }
    }
    w.finish().unwrap();
    fs::write(path, out).unwrap();
    path.to_path_buf()
}

fn tar_case(fx: &Fx, name: &str, change: impl FnOnce(&mut Vec<Member>)) -> PathBuf {
    let good = fx.path("good-dir");
    if !good.exists() {
        fx.bundle("good-dir", &[1]);
    }
    let mut members = members_of(&good);
    change(&mut members);
    // The top folder is `t`, so the file is `t.tar` (a bundle file is named after its top
    // folder), one directory per case.
    let dir = fx.path(name.trim_end_matches(".tar"));
    fs::create_dir_all(&dir).unwrap();
    write_tar(&dir.join("t.tar"), &members)
}

fn position(members: &[Member], name: &str) -> usize {
    members.iter().position(|m| m.name == name).unwrap()
}

#[test]
fn tar_rebuilt_from_members_verifies() {
    let fx = Fx::new();
    let t = tar_case(&fx, "same.tar", |_| {});
    assert_eq!(verify(&fx, &t, &[]), (0, None));
    assert_eq!(recipe(&t, &[fx.pubkey("alice")], &[]), 0);
}

#[test]
fn tar_hard_link_member() {
    let fx = Fx::new();
    let t = tar_case(&fx, "hl.tar", |m| {
        let i = position(m, "t/files/a.txt");
        m[i] = Member {
            name: "t/files/a.txt".into(),
            flag: b'1',
            data: Vec::new(),
            link: "/etc/passwd".into(),
        };
    });
    assert_invalid(&fx, &t, &[], "not-a-regular-file");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_device_member() {
    let fx = Fx::new();
    let t = tar_case(&fx, "dev.tar", |m| {
        m.push(Member {
            name: "t/files/null".into(),
            flag: b'3',
            data: Vec::new(),
            link: String::new(),
        });
    });
    assert_invalid(&fx, &t, &[], "not-a-regular-file");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_symlink_member() {
    let fx = Fx::new();
    let t = tar_case(&fx, "sym.tar", |m| {
        let i = position(m, "t/files/a.txt");
        m[i] = Member {
            name: "t/files/a.txt".into(),
            flag: b'2',
            data: Vec::new(),
            link: "../../../etc/passwd".into(),
        };
    });
    assert_invalid(&fx, &t, &[], "not-a-regular-file");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_duplicate_member() {
    let fx = Fx::new();
    // A second a.txt after the first: tar and Python keep the last one.
    let t = tar_case(&fx, "dup.tar", |m| {
        m.push(file("t/files/a.txt", b"replaced\n".to_vec()));
    });
    assert_invalid(&fx, &t, &[], "duplicate-entry");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_evidence_before_manifest() {
    let fx = Fx::new();
    let t = tar_case(&fx, "order.tar", |m| {
        let i = position(m, "t/files/a.txt");
        let f = m.remove(i);
        m.insert(1, f);
    });
    assert_invalid(&fx, &t, &[], "tar-order");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_member_outside_the_top_folder() {
    let fx = Fx::new();
    let t = tar_case(&fx, "outside.tar", |m| {
        m.push(file("other/x.txt", b"x\n".to_vec()));
    });
    assert_invalid(&fx, &t, &[], "layout-invalid");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_path_traversal_member() {
    let fx = Fx::new();
    let t = tar_case(&fx, "trav.tar", |m| {
        m.push(file("t/files/../../evil.sh", b"rm -rf ~\n".to_vec()));
    });
    assert_invalid(&fx, &t, &[], "path-traversal");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_truncated() {
    let fx = Fx::new();
    let t = fx.bundle("cut.tar", &[1]);
    let bytes = fs::read(&t).unwrap();
    fs::write(&t, &bytes[..bytes.len() / 2]).unwrap();
    assert_invalid(&fx, &t, &[], "tar-malformed");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_tampered_content() {
    let fx = Fx::new();
    let t = fx.bundle("tamper.tar", &[1]);
    let mut bytes = fs::read(&t).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == b"bravo\n")
        .expect("content in the tar");
    bytes[at] = b'B';
    fs::write(&t, bytes).unwrap();
    assert_invalid(&fx, &t, &[], "hash-mismatch");
    recipe_refuses(&fx, &t);
}

#[test]
fn tar_data_after_the_end() {
    let fx = Fx::new();
    let t = fx.bundle("trail.tar", &[1]);
    let mut bytes = fs::read(&t).unwrap();
    bytes.extend_from_slice(b"hidden payload");
    fs::write(&t, bytes).unwrap();
    assert_invalid(&fx, &t, &[], "tar-malformed");
}

#[test]
fn tar_missing_file() {
    let fx = Fx::new();
    let t = tar_case(&fx, "miss.tar", |m| {
        let i = position(m, "t/files/dir/b.txt");
        m.remove(i);
    });
    assert_invalid(&fx, &t, &[], "missing-file");
    recipe_refuses(&fx, &t);
}

// ------------------------------------------------------------------------------------------------
// Extract, create, keygen

#[test]
fn extract_writes_only_verified_bundles_and_never_overwrites() {
    let fx = Fx::new();
    for name in ["x", "x.tar"] {
        let b = fx.bundle(name, &[1]);
        let to = fx.path(&format!("{name}-out"));
        evidence()
            .args(["bundle", "extract"])
            .arg(&b)
            .arg("--to")
            .arg(&to)
            .arg("--key")
            .arg(fx.pubkey("alice"))
            .args(["--at", AT])
            .assert()
            .success();
        assert_eq!(fs::read(to.join("files/dir/b.txt")).unwrap(), b"bravo\n");
        assert_eq!(verify(&fx, &to, &[]), (0, None), "the copy is a bundle too");
        // Never over an existing directory.
        evidence()
            .args(["bundle", "extract"])
            .arg(&b)
            .arg("--to")
            .arg(&to)
            .arg("--key")
            .arg(fx.pubkey("alice"))
            .args(["--at", AT])
            .assert()
            .code(2);
    }
    // A tampered bundle leaves nothing behind.
    let t = fx.bundle("bad.tar", &[1]);
    let mut bytes = fs::read(&t).unwrap();
    let at = bytes.windows(6).position(|w| w == b"bravo\n").unwrap();
    bytes[at] = b'B';
    fs::write(&t, bytes).unwrap();
    let before: Vec<_> = fs::read_dir(fx.dir.path()).unwrap().collect();
    evidence()
        .args(["bundle", "extract"])
        .arg(&t)
        .arg("--to")
        .arg(fx.path("bad-out"))
        .arg("--key")
        .arg(fx.pubkey("alice"))
        .args(["--at", AT])
        .assert()
        .code(1);
    assert!(!fx.path("bad-out").exists());
    let after: Vec<_> = fs::read_dir(fx.dir.path()).unwrap().collect();
    assert_eq!(before.len(), after.len(), "no temporary directory left");
}

#[test]
fn a_failed_create_leaves_nothing_and_never_overwrites() {
    let fx = Fx::new();
    let mut input = fx.input();
    input.files.push(InputFile {
        source: fx.path("src/does-not-exist"),
        path: "zzz.txt".into(),
        controls: vec![],
        collected_at: None,
        description: None,
    });
    for name in ["fail", "fail.tar"] {
        let opts = CreateOptions {
            out: fx.path(name),
            created_at: CREATED.parse().unwrap(),
            expires_at: None,
            sequence: None,
            supersedes: None,
            signers: vec![key(1)],
            allow_findings: false,
            bundle_id: None,
        };
        let before = fs::read_dir(fx.dir.path()).unwrap().count();
        let err = bundle::create(&input, &opts, &ProgressBar::hidden()).unwrap_err();
        assert_eq!(err.code, bundle::Code::InputInvalid);
        assert_eq!(fs::read_dir(fx.dir.path()).unwrap().count(), before);
    }
    let b = fx.bundle("exists", &[1]);
    let opts = CreateOptions {
        out: b,
        created_at: CREATED.parse().unwrap(),
        expires_at: None,
        sequence: None,
        supersedes: None,
        signers: vec![],
        allow_findings: false,
        bundle_id: None,
    };
    let err = bundle::create(&fx.input(), &opts, &ProgressBar::hidden()).unwrap_err();
    assert_eq!(err.code, bundle::Code::OutputExists);
}

#[test]
fn unsafe_input_paths_are_refused_at_creation() {
    let fx = Fx::new();
    let mut input = fx.input();
    input.files[0].path = "../escape.txt".into();
    let opts = CreateOptions {
        out: fx.path("x"),
        created_at: CREATED.parse().unwrap(),
        expires_at: None,
        sequence: None,
        supersedes: None,
        signers: vec![],
        allow_findings: false,
        bundle_id: None,
    };
    let err = bundle::create(&input, &opts, &ProgressBar::hidden()).unwrap_err();
    assert_eq!(err.code, bundle::Code::InputInvalid);
    assert!(!fx.path("x").exists());
}

#[test]
fn supersedes_links_the_series() {
    let fx = Fx::new();
    let first = fx.bundle("first.tar", &[1]);
    let opts = CreateOptions {
        out: fx.path("second"),
        created_at: "2026-05-02T12:00:00Z".parse().unwrap(),
        expires_at: None,
        sequence: None,
        supersedes: Some(first.clone()),
        signers: vec![key(1)],
        allow_findings: false,
        bundle_id: None,
    };
    let created = bundle::create(&fx.input(), &opts, &ProgressBar::hidden()).unwrap();
    let m = &created.manifest.manifest;
    assert_eq!(m.sequence, 2);
    assert_eq!(m.bundle_id, "acme-2026");
    let prev = bundle::inspect(&first).unwrap();
    assert_eq!(
        m.supersedes.as_deref(),
        Some(prev.manifest.digest().as_str())
    );
    assert_eq!(
        verify(&fx, &fx.path("second"), &["--min-sequence", "2"]),
        (0, None)
    );
}

#[test]
fn keygen_writes_0600_pkcs8_v1_that_openssl_uses_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("k");
    let out = evidence()
        .args(["keygen", "--out"])
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(out.status.success());
    let keyid = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mode = fs::metadata(dir.path().join("k.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // openssl reads the private key and derives the same public key.
    let derived = std::process::Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(dir.path().join("k.key"))
        .output()
        .unwrap();
    assert!(derived.status.success(), "openssl refused the key");
    assert_eq!(derived.stdout, fs::read(dir.path().join("k.pub")).unwrap());
    // The key id is SHA-256 of the SPKI DER, as openssl and sha256sum compute it.
    let der = std::process::Command::new("openssl")
        .args(["pkey", "-pubin", "-outform", "DER", "-in"])
        .arg(dir.path().join("k.pub"))
        .output()
        .unwrap();
    use sha2::Digest;
    assert_eq!(
        keyid,
        bundle::hex::encode(&sha2::Sha256::digest(&der.stdout))
    );
    // Never overwritten.
    let before = fs::read(dir.path().join("k.key")).unwrap();
    evidence()
        .args(["keygen", "--out"])
        .arg(&prefix)
        .assert()
        .code(2);
    assert_eq!(fs::read(dir.path().join("k.key")).unwrap(), before);
}

#[test]
fn openssl_keys_sign_bundles_and_openssl_signatures_verify() {
    let fx = Fx::new();
    let key_path = fx.path("ossl.key");
    let ok = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed25519", "-out"])
        .arg(&key_path)
        .status()
        .unwrap();
    assert!(ok.success());
    let pub_path = fx.path("ossl.pub");
    assert!(
        std::process::Command::new("openssl")
            .args(["pkey", "-pubout", "-in"])
            .arg(&key_path)
            .arg("-out")
            .arg(&pub_path)
            .status()
            .unwrap()
            .success()
    );
    let b = fx.bundle("b", &[]);
    evidence()
        .args(["bundle", "sign"])
        .arg(&b)
        .arg("--key")
        .arg(&key_path)
        .assert()
        .success();
    assert_eq!(verify_keys(&fx, &b, &["ossl"], &[]), (0, None));
    assert_eq!(recipe(&b, &[pub_path], &[]), 0);
}

#[test]
fn workspace_bundle_from_the_example() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind-gaps");
    if !ws.join("evidence.toml").exists() {
        return;
    }
    let fx = Fx::new();
    let out = fx.path("nw.tar");
    // The example has deliberate gaps: refused without --allow-findings.
    let refused = evidence()
        .args(["bundle", "create", "--now", "2026-11-22", "--out"])
        .arg(&out)
        .arg("--sign")
        .arg(fx.path("alice.key"))
        .args(["--created-at", CREATED, "-C"])
        .arg(&ws)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("check-failed"));
    assert!(!out.exists());
    evidence()
        .args([
            "bundle",
            "create",
            "--allow-findings",
            "--now",
            "2026-11-22",
            "--out",
        ])
        .arg(&out)
        .arg("--sign")
        .arg(fx.path("alice.key"))
        .args([
            "--created-at",
            CREATED,
            "--audit-period",
            "2026-01-01..2026-12-31",
            "-C",
        ])
        .arg(&ws)
        .assert()
        .success();
    assert_eq!(verify(&fx, &out, &[]), (0, None));
    let i = bundle::inspect(&out).unwrap();
    let m = &i.manifest.manifest;
    assert_eq!(m.organisation, "Northwind Labs GmbH");
    assert!(m.check.errors > 0, "the check summary is recorded");
    let paths: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"evidence.toml"));
    assert!(paths.iter().any(|p| p.starts_with("controls/")));
    assert!(
        m.files
            .iter()
            .any(|f| f.path.starts_with("evidence/") && !f.controls.is_empty())
    );
    let shown = evidence()
        .args(["bundle", "inspect"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).starts_with("NOT VERIFIED"));
}
