//! Snapshots of every `check` output format on the deliberately gappy example, and conformance
//! of the machine formats.

mod common;

use common::{NOW, evidence, repo};

fn check_output(format: &str) -> (i32, String) {
    let out = evidence()
        .args(["check", "--now", NOW, "--format", format, "-C"])
        .arg(repo().join("examples/northwind-gaps"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn text_report() {
    let (code, text) = check_output("text");
    assert_eq!(code, 1);
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
    insta::assert_snapshot!(text);
}

#[test]
fn json_report() {
    let (code, text) = check_output("json");
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["summary"]["errors"], 8);
    assert_eq!(json["summary"]["warnings"], 2);
    for f in json["findings"].as_array().unwrap() {
        for key in ["rule", "severity", "message", "file", "line", "column"] {
            assert!(f.get(key).is_some(), "finding without {key}: {f}");
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn sarif_report_conforms_to_the_sarif_schema_types() {
    let (code, text) = check_output("sarif");
    assert_eq!(code, 1);
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("valid SARIF 2.1.0");
    let run = &sarif.runs[0];
    let results = run.results.as_ref().unwrap();
    assert_eq!(results.len(), 10);
    let rules = run.tool.driver.rules.as_ref().unwrap();
    for r in results {
        let index = usize::try_from(r.rule_index.unwrap()).unwrap();
        assert_eq!(Some(&rules[index].id), r.rule_id.as_ref());
    }
    insta::assert_snapshot!(text);
}

#[test]
fn junit_report() {
    let (code, text) = check_output("junit");
    assert_eq!(code, 1);
    assert!(text.starts_with("<?xml"));
    assert_eq!(text.matches("<failure").count(), 8, "one failure per error");
    insta::assert_snapshot!(text);
}

#[test]
fn out_writes_the_report_atomically_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let out = evidence()
        .args(["check", "--now", NOW, "--format", "sarif", "--out"])
        .arg(&target)
        .arg("-C")
        .arg(repo().join("examples/northwind-gaps"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let (_, expected) = check_output("sarif");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn output_is_deterministic() {
    assert_eq!(check_output("json"), check_output("json"));
}

#[cfg(unix)]
#[test]
fn reports_are_readable_by_others_and_keep_the_mode_they_replace() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let run = || {
        evidence()
            .args(["check", "--now", NOW, "--format", "json", "--out"])
            .arg(&target)
            .arg("-C")
            .arg(repo().join("examples/northwind-gaps"))
            .output()
            .unwrap()
    };
    run();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&target), 0o644);
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    run();
    assert_eq!(mode(&target), 0o640);
}
