//! The starter answer library (answers/caiq-v4.yaml) against the baseline controls, and the
//! 70-question test questionnaire against the flagship example with that library, as
//! `evidence init` will set it up.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{NOW, evidence, fixture, repo};
use evidence::model::ControlFile;
use evidence::questionnaire::Library;

fn baseline_control_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("controls")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let file: ControlFile = evidence::yaml::parse(&path, &text).unwrap();
            ids.extend(file.controls.into_iter().map(|c| c.id.value));
        }
    }
    ids
}

#[test]
fn the_starter_library_parses_and_cites_only_baseline_controls() {
    // The library as the binary carries it (built from answers/ by build.rs).
    let library = Library::starter().unwrap();
    assert!(library.builtin);
    let known = baseline_control_ids();
    assert!(known.len() >= 50, "the baseline library is on this branch");
    for loaded in library.entries() {
        for control in &loaded.entry.controls {
            assert!(
                known.contains(&control.value),
                "{}: unknown control {}",
                loaded.location(),
                control.value
            );
        }
    }
    // Every CAIQ v4 domain has at least one entry.
    for domain in [
        "A&A", "AIS", "BCR", "CCC", "CEK", "DCS", "DSP", "GRC", "HRS", "IAM", "IVS", "LOG", "SEF",
        "STA", "TVM", "UEM",
    ] {
        assert!(
            library.lookup(&format!("{domain}-01.1")).is_some()
                || library.lookup(&format!("{domain}-02.1")).is_some(),
            "{domain}"
        );
    }
    assert_eq!(
        library.lookup("CEK-03.1").unwrap().entry.controls.len(),
        2,
        "a longer pattern wins over CEK-*"
    );
}

/// The flagship example with the starter library in `answers/`, in a temporary directory.
fn flagship_with_library(dir: &Path) -> PathBuf {
    let ws = dir.join("clustral");
    common::copy_dir(&repo().join("examples/clustral-ai-labs"), &ws);
    common::copy_dir(&repo().join("answers"), &ws.join("answers"));
    ws
}

#[test]
fn the_test_questionnaire_on_the_flagship_example() {
    let dir = tempfile::tempdir().unwrap();
    let ws = flagship_with_library(dir.path());
    let out = evidence()
        .arg("answer")
        .arg(fixture("questionnaires/caiq-style.csv"))
        .arg("-C")
        .arg(&ws)
        .args(["--now", NOW, "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answers = json["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 70);
    assert_eq!(
        json["summary"],
        serde_json::json!({"answered": 60, "needs_review": 10}),
        "{stderr}"
    );
    assert!(stderr.contains("70 questions: 60 answered, 10 need review"));
    let status = |id: &str| {
        answers
            .iter()
            .find(|a| a["id"] == id)
            .map(|a| a["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    // Questions the example's matrix cannot answer must come back for review.
    for id in [
        "GRC-08.1", // industry forums
        "HRS-03.1", // clean desk
        "IPY-01.1", // data export format
        "DSP-19.1", // choice of data location
        "UEM-11.1", // endpoint DLP
        "UEM-12.1", // locating lost devices
        "AIX-07",   // cyber insurance
    ] {
        assert_eq!(status(id), "needs-review", "{id}");
    }
    // Questions served only by planned controls (added for ISO/IEC 27001, in preparation) are
    // answered "No" with the target date, never "Yes".
    for id in ["LOG-06.1", "DSP-15.1"] {
        let a = answers.iter().find(|a| a["id"] == id).unwrap();
        assert_eq!(a["answer"], "No", "{a}");
        assert!(
            a["narrative"].as_str().unwrap().starts_with("Not yet"),
            "{a}"
        );
    }
    let answer = |id: &str| answers.iter().find(|a| a["id"] == id).unwrap();
    // "Is customer data used to train your models?" against AI-19 (negative: true).
    assert_eq!(answer("AIX-06")["answer"], "No");
    assert_eq!(answer("AIX-06")["controls"], serde_json::json!(["AI-19"]));
    // "Do you hold a current SOC 2 Type II report?": the roadmap says planned.
    assert_eq!(answer("AIX-10")["answer"], "No");
    assert!(
        answer("AIX-10")["narrative"]
            .as_str()
            .unwrap()
            .contains("Report: Q3 2027")
    );
    for id in [
        "CEK-03.1", "IAM-14.1", "SEF-07.1", "BCR-08.1", "STA-09.1", "AIX-03",
    ] {
        assert_eq!(status(id), "answered", "{id}");
    }
    assert_eq!(
        answers.iter().find(|a| a["id"] == "DCS-07.1").unwrap()["answer"],
        "NA"
    );
    // Every answered row cites controls, and every citation is hashed and dated.
    for a in answers.iter().filter(|a| a["status"] == "answered") {
        // NA from the library and certifications from the roadmap rest on no control.
        if a["answer"] != "NA" && a["basis"] != "trust/page.yaml roadmap" {
            assert!(!a["controls"].as_array().unwrap().is_empty(), "{a}");
        }
        for e in a["evidence"].as_array().unwrap() {
            assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
            assert!(e["collected"].is_string(), "{e}");
            if e["confidential"] == true {
                assert!(e.get("path").is_none(), "{e}");
            }
        }
    }
}
