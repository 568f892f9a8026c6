//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The date every test evaluates as of, so that results do not depend on the day they run.
pub const NOW: &str = "2026-11-22";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    repo().join("tests/fixtures").join(path)
}

pub fn evidence() -> Command {
    let mut cmd = Command::cargo_bin("evidence").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `evidence check -C dir --now NOW --format json`: (exit code, parsed JSON).
pub fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = evidence()
        .args(["check", "--now", NOW, "--format", "json", "-C"])
        .arg(dir)
        .output()
        .expect("run evidence");
    let code = out.status.code().expect("exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// `evidence status -C dir --now now --format json`, parsed.
pub fn status_json(dir: &Path, now: &str) -> serde_json::Value {
    let out = evidence()
        .args(["status", "--now", now, "--format", "json", "-C"])
        .arg(dir)
        .output()
        .expect("run evidence");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

/// `evidence ARGS -C dir --now NOW`: standard output, asserting success.
pub fn stdout_of(args: &[&str], dir: &Path) -> String {
    let out = evidence()
        .args(args)
        .args(["--now", NOW, "-C"])
        .arg(dir)
        .output()
        .expect("run evidence");
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Run `check` on `dir` and return stderr, asserting exit 2 (could not run) and no panic.
pub fn could_not_run(dir: &Path) -> String {
    let out = evidence().args(["check", "-C"]).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {stderr}\nstdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Copy a directory tree (fixtures are copied before a test changes them).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
