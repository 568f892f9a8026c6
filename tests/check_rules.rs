//! One fixture workspace per rule under tests/fixtures/rules/<code>/, each with an `expect.txt`
//! holding the exit code and every finding `evidence check` gives on it (`UPDATE_EXPECT=1`
//! rewrites them), plus a `clean` fixture with none.

mod common;

use std::path::Path;

use common::{check_json, fixture};
use evidence::check::Rule;

/// Every fixture directory under tests/fixtures/rules/, each with its own test.
macro_rules! fixtures {
    ($($test:ident => $dir:literal,)*) => {
        const FIXTURES: &[&str] = &[$($dir),*];
        $(
            #[test]
            fn $test() {
                assert_fixture($dir);
            }
        )*
    };
}

fixtures! {
    acceptance_expired => "acceptance-expired",
    claim_contradicted => "claim-contradicted",
    clean => "clean",
    collector_unknown_control => "collector-unknown-control",
    control_without_rationale => "control-without-rationale",
    derogation_undocumented => "derogation-undocumented",
    duplicate_id => "duplicate-id",
    evidence_from_future => "evidence-from-future",
    evidence_outside_workspace => "evidence-outside-workspace",
    exclusion_without_justification => "exclusion-without-justification",
    failing_evidence => "failing-evidence",
    impact_assessment_missing => "impact-assessment-missing",
    missed_occurrence => "missed-occurrence",
    missing_evidence => "missing-evidence",
    missing_lawful_basis => "missing-lawful-basis",
    missing_owner => "missing-owner",
    missing_retention => "missing-retention",
    missing_target => "missing-target",
    no_evidence => "no-evidence",
    planned_past_target => "planned-past-target",
    prohibited_system => "prohibited-system",
    requirement_not_implemented => "requirement-not-implemented",
    residual_above_appetite => "residual-above-appetite",
    review_overdue => "review-overdue",
    risk_untreated => "risk-untreated",
    roadmap_target_passed => "roadmap-target-passed",
    stale_evidence => "stale-evidence",
    subprocessor_not_in_records => "subprocessor-not-in-records",
    transfer_without_safeguard => "transfer-without-safeguard",
    treatment_without_controls => "treatment-without-controls",
    uncovered_requirement => "uncovered-requirement",
    unknown_control => "unknown-control",
    unknown_framework => "unknown-framework",
    unknown_requirement => "unknown-requirement",
    unknown_role => "unknown-role",
    unknown_system => "unknown-system",
}

/// `undated-evidence` needs a shallow git clone, which a committed fixture cannot be: it has its
/// own test in tests/assessment.rs.
const RULES_WITHOUT_FIXTURE: &[Rule] = &[Rule::UndatedEvidence];

/// What `expect.txt` holds: `exit N`, then every finding of `evidence check --format json`, in
/// its order, one per line as `severity code file:line:column message`.
fn actual(dir: &str) -> String {
    let (exit, json) = check_json(&fixture(&format!("rules/{dir}")));
    let mut text = format!("exit {exit}\n");
    for f in json["findings"].as_array().expect("findings") {
        let line = format!(
            "{} {} {}:{}:{} {}",
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["file"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["message"].as_str().unwrap()
        );
        assert!(!line.contains('\n'), "{dir}: a message spans lines: {line}");
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Compare a fixture's findings and exit code with its `expect.txt`; `UPDATE_EXPECT=1` rewrites
/// the file instead (read the diff before committing it).
fn assert_fixture(dir: &str) {
    let path = fixture(&format!("rules/{dir}/expect.txt"));
    let actual = actual(dir);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("fixture `{dir}` has no expect.txt"));
    assert_eq!(
        actual, expected,
        "{dir}: findings differ from expect.txt (UPDATE_EXPECT=1 rewrites it)"
    );
    if let Some(rule) = Rule::from_code(dir) {
        let own = format!("{} {} ", rule.default_severity().as_str(), rule.code());
        assert!(
            actual.lines().any(|l| l.starts_with(&own)),
            "{dir}: the fixture must trigger its rule at its default severity"
        );
    }
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_is_listed() {
    for rule in Rule::ALL {
        let listed = FIXTURES.contains(&rule.code());
        assert_eq!(
            listed,
            !RULES_WITHOUT_FIXTURE.contains(rule),
            "rule `{}`: a fixture under tests/fixtures/rules/ listed in fixtures!",
            rule.code()
        );
    }
    let mut dirs: Vec<String> = std::fs::read_dir(fixture("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs, FIXTURES,
        "fixtures! must list every directory, sorted"
    );
}

#[test]
fn the_clean_fixture_has_no_findings() {
    let (exit, json) = check_json(&fixture("rules/clean"));
    assert_eq!(exit, 0, "{json:#}");
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
}

#[test]
fn errors_fail_the_check_and_warnings_pass_unless_strict() {
    let (exit, json) = check_json(&fixture("rules/missing-owner"));
    assert_eq!((exit, json["summary"]["errors"].as_u64()), (1, Some(1)));

    let warning_only = fixture("rules/no-evidence");
    let (exit, json) = check_json(&warning_only);
    assert_eq!((exit, json["summary"]["warnings"].as_u64()), (0, Some(1)));
    common::evidence()
        .args(["check", "--strict", "--now", common::NOW, "-C"])
        .arg(&warning_only)
        .assert()
        .code(1);
}

#[test]
fn severity_overrides_in_evidence_toml_apply_and_unknown_rules_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("rules/stale-evidence"), dir.path());
    let toml = dir.path().join("evidence.toml");
    let base = std::fs::read_to_string(&toml).unwrap();

    std::fs::write(
        &toml,
        format!("{base}\n[rules]\nstale-evidence = \"warning\"\n"),
    )
    .unwrap();
    let (exit, json) = check_json(dir.path());
    assert_eq!(exit, 0);
    assert_eq!(json["findings"][0]["severity"], "warning");

    std::fs::write(
        &toml,
        format!("{base}\n[rules]\nstale-evidence = \"off\"\n"),
    )
    .unwrap();
    let (exit, json) = check_json(dir.path());
    assert_eq!((exit, json["findings"].as_array().unwrap().len()), (0, 0));

    std::fs::write(
        &toml,
        format!("{base}\n[rules]\nstale-evidense = \"off\"\n"),
    )
    .unwrap();
    let stderr = common::could_not_run(dir.path());
    assert!(
        stderr.contains("evidence.toml:8:1: unknown rule `stale-evidense`"),
        "{stderr}"
    );
}

#[test]
fn staleness_falls_back_to_the_file_modification_time() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("rules/clean"), dir.path());
    let controls = dir.path().join("controls/main.yaml");
    let text = std::fs::read_to_string(&controls)
        .unwrap()
        .replace("        collected: 2026-10-01\n", "");
    std::fs::write(&controls, text).unwrap();
    // The file was just written, so it is fresh today and stale in two years.
    let today = jiff::Zoned::now().date().to_string();
    let later = jiff::Zoned::now()
        .date()
        .saturating_add(jiff::Span::new().years(2))
        .to_string();
    for (now, stale) in [(today.as_str(), false), (later.as_str(), true)] {
        let out = common::evidence()
            .args(["check", "--format", "json", "--now", now, "-C"])
            .arg(dir.path())
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let messages: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "stale-evidence")
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(!messages.is_empty(), stale, "--now {now}: {json:#}");
        if stale {
            assert!(messages[0].contains("was last modified"), "{messages:?}");
        }
    }
}

#[test]
fn now_makes_dates_reproducible() {
    // Collected 2026-10-01 with a one-year default max age: fresh until 2027-10-01.
    let dir = fixture("rules/clean");
    for (now, code) in [("2027-10-01", 0), ("2027-10-02", 1)] {
        common::evidence()
            .args(["check", "--now", now, "-C"])
            .arg(&dir)
            .assert()
            .code(code);
    }
}

#[test]
fn the_readme_documents_every_rule_with_its_default_severity_and_summary() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    for rule in Rule::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            rule.code(),
            rule.default_severity().as_str(),
            rule.summary()
        );
        assert!(
            readme.contains(&row),
            "README rule table lacks or differs for:\n{row}"
        );
    }
}

/// A transfer without a safeguard stays a finding when a risk accepts it: a warning (the check
/// passes) while the acceptance holds, an error again once it lapses.
#[test]
fn an_accepted_risk_lowers_a_transfer_without_safeguard_to_a_warning_until_it_lapses() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("rules/transfer-without-safeguard"), dir.path());
    let activities = dir.path().join("processing/activities.yaml");
    let text = std::fs::read_to_string(&activities).unwrap();
    std::fs::write(
        &activities,
        text.replace(
            "        country: United States\n",
            "        country: United States\n        risk: R-1\n",
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("risks")).unwrap();
    let risk = |until: &str| {
        format!(
            "risks:\n  - id: R-1\n    title: Tickets reach the US helpdesk without SCCs\n    category: privacy\n    inherent: {{ likelihood: 2, impact: 2 }}\n    treatment: accept\n    acceptance:\n      by: Managing Director\n      on: 2026-01-10\n      until: {until}\n      rationale: SCCs are being negotiated.\n"
        )
    };
    let transfer_findings = |json: &serde_json::Value| -> Vec<(String, String)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "transfer-without-safeguard")
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };

    std::fs::write(dir.path().join("risks/risks.yaml"), risk("2027-06-30")).unwrap();
    let (exit, json) = check_json(dir.path());
    let found = transfer_findings(&json);
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0].0, "warning");
    assert!(
        found[0]
            .1
            .contains("accepted under risk `R-1` until 2027-06-30"),
        "{}",
        found[0].1
    );
    assert_eq!(exit, 0, "{json:#}");

    std::fs::write(dir.path().join("risks/risks.yaml"), risk("2026-06-30")).unwrap();
    let (exit, json) = check_json(dir.path());
    assert_eq!(transfer_findings(&json)[0].0, "error", "{json:#}");
    assert_eq!(exit, 1);
}

#[cfg(unix)]
#[test]
fn evidence_behind_a_link_that_leads_nowhere_is_named_as_a_broken_link_not_a_missing_file() {
    use std::os::unix::fs::symlink;
    // A link that points at itself, a link to nothing, and a file below a folder link that
    // loops: each is a link to fix, not a file to go and find. A plain absent file stays missing.
    type Make = fn(&Path);
    let cases: [(&str, &str, Make); 4] = [
        ("a loop", "policy.md", |ev| {
            symlink("policy.md", ev.join("policy.md")).unwrap()
        }),
        ("a dangling link", "policy.md", |ev| {
            symlink("gone.md", ev.join("policy.md")).unwrap()
        }),
        ("a folder link that loops", "sub/policy.md", |ev| {
            symlink("sub", ev.join("sub")).unwrap()
        }),
        ("no file at all", "policy.md", |_| {}),
    ];
    for (what, path, make) in cases {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&fixture("rules/clean"), dir.path());
        let ev = dir.path().join("evidence");
        std::fs::remove_file(ev.join("policy.md")).unwrap();
        make(&ev);
        let controls = dir.path().join("controls/main.yaml");
        let text = std::fs::read_to_string(&controls).unwrap();
        std::fs::write(
            &controls,
            text.replace("path: policy.md", &format!("path: {path}")),
        )
        .unwrap();
        let (code, check) = common::check_json(dir.path());
        assert_eq!(code, 1, "{what}: {check:#}");
        let messages: Vec<&str> = check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "missing-evidence")
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        let state =
            &common::status_json(dir.path(), common::NOW)["controls"][0]["evidence"][0]["state"];
        if what == "no file at all" {
            assert_eq!(state, "missing", "{what}");
            assert!(
                messages[0].ends_with("does not exist"),
                "{what}: {messages:?}"
            );
        } else {
            assert_eq!(state, "broken-link", "{what}");
            assert_eq!(messages.len(), 1, "{what}: {messages:?}");
            assert!(
                messages[0].contains("is a symbolic link that leads nowhere"),
                "{what}: {messages:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_recurring_evidence_folder_that_is_a_broken_link_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture("rules/missed-occurrence"), dir.path());
    let folder = dir.path().join("evidence/access-reviews");
    std::fs::remove_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink("reviews-moved", &folder).unwrap();
    let controls = dir.path().join("controls/main.yaml");
    let text = std::fs::read_to_string(&controls).unwrap();
    std::fs::write(
        &controls,
        text.replace("access-reviews/*.csv", "access-reviews"),
    )
    .unwrap();
    let state =
        &common::status_json(dir.path(), common::NOW)["controls"][0]["evidence"][0]["state"];
    assert_eq!(state, "broken-link");
    let (code, check) = common::check_json(dir.path());
    assert_eq!(code, 1);
    assert!(
        check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains(
                "`evidence/access-reviews` of `C-1` is a symbolic link that leads nowhere"
            )),
        "{check:#}"
    );
}
