//! Unit tests of the coverage roll-up, on a small in-code workspace.

use super::{CoverageStatus, FrameworkCoverage};
use crate::assessment::Verdict;
use crate::assessment::fixture::{Fixture, workspace};

/// Requirements of every kind of outcome: M-1 served by an implemented and a planned control,
/// M-2 excluded, M-3 binding a role the organisation does not hold, M-4 by no control, M-5 by
/// an implemented control with fresh evidence, M-6 by one without evidence, M-7 informative.
const CATALOG: &str = "id: mini\nname: Mini\nversion: \"1\"\npublisher: tests\nsource: tests\n\
    licence: tests\nroles:\n  - id: provider\n    title: Provider\n  - id: deployer\n    title: Deployer\n\
    requirements:\n  - id: G\n    title: Group\n    group: true\n\
    \x20 - { id: M-1, title: One, parent: G }\n  - { id: M-2, title: Two, parent: G }\n\
    \x20 - { id: M-3, title: Three, roles: [deployer] }\n  - { id: M-4, title: Four }\n\
    \x20 - { id: M-5, title: Five }\n  - { id: M-6, title: Six }\n\
    \x20 - { id: M-7, title: Seven, tags: [not-an-obligation] }\n";

const CONTROLS: &str = "controls:\n\
    \x20 - { id: C-1, title: Done, owner: Security, status: implemented, mappings: { mini: [M-1, M-5, M-3] },\n\
    \x20     evidence: [{ path: policy.md, collected: 2026-10-01 }] }\n\
    \x20 - { id: C-2, title: Later, owner: CTO, status: planned, target: 2027-01-31, mappings: { mini: [M-1] } }\n\
    \x20 - { id: C-3, title: Unproven, owner: Security, status: implemented, mappings: { mini: [M-6] } }\n";

fn fixture() -> Fixture {
    workspace(&[
        (
            "evidence.toml",
            "[organisation]\nname = \"Fixture Ltd\"\n\n[scope]\nframeworks = [\"mini\"]\nroles = { mini = [\"provider\"] }\n",
        ),
        ("frameworks/mini.yaml", CATALOG),
        ("controls/main.yaml", CONTROLS),
        ("evidence/policy.md", "# Policy\n"),
        (
            "scope/mini.yaml",
            "framework: mini\ndecisions:\n  - { requirement: M-2, applicable: false, justification: No models. }\n",
        ),
    ])
}

fn coverage(fixture: &Fixture) -> FrameworkCoverage {
    let catalog = fixture.ws.catalogs.get("mini").expect("mini");
    fixture.assessment.coverage(&fixture.ws, catalog)
}

#[test]
fn each_requirement_gets_the_status_its_controls_and_scope_give_it() {
    let fixture = fixture();
    let coverage = coverage(&fixture);
    let statuses: Vec<(&str, CoverageStatus)> = coverage
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("M-1", CoverageStatus::Partial),
            ("M-2", CoverageStatus::Excluded),
            ("M-3", CoverageStatus::NotApplicable),
            ("M-4", CoverageStatus::Gap),
            ("M-5", CoverageStatus::Covered),
            ("M-6", CoverageStatus::Unverified),
            ("M-7", CoverageStatus::NotApplicable),
        ],
        "the group G is listed by the catalog, never assessed"
    );
    let reason = |id: &str| {
        let row = coverage.requirements.iter().find(|r| r.id == id).unwrap();
        row.reason.clone()
    };
    assert_eq!(reason("M-2").as_deref(), Some("No models."));
    assert_eq!(
        reason("M-3").as_deref(),
        Some("binds deployer; the organisation holds provider")
    );
    assert_eq!(
        reason("M-7").as_deref(),
        Some("informative: places no obligation on the organisation")
    );
    assert_eq!(
        serde_json::to_value(&coverage.summary).unwrap(),
        serde_json::json!({
            "total": 7, "covered": 1, "unverified": 1, "partial": 1, "gap": 1, "excluded": 1,
            "not_applicable": 2
        })
    );
}

#[test]
fn a_requirement_is_as_done_as_its_least_done_control() {
    let fixture = fixture();
    let m1 = coverage(&fixture).requirements.remove(0);
    assert_eq!(m1.id, "M-1");
    let verdicts: Vec<Verdict> = m1.controls.iter().map(|c| c.verdict).collect();
    assert_eq!(verdicts, [Verdict::Verified, Verdict::Planned]);
    assert_eq!(m1.verdict, Some(Verdict::Planned));
    let excluded = coverage(&fixture).requirements.remove(1);
    assert_eq!((excluded.id.as_str(), excluded.verdict), ("M-2", None));
}

#[test]
fn owners_of_a_requirement_are_sorted_and_listed_once() {
    let fixture = fixture();
    let m1 = coverage(&fixture).requirements.remove(0);
    assert_eq!(m1.owners(), ["CTO", "Security"]);
    let csv = super::to_csv(&[coverage(&fixture)]).unwrap();
    assert!(
        csv.lines()
            .any(|l| l == "mini,M-1,One,partial,C-1; C-2,CTO; Security,"),
        "{csv}"
    );
}
