//! Documents about one AI system of the register, filled from the register, the controls and
//! their evidence where the workspace holds them, and marked "to be completed" where it does not:
//! the technical documentation of EU AI Act Annex IV (nine points) and the fundamental-rights
//! impact assessment of Art. 27(1)(a)-(f).

use serde::Serialize;

use super::{DocumentFormat, EvidenceView, Header, RenderError};
use crate::assessment::{Assessment, SystemAssessment, Verdict};
use crate::coverage::EU_AI_ACT;
use crate::workspace::Workspace;

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// EU AI Act Annex IV.
    TechnicalDocumentation,
    /// EU AI Act Art. 27.
    Fria,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemDocument {
    pub header: Header,
    pub system: SystemAssessment,
    /// "Annex IV" or "Art. 27(1)".
    pub basis: &'static str,
    pub sections: Vec<Section>,
    /// How many sections still need content.
    pub to_be_completed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// "1", "2", … (Annex IV) or "(a)", "(b)", … (Art. 27(1)).
    pub point: &'static str,
    pub title: &'static str,
    /// What the register says, one statement a line.
    pub facts: Vec<String>,
    /// Controls of the workspace serving the EU AI Act articles behind the point.
    pub controls: Vec<ControlView>,
    /// Nothing in the workspace fills it yet.
    pub to_be_completed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlView {
    pub id: String,
    pub title: String,
    pub verdict: Verdict,
    /// Whether the system names the control under `controls:` (else it serves the organisation
    /// as a whole, and its evidence may be about another system).
    pub governs_system: bool,
    /// The EU AI Act requirements it is mapped to among the point's articles.
    pub serves: Vec<String>,
    pub evidence: Vec<EvidenceView>,
}

/// (point, title, EU AI Act articles whose controls document it)
type Point = (&'static str, &'static str, &'static [&'static str]);

const ANNEX_IV: [Point; 9] = [
    (
        "1",
        "General description of the AI system",
        &["Art. 11", "Art. 13"],
    ),
    (
        "2",
        "Elements of the AI system and the process for its development",
        &["Art. 10", "Art. 11", "Art. 14", "Art. 15", "Art. 17"],
    ),
    (
        "3",
        "Monitoring, functioning and control of the AI system",
        &["Art. 12", "Art. 13", "Art. 14"],
    ),
    (
        "4",
        "Appropriateness of the performance metrics",
        &["Art. 15"],
    ),
    ("5", "The risk management system (Art. 9)", &["Art. 9"]),
    (
        "6",
        "Relevant changes made through the lifecycle",
        &["Art. 18"],
    ),
    (
        "7",
        "Harmonised standards applied, or the other solutions adopted",
        &["Art. 40", "Art. 41"],
    ),
    (
        "8",
        "The EU declaration of conformity (Art. 47)",
        &["Art. 47"],
    ),
    (
        "9",
        "Post-market evaluation of performance and the monitoring plan (Art. 72)",
        &["Art. 72"],
    ),
];

const ART_27: [Point; 6] = [
    (
        "(a)",
        "The deployer's processes in which the system is used, in line with its intended purpose",
        &["Art. 26"],
    ),
    ("(b)", "The period of time and frequency of use", &[]),
    (
        "(c)",
        "The categories of natural persons and groups likely to be affected",
        &[],
    ),
    (
        "(d)",
        "The specific risks of harm to those persons or groups",
        &["Art. 27"],
    ),
    (
        "(e)",
        "The human oversight measures, according to the instructions for use",
        &["Art. 14", "Art. 26"],
    ),
    (
        "(f)",
        "The measures if the risks materialise, internal governance and complaint mechanisms",
        &["Art. 26", "Art. 73", "Art. 86"],
    ),
];

/// Build the document for system `id`.
pub fn build(
    ws: &Workspace,
    assessment: &Assessment,
    id: &str,
    kind: Kind,
) -> Result<SystemDocument, RenderError> {
    let system = assessment
        .systems
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| RenderError::UnknownSystem {
            id: id.to_string(),
            known: assessment
                .systems
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let (title, basis, points): (&str, &str, &[Point]) = match kind {
        Kind::TechnicalDocumentation => (
            "Technical documentation (EU AI Act Annex IV)",
            "Annex IV",
            &ANNEX_IV,
        ),
        Kind::Fria => (
            "Fundamental-rights impact assessment (EU AI Act Art. 27)",
            "Art. 27(1)",
            &ART_27,
        ),
    };
    let sections: Vec<Section> = points
        .iter()
        .map(|(point, title, articles)| {
            let facts = facts(ws, assessment, system, kind, point);
            let controls = controls_for(ws, assessment, system, articles);
            let to_be_completed = facts.is_empty() && controls.is_empty();
            Section {
                point,
                title,
                facts,
                controls,
                to_be_completed,
            }
        })
        .collect();
    Ok(SystemDocument {
        header: Header::new(ws, title, ws.catalogs.get(EU_AI_ACT), assessment.date),
        system: system.clone(),
        basis,
        to_be_completed: sections.iter().filter(|s| s.to_be_completed).count(),
        sections,
    })
}

/// What the register says for a point.
fn facts(
    ws: &Workspace,
    assessment: &Assessment,
    system: &SystemAssessment,
    kind: Kind,
    point: &str,
) -> Vec<String> {
    let declared = ws
        .systems()
        .map(|(_, s)| s)
        .find(|s| s.id.value == system.id);
    let mut out = Vec::new();
    let risks = || {
        assessment
            .risks
            .iter()
            .filter(|r| r.systems.iter().any(|s| s == &system.id))
    };
    let oversight = || {
        system
            .human_oversight
            .as_ref()
            .map(|h| format!("Human oversight: {h}"))
    };
    match (kind, point) {
        (Kind::TechnicalDocumentation, "1") => {
            out.push(format!("Name: {}", system.name));
            out.push(format!("Intended purpose: {}", system.purpose));
            out.push(format!(
                "Provider: {}",
                ws.config
                    .organisation
                    .legal_name
                    .as_ref()
                    .unwrap_or(&ws.config.organisation.name)
            ));
            out.push(format!(
                "Class: {}{}",
                system.risk_class.as_str(),
                if system.annex_iii.is_empty() {
                    String::new()
                } else {
                    format!(" (Annex III {})", system.annex_iii.join(", "))
                }
            ));
            if let Some(c) = declared.and_then(|d| d.classification.as_ref()) {
                out.push(format!("Classification: {c}"));
            }
            out.push(format!("Lifecycle: {}", system.lifecycle.as_str()));
        }
        (Kind::TechnicalDocumentation, "2") => {
            if let Some(d) = declared {
                if !d.models.is_empty() {
                    out.push(format!("Models and components: {}", d.models.join("; ")));
                }
                if !d.datasets.is_empty() {
                    out.push(format!("Datasets: {}", d.datasets.join("; ")));
                }
            }
            out.extend(oversight());
        }
        (Kind::TechnicalDocumentation, "3") | (Kind::Fria, "(e)") => {
            out.extend(oversight());
        }
        (Kind::TechnicalDocumentation, "5") | (Kind::Fria, "(d)") => {
            out.extend(risks().map(|r| {
                format!(
                    "{} {}: inherent {} → residual {} ({})",
                    r.id,
                    r.title,
                    r.inherent_score,
                    r.residual_score,
                    r.treatment.map_or("untreated", |t| t.as_str())
                )
            }));
        }
        (Kind::Fria, "(a)") => {
            out.push(format!("Intended purpose: {}", system.purpose));
        }
        (Kind::Fria, "(f)") => {
            out.extend(risks().filter(|r| !r.controls.is_empty()).map(|r| {
                let ids: Vec<&str> = r.controls.iter().map(|c| c.id.as_str()).collect();
                format!("{}: treated by {}", r.id, ids.join(", "))
            }));
        }
        _ => {}
    }
    out
}

/// The workspace's controls mapped to any of `articles` (or a paragraph of one) of the EU AI Act.
/// The system's own controls come first.
fn controls_for(
    ws: &Workspace,
    assessment: &Assessment,
    system: &SystemAssessment,
    articles: &[&str],
) -> Vec<ControlView> {
    let within = |req: &str| {
        articles.iter().any(|a| {
            req == *a
                || req
                    .strip_prefix(a)
                    .is_some_and(|rest| rest.starts_with('('))
        })
    };
    let mut views: Vec<ControlView> = ws
        .controls
        .iter()
        .enumerate()
        .filter_map(|(i, loaded)| {
            let serves: Vec<String> = loaded
                .control
                .mappings
                .iter()
                .filter(|m| m.framework.value == EU_AI_ACT)
                .flat_map(|m| m.requirements.iter())
                .filter(|r| within(&r.value))
                .map(|r| r.value.clone())
                .collect();
            (!serves.is_empty()).then(|| ControlView {
                id: loaded.control.id.value.clone(),
                title: loaded.control.title.clone(),
                verdict: assessment.controls[i].verdict,
                governs_system: system
                    .controls
                    .iter()
                    .any(|c| c.id == loaded.control.id.value),
                serves,
                evidence: EvidenceView::of_control(ws, assessment, i),
            })
        })
        .collect();
    views.sort_by_key(|v| !v.governs_system);
    views
}

pub fn render(
    ws: &Workspace,
    assessment: &Assessment,
    id: &str,
    kind: Kind,
    format: DocumentFormat,
) -> Result<String, RenderError> {
    let doc = build(ws, assessment, id, kind)?;
    let context =
        || minijinja::context! { doc => minijinja::Value::from(minijinja::value::Serde(&doc)) };
    super::document(ws, &doc, format, "system-document", context)
}
