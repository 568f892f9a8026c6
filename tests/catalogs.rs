//! The built-in catalogs are the product's core content: their structure is checked against the
//! official texts' counts, and `frameworks` output is pinned by snapshots.

mod common;

use std::collections::{BTreeMap, HashSet};

use common::evidence;
use evidence::catalog::{Catalogs, LoadedCatalog};

fn builtin() -> Catalogs {
    Catalogs::builtin().expect("built-in catalogs load")
}

fn catalog<'a>(catalogs: &'a Catalogs, id: &str) -> &'a LoadedCatalog {
    catalogs
        .get(id)
        .unwrap_or_else(|| panic!("no catalog {id}"))
}

fn count_kind(c: &LoadedCatalog, kind: &str) -> usize {
    c.requirements()
        .iter()
        .filter(|r| r.kind.as_deref() == Some(kind))
        .count()
}

#[test]
fn the_eight_built_in_catalogs_are_present_with_provenance() {
    let catalogs = builtin();
    let ids: HashSet<&str> = catalogs.ids().into_iter().collect();
    assert_eq!(ids.len(), 8);
    for id in [
        "iso42001",
        "nist-ai-rmf",
        "eu-ai-act",
        "gdpr",
        "dpdp",
        "iso27001",
        "soc2",
        "nist-csf",
    ] {
        assert!(ids.contains(id), "missing {id}");
        let c = &catalog(&catalogs, id).catalog;
        assert!(
            c.source.starts_with("https://"),
            "{id}: source must be a URL"
        );
        assert!(!c.licence.trim().is_empty(), "{id}: licence note");
    }
}

#[test]
fn nist_ai_rmf_has_4_functions_19_categories_72_subcategories() {
    let catalogs = builtin();
    let nist = catalog(&catalogs, "nist-ai-rmf");
    assert_eq!(count_kind(nist, "function"), 4);
    assert_eq!(count_kind(nist, "category"), 19);
    assert_eq!(count_kind(nist, "subcategory"), 72);
    let mut per_function: BTreeMap<&str, usize> = BTreeMap::new();
    for r in nist
        .requirements()
        .iter()
        .filter(|r| r.kind.as_deref() == Some("subcategory"))
    {
        *per_function
            .entry(r.id.split(' ').next().unwrap())
            .or_default() += 1;
        assert!(
            r.text.as_ref().is_some_and(|t| t.len() > 20),
            "{} has its official text",
            r.id.value
        );
    }
    assert_eq!(
        per_function,
        BTreeMap::from([("GOVERN", 19), ("MANAGE", 13), ("MAP", 18), ("MEASURE", 22)])
    );
    assert_eq!(
        nist.requirement("MEASURE 2.10")
            .map(|r| r.parent.as_ref().unwrap().value.as_str()),
        Some("MEASURE 2")
    );
}

#[test]
fn iso42001_has_38_annex_a_controls_in_9_groups_and_no_copied_text() {
    let catalogs = builtin();
    let iso = catalog(&catalogs, "iso42001");
    let controls: Vec<&str> = iso
        .requirements()
        .iter()
        .filter(|r| r.kind.as_deref() == Some("control"))
        .map(|r| r.id.value.as_str())
        .collect();
    assert_eq!(controls.len(), 38);
    let mut per_group: BTreeMap<String, usize> = BTreeMap::new();
    for id in &controls {
        let group = id.split('.').take(2).collect::<Vec<_>>().join(".");
        *per_group.entry(group).or_default() += 1;
    }
    assert_eq!(
        per_group
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<BTreeMap<_, _>>(),
        BTreeMap::from([
            ("A.10", 3),
            ("A.2", 3),
            ("A.3", 2),
            ("A.4", 5),
            ("A.5", 4),
            ("A.6", 9),
            ("A.7", 5),
            ("A.8", 4),
            ("A.9", 3)
        ])
    );
    // Objectives are headings, not SoA rows.
    for objective in ["A.2.1", "A.6.1.1", "A.6.2.1", "A.10.1"] {
        assert!(
            iso.requirement(objective).is_some_and(|r| r.group),
            "{objective} is an objective"
        );
    }
    for clause in ["4.1", "6.1.3", "7.5.3", "9.3.3", "10.2"] {
        assert!(iso.requirement(clause).is_some(), "clause {clause}");
    }
    assert!(
        iso.requirements().iter().all(|r| r.text.is_none()),
        "ISO text is copyrighted"
    );
}

#[test]
fn eu_ai_act_has_113_articles_prohibited_practices_and_annex_iii_areas() {
    let catalogs = builtin();
    let act = catalog(&catalogs, "eu-ai-act");
    assert_eq!(count_kind(act, "chapter"), 13);
    for n in 1..=113 {
        assert!(act.requirement(&format!("Art. {n}")).is_some(), "Art. {n}");
    }
    for point in 'a'..='h' {
        assert!(act.requirement(&format!("Art. 5(1)({point})")).is_some());
    }
    for area in 1..=8 {
        assert!(act.requirement(&format!("Annex III({area})")).is_some());
    }
    let art9 = act.requirement("Art. 9").unwrap();
    assert_eq!(
        art9.roles
            .iter()
            .map(|r| r.value.as_str())
            .collect::<Vec<_>>(),
        ["provider"]
    );
    // As amended by Regulation (EU) 2026/1744: Annex III high-risk obligations from 2027-12-02.
    assert_eq!(
        art9.applies_from.map(|d| d.to_string()).as_deref(),
        Some("2027-12-02")
    );
    let art5 = act.requirement("Art. 5(1)(a)").unwrap();
    assert_eq!(
        art5.applies_from.map(|d| d.to_string()).as_deref(),
        Some("2025-02-02")
    );
}

#[test]
fn gdpr_has_99_articles_and_the_art_30_record_fields() {
    let catalogs = builtin();
    let gdpr = catalog(&catalogs, "gdpr");
    assert_eq!(count_kind(gdpr, "chapter"), 11);
    for n in 1..=99 {
        assert!(gdpr.requirement(&format!("Art. {n}")).is_some(), "Art. {n}");
    }
    for id in [
        "Art. 30(1)(a)",
        "Art. 30(1)(g)",
        "Art. 30(2)(a)",
        "Art. 30(2)(d)",
        "Art. 32(1)",
        "Art. 33",
        "Art. 34",
    ] {
        assert!(gdpr.requirement(id).is_some(), "{id}");
    }
    let roles = |id: &str| -> Vec<String> {
        gdpr.requirement(id)
            .unwrap()
            .roles
            .iter()
            .map(|r| r.value.clone())
            .collect()
    };
    assert!(roles("Art. 30(1)(a)").contains(&"controller".to_string()));
    assert!(!roles("Art. 30(1)(a)").contains(&"processor".to_string()));
    assert!(roles("Art. 30(2)(a)").contains(&"processor".to_string()));
}

#[test]
fn dpdp_has_44_sections_in_9_chapters_and_dated_rules() {
    let catalogs = builtin();
    let dpdp = catalog(&catalogs, "dpdp");
    assert_eq!(count_kind(dpdp, "chapter"), 9);
    for n in 1..=44 {
        assert!(dpdp.requirement(&format!("Sec. {n}")).is_some(), "Sec. {n}");
    }
    for n in 1..=10 {
        assert!(
            dpdp.requirement(&format!("Sec. 8({n})")).is_some(),
            "Sec. 8({n})"
        );
    }
    let rule7 = dpdp
        .requirements()
        .iter()
        .find(|r| r.id.starts_with("Rule 7"))
        .expect("Rule 7 (breach intimation)");
    assert!(
        rule7.applies_from.is_some(),
        "rules carry their commencement date"
    );
}

/// A workspace whose only own catalog, frameworks/own.yaml, has these requirements.
fn own_catalog(requirements: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("frameworks")).unwrap();
    std::fs::write(
        dir.path().join("frameworks/own.yaml"),
        format!(
            "id: own\nname: Own\nversion: \"1\"\npublisher: Us\nsource: https://example.com\n\
             licence: ours\nrequirements:\n{requirements}"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn the_loader_refuses_a_parent_that_is_missing_or_comes_later_naming_file_and_line() {
    let dir = own_catalog(
        "  - id: R1\n    title: One\n    parent: R9\n\
         \x20 - id: R2\n    title: Two\n    parent: R3\n\
         \x20 - id: R3\n    title: Three\n",
    );
    let err = Catalogs::with_workspace(dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "frameworks/own.yaml:10:13: parent `R9` of `R1` is not a requirement defined above it"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "frameworks/own.yaml:13:13: parent `R3` of `R2` is not a requirement defined above it"
        ),
        "{err}"
    );
}

#[test]
fn the_loader_refuses_a_duplicate_requirement_id_naming_file_and_line() {
    let dir = own_catalog("  - id: R1\n    title: One\n  - id: R1\n    title: Again\n");
    let err = Catalogs::with_workspace(dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("frameworks/own.yaml:10:9: duplicate requirement id `R1`"),
        "{err}"
    );
}

#[test]
fn crosswalks_resolve_and_cover_every_nist_subcategory() {
    let catalogs = builtin();
    let pairs = catalogs.crosswalk_pairs("nist-ai-rmf", "iso42001");
    let covered: HashSet<&str> = pairs.iter().map(|p| p.from).collect();
    let nist = catalog(&catalogs, "nist-ai-rmf");
    for r in nist
        .requirements()
        .iter()
        .filter(|r| r.kind.as_deref() == Some("subcategory"))
    {
        assert!(
            covered.contains(r.id.value.as_str()),
            "{} has no ISO pair",
            r.id.value
        );
    }
    // Read backwards, a crosswalk inverts its relationships and still resolves.
    let backwards = catalogs.crosswalk_pairs("iso42001", "nist-ai-rmf");
    assert_eq!(backwards.len(), pairs.len());
    assert!(!catalogs.crosswalk_pairs("gdpr", "dpdp").is_empty());
    assert!(!catalogs.crosswalk_pairs("eu-ai-act", "iso42001").is_empty());
}

#[test]
fn frameworks_list_snapshot() {
    let out = evidence()
        .args(["frameworks", "list", "--format", "json"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary: Vec<String> = json["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} requirements={} assessed={}",
                f["id"].as_str().unwrap(),
                f["version"],
                f["requirements"],
                f["assessed"]
            )
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"));
}

#[test]
fn frameworks_show_json_has_the_documented_shape() {
    let out = evidence()
        .args(["frameworks", "show", "nist-ai-rmf", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["id", "name", "version", "source", "requirements"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let first_sub = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "GOVERN 1.1")
        .unwrap();
    insta::assert_json_snapshot!(first_sub);
}

#[test]
fn frameworks_show_iso42001_text_snapshot() {
    let out = evidence()
        .args(["frameworks", "show", "iso42001"])
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn frameworks_crosswalk_json_lists_typed_pairs() {
    let out = evidence()
        .args([
            "frameworks",
            "crosswalk",
            "gdpr",
            "dpdp",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pairs = json["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    let allowed = ["equal", "subset", "superset", "intersect", "related"];
    for p in pairs {
        assert!(
            allowed.contains(&p["relationship"].as_str().unwrap()),
            "{p}"
        );
        assert!(p["from"].as_str().unwrap().starts_with("Art. "), "{p}");
    }
}

#[test]
fn unknown_framework_is_a_usage_error() {
    let out = evidence()
        .args(["frameworks", "show", "iso9001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown framework `iso9001`"));
}

#[test]
fn every_requirement_text_says_whether_it_is_verbatim_a_summary_or_own_words() {
    use evidence::catalog::TextKind;
    let catalogs = builtin();
    for c in catalogs.iter() {
        for r in c.requirements() {
            let Some(text) = &r.text else { continue };
            let kind = r
                .text_kind
                .unwrap_or_else(|| panic!("{} {}: text without text_kind", c.id(), r.id.value));
            if kind == TextKind::Verbatim {
                let unmarked = text.replace("[…]", "");
                assert!(
                    !unmarked.contains('…') && !unmarked.contains("..."),
                    "{} {}: a quotation marks omissions as […]",
                    c.id(),
                    r.id.value
                );
            }
        }
    }
    let summaries = |id: &str, kind: &str| {
        catalog(&catalogs, id)
            .requirements()
            .iter()
            .filter(|r| r.kind.as_deref() == Some(kind) && r.text_kind == Some(TextKind::Summary))
            .count()
    };
    assert_eq!(summaries("gdpr", "article"), 96);
    assert_eq!(summaries("dpdp", "section"), 42);
}

#[test]
fn the_errors_found_against_the_official_texts_are_fixed() {
    use evidence::catalog::TextKind;
    let catalogs = builtin();
    let dpdp = catalog(&catalogs, "dpdp");
    let text = |id: &str| dpdp.requirement(id).unwrap().text.clone().unwrap();
    assert!(text("Sec. 42").contains("to more than twice of what was specified in it"));
    assert!(!text("Sec. 42").contains("two hundred and fifty"));
    assert!(text("Sec. 22").contains("shall not accept any employment"));
    assert!(text("Sec. 22").contains("disclose"));
    assert!(text("Sec. 9(5)").contains("[…]"));
    assert!(text("Sec. 11(1)").contains("[…]"));
    assert_eq!(
        dpdp.requirement("Sec. 5(2)").unwrap().text_kind,
        Some(TextKind::Summary)
    );
    let act = catalog(&catalogs, "eu-ai-act");
    let art85 = act.requirement("Art. 85").unwrap().text.clone().unwrap();
    assert!(
        !art85.starts_with("1."),
        "Art. 85 has no numbered paragraphs"
    );
    let art110 = act.requirement("Art. 110").unwrap().text.clone().unwrap();
    assert!(art110.contains("of the Council […],"), "{art110}");
}

#[test]
fn a_workspace_catalog_text_without_a_text_kind_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("frameworks")).unwrap();
    std::fs::write(
        dir.path().join("frameworks/own.yaml"),
        "id: own\nname: Own\nversion: \"1\"\npublisher: Us\nsource: https://example.com\nlicence: ours\nrequirements:\n  - id: R1\n    title: One\n    text: Quoted... or not\n",
    )
    .unwrap();
    let err = Catalogs::with_workspace(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no `text_kind`"), "{err}");
    std::fs::write(
        dir.path().join("frameworks/own.yaml"),
        "id: own\nname: Own\nversion: \"1\"\npublisher: Us\nsource: https://example.com\nlicence: ours\ntext_kind: verbatim\nrequirements:\n  - id: R1\n    title: One\n    text: Quoted... or not\n",
    )
    .unwrap();
    let err = Catalogs::with_workspace(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("marks omissions"), "{err}");
}

#[test]
fn eu_ai_act_reflects_the_digital_omnibus_as_data() {
    use evidence::catalog::AppliesAsOf;
    let catalogs = builtin();
    let act = catalog(&catalogs, "eu-ai-act");
    let cat = &act.catalog;
    assert!(
        cat.version
            .contains("as amended by Regulation (EU) 2026/1744")
    );
    assert!(cat.consolidated.as_deref().unwrap().contains("2026/1744"));
    let omnibus = cat
        .amendments
        .iter()
        .find(|a| a.id.value == "2026/1744")
        .unwrap();
    assert_eq!(omnibus.in_force.to_string(), "2026-07-27");
    assert_eq!(omnibus.published.unwrap().to_string(), "2026-07-24");
    // New points (ba) and (bb); (a)-(h) keep their letters and there is no (i) or (l).
    for id in [
        "Art. 5(1)(ba)",
        "Art. 5(1)(bb)",
        "Art. 5(1a)",
        "Art. 5(1b)",
        "Art. 4a",
        "Art. 111(4)",
    ] {
        let r = act.requirement(id).unwrap_or_else(|| panic!("{id}"));
        assert!(r.earlier.iter().any(|e| e.inserted), "{id} is inserted");
    }
    assert!(act.requirement("Art. 5(1)(i)").is_none());
    assert!(act.requirement("Art. 5(1)(l)").is_none());
    let d = |s: &str| -> jiff::civil::Date { s.parse().unwrap() };
    let ba = act.requirement("Art. 5(1)(ba)").unwrap();
    assert!(matches!(
        ba.applies_from_as_of(d("2026-07-26")),
        AppliesAsOf::NotYetInserted {
            amendment: "2026/1744",
            ..
        }
    ));
    assert_eq!(
        ba.applies_from_as_of(d("2026-07-27")),
        AppliesAsOf::From(Some(d("2026-12-02")))
    );
    // Before the entry into force the old dates hold, from it the new ones.
    for (id, old, new) in [
        ("Art. 9", "2026-08-02", "2027-12-02"),
        ("Art. 26", "2026-08-02", "2027-12-02"),
        ("Annex III(4)", "2026-08-02", "2027-12-02"),
        ("Art. 6(1)", "2027-08-02", "2028-08-02"),
        ("Annex I", "2027-08-02", "2028-08-02"),
    ] {
        let r = act.requirement(id).unwrap();
        assert_eq!(
            r.applies_from_as_of(d("2026-07-26")),
            AppliesAsOf::From(Some(d(old))),
            "{id}"
        );
        assert_eq!(
            r.applies_from_as_of(d("2026-07-27")),
            AppliesAsOf::From(Some(d(new))),
            "{id}"
        );
    }
    // Prohibitions and GPAI obligations did not move.
    let a = act.requirement("Art. 5(1)(a)").unwrap();
    assert!(a.amended_by.is_empty());
    // Art. 4 reworded: the text is our summary now, never presented as a quotation.
    let art4 = act.requirement("Art. 4").unwrap();
    assert_eq!(art4.text_kind, Some(evidence::catalog::TextKind::Summary));
    assert!(
        art4.text
            .as_deref()
            .unwrap()
            .contains("support the development of AI literacy")
    );
    // Art. 10(5) moved to Art. 4a.
    assert!(
        act.requirement("Art. 10")
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("Art. 4a")
    );
}

fn children(c: &LoadedCatalog, parent: &str, kind: &str) -> usize {
    c.requirements()
        .iter()
        .filter(|r| r.kind.as_deref() == Some(kind))
        .filter(|r| r.parent.as_ref().is_some_and(|p| p.value == parent))
        .count()
}

#[test]
fn iso27001_has_clauses_4_to_10_and_93_annex_a_controls_in_four_themes() {
    let catalogs = builtin();
    let iso = catalog(&catalogs, "iso27001");
    assert_eq!(count_kind(iso, "control"), 93);
    for (theme, n) in [("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)] {
        assert_eq!(children(iso, theme, "control"), n, "{theme}");
        for i in 1..=n {
            assert!(iso.requirement(&format!("{theme}.{i}")).is_some());
        }
    }
    assert_eq!(count_kind(iso, "clause"), 7);
    for id in [
        "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.2", "6.3",
        "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "9.1", "9.2.1",
        "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
    ] {
        let r = iso.requirement(id).unwrap_or_else(|| panic!("{id}"));
        assert!(r.is_assessable(), "{id}");
    }
    assert_eq!(iso.assessable().count(), 30 + 93);
    assert!(
        iso.requirements().iter().all(|r| r.text.is_none()),
        "ISO text is copyrighted"
    );
}

#[test]
fn soc2_has_the_61_trust_services_criteria_with_categories_as_roles() {
    let catalogs = builtin();
    let soc2 = catalog(&catalogs, "soc2");
    assert_eq!(count_kind(soc2, "criterion"), 61);
    for (series, n) in [
        ("CC1", 5),
        ("CC2", 3),
        ("CC3", 4),
        ("CC4", 2),
        ("CC5", 3),
        ("CC6", 8),
        ("CC7", 5),
        ("CC8", 1),
        ("CC9", 2),
        ("A1", 3),
        ("C1", 2),
        ("PI1", 5),
        ("P1", 1),
        ("P2", 1),
        ("P3", 2),
        ("P4", 3),
        ("P5", 2),
        ("P6", 7),
        ("P7", 1),
        ("P8", 1),
    ] {
        assert_eq!(children(soc2, series, "criterion"), n, "{series}");
    }
    let per_category = |role: Option<&str>| {
        soc2.assessable()
            .filter(|r| r.roles.first().map(|x| x.value.as_str()) == role)
            .count()
    };
    assert_eq!(
        per_category(None),
        33,
        "common criteria bind every SOC 2 report"
    );
    assert_eq!(per_category(Some("availability")), 3);
    assert_eq!(per_category(Some("confidentiality")), 2);
    assert_eq!(per_category(Some("processing-integrity")), 5);
    assert_eq!(per_category(Some("privacy")), 18);
    assert!(soc2.requirement("P1.0").is_none(), "P1.0-P8.0 are headings");
    assert!(soc2.requirements().iter().all(|r| r.text.is_none()));
}

#[test]
fn nist_csf_has_6_functions_22_categories_106_subcategories_quoted_verbatim() {
    use evidence::catalog::TextKind;
    let catalogs = builtin();
    let csf = catalog(&catalogs, "nist-csf");
    assert_eq!(count_kind(csf, "function"), 6);
    assert_eq!(count_kind(csf, "category"), 22);
    assert_eq!(count_kind(csf, "subcategory"), 106);
    let per_function: BTreeMap<&str, usize> = ["GV", "ID", "PR", "DE", "RS", "RC"]
        .into_iter()
        .map(|f| {
            let n = csf
                .requirements()
                .iter()
                .filter(|r| r.kind.as_deref() == Some("subcategory"))
                .filter(|r| r.id.value.starts_with(&format!("{f}.")))
                .count();
            (f, n)
        })
        .collect();
    assert_eq!(
        per_function,
        BTreeMap::from([
            ("DE", 11),
            ("GV", 31),
            ("ID", 21),
            ("PR", 22),
            ("RC", 8),
            ("RS", 13)
        ])
    );
    // Withdrawn CSF 1.1 identifiers are not CSF 2.0 subcategories.
    for gone in ["ID.AM-06", "PR.AC-01", "PR.DS-03", "DE.CM-07"] {
        assert!(csf.requirement(gone).is_none(), "{gone}");
    }
    let oc1 = csf.requirement("GV.OC-01").unwrap();
    assert_eq!(
        oc1.text.as_deref(),
        Some("The organizational mission is understood and informs cybersecurity risk management")
    );
    assert_eq!(oc1.text_kind, Some(TextKind::Verbatim));
}

#[test]
fn frameworks_show_text_snapshots_of_the_new_catalogs() {
    for id in ["iso27001", "soc2", "nist-csf"] {
        let out = evidence()
            .args(["frameworks", "show", id])
            .output()
            .unwrap();
        assert!(out.status.success());
        insta::assert_snapshot!(
            format!("frameworks_show_{id}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

#[test]
fn every_crosswalk_pair_resolves_in_both_directions() {
    let catalogs = builtin();
    let expected = [
        ("nist-ai-rmf", "iso42001"),
        ("eu-ai-act", "iso42001"),
        ("gdpr", "dpdp"),
        ("iso27001", "iso42001"),
        ("nist-csf", "iso27001"),
        ("soc2", "iso27001"),
        ("iso27001", "gdpr"),
    ];
    for (from, to) in expected {
        let pairs = catalogs.crosswalk_pairs(from, to);
        assert!(!pairs.is_empty(), "{from} -> {to}");
        let (a, b) = (catalog(&catalogs, from), catalog(&catalogs, to));
        for p in &pairs {
            assert!(a.requirement(p.from).is_some(), "{from} {}", p.from);
            assert!(b.requirement(p.to).is_some(), "{to} {}", p.to);
        }
        assert_eq!(catalogs.crosswalk_pairs(to, from).len(), pairs.len());
    }
    assert_eq!(catalogs.crosswalks().len(), expected.len());
    // NIST's informative references reach every CSF 2.0 subcategory.
    let csf = catalogs.crosswalk_pairs("nist-csf", "iso27001");
    let covered: HashSet<&str> = csf.iter().map(|p| p.from).collect();
    assert_eq!(covered.len(), 106);
    // Every SOC 2 criterion has an ISO/IEC 27001 counterpart in our analysis, said to be ours.
    let soc2 = catalogs.crosswalk_pairs("soc2", "iso27001");
    let covered: HashSet<&str> = soc2.iter().map(|p| p.from).collect();
    assert_eq!(covered.len(), 61);
    assert_eq!(
        soc2[0].crosswalk.crosswalk.analysis,
        evidence::catalog::Analysis::Ours
    );
    assert_eq!(
        csf[0].crosswalk.crosswalk.analysis,
        evidence::catalog::Analysis::Published
    );
    // A gap can be hinted at across the new catalogs: ISO 27001 A.8.13 (backup) links to
    // GDPR Art. 32(1)(c), SOC 2 A1.2 and CSF PR.DS-11.
    let related: Vec<(&str, &str)> = catalogs
        .related("iso27001", "A.8.13")
        .iter()
        .map(|r| (r.framework, r.requirement))
        .collect();
    for want in [
        ("gdpr", "Art. 32(1)(c)"),
        ("soc2", "A1.2"),
        ("nist-csf", "PR.DS-11"),
    ] {
        assert!(related.contains(&want), "{want:?} in {related:?}");
    }
}

#[test]
fn frameworks_list_shows_eight_catalogs_with_edition_source_and_licence_note() {
    let out = evidence()
        .args(["frameworks", "list"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for header in ["version", "source", "licence note"] {
        assert!(text.contains(header), "{header}");
    }
    for (id, edition, licence) in [
        (
            "iso27001",
            "2022 + Amd 1:2024",
            "copyrighted by ISO and IEC",
        ),
        (
            "soc2",
            "TSC 2017, points of focus revised 2022",
            "copyrighted by the AICPA",
        ),
        ("nist-csf", "2.0", "A work of the US Government (NIST)"),
        (
            "eu-ai-act",
            "as amended by Regulation (EU) 2026/1744",
            "Regulation (EU) 2024/1689",
        ),
    ] {
        let row = text
            .lines()
            .find(|l| l.contains(&format!("│ {id} ")))
            .unwrap_or_else(|| panic!("{id} row"));
        assert!(row.contains(edition), "{row}");
        assert!(row.contains(licence), "{row}");
        assert!(row.contains("https://"), "{row}");
    }
    let rows = text.lines().filter(|l| l.contains("built-in")).count();
    assert_eq!(rows, 8);
}

#[test]
fn amendment_history_must_name_declared_amendments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("frameworks")).unwrap();
    let head = "id: own\nname: Own\nversion: \"1\"\npublisher: Us\nsource: https://example.com\nlicence: ours\n";
    let amendments = "amendments:\n  - id: A1\n    title: First amendment\n    in_force: 2026-07-27\n    source: https://example.com/a1\n";
    let write = |body: &str| {
        std::fs::write(
            dir.path().join("frameworks/own.yaml"),
            format!("{head}{body}"),
        )
        .unwrap();
        Catalogs::with_workspace(dir.path())
    };
    // An earlier version under an amendment the catalog does not declare.
    let err = write("requirements:\n  - id: R1\n    title: One\n    amended_by: [A9]\n    earlier:\n      - amendment: A9\n        applies_from: 2026-08-02\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("amendment `A9` is not declared"), "{err}");
    // A provision that did not exist before cannot have had a date.
    let err = write(&format!("{amendments}requirements:\n  - id: R1\n    title: One\n    amended_by: [A1]\n    earlier:\n      - amendment: A1\n        inserted: true\n        applies_from: 2026-08-02\n"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot have `applies_from`"), "{err}");
    // A well-formed history loads, and the loader fills in the entry into force.
    let catalogs = write(&format!("{amendments}requirements:\n  - id: R1\n    title: One\n    applies_from: 2027-12-02\n    amended_by: [A1]\n    earlier:\n      - amendment: A1\n        applies_from: 2026-08-02\n"))
        .unwrap();
    let r = catalogs.get("own").unwrap().requirement("R1").unwrap();
    assert_eq!(r.earlier[0].in_force.unwrap().to_string(), "2026-07-27");
}
