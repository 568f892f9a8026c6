//! `evidence init` starts a workspace that `check` and `coverage` read; coverage reports each
//! requirement's status.

mod common;

use common::{NOW, evidence, fixture, repo};

fn coverage_json(dir: &std::path::Path, framework: &str) -> serde_json::Value {
    let out = evidence()
        .args([
            "coverage",
            "--now",
            NOW,
            "--format",
            "json",
            "--framework",
            framework,
            "-C",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn init_creates_a_workspace_that_check_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    evidence()
        .args(["init", "--name", "Acme AI Ltd"])
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("evidence.toml").is_file());
    assert!(std::fs::read_dir(dir.join("controls")).unwrap().count() > 0);
    let toml = std::fs::read_to_string(dir.join("evidence.toml")).unwrap();
    assert!(toml.contains("name = \"Acme AI Ltd\""));
    // A new workspace claims nothing: every control is planned, check lists the evidence to
    // collect, the targets to set and the requirements to implement, and nothing is verified.
    let (code, json) = common::check_json(&dir);
    assert_eq!(code, 1);
    let rules: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "missing-evidence",
            "missing-target",
            "requirement-not-implemented"
        ],
        "{json:#}"
    );
    for control in json["controls"].as_array().unwrap() {
        assert_eq!(control["verdict"], "planned", "{control}");
    }
    let controls = std::fs::read_dir(dir.join("controls"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!controls.contains("status: implemented"));
    assert!(!controls.contains("review:"));
    assert!(!controls.contains("collected: 2"));
    // The trust page refuses: there is nothing to publish.
    let out = evidence()
        .args(["render", "trust-pack", "--now", NOW, "-C"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to publish"));
}

#[test]
fn init_writes_only_the_controls_of_the_frameworks_chosen() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    evidence()
        .args(["init", "--frameworks", "gdpr, dpdp"])
        .arg(&dir)
        .assert()
        .success();
    let ws = evidence::workspace::Workspace::load(&dir).unwrap();
    assert!(!ws.controls.is_empty());
    for c in ws.controls() {
        assert!(
            c.mappings
                .iter()
                .any(|m| ["gdpr", "dpdp"].contains(&m.framework.value.as_str())),
            "{} serves neither gdpr nor dpdp",
            c.id.value
        );
        assert_eq!(c.status.value, evidence::model::ControlStatus::Planned);
    }
    // CE marking serves only the EU AI Act: not written for a GDPR/DPDP workspace.
    assert!(ws.controls().all(|c| !c.title.contains("CE marking")));
}

#[test]
fn init_writes_into_an_empty_current_directory_or_a_fresh_repository() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    evidence()
        .arg("init")
        .current_dir(tmp.path())
        .assert()
        .success();
    assert!(tmp.path().join("evidence.toml").is_file());
    assert!(tmp.path().join(".git").is_dir());
    let out = evidence()
        .args(["init", "."])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("already holds a workspace").count(),
        1,
        "the error is printed once: {stderr}"
    );
}

#[test]
fn baseline_maps_nist_and_iso_annex_a_but_covers_nothing_on_a_fresh_init() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    evidence().arg("init").arg(&dir).assert().success();
    for framework in ["nist-ai-rmf", "iso42001"] {
        let json = coverage_json(&dir, framework);
        for r in json["requirements"].as_array().unwrap() {
            let status = r["status"].as_str().unwrap();
            assert!(
                ["partial", "excluded", "not-applicable"].contains(&status),
                "{framework} {} is {status}",
                r["id"]
            );
            if status == "excluded" {
                assert!(
                    r["reason"].as_str().is_some_and(|j| j.len() > 20),
                    "{} needs a justification",
                    r["id"]
                );
            }
        }
    }
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = evidence().arg("init").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn init_rejects_unknown_frameworks() {
    let tmp = tempfile::tempdir().unwrap();
    let out = evidence()
        .args(["init", "--frameworks", "iso42001,soc3"])
        .arg(tmp.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn coverage_statuses_on_the_fixture() {
    let dir = fixture("rules/requirement-not-implemented");
    let json = coverage_json(&dir, "mini");
    assert_eq!(json["framework"], "mini");
    let status: Vec<(&str, &str)> = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(status, [("M-1", "covered"), ("M-2", "partial")]);
    assert_eq!(json["summary"]["covered"], 1);
    assert_eq!(
        json["requirements"][0]["controls"][0]["owner"],
        "Head of Security"
    );
}

#[test]
fn coverage_applies_roles_and_exclusions() {
    let json = coverage_json(&repo().join("examples/northwind-gaps"), "gdpr");
    let find = |id: &str| {
        json["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    // The example holds only the processor role: the controller's record is out of scope.
    assert_eq!(find("Art. 30(1)(a)")["status"], "not-applicable");
    assert!(
        find("Art. 30(1)(a)")["reason"]
            .as_str()
            .unwrap()
            .contains("binds controller")
    );
    assert_eq!(find("Art. 30(2)(a)")["status"], "covered");
    assert_eq!(find("Art. 27")["status"], "excluded");
    assert_eq!(find("Art. 33(2)")["status"], "gap");
}

#[test]
fn coverage_csv_and_text() {
    let dir = repo().join("examples/northwind-gaps");
    let out = evidence()
        .args(["coverage", "--format", "csv", "--framework", "gdpr", "-C"])
        .arg(&dir)
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("framework,requirement,title,status,controls,owners,reason\n"));
    assert!(
        csv.contains("gdpr,Art. 28,Processor,covered,NW-PRIV-01,Legal Counsel,\n"),
        "{csv}"
    );
    let out = evidence()
        .args(["coverage", "--now", NOW, "-C"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "gdpr: 137 requirements — 12 covered, 6 unverified, 1 partial, 2 gap, 7 excluded, 109 not applicable"
        ),
        "{text}"
    );
}

#[test]
fn gaps_carry_crosswalk_hints_but_are_not_counted_as_covered() {
    let catalogs = evidence::catalog::Catalogs::builtin().unwrap();
    let pair = catalogs.crosswalk_pairs("nist-ai-rmf", "iso42001")[0];
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("evidence.toml"),
        "[organisation]\nname = \"X\"\n[scope]\nframeworks = [\"nist-ai-rmf\", \"iso42001\"]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.join("controls")).unwrap();
    std::fs::write(
        dir.join("controls/c.yaml"),
        format!("controls:\n  - id: POL-1\n    title: AI policy\n    owner: CEO\n    status: implemented\n    mappings:\n      iso42001: [\"{}\"]\n", pair.to),
    )
    .unwrap();
    let json = coverage_json(dir, "nist-ai-rmf");
    let row = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == pair.from)
        .unwrap();
    assert_eq!(row["status"], "gap");
    assert_eq!(row["related"][0]["control"], "POL-1");
    assert_eq!(row["related"][0]["framework"], "iso42001");

    let (_, check) = common::check_json(dir);
    let finding = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "uncovered-requirement"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("`{}`", pair.from))
        })
        .unwrap();
    assert!(
        finding["hint"]
            .as_str()
            .unwrap()
            .contains("POL-1 (via iso42001"),
        "{finding}"
    );
}

/// The Digital Omnibus (Regulation (EU) 2026/1744, in force 2026-07-27) as data: `--now` before
/// its entry into force evaluates the dates of the text as published, from it the amended ones.
#[test]
fn coverage_and_check_follow_the_amendment_on_both_sides_of_its_entry_into_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    evidence()
        .args(["init", "--frameworks", "eu-ai-act", "--name", "T"])
        .arg(&dir)
        .assert()
        .success();
    let at = |now: &str| {
        let out = evidence()
            .args([
                "coverage",
                "--now",
                now,
                "--format",
                "json",
                "--framework",
                "eu-ai-act",
                "-C",
            ])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        move |id: &str| -> (String, String) {
            let r = json["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .unwrap_or_else(|| panic!("{id}"));
            (
                r["status"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap_or("").to_string(),
            )
        }
    };
    let before = at("2026-07-26");
    assert_eq!(
        before("Art. 9"),
        ("not-applicable".into(), "applies from 2026-08-02".into())
    );
    let (status, reason) = before("Art. 5(1)(ba)");
    assert_eq!(status, "not-applicable");
    assert!(
        reason.contains("inserted by amendment 2026/1744"),
        "{reason}"
    );
    let after = at("2026-07-27");
    assert_eq!(
        after("Art. 9"),
        ("not-applicable".into(), "applies from 2027-12-02".into())
    );
    assert_eq!(
        after("Art. 5(1)(ba)"),
        ("not-applicable".into(), "applies from 2026-12-02".into())
    );
    // On 2026-08-10 the old text would have made Art. 9 apply; the amended one does not.
    assert_eq!(at("2026-08-10")("Art. 9").0, "not-applicable");
    let december = at("2026-12-10");
    assert_ne!(december("Art. 5(1)(ba)").0, "not-applicable");
    assert_eq!(at("2027-12-02")("Art. 9").1, "");

    // check: the new prohibition is a finding only once it applies.
    let check = |now: &str| {
        let out = evidence()
            .args(["check", "--now", now, "--format", "json", "-C"])
            .arg(&dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!check("2026-07-26").contains("Art. 5(1)(ba)"));
    assert!(check("2026-12-10").contains("Art. 5(1)(ba)"));
}

/// A workspace initialised with ISO/IEC 27001, SOC 2 and NIST CSF 2.0 can cover every requirement
/// with baseline controls: nothing is a gap, everything waits on planned controls.
#[test]
fn baseline_covers_every_iso27001_soc2_and_csf_requirement() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    evidence()
        .args([
            "init",
            "--frameworks",
            "iso27001,soc2,nist-csf",
            "--name",
            "T",
        ])
        .arg(&dir)
        .assert()
        .success();
    let toml = std::fs::read_to_string(dir.join("evidence.toml")).unwrap();
    assert!(toml.contains("roles = { soc2 = [\"security\"] }"), "{toml}");
    let count = |framework: &str| {
        let json = coverage_json(&dir, framework);
        let reqs = json["requirements"].as_array().unwrap().clone();
        let gaps: Vec<String> = reqs
            .iter()
            .filter(|r| r["status"] == "gap")
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert!(gaps.is_empty(), "{framework}: {gaps:?}");
        reqs.iter()
            .filter(|r| r["status"] != "not-applicable")
            .count()
    };
    assert_eq!(count("iso27001"), 123);
    assert_eq!(count("nist-csf"), 106);
    // Security only: the 33 common criteria; the other categories are out of scope.
    assert_eq!(count("soc2"), 33);
    // Choosing every category: the baseline covers all 61 criteria.
    let all = toml.replace(
        "roles = { soc2 = [\"security\"] }",
        "roles = { soc2 = [\"security\", \"availability\", \"confidentiality\", \"processing-integrity\", \"privacy\"] }",
    );
    std::fs::write(dir.join("evidence.toml"), all).unwrap();
    assert_eq!(count("soc2"), 61);
}

#[test]
fn coverage_csv_neutralises_cells_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("rules/clean"), dir.path());
    let controls = dir.path().join("controls/main.yaml");
    let text = std::fs::read_to_string(&controls).unwrap().replace(
        "owner: Head of Security",
        "owner: \"=HYPERLINK(\\\"https://attacker.example\\\",\\\"x\\\")\"",
    );
    std::fs::write(&controls, text).unwrap();
    let out = evidence()
        .args(["coverage", "--format", "csv", "--now", NOW, "-C"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("HYPERLINK"), "{csv}");
    assert!(
        !csv.lines().any(|l| l
            .split(',')
            .any(|cell| cell.trim_start_matches('"').starts_with('='))),
        "a formula cell reached the CSV: {csv}"
    );
}
