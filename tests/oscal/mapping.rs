//! `evidence export oscal mapping-collection`: the crosswalks as an OSCAL 1.2.1 mapping
//! collection, validated against NIST's 1.2.1 mapping schema and imported into
//! compliance-trestle 5 (which reads only OSCAL 1.2.x).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::trestle::{find_trestle, trestle, trestle_import, trestle_project};
use super::{
    assert_valid, collect, common, export, find_schemas, flagship, northwind, refused,
    schema_errors,
};

/// The OSCAL 1.2.1 schema of the mapping collection.
fn mapping_schema_dir() -> Option<PathBuf> {
    find_schemas(
        "OSCAL_1_2_SCHEMA_DIR",
        "1.2.1",
        &["mapping-collection"],
        "scripts/oscal-schemas-1.2.sh",
    )
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
