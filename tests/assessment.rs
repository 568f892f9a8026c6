//! One assessment, read by every output: `check`, `status`, `coverage`, the SoA, the trust pack
//! and questionnaire answers state the same verdict for every control and requirement, on every
//! example and on generated workspaces; and collected dates come from git where the file itself
//! does not say.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command as Process;

use common::{NOW, evidence};
use evidence::assessment::{Assessment, Verdict, status};
use evidence::workspace::Workspace;
use proptest::prelude::*;
use serde_json::Value;

fn today() -> jiff::civil::Date {
    NOW.parse().unwrap()
}

fn verdict_map(items: &[Value], id: &str, verdict: &str) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|c| {
            (
                c[id].as_str().unwrap().to_string(),
                c[verdict].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Assert that all outputs agree for the workspace at `dir`.
fn assert_outputs_agree(dir: &Path) {
    let ws = Workspace::load(dir).unwrap();
    let assessment = Assessment::new(&ws, today());
    let truth: BTreeMap<String, String> = assessment
        .controls
        .iter()
        .rev() // the first of duplicated IDs wins, as in the assessment's lookup
        .map(|c| (c.id.clone(), c.verdict.as_str().to_string()))
        .collect();

    // check --format json
    let report = evidence::check::run(&ws, &assessment).unwrap();
    let check: Value = serde_json::from_str(&evidence::check::format::render(
        &report,
        evidence::check::format::Format::Json,
        Default::default(),
    ))
    .unwrap();
    let stated = verdict_map(check["controls"].as_array().unwrap(), "id", "verdict");
    assert_eq!(stated, truth, "check disagrees");

    // status --format json
    let status: Value = serde_json::from_str(&status::report(&assessment, None).to_json()).unwrap();
    assert_eq!(
        verdict_map(status["controls"].as_array().unwrap(), "id", "verdict"),
        truth,
        "status disagrees"
    );

    // coverage and the SoA, for every catalog in scope
    for catalog_id in ws.config.frameworks.iter().map(|f| f.value.clone()) {
        let Some(catalog) = ws.catalogs.get(&catalog_id) else {
            continue;
        };
        let coverage = serde_json::to_value(assessment.coverage(&ws, catalog)).unwrap();
        let soa = serde_json::to_value(
            evidence::render::soa::build(&ws, &assessment, &catalog_id).unwrap(),
        )
        .unwrap();
        let soa_rows: BTreeMap<String, &Value> = soa["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r))
            .collect();
        for req in coverage["requirements"].as_array().unwrap() {
            let controls: Vec<Value> = req["controls"].as_array().unwrap().clone();
            for c in &controls {
                assert_eq!(
                    truth[c["id"].as_str().unwrap()],
                    c["verdict"].as_str().unwrap(),
                    "coverage disagrees on {}",
                    c["id"]
                );
            }
            // The roll-up: the least done control decides.
            let expected = controls
                .iter()
                .map(|c| rank(c["verdict"].as_str().unwrap()))
                .min();
            let applicable =
                !["excluded", "not-applicable"].contains(&req["status"].as_str().unwrap());
            if applicable {
                assert_eq!(req["verdict"].as_str().map(rank), expected, "{req}");
                let covered = req["status"] == "covered";
                assert_eq!(covered, expected == Some(rank("verified")), "{req}");
            }
            if let Some(row) = soa_rows.get(req["id"].as_str().unwrap()) {
                assert_eq!(row["verdict"], req["verdict"], "SoA disagrees: {row}");
                for c in row["controls"].as_array().unwrap() {
                    assert_eq!(
                        truth[c["id"].as_str().unwrap()],
                        c["verdict"].as_str().unwrap()
                    );
                }
            }
        }
    }

    // the trust pack (JSON): every control shown is labelled by its verdict
    let pack = serde_json::to_value(evidence::render::trustpage::build(&ws, &assessment)).unwrap();
    for category in pack["controls_by_category"].as_array().unwrap() {
        for c in category["controls"].as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            assert_eq!(
                truth[id],
                c["verdict"].as_str().unwrap(),
                "trust pack disagrees"
            );
            let label = c["status_label"].as_str().unwrap();
            assert_eq!(
                label.starts_with("Verified"),
                truth[id] == "verified",
                "{id}: {label}"
            );
            assert!(label != "Implemented", "a bare Implemented label: {id}");
        }
    }

    // questionnaire answers: one question per control through an answer library; never a Yes
    // on a control that is not verified
    let answers = answer_one_question_per_control(dir, &ws, &assessment);
    for a in answers["answers"].as_array().unwrap() {
        let index: usize = a["id"].as_str().unwrap()["Q-".len()..].parse().unwrap();
        let control = &assessment.controls[index];
        // A control that says what the organisation does not do (`negative: true`) answers
        // "Do you …?" with No when it holds.
        let holds = if ws.controls[index].control.negative {
            "No"
        } else {
            "Yes"
        };
        // The affirming answer exactly when the control is verified: never on an unverified
        // one, and the assessment's verified controls are not left to review either.
        assert_eq!(
            a["answer"] == holds,
            control.verdict == Verdict::Verified,
            "{}: {a}",
            control.id
        );
    }
}

fn rank(verdict: &str) -> u8 {
    Verdict::ALL
        .iter()
        .rev()
        .position(|v| v.as_str() == verdict)
        .unwrap() as u8
}

/// Answer a CSV with one question per control, each routed to its control by an answer library
/// written into a copy of the workspace.
fn answer_one_question_per_control(dir: &Path, ws: &Workspace, assessment: &Assessment) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(dir, tmp.path());
    let answers_dir = tmp.path().join("answers");
    let _ = std::fs::remove_dir_all(&answers_dir);
    std::fs::create_dir_all(&answers_dir).unwrap();
    let mut library = String::from("answers:\n");
    let mut sheet = String::from("Question ID,Question,Answer\n");
    for (i, c) in ws.controls().enumerate() {
        library.push_str(&format!(
            "  - questions: [\"Q-{i}\"]\n    controls: [\"{}\"]\n",
            c.id.value
        ));
        sheet.push_str(&format!("Q-{i},Do you operate control {i}?,\n"));
    }
    std::fs::write(answers_dir.join("generated.yaml"), library).unwrap();
    let ws = Workspace::load(tmp.path()).unwrap();
    let sheet_path = tmp.path().join("sheet.csv");
    std::fs::write(&sheet_path, sheet).unwrap();
    let options = evidence::questionnaire::Options {
        sheet: None,
        columns: Default::default(),
        threshold: evidence::questionnaire::DEFAULT_THRESHOLD,
    };
    // The copy is assessed afresh: same files, same date, so the same verdicts.
    let again = Assessment::new(&ws, assessment.date);
    let answered =
        evidence::questionnaire::answer_file(&ws, &again, &sheet_path, &options).unwrap();
    serde_json::from_str(&evidence::questionnaire::write::to_json(&answered).unwrap()).unwrap()
}

#[test]
fn every_example_states_one_truth_in_every_output() {
    for entry in std::fs::read_dir(common::repo().join("examples")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("evidence.toml").is_file() {
            assert_outputs_agree(&dir);
        }
    }
}

/// A generated control: status, target, and evidence items described by what they are.
#[derive(Debug, Clone)]
struct GenControl {
    status: &'static str,
    target: Option<&'static str>,
    evidence: Vec<GenEvidence>,
    requirements: Vec<usize>,
}

#[derive(Debug, Clone)]
enum GenEvidence {
    Fresh,
    Stale,
    Missing,
    FromFuture,
    Directory,
    Undeclared,
}

fn gen_control() -> impl Strategy<Value = GenControl> {
    (
        prop::sample::select(vec!["implemented", "partial", "planned", "not-implemented"]),
        prop::option::of(prop::sample::select(vec!["2026-01-31", "2027-06-30"])),
        prop::collection::vec(
            prop::sample::select(vec![
                GenEvidence::Fresh,
                GenEvidence::Stale,
                GenEvidence::Missing,
                GenEvidence::FromFuture,
                GenEvidence::Directory,
                GenEvidence::Undeclared,
            ]),
            0..3,
        ),
        prop::collection::vec(0usize..4, 0..3),
    )
        .prop_map(|(status, target, evidence, requirements)| GenControl {
            status,
            target,
            evidence,
            requirements,
        })
}

fn write_workspace(dir: &Path, controls: &[GenControl], rules_off: bool) {
    let mut toml = String::from(
        "[organisation]\nname = \"Generated Ltd\"\n[scope]\nframeworks = [\"mini\"]\n",
    );
    if rules_off {
        toml.push_str("[rules]\nstale-evidence = \"off\"\nmissing-evidence = \"off\"\nevidence-from-future = \"off\"\nno-evidence = \"off\"\n");
    }
    std::fs::write(dir.join("evidence.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.join("frameworks")).unwrap();
    std::fs::copy(
        common::fixture("rules/clean/frameworks/mini.yaml"),
        dir.join("frameworks/mini.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("evidence/dir")).unwrap();
    std::fs::create_dir_all(dir.join("controls")).unwrap();
    let mut yaml = String::from("controls:\n");
    for (i, c) in controls.iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: G-{i}\n    title: Generated control {i}\n    owner: Owner\n    category: Generated\n    status: {}\n",
            c.status
        ));
        if let Some(t) = c.target {
            yaml.push_str(&format!("    target: {t}\n"));
        }
        let reqs: Vec<String> = c
            .requirements
            .iter()
            .map(|r| format!("M-{}", r % 2 + 1))
            .collect();
        yaml.push_str(&format!(
            "    mappings:\n      mini: [{}]\n",
            reqs.join(", ")
        ));
        yaml.push_str("    evidence:\n");
        if c.evidence.is_empty() {
            yaml.truncate(yaml.len() - "    evidence:\n".len());
        }
        for (j, e) in c.evidence.iter().enumerate() {
            let name = format!("e-{i}-{j}.txt");
            let (path, collected) = match e {
                GenEvidence::Fresh => (name.clone(), Some("2026-10-01")),
                GenEvidence::Stale => (name.clone(), Some("2024-01-01")),
                GenEvidence::Missing => (format!("absent-{i}-{j}.txt"), Some("2026-10-01")),
                GenEvidence::FromFuture => (name.clone(), Some("2027-01-01")),
                GenEvidence::Directory => ("dir".to_string(), Some("2026-10-01")),
                GenEvidence::Undeclared => (name.clone(), None),
            };
            if path.starts_with("e-") {
                std::fs::write(dir.join("evidence").join(&path), "evidence").unwrap();
            }
            yaml.push_str(&format!("      - path: {path}\n"));
            if let Some(date) = collected {
                yaml.push_str(&format!("        collected: {date}\n"));
            }
        }
    }
    std::fs::write(dir.join("controls/generated.yaml"), yaml).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Random statuses, targets, fresh/stale/missing/future/undeclared evidence, rules switched
    /// off: every output states the assessment's verdict, and switching rules off changes the
    /// findings, never the verdicts.
    #[test]
    fn generated_workspaces_state_one_truth_in_every_output(
        controls in prop::collection::vec(gen_control(), 1..7),
        rules_off in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        write_workspace(tmp.path(), &controls, rules_off);
        assert_outputs_agree(tmp.path());
        // The verdicts do not depend on the severities.
        let ws = Workspace::load(tmp.path()).unwrap();
        let with = Assessment::new(&ws, today());
        std::fs::write(
            tmp.path().join("evidence.toml"),
            "[organisation]\nname = \"Generated Ltd\"\n[scope]\nframeworks = [\"mini\"]\n",
        )
        .unwrap();
        let ws = Workspace::load(tmp.path()).unwrap();
        let without = Assessment::new(&ws, today());
        let verdicts = |a: &Assessment| a.controls.iter().map(|c| c.verdict).collect::<Vec<_>>();
        prop_assert_eq!(verdicts(&with), verdicts(&without));
    }
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let ok = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

/// A workspace in a git repository whose two evidence files were committed on different days,
/// neither with `collected:`.
fn repository_with_dated_evidence(dir: &Path) {
    std::fs::write(
        dir.join("evidence.toml"),
        "[organisation]\nname = \"Git Ltd\"\n[scope]\nframeworks = []\n[evidence]\nmax_age = \"90d\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("controls")).unwrap();
    std::fs::create_dir_all(dir.join("evidence")).unwrap();
    std::fs::write(
        dir.join("controls/c.yaml"),
        "controls:\n  - id: OLD\n    title: Old evidence\n    owner: O\n    status: implemented\n    evidence:\n      - path: old.txt\n  - id: NEW\n    title: New evidence\n    owner: O\n    status: implemented\n    evidence:\n      - path: new.txt\n",
    )
    .unwrap();
    git(dir, &["init", "-q"], "2026-01-01T10:00:00Z");
    std::fs::write(dir.join("evidence/old.txt"), "old").unwrap();
    git(dir, &["add", "."], "2026-01-01T10:00:00Z");
    git(dir, &["commit", "-q", "-m", "old"], "2026-01-01T10:00:00Z");
    std::fs::write(dir.join("evidence/new.txt"), "new").unwrap();
    git(dir, &["add", "."], "2026-11-01T10:00:00Z");
    git(dir, &["commit", "-q", "-m", "new"], "2026-11-01T10:00:00Z");
}

/// A clone (made today, so every modification time is "now") of a repository holding a
/// workspace with dated evidence; `depth` makes it shallow.
fn clone_of_dated_repository(tmp: &Path, depth: Option<&str>) -> std::path::PathBuf {
    let origin = tmp.join("origin");
    std::fs::create_dir(&origin).unwrap();
    repository_with_dated_evidence(&origin);
    let clone = tmp.join("clone");
    let url = format!("file://{}", origin.display());
    let mut args = vec!["clone", "-q"];
    if let Some(depth) = depth {
        args.extend(["--depth", depth]);
    }
    args.extend([url.as_str(), clone.to_str().unwrap()]);
    git(tmp, &args, "2026-11-30T10:00:00Z");
    clone
}

/// The findings of one rule in `check --format json` output.
fn findings_of<'a>(check: &'a Value, rule: &str) -> Vec<&'a Value> {
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn evidence_without_collected_is_dated_by_its_last_commit_in_a_fresh_clone() {
    let tmp = tempfile::tempdir().unwrap();
    // A fresh clone: every modification time is "now", so only git knows the dates.
    let clone = clone_of_dated_repository(tmp.path(), None);
    let out = evidence()
        .args(["status", "--format", "json", "--now", NOW, "-C"])
        .arg(&clone)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = |id: &str| {
        json["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["evidence"][0]
            .clone()
    };
    assert_eq!(item("OLD")["collected"], "2026-01-01");
    assert_eq!(item("OLD")["collected_from"], "git");
    assert_eq!(item("OLD")["state"], "stale");
    assert_eq!(item("NEW")["collected"], "2026-11-01");
    assert_eq!(item("NEW")["state"], "fresh");
    // check fails on the stale one and names where the date came from.
    let (code, check) = common::check_json(&clone);
    assert_eq!(code, 1);
    let stale = findings_of(&check, "stale-evidence");
    assert_eq!(stale.len(), 1, "{check:#}");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("last committed 2026-01-01")
    );
    // An uncommitted change is dated by the file's modification time instead.
    std::fs::write(clone.join("evidence/old.txt"), "changed").unwrap();
    let ws = Workspace::load(&clone).unwrap();
    let a = Assessment::new(&ws, today());
    assert_eq!(
        a.control("OLD").unwrap().evidence[0].collected_from,
        Some(evidence::assessment::CollectedFrom::Mtime)
    );
}

#[test]
fn a_shallow_clone_without_the_history_is_undated_not_fresh() {
    let tmp = tempfile::tempdir().unwrap();
    let clone = clone_of_dated_repository(tmp.path(), Some("1"));
    let (code, check) = common::check_json(&clone);
    assert_eq!(code, 1, "{check:#}");
    let undated = findings_of(&check, "undated-evidence");
    // Both files sit in the boundary commit: neither date can be trusted.
    assert_eq!(undated.len(), 2, "{check:#}");
    assert!(undated[0]["message"].as_str().unwrap().contains("shallow"));
    assert_eq!(undated[0]["file"], "controls/c.yaml");
    assert!(undated[0]["line"].as_u64().unwrap() > 0);
}

#[test]
fn severity_overrides_change_findings_never_the_verdict() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("rules/stale-evidence"), tmp.path());
    let toml = std::fs::read_to_string(tmp.path().join("evidence.toml")).unwrap();
    std::fs::write(
        tmp.path().join("evidence.toml"),
        format!("{toml}\n[rules]\nstale-evidence = \"off\"\n"),
    )
    .unwrap();
    let (code, check) = common::check_json(tmp.path());
    assert_eq!(code, 0, "{check:#}");
    assert_eq!(check["controls"][0]["verdict"], "unverified");
    // …and the SoA, the trust page and the answers still treat it as unverified.
    let out = evidence()
        .args(["status", "--format", "json", "--now", NOW, "-C"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["controls"][0]["evidence"][0]["state"], "stale");
}

#[test]
fn status_lists_what_expires_within_a_period() {
    let dir = common::repo().join("examples/clustral-ai-labs");
    let out = evidence()
        .args(["status", "--expiring", "30d", "--now", NOW, "-C"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("5 controls with evidence going stale by 2026-12-22"),
        "{text}"
    );
    assert!(text.contains("OPS-06"), "{text}");
    let out = evidence()
        .args([
            "status",
            "--format",
            "json",
            "--expiring",
            "30d",
            "--now",
            NOW,
            "-C",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["date"], NOW);
    assert_eq!(json["controls"].as_array().unwrap().len(), 5);
    // 100 implemented and verified, 17 planned for ISO/IEC 27001 and SOC 2 (in preparation).
    assert_eq!(json["summary"]["controls"], 117);
    assert_eq!(json["summary"]["verified"], 100);
    assert_eq!(json["summary"]["next_stale"], "2026-12-17");
    for c in json["controls"].as_array().unwrap() {
        for key in ["id", "status", "verdict", "owner", "evidence"] {
            assert!(c.get(key).is_some(), "{key} missing: {c}");
        }
        for e in c["evidence"].as_array().unwrap() {
            for key in ["path", "state", "collected", "collected_from", "stale_on"] {
                assert!(e.get(key).is_some(), "{key} missing: {e}");
            }
        }
    }
}

#[test]
fn reports_refuse_a_failing_workspace_unless_allowed_and_then_label_by_verdict() {
    let dir = common::repo().join("examples/northwind-gaps");
    for args in [
        &["render", "trust-pack"][..],
        &["render", "soa", "--framework", "gdpr"][..],
    ] {
        let out = evidence()
            .args(args)
            .args(["--now", NOW, "-C"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("8 errors"), "{stderr}");
        assert!(stderr.contains("--allow-findings"), "{stderr}");
    }
    let out = evidence()
        .args([
            "render",
            "trust-pack",
            "--format",
            "json",
            "--allow-findings",
            "--now",
            NOW,
            "-C",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let pack: Value = serde_json::from_slice(&out.stdout).unwrap();
    let controls: Vec<&Value> = pack["controls_by_category"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["controls"].as_array().unwrap())
        .collect();
    let stale = controls.iter().find(|c| c["id"] == "NW-SEC-01").unwrap();
    assert_eq!(stale["verdict"], "unverified");
    assert_eq!(stale["status_label"], "Declared, evidence pending");
    let overdue = controls.iter().find(|c| c["id"] == "NW-SEC-04").unwrap();
    assert_eq!(overdue["verdict"], "overdue");
}

#[test]
fn bundle_create_packs_what_the_assessment_found_with_its_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let clone = clone_of_dated_repository(tmp.path(), None);
    // A control citing a directory and a missing file.
    std::fs::create_dir_all(clone.join("evidence/folder")).unwrap();
    std::fs::write(clone.join("evidence/folder/inside.txt"), "x").unwrap();
    let controls = std::fs::read_to_string(clone.join("controls/c.yaml")).unwrap();
    std::fs::write(
        clone.join("controls/c.yaml"),
        format!(
            "{controls}  - id: DIR\n    title: A folder\n    owner: O\n    status: implemented\n    evidence:\n      - path: folder\n      - path: absent.txt\n"
        ),
    )
    .unwrap();
    let out_dir = tmp.path().join("bundle");
    let out = evidence()
        .args(["bundle", "create", "--allow-findings", "--now", NOW, "-C"])
        .arg(&clone)
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
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let file = |path: &str| files.iter().find(|f| f["path"] == path);
    assert_eq!(
        file("evidence/old.txt").unwrap()["collected_at"],
        "2026-01-01"
    );
    assert_eq!(
        file("evidence/new.txt").unwrap()["collected_at"],
        "2026-11-01"
    );
    // A directory is not verifiable evidence (check says so), but its files are packed for the
    // auditor, undated; a missing file cannot be.
    let inside = file("evidence/folder/inside.txt").expect("the folder's file is packed");
    assert!(inside["collected_at"].is_null(), "{inside}");
    assert!(file("evidence/absent.txt").is_none());
    assert!(
        manifest["check"]["errors"].as_u64().unwrap() >= 2,
        "{manifest:#}"
    );
}
