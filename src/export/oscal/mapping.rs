//! The OSCAL 1.2 `mapping-collection`: our crosswalks (`frameworks/crosswalks/`) as control
//! mappings, one `mapping` per crosswalk from its `from` catalog (the source) to its `to` catalog
//! (the target), one `map` per pair.
//!
//! The model exists only in OSCAL 1.2, so this document declares [`MAPPING_OSCAL_VERSION`] while
//! the other models stay 1.1.2. Source and target resources name the OSCAL catalogs that
//! `evidence export oscal catalog --catalog ID` writes (`catalog-ID.json`, as the SSP does), and
//! each source or target names a requirement by its control ID there, with the original ID as
//! the `label` property. A heading that a crosswalk names (NIST's CSF references name ISO/IEC
//! 27001 6.1) is named the same way, by its ID, although the catalog export makes it a group:
//! a mapping item can only be a control or a statement.
//!
//! No requirement text is written, only IDs, so that a crosswalk touching ISO/IEC or AICPA
//! catalogs carries nothing of their standards; titles, sources and notes of the crosswalks are
//! ours or their publishers' public statements.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::doc::{line, prop};
use super::{Doc, ExportError};
use crate::catalog::{Analysis, LoadedCatalog, LoadedCrosswalk, Pair, Relationship};

/// The OSCAL version of the mapping collection: the first line with the model, and the one
/// compliance-trestle 5 reads.
pub const MAPPING_OSCAL_VERSION: &str = "1.2.1";

/// The OSCAL relationship for one of ours. OLIR's types, which our crosswalks use, are the
/// origin of OSCAL's, and all but two carry over word for word:
///
/// - `equal` compares meanings, as OLIR's does, so it is OSCAL's `equivalent-to` ("the words may
///   differ, but both convey the same effective meaning"), not `equal-to` (the same text).
/// - `related` (a link whose source does not type it, or a weaker link where evidence for one
///   may help with the other) has no OSCAL value. `intersects-with` is the weakest OSCAL
///   relationship that still says the two share content, which is all a named link claims;
///   `equivalent-to`, `subset-of` or `superset-of` would claim more, `no-relationship` the
///   opposite. Each map keeps our own type in the `crosswalk-relationship` property, so that a
///   reader can tell an untyped link from an analysed intersection.
pub fn relationship(ours: Relationship) -> &'static str {
    match ours {
        Relationship::Equal => "equivalent-to",
        Relationship::Subset => "subset-of",
        Relationship::Superset => "superset-of",
        Relationship::Intersect | Relationship::Related => "intersects-with",
    }
}

/// The `mapping-collection` object: the crosswalks between the catalogs in scope, or with
/// `named` (one catalog asked for by `--catalog`), every crosswalk from or to it.
pub fn mapping_collection(
    doc: &Doc,
    catalogs: &[&LoadedCatalog],
    named: bool,
) -> Result<Value, ExportError> {
    let chosen: HashSet<&str> = catalogs.iter().map(|c| c.id()).collect();
    let crosswalks: Vec<&LoadedCrosswalk> = doc
        .ws
        .catalogs
        .crosswalks()
        .iter()
        .filter(|loaded| {
            let cw = &loaded.crosswalk;
            let ends = [cw.from.value.as_str(), cw.to.value.as_str()];
            if named {
                ends.iter().any(|id| chosen.contains(id))
            } else {
                ends.iter().all(|id| chosen.contains(id))
            }
        })
        .collect();
    if crosswalks.is_empty() {
        return Err(ExportError::NothingToMap {
            catalogs: super::component::catalog_list(catalogs),
        });
    }
    let ids: Vec<&str> = catalogs.iter().map(|c| c.id()).collect();
    let mut metadata = doc.metadata(&format!("Crosswalks between {}", ids.join(", ")), false);
    metadata["oscal-version"] = json!(MAPPING_OSCAL_VERSION);
    let mappings = crosswalks
        .iter()
        .map(|loaded| mapping(doc, loaded))
        .collect::<Vec<Value>>();
    let all_published = crosswalks
        .iter()
        .all(|loaded| loaded.crosswalk.analysis == Analysis::Published);
    Ok(json!({
        "uuid": doc.uuid(&["mapping-collection", &ids.join(",")]),
        "metadata": metadata,
        "provenance": {
            "method": "human",
            "matching-rationale": "semantic",
            "status": status(all_published),
            "mapping-description": PROVENANCE,
        },
        "mappings": mappings,
    }))
}

/// What every mapping of the collection shares, in the provenance.
const PROVENANCE: &str = "The crosswalks kept with the evidence workspace, each one mapping \
from its source catalog to its target catalog, made by people: published by the source each \
mapping names, or the evidence project's own analysis. Relationships follow NIST OLIR and \
compare meanings (`subset-of`: the source requirement is narrower than the target). A \
crosswalk is a hint for reusing evidence between frameworks, never coverage: meeting one \
requirement does not show compliance with the other.\n\nPairs a crosswalk types `related` (a \
link without a set relationship) are given as `intersects-with`, the weakest OSCAL \
relationship that still says the two share content; each map keeps the crosswalk's own type \
in its `crosswalk-relationship` property.";

/// A published crosswalk is its publisher's finished mapping; our own analyses are hints
/// limited to what their notes say (GDPR Art. 32 only, for example), not exhaustive mappings.
fn status(published: bool) -> &'static str {
    if published {
        "complete"
    } else {
        "not-complete"
    }
}

/// One crosswalk as a `mapping`.
fn mapping(doc: &Doc, loaded: &LoadedCrosswalk) -> Value {
    let cw = &loaded.crosswalk;
    let file = loaded.file.to_string_lossy();
    let source = catalog(doc, &cw.from.value);
    let target = catalog(doc, &cw.to.value);
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let maps: Vec<Value> = cw
        .pairs
        .iter()
        .map(|pair| {
            let key = (pair.from.value.as_str(), pair.to.value.as_str());
            let occurrence = seen.entry(key).or_default();
            *occurrence += 1;
            let uuid = doc.uuid(&[
                "map",
                &file,
                &pair.from.value,
                &pair.to.value,
                &occurrence.to_string(),
            ]);
            map(uuid, pair, &source, &target)
        })
        .collect();
    let published = cw.analysis == Analysis::Published;
    let analysis = if published { "published" } else { "ours" };
    let mut out = json!({
        "uuid": doc.uuid(&["mapping", &file]),
        "status": status(published),
        "source-resource": resource(&cw.from.value),
        "target-resource": resource(&cw.to.value),
        "maps": maps,
        "props": [prop("analysis", analysis), prop("source", &cw.source)],
        "mapping-description": line(&cw.title),
    });
    if let Some(url) = Some(cw.source.trim()).filter(|s| s.starts_with("http")) {
        out["links"] = json!([{ "href": url, "rel": "reference" }]);
    }
    if let Some(note) = cw.note.as_deref().filter(|n| !n.trim().is_empty()) {
        out["remarks"] = json!(note.trim());
    }
    out
}

/// A catalog's OSCAL control IDs (by requirement ID); empty for a catalog the workspace does
/// not have, which the loader has already refused.
fn catalog(doc: &Doc, id: &str) -> HashMap<String, String> {
    doc.ws
        .catalogs
        .get(id)
        .map(|c| doc.control_ids(c))
        .unwrap_or_default()
}

/// The OSCAL catalog a mapping's side names, as exported beside it.
fn resource(id: &str) -> Value {
    json!({
        "type": "catalog",
        "href": super::component::catalog_href(id),
        "props": [prop("catalog", id)],
    })
}

/// One pair as a `map`.
fn map(
    uuid: String,
    pair: &Pair,
    source: &HashMap<String, String>,
    target: &HashMap<String, String>,
) -> Value {
    json!({
        "uuid": uuid,
        "relationship": relationship(pair.relationship),
        "sources": [item(source, &pair.from.value)],
        "targets": [item(target, &pair.to.value)],
        "props": [prop("crosswalk-relationship", pair.relationship.as_str())],
    })
}

/// A requirement as a mapping item: its control ID in the catalog export, its own ID as label.
fn item(ids: &HashMap<String, String>, requirement: &str) -> Value {
    let id_ref = ids
        .get(requirement)
        .cloned()
        .unwrap_or_else(|| super::token(requirement));
    json!({
        "type": "control",
        "id-ref": id_ref,
        "props": [{ "name": "label", "value": line(requirement) }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every relationship of ours has an OSCAL value from NIST's list; `related` is never given
    /// a type that claims more than overlap, and set relations keep their direction.
    #[test]
    fn relationships_map_onto_oscal_values_without_claiming_more() {
        let oscal = [
            "equivalent-to",
            "equal-to",
            "subset-of",
            "superset-of",
            "intersects-with",
            "no-relationship",
        ];
        let all = [
            Relationship::Equal,
            Relationship::Subset,
            Relationship::Superset,
            Relationship::Intersect,
            Relationship::Related,
        ];
        for r in all {
            assert!(oscal.contains(&relationship(r)), "{r:?}");
        }
        assert_eq!(relationship(Relationship::Equal), "equivalent-to");
        assert_eq!(relationship(Relationship::Subset), "subset-of");
        assert_eq!(relationship(Relationship::Superset), "superset-of");
        assert_eq!(relationship(Relationship::Intersect), "intersects-with");
        assert_eq!(relationship(Relationship::Related), "intersects-with");
        // Seen from the other side, OSCAL's relation inverts as ours does.
        for r in all {
            let inverse = match relationship(r) {
                "subset-of" => "superset-of",
                "superset-of" => "subset-of",
                symmetric => symmetric,
            };
            assert_eq!(relationship(r.inverse()), inverse, "{r:?}");
        }
    }

    #[test]
    fn only_published_crosswalks_are_complete() {
        assert_eq!(status(true), "complete");
        assert_eq!(status(false), "not-complete");
    }
}
