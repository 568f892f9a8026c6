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

mod common;

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const MODELS: [&str; 5] = [
    "catalog",
    "component-definition",
    "ssp",
    "assessment-results",
    "poam",
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

/// The OSCAL 1.2.1 schema of the mapping collection.
fn mapping_schema_dir() -> Option<PathBuf> {
    find_schemas(
        "OSCAL_1_2_SCHEMA_DIR",
        "1.2.1",
        &["mapping-collection"],
        "scripts/oscal-schemas-1.2.sh",
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
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "NIST's OSCAL {version} JSON Schemas must be available in CI: see {how}"
    );
    if found.is_none() {
        eprintln!("skipped: OSCAL {version} JSON Schemas not found (see {how})");
    }
    found
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
    for catalog in [
        "iso42001",
        "nist-ai-rmf",
        "eu-ai-act",
        "gdpr",
        "dpdp",
        "iso27001",
        "soc2",
    ] {
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
    assert!(stderr.contains("unknown catalog `nope`"), "{stderr}");
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

/// A compliance-trestle program that runs (`trestle version`), or `None`: a failure in CI, a
/// skipped test elsewhere.
fn find_trestle(program: Option<OsString>, install: &str) -> Option<OsString> {
    let found = program.filter(|p| {
        Command::new(p)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "compliance-trestle must be installed in CI (.ci/run installs it: {install})"
    );
    if found.is_none() {
        eprintln!("skipped: trestle is not installed ({install})");
    }
    found
}

fn trestle(program: &OsStr, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run trestle")
}

/// A new trestle project and, beside it, a directory for the exports (trestle refuses to import
/// a file from inside its own project), in a temporary directory that lives as long as the
/// first value.
fn trestle_project(program: &OsStr) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    let exports = tmp.path().join("exports");
    std::fs::create_dir(&root).unwrap();
    std::fs::create_dir(&exports).unwrap();
    let init = trestle(program, &root, &["init"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    (tmp, root, exports)
}

/// `trestle import -f FILE -o NAME` in the project at `root`, which validates the document.
fn trestle_import(program: &OsStr, root: &Path, file: &Path, name: &str) {
    let import = trestle(
        program,
        root,
        &["import", "-f", file.to_str().unwrap(), "-o", name],
    );
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&import.stdout),
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(
        import.status.success() && !output.contains("ERROR"),
        "trestle import of {} failed:\n{output}",
        file.display()
    );
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
    for id in [
        "iso42001",
        "nist-ai-rmf",
        "eu-ai-act",
        "gdpr",
        "dpdp",
        "iso27001",
        "soc2",
    ] {
        let doc = export(&flagship(), "catalog", Some(id));
        check(&doc["catalog"], id);
    }
}

/// The crosswalks between the flagship's seven catalogs, as the mapping collection exports them
/// (every crosswalk of frameworks/crosswalks/ but NIST CSF's, which is not in scope).
const FLAGSHIP_CROSSWALKS: [&str; 6] = [
    "eu-ai-act--iso42001",
    "gdpr--dpdp",
    "iso27001--gdpr",
    "iso27001--iso42001",
    "nist-ai-rmf--iso42001",
    "soc2--iso27001",
];

#[test]
fn the_mapping_collection_validates_against_the_oscal_1_2_schema() {
    let Some(dir) = mapping_schema_dir() else {
        return;
    };
    let doc = export(&flagship(), "mapping-collection", None);
    assert_valid(&dir, "mapping-collection", &doc, "every framework in scope");
    for catalog in ["iso27001", "gdpr"] {
        let doc = export(&flagship(), "mapping-collection", Some(catalog));
        assert_valid(&dir, "mapping-collection", &doc, catalog);
    }
    let doc = export(&northwind(), "mapping-collection", Some("gdpr"));
    assert_valid(&dir, "mapping-collection", &doc, "northwind-gaps");
    // The check is not vacuous: a collection without provenance, a map without targets and a
    // source of an unknown type are each refused.
    let breakages: [fn(&mut Value); 3] = [
        |c| {
            c.as_object_mut().unwrap().remove("provenance");
        },
        |c| {
            let map = c["mappings"][0]["maps"][0].as_object_mut().unwrap();
            map.remove("targets");
        },
        |c| c["mappings"][0]["maps"][0]["sources"][0]["type"] = "requirement".into(),
    ];
    for (n, breakage) in breakages.iter().enumerate() {
        let mut broken = doc.clone();
        breakage(&mut broken["mapping-collection"]);
        let errors = schema_errors(&dir, "mapping-collection", &broken);
        assert!(!errors.is_empty(), "breakage {n} passed the schema");
    }
}

/// Every pair of every crosswalk in scope is one map, with NIST's relationship for ours and
/// our own kept as a property; sources and targets name controls of the catalogs that
/// `export oscal catalog` writes under the names the mappings give.
#[test]
fn the_mapping_collection_carries_every_crosswalk_pair() {
    let doc = export(&flagship(), "mapping-collection", None);
    let collection = &doc["mapping-collection"];
    assert_eq!(collection["metadata"]["oscal-version"], "1.2.1");
    let mappings = collection["mappings"].as_array().unwrap();
    assert_eq!(mappings.len(), FLAGSHIP_CROSSWALKS.len());
    let mut catalog_ids = std::collections::HashMap::new();
    for (mapping, name) in mappings.iter().zip(FLAGSHIP_CROSSWALKS) {
        let (from, to) = name.split_once("--").unwrap();
        let yaml = std::fs::read_to_string(
            common::repo().join(format!("frameworks/crosswalks/{name}.yaml")),
        )
        .unwrap();
        let pairs = yaml.matches("relationship:").count();
        let maps = mapping["maps"].as_array().unwrap();
        assert_eq!(maps.len(), pairs, "{name}");
        for (side, catalog) in [("source", from), ("target", to)] {
            let resource = &mapping[format!("{side}-resource")];
            assert_eq!(resource["type"], "catalog");
            assert_eq!(resource["href"], format!("catalog-{catalog}.json").as_str());
            let ids = catalog_ids.entry(catalog).or_insert_with(|| {
                let mut ids = Vec::new();
                collect(
                    &export(&flagship(), "catalog", Some(catalog)),
                    "id",
                    &mut ids,
                );
                ids.into_iter().collect::<HashSet<String>>()
            });
            for m in maps {
                let item = &m[format!("{side}s")][0];
                assert_eq!(item["type"], "control");
                let id = item["id-ref"].as_str().unwrap();
                assert!(
                    ids.contains(id),
                    "{name}: {id} is not in catalog-{catalog}.json"
                );
            }
        }
        for m in maps {
            let ours = m["props"][0]["value"].as_str().unwrap();
            assert_eq!(m["props"][0]["name"], "crosswalk-relationship");
            let expected = match ours {
                "equal" => "equivalent-to",
                "subset" => "subset-of",
                "superset" => "superset-of",
                "intersect" | "related" => "intersects-with",
                other => panic!("{name}: unknown relationship {other}"),
            };
            assert_eq!(m["relationship"], expected, "{name}");
        }
        let published = yaml.contains("analysis: published");
        let status = if published {
            "complete"
        } else {
            "not-complete"
        };
        assert_eq!(mapping["status"], status, "{name}");
    }
    // Two published and four of our own: the collection as a whole is not complete.
    assert_eq!(collection["provenance"]["status"], "not-complete");
}

#[test]
fn re_exporting_the_mapping_collection_gives_the_same_bytes_and_unique_uuids() {
    let run = || {
        let out = common::evidence()
            .args([
                "export",
                "oscal",
                "mapping-collection",
                "--now",
                common::NOW,
            ])
            .arg("-C")
            .arg(flagship())
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let first = run();
    assert_eq!(first, run());
    let doc: Value = serde_json::from_slice(&first).unwrap();
    let mut uuids = Vec::new();
    collect(&doc, "uuid", &mut uuids);
    let unique: HashSet<&String> = uuids.iter().collect();
    assert_eq!(unique.len(), uuids.len(), "duplicate UUIDs");
    // One for the collection, one per crosswalk, one per pair.
    assert!(uuids.len() > 600, "{}", uuids.len());
    let other = export(&northwind(), "mapping-collection", Some("gdpr"));
    assert_ne!(
        doc["mapping-collection"]["uuid"],
        other["mapping-collection"]["uuid"]
    );
}

#[test]
fn the_mapping_collection_needs_a_crosswalk() {
    // northwind-gaps has GDPR alone in scope: no crosswalk has both its ends there.
    let stderr = refused(&["export", "oscal", "mapping-collection"], &northwind());
    assert!(stderr.contains("no crosswalk links gdpr"), "{stderr}");
    // Named with --catalog, every crosswalk from or to GDPR is exported.
    let doc = export(&northwind(), "mapping-collection", Some("gdpr"));
    let hrefs: Vec<(&str, &str)> = doc["mapping-collection"]["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["source-resource"]["href"].as_str().unwrap(),
                m["target-resource"]["href"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            ("catalog-gdpr.json", "catalog-dpdp.json"),
            ("catalog-iso27001.json", "catalog-gdpr.json"),
        ]
    );
}

/// compliance-trestle 5 reads only OSCAL 1.2.x: the mapping collection imports into it (which
/// validates it against trestle's OSCAL 1.2.1 model).
#[test]
fn the_mapping_collection_imports_into_compliance_trestle_5() {
    let Some(program) = find_trestle(
        std::env::var_os("TRESTLE5"),
        "TRESTLE5=the trestle of pip install 'compliance-trestle==5.2.0'",
    ) else {
        return;
    };
    let version = trestle(&program, Path::new("."), &["version"]);
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    assert!(
        version.contains("version v5."),
        "TRESTLE5 is not trestle 5: {version}"
    );
    let (_tmp, root, exports) = trestle_project(&program);
    for catalog in [None, Some("iso27001")] {
        let doc = export(&flagship(), "mapping-collection", catalog);
        let name = format!("mapping-{}", catalog.unwrap_or("in-scope"));
        let file = exports.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        trestle_import(&program, &root, &file, &name);
    }
}
