//! `evidence check --attest` and `evidence attest verify|bundle`: in-toto attestations made from
//! the command line on the example workspaces, verified by our verifier and by openssl alone
//! (the README's recipe), and refused when a subject, the payload, the key or the envelope is
//! not what was signed.
//!
//! The openssl recipe needs openssl, jq and sha256sum: in CI (`CI` set) their absence fails the
//! test; elsewhere it says it was skipped.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{NOW, copy_dir, evidence};
use evidence::attest::{Envelope, Statement, Subject};
use evidence::bundle::PrivateKey;
use serde_json::Value;

/// A temporary directory with a copy of an example workspace (`ws/`) and two key pairs
/// (`alice`, `mallory`).
struct Fx {
    dir: tempfile::TempDir,
}

impl Fx {
    fn new(example: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &common::repo().join("examples").join(example),
            &dir.path().join("ws"),
        );
        for name in ["alice", "mallory"] {
            evidence()
                .args(["keygen", "--out"])
                .arg(dir.path().join(name))
                .assert()
                .success();
        }
        Self { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn ws(&self) -> PathBuf {
        self.path("ws")
    }

    /// `evidence check --attest alice.key --attest-out check.intoto.json`: the check's exit code.
    fn attest(&self) -> i32 {
        let out = evidence()
            .args(["check", "--now", NOW, "--format", "json", "--attest"])
            .arg(self.path("alice.key"))
            .arg("--attest-out")
            .arg(self.path("check.intoto.json"))
            .arg("-C")
            .arg(self.ws())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        // The report still goes to standard output, as without --attest.
        let report: Value = serde_json::from_slice(&out.stdout).expect("the report is JSON");
        assert!(report["summary"]["errors"].is_u64());
        out.status.code().unwrap()
    }

    fn envelope(&self) -> Value {
        serde_json::from_slice(&fs::read(self.path("check.intoto.json")).unwrap()).unwrap()
    }

    fn statement(&self) -> Value {
        let payload = self.envelope()["payload"].as_str().unwrap().to_string();
        serde_json::from_slice(&STANDARD.decode(payload).unwrap()).unwrap()
    }
}

/// `evidence attest verify FILE --key KEY.pub -C DIR --format json`: (exit code, JSON).
fn verify(file: &Path, key: &Path, dir: Option<&Path>) -> (i32, Value) {
    let mut cmd = evidence();
    cmd.args(["attest", "verify", "--format", "json", "--key"])
        .arg(key)
        .arg(file);
    match dir {
        Some(d) => cmd.arg("-C").arg(d),
        None => cmd.arg("--signature-only"),
    };
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let code = out.status.code().unwrap();
    let json = if out.stdout.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    };
    (code, json)
}

fn problem_codes(v: &Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["code"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_passing_check_attests_every_file_and_verifies() {
    let fx = Fx::new("cleo-labs");
    assert_eq!(fx.attest(), 0);
    let env = fx.envelope();
    assert_eq!(env["payloadType"], "application/vnd.in-toto+json");
    let st = fx.statement();
    assert_eq!(st["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(
        st["predicateType"],
        "https://in-toto.io/attestation/test-result/v0.1"
    );
    let p = &st["predicate"];
    assert_eq!(p["result"], "PASSED");
    assert_eq!(p["errors"], 0);
    assert_eq!(p["warnings"], 0);
    assert_eq!(p["asOf"], NOW);
    assert_eq!(p["failedTests"], Value::Array(vec![]));
    assert!(
        p["passedTests"]
            .as_array()
            .unwrap()
            .contains(&Value::from("stale-evidence"))
    );
    assert_eq!(p["configuration"][0]["name"], "evidence.toml");
    let names: Vec<&str> = st["subject"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "subjects sorted, each once");
    assert!(names.contains(&"evidence.toml"));
    assert!(names.contains(&"controls/controls.yaml"));
    assert!(names.iter().any(|n| n.starts_with("evidence/")));
    // The configuration's digest is evidence.toml's subject digest.
    let toml = st["subject"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "evidence.toml")
        .unwrap();
    assert_eq!(toml["digest"], p["configuration"][0]["digest"]);

    let (code, v) = verify(
        &fx.path("check.intoto.json"),
        &fx.path("alice.pub"),
        Some(&fx.ws()),
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["verified"], true);
    assert_eq!(v["statement"]["result"], "PASSED");
    assert_eq!(v["subjectsChecked"], names.len());
}

#[test]
fn a_failing_check_attests_failed_with_its_rules() {
    let fx = Fx::new("northwind-gaps");
    assert_eq!(fx.attest(), 1, "the check's exit code is unchanged");
    let p = fx.statement()["predicate"].clone();
    assert_eq!(p["result"], "FAILED");
    assert!(p["errors"].as_u64().unwrap() > 0);
    let failed = p["failedTests"].as_array().unwrap();
    assert!(!failed.is_empty());
    // A rule is in exactly one list.
    for rule in failed {
        assert!(!p["passedTests"].as_array().unwrap().contains(rule));
        assert!(!p["warnedTests"].as_array().unwrap().contains(rule));
    }
    let (code, v) = verify(
        &fx.path("check.intoto.json"),
        &fx.path("alice.pub"),
        Some(&fx.ws()),
    );
    assert_eq!(
        code, 0,
        "a failed check is still a genuine attestation: {v}"
    );
    assert_eq!(v["statement"]["result"], "FAILED");
}

#[test]
fn a_flipped_byte_in_a_subject_fails() {
    let fx = Fx::new("cleo-labs");
    assert_eq!(fx.attest(), 0);
    let st = fx.statement();
    let victim = st["subject"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .find(|n| n.starts_with("evidence/"))
        .unwrap();
    let path = fx.ws().join(&victim);
    let mut bytes = fs::read(&path).unwrap();
    bytes[0] ^= 0x01;
    fs::write(&path, bytes).unwrap();
    let (code, v) = verify(
        &fx.path("check.intoto.json"),
        &fx.path("alice.pub"),
        Some(&fx.ws()),
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["verified"], false);
    assert_eq!(problem_codes(&v), ["subject-mismatch"]);
    assert_eq!(v["problems"][0]["subject"], victim.as_str());
    // A deleted subject fails too.
    fs::remove_file(&path).unwrap();
    let (code, v) = verify(
        &fx.path("check.intoto.json"),
        &fx.path("alice.pub"),
        Some(&fx.ws()),
    );
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["subject-missing"]);
    // With --signature-only the subjects are not read, and the output says so.
    let (code, v) = verify(&fx.path("check.intoto.json"), &fx.path("alice.pub"), None);
    assert_eq!(code, 0);
    assert_eq!(v["subjectsChecked"], Value::Null);
}

#[test]
fn a_tampered_payload_or_the_wrong_key_fails() {
    let fx = Fx::new("northwind-gaps");
    fx.attest();
    // Claim the failed check passed, keeping the signature.
    let mut st = fx.statement();
    st["predicate"]["result"] = "PASSED".into();
    let mut env = fx.envelope();
    env["payload"] = STANDARD.encode(serde_json::to_vec(&st).unwrap()).into();
    let forged = fx.path("forged.json");
    fs::write(&forged, serde_json::to_vec(&env).unwrap()).unwrap();
    let (code, v) = verify(&forged, &fx.path("alice.pub"), Some(&fx.ws()));
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["no-trusted-signature"]);
    assert_eq!(
        v["statement"],
        Value::Null,
        "an unsigned payload is not read"
    );
    // The genuine file under another key.
    let (code, v) = verify(
        &fx.path("check.intoto.json"),
        &fx.path("mallory.pub"),
        Some(&fx.ws()),
    );
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["no-trusted-signature"]);
    // A changed payloadType breaks the signature too (it is part of what is signed) and is
    // refused before that.
    let mut env = fx.envelope();
    env["payloadType"] = "application/json".into();
    fs::write(&forged, serde_json::to_vec(&env).unwrap()).unwrap();
    let (code, v) = verify(&forged, &fx.path("alice.pub"), Some(&fx.ws()));
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["payload-type"]);
}

/// Sign `statement` with alice's key into `name`, as a hostile attester with a trusted key would.
fn signed(fx: &Fx, name: &str, statement: &Statement) -> PathBuf {
    let key = PrivateKey::load(&fx.path("alice.key")).unwrap();
    let env = Envelope::sign(&statement.to_payload().unwrap(), &[key]);
    let path = fx.path(name);
    fs::write(&path, env.to_json()).unwrap();
    path
}

#[test]
fn hostile_envelopes_exit_1_or_2_without_panic() {
    let fx = Fx::new("cleo-labs");
    let key = fx.path("alice.pub");
    let ws = fx.ws();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not-json", b"\x00\xffnot json".to_vec(), "envelope-invalid"),
        ("empty", Vec::new(), "envelope-invalid"),
        ("array", b"[]".to_vec(), "envelope-invalid"),
        (
            "no-signatures-field",
            br#"{"payloadType":"application/vnd.in-toto+json","payload":"e30="}"#.to_vec(),
            "envelope-invalid",
        ),
        (
            "unknown-field",
            br#"{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[],"x":1}"#
                .to_vec(),
            "envelope-invalid",
        ),
        (
            "no-signature",
            br#"{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}"#
                .to_vec(),
            "unsigned",
        ),
        (
            "short-signature",
            br#"{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"sig":"AAAA"}]}"#
                .to_vec(),
            "envelope-invalid",
        ),
        (
            "deep",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "envelope-invalid",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = fx.path(name);
        fs::write(&path, bytes).unwrap();
        let (code, v) = verify(&path, &key, Some(&ws));
        assert_eq!(code, 1, "{name}: {v}");
        assert_eq!(problem_codes(&v), [expected], "{name}");
    }
    // Larger than any envelope may be: refused without being parsed.
    let huge = fx.path("huge");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(evidence::attest::envelope::MAX_ENVELOPE_BYTES + 1)
        .unwrap();
    let (code, v) = verify(&huge, &key, Some(&ws));
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["envelope-too-large"]);

    // Signed by the trusted key, but not a Statement v1, or naming files outside the workspace.
    let statement = |type_: &str, names: &[&str]| Statement {
        type_: type_.into(),
        subject: names
            .iter()
            .map(|n| Subject::sha256(*n, "0".repeat(64)))
            .collect(),
        predicate_type: "https://example.org/p".into(),
        predicate: serde_json::json!({}),
    };
    let old = signed(
        &fx,
        "old",
        &statement("https://in-toto.io/Statement/v0.1", &["a"]),
    );
    assert_eq!(
        problem_codes(&verify(&old, &key, Some(&ws)).1),
        ["statement-type"]
    );
    let none = signed(
        &fx,
        "none",
        &statement("https://in-toto.io/Statement/v1", &[]),
    );
    assert_eq!(
        problem_codes(&verify(&none, &key, Some(&ws)).1),
        ["statement-invalid"]
    );
    std::os::unix::fs::symlink("/etc/hostname", ws.join("link-out")).unwrap();
    let unsafe_names = signed(
        &fx,
        "unsafe",
        &statement(
            "https://in-toto.io/Statement/v1",
            &["../alice.key", "/etc/passwd", "evidence//x", "link-out"],
        ),
    );
    let (code, v) = verify(&unsafe_names, &key, Some(&ws));
    assert_eq!(code, 1);
    assert_eq!(problem_codes(&v), ["subject-unsafe-path"; 4], "{v}");

    // Could not run: no such file, a key that is not a key, a directory that does not exist.
    evidence()
        .args(["attest", "verify", "--key"])
        .arg(&key)
        .arg(fx.path("absent.json"))
        .assert()
        .code(2);
    evidence()
        .args(["attest", "verify", "--key"])
        .arg(fx.path("not-json"))
        .arg(&old)
        .assert()
        .code(2);
    evidence()
        .args(["attest", "verify", "--key"])
        .arg(&key)
        .arg(&old)
        .arg("-C")
        .arg(fx.path("absent-dir"))
        .assert()
        .code(2);
}

/// The README's recipe: verify the signature over the DSSE PAE with openssl, then each subject's
/// digest with sha256sum, using no part of `evidence`.
const OPENSSL_RECIPE: &str = r#"
set -eu
att=$1; pub=$2; ws=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ "$(jq -r .payloadType "$att")" = application/vnd.in-toto+json ] || exit 1
jq -r .payload "$att" | openssl base64 -d -A > "$work/payload"
jq -r '.signatures[0].sig' "$att" | openssl base64 -d -A > "$work/sig"
printf 'DSSEv1 28 application/vnd.in-toto+json %s ' "$(wc -c < "$work/payload" | tr -d ' ')" > "$work/pae"
cat "$work/payload" >> "$work/pae"
openssl pkeyutl -verify -rawin -pubin -inkey "$pub" -in "$work/pae" -sigfile "$work/sig"
jq -e '._type == "https://in-toto.io/Statement/v1"' "$work/payload" > /dev/null
jq -r '.subject[] | "\(.digest.sha256)  \(.name)"' "$work/payload" > "$work/sums"
cd "$ws" && sha256sum --check --strict --quiet "$work/sums"
"#;

fn tools_available() -> bool {
    // `openssl version`, not `--version`: OpenSSL has no such option.
    let found = [
        ("openssl", "version"),
        ("jq", "--version"),
        ("sha256sum", "--version"),
    ]
    .iter()
    .all(|(tool, version)| {
        std::process::Command::new(tool)
            .arg(version)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    assert!(
        found || std::env::var_os("CI").is_none(),
        "openssl, jq and sha256sum must be installed in CI (.ci/run installs them)"
    );
    if !found {
        eprintln!("skipped: openssl, jq or sha256sum is not installed");
    }
    found
}

fn recipe(att: &Path, key: &Path, ws: &Path) -> i32 {
    let out = std::process::Command::new("sh")
        .args(["-c", OPENSSL_RECIPE, "recipe"])
        .arg(att)
        .arg(key)
        .arg(ws)
        .output()
        .unwrap();
    out.status.code().unwrap_or(-1)
}

#[test]
fn openssl_alone_verifies_the_attestation_and_catches_a_flipped_byte() {
    if !tools_available() {
        return;
    }
    let fx = Fx::new("cleo-labs");
    assert_eq!(fx.attest(), 0);
    let att = fx.path("check.intoto.json");
    assert_eq!(recipe(&att, &fx.path("alice.pub"), &fx.ws()), 0);
    assert_ne!(recipe(&att, &fx.path("mallory.pub"), &fx.ws()), 0);
    // The recipe in the README is this one.
    let readme = fs::read_to_string(common::repo().join("README.md")).unwrap();
    for line in [
        "printf 'DSSEv1 28 application/vnd.in-toto+json %s ' \"$(wc -c < payload | tr -d ' ')\" > pae",
        "openssl pkeyutl -verify -rawin -pubin -inkey alice.pub -in pae -sigfile sig",
    ] {
        assert!(readme.contains(line), "README lacks: {line}");
    }
    let evidence_toml = fx.ws().join("evidence.toml");
    let mut bytes = fs::read(&evidence_toml).unwrap();
    bytes.push(b'\n');
    fs::write(&evidence_toml, bytes).unwrap();
    assert_ne!(recipe(&att, &fx.path("alice.pub"), &fx.ws()), 0);
}

#[test]
fn a_bundle_manifest_becomes_a_statement_that_verifies() {
    let fx = Fx::new("cleo-labs");
    let bundle = fx.path("b");
    evidence()
        .args(["bundle", "create", "--now", NOW, "--out"])
        .arg(&bundle)
        .arg("--sign")
        .arg(fx.path("alice.key"))
        .arg("-C")
        .arg(fx.ws())
        .assert()
        .success();
    let att = fx.path("b.intoto.json");
    evidence()
        .args(["attest", "bundle"])
        .arg(&bundle)
        .arg("--sign")
        .arg(fx.path("alice.key"))
        .arg("--out")
        .arg(&att)
        .assert()
        .success();
    let inspected = evidence()
        .args(["bundle", "inspect", "--format", "json"])
        .arg(&bundle)
        .output()
        .unwrap();
    let inspected: Value = serde_json::from_slice(&inspected.stdout).unwrap();
    let env: Value = serde_json::from_slice(&fs::read(&att).unwrap()).unwrap();
    let st: Value =
        serde_json::from_slice(&STANDARD.decode(env["payload"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(st["predicateType"], evidence::attest::BUNDLE_MANIFEST_TYPE);
    assert_eq!(
        st["predicate"]["manifest"]["bundle_id"],
        inspected["manifest"]["bundle_id"]
    );
    let files = st["predicate"]["manifest"]["files"].as_array().unwrap();
    assert_eq!(st["subject"].as_array().unwrap().len(), files.len());
    for (subject, file) in st["subject"].as_array().unwrap().iter().zip(files) {
        assert_eq!(subject["name"], file["path"]);
        assert_eq!(subject["digest"]["sha256"], file["sha256"]);
    }
    // The bundle's files mirror the workspace: the statement verifies against it.
    let (code, v) = verify(&att, &fx.path("alice.pub"), Some(&fx.ws()));
    assert_eq!(code, 0, "{v}");
    // Unsigned, it is a bare Statement; a bundle whose files do not match is refused (exit 1).
    let bare = evidence()
        .args(["attest", "bundle"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(bare.status.success());
    let bare: Value = serde_json::from_slice(&bare.stdout).unwrap();
    assert_eq!(bare, st);
    let packed = bundle.join("files/evidence.toml");
    let mut bytes = fs::read(&packed).unwrap();
    bytes[0] ^= 0x20;
    fs::write(&packed, bytes).unwrap();
    evidence()
        .args(["attest", "bundle"])
        .arg(&bundle)
        .assert()
        .code(1);
}

#[test]
fn warnings_attest_warned_strict_attests_failed_and_rules_turned_off_are_in_no_list() {
    let fx = Fx::new("northwind-gaps");
    fx.attest();
    let failed: Vec<String> = fx.statement()["predicate"]["failedTests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert!(failed.len() >= 2, "{failed:?}");
    // Every failing rule a warning, but the first turned off.
    let mut rules = String::from("\n[rules]\n");
    rules.push_str(&format!("{} = \"off\"\n", failed[0]));
    for rule in &failed[1..] {
        rules.push_str(&format!("{rule} = \"warning\"\n"));
    }
    let toml = fx.ws().join("evidence.toml");
    let mut text = fs::read_to_string(&toml).unwrap();
    text.push_str(&rules);
    fs::write(&toml, text).unwrap();

    assert_eq!(fx.attest(), 0);
    let p = fx.statement()["predicate"].clone();
    assert_eq!(p["result"], "WARNED");
    assert_eq!(p["errors"], 0);
    assert!(p["warnings"].as_u64().unwrap() > 0);
    assert_eq!(p["failedTests"], Value::Array(vec![]));
    let warned = p["warnedTests"].as_array().unwrap();
    for rule in &failed[1..] {
        assert!(warned.contains(&Value::from(rule.as_str())), "{rule}");
    }
    let listed = |p: &Value, rule: &str| {
        ["passedTests", "warnedTests", "failedTests"]
            .iter()
            .any(|k| p[k].as_array().unwrap().contains(&Value::from(rule)))
    };
    assert!(!listed(&p, &failed[0]), "a rule turned off did not run");

    // --strict: warnings fail the check, and their rules are listed as failed.
    let out = evidence()
        .args(["check", "--strict", "--now", NOW, "--attest"])
        .arg(fx.path("alice.key"))
        .arg("--attest-out")
        .arg(fx.path("check.intoto.json"))
        .arg("-C")
        .arg(fx.ws())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let p = fx.statement()["predicate"].clone();
    assert_eq!(p["result"], "FAILED");
    assert_eq!(p["strict"], true);
    assert_eq!(p["warnedTests"], Value::Array(vec![]));
    for rule in &failed[1..] {
        assert!(
            p["failedTests"]
                .as_array()
                .unwrap()
                .contains(&Value::from(rule.as_str()))
        );
    }
}

#[test]
fn attest_needs_both_flags_and_a_usable_key() {
    let fx = Fx::new("cleo-labs");
    let out = fx.path("check.intoto.json");
    evidence()
        .args(["check", "--now", NOW, "--attest"])
        .arg(fx.path("alice.key"))
        .arg("-C")
        .arg(fx.ws())
        .assert()
        .code(2);
    evidence()
        .args(["check", "--now", NOW, "--attest-out"])
        .arg(&out)
        .arg("-C")
        .arg(fx.ws())
        .assert()
        .code(2);
    // A public key is not a signing key: nothing is written.
    evidence()
        .args(["check", "--now", NOW, "--attest"])
        .arg(fx.path("alice.pub"))
        .arg("--attest-out")
        .arg(&out)
        .arg("-C")
        .arg(fx.ws())
        .assert()
        .code(2);
    assert!(!out.exists());
    // Two signers: both keys verify it on their own.
    evidence()
        .args(["check", "--now", NOW, "--attest"])
        .arg(fx.path("alice.key"))
        .arg("--attest")
        .arg(fx.path("mallory.key"))
        .arg("--attest")
        .arg(fx.path("alice.key"))
        .arg("--attest-out")
        .arg(&out)
        .arg("-C")
        .arg(fx.ws())
        .assert()
        .success();
    let env: Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(env["signatures"].as_array().unwrap().len(), 2);
    for key in ["alice.pub", "mallory.pub"] {
        assert_eq!(verify(&out, &fx.path(key), Some(&fx.ws())).0, 0, "{key}");
    }
}
