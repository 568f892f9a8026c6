//! Files generated from the command-line definition are committed, so users get them without
//! building, and kept current here: the man page and the shell completions.
//! Regenerate with `UPDATE_GENERATED=1 cargo test --test generated`.

mod common;

use common::evidence;

fn assert_current(path: &str, args: &[&str]) {
    let out = evidence().args(args).output().expect("run evidence");
    assert!(out.status.success(), "evidence {args:?} failed");
    let file = common::repo().join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&file, &out.stdout).unwrap();
    }
    let committed = std::fs::read(&file).unwrap_or_default();
    assert!(
        committed == out.stdout,
        "{path} is stale: run UPDATE_GENERATED=1 cargo test --test generated"
    );
}

#[test]
fn the_committed_man_page_is_current() {
    assert_current("docs/man/evidence.1", &["man"]);
}

#[test]
fn the_committed_completions_are_current() {
    assert_current("docs/completions/evidence.bash", &["completions", "bash"]);
    assert_current("docs/completions/_evidence", &["completions", "zsh"]);
    assert_current("docs/completions/evidence.fish", &["completions", "fish"]);
}

#[test]
fn the_man_page_documents_every_subcommand() {
    let out = evidence().arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    for sub in [
        "init",
        "check",
        "status",
        "coverage",
        "frameworks",
        "answer",
        "keygen",
        "bundle",
        "render",
        "completions",
    ] {
        assert!(
            page.contains(&format!(".TH evidence-{sub} 1"))
                || page.contains(&format!(".TH EVIDENCE-{} 1", sub.to_uppercase())),
            "no page for {sub}"
        );
    }
    assert!(page.contains("\\-\\-allow\\-findings"));
}

#[test]
fn bash_completion_completes_subcommands_and_options() {
    let out = evidence().args(["completions", "bash"]).output().unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("complete -F _evidence"));
    for word in ["status", "trust-pack", "--expiring", "--allow-findings"] {
        assert!(script.contains(word), "{word} missing");
    }
}

/// Run the check step of `action.yml` as GitHub's runner would (bash, with the runner's
/// variables), against the binary this test suite built.
fn run_action_check_step(workspace: &std::path::Path) -> (String, serde_json::Value) {
    let action: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(common::repo().join("action.yml")).unwrap(),
    )
    .unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let step = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "check")
        .expect("a step with id: check");
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("evidence/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_evidence"), bin.join("evidence")).unwrap();
    let outputs = tmp.path().join("github-output");
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", step["run"].as_str().unwrap()])
        .env("RUNNER_TEMP", tmp.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("WORKSPACE", workspace)
        .env("NOW", common::NOW)
        .env("STRICT", "false")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("evidence.sarif")).unwrap()).unwrap();
    (std::fs::read_to_string(outputs).unwrap(), sarif)
}

#[cfg(unix)]
#[test]
fn the_github_action_checks_the_workspace_and_writes_sarif() {
    let (outputs, sarif) = run_action_check_step(&common::fixture("rules/clean"));
    assert!(outputs.contains("status=0"), "{outputs}");
    assert_eq!(sarif["version"], "2.1.0");
    let (outputs, sarif) = run_action_check_step(&common::repo().join("examples/northwind-gaps"));
    assert!(outputs.contains("status=1"), "{outputs}");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}
