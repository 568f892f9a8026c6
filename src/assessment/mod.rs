//! The assessment: the one evaluation of a workspace as of a date, read by every output.
//!
//! `evidence check`, `status`, `coverage`, the Statement of Applicability, the trust pack, the
//! questionnaire answers and `bundle create` all read an [`Assessment`]; none of them judges
//! freshness, status or coverage on its own, so they cannot disagree. Severity overrides in
//! `evidence.toml` `[rules]` change how loudly `check` reports a finding, never the assessment.
//!
//! The verdicts ([`Verdict`]), defined once:
//! - `verified`: declared implemented, names at least one evidence item, and every item is
//!   fresh (present, a regular file inside the workspace, dated, not in the future, younger than
//!   its max age);
//! - `unverified`: declared implemented, but some evidence is not fresh, or it names none;
//! - `partial` / `planned`: declared so, target date not passed;
//! - `overdue`: planned or partial past its target date;
//! - `not-implemented`: declared so.
//!
//! The roll-up rule ([`Verdict::roll_up`]): a requirement served by several controls is as done
//! as the least done of them; it is `covered` only when every one is verified.
//!
//! - [`evidence`]: the state of each evidence item; [`dating`]: collected dates (declared, the
//!   last git commit, or the modification time, in that order); `occurrences`: recurring
//!   evidence and the windows of the audit period it covers;
//! - [`verdict`]: verdicts and the roll-up; [`claims`]: roadmap targets and framework claims;
//! - [`status`]: the assessment as `evidence status` shows it.

pub mod claims;
pub mod dating;
pub mod evidence;
#[cfg(test)]
pub(crate) mod fixture;
mod occurrences;
pub mod register;
pub mod status;
pub mod verdict;

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

pub use claims::{Claim, RoadmapAssessment};
pub use dating::CollectedFrom;
pub use evidence::{
    EvidenceId, EvidenceItem, EvidenceState, Logged, Occurrence, WindowCoverage, WindowStatus,
};
pub use register::{RiskAssessment, SystemAssessment};
pub use verdict::{Verdict, VerdictCounts};

use crate::catalog::LoadedCatalog;
use crate::coverage::{FrameworkCoverage, MatrixIndex, framework_coverage};
use crate::model::{AuditPeriod, ControlStatus};
use crate::workspace::Workspace;

/// The workspace evaluated as of one date.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The date everything was judged as of (`--now`, or today).
    pub date: Date,
    /// The audit period recurring evidence was checked over, if any.
    pub period: Option<AuditPeriod>,
    /// One per control, in the order of [`Workspace::controls`].
    pub controls: Vec<ControlAssessment>,
    /// Coverage of each known catalog in scope, in `[scope] frameworks` order.
    pub frameworks: Vec<FrameworkCoverage>,
    /// The trust page's roadmap items, in file order.
    pub roadmap: Vec<RoadmapAssessment>,
    /// The AI-system register (`systems/`), in file order.
    pub systems: Vec<SystemAssessment>,
    /// The risk register (`risks/`), in file order.
    pub risks: Vec<RiskAssessment>,
    by_id: HashMap<String, usize>,
}

/// One control, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct ControlAssessment {
    pub id: String,
    /// The file it is declared in, relative to the workspace.
    #[serde(skip)]
    pub file: PathBuf,
    /// What the control file declares.
    pub status: ControlStatus,
    pub verdict: Verdict,
    pub owner: Option<String>,
    pub target: Option<Date>,
    pub evidence: Vec<EvidenceItem>,
}

impl ControlAssessment {
    /// The oldest collected date of a verified control's evidence: what "verified on" can
    /// honestly mean.
    pub fn verified_on(&self) -> Option<Date> {
        if self.verdict != Verdict::Verified {
            return None;
        }
        self.evidence.iter().filter_map(|e| e.collected).min()
    }

    /// The first day on which some evidence item of the control is stale.
    pub fn next_stale(&self) -> Option<Date> {
        self.evidence.iter().filter_map(|e| e.stale_on).min()
    }

    /// Why an implemented control is not verified, in words for the user.
    pub fn why_unverified(&self) -> Option<String> {
        if self.verdict != Verdict::Unverified {
            return None;
        }
        if let Some(e) = self.evidence.iter().find(|e| !e.is_fresh()) {
            return Some(if e.confidential {
                format!("confidential evidence {}", e.state.describe())
            } else {
                format!("evidence `{}` {}", e.path, e.state.describe())
            });
        }
        let missed = self
            .evidence
            .iter()
            .find_map(|e| e.missed_windows().next().map(|w| (e, w)));
        Some(match missed {
            Some((e, w)) => format!(
                "evidence `{}` has no occurrence in {} of the audit period",
                e.path, w.window.label
            ),
            None => "it names no evidence".to_string(),
        })
    }
}

impl Assessment {
    /// Assess `ws` as of `date`, over the audit period of its evidence.toml if it sets one.
    pub fn new(ws: &Workspace, date: Date) -> Self {
        Self::over(ws, date, ws.config.audit_period)
    }

    /// Assess `ws` as of `date`; with an audit period, every cadence window of a recurring
    /// control's evidence in it must hold an occurrence.
    pub fn over(ws: &Workspace, date: Date, period: Option<AuditPeriod>) -> Self {
        let controls = assess_controls(ws, date, period.as_ref());
        let index = MatrixIndex::new(ws);
        let frameworks: Vec<FrameworkCoverage> = ws
            .config
            .frameworks
            .iter()
            .filter_map(|id| ws.catalogs.get(id))
            .map(|catalog| framework_coverage(ws, &index, &controls, catalog, date))
            .collect();
        let roadmap = ws
            .trust
            .iter()
            .flat_map(|loaded| {
                let frameworks = &frameworks;
                loaded.value.roadmap.iter().map(move |item| {
                    claims::assess_roadmap_item(loaded.file.clone(), item, date, |catalog| {
                        frameworks.iter().find(|f| f.framework == catalog)
                    })
                })
            })
            .collect();
        let systems = register::assess_systems(ws, &controls, &frameworks, date);
        let risks = register::assess_risks(ws, &controls, date);
        let mut by_id = HashMap::new();
        for (i, c) in controls.iter().enumerate() {
            // Duplicate IDs are a check error; the first one written stands.
            by_id.entry(c.id.clone()).or_insert(i);
        }
        Self {
            date,
            period,
            controls,
            frameworks,
            roadmap,
            systems,
            risks,
            by_id,
        }
    }

    /// The risks of the register that this control treats, in register order.
    pub fn risks_treated_by<'a>(
        &'a self,
        control: &'a str,
    ) -> impl Iterator<Item = &'a RiskAssessment> + 'a {
        self.risks.iter().filter(move |r| r.treats_with(control))
    }

    /// The control with this ID (the first, if the ID is duplicated).
    pub fn control(&self, id: &str) -> Option<&ControlAssessment> {
        self.by_id.get(id).map(|&i| &self.controls[i])
    }

    /// The index in [`Workspace::controls`] of the control with this ID.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn verdict_of(&self, id: &str) -> Option<Verdict> {
        self.control(id).map(|c| c.verdict)
    }

    pub fn evidence(&self, id: EvidenceId) -> &EvidenceItem {
        &self.controls[id.control].evidence[id.source]
    }

    /// Coverage of any catalog: the stored one when it is in scope, else computed the same way.
    pub fn coverage(&self, ws: &Workspace, catalog: &LoadedCatalog) -> FrameworkCoverage {
        match self.frameworks.iter().find(|f| f.framework == catalog.id()) {
            Some(f) => f.clone(),
            None => {
                let index = MatrixIndex::new(ws);
                framework_coverage(ws, &index, &self.controls, catalog, self.date)
            }
        }
    }

    /// How many controls have each verdict.
    pub fn verdict_counts(&self) -> Vec<(Verdict, usize)> {
        Verdict::ALL
            .iter()
            .map(|&v| (v, self.controls.iter().filter(|c| c.verdict == v).count()))
            .collect()
    }

    /// Whether any control is verified: a trust page with none would prove nothing.
    pub fn has_verified_control(&self) -> bool {
        self.controls.iter().any(|c| c.verdict == Verdict::Verified)
    }
}

/// Every control's evidence and verdict, on every core. Git history is read once, and only when
/// some evidence does not declare its collected date.
fn assess_controls(
    ws: &Workspace,
    date: Date,
    period: Option<&AuditPeriod>,
) -> Vec<ControlAssessment> {
    use rayon::prelude::*;
    let needs_history = ws.controls().any(|c| {
        c.evidence
            .iter()
            .any(|e| e.collected.is_none() || e.cadence.is_some())
    });
    let history = if needs_history {
        dating::History::read(&ws.root, &ws.config.evidence_root)
    } else {
        dating::History::default()
    };
    let dating = evidence::Dating {
        history: &history,
        log: &ws.log,
    };
    ws.controls
        .par_iter()
        .enumerate()
        .map(|(i, loaded)| {
            let control = &loaded.control;
            let evidence: Vec<EvidenceItem> = control
                .evidence
                .iter()
                .enumerate()
                .map(|(s, source)| {
                    let id = EvidenceId {
                        control: i,
                        source: s,
                    };
                    evidence::assess(ws, &dating, id, source, date, period)
                })
                .collect();
            let target = control.target.as_ref().map(|t| t.value);
            let proves = !evidence.is_empty() && evidence.iter().all(EvidenceItem::proves);
            let target_passed = target.is_some_and(|t| t < date);
            ControlAssessment {
                id: control.id.value.clone(),
                file: loaded.file.clone(),
                status: control.status.value,
                verdict: Verdict::of(control.status.value, target_passed, proves),
                owner: control
                    .owner
                    .as_ref()
                    .map(|o| o.value.trim().to_string())
                    .filter(|o| !o.is_empty()),
                target,
                evidence,
            }
        })
        .collect()
}
