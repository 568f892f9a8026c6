//! The OSCAL `plan-of-action-and-milestones`: every control that is planned, partial or overdue,
//! with its target date as the milestone, the owner responsible, and the requirements it will
//! serve. With `--catalog`, only the controls mapped to that catalog.

use serde_json::{Value, json};

use super::component::catalog_list;
use super::doc::{line, prop};
use super::{Doc, ExportError, date_time};
use crate::assessment::{ControlAssessment, Verdict};
use crate::catalog::LoadedCatalog;

/// The `plan-of-action-and-milestones` object.
pub fn poam(
    doc: &Doc,
    catalogs: &[&LoadedCatalog],
    one_catalog: bool,
) -> Result<Value, ExportError> {
    let org = line(&doc.ws.config.organisation.name);
    let open: Vec<(usize, &ControlAssessment)> = doc
        .assessment
        .controls
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            matches!(
                c.verdict,
                Verdict::Planned | Verdict::Partial | Verdict::Overdue
            )
        })
        .filter(|(i, _)| !one_catalog || !requirements_of(doc, *i, catalogs).is_empty())
        .collect();
    if open.is_empty() {
        return Err(ExportError::NothingToPlan {
            scope: if one_catalog {
                format!(" among the controls mapped to {}", catalog_list(catalogs))
            } else {
                String::new()
            },
        });
    }
    let mut items = Vec::new();
    let mut risks = Vec::new();
    for &(i, c) in &open {
        let control = &doc.ws.controls[i].control;
        let requirements = requirements_of(doc, i, catalogs);
        let title = line(&format!("{} {}", c.id, control.title));
        let mut description = match c.verdict {
            Verdict::Overdue => format!(
                "{title} is {} and overdue: its target date {} has passed.",
                c.status.as_str(),
                c.target.map(|t| t.to_string()).unwrap_or_default()
            ),
            _ => format!("{title} is {}.", c.status.as_str()),
        };
        if let Some(d) = control
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            description.push_str(&format!("\n\n{d}"));
        }
        if !requirements.is_empty() {
            description.push_str(&format!("\n\nIt serves {}.", requirements.join(", ")));
        }
        let mut props = vec![
            prop("control", &c.id),
            prop("verdict", c.verdict.as_str()),
            prop("declared-status", c.status.as_str()),
        ];
        if let Some(owner) = &c.owner {
            props.push(prop("owner", owner));
        }
        let risk_uuid = doc.uuid(&["poam-risk", &c.id]);
        let mut item = json!({
            "uuid": doc.uuid(&["poam-item", &c.id]),
            "title": title,
            "description": description,
            "props": props,
            "related-risks": [{ "risk-uuid": risk_uuid }],
        });
        if c.target.is_none() {
            item["remarks"] = json!("No target date is set in the control file.");
        }
        items.push(item);
        risks.push(risk(doc, c, &title, &risk_uuid, &requirements));
    }
    Ok(json!({
        "uuid": doc.uuid(&["poam"]),
        "metadata": doc.metadata(
            &format!("{org}: plan of action and milestones as of {}", doc.assessment.date),
            true,
        ),
        "system-id": { "identifier-type": "https://ietf.org/rfc/rfc4122", "id": doc.uuid(&["system"]) },
        "risks": risks,
        "poam-items": items,
    }))
}

/// The open risk of a control not yet done, remediated by finishing it by its target date.
fn risk(
    doc: &Doc,
    c: &ControlAssessment,
    title: &str,
    uuid: &str,
    requirements: &[String],
) -> Value {
    let statement = if requirements.is_empty() {
        format!(
            "Until {} is implemented, what it controls is not in place.",
            c.id
        )
    } else {
        format!(
            "Until {} is implemented, these requirements are not fully met: {}.",
            c.id,
            requirements.join(", ")
        )
    };
    let mut remediation = json!({
        "uuid": doc.uuid(&["poam-remediation", &c.id]),
        "lifecycle": "planned",
        "title": line(&format!("Implement {title}")),
        "description": format!("Bring {} to implemented, with fresh evidence.", c.id),
    });
    let mut out = json!({
        "uuid": uuid,
        "title": line(&format!("{title} not yet implemented")),
        "description": format!("{} is {} ({}).", c.id, c.verdict.as_str(), c.verdict.label()),
        "statement": statement,
        "status": "open",
        "props": [prop("control", &c.id)],
    });
    if let Some(target) = c.target {
        let mut milestone = json!({
            "uuid": doc.uuid(&["poam-milestone", &c.id]),
            "type": "milestone",
            "title": line(&format!("{} implemented", c.id)),
            "timing": { "on-date": { "date": date_time(target) } },
        });
        if let Some(roles) = doc.responsible_roles(c.owner.as_deref()) {
            milestone["responsible-roles"] = roles;
        }
        remediation["tasks"] = json!([milestone]);
        out["deadline"] = json!(date_time(target));
    }
    out["remediations"] = json!([remediation]);
    out
}

/// "catalog requirement" for each requirement of these catalogs the control is mapped to.
fn requirements_of(doc: &Doc, control: usize, catalogs: &[&LoadedCatalog]) -> Vec<String> {
    doc.ws.controls[control]
        .control
        .mappings
        .iter()
        .filter(|m| catalogs.iter().any(|c| c.id() == m.framework.value))
        .flat_map(|m| {
            m.requirements
                .iter()
                .map(move |r| format!("{} {}", m.framework.value, r.value))
        })
        .collect()
}
