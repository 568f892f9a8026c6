//! The hostile-bundle corpus: every case builds a good bundle, breaks it in one way, and asserts
//! the exit code and the error code of `evidence bundle verify` (and, where the standard-tools
//! recipe is meant to catch it too, that `scripts/verify-bundle.sh` refuses it).
//!
//! No test depends on the clock: bundles are made with a fixed `created_at` and verified `--at`
//! a fixed time.
// Links, modes and FIFOs are built with Unix APIs.
#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use evidence::bundle::{
    self, BundleInput, CheckSummary, CreateOptions, InputFile, PrivateKey, canonical, keys,
    tar::Writer,
};
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
    /// Only ASCII paths in the bundle (what the standard-tools recipe can check fully).
    ascii: bool,
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
        Self { dir, ascii: true }
    }

    /// As [`Fx::new`], with `e.txt` bundled as the non-ASCII path `été.txt`.
    fn unicode() -> Self {
        Self {
            ascii: false,
            ..Self::new()
        }
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
                file(
                    "e.txt",
                    if self.ascii {
                        "e.txt"
                    } else {
                        "\u{e9}t\u{e9}.txt"
                    },
                    &[],
                ),
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
        bundle::create(&self.input(), &opts, &()).expect("create");
        out
    }

    fn pubkey(&self, name: &str) -> PathBuf {
        self.path(&format!("{name}.pub"))
    }
}

fn evidence() -> Command {
    // EVIDENCE_BIN runs the corpus against another build (to show a case failed before a fix).
    let mut cmd = match std::env::var_os("EVIDENCE_BIN") {
        Some(bin) => Command::new(bin),
        None => Command::cargo_bin("evidence").expect("binary"),
    };
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
    // A non-ASCII path: the binary verifies it; the recipe cannot check NFC and Unicode case
    // folding with its tools, and says so (exit 3) instead of accepting.
    let fx = Fx::unicode();
    for name in ["good", "good.tar"] {
        let b = fx.bundle(name, &[1]);
        assert_eq!(verify(&fx, &b, &[]), (0, None), "{name}");
        assert_eq!(recipe(&b, &[fx.pubkey("alice")], &[]), 3, "{name}");
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

/// Bundles made before issue 16 carry `"notes": 0` in the check summary of their signed
/// manifest: new bundles no longer write it, and those old ones still verify.
#[test]
fn a_signed_manifest_with_the_old_notes_count_still_verifies() {
    let fx = Fx::new();
    let good = fx.bundle("notes-new", &[1]);
    let check = &manifest(&good)["check"];
    assert!(check.get("errors").is_some());
    assert!(check.get("notes").is_none(), "{check}");
    let old = insider(&fx, &good, "notes-old", |m| m["check"]["notes"] = 0.into());
    assert_eq!(manifest(&old)["check"]["notes"], 0);
    assert_eq!(verify(&fx, &old, &[]), (0, None));
}

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
    let fx = Fx::unicode();
    let b = fx.bundle("b", &[1]);
    // The manifest lists the NFC name; the disk holds the NFD spelling of it.
    fs::rename(
        b.join("files/\u{e9}t\u{e9}.txt"),
        b.join("files/e\u{301}te\u{301}.txt"),
    )
    .unwrap();
    assert_invalid(&fx, &b, &[], "unlisted-file");
    // The recipe cannot check non-ASCII paths, and refuses as uncheckable.
    assert_eq!(recipe(&b, &[fx.pubkey("alice")], &[]), 3);
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
    let fx = Fx::unicode();
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
    let fx = Fx::unicode();
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
            f => w.write_data(&special_header(m, f)).unwrap(),
        }
    }
    w.finish().unwrap();
    fs::write(path, out).unwrap();
    path.to_path_buf()
}

/// The ustar header of a link or device member (which the writer never makes): the header the
/// writer gives an empty regular file of that name, with the type flag and link name changed.
fn special_header(m: &Member, flag: u8) -> Vec<u8> {
    assert!(m.name.len() <= 100 && m.link.len() <= 100 && m.link.is_ascii());
    let mut one = Vec::new();
    let mut w = Writer::new(&mut one, 1_777_636_800);
    w.file(&m.name, 0, &[]).unwrap();
    w.finish().unwrap();
    let mut h = one[..512].to_vec();
    h[156] = flag;
    h[157..157 + m.link.len()].copy_from_slice(m.link.as_bytes());
    rechecksum(&mut h);
    h
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
        let err = bundle::create(&input, &opts, &()).unwrap_err();
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
    let err = bundle::create(&fx.input(), &opts, &()).unwrap_err();
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
    let err = bundle::create(&input, &opts, &()).unwrap_err();
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
    let created = bundle::create(&fx.input(), &opts, &()).unwrap();
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

// ------------------------------------------------------------------------------------------------
// Issue 17: the red-team corpus. Every case is a bundle (tar or directory) broken in one way,
// with the exit code and error code `bundle verify` must give. The same corpus is run through
// scripts/verify-bundle.sh, and the two verifiers must agree on every case.

/// One corpus case.
struct Case {
    name: String,
    path: PathBuf,
    /// Extra arguments for `bundle verify` (the recipe gets the same through `env`).
    args: Vec<String>,
    env: Vec<(String, String)>,
    expect: (i32, Option<String>),
}

fn case(name: &str, path: PathBuf, expect: Option<&str>) -> Case {
    Case {
        name: name.to_string(),
        path,
        args: Vec::new(),
        env: Vec::new(),
        expect: match expect {
            None => (0, None),
            Some(c) => (1, Some(c.to_string())),
        },
    }
}

/// Walk a tar's headers: (offset of the member's own ustar header, name, offset of the first
/// header of the member (its pax header if it has one)).
fn tar_headers(bytes: &[u8]) -> Vec<(usize, String, usize)> {
    let mut out = Vec::new();
    let mut off = 0;
    let mut pax: Option<(String, usize)> = None;
    while off + 512 <= bytes.len() {
        let h = &bytes[off..off + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let size_text = std::str::from_utf8(&h[124..135])
            .unwrap()
            .trim_matches(|c| c == ' ' || c == '\0');
        let size = u64::from_str_radix(size_text, 8).unwrap_or(0) as usize;
        let data = off + 512;
        if h[156] == b'x' {
            let body = std::str::from_utf8(&bytes[data..data + size]).unwrap();
            let path = body
                .lines()
                .find_map(|l| l.split_once(" path=").map(|(_, p)| p.to_string()))
                .unwrap_or_default();
            pax = Some((path, off));
        } else {
            let field = |r: std::ops::Range<usize>| {
                let f = &h[r];
                let end = f.iter().position(|&b| b == 0).unwrap_or(f.len());
                String::from_utf8_lossy(&f[..end]).into_owned()
            };
            let (name, first) = match pax.take() {
                Some((p, at)) if !p.is_empty() => (p, at),
                _ => {
                    let prefix = field(345..500);
                    let name = field(0..100);
                    let full = if prefix.is_empty() {
                        name
                    } else {
                        format!("{prefix}/{name}")
                    };
                    (full, off)
                }
            };
            out.push((off, name, first));
        }
        off = data + size.div_ceil(512) * 512;
    }
    out
}

fn rechecksum(h: &mut [u8]) {
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

/// A copy of the tar `src` at `dir/<same file name>` with the header of `member` changed by `f`
/// (the checksum is recomputed, as any attacker would).
fn patch_header(src: &Path, dir: &Path, member: &str, f: impl FnOnce(&mut [u8])) -> PathBuf {
    let mut bytes = fs::read(src).unwrap();
    let (off, _, _) = tar_headers(&bytes)
        .into_iter()
        .find(|(_, n, _)| n == member)
        .unwrap_or_else(|| panic!("no member {member}"));
    f(&mut bytes[off..off + 512]);
    rechecksum(&mut bytes[off..off + 512]);
    fs::create_dir_all(dir).unwrap();
    let out = dir.join(src.file_name().unwrap());
    fs::write(&out, bytes).unwrap();
    out
}

fn set_octal(h: &mut [u8], range: std::ops::Range<usize>, value: u64) {
    let digits = range.len() - 1;
    let text = format!("{value:0digits$o}\0");
    h[range].copy_from_slice(text.as_bytes());
}

/// A copy of the directory bundle `src` at `dst`.
fn copy_bundle(src: &Path, dst: &Path) -> PathBuf {
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(src)
        .arg(dst)
        .status()
        .unwrap();
    assert!(status.success());
    dst.to_path_buf()
}

/// A copy of the directory bundle `good` with its manifest changed by `f` and re-signed by alice
/// (an insider holding a trusted key).
fn insider(fx: &Fx, good: &Path, name: &str, f: impl FnOnce(&mut Value)) -> PathBuf {
    let b = copy_bundle(good, &fx.path(name));
    let mut m = manifest(&b);
    f(&mut m);
    resign_bytes(&b, &pretty(&m), &[1]);
    b
}

/// As [`insider`], for manifests that are not canonical JSON (the bytes are written as given).
fn insider_text(fx: &Fx, good: &Path, name: &str, text: &str) -> PathBuf {
    let b = copy_bundle(good, &fx.path(name));
    resign_bytes(&b, text.as_bytes(), &[1]);
    b
}

/// Rename the listed files (in the manifest and on disk), keep the list sorted, re-sign.
fn insider_paths(fx: &Fx, good: &Path, name: &str, renames: &[(&str, &str)]) -> PathBuf {
    let b = copy_bundle(good, &fx.path(name));
    let mut m = manifest(&b);
    for (old, new) in renames {
        for f in m["files"].as_array_mut().unwrap() {
            if f["path"] == *old {
                f["path"] = Value::String(new.to_string());
            }
        }
    }
    m["files"]
        .as_array_mut()
        .unwrap()
        .sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    // Rename on disk too where the file system allows, so that only the path rules refuse it.
    for (old, new) in renames {
        let to = b.join("files").join(new);
        if let Some(parent) = to.parent() {
            let _ = fs::create_dir_all(parent);
        }
        let _ = fs::rename(b.join("files").join(old), &to);
    }
    resign_bytes(&b, &pretty(&m), &[1]);
    b
}

/// The canonical form when there is one, else what `jq -S .` would write (control characters
/// and large integers included).
fn pretty(v: &Value) -> Vec<u8> {
    canonical::encode(v).unwrap_or_else(|_| {
        let mut t = serde_json::to_string_pretty(v).unwrap();
        t.push('\n');
        t.into_bytes()
    })
}

/// The whole corpus, built under `fx` (an ASCII fixture).
fn corpus(fx: &Fx) -> Vec<Case> {
    let mut cases = Vec::new();
    let good_tar = fx.bundle("good.tar", &[1]);
    let good_dir = fx.bundle("good", &[1]);
    cases.push(case("good tar", good_tar.clone(), None));
    cases.push(case("good directory", good_dir.clone(), None));
    let n = std::cell::Cell::new(0);
    let next_dir = || {
        n.set(n.get() + 1);
        fx.path(&format!("c{}", n.get()))
    };

    // F1: header metadata, without any key. Modes.
    let members = [
        "good/",
        "good/manifest.json",
        "good/signatures/",
        "good/files/",
        "good/files/a.txt",
        "good/files/dir/",
        "good/files/dir/b.txt",
    ];
    for member in members {
        let modes: &[u64] = if member.ends_with('/') {
            &[0o1777, 0o0777, 0o0700, 0o2755]
        } else {
            &[0o6777, 0o4755, 0o2644, 0o0777, 0o0600, 0o0664, 0o0755]
        };
        for &mode in modes {
            let p = patch_header(&good_tar, &next_dir(), member, |h| {
                set_octal(h, 100..108, mode)
            });
            cases.push(case(
                &format!("F1 mode {mode:04o} on {member}"),
                p,
                Some("tar-metadata"),
            ));
        }
    }
    // Mtimes: one second later, and zero.
    for member in members {
        for (what, mtime) in [("+1", 1_777_636_801u64), ("0", 0)] {
            let p = patch_header(&good_tar, &next_dir(), member, |h| {
                set_octal(h, 136..148, mtime)
            });
            cases.push(case(
                &format!("F1 mtime {what} on {member}"),
                p,
                Some("tar-metadata"),
            ));
        }
    }
    // Type flag NUL (an old-style regular file) on each regular file.
    let sig_member = format!(
        "good/signatures/{}",
        keys::signature_file_name(key(1).keyid())
    );
    for member in [
        "good/manifest.json",
        sig_member.as_str(),
        "good/files/a.txt",
    ] {
        let p = patch_header(&good_tar, &next_dir(), member, |h| h[156] = 0);
        cases.push(case(
            &format!("F1 typeflag NUL on {member}"),
            p,
            Some("tar-metadata"),
        ));
    }
    // Owner, names, device numbers, link name, field padding.
    type Patch = fn(&mut [u8]);
    let patches: [(&str, Patch, &str); 10] = [
        ("uid 1000", |h| set_octal(h, 108..116, 1000), "tar-metadata"),
        ("gid 1000", |h| set_octal(h, 116..124, 1000), "tar-metadata"),
        (
            "uname root",
            |h| h[265..269].copy_from_slice(b"root"),
            "tar-metadata",
        ),
        (
            "gname wheel",
            |h| h[297..302].copy_from_slice(b"wheel"),
            "tar-metadata",
        ),
        ("devmajor 1", |h| set_octal(h, 329..337, 1), "tar-metadata"),
        (
            "link name",
            |h| h[157..160].copy_from_slice(b"x/y"),
            "tar-metadata",
        ),
        (
            "mode padded with spaces",
            |h| h[100..108].copy_from_slice(b"    644\0"),
            "tar-metadata",
        ),
        (
            "mtime ended with a space",
            |h| h[147] = b' ',
            "tar-metadata",
        ),
        (
            "typeflag contiguous file",
            |h| h[156] = b'7',
            "not-a-regular-file",
        ),
        (
            "GNU magic",
            |h| h[257..265].copy_from_slice(b"ustar  \0"),
            "tar-unsupported",
        ),
    ];
    for (what, f, code) in patches {
        let p = patch_header(&good_tar, &next_dir(), "good/files/a.txt", f);
        cases.push(case(&format!("F1 {what} on a file"), p, Some(code)));
    }
    // Padding after a member's data.
    {
        let mut bytes = fs::read(&good_tar).unwrap();
        let (off, _, _) = tar_headers(&bytes)
            .into_iter()
            .find(|(_, n, _)| n == "good/files/a.txt")
            .unwrap();
        bytes[off + 512 + 10] = b'!';
        let d = next_dir();
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("good.tar"), bytes).unwrap();
        cases.push(case(
            "F1 non-zero data padding",
            d.join("good.tar"),
            Some("tar-malformed"),
        ));
    }

    // F5: a regular file whose name ends in a slash.
    for member in ["t/files/a.txt", "t/files/dir/b.txt"] {
        let t = tar_case(fx, &format!("f5-{}", member.len()), |m| {
            let i = position(m, member);
            m[i].name.push('/');
        });
        cases.push(case(
            &format!("F5 {member}/ as a file"),
            t,
            Some("tar-metadata"),
        ));
    }

    // F7: order, top folder, unlisted directories, case folds.
    type Reorder = fn(&mut Vec<Member>);
    let reorders: [(&str, Reorder, &str); 9] = [
        (
            "a.txt last",
            |m| {
                let i = position(m, "t/files/a.txt");
                let f = m.remove(i);
                m.push(f);
            },
            "tar-order",
        ),
        (
            "dir/b.txt after dir/sub/c.bin",
            |m| {
                let i = position(m, "t/files/dir/b.txt");
                let f = m.remove(i);
                m.push(f);
            },
            "tar-order",
        ),
        (
            "directory after its file",
            |m| {
                let i = position(m, "t/files/dir/sub");
                let d = m.remove(i);
                m.push(d);
            },
            "tar-order",
        ),
        (
            "directory member left out",
            |m| {
                let i = position(m, "t/files/dir/sub");
                m.remove(i);
            },
            "tar-order",
        ),
        (
            "unlisted empty directory",
            |m| m.push(dir("t/files/empty")),
            "unlisted-directory",
        ),
        (
            "unlisted nested empty directory",
            |m| {
                let i = position(m, "t/files/dir/sub/c.bin");
                m.insert(i + 1, dir("t/files/dir/sub/empty"));
            },
            "unlisted-directory",
        ),
        (
            "file then a case-folded directory",
            |m| {
                let i = position(m, "t/files/a.txt");
                m.insert(i + 1, dir("t/files/A.TXT"));
            },
            "unlisted-directory",
        ),
        (
            "a case-folded twin of a directory",
            |m| {
                m.push(dir("t/files/DIR"));
            },
            "duplicate-entry",
        ),
        (
            "files/ before signatures/",
            |m| {
                let i = position(m, "t/files");
                let d = m.remove(i);
                m.insert(2, d);
            },
            "layout-invalid",
        ),
    ];
    for (i, (what, f, code)) in reorders.into_iter().enumerate() {
        let t = tar_case(fx, &format!("f7-{i}"), f);
        cases.push(case(&format!("F7 {what}"), t, Some(code)));
    }
    {
        let d = next_dir();
        fs::create_dir_all(&d).unwrap();
        fs::copy(&good_tar, d.join("renamed.tar")).unwrap();
        cases.push(case(
            "F7 top folder not named after the file",
            d.join("renamed.tar"),
            Some("tar-metadata"),
        ));
    }
    {
        // Two signers: their signature members must be sorted.
        let two = fx.bundle("two-signers", &[1, 2]);
        let mut m = members_of(&two);
        let i = m
            .iter()
            .position(|x| x.name.starts_with("t/signatures/"))
            .unwrap();
        m.swap(i, i + 1);
        let d = next_dir();
        fs::create_dir_all(&d).unwrap();
        cases.push(case(
            "F7 signatures out of order",
            write_tar(&d.join("t.tar"), &m),
            Some("tar-order"),
        ));
    }
    {
        let b = copy_bundle(&good_dir, &next_dir());
        fs::create_dir(b.join("files/empty")).unwrap();
        cases.push(case(
            "F7 empty directory in a directory bundle",
            b,
            Some("unlisted-directory"),
        ));
        let b = copy_bundle(&good_dir, &next_dir());
        fs::create_dir(b.join("files/dir/sub/empty")).unwrap();
        cases.push(case(
            "F7 nested empty directory in a directory bundle",
            b,
            Some("unlisted-directory"),
        ));
    }
    // F9: 2,500 nested empty directories.
    {
        let b = copy_bundle(&good_dir, &next_dir());
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg("cd files/dir && i=0; while [ $i -lt 2500 ]; do mkdir d && cd -P d || exit 1; i=$((i+1)); done")
            .current_dir(&b)
            .status()
            .unwrap();
        assert!(status.success());
        cases.push(case(
            "F9 2,500 nested directories",
            b,
            Some("unlisted-directory"),
        ));
    }

    // F8: the end of the archive.
    type End = fn(&mut Vec<u8>);
    let ends: [(&str, End, &str); 4] = [
        (
            "one more zero block",
            |b| b.extend_from_slice(&[0; 512]),
            "tar-metadata",
        ),
        (
            "one more zero record",
            |b| b.extend_from_slice(&[0; 10240]),
            "tar-metadata",
        ),
        (
            "record padding cut",
            |b| {
                // Keep the two zero blocks after the last member, drop the rest of the record.
                let last = b.iter().rposition(|&x| x != 0).unwrap();
                b.truncate((last / 512 + 1) * 512 + 1024);
            },
            "tar-metadata",
        ),
        (
            "one zero block then the end",
            |b| {
                let last = b.iter().rposition(|&x| x != 0).unwrap();
                b.truncate((last / 512 + 1) * 512 + 512);
            },
            "tar-malformed",
        ),
    ];
    for (what, f, code) in ends {
        let mut bytes = fs::read(&good_tar).unwrap();
        f(&mut bytes);
        let d = next_dir();
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("good.tar"), bytes).unwrap();
        cases.push(case(&format!("F8 {what}"), d.join("good.tar"), Some(code)));
    }
    {
        // An 8 GiB sparse tail of zeros: refused after one record, not read to the end.
        let d = next_dir();
        fs::create_dir_all(&d).unwrap();
        let p = d.join("good.tar");
        fs::copy(&good_tar, &p).unwrap();
        let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
        let len = f.metadata().unwrap().len();
        f.set_len(len + (8 << 30)).unwrap();
        cases.push(case("F8 8 GiB sparse zero tail", p, Some("tar-metadata")));
    }

    // F6: nullable fields left out of a re-signed manifest.
    for field in ["expires_at", "supersedes", "audit_period"] {
        let b = insider(fx, &good_dir, &format!("f6-{field}"), |m| {
            m.as_object_mut().unwrap().remove(field);
        });
        cases.push(case(&format!("F6 no {field}"), b, Some("manifest-invalid")));
    }
    for field in ["collected_at", "description"] {
        let b = insider(fx, &good_dir, &format!("f6-files-{field}"), |m| {
            m["files"][0].as_object_mut().unwrap().remove(field);
        });
        cases.push(case(
            &format!("F6 no files[0].{field}"),
            b,
            Some("manifest-invalid"),
        ));
    }

    // F10 and S1 paths: invisible characters, 8.3 names, Windows names, folds, lengths.
    let long_component = "x".repeat(256);
    let long_path = format!("{}/b.txt", ["y"; 510].join("/"));
    type Renames<'a> = Vec<(&'a str, String)>;
    let renames: Vec<(String, Renames, &str)> = vec![
        (
            "F10 Hangul filler".into(),
            vec![("a.txt", "a\u{3164}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 combining grapheme joiner".into(),
            vec![("a.txt", "a\u{34f}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 variation selector".into(),
            vec![("a.txt", "a\u{fe0f}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 Hangul choseong filler".into(),
            vec![("a.txt", "a\u{115f}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 halfwidth Hangul filler".into(),
            vec![("a.txt", "a\u{ffa0}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 Mongolian variation selector".into(),
            vec![("a.txt", "a\u{180b}.txt".into())],
            "path-invalid-character",
        ),
        (
            "F10 8.3 alias LONGFI~1.MD".into(),
            vec![("a.txt", "LONGFI~1.MD".into())],
            "path-reserved-name",
        ),
        (
            "F10 8.3 alias in a directory".into(),
            vec![("dir/b.txt", "dir/DOCUME~3.PDF".into())],
            "path-reserved-name",
        ),
        (
            "F10 8.3 alias without extension".into(),
            vec![("a.txt", "progra~1".into())],
            "path-reserved-name",
        ),
        (
            "S1 ligature fi twin".into(),
            vec![
                ("a.txt", "file.txt".into()),
                ("e.txt", "\u{fb01}le.txt".into()),
            ],
            "path-case-collision",
        ),
        (
            "S1 sharp s twin".into(),
            vec![
                ("a.txt", "STRASSE.txt".into()),
                ("e.txt", "stra\u{df}e.txt".into()),
            ],
            "path-case-collision",
        ),
        (
            "S1 final sigma twin".into(),
            vec![
                ("a.txt", "\u{3c3}.txt".into()),
                ("e.txt", "\u{3c2}.txt".into()),
            ],
            "path-case-collision",
        ),
        (
            "S1 ASCII case twin".into(),
            vec![
                ("a.txt", "README.txt".into()),
                ("e.txt", "readme.txt".into()),
            ],
            "path-case-collision",
        ),
        (
            "S1 file and folded directory".into(),
            vec![("a.txt", "DIR".into())],
            "path-case-collision",
        ),
        (
            "S1 colon".into(),
            vec![("a.txt", "a:b".into())],
            "path-invalid-character",
        ),
        (
            "S1 CONIN$".into(),
            vec![("a.txt", "CONIN$".into())],
            "path-reserved-name",
        ),
        (
            "S1 COM superscript one".into(),
            vec![("a.txt", "COM\u{b9}".into())],
            "path-reserved-name",
        ),
        (
            "S1 aux.txt".into(),
            vec![("a.txt", "aux.txt".into())],
            "path-reserved-name",
        ),
        (
            "S1 trailing dot".into(),
            vec![("a.txt", "a.".into())],
            "path-reserved-name",
        ),
        (
            "S1 trailing space".into(),
            vec![("a.txt", "a ".into())],
            "path-reserved-name",
        ),
        (
            "S1 question mark".into(),
            vec![("a.txt", "a?.txt".into())],
            "path-invalid-character",
        ),
        (
            "S1 C1 control in a path".into(),
            vec![("a.txt", "a\u{85}.txt".into())],
            "manifest-not-canonical",
        ),
        (
            "S1 soft hyphen".into(),
            vec![("a.txt", "a\u{ad}.txt".into())],
            "path-invalid-character",
        ),
        (
            "S1 NFD path".into(),
            vec![("a.txt", "e\u{301}.txt".into())],
            "path-not-nfc",
        ),
        (
            "S1 over-long component".into(),
            vec![("a.txt", long_component.clone())],
            "path-invalid-component",
        ),
        (
            "S1 over-long path".into(),
            vec![("a.txt", long_path.clone())],
            "path-invalid-component",
        ),
        (
            "S1 backslash".into(),
            vec![("a.txt", "a\\b.txt".into())],
            "path-invalid-character",
        ),
        (
            "S1 dot component".into(),
            vec![("a.txt", "./a.txt".into())],
            "path-invalid-component",
        ),
    ];
    for (i, (what, r, code)) in renames.iter().enumerate() {
        let r: Vec<(&str, &str)> = r.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let b = insider_paths(fx, &good_dir, &format!("paths-{i}"), &r);
        cases.push(case(what, b, Some(code)));
    }

    // S1 values an insider can sign.
    type Edit = fn(&mut Value);
    let edits: Vec<(&str, Edit, &str)> = vec![
        (
            "sequence 0",
            |m| m["sequence"] = 0.into(),
            "manifest-invalid",
        ),
        (
            "sequence -1",
            |m| m["sequence"] = (-1).into(),
            "manifest-invalid",
        ),
        (
            "check.errors -1",
            |m| m["check"]["errors"] = (-1).into(),
            "manifest-invalid",
        ),
        (
            "size -1",
            |m| m["files"][0]["size"] = (-1).into(),
            "manifest-invalid",
        ),
        (
            "C1 control in organisation",
            |m| m["organisation"] = "Acme\u{9b}31m".into(),
            "manifest-not-canonical",
        ),
        (
            "unknown field in files[0]",
            |m| m["files"][0]["mode"] = "0755".into(),
            "manifest-unknown-field",
        ),
        (
            "unknown field in tool",
            |m| m["tool"]["commit"] = "x".into(),
            "manifest-unknown-field",
        ),
        (
            "unknown field in check",
            |m| m["check"]["skipped"] = 0.into(),
            "manifest-unknown-field",
        ),
        (
            "unknown field in audit_period",
            |m| m["audit_period"]["tz"] = "UTC".into(),
            "manifest-unknown-field",
        ),
        (
            "unknown top-level field",
            |m| m["comment"] = "x".into(),
            "manifest-unknown-field",
        ),
        (
            "uppercase sha256",
            |m| {
                let h = m["files"][0]["sha256"].as_str().unwrap().to_uppercase();
                m["files"][0]["sha256"] = h.into();
            },
            "manifest-invalid",
        ),
        (
            "short sha256",
            |m| m["files"][0]["sha256"] = "abc".into(),
            "manifest-invalid",
        ),
        (
            "uppercase supersedes",
            |m| m["supersedes"] = "A".repeat(64).into(),
            "manifest-invalid",
        ),
        (
            "created_at with an offset",
            |m| m["created_at"] = "2026-05-01T13:00:00+01:00".into(),
            "manifest-invalid",
        ),
        (
            "created_at with a leap second",
            |m| m["created_at"] = "2026-04-30T23:59:60Z".into(),
            "manifest-invalid",
        ),
        (
            "created_at with a fraction",
            |m| m["created_at"] = "2026-05-01T12:00:00.5Z".into(),
            "manifest-invalid",
        ),
        (
            "created_at lowercase z",
            |m| m["created_at"] = "2026-05-01T12:00:00z".into(),
            "manifest-invalid",
        ),
        (
            "created_at a date",
            |m| m["created_at"] = "2026-05-01".into(),
            "manifest-invalid",
        ),
        (
            "expires_at with an offset",
            |m| m["expires_at"] = "2027-05-01T11:00:00-01:00".into(),
            "manifest-invalid",
        ),
        (
            "expires_at before created_at",
            |m| m["expires_at"] = "2026-04-01T00:00:00Z".into(),
            "manifest-invalid",
        ),
        (
            "reversed audit period",
            |m| m["audit_period"] = serde_json::json!({"start": "2026-12-31", "end": "2026-01-01"}),
            "manifest-invalid",
        ),
        (
            "audit period 30 February",
            |m| m["audit_period"]["end"] = "2026-02-30".into(),
            "manifest-invalid",
        ),
        (
            "collected_at not a date",
            |m| m["files"][0]["collected_at"] = "April".into(),
            "manifest-invalid",
        ),
        (
            "bundle id with a slash",
            |m| m["bundle_id"] = "acme/2026".into(),
            "manifest-invalid",
        ),
        (
            "empty bundle id",
            |m| m["bundle_id"] = "".into(),
            "manifest-invalid",
        ),
        (
            "bundle id of 129 characters",
            |m| m["bundle_id"] = "a".repeat(129).into(),
            "manifest-invalid",
        ),
        (
            "bundle id with a space",
            |m| m["bundle_id"] = "acme 2026".into(),
            "manifest-invalid",
        ),
        (
            "wrong _type",
            |m| m["_type"] = "application/json".into(),
            "manifest-invalid",
        ),
        (
            "files not an array",
            |m| m["files"] = serde_json::json!({}),
            "manifest-invalid",
        ),
        (
            "sequence a string",
            |m| m["sequence"] = "1".into(),
            "manifest-invalid",
        ),
        (
            "integer 2^53",
            |m| m["check"]["errors"] = (1u64 << 53).into(),
            "manifest-not-canonical",
        ),
    ];
    for (i, (what, f, code)) in edits.into_iter().enumerate() {
        let b = insider(fx, &good_dir, &format!("edit-{i}"), f);
        cases.push(case(&format!("S1 {what}"), b, Some(code)));
    }
    let texts: Vec<(&str, String, &str)> = {
        let good = String::from_utf8(fs::read(good_dir.join("manifest.json")).unwrap()).unwrap();
        vec![
            (
                "S1 sequence -0",
                good.replace("\"sequence\": 1,", "\"sequence\": -0,"),
                "manifest-not-canonical",
            ),
            (
                "S1 errors -0",
                good.replace("\"errors\": 0,", "\"errors\": -0,"),
                "manifest-not-canonical",
            ),
            (
                "S1 sequence 1.0",
                good.replace("\"sequence\": 1,", "\"sequence\": 1.0,"),
                "manifest-not-canonical",
            ),
            (
                "S1 escaped slash",
                good.replace("dir/b.txt", "dir\\/b.txt"),
                "manifest-not-canonical",
            ),
            (
                "S1 byte-order mark",
                format!("\u{feff}{good}"),
                "manifest-invalid",
            ),
        ]
    };
    for (i, (what, text, code)) in texts.into_iter().enumerate() {
        let b = insider_text(fx, &good_dir, &format!("text-{i}"), &text);
        cases.push(case(what, b, Some(code)));
    }

    // Long ASCII names: a ustar prefix/name split, and a pax path record where no split fits
    // (the recipe rebuilds both forms).
    {
        let mut input = fx.input();
        let src = fx.path("src/a.txt");
        for path in [
            format!("{}/{}", "p".repeat(120), "n".repeat(90)),
            format!("q/{}", "r".repeat(200)),
            format!("{}/s.txt", ["t"; 300].join("/")),
        ] {
            input.files.push(InputFile {
                source: src.clone(),
                path,
                controls: vec![],
                collected_at: None,
                description: None,
            });
        }
        for name in ["long.tar", "long"] {
            let out = fx.path(name);
            let opts = CreateOptions {
                out: out.clone(),
                created_at: CREATED.parse().unwrap(),
                expires_at: Some(EXPIRES.parse().unwrap()),
                sequence: Some(1),
                supersedes: None,
                signers: vec![key(1)],
                allow_findings: false,
                bundle_id: Some("acme-2026".into()),
            };
            bundle::create(&input, &opts, &()).expect("create");
            cases.push(case(&format!("long ASCII names ({name})"), out, None));
        }
        let long_tar = fx.path("long.tar");
        let p = patch_header(
            &long_tar,
            &next_dir(),
            &format!("long/files/q/{}", "r".repeat(200)),
            |h| set_octal(h, 100..108, 0o4755),
        );
        cases.push(case(
            "F1 mode 4755 on a member with a pax path",
            p,
            Some("tar-metadata"),
        ));
    }

    // S2: a tar whose top folder is not ASCII verifies.
    let accent = fx.bundle("\u{e9}vidence.tar", &[1]);
    cases.push(case("S2 non-ASCII top folder", accent, None));

    // S3: the verification time with an offset, the minimum sequence and the bundle id.
    let timed: [(&str, &str, Option<&str>); 4] = [
        (
            "S3 at 10:30Z written with -01:00, after expiry",
            "2027-05-01T11:30:00-01:00",
            Some("expired"),
        ),
        (
            "S3 at 10:30Z written with +01:00, before expiry",
            "2027-05-01T12:30:00+01:00",
            None,
        ),
        (
            "S3 created in the future, written with an offset",
            "2026-05-01T12:00:00+02:00",
            Some("created-in-future"),
        ),
        ("S3 just before expiry", "2027-05-01T11:59:59Z", None),
    ];
    for (what, at, code) in timed {
        let mut c = case(what, good_tar.clone(), code);
        c.args = vec!["--at".into(), at.into()];
        c.env = vec![("AT".into(), at.into())];
        cases.push(c);
    }
    type Flags<'a> = &'a [(&'a str, &'a str, &'a str)];
    let expectations: [(&str, Flags, Option<&str>); 5] = [
        (
            "S3 minimum sequence 2",
            &[("--min-sequence", "MIN_SEQUENCE", "2")],
            Some("sequence-too-low"),
        ),
        (
            "S3 minimum sequence 1",
            &[("--min-sequence", "MIN_SEQUENCE", "1")],
            None,
        ),
        (
            "S3 another bundle id",
            &[("--expect-bundle-id", "BUNDLE_ID", "acme-2025")],
            Some("wrong-bundle-id"),
        ),
        (
            "S3 the bundle id",
            &[("--expect-bundle-id", "BUNDLE_ID", "acme-2026")],
            None,
        ),
        (
            "S3 a bundle-id prefix",
            &[("--expect-bundle-id", "BUNDLE_ID", "acme")],
            Some("wrong-bundle-id"),
        ),
    ];
    for (what, opts, code) in expectations {
        for form in [&good_tar, &good_dir] {
            let mut c = case(what, form.clone(), code);
            for (flag, var, value) in opts {
                c.args.extend([flag.to_string(), value.to_string()]);
                c.env.push((var.to_string(), value.to_string()));
            }
            cases.push(c);
        }
    }
    cases
}

fn run_binary(fx: &Fx, c: &Case) -> (i32, Option<String>) {
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    verify(fx, &c.path, &args)
}

fn run_recipe(fx: &Fx, c: &Case) -> (i32, String) {
    // RECIPE runs the corpus against another copy of the script (to show it failed before).
    let script = std::env::var_os("RECIPE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/verify-bundle.sh"));
    let mut cmd = std::process::Command::new("sh");
    cmd.arg(script)
        .arg(&c.path)
        .arg(fx.pubkey("alice"))
        .env("AT", AT);
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run sh");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_issue_17_corpus_gets_the_expected_exit_and_error_codes() {
    let fx = Fx::new();
    let cases = corpus(&fx);
    let mut wrong = Vec::new();
    for c in &cases {
        let got = run_binary(&fx, c);
        if got != c.expect {
            wrong.push(format!("{}: got {got:?}, expected {:?}", c.name, c.expect));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    assert!(cases.len() >= 150, "{} cases", cases.len());
}

#[test]
fn the_binary_and_the_recipe_agree_on_the_whole_corpus() {
    let fx = Fx::new();
    let cases = corpus(&fx);
    let mut disagree = Vec::new();
    let mut uncheckable = 0;
    for c in &cases {
        let (binary, code) = run_binary(&fx, c);
        let (recipe, stderr) = run_recipe(&fx, c);
        // 3: the recipe cannot do a check the bundle needs, and refuses it (non-ASCII paths).
        if recipe == 3 {
            uncheckable += 1;
        }
        let agree = match binary {
            0 => recipe == 0,
            _ => recipe == 1 || recipe == 3,
        };
        if !agree {
            disagree.push(format!(
                "{}: binary {binary} {code:?}, recipe {recipe}: {}",
                c.name,
                stderr.trim()
            ));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} of {} cases:\n{}",
        disagree.len(),
        cases.len(),
        disagree.join("\n")
    );
    // Only the cases whose paths are not ASCII are beyond the recipe.
    assert!(
        uncheckable <= 12,
        "{uncheckable} cases the recipe cannot check"
    );
}

// F2: names from untrusted input never reach the terminal raw.

/// Run `bundle verify` in text form: (exit, stdout, stderr).
fn verify_text(fx: &Fx, path: &Path) -> (i32, String, String) {
    let out = evidence()
        .args(["bundle", "verify"])
        .arg(path)
        .arg("--key")
        .arg(fx.pubkey("alice"))
        .args(["--at", AT])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
fn assert_no_raw_controls(text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}' || c == '\u{9b}'),
        "raw control or bidi character printed: {text:?}"
    );
    assert!(!text.contains("\nverified"), "a forged line: {text:?}");
}

#[test]
fn untrusted_names_are_escaped_in_messages_and_reports() {
    let fx = Fx::new();
    let fake = "\u{1b}[2K\r\nverified: all good\u{1b}[8m";
    // A tar member outside the top folder, and one beside manifest.json.
    let outside = tar_case(&fx, "esc-outside.tar", |m| {
        m.push(file(&format!("t{fake}/x"), b"x".to_vec()));
    });
    let beside = tar_case(&fx, "esc-beside.tar", |m| {
        m.insert(1, file(&format!("t/x{fake}"), b"x".to_vec()));
    });
    // A file on disk in a directory bundle.
    let b = fx.bundle("esc-dir", &[1]);
    fs::write(b.join("files").join(format!("x{fake}")), "x").unwrap();
    for (path, code) in [
        (&outside, "layout-invalid"),
        (&beside, "unexpected-entry"),
        (&b, "unlisted-file"),
    ] {
        assert_invalid(&fx, path, &[], code);
        let (exit, stdout, stderr) = verify_text(&fx, path);
        assert_eq!(exit, 1);
        assert_no_raw_controls(&stdout);
        assert_no_raw_controls(&stderr);
        assert!(stderr.contains("\\u{001b}"), "escaped: {stderr}");
    }
    // A right-to-left override in the organisation, signed by an insider: the bundle verifies,
    // and neither verify nor inspect prints the override raw.
    let org = fx.bundle("esc-org", &[1]);
    let mut m = manifest(&org);
    m["organisation"] = Value::String("Acme \u{202e}dtL\u{202c} Ltd".into());
    m["files"][0]["description"] = Value::String("\u{202e}fdp.exe".into());
    resign(&org, &m);
    assert_eq!(verify(&fx, &org, &[]), (0, None));
    let (exit, stdout, stderr) = verify_text(&fx, &org);
    assert_eq!(exit, 0);
    assert_no_raw_controls(&stdout);
    assert_no_raw_controls(&stderr);
    assert!(stdout.contains("\\u{202e}"), "{stdout}");
    let shown = evidence()
        .args(["bundle", "inspect"])
        .arg(&org)
        .output()
        .unwrap();
    assert_eq!(shown.status.code(), Some(0));
    assert_no_raw_controls(&String::from_utf8_lossy(&shown.stdout));
    // JSON output escapes them too (as JSON escapes: the value is unchanged).
    let out = evidence()
        .args(["bundle", "verify"])
        .arg(&org)
        .arg("--key")
        .arg(fx.pubkey("alice"))
        .args(["--at", AT, "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_no_raw_controls(&text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["organisation"], "Acme \u{202e}dtL\u{202c} Ltd");
}

// F3: opens of untrusted paths neither follow links nor block.

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn untrusted_opens_neither_follow_links_nor_block_on_fifos() {
    use evidence::files::{OpenError, open_regular_nofollow};
    let fx = Fx::new();
    let fifo = fx.path("fifo");
    mkfifo(&fifo);
    // Without O_NONBLOCK this open would wait forever for a writer.
    assert!(matches!(
        open_regular_nofollow(&fifo),
        Err(OpenError::NotRegular("a FIFO"))
    ));
    let link = fx.path("link");
    std::os::unix::fs::symlink(fx.path("src/a.txt"), &link).unwrap();
    assert!(matches!(
        open_regular_nofollow(&link),
        Err(OpenError::NotRegular("a symbolic link"))
    ));
    assert!(open_regular_nofollow(&fx.path("src/a.txt")).is_ok());
    // A listed file that is a FIFO, and a manifest that is a FIFO: refused, not waited on.
    let b = fx.bundle("fifo-file", &[1]);
    fs::remove_file(b.join("files/a.txt")).unwrap();
    mkfifo(&b.join("files/a.txt"));
    assert_invalid(&fx, &b, &[], "not-a-regular-file");
    let b = fx.bundle("fifo-manifest", &[1]);
    fs::remove_file(b.join("manifest.json")).unwrap();
    mkfifo(&b.join("manifest.json"));
    assert_invalid(&fx, &b, &[], "not-a-regular-file");
    // A signature file that is a link to a valid signature elsewhere.
    let b = fx.bundle("sig-link", &[1]);
    let real = fx.path("real.sig");
    fs::rename(alice_sig(&b), &real).unwrap();
    std::os::unix::fs::symlink(&real, alice_sig(&b)).unwrap();
    assert_invalid(&fx, &b, &[], "not-a-regular-file");
    // bundle create from an input file list: a FIFO source is refused, not waited on.
    let input = fx.input();
    let mut input = input;
    input.files[0].source = fifo.clone();
    let opts = CreateOptions {
        out: fx.path("from-fifo"),
        created_at: CREATED.parse().unwrap(),
        expires_at: None,
        sequence: None,
        supersedes: None,
        signers: vec![key(1)],
        allow_findings: false,
        bundle_id: None,
    };
    let err = bundle::create(&input, &opts, &()).unwrap_err();
    assert_eq!(err.code, bundle::Code::InputInvalid, "{err}");
    assert!(!fx.path("from-fifo").exists());
}

// F4: bundle create never packs anything from outside the workspace, --allow-findings or not.

/// A copy of the example workspace, changed by `f` (given the workspace and a directory outside
/// it), then `bundle create --allow-findings`: (exit, stderr, whether the bundle exists).
fn hostile_workspace(name: &str, f: impl FnOnce(&Path, &Path)) -> (i32, String, bool) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind-gaps");
    let scratch = tempfile::tempdir().unwrap();
    let ws = scratch.path().join("ws");
    copy_bundle(&example, &ws);
    let outside = scratch.path().join("outside");
    fs::create_dir_all(outside.join("secrets")).unwrap();
    fs::write(
        outside.join("secret.txt"),
        "AWS_SECRET_ACCESS_KEY=hunter2\n",
    )
    .unwrap();
    fs::write(outside.join("secrets/token"), "ghp_secret\n").unwrap();
    fs::write(outside.join("dpa-template-v3.md"), "stolen\n").unwrap();
    f(&ws, &outside);
    key(1).write_pair(&scratch.path().join("k")).unwrap();
    let out = scratch.path().join(format!("{name}.tar"));
    let run = evidence()
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
        .arg(scratch.path().join("k.key"))
        .args(["--created-at", CREATED, "-C"])
        .arg(&ws)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    let made = out.exists();
    if made {
        // Whatever was packed, no secret from outside is in it.
        let bytes = fs::read(&out).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("hunter2") && !text.contains("ghp_secret") && !text.contains("stolen")
        );
    }
    (run.status.code().unwrap(), stderr, made)
}

fn symlink(target: &Path, link: &Path) {
    let _ = fs::remove_file(link);
    let _ = fs::remove_dir_all(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn bundle_create_refuses_evidence_outside_the_workspace_even_with_allow_findings() {
    type Setup = fn(&Path, &Path);
    let cases: Vec<(&str, Setup, i32, Option<&str>)> = vec![
        (
            "environ",
            |ws, _| {
                symlink(
                    Path::new("/proc/self/environ"),
                    &ws.join("evidence/privacy/dpa-template-v3.md"),
                )
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "file-link-out",
            |ws, o| {
                symlink(
                    &o.join("secret.txt"),
                    &ws.join("evidence/privacy/dpa-template-v3.md"),
                )
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "dir-link-out",
            |ws, o| symlink(o, &ws.join("evidence/privacy")),
            2,
            Some("input-outside-workspace"),
        ),
        (
            "evidence-root-out",
            |ws, o| {
                fs::rename(ws.join("evidence"), o.join("evidence")).unwrap();
                symlink(&o.join("evidence"), &ws.join("evidence"));
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "link-inside-a-dir",
            |ws, o| {
                replace_in(
                    &ws.join("controls/privacy.yaml"),
                    "privacy/dpa-template-v3.md",
                    "privacy",
                );
                symlink(&o.join("secrets"), &ws.join("evidence/privacy/more"));
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "dotdot-path",
            |ws, _| {
                replace_in(
                    &ws.join("controls/privacy.yaml"),
                    "privacy/dpa-template-v3.md",
                    "../../outside/secret.txt",
                )
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "absolute-path",
            |ws, o| {
                replace_in(
                    &ws.join("controls/privacy.yaml"),
                    "privacy/dpa-template-v3.md",
                    o.join("secret.txt").to_str().unwrap(),
                )
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "fifo",
            |ws, _| {
                let p = ws.join("evidence/privacy/dpa-template-v3.md");
                fs::remove_file(&p).unwrap();
                mkfifo(&p);
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "device",
            |ws, _| {
                symlink(
                    Path::new("/dev/zero"),
                    &ws.join("evidence/privacy/dpa-template-v3.md"),
                )
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "link-loop",
            |ws, _| {
                let p = ws.join("evidence/privacy/dpa-template-v3.md");
                symlink(&p, &p);
            },
            2,
            Some("input-outside-workspace"),
        ),
        (
            "matrix-yaml-link-out",
            |ws, o| {
                fs::write(o.join("extra.yaml"), "stolen: true\n").unwrap();
                symlink(&o.join("extra.yaml"), &ws.join("scope/extra.yaml"));
            },
            2,
            None,
        ),
        (
            "link-inside-the-workspace",
            |ws, _| {
                let p = ws.join("evidence/privacy/dpa-template-v3.md");
                fs::rename(&p, ws.join("evidence/privacy/real.md")).unwrap();
                symlink(Path::new("real.md"), &p);
            },
            0,
            None,
        ),
    ];
    let mut wrong = Vec::new();
    for (name, setup, exit, code) in cases {
        let (got, stderr, made) = hostile_workspace(name, setup);
        let code_ok = code.is_none_or(|c| stderr.contains(&format!("[{c}]")));
        if got != exit || !code_ok || made != (exit == 0) {
            wrong.push(format!("{name}: exit {got}, made {made}, stderr {stderr}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
