//! The AI-system register and the risk register, assessed: each system with the EU AI Act
//! obligations in force through it and the state of its impact assessment; each risk with its
//! scores against the appetite, its treatment, the verdicts of the controls that treat it, and
//! the state of its acceptance. `check`, the SoA and the register reports read these.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

use super::{ControlAssessment, Verdict};
use crate::coverage::{CoverageStatus, EU_AI_ACT, FrameworkCoverage};
use crate::model::Period;
use crate::model::risk::{Rating, Risk, RiskCategory, Treatment};
use crate::model::system::{AiSystem, ImpactKind, Lifecycle, RiskClass, SystemRole};
use crate::workspace::Workspace;

/// One AI system of the register, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct SystemAssessment {
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub purpose: String,
    pub lifecycle: Lifecycle,
    pub roles: Vec<SystemRole>,
    pub risk_class: RiskClass,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annex_iii: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_oversight: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The controls that govern it, with their verdicts (`None`: no such control).
    pub controls: Vec<ControlRef>,
    /// EU AI Act requirements applicable through this system, with their coverage.
    pub obligations: Vec<Obligation>,
    /// The risks of the register that concern it.
    pub risks: Vec<String>,
    pub impact_assessment: ImpactState,
}

/// A control named by the register, with its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    pub id: String,
    /// `None` when no control has this ID (`unknown-control`).
    pub verdict: Option<Verdict>,
}

/// An EU AI Act requirement in force through a system.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    pub requirement: String,
    pub title: String,
    pub status: CoverageStatus,
}

/// Whether a system needs an impact assessment, and whether it has a current one.
#[derive(Debug, Clone, Serialize)]
pub struct ImpactState {
    /// Why one is required (`None`: neither the law nor the organisation's policy asks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<&'static str>,
    /// The kind required: a fundamental-rights impact assessment for a deployer of a high-risk
    /// system (Art. 27), else an AI system impact assessment (ISO/IEC 42001 6.1.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<ImpactKind>,
    /// The newest assessment of the required kind (or of any kind when none is required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<Date>,
    /// The day it stops being current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_until: Option<Date>,
    /// A required assessment is missing or out of date.
    pub missing: bool,
}

/// One risk of the register, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct RiskAssessment {
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub file: PathBuf,
    pub category: RiskCategory,
    pub systems: Vec<String>,
    pub inherent: Rating,
    pub inherent_score: u16,
    /// After treatment (the inherent rating when no residual is recorded).
    pub residual: Rating,
    pub residual_score: u16,
    pub treatment: Option<Treatment>,
    pub controls: Vec<ControlRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<AcceptanceState>,
    /// The residual score exceeds the appetite.
    pub above_appetite: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AcceptanceState {
    pub by: String,
    pub on: Date,
    pub until: Date,
    pub expired: bool,
}

impl RiskAssessment {
    /// Accepted, with an acceptance that has not lapsed.
    pub fn accepted_currently(&self) -> bool {
        self.treatment == Some(Treatment::Accept)
            && self.acceptance.as_ref().is_some_and(|a| !a.expired)
    }

    pub fn treats_with(&self, control: &str) -> bool {
        self.controls.iter().any(|c| c.id == control)
    }
}

fn control_refs<'a>(
    ids: impl Iterator<Item = &'a String>,
    controls: &[ControlAssessment],
) -> Vec<ControlRef> {
    ids.map(|id| ControlRef {
        id: id.clone(),
        verdict: controls.iter().find(|c| &c.id == id).map(|c| c.verdict),
    })
    .collect()
}

/// Every system of the register, assessed as of `date`.
pub fn assess_systems(
    ws: &Workspace,
    controls: &[ControlAssessment],
    frameworks: &[FrameworkCoverage],
    date: Date,
) -> Vec<SystemAssessment> {
    let eu = frameworks.iter().find(|f| f.framework == EU_AI_ACT);
    ws.systems()
        .map(|(file, system)| {
            let id = &system.id.value;
            let obligations = eu
                .map(|f| {
                    f.requirements
                        .iter()
                        .filter(|r| r.systems.iter().any(|s| s == id))
                        .map(|r| Obligation {
                            requirement: r.id.clone(),
                            title: r.title.clone(),
                            status: r.status,
                        })
                        .collect()
                })
                .unwrap_or_default();
            SystemAssessment {
                id: id.clone(),
                name: system.name.clone(),
                file: file.to_path_buf(),
                purpose: system.purpose.clone(),
                lifecycle: system.lifecycle.value,
                roles: system.roles.iter().map(|r| r.value).collect(),
                risk_class: system.risk_class.value,
                annex_iii: system.annex_iii.iter().map(|a| a.value.clone()).collect(),
                human_oversight: system.human_oversight.clone(),
                owner: system.owner.as_ref().map(|o| o.value.clone()),
                controls: control_refs(system.controls.iter().map(|c| &c.value), controls),
                obligations,
                risks: ws
                    .risks()
                    .filter(|(_, r)| r.systems.iter().any(|s| &s.value == id))
                    .map(|(_, r)| r.id.value.clone())
                    .collect(),
                impact_assessment: impact_state(system, date),
            }
        })
        .collect()
}

/// An AI system impact assessment stays current for a year unless it says otherwise.
fn impact_state(system: &AiSystem, date: Date) -> ImpactState {
    let high_risk = system.is_active() && system.risk_class.value == RiskClass::HighRisk;
    let required = if high_risk {
        Some("a high-risk system")
    } else if system.is_active() && system.impact_assessment_required {
        Some("the organisation's policy flags it")
    } else {
        None
    };
    let kind = required.map(|_| {
        if high_risk && system.has_role(SystemRole::Deployer) {
            ImpactKind::Fria
        } else {
            ImpactKind::Aiia
        }
    });
    let latest = system
        .impact_assessments
        .iter()
        .filter(|a| kind.is_none_or(|k| a.kind.value == k))
        .max_by_key(|a| a.date.value);
    let current_until = latest.map(|a| {
        a.review
            .unwrap_or_else(|| Period::years(1))
            .after(a.date.value)
    });
    let current = latest.is_some_and(|a| a.date.value <= date) && current_until > Some(date);
    ImpactState {
        required,
        kind,
        latest: latest.map(|a| a.date.value),
        current_until,
        missing: required.is_some() && !current,
    }
}

/// Every risk of the register, assessed as of `date` against the workspace's appetite.
pub fn assess_risks(
    ws: &Workspace,
    controls: &[ControlAssessment],
    date: Date,
) -> Vec<RiskAssessment> {
    let appetite = ws.config.risk.appetite;
    ws.risks()
        .map(|(file, risk): (_, &Risk)| {
            let residual = risk.current();
            RiskAssessment {
                id: risk.id.value.clone(),
                title: risk.title.clone(),
                file: file.to_path_buf(),
                category: risk.category.value,
                systems: risk.systems.iter().map(|s| s.value.clone()).collect(),
                inherent: risk.inherent.value,
                inherent_score: risk.inherent.value.score(),
                residual,
                residual_score: residual.score(),
                treatment: risk.treatment.as_ref().map(|t| t.value),
                controls: control_refs(risk.controls.iter().map(|c| &c.value), controls),
                owner: risk.owner.as_ref().map(|o| o.value.clone()),
                acceptance: risk.acceptance.as_ref().map(|a| AcceptanceState {
                    by: a.value.by.clone(),
                    on: a.value.on.value,
                    until: a.value.until.value,
                    expired: a.value.until.value < date,
                }),
                above_appetite: residual.score() > appetite,
            }
        })
        .collect()
}
