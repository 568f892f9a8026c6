//! What an answer may say, through the command line on realistic questionnaires and the
//! flagship example: question kinds, polarity, certifications from the trust roadmap, the
//! starter library, and the benchmark's targets against the hand-made answer keys.

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, evidence, fixture};
use serde_json::Value;

fn flagship() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/clustral-ai-labs")
}

fn bench(name: &str) -> PathBuf {
    fixture(&format!("questionnaires/bench/{name}"))
}

fn answer(file: &Path, ws: &Path) -> (Value, String) {
    let out = evidence()
        .arg("answer")
        .arg(file)
        .arg("-C")
        .arg(ws)
        // Some tests edit the flagship into a workspace that fails its check on purpose.
        .args(["--now", NOW, "--format", "json", "--allow-findings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

fn by_id<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no answer for {id}"))
}

fn text<'a>(a: &'a Value, field: &str) -> &'a str {
    a[field].as_str().unwrap_or_default()
}

/// A copy of the flagship workspace, changed by `edit(root)`.
fn flagship_copy(dir: &Path, edit: impl FnOnce(&Path)) -> PathBuf {
    let ws = dir.join("ws");
    common::copy_dir(&flagship(), &ws);
    edit(&ws);
    ws
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn csv_sheet(dir: &Path, rows: &[(&str, &str)]) -> PathBuf {
    let mut text = String::from("ID,Question,Answer,Comments\n");
    for (id, q) in rows {
        text.push_str(&format!("{id},\"{q}\",,\n"));
    }
    let path = dir.join("sheet.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn only_yes_no_questions_get_yes_no_answers() {
    for file in ["vendor-sheet.csv", "hecvat-like.xlsx", "caiq-like.csv"] {
        let (json, _) = answer(&bench(file), &flagship());
        for a in json["answers"].as_array().unwrap() {
            if a["type"] != "yes-no" {
                let short = text(a, "answer").to_lowercase();
                assert!(
                    !["yes", "no", "na", "n/a"].contains(&short.as_str()),
                    "{file} {}: a {} question answered {short:?}",
                    a["id"],
                    a["type"]
                );
            }
        }
    }
}

#[test]
fn fields_are_filled_from_the_workspace_or_left_for_review() {
    let (json, _) = answer(&bench("vendor-sheet.csv"), &flagship());
    let name = by_id(&json, "V-01");
    assert_eq!(name["type"], "field");
    assert_eq!(name["answer"], "Clustral AI Labs Pvt. Ltd.");
    assert_eq!(name["basis"], "evidence.toml [organisation] name");
    assert_eq!(by_id(&json, "V-03")["answer"], "https://clustralai.com");
    assert_eq!(by_id(&json, "V-04")["answer"], "security@clustralai.com");
    assert_eq!(by_id(&json, "V-05")["answer"], "privacy@clustralai.com");
    let dir = tempfile::tempdir().unwrap();
    let sheet = csv_sheet(
        dir.path(),
        &[("F-1", "Company overview"), ("F-2", "Trust center URL")],
    );
    let (fields, _) = answer(&sheet, &flagship());
    assert!(text(by_id(&fields, "F-1"), "answer").starts_with("Clustral AI Labs builds"));
    assert_eq!(
        by_id(&fields, "F-1")["basis"],
        "trust/page.yaml profile.overview"
    );
    assert_eq!(
        by_id(&fields, "F-2")["answer"],
        "https://clustralai.com/trust"
    );
    let person = by_id(&json, "V-02");
    assert_eq!(person["status"], "needs-review");
    assert!(
        text(person, "reason").contains("a person's name"),
        "{person}"
    );
}

#[test]
fn open_questions_get_a_narrative_not_a_yes() {
    let (json, _) = answer(&bench("vendor-sheet.csv"), &flagship());
    let backups = by_id(&json, "V-17");
    assert_eq!(backups["type"], "open");
    assert_eq!(backups["status"], "answered");
    assert!(
        text(backups, "answer").contains("backed up"),
        "the narrative is the answer: {backups}"
    );
    assert_eq!(backups["controls"], serde_json::json!(["OPS-01"]));
    let (json, _) = answer(&bench("hecvat-like.xlsx"), &flagship());
    let describe = by_id(&json, "HFIH-13");
    assert_eq!(describe["type"], "open");
    assert!(
        text(describe, "answer").contains("Vulnerability management"),
        "{describe}"
    );
}

#[test]
fn a_negative_control_answers_no_and_a_positive_one_is_not_blocked_by_its_words() {
    let (json, _) = answer(&bench("vendor-sheet.csv"), &flagship());
    let training = by_id(&json, "V-13");
    assert_eq!(training["answer"], "No", "{training}");
    assert_eq!(training["controls"], serde_json::json!(["AI-19"]));
    assert!(
        !training["evidence"].as_array().unwrap().is_empty(),
        "the No cites AI-19's evidence"
    );
    // SEC-05 "Strong authentication: SSO, MFA and no shared accounts" is a positive control.
    let mfa = by_id(&json, "V-20");
    assert_eq!(mfa["answer"], "Yes", "{mfa}");
    assert_eq!(mfa["controls"], serde_json::json!(["SEC-05"]));

    let dir = tempfile::tempdir().unwrap();
    let sheet = csv_sheet(
        dir.path(),
        &[
            (
                "N-1",
                "Do you ensure customer data is never used to train AI models?",
            ),
            ("N-2", "Do you allow shared accounts?"),
            (
                "N-3",
                "Is customer data used to train machine learning models?",
            ),
        ],
    );
    let (json, _) = answer(&sheet, &flagship());
    let never = by_id(&json, "N-1");
    assert_eq!(never["answer"], "Yes", "asked in the negative: {never}");
    assert_eq!(never["controls"], serde_json::json!(["AI-19"]));
    let shared = by_id(&json, "N-2");
    assert_eq!(shared["status"], "needs-review", "{shared}");
    assert!(
        text(shared, "reason").contains("rules something out"),
        "{shared}"
    );
    assert_eq!(by_id(&json, "N-3")["answer"], "No");
}

#[test]
fn a_lower_ranked_control_never_inherits_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    // The no-training commitment only planned: whether training happens is for a person.
    let ws = flagship_copy(dir.path(), |root| {
        replace_in(
            &root.join("controls/ai-lifecycle.yaml"),
            "    tags: [ai-training, machine-learning, customer-data, model-training]\n",
            "    tags: [ai-training, machine-learning, customer-data, model-training]\n    target: 2027-06-30\n",
        );
        let path = root.join("controls/ai-lifecycle.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("  - id: AI-19").unwrap();
        let (head, tail) = text.split_at(at);
        let tail = tail.replacen("status: implemented", "status: planned", 1);
        std::fs::write(&path, format!("{head}{tail}")).unwrap();
    });
    let (json, _) = answer(&bench("vendor-sheet.csv"), &ws);
    let training = by_id(&json, "V-13");
    assert_eq!(training["status"], "needs-review", "{training}");
    assert_eq!(training["controls"], serde_json::json!(["AI-19"]));
    assert!(
        text(training, "reason").contains("not in place"),
        "{training}"
    );
}

#[test]
fn certifications_come_from_the_trust_roadmap() {
    let (json, _) = answer(&bench("vendor-sheet.csv"), &flagship());
    let iso = by_id(&json, "V-06");
    assert_eq!(iso["answer"], "No");
    assert!(
        text(iso, "narrative").contains("In preparation; Stage-1 audit: Q4 2026"),
        "{iso}"
    );
    assert_eq!(iso["basis"], "trust/page.yaml roadmap");
    let type2 = by_id(&json, "V-07");
    assert_eq!(type2["answer"], "No");
    assert!(
        text(type2, "narrative").contains("Report: Q3 2027"),
        "{type2}"
    );
    let fedramp = by_id(&json, "V-10");
    assert_eq!(fedramp["status"], "needs-review");
    assert!(
        text(fedramp, "reason").contains("does not mention FedRAMP"),
        "{fedramp}"
    );

    let dir = tempfile::tempdir().unwrap();
    let ws = flagship_copy(dir.path(), |root| {
        replace_in(
            &root.join("trust/page.yaml"),
            "  status: in-progress\n  label: In preparation\n  target: 2026-Q4",
            "  status: achieved\n  label: Certified (certificate IS 123456)\n  target: 2026-Q4",
        );
    });
    let (json, _) = answer(&bench("vendor-sheet.csv"), &ws);
    let iso = by_id(&json, "V-06");
    assert_eq!(iso["answer"], "Yes");
    assert!(text(iso, "narrative").contains("IS 123456"), "{iso}");
}

#[test]
fn the_starter_library_stands_in_with_a_notice_and_terse_questions_are_refused() {
    let (json, stderr) = answer(&bench("caiq-like.csv"), &flagship());
    assert!(stderr.contains("built-in starter library"), "{stderr}");
    let basis = text(by_id(&json, "BCR-08.1"), "basis").to_string();
    assert!(basis.starts_with("answers/caiq-v4.yaml:"), "{basis}");
    // A fixed NA is a claim no control backs: the built-in library only proposes it.
    let datacentre = by_id(&json, "DCS-07.1");
    assert_eq!(datacentre["status"], "needs-review", "{datacentre}");
    assert!(
        text(datacentre, "reason").contains("would answer NA"),
        "{datacentre}"
    );
    let dir = tempfile::tempdir().unwrap();
    let ws = flagship_copy(dir.path(), |root| {
        common::copy_dir(&common::repo().join("answers"), &root.join("answers"));
    });
    let (json, stderr) = answer(&bench("caiq-like.csv"), &ws);
    assert!(!stderr.contains("built-in starter library"), "{stderr}");
    assert_eq!(
        by_id(&json, "DCS-07.1")["answer"],
        "NA",
        "approved by copying it in"
    );

    let dir = tempfile::tempdir().unwrap();
    let sheet = csv_sheet(dir.path(), &[("T-1", "Encryption?")]);
    let (json, _) = answer(&sheet, &flagship());
    let terse = by_id(&json, "T-1");
    assert_eq!(terse["status"], "needs-review");
    assert!(
        text(terse, "reason").contains("too few content words"),
        "{terse}"
    );
}

#[test]
fn the_sheets_context_column_helps_rank() {
    // "Is it reviewed?" says nothing; the section heading says what "it" is.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.csv");
    std::fs::write(
        &path,
        "ID,Domain,Question,Answer\nC-1,Backup and restore,Are restores tested at least annually?,\n",
    )
    .unwrap();
    let (json, stderr) = answer(&path, &flagship());
    assert!(stderr.contains("context B \"Domain\""), "{stderr}");
    assert_eq!(by_id(&json, "C-1")["controls"][0], "OPS-01");
}

/// The benchmark's grading (scripts/bench-questionnaire.sh) in Rust, with the issue's
/// targets: no false Yes, at least 90% of answers correct, at least 90% of the CAIQ-like
/// questions and 70% of the vendor sheet's questions answered (of those the key says the
/// workspace can answer), with only the built-in starter library.
#[test]
fn the_benchmark_meets_its_targets() {
    struct Score {
        answered: usize,
        answerable: usize,
        answerable_answered: usize,
        correct: usize,
        false_yes: usize,
        questions: usize,
    }
    let grade = |file: &str| {
        let (json, _) = answer(&bench(file), &flagship());
        let key = std::fs::read_to_string(bench(
            &file
                .replace(".csv", ".key.csv")
                .replace(".xlsx", ".key.csv"),
        ))
        .unwrap();
        let mut s = Score {
            answered: 0,
            answerable: 0,
            answerable_answered: 0,
            correct: 0,
            false_yes: 0,
            questions: 0,
        };
        for line in key.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let (sheet, id, expected, controls) = (f[1], f[2], f[3], f[4]);
            let a = json["answers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["sheet"] == sheet && a["id"] == id)
                .unwrap_or_else(|| panic!("{file}: no answer for {sheet} {id}"));
            s.questions += 1;
            let answered = a["status"] == "answered";
            let short = text(a, "answer");
            let cites = controls.is_empty()
                || controls
                    .split(' ')
                    .any(|c| a["controls"].as_array().unwrap().iter().any(|x| x == c));
            let yes_no = ["yes", "no", "na", "n/a"].contains(&short.to_lowercase().as_str());
            let correct = answered
                && match expected {
                    "review" => false,
                    "open" => !yes_no && !short.is_empty() && cites,
                    e if e.starts_with("field:") => short.contains(&e[6..]),
                    e => short.eq_ignore_ascii_case(e) && cites,
                };
            s.answered += usize::from(answered);
            s.answerable += usize::from(expected != "review");
            s.answerable_answered += usize::from(answered && expected != "review");
            s.correct += usize::from(correct);
            s.false_yes +=
                usize::from(answered && short.eq_ignore_ascii_case("yes") && expected != "Yes");
        }
        s
    };
    let mut all_answered = 0;
    let mut all_correct = 0;
    for file in ["caiq-like.csv", "hecvat-like.xlsx", "vendor-sheet.csv"] {
        let s = grade(file);
        assert_eq!(s.false_yes, 0, "{file}: false Yes");
        all_answered += s.answered;
        all_correct += s.correct;
        match file {
            "caiq-like.csv" => assert!(
                s.answerable_answered * 100 >= s.answerable * 90,
                "{file}: {} of {} answerable",
                s.answerable_answered,
                s.answerable
            ),
            "vendor-sheet.csv" => assert!(
                s.answerable_answered * 100 >= s.answerable * 70,
                "{file}: {} of {} answerable",
                s.answerable_answered,
                s.answerable
            ),
            _ => {}
        }
    }
    assert!(
        all_correct * 100 >= all_answered * 90,
        "{all_correct} correct of {all_answered} answered"
    );
}

#[test]
fn deliverables_conditions_and_unknown_contacts_are_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = csv_sheet(
        dir.path(),
        &[
            (
                "D-1",
                "Will you provide the results of vulnerability scans to the institution?",
            ),
            (
                "D-2",
                "If you have completed a SOC 2 audit, does it include the privacy criteria?",
            ),
            ("D-3", "Accessibility contact email"),
            (
                "D-4",
                "Does your cloud solution provider have access to your encryption keys?",
            ),
        ],
    );
    let (json, _) = answer(&sheet, &flagship());
    let scans = by_id(&json, "D-1");
    assert_eq!(scans["status"], "needs-review", "{scans}");
    assert!(text(scans, "reason").contains("handed over"), "{scans}");
    let conditional = by_id(&json, "D-2");
    assert_eq!(
        conditional["answer"], "NA",
        "no SOC 2 report yet: {conditional}"
    );
    assert_eq!(by_id(&json, "D-3")["status"], "needs-review");
    let keys = by_id(&json, "D-4");
    assert_eq!(keys["status"], "needs-review", "{keys}");
    assert!(text(keys, "reason").contains("another party"), "{keys}");
}
