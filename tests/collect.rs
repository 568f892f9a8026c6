//! Evidence over time: `evidence collect`, the evidence log as the source of collected dates,
//! recurring evidence and the audit period.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{NOW, check_json, copy_dir, evidence, fixture, repo};

/// 2026-11-22T08:00:00Z, the collection time of the tests (SOURCE_DATE_EPOCH).
const COLLECTED_AT: &str = "1795334400";

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A copy of the flagship example in its own git repository, without its collected evidence.
fn flagship_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("examples/clustral-ai-labs"), dir.path());
    std::fs::remove_dir_all(dir.path().join("evidence/auto")).unwrap();
    std::fs::remove_file(dir.path().join("evidence/log.jsonl")).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "workspace"]);
    dir
}

fn log_lines(root: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(root.join("evidence/log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a log line is JSON"))
        .collect()
}

fn workspace_with_collector(collector: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/clean"), dir.path());
    std::fs::create_dir(dir.path().join("collectors")).unwrap();
    std::fs::write(
        dir.path().join("collectors/main.yaml"),
        format!("collectors:\n{collector}"),
    )
    .unwrap();
    dir
}

#[test]
fn the_flagship_collects_its_evidence_offline_and_stays_clean() {
    let dir = flagship_repo();
    let (exit, json) = check_json(dir.path());
    assert_eq!(exit, 1, "without its collected evidence the flagship fails");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "missing-evidence"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("auto/policy-history")),
        "{json:#}"
    );

    let out = evidence()
        .args(["collect", "-C"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("policy-history"), "{stdout}");
    assert!(stdout.contains("control-status"), "{stdout}");

    let history = dir
        .path()
        .join("evidence/auto/policy-history/2026-11-22.txt");
    assert!(
        std::fs::read_to_string(&history)
            .unwrap()
            .contains("workspace")
    );
    let status: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            dir.path()
                .join("evidence/auto/control-status/2026-11-22.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        status["date"], "2026-11-22",
        "the collector was told the date"
    );

    let log = log_lines(dir.path());
    assert_eq!(log.len(), 2);
    for entry in &log {
        assert_eq!(entry["collected_at"], "2026-11-22T08:00:00Z");
        assert_eq!(entry["exit_status"], 0);
        assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
        assert!(!entry["tool_versions"].as_array().unwrap().is_empty());
    }

    let (exit, json) = check_json(dir.path());
    assert_eq!(exit, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    let status = common::status_json(dir.path(), NOW);
    let gov11 = status["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "GOV-11")
        .unwrap();
    let recurring = gov11["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["cadence"] == "monthly")
        .unwrap();
    assert_eq!(recurring["collected_from"], "log", "{recurring:#}");
    assert_eq!(recurring["state"], "fresh");

    // Run again: every collector ran in this month's window, so nothing is due.
    let out = evidence()
        .args(["collect", "-C"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to collect"));
    assert_eq!(log_lines(dir.path()).len(), 2);
}

#[test]
fn the_committed_flagship_evidence_is_dated_by_the_log() {
    let status = common::status_json(&repo().join("examples/clustral-ai-labs"), NOW);
    let logged = status["controls"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .filter(|e| e["collected_from"] == "log")
        .count();
    assert_eq!(
        logged, 2,
        "both collected items are dated by the evidence log"
    );
}

#[cfg(unix)]
#[test]
fn a_failing_collector_writes_nothing_logs_the_failure_and_exits_1() {
    let dir = workspace_with_collector(
        "  - name: broken\n    controls: [C-1]\n    command: [sh, -c, \"echo partial; echo 'permission denied' >&2; exit 3\"]\n    output: auto/broken/{date}.txt\n    cadence: monthly\n",
    );
    let out = evidence()
        .args(["collect", "--all", "-C"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("exited 3"), "{stdout}");
    assert!(
        stdout.contains("permission denied"),
        "the tool's last words: {stdout}"
    );
    assert!(!dir.path().join("evidence/auto/broken").exists());
    let log = log_lines(dir.path());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["outcome"], "not-collected");
    assert_eq!(log[0]["exit_status"], 3);
    assert!(log[0].get("path").is_none());
}

#[cfg(unix)]
#[test]
fn a_collector_that_times_out_is_stopped_and_writes_nothing() {
    let dir = workspace_with_collector(
        "  - name: slow\n    controls: [C-1]\n    command: [sh, -c, \"echo started; sleep 30\"]\n    output: auto/slow/{date}.txt\n    cadence: monthly\n    timeout: 1s\n",
    );
    let started = std::time::Instant::now();
    let out = evidence()
        .args(["collect", "slow", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("timed out after 1s"), "{stdout}");
    assert!(
        started.elapsed().as_secs() < 25,
        "the command was stopped, not waited for"
    );
    assert!(!dir.path().join("evidence/auto/slow").exists());
    assert_eq!(log_lines(dir.path())[0]["outcome"], "not-collected");
}

#[test]
fn a_collector_that_prints_nothing_or_is_not_installed_fails() {
    let dir = workspace_with_collector(
        "  - name: silent\n    controls: [C-1]\n    command: [git, --version, --build-options, --no-such-flag-prints-nothing-on-stdout]\n    output: auto/silent/{date}.txt\n    cadence: monthly\n  - name: absent\n    controls: [C-1]\n    command: [no-such-tool-evidence-test]\n    output: auto/absent/{date}.txt\n    cadence: monthly\n",
    );
    let out = evidence()
        .args(["collect", "--all", "--format", "json", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let runs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let absent = runs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["collector"] == "absent")
        .unwrap();
    assert!(
        absent["error"].as_str().unwrap().contains("not installed"),
        "{absent:#}"
    );
    assert!(!dir.path().join("evidence/auto").exists());
}

#[cfg(unix)]
#[test]
fn only_the_environment_variables_a_collector_names_reach_it() {
    let dir = workspace_with_collector(
        "  - name: env\n    controls: [C-1]\n    command: [env]\n    env: [SHARED_WITH_COLLECTOR]\n    output: auto/env/{date}.txt\n    cadence: monthly\n",
    );
    let out = evidence()
        .args(["collect", "env", "-C"])
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
        .env("SHARED_WITH_COLLECTOR", "visible")
        .env("CLOUD_SECRET_KEY", "must-not-leak")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let written =
        std::fs::read_to_string(dir.path().join("evidence/auto/env/2026-11-22.txt")).unwrap();
    assert!(written.contains("SHARED_WITH_COLLECTOR=visible"));
    assert!(!written.contains("must-not-leak"), "{written}");
}

#[test]
fn collected_evidence_is_never_replaced_and_outputs_stay_in_the_evidence_root() {
    let dir = workspace_with_collector(
        "  - name: version\n    controls: [C-1]\n    command: [git, --version]\n    output: auto/version/{date}.txt\n    cadence: monthly\n  - name: escape\n    controls: [C-1]\n    command: [git, --version]\n    output: ../../outside-{date}.txt\n    cadence: monthly\n",
    );
    let run = |name: &str| {
        evidence()
            .args(["collect", name, "-C"])
            .arg(dir.path())
            .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
            .output()
            .unwrap()
    };
    assert_eq!(run("version").status.code(), Some(0));
    let again = run("version");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stdout).contains("never replaced"));
    let escape = run("escape");
    assert_eq!(escape.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&escape.stdout).contains("inside the evidence root"));
    assert!(!dir.path().join("../outside-2026-11-22.txt").exists());
}

#[test]
fn an_unknown_collector_name_cannot_run() {
    let dir = workspace_with_collector(
        "  - name: version\n    controls: [C-1]\n    command: [git, --version]\n    output: auto/version/{date}.txt\n    cadence: monthly\n",
    );
    let out = evidence()
        .args(["collect", "nope", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the workspace has: version"));
}

/// The case: quarterly access reviews for Q1, Q2 and Q4 of 2026.
fn quarterly_reviews(period_in_config: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/missed-occurrence"), dir.path());
    if !period_in_config {
        let toml = std::fs::read_to_string(dir.path().join("evidence.toml")).unwrap();
        let toml = toml.replace("[audit]\nperiod = \"2026-01-01..2026-12-31\"\n", "");
        std::fs::write(dir.path().join("evidence.toml"), toml).unwrap();
    }
    dir
}

#[test]
fn a_missed_quarter_of_the_audit_period_fails_check_naming_the_quarter() {
    let dir = quarterly_reviews(false);
    let (exit, json) = check_json(dir.path());
    assert_eq!(exit, 0, "no audit period, no windows to miss: {json:#}");

    let out = evidence()
        .args([
            "check",
            "--now",
            "2027-01-15",
            "--audit-period",
            "2026-01-01..2026-12-31",
            "--format",
            "json",
            "-C",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missed: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missed-occurrence")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert!(
        missed[0].contains("2026-Q3 (2026-07-01..2026-09-30)"),
        "{missed:?}"
    );
    let c1 = &json["controls"][0];
    assert_ne!(
        c1["verdict"], "verified",
        "a missed window leaves the control unverified"
    );

    let out = evidence()
        .args([
            "status",
            "--now",
            "2027-01-15",
            "--audit-period",
            "2026-01-01..2026-12-31",
            "-C",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2026-Q1 covered, 2026-Q2 covered, 2026-Q3 MISSED, 2026-Q4 covered"),
        "{text}"
    );
    assert!(
        text.contains("no occurrence in 2026-Q3") || text.contains("unverified"),
        "{text}"
    );
}

#[test]
fn a_window_still_open_is_due_not_missed_and_bad_periods_are_usage_errors() {
    let dir = quarterly_reviews(false);
    std::fs::remove_file(dir.path().join("evidence/access-reviews/2026-10-15.csv")).unwrap();
    let out = evidence()
        .args([
            "check",
            "--now",
            NOW,
            "--audit-period",
            "2026-07-01..2026-12-31",
            "--format",
            "json",
            "-C",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missed: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missed-occurrence")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        missed.len(),
        1,
        "Q3 missed; Q4 holds today and is still due: {missed:?}"
    );

    let out = evidence()
        .args(["check", "--audit-period", "2026-12-31..2026-01-01", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ends before it starts"));
}

#[test]
fn a_file_changed_since_it_was_logged_is_not_dated_by_the_log() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/failing-evidence"), dir.path());
    let (_, json) = check_json(dir.path());
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "failing-evidence")
    );
    // Edit the SARIF file: the log's hash no longer matches, so neither its date nor its
    // outcome applies; the file is then dated like any other (here: its modification time).
    let sarif = dir.path().join("evidence/ingested/C-1/semgrep.sarif");
    let text = std::fs::read_to_string(&sarif)
        .unwrap()
        .replace("\"error\"", "\"note\"");
    std::fs::write(&sarif, text).unwrap();
    let status = common::status_json(dir.path(), "2099-01-01");
    let item = &status["controls"][0]["evidence"][0];
    assert_eq!(item["collected_from"], "mtime", "{item:#}");
    assert!(item.get("logged").is_none());
}

#[test]
fn a_malformed_evidence_log_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/failing-evidence"), dir.path());
    let log = dir.path().join("evidence/log.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"collected_at\": \"yesterday\"}\n");
    std::fs::write(&log, text).unwrap();
    let out = evidence()
        .args(["check", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("evidence/log.jsonl:2:"), "{stderr}");
}

#[test]
fn a_bundle_for_an_audit_period_packs_the_occurrences_of_that_period() {
    let dir = quarterly_reviews(false);
    let reviews = dir.path().join("evidence/access-reviews");
    std::fs::copy(
        reviews.join("2026-03-20.csv"),
        reviews.join("2025-12-15.csv"),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = evidence()
        .args([
            "bundle",
            "create",
            "--allow-findings",
            "--now",
            "2027-01-15",
            "--audit-period",
            "2026-01-01..2026-12-31",
            "-C",
        ])
        .arg(dir.path())
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let packed: Vec<(&str, &str)> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("access-reviews"))
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["collected_at"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        packed,
        [
            ("evidence/access-reviews/2026-03-20.csv", "2026-03-20"),
            ("evidence/access-reviews/2026-06-18.csv", "2026-06-18"),
            ("evidence/access-reviews/2026-10-15.csv", "2026-10-15"),
        ],
        "the 2025 review is outside the period"
    );
    assert_eq!(manifest["audit_period"]["start"], "2026-01-01");
    // The check summary in the manifest records the missed quarter.
    assert!(
        manifest["check"]["errors"].as_u64().unwrap() >= 1,
        "{:#}",
        manifest["check"]
    );
}

#[test]
fn the_collector_library_names_controls_of_the_baseline_that_init_writes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    evidence()
        .args(["init", "--frameworks", "iso42001,iso27001"])
        .arg(&ws)
        .assert()
        .success();
    let library = repo().join("collectors");
    let mut copied = 0;
    std::fs::create_dir(ws.join("collectors")).unwrap();
    for entry in std::fs::read_dir(&library).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, ws.join("collectors").join(path.file_name().unwrap())).unwrap();
            copied += 1;
        }
    }
    assert!(copied >= 4);
    let (exit, json) = check_json(&ws);
    assert_ne!(
        exit, 2,
        "every library collector loads under the strict schema: {json:#}"
    );
    let unknown: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "collector-unknown-control" || f["rule"] == "duplicate-id")
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    let out = evidence()
        .args(["collect", "--list", "--format", "json", "-C"])
        .arg(&ws)
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), copied);
}

#[test]
fn init_copies_collectors_from_the_built_in_library_and_they_collect_offline() {
    // A user who installed the binary has no checkout: `init --collectors` is how the library
    // reaches them. The copies are the library's files, and the offline ones run as they are.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    git(&ws, &["init", "-q"]);
    evidence()
        .args(["init", "--collectors", "policy-history,control-status"])
        .arg(&ws)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "collectors/ holds control-status, policy-history",
        ));
    for name in ["policy-history", "control-status"] {
        let file = format!("collectors/{name}.yaml");
        assert_eq!(
            std::fs::read_to_string(ws.join(&file)).unwrap(),
            std::fs::read_to_string(repo().join(&file)).unwrap(),
            "{file}"
        );
    }
    std::fs::create_dir_all(ws.join("evidence/policies")).unwrap();
    std::fs::write(
        ws.join("evidence/policies/security.md"),
        "# Security policy\n",
    )
    .unwrap();
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-q", "-m", "workspace"]);
    evidence()
        .env("SOURCE_DATE_EPOCH", COLLECTED_AT)
        .args(["collect", "--all", "-C"])
        .arg(&ws)
        .assert()
        .success();
    let logged: Vec<String> = log_lines(&ws)
        .iter()
        .map(|l| l["collector"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(logged.len(), 2, "{logged:?}");
    let (_, json) = check_json(&ws);
    assert!(
        !json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "collector-unknown-control"),
        "{json:#}"
    );
}

#[test]
fn init_refuses_a_collector_the_frameworks_chosen_give_no_control_for_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec!["--frameworks", "gdpr", "--collectors", "control-status"],
            "collector `control-status` collects evidence for GOV-12, a baseline control none of \
             the frameworks chosen (gdpr) brings in; add a framework it serves (iso42001, \
             nist-ai-rmf), or leave the collector out",
        ),
        (
            vec!["--collectors", "trivy"],
            "[possible values: cargo-audit, control-status, npm-audit, policy-history, all]",
        ),
    ] {
        let ws = dir.path().join("ws");
        evidence()
            .arg("init")
            .args(&args)
            .arg(&ws)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
        assert!(!ws.exists(), "{args:?} wrote {}", ws.display());
    }
}
