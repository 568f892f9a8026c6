//! Requirement-by-requirement coverage of a framework: which controls serve each in-scope
//! requirement, which are excluded and why, and which are gaps.
//!
//! Coverage reads the controls' verdicts from the assessment ([`crate::assessment`]) and rolls
//! them up with [`Verdict::roll_up`]: a requirement is `covered` only when every control serving
//! it is verified.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::{ControlAssessment, Verdict};
use crate::catalog::{LoadedCatalog, Requirement};
use crate::model::system::{AiSystem, RiskClass, SystemRole};
use crate::model::{ControlStatus, Decision};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageStatus {
    /// Every control serving it is verified: implemented, with fresh evidence.
    Covered,
    /// Every control serving it is declared implemented, but not every one is verified.
    Unverified,
    /// Some control serving it is not implemented yet (partial, planned, overdue or not
    /// implemented).
    Partial,
    /// In scope, no control, no exclusion.
    Gap,
    /// Excluded by a scope decision.
    Excluded,
    /// Does not apply: informative text, a role the organisation does not hold, or not yet in force.
    NotApplicable,
}

impl CoverageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Covered => "covered",
            Self::Unverified => "unverified",
            Self::Partial => "partial",
            Self::Gap => "gap",
            Self::Excluded => "excluded",
            Self::NotApplicable => "not-applicable",
        }
    }
}

/// A control as coverage reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub status: ControlStatus,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementCoverage {
    pub id: String,
    pub title: String,
    pub status: CoverageStatus,
    /// The roll-up of the serving controls' verdicts; `None` when excluded, not applicable or
    /// served by no control.
    pub verdict: Option<Verdict>,
    /// Why it is excluded or not applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub controls: Vec<ControlRef>,
    /// The AI systems of the register (`systems/`) an applicable EU AI Act requirement applies
    /// through.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<String>,
    /// For gaps and partial coverage: controls that serve a crosswalk-related requirement of
    /// another in-scope framework. A hint for reuse, never counted as coverage.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedControl>,
}

/// A control that serves a requirement linked to this one by a crosswalk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedControl {
    pub control: String,
    pub framework: String,
    pub requirement: String,
    pub relationship: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageSummary {
    pub total: usize,
    pub covered: usize,
    pub unverified: usize,
    pub partial: usize,
    pub gap: usize,
    pub excluded: usize,
    pub not_applicable: usize,
}

impl CoverageSummary {
    fn count(&mut self, status: CoverageStatus) {
        self.total += 1;
        match status {
            CoverageStatus::Covered => self.covered += 1,
            CoverageStatus::Unverified => self.unverified += 1,
            CoverageStatus::Partial => self.partial += 1,
            CoverageStatus::Gap => self.gap += 1,
            CoverageStatus::Excluded => self.excluded += 1,
            CoverageStatus::NotApplicable => self.not_applicable += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkCoverage {
    pub framework: String,
    pub name: String,
    pub version: String,
    pub requirements: Vec<RequirementCoverage>,
    pub summary: CoverageSummary,
}

/// Controls (by index in [`Workspace::controls`]) and decisions indexed by (framework,
/// requirement), built once per workspace.
#[derive(Debug, Default)]
pub struct MatrixIndex<'a> {
    /// framework → requirement → controls
    controls: HashMap<&'a str, HashMap<&'a str, Vec<usize>>>,
    /// framework → requirement → decision
    decisions: HashMap<&'a str, HashMap<&'a str, &'a Decision>>,
}

impl<'a> MatrixIndex<'a> {
    pub fn new(ws: &'a Workspace) -> Self {
        let mut index = Self::default();
        for (i, control) in ws.controls().enumerate() {
            for mapping in &control.mappings {
                for req in &mapping.requirements {
                    let list = index
                        .controls
                        .entry(mapping.framework.value.as_str())
                        .or_default()
                        .entry(req.value.as_str())
                        .or_default();
                    // A control's mappings are indexed together, so a requirement it lists twice
                    // would be the last entry: no need to scan the whole list.
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        for loaded in &ws.scope {
            let framework = loaded.scope.framework.value.as_str();
            for decision in &loaded.scope.decisions {
                // First decision wins; duplicates are reported by `check`.
                index
                    .decisions
                    .entry(framework)
                    .or_default()
                    .entry(decision.requirement.value.as_str())
                    .or_insert(decision);
            }
        }
        index
    }

    pub fn controls_for(&self, framework: &str, requirement: &str) -> &[usize] {
        self.controls
            .get(framework)
            .and_then(|reqs| reqs.get(requirement))
            .map_or(&[], Vec::as_slice)
    }

    pub fn decision_for(&self, framework: &str, requirement: &str) -> Option<&'a Decision> {
        self.decisions
            .get(framework)
            .and_then(|reqs| reqs.get(requirement))
            .copied()
    }
}

/// Coverage of one framework as of `today`, from the controls' verdicts (`controls` is
/// index-aligned with [`Workspace::controls`]).
pub fn framework_coverage(
    ws: &Workspace,
    index: &MatrixIndex<'_>,
    controls: &[ControlAssessment],
    catalog: &LoadedCatalog,
    today: Date,
) -> FrameworkCoverage {
    let register = (catalog.id() == EU_AI_ACT && ws.has_register())
        .then(|| ws.systems().map(|(_, s)| s).collect::<Vec<_>>());
    let held_roles: Vec<&str> = ws
        .config
        .roles_for(catalog.id())
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    let mut summary = CoverageSummary::default();
    let requirements = catalog
        .requirements()
        .iter()
        .filter(|r| !r.group)
        .map(|req| {
            let applies = match &register {
                Some(systems) => applicability_in_register(req, systems, today),
                None => match not_applicable_reason(req, &held_roles, today) {
                    Some(reason) => Applicability::NotApplicable(reason),
                    None => Applicability::Applies(Vec::new()),
                },
            };
            let mut row = requirement_coverage(ws, index, controls, catalog, req, applies);
            if matches!(row.status, CoverageStatus::Gap | CoverageStatus::Partial) {
                row.related = related_controls(ws, index, catalog.id(), &req.id);
            }
            summary.count(row.status);
            row
        })
        .collect();
    FrameworkCoverage {
        framework: catalog.id().to_string(),
        name: catalog.catalog.name.clone(),
        version: catalog.catalog.version.clone(),
        requirements,
        summary,
    }
}

fn requirement_coverage(
    ws: &Workspace,
    index: &MatrixIndex<'_>,
    assessed: &[ControlAssessment],
    catalog: &LoadedCatalog,
    req: &Requirement,
    applies: Applicability,
) -> RequirementCoverage {
    let controls: Vec<ControlRef> = index
        .controls_for(catalog.id(), &req.id)
        .iter()
        .map(|&i| {
            let c = &ws.controls[i].control;
            ControlRef {
                id: c.id.value.clone(),
                title: c.title.clone(),
                owner: c.owner.as_ref().map(|o| o.value.clone()),
                status: c.status.value,
                verdict: assessed[i].verdict,
            }
        })
        .collect();
    let (systems, not_applicable) = match applies {
        Applicability::Applies(systems) => (systems, None),
        Applicability::NotApplicable(reason) => (Vec::new(), Some(reason)),
    };
    let (status, reason) = match not_applicable {
        Some(reason) => (CoverageStatus::NotApplicable, Some(reason)),
        None => match index.decision_for(catalog.id(), &req.id) {
            Some(d) if !d.applicable.value => (
                CoverageStatus::Excluded,
                d.justification.as_ref().map(|j| j.value.clone()),
            ),
            _ => (status_from_controls(&controls), None),
        },
    };
    let systems = if status == CoverageStatus::Excluded {
        Vec::new()
    } else {
        systems
    };
    let verdict = match status {
        CoverageStatus::Excluded | CoverageStatus::NotApplicable => None,
        _ => Verdict::roll_up(controls.iter().map(|c| c.verdict)),
    };
    RequirementCoverage {
        id: req.id.value.clone(),
        title: req.title.clone(),
        status,
        verdict,
        reason,
        controls,
        systems,
        related: Vec::new(),
    }
}

/// Controls mapped to requirements of other in-scope frameworks that a crosswalk links to
/// `(framework, requirement)`, in crosswalk order, without repeats.
pub fn related_controls(
    ws: &Workspace,
    index: &MatrixIndex<'_>,
    framework: &str,
    requirement: &str,
) -> Vec<RelatedControl> {
    let mut out: Vec<RelatedControl> = Vec::new();
    for related in ws.catalogs.related(framework, requirement) {
        if !ws.config.in_scope(related.framework) {
            continue;
        }
        for &i in index.controls_for(related.framework, related.requirement) {
            let entry = RelatedControl {
                control: ws.controls[i].control.id.value.clone(),
                framework: related.framework.to_string(),
                requirement: related.requirement.to_string(),
                relationship: related.relationship.as_str(),
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// The coverage status from the roll-up of the serving controls' verdicts.
pub fn status_from_controls(controls: &[ControlRef]) -> CoverageStatus {
    match Verdict::roll_up(controls.iter().map(|c| c.verdict)) {
        None => CoverageStatus::Gap,
        Some(Verdict::Verified) => CoverageStatus::Covered,
        Some(Verdict::Unverified) => CoverageStatus::Unverified,
        Some(_) => CoverageStatus::Partial,
    }
}

/// Why a requirement does not apply to this organisation today, if it does not.
pub fn not_applicable_reason(
    req: &Requirement,
    held_roles: &[&str],
    today: Date,
) -> Option<String> {
    if req.is_informative() {
        return Some("informative: places no obligation on the organisation".into());
    }
    if !held_roles.is_empty() && !req.roles.is_empty() {
        let binds: Vec<&str> = req.roles.iter().map(|r| r.value.as_str()).collect();
        if !binds.iter().any(|r| held_roles.contains(r)) {
            return Some(format!(
                "binds {}; the organisation holds {}",
                binds.join(", "),
                held_roles.join(", ")
            ));
        }
    }
    not_in_force_reason(req, today)
}

/// Why a requirement is not in force on `today`, if it is not.
fn not_in_force_reason(req: &Requirement, today: Date) -> Option<String> {
    match req.applies_from_as_of(today) {
        crate::catalog::AppliesAsOf::From(Some(from)) if from > today => {
            Some(format!("applies from {from}"))
        }
        crate::catalog::AppliesAsOf::NotYetInserted {
            amendment,
            in_force,
        } => Some(format!(
            "inserted by amendment {amendment}, in force from {in_force}"
        )),
        _ => None,
    }
}

/// The catalog whose applicability the AI-system register decides.
pub const EU_AI_ACT: &str = "eu-ai-act";

/// Whether a requirement applies, and through which AI systems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applicability {
    /// It applies (through these systems of the register, when there is one).
    Applies(Vec<String>),
    /// It does not, for this reason.
    NotApplicable(String),
}

/// The kind of system an EU AI Act requirement binds, read from its catalog tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binds {
    /// Art. 51-55 with systemic risk: a general-purpose AI model with systemic risk.
    GpaiSystemic,
    /// Art. 53-56: a general-purpose AI model.
    Gpai,
    /// Art. 6-49, 72-73, …: a high-risk system (or, with `gpai` too, a GPAI model).
    HighRisk { or_gpai: bool },
    /// Art. 50: a system with transparency duties.
    Transparency,
    /// Art. 4, Art. 5, …: any AI system.
    Any,
}

impl Binds {
    fn of(req: &Requirement) -> Self {
        let has = |tag: &str| req.tags.iter().any(|t| t == tag);
        if has("high-risk") {
            Self::HighRisk {
                or_gpai: has("gpai"),
            }
        } else if has("gpai-systemic-risk") {
            Self::GpaiSystemic
        } else if has("gpai") {
            Self::Gpai
        } else if has("transparency") {
            Self::Transparency
        } else {
            Self::Any
        }
    }

    fn matches(self, system: &AiSystem) -> bool {
        let class = system.risk_class.value;
        match self {
            Self::GpaiSystemic => class == RiskClass::GpaiSystemic,
            Self::Gpai => class.is_gpai(),
            Self::HighRisk { or_gpai } => {
                class == RiskClass::HighRisk || (or_gpai && class.is_gpai())
            }
            Self::Transparency => system.has_transparency_duties(),
            Self::Any => true,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Self::GpaiSystemic => "general-purpose AI model with systemic risk",
            Self::Gpai => "general-purpose AI model",
            Self::HighRisk { or_gpai: false } => "high-risk system",
            Self::HighRisk { or_gpai: true } => "high-risk system or general-purpose AI model",
            Self::Transparency => "system with Art. 50 transparency duties",
            Self::Any => "AI system",
        }
    }
}

/// The system roles a catalog role of the EU AI Act names (`gpai-provider` is the provider of a
/// general-purpose AI model).
fn system_role(catalog_role: &str) -> Option<SystemRole> {
    match catalog_role {
        "gpai-provider" => Some(SystemRole::Provider),
        other => SystemRole::from_catalog_role(other),
    }
}

/// Whether an EU AI Act requirement applies on `today` under the AI-system register: some system
/// in development or in service is of a class it binds and held in a role it binds, and the
/// requirement is in force. The reason for a requirement that does not apply is given in the
/// register's terms ("no high-risk system provided").
pub fn applicability_in_register(
    req: &Requirement,
    systems: &[&AiSystem],
    today: Date,
) -> Applicability {
    if req.is_informative() {
        return Applicability::NotApplicable(
            "informative: places no obligation on the organisation".into(),
        );
    }
    let binds = Binds::of(req);
    let mut roles: Vec<SystemRole> = req
        .roles
        .iter()
        .filter_map(|r| system_role(&r.value))
        .collect();
    if req.roles.is_empty() {
        roles = SystemRole::ALL.to_vec();
    }
    roles.dedup();
    let through: Vec<String> = systems
        .iter()
        .filter(|s| s.is_active() && binds.matches(s))
        .filter(|s| s.roles.iter().any(|r| roles.contains(&r.value)))
        .map(|s| s.id.value.clone())
        .collect();
    if through.is_empty() {
        let participles: Vec<&str> = roles.iter().map(|r| r.participle()).collect();
        let how = match participles.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        };
        return Applicability::NotApplicable(format!("no {} {how}", binds.noun()));
    }
    match not_in_force_reason(req, today) {
        Some(reason) => {
            Applicability::NotApplicable(format!("{reason} (through {})", through.join(", ")))
        }
        None => Applicability::Applies(through),
    }
}

/// Coverage as CSV, one row per requirement of every framework given. Cells that a spreadsheet
/// would run as a formula (a title or owner starting with `=`, `+`, `-`, `@`) are neutralised,
/// as in every CSV `evidence` writes.
pub fn to_csv(reports: &[FrameworkCoverage]) -> Result<String, csv::Error> {
    let header = [
        "framework",
        "requirement",
        "title",
        "status",
        "controls",
        "owners",
        "reason",
    ];
    let rows: Vec<Vec<String>> = reports
        .iter()
        .flat_map(|report| {
            report.requirements.iter().map(move |r| {
                let controls: Vec<&str> = r.controls.iter().map(|c| c.id.as_str()).collect();
                let owners = r.owners();
                vec![
                    report.framework.clone(),
                    r.id.clone(),
                    r.title.clone(),
                    r.status.as_str().to_string(),
                    controls.join("; "),
                    owners.join("; "),
                    r.reason.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    crate::cell::csv_table(&header, &rows)
}

impl RequirementCoverage {
    /// The owners of the controls serving the requirement, sorted, each once.
    pub fn owners(&self) -> Vec<&str> {
        distinct_owners(self.controls.iter().map(|c| c.owner.as_deref()))
    }
}

/// Each owner once, sorted: how reports list the owners of several controls.
pub fn distinct_owners<'a>(owners: impl IntoIterator<Item = Option<&'a str>>) -> Vec<&'a str> {
    let mut owners: Vec<&str> = owners.into_iter().flatten().collect();
    owners.sort_unstable();
    owners.dedup();
    owners
}

#[cfg(test)]
mod tests;
