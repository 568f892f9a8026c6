//! `evidence ingest FILE --control ID` from the command line: every format, failing outcomes
//! that fail `check`, and malformed files that copy nothing.

mod common;

use std::path::Path;

use common::{copy_dir, evidence, fixture};

/// 2026-11-22T08:00:00Z: the ingestion time of artefacts that state none.
const INGESTED_AT: &str = "1795334400";

/// The clean rule fixture, with a recurring evidence entry naming C-1's ingested folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/clean"), dir.path());
    let controls = dir.path().join("controls/main.yaml");
    let text = std::fs::read_to_string(&controls).unwrap();
    std::fs::write(
        &controls,
        format!("{text}      - path: ingested/C-1\n        cadence: 1y\n"),
    )
    .unwrap();
    dir
}

fn ingest(dir: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    evidence()
        .args(["ingest", "--format", "json", "--control", "C-1", "-C"])
        .env("SOURCE_DATE_EPOCH", INGESTED_AT)
        .arg(dir)
        .arg(fixture(&format!("ingest/{file}")))
        .args(extra)
        .output()
        .unwrap()
}

fn log(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("evidence/log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_format_is_ingested_with_the_date_and_outcome_it_states() {
    let cases = [
        ("sarif/semgrep-failing.sarif", "sarif", "failing"),
        ("sarif/binskim-passing.sarif", "sarif", "passing"),
        ("junit/gradle-failing.xml", "junit", "failing"),
        ("junit/pytest-passing.xml", "junit", "passing"),
        ("cyclonedx/syft-sbom.cdx.json", "cyclonedx", "informational"),
        ("cyclonedx/vex-exploitable.cdx.json", "cyclonedx", "failing"),
        ("ocsf/securityhub-failing.json", "ocsf", "failing"),
        (
            "in-toto/test-result-passing.intoto.json",
            "in-toto",
            "passing",
        ),
        (
            "oscal/ar-not-satisfied.json",
            "oscal-assessment-results",
            "failing",
        ),
    ];
    for (file, format, outcome) in cases {
        let dir = workspace();
        let out = ingest(dir.path(), file, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ingested: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let copy = dir.path().join(ingested["path"].as_str().unwrap());
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            std::fs::read(fixture(&format!("ingest/{file}"))).unwrap(),
            "{file}: copied byte for byte"
        );
        assert_eq!(ingested["named_by_control"], true, "{file}");
        let entries = log(dir.path());
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0]["format"], format, "{file}");
        assert_eq!(entries[0]["outcome"], outcome, "{file}");
        assert_eq!(entries[0]["origin"], "ingest");
        assert_eq!(entries[0]["controls"][0], "C-1");

        let status = common::status_json(dir.path(), "2099-01-01");
        let item = status["controls"][0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["cadence"].is_string())
            .unwrap()
            .clone();
        assert_eq!(item["collected_from"], "log", "{file}: {item:#}");
        assert_eq!(item["logged"]["outcome"], outcome, "{file}");
    }
}

#[test]
fn a_failing_result_fails_check_and_the_control_is_not_verified() {
    let dir = workspace();
    assert_eq!(
        ingest(dir.path(), "sarif/semgrep-failing.sarif", &[])
            .status
            .code(),
        Some(0)
    );
    // As of a day after the SARIF run, inside the 1y cadence.
    let out = evidence()
        .args(["check", "--format", "json", "--now", "2026-12-01", "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failing: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "failing-evidence")
        .collect();
    assert_eq!(failing.len(), 1, "{json:#}");
    assert_ne!(json["controls"][0]["verdict"], "verified");
}

#[test]
fn malformed_and_unrecognised_files_exit_2_and_copy_nothing() {
    for file in [
        "sarif/truncated.sarif",
        "sarif/version-2.0.0.sarif",
        "junit/doctype-bomb.xml",
        "junit/truncated.xml",
        "cyclonedx/spec-1.2.cdx.json",
        "ocsf/detection-finding-2004.json",
        "in-toto/bad-payload.dsse.json",
        "unrecognised/notes.txt",
        "unrecognised/package.json",
    ] {
        let dir = workspace();
        let out = ingest(dir.path(), file, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(file.rsplit('/').next().unwrap()),
            "names the file: {stderr}"
        );
        assert!(
            stderr.contains("expected"),
            "{file}: says what was expected: {stderr}"
        );
        assert!(
            !dir.path().join("evidence/ingested").exists(),
            "{file}: nothing copied"
        );
        assert!(log(dir.path()).is_empty(), "{file}: nothing logged");
    }
}

#[test]
fn an_unknown_control_an_escaping_destination_or_an_existing_copy_is_refused() {
    let dir = workspace();
    let out = evidence()
        .args(["ingest", "--control", "NOPE", "-C"])
        .arg(dir.path())
        .arg(fixture("ingest/sarif/binskim-passing.sarif"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no control `NOPE`"));

    let out = ingest(
        dir.path(),
        "sarif/binskim-passing.sarif",
        &["--dest", "../../escape.sarif"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the evidence root"));

    assert_eq!(
        ingest(dir.path(), "sarif/binskim-passing.sarif", &[])
            .status
            .code(),
        Some(0)
    );
    let again = ingest(dir.path(), "sarif/binskim-passing.sarif", &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never replaced"));
    assert_eq!(log(dir.path()).len(), 1);
}

#[test]
fn text_output_says_where_it_went_and_how_to_name_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("rules/clean"), dir.path());
    let out = evidence()
        .args(["ingest", "--control", "C-1", "-C"])
        .arg(dir.path())
        .arg(fixture("ingest/junit/gradle-failing.xml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("outcome FAILING"), "{text}");
    assert!(text.contains("does not name it yet"), "{text}");
    assert!(text.contains("- path: ingested/C-1/"), "{text}");
}
