//! `evidence export oscal MODEL`: every model, on the flagship example and a second workspace,
//! validates against NIST's OSCAL JSON Schemas (1.1.2, and 1.2.1 for the mapping collection) and
//! imports into compliance-trestle (3.12.4 for OSCAL 1.1.2, 5.x for 1.2.1); re-exports are
//! identical; UUIDs are stable and unique; the CLI refuses what it cannot do.
//!
//! The 1.1.2 schemas (NIST's release assets, a US Government work) are read from
//! `$OSCAL_SCHEMA_DIR`, `tests/fixtures/oscal/schema/1.1.2/` or `../shared/oscal/schema/1.1.2/`
//! (see tests/fixtures/oscal/README.md); the 1.2.1 mapping schema from `$OSCAL_1_2_SCHEMA_DIR`,
//! `tests/fixtures/oscal/schema/1.2.1/` or `../shared/oscal/schema/1.2.1/`
//! (scripts/oscal-schemas-1.2.sh fetches it). compliance-trestle 5 is the program named by
//! `$TRESTLE5` (.ci/run installs it beside 3.12.4). In CI (`CI` set) a missing schema or a
//! missing `trestle` fails the test; elsewhere the test says it was skipped.
//!
//! The mapping collection's tests are in `mapping.rs`; running trestle is in `trestle.rs`.

#[path = "../common/mod.rs"]
mod common;
mod mapping;
mod trestle;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use trestle::{find_trestle, trestle_import, trestle_project};

const MODELS: [&str; 5] = [
    "catalog",
    "component-definition",
    "ssp",
    "assessment-results",
    "poam",
];

/// The catalogs in the flagship's scope.
const FLAGSHIP_CATALOGS: [&str; 7] = [
    "iso42001",
    "nist-ai-rmf",
    "eu-ai-act",
    "gdpr",
    "dpdp",
    "iso27001",
    "soc2",
];

fn flagship() -> PathBuf {
    common::repo().join("examples/clustral-ai-labs")
}

fn northwind() -> PathBuf {
    common::repo().join("examples/northwind-gaps")
}

/// `evidence export oscal MODEL -C dir --now NOW [--catalog ID]`, parsed.
fn export(dir: &Path, model: &str, catalog: Option<&str>) -> Value {
    let mut cmd = common::evidence();
    cmd.args(["export", "oscal", model, "--now", common::NOW, "-C"])
        .arg(dir);
    if let Some(c) = catalog {
        cmd.args(["--catalog", c]);
    }
    let out = cmd.output().expect("run evidence");
    assert!(
        out.status.success(),
        "export {model} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The file name of NIST's JSON Schema for a model.
fn schema_file(model: &str) -> String {
    let name = match model {
        "component-definition" => "component",
        "mapping-collection" => "mapping",
        other => other,
    };
    format!("oscal_{name}_schema.json")
}

/// The OSCAL 1.1.2 schemas of the five 1.1.2 models.
fn schema_dir() -> Option<PathBuf> {
    find_schemas(
        "OSCAL_SCHEMA_DIR",
        "1.1.2",
        &MODELS,
        "tests/fixtures/oscal/README.md",
    )
}

/// The first directory holding the schemas of `models` for `version`: the one `env` names, the
/// test fixtures' or shared/'s. Missing schemas fail the test in CI and skip it elsewhere.
fn find_schemas(env: &str, version: &str, models: &[&str], how: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os(env).map(PathBuf::from),
        Some(common::fixture(&format!("oscal/schema/{version}"))),
        Some(common::repo().join(format!("../shared/oscal/schema/{version}"))),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|d| models.iter().all(|m| d.join(schema_file(m)).is_file()));
    let what = format!("NIST's OSCAL {version} JSON Schemas (see {how})");
    required_in_ci(found.is_some(), &what);
    found
}

/// What a test needs and did not find fails the test in CI (`CI` set); elsewhere the test says
/// it skips.
fn required_in_ci(found: bool, what: &str) {
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{what} must be available in CI"
    );
    if !found {
        eprintln!("skipped: {what} not found");
    }
}

/// Every schema error of `doc` against the model's schema, as text.
fn schema_errors(dir: &Path, model: &str, doc: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(schema_file(model))).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the OSCAL schema compiles");
    validator
        .iter_errors(doc)
        .take(20)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(dir: &Path, model: &str, doc: &Value, what: &str) {
    let errors = schema_errors(dir, model, doc);
    assert!(
        errors.is_empty(),
        "{what}: {model} is not valid OSCAL:\n{}",
        errors.join("\n")
    );
}

#[test]
fn every_model_of_the_flagship_validates_against_the_oscal_schemas() {
    let Some(dir) = schema_dir() else { return };
    for catalog in FLAGSHIP_CATALOGS {
        for model in [
            "catalog",
            "component-definition",
            "ssp",
            "assessment-results",
        ] {
            let doc = export(&flagship(), model, Some(catalog));
            assert_valid(&dir, model, &doc, catalog);
        }
    }
    for model in ["component-definition", "assessment-results", "poam"] {
        let doc = export(&flagship(), model, None);
        assert_valid(&dir, model, &doc, "every framework in scope");
    }
}

#[test]
fn every_model_of_a_workspace_with_gaps_validates_against_the_oscal_schemas() {
    let Some(dir) = schema_dir() else { return };
    let scope = first_framework(&northwind());
    for model in MODELS {
        let doc = export(&northwind(), model, Some(&scope));
        assert_valid(&dir, model, &doc, "northwind-gaps");
    }
}

/// The schema check is not vacuous: a document without its required parts is refused.
#[test]
fn the_schema_check_rejects_a_broken_document() {
    let Some(dir) = schema_dir() else { return };
    let mut doc = export(&flagship(), "ssp", Some("iso42001"));
    doc["system-security-plan"]
        .as_object_mut()
        .unwrap()
        .remove("system-characteristics");
    doc["system-security-plan"]["metadata"]["last-modified"] = "yesterday".into();
    assert!(schema_errors(&dir, "ssp", &doc).len() >= 2);
}

fn first_framework(ws: &Path) -> String {
    let toml = std::fs::read_to_string(ws.join("evidence.toml")).unwrap();
    let line = toml
        .lines()
        .find(|l| l.trim_start().starts_with("frameworks"))
        .expect("frameworks in scope");
    line.split('"').nth(1).expect("a framework").to_string()
}

#[test]
fn re_exporting_the_same_workspace_gives_the_same_document() {
    for model in ["component-definition", "ssp", "assessment-results"] {
        let first = export(&flagship(), model, Some("iso42001"));
        let second = export(&flagship(), model, Some("iso42001"));
        assert_eq!(first, second, "{model}");
    }
    // Without --now only last-modified may differ.
    let mut runs = Vec::new();
    for _ in 0..2 {
        let out = common::evidence()
            .args(["export", "oscal", "poam", "-C"])
            .arg(flagship())
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let modified = doc["plan-of-action-and-milestones"]["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("last-modified")
            .expect("last-modified");
        assert!(
            modified.as_str().unwrap().ends_with('Z'),
            "RFC 3339 with an offset: {modified}"
        );
        runs.push(doc);
    }
    assert_eq!(runs[0], runs[1]);
}

/// Every string value of `key` anywhere in `v`.
fn collect(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    out.push(v.as_str().unwrap().to_string());
                }
                collect(v, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect(i, key, out)),
        _ => {}
    }
}

#[test]
fn uuids_are_unique_within_a_document_and_differ_between_organisations() {
    let ssp = export(&flagship(), "ssp", Some("iso42001"));
    let mut uuids = Vec::new();
    collect(&ssp, "uuid", &mut uuids);
    let unique: HashSet<&String> = uuids.iter().collect();
    assert_eq!(unique.len(), uuids.len(), "duplicate UUIDs in the SSP");
    assert!(uuids.len() > 100);
    let other = export(&northwind(), "ssp", Some(&first_framework(&northwind())));
    assert_ne!(
        ssp["system-security-plan"]["uuid"],
        other["system-security-plan"]["uuid"]
    );
}

#[test]
fn the_ssp_links_requirements_to_hashed_evidence_and_owners() {
    let doc = export(&flagship(), "ssp", Some("iso42001"));
    let ssp = &doc["system-security-plan"];
    let resources = ssp["back-matter"]["resources"].as_array().unwrap();
    // Each hashed evidence file's SHA-256 matches the file.
    let mut hashed = 0;
    for r in resources {
        let Some(rlink) = r["rlinks"].get(0) else {
            continue;
        };
        let Some(hash) = rlink["hashes"].get(0) else {
            continue;
        };
        assert_eq!(hash["algorithm"], "SHA-256");
        let path = flagship().join(rlink["href"].as_str().unwrap().replace("%20", " "));
        let bytes = std::fs::read(&path).unwrap();
        use sha2::Digest;
        let expected: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash["value"], expected.as_str(), "{}", path.display());
        hashed += 1;
    }
    assert!(hashed > 10, "only {hashed} hashed evidence files");
    // Every link to evidence resolves to a back-matter resource.
    let ids: HashSet<&str> = resources
        .iter()
        .map(|r| r["uuid"].as_str().unwrap())
        .collect();
    let reqs = ssp["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    for req in reqs {
        for link in req["links"].as_array().into_iter().flatten() {
            let href = link["href"].as_str().unwrap();
            assert!(ids.contains(href.trim_start_matches('#')), "{href}");
        }
    }
    // Owners are responsible roles defined in the metadata.
    let roles: HashSet<&str> = ssp["metadata"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let used: Vec<&str> = reqs
        .iter()
        .flat_map(|r| r["responsible-roles"].as_array().into_iter().flatten())
        .map(|r| r["role-id"].as_str().unwrap())
        .collect();
    assert!(!used.is_empty());
    assert!(used.iter().all(|r| roles.contains(r)));
}

#[test]
fn catalogs_of_copyrighted_standards_carry_no_requirement_text() {
    fn has_prose(v: &Value) -> bool {
        match v {
            Value::Object(m) => m.contains_key("prose") || m.values().any(has_prose),
            Value::Array(a) => a.iter().any(has_prose),
            _ => false,
        }
    }
    for id in ["iso42001", "iso27001", "soc2"] {
        let doc = export(&flagship(), "catalog", Some(id));
        assert!(!has_prose(&doc), "{id} must give IDs and titles only");
    }
    for id in ["nist-ai-rmf", "eu-ai-act", "gdpr", "dpdp"] {
        let doc = export(&flagship(), "catalog", Some(id));
        assert!(has_prose(&doc), "{id} quotes or summarises a public text");
    }
}

#[test]
fn assessment_results_satisfy_only_covered_requirements() {
    // northwind-gaps has covered, unverified, partial and missing GDPR requirements.
    let doc = export(&northwind(), "assessment-results", Some("gdpr"));
    let findings = doc["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    let mut satisfied = 0;
    for f in findings {
        let coverage = f["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "coverage")
            .unwrap()["value"]
            .as_str()
            .unwrap();
        let state = f["target"]["status"]["state"].as_str().unwrap();
        assert_eq!(state == "satisfied", coverage == "covered", "{f}");
        satisfied += usize::from(state == "satisfied");
    }
    assert!(satisfied > 0 && satisfied < findings.len());
    // Observations cite evidence with its collected date.
    let doc = export(&flagship(), "assessment-results", Some("iso42001"));
    let observations = doc["assessment-results"]["results"][0]["observations"]
        .as_array()
        .unwrap();
    assert!(
        observations
            .iter()
            .any(|o| o["types"][0] == "control-objective"
                && o["collected"].as_str().unwrap().starts_with("2026-"))
    );
}

#[test]
fn the_poam_lists_open_controls_with_their_target_dates() {
    let doc = export(&flagship(), "poam", None);
    let poam = &doc["plan-of-action-and-milestones"];
    let items = poam["poam-items"].as_array().unwrap();
    let status = common::evidence()
        .args(["status", "--format", "json", "--now", common::NOW, "-C"])
        .arg(flagship())
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    let open = status["controls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            matches!(
                c["verdict"].as_str(),
                Some("planned" | "partial" | "overdue")
            )
        })
        .count();
    assert_eq!(items.len(), open);
    let milestones = poam["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["remediations"][0]["tasks"][0]["type"] == "milestone")
        .count();
    assert!(milestones > 0);
}

#[test]
fn the_cli_writes_a_file_and_refuses_what_it_cannot_export() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ssp.json");
    common::evidence()
        .args([
            "export",
            "oscal",
            "ssp",
            "--catalog",
            "gdpr",
            "--now",
            common::NOW,
            "--out",
        ])
        .arg(&out)
        .arg("-C")
        .arg(flagship())
        .assert()
        .success();
    let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        doc["system-security-plan"]["metadata"]["oscal-version"],
        "1.1.2"
    );

    // An SSP resolves control IDs against one catalog: with several in scope, one must be named.
    let stderr = refused(&["export", "oscal", "ssp"], &flagship());
    assert!(stderr.contains("--catalog"), "{stderr}");

    let stderr = refused(
        &["export", "oscal", "catalog", "--catalog", "nope"],
        &flagship(),
    );
    assert!(
        stderr.contains("unknown framework `nope`; known: "),
        "{stderr}"
    );
}

/// `evidence ARGS -C dir`, which must exit 2 (could not run): its standard error.
fn refused(args: &[&str], dir: &Path) -> String {
    let out = common::evidence()
        .args(args)
        .arg("-C")
        .arg(dir)
        .assert()
        .code(2);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn every_model_imports_into_compliance_trestle() {
    let Some(program) = find_trestle(
        Some("trestle".into()),
        "pip install 'compliance-trestle==3.12.4'",
    ) else {
        return;
    };
    let (_tmp, root, exports) = trestle_project(&program);
    for model in MODELS {
        let catalog = (model != "poam").then_some("iso42001");
        let doc = export(&flagship(), model, catalog);
        let file = exports.join(format!("{model}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        if model == "catalog" {
            // The SSP imports its baseline by this name; trestle resolves it on import.
            std::fs::copy(&file, root.join("catalog-iso42001.json")).unwrap();
        }
        trestle_import(&program, &root, &file, &format!("evidence-{model}"));
    }
}

/// OSCAL groups hold either groups or controls (OSCAL 1.2's JSON Schema enforces the choice):
/// ISO/IEC 42001 clause 6, with requirements and sub-headings under it, keeps to it.
#[test]
fn no_catalog_group_holds_both_groups_and_controls() {
    fn check(v: &Value, catalog: &str) {
        for g in v["groups"].as_array().into_iter().flatten() {
            assert!(
                g.get("groups").is_none() || g.get("controls").is_none(),
                "{catalog}: group {} holds both",
                g["id"]
            );
            check(g, catalog);
        }
    }
    for id in FLAGSHIP_CATALOGS {
        let doc = export(&flagship(), "catalog", Some(id));
        check(&doc["catalog"], id);
    }
}
