//! The OSCAL `system-security-plan` for one catalog: the organisation's compliance programme as
//! the system, each of its controls as a component, and each requirement the controls serve as
//! an implemented requirement whose `by-components` say how each control implements it (its
//! declared status, owner and evidence). Evidence files are back-matter resources with their
//! SHA-256 hashes, linked from the requirements they support.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::component::{catalog_href, served_by};
use super::doc::{line, prop};
use super::{Doc, ExportError};
use crate::assessment::ControlAssessment;
use crate::catalog::LoadedCatalog;
use crate::model::ControlStatus;

/// The `system-security-plan` object.
pub fn ssp(doc: &Doc, loaded: &LoadedCatalog) -> Result<Value, ExportError> {
    let org = line(&doc.ws.config.organisation.name);
    let ids = doc.control_ids(loaded);
    let coverage = doc.assessment.coverage(doc.ws, loaded);
    let served: Vec<_> = coverage
        .requirements
        .iter()
        .filter(|r| !r.controls.is_empty())
        .collect();
    if served.is_empty() {
        return Err(ExportError::NothingImplemented {
            model: "ssp",
            catalogs: loaded.id().to_string(),
        });
    }
    // The controls serving the catalog, each once, in matrix order.
    let control_ids: BTreeSet<usize> = served
        .iter()
        .flat_map(|r| r.controls.iter())
        .filter_map(|c| doc.assessment.index_of(&c.id))
        .collect();
    let controls: Vec<&ControlAssessment> = control_ids
        .iter()
        .map(|&i| &doc.assessment.controls[i])
        .collect();

    let mut requirements = Vec::new();
    for r in &served {
        let serving: Vec<&ControlAssessment> = r
            .controls
            .iter()
            .filter_map(|c| doc.assessment.control(&c.id))
            .collect();
        let mut props = vec![
            json!({ "name": "label", "value": line(&r.id) }),
            prop("coverage", r.status.as_str()),
        ];
        if let Some(v) = r.verdict {
            props.push(prop("verdict", v.as_str()));
        }
        let mut req = json!({
            "uuid": doc.uuid(&["ssp", loaded.id(), &r.id]),
            "control-id": ids[&r.id],
            "props": props,
            "by-components": serving.iter().map(|c| by_component(doc, loaded.id(), &r.id, c)).collect::<Vec<_>>(),
            "remarks": served_by(r),
        });
        if let Some(roles) =
            doc.responsible_roles(serving.iter().filter_map(|c| c.owner.as_deref()))
        {
            req["responsible-roles"] = roles;
        }
        let links = evidence_links(doc, &serving);
        if !links.is_empty() {
            req["links"] = Value::Array(links);
        }
        requirements.push(req);
    }

    let mut resources = Vec::new();
    for c in &controls {
        for (i, item) in c.evidence.iter().enumerate() {
            resources.push(doc.evidence_resource(&c.id, i, item)?);
        }
    }

    let mut components = vec![json!({
        "uuid": this_system(doc),
        "type": "this-system",
        "title": org,
        "description": format!("The compliance programme of {org}, as kept in its evidence workspace."),
        "status": { "state": "operational" },
    })];
    components.extend(controls.iter().map(|c| control_component(doc, c)));

    let users: Vec<Value> = if controls.iter().any(|c| c.owner.is_some()) {
        let mut owners: Vec<&str> = controls.iter().filter_map(|c| c.owner.as_deref()).collect();
        owners.sort_unstable();
        owners.dedup();
        owners
            .iter()
            .map(|o| {
                json!({
                    "uuid": doc.uuid(&["user", o]),
                    "title": line(o),
                    "role-ids": [doc.role_of(o).expect("every owner has a role")],
                })
            })
            .collect()
    } else {
        vec![json!({
            "uuid": doc.uuid(&["user", "unassigned"]),
            "title": "Control owners (none assigned in the workspace)",
        })]
    };

    let mut out = json!({
        "uuid": doc.uuid(&["ssp", loaded.id()]),
        "metadata": doc.metadata(
            &format!("{org}: system security plan for {}", line(&loaded.catalog.name)),
            true,
        ),
        "import-profile": {
            "href": catalog_href(loaded.id()),
            "remarks": format!(
                "The baseline is the whole catalog: evidence export oscal catalog --catalog {} --out {}",
                loaded.id(),
                catalog_href(loaded.id())
            ),
        },
        "system-characteristics": {
            "system-ids": [{ "identifier-type": "https://ietf.org/rfc/rfc4122", "id": doc.uuid(&["system"]) }],
            "system-name": org,
            "description": format!(
                "The compliance programme of {org}: its controls, their owners and their evidence, \
                 as kept in its evidence workspace and assessed as of {}.",
                doc.assessment.date
            ),
            "system-information": {
                "information-types": [{
                    "uuid": doc.uuid(&["information-type", "compliance-records"]),
                    "title": "Compliance programme records",
                    "description": "Controls, owners, evidence files and their collection dates.",
                }],
            },
            "status": { "state": "operational" },
            "authorization-boundary": {
                "description": format!(
                    "The controls of {org}'s evidence workspace mapped to {}.",
                    line(&loaded.catalog.name)
                ),
            },
        },
        "system-implementation": {
            "users": users,
            "components": components,
        },
        "control-implementation": {
            "description": format!(
                "How the controls of {org} implement the requirements of {} ({}), with each \
                 control's declared status, owner and evidence, and the assessment's verdict as of {}.",
                line(&loaded.catalog.name),
                line(&loaded.catalog.version),
                doc.assessment.date
            ),
            "implemented-requirements": requirements,
        },
    });
    if !resources.is_empty() {
        out["back-matter"] = json!({ "resources": resources });
    }
    Ok(out)
}

fn this_system(doc: &Doc) -> String {
    doc.uuid(&["component", "this-system"])
}

fn component_uuid(doc: &Doc, control: &str) -> String {
    doc.uuid(&["component", "control", control])
}

/// A control of the matrix as a component of the system.
fn control_component(doc: &Doc, c: &ControlAssessment) -> Value {
    let control = doc
        .assessment
        .index_of(&c.id)
        .map(|i| &doc.ws.controls[i].control);
    let title = control.map(|k| line(&k.title)).unwrap_or_default();
    let description = control
        .and_then(|k| k.description.as_deref())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or("No description in the control file.");
    let state = match c.status {
        ControlStatus::Implemented | ControlStatus::Partial => "operational",
        ControlStatus::Planned => "under-development",
        ControlStatus::NotImplemented => "other",
    };
    let mut out = json!({
        "uuid": component_uuid(doc, &c.id),
        "type": "process-procedure",
        "title": line(&format!("{} {title}", c.id)),
        "description": description,
        "props": [prop("control", &c.id), prop("verdict", c.verdict.as_str())],
        "status": { "state": state },
    });
    if let Some(roles) = doc.responsible_roles(c.owner.as_deref()) {
        out["responsible-roles"] = roles;
    }
    out
}

/// How one control implements one requirement.
fn by_component(doc: &Doc, catalog: &str, requirement: &str, c: &ControlAssessment) -> Value {
    let control = doc
        .assessment
        .index_of(&c.id)
        .map(|i| &doc.ws.controls[i].control);
    let description = control
        .map(|k| {
            let what = k.description.as_deref().map(str::trim).unwrap_or("");
            format!("{} {}. {what}", c.id, line(&k.title))
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| c.id.clone());
    let mut props = vec![
        prop("control", &c.id),
        prop("verdict", c.verdict.as_str()),
        prop("declared-status", c.status.as_str()),
    ];
    if let Some(target) = c.target {
        props.push(prop("target", &target.to_string()));
    }
    let mut out = json!({
        "component-uuid": component_uuid(doc, &c.id),
        "uuid": doc.uuid(&["ssp", catalog, requirement, &c.id]),
        "description": description,
        "props": props,
    });
    // OSCAL's implementation states have no "not implemented": that control gets none, and its
    // verdict says so.
    let state = match c.status {
        ControlStatus::Implemented => Some("implemented"),
        ControlStatus::Partial => Some("partial"),
        ControlStatus::Planned => Some("planned"),
        ControlStatus::NotImplemented => None,
    };
    if let Some(state) = state {
        out["implementation-status"] = json!({ "state": state });
    }
    if let Some(roles) = doc.responsible_roles(c.owner.as_deref()) {
        out["responsible-roles"] = roles;
    }
    let links = evidence_links(doc, &[c]);
    if !links.is_empty() {
        out["links"] = Value::Array(links);
    }
    out
}

/// Links to the back-matter resources of these controls' evidence.
fn evidence_links(doc: &Doc, controls: &[&ControlAssessment]) -> Vec<Value> {
    controls
        .iter()
        .flat_map(|c| {
            c.evidence.iter().enumerate().map(move |(i, item)| {
                let text = if item.confidential {
                    format!(
                        "Confidential evidence of {} ({})",
                        c.id,
                        item.state.as_str()
                    )
                } else {
                    format!("Evidence {} ({})", item.path, item.state.as_str())
                };
                json!({
                    "href": format!("#{}", doc.evidence_uuid(&c.id, i)),
                    "rel": "reference",
                    "text": line(&text),
                })
            })
        })
        .collect()
}
