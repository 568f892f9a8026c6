//! The OSCAL `component-definition`: the organisation's control programme as one component,
//! with one control implementation per catalog. Each requirement served by controls is an
//! implemented requirement naming those controls, their owners, and the assessment's verdict.

use serde_json::{Value, json};

use super::doc::{line, prop};
use super::{Doc, ExportError};
use crate::catalog::LoadedCatalog;
use crate::coverage::RequirementCoverage;

/// The `component-definition` object.
pub fn component_definition(doc: &Doc, catalogs: &[&LoadedCatalog]) -> Result<Value, ExportError> {
    let org = &doc.ws.config.organisation.name;
    let implementations: Vec<Value> = catalogs
        .iter()
        .filter_map(|c| control_implementation(doc, c))
        .collect();
    if implementations.is_empty() {
        return Err(ExportError::NothingImplemented {
            model: "component-definition",
            catalogs: catalog_list(catalogs),
        });
    }
    let component = json!({
        "uuid": doc.uuid(&["component", "programme"]),
        "type": "policy",
        "title": line(&format!("{org} control programme")),
        "description": format!(
            "The controls of {org}'s compliance programme, as kept in its evidence workspace and \
             assessed as of {}.",
            doc.assessment.date
        ),
        "control-implementations": implementations,
    });
    Ok(json!({
        "uuid": doc.uuid(&["component-definition"]),
        "metadata": doc.metadata(&format!("{org}: control programme component definition"), true),
        "components": [component],
    }))
}

/// One catalog's implemented requirements, or `None` when no control serves any of them.
fn control_implementation(doc: &Doc, loaded: &LoadedCatalog) -> Option<Value> {
    let ids = doc.control_ids(loaded);
    let coverage = doc.assessment.coverage(doc.ws, loaded);
    let requirements: Vec<Value> = coverage
        .requirements
        .iter()
        .filter(|r| !r.controls.is_empty())
        .map(|r| implemented_requirement(doc, loaded.id(), &ids[&r.id], r))
        .collect();
    if requirements.is_empty() {
        return None;
    }
    Some(json!({
        "uuid": doc.uuid(&["component-definition", loaded.id()]),
        "source": catalog_href(loaded.id()),
        "description": format!(
            "{} ({}): the requirements the programme's controls are mapped to.",
            line(&loaded.catalog.name),
            line(&loaded.catalog.version)
        ),
        "props": [prop("catalog", loaded.id())],
        "implemented-requirements": requirements,
    }))
}

fn implemented_requirement(
    doc: &Doc,
    catalog: &str,
    control_id: &str,
    r: &RequirementCoverage,
) -> Value {
    let mut props = vec![
        json!({ "name": "label", "value": line(&r.id) }),
        prop("coverage", r.status.as_str()),
    ];
    if let Some(v) = r.verdict {
        props.push(prop("verdict", v.as_str()));
    }
    props.extend(r.controls.iter().map(|c| prop("control", &c.id)));
    let mut out = json!({
        "uuid": doc.uuid(&["component-definition", catalog, &r.id]),
        "control-id": control_id,
        "description": served_by(r),
        "props": props,
    });
    if let Some(roles) = doc.responsible_roles(r.controls.iter().filter_map(|c| c.owner.as_deref()))
    {
        out["responsible-roles"] = roles;
    }
    out
}

/// "Served by SEC-TLS (Encryption in transit: verified), …", one control a line.
pub fn served_by(r: &RequirementCoverage) -> String {
    let lines: Vec<String> = r
        .controls
        .iter()
        .map(|c| format!("- {} {} ({})", c.id, line(&c.title), c.verdict.as_str()))
        .collect();
    format!(
        "{} is served by:\n\n{}",
        line(&format!("{} {}", r.id, r.title)),
        lines.join("\n")
    )
}

/// Where the OSCAL catalog of a catalog is, beside the exported document:
/// `evidence export oscal catalog --catalog ID --out catalog-ID.json`.
pub fn catalog_href(id: &str) -> String {
    format!("catalog-{}.json", super::doc::href(id))
}

pub fn catalog_list(catalogs: &[&LoadedCatalog]) -> String {
    catalogs
        .iter()
        .map(|c| c.id())
        .collect::<Vec<_>>()
        .join(", ")
}
