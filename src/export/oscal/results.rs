//! The OSCAL `assessment-results`: the assessment as of a date, one result per catalog.
//!
//! - observations: each evidence item of the controls serving the catalog (examined, with its
//!   state, its collected date and when it goes stale, pointing at the evidence file and its
//!   SHA-256 in the back matter), and each finding of `evidence check`;
//! - findings: each applicable requirement, satisfied only when covered (every control serving
//!   it verified), citing the observations of its controls' evidence.
//!
//! There is no separate assessment plan: the method (evidence's verdict rules) is a back-matter
//! resource, and `import-ap` points at it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::component::catalog_list;
use super::doc::{line, prop};
use super::{Doc, ExportError, date_time};
use crate::assessment::{ControlAssessment, EvidenceId, EvidenceItem};
use crate::catalog::LoadedCatalog;
use crate::check::Finding;
use crate::coverage::CoverageStatus;

/// The `assessment-results` object.
pub fn assessment_results(doc: &Doc, catalogs: &[&LoadedCatalog]) -> Result<Value, ExportError> {
    let org = line(&doc.ws.config.organisation.name);
    let report = crate::check::run(doc.ws, doc.assessment)?;
    let method = doc.uuid(&["assessment-method"]);
    let mut resources = vec![json!({
        "uuid": method,
        "title": "Assessment method: evidence verdict rules",
        "description": "Each control is judged from its declared status and its evidence: \
            verified (implemented, at least one evidence item, every item fresh: present, dated, \
            younger than its max age); unverified (implemented, some evidence not fresh or none \
            named); partial or planned (target date not passed); overdue (planned or partial \
            past its target); not implemented. A requirement is satisfied only when every \
            control serving it is verified.",
    })];
    // Evidence resources, each once across results.
    let mut evidence: BTreeMap<EvidenceId, Value> = BTreeMap::new();
    let mut results = Vec::new();
    for loaded in catalogs {
        results.push(result(doc, loaded, &report.findings, &mut evidence)?);
    }
    resources.extend(evidence.into_values());
    Ok(json!({
        "uuid": doc.uuid(&["assessment-results"]),
        "metadata": doc.metadata(
            &format!("{org}: assessment results as of {} ({})", doc.assessment.date, catalog_list(catalogs)),
            true,
        ),
        "import-ap": {
            "href": format!("#{method}"),
            "remarks": "No separate assessment plan: the method is the back-matter resource this points at.",
        },
        "results": results,
        "back-matter": { "resources": resources },
    }))
}

fn result(
    doc: &Doc,
    loaded: &LoadedCatalog,
    check_findings: &[Finding],
    evidence: &mut BTreeMap<EvidenceId, Value>,
) -> Result<Value, ExportError> {
    let catalog = loaded.id();
    let ids = doc.control_ids(loaded);
    let coverage = doc.assessment.coverage(doc.ws, loaded);
    let date = date_time(doc.assessment.date);

    // Controls serving an applicable requirement, each once, in matrix order.
    let serving: BTreeSet<usize> = coverage
        .requirements
        .iter()
        .filter(|r| applicable(r.status))
        .flat_map(|r| r.controls.iter())
        .filter_map(|c| doc.assessment.index_of(&c.id))
        .collect();
    let mut observations = Vec::new();
    for &i in &serving {
        let c = &doc.assessment.controls[i];
        for (s, item) in c.evidence.iter().enumerate() {
            if let std::collections::btree_map::Entry::Vacant(slot) = evidence.entry(item.id) {
                slot.insert(doc.evidence_resource(&c.id, s, item)?);
            }
            observations.push(evidence_observation(doc, catalog, c, s, item));
        }
    }
    observations.extend(
        check_findings
            .iter()
            .map(|f| check_observation(doc, catalog, f)),
    );

    let findings: Vec<Value> = coverage
        .requirements
        .iter()
        .filter(|r| applicable(r.status))
        .map(|r| {
            let satisfied = r.status == CoverageStatus::Covered;
            let mut finding = json!({
                "uuid": doc.uuid(&["finding", catalog, &r.id]),
                "title": line(&format!("{} {}", r.id, r.title)),
                "description": requirement_description(r),
                "props": [
                    json!({ "name": "label", "value": line(&r.id) }),
                    prop("coverage", r.status.as_str()),
                ],
                "target": {
                    "type": "objective-id",
                    "target-id": ids[&r.id],
                    "status": {
                        "state": if satisfied { "satisfied" } else { "not-satisfied" },
                        "reason": r.status.as_str(),
                    },
                },
            });
            if let Some(v) = r.verdict {
                finding["props"]
                    .as_array_mut()
                    .expect("props")
                    .push(prop("verdict", v.as_str()));
            }
            let related: Vec<Value> = r
                .controls
                .iter()
                .filter_map(|c| doc.assessment.control(&c.id))
                .flat_map(|c| {
                    (0..c.evidence.len()).map(move |s| {
                        json!({ "observation-uuid": observation_uuid(doc, catalog, &c.id, s) })
                    })
                })
                .collect();
            if !related.is_empty() {
                finding["related-observations"] = Value::Array(related);
            }
            finding
        })
        .collect();

    let mut out = json!({
        "uuid": doc.uuid(&["result", catalog]),
        "title": line(&format!("{} as of {}", loaded.catalog.name, doc.assessment.date)),
        "description": format!(
            "The assessment of the workspace against {} ({}) as of {}: {} requirements covered, \
             {} unverified, {} partial, {} gaps, {} excluded, {} not applicable.",
            line(&loaded.catalog.name),
            line(&loaded.catalog.version),
            doc.assessment.date,
            coverage.summary.covered,
            coverage.summary.unverified,
            coverage.summary.partial,
            coverage.summary.gap,
            coverage.summary.excluded,
            coverage.summary.not_applicable,
        ),
        "start": date,
        "end": date,
        "props": [prop("catalog", catalog)],
        "reviewed-controls": { "control-selections": [{ "include-all": {} }] },
    });
    if !observations.is_empty() {
        out["observations"] = Value::Array(observations);
    }
    if !findings.is_empty() {
        out["findings"] = Value::Array(findings);
    }
    Ok(out)
}

/// Requirements that are judged: not excluded by a scope decision, and applicable.
fn applicable(status: CoverageStatus) -> bool {
    !matches!(
        status,
        CoverageStatus::Excluded | CoverageStatus::NotApplicable
    )
}

fn observation_uuid(doc: &Doc, catalog: &str, control: &str, source: usize) -> String {
    doc.uuid(&["observation", catalog, control, &source.to_string()])
}

/// An evidence item examined: its state, collected date and freshness.
fn evidence_observation(
    doc: &Doc,
    catalog: &str,
    c: &ControlAssessment,
    source: usize,
    item: &EvidenceItem,
) -> Value {
    let name = if item.confidential {
        format!("confidential evidence of {}", c.id)
    } else {
        format!("evidence {}", item.path)
    };
    let mut description = format!(
        "{} {} ({}).",
        capitalise(&name),
        item.state.describe(),
        c.id
    );
    if let Some(collected) = item.collected {
        description.push_str(&format!(" Collected {collected}"));
        if let Some(from) = item.collected_from {
            description.push_str(&format!(" ({})", from.as_str()));
        }
        description.push('.');
    }
    if let Some(stale_on) = item.stale_on {
        description.push_str(&format!(
            " Stale from {stale_on} (max age {}).",
            item.max_age
        ));
    }
    if let Some(why) = &item.undated_because {
        description.push_str(&format!(" Undated: {}.", line(why)));
    }
    let mut props = vec![
        prop("control", &c.id),
        prop("evidence-state", item.state.as_str()),
    ];
    if let Some(from) = item.collected_from {
        props.push(prop("collected-from", from.as_str()));
    }
    // When the evidence was collected; an undated item is observed on the assessment date.
    let collected = item.collected.unwrap_or(doc.assessment.date);
    let mut out = json!({
        "uuid": observation_uuid(doc, catalog, &c.id, source),
        "title": line(&capitalise(&name)),
        "description": description,
        "props": props,
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "collected": date_time(collected),
        "relevant-evidence": [{
            "href": format!("#{}", doc.evidence_uuid(&c.id, source)),
            "description": line(&format!("The {name}: its path and SHA-256 are in the back matter.")),
        }],
    });
    if let Some(stale_on) = item.stale_on.filter(|_| item.collected.is_some()) {
        out["expires"] = json!(date_time(stale_on));
    }
    out
}

/// A finding of `evidence check`, observed on the assessment date.
fn check_observation(doc: &Doc, catalog: &str, f: &Finding) -> Value {
    let location = f.location.to_string();
    let mut description = format!("{location}: {}", f.message.trim());
    if let Some(hint) = f.hint() {
        description.push_str(&format!("\n\nWhat to do: {}", hint.trim()));
    }
    json!({
        "uuid": doc.uuid(&["check-finding", catalog, f.code.as_str(), &location, &f.message]),
        "title": line(&format!("evidence check: {} ({})", f.code.as_str(), f.severity.as_str())),
        "description": description,
        "props": [prop("rule", f.code.as_str()), prop("severity", f.severity.as_str())],
        "methods": ["EXAMINE"],
        "types": ["finding"],
        "collected": date_time(doc.assessment.date),
    })
}

fn requirement_description(r: &crate::coverage::RequirementCoverage) -> String {
    if r.controls.is_empty() {
        return format!("{}: no control serves this requirement (gap).", line(&r.id));
    }
    super::component::served_by(r)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
