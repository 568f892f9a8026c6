//! The pre-commit hook (`.pre-commit-hooks.yaml`) run by the real pre-commit against a temporary
//! repository: it passes on a clean workspace and fails on a broken one. CI installs pre-commit
//! (`.ci/run`); elsewhere the test says it was skipped when pre-commit is not installed.

mod common;

use std::path::Path;
use std::process::Command;

fn pre_commit_available() -> bool {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "pre-commit must be installed in CI (.ci/run installs it)"
    );
    if !found {
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
    }
    found
}

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    // The hook runs the `evidence` binary this test suite built.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_evidence")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env(
            "PRE_COMMIT_HOME",
            dir.parent().unwrap().join("pre-commit-home"),
        )
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("run")
}

fn try_hook(dir: &Path) -> std::process::Output {
    let repo = common::repo();
    run(
        dir,
        "pre-commit",
        &[
            "try-repo",
            repo.to_str().unwrap(),
            "evidence-check-system",
            "--all-files",
            "--verbose",
        ],
    )
}

#[test]
fn the_pre_commit_hook_passes_a_clean_workspace_and_fails_a_broken_one() {
    if !pre_commit_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    common::copy_dir(&common::fixture("rules/clean"), &ws);
    // The fixture's evidence is dated for the test date; keep it fresh for any run date.
    let controls = std::fs::read_to_string(ws.join("controls/main.yaml")).unwrap();
    let today = jiff::Zoned::now().date().to_string();
    std::fs::write(
        ws.join("controls/main.yaml"),
        controls.replace("2026-10-01", &today),
    )
    .unwrap();
    assert!(run(&ws, "git", &["init", "-q"]).status.success());
    assert!(run(&ws, "git", &["add", "."]).status.success());
    let out = try_hook(&ws);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // A control without an owner fails the hook, with the finding in its output.
    std::fs::write(
        ws.join("controls/main.yaml"),
        controls
            .replace("2026-10-01", &today)
            .replace("    owner: Head of Security\n", ""),
    )
    .unwrap();
    assert!(run(&ws, "git", &["add", "."]).status.success());
    let out = try_hook(&ws);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("missing-owner"), "{text}");
}
