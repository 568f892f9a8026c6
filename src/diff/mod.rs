//! What changed between two states of a compliance programme: `evidence diff OLD NEW`.
//!
//! Both sides are assessed as of the same date and the diff compares the two assessments
//! ([`crate::assessment::Assessment`]) and the two loaded workspaces; it never judges a verdict or a coverage status
//! itself. It reports, sub-processors first (customers are owed notice before a new one starts):
//! - sub-processors added, removed or changed (trust page);
//! - controls added, removed, re-owned, or whose declared status or verdict changed;
//! - requirements whose coverage status changed, per framework in scope;
//! - scope decisions added, removed, or whose applicability or justification changed;
//! - evidence added, removed, re-collected (collected date changed) or whose SHA-256 changed;
//! - roadmap items added, removed or changed, and other trust-page sections changed.
//!
//! A bundle carries evidence hashes and dates but is not assessed here, so a side that is a bundle
//! contributes only its evidence ([`Side::evidence`]); everything else is compared only when both
//! sides are workspaces.
//!
//! - [`compare`]: the comparison of each part, one function each;
//! - [`sources`]: turning OLD and NEW (a directory, a bundle, a git revision) into a [`Side`];
//! - [`render`]: the diff as text, Markdown (a pull-request comment) and JSON.

mod compare;
pub mod render;
pub mod sources;

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::{EvidenceState, Verdict};
use crate::coverage::CoverageStatus;
use crate::model::ControlStatus;
use crate::model::trustpage::Subprocessor;

pub use sources::{Side, SideKind, resolve};

use compare::{
    control_changes, evidence_changes, framework_changes, roadmap_changes, scope_changes,
    subprocessor_changes, trust_section_changes,
};

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

impl<T: PartialEq> Change<T> {
    /// `Some` only when the value changed.
    fn of(old: T, new: T) -> Option<Self> {
        (old != new).then_some(Self { old, new })
    }
}

/// Whether something appeared, disappeared or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }

    fn of<T>(old: &Option<T>, new: &Option<T>) -> Self {
        match (old, new) {
            (None, Some(_)) => Self::Added,
            (Some(_), None) => Self::Removed,
            _ => Self::Changed,
        }
    }
}

/// Everything that changed from OLD to NEW.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old: SideSummary,
    pub new: SideSummary,
    /// Both sides were assessed as of this day.
    pub date: Date,
    /// Whether coverage or a verdict got worse (what `--fail-on regression` fails on).
    pub regression: bool,
    pub subprocessors: Vec<SubprocessorChange>,
    pub controls: Vec<ControlChange>,
    pub frameworks: Vec<FrameworkChange>,
    pub scope: Vec<ScopeChange>,
    pub evidence: Vec<EvidenceChange>,
    pub roadmap: Vec<RoadmapChange>,
    pub trust: Vec<TrustSectionChange>,
    /// What could not be compared, and why (a bundle is not assessed, say).
    pub notes: Vec<String>,
}

/// Which state a side of the diff is.
#[derive(Debug, Clone, Serialize)]
pub struct SideSummary {
    /// As the user gave it (`HEAD~1`, a directory, a bundle).
    pub label: String,
    pub kind: SideKind,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubprocessorChange {
    pub name: String,
    pub change: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Subprocessor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Subprocessor>,
    /// The notice period customers are owed (`change_notice_days` of NEW, else of OLD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlChange {
    pub id: String,
    pub change: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Change<Option<ControlStatus>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Change<Option<Verdict>>>,
    /// The verdict got worse (a control that stays, and is less done than before).
    pub regression: bool,
}

/// The requirements of one framework whose coverage status changed.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkChange {
    pub framework: String,
    pub name: String,
    /// Added to or removed from `[scope] frameworks`; `changed` when in scope on both sides.
    pub change: Kind,
    pub requirements: Vec<RequirementChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementChange {
    pub id: String,
    pub title: String,
    pub status: Change<Option<CoverageStatus>>,
    /// Coverage got worse (see [`coverage_rank`]).
    pub regression: bool,
}

/// A scope decision as the diff shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionView {
    pub applicable: bool,
    pub justification: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeChange {
    pub framework: String,
    pub requirement: String,
    pub change: Kind,
    pub decision: Change<Option<DecisionView>>,
}

/// One evidence file as the diff compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceView {
    /// What the assessment found; `None` for a bundle, which is not assessed.
    pub state: Option<EvidenceState>,
    pub collected: Option<Date>,
    /// Lowercase hex SHA-256; `None` when the file is absent or not a regular file.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceChange {
    /// Relative to the workspace root, `/`-separated.
    pub path: String,
    pub change: Kind,
    /// Same path, collected date changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recollected: Option<Change<Option<Date>>>,
    /// Same path, different bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<Change<Option<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Change<Option<EvidenceState>>>,
}

/// A roadmap item as the diff shows it: its declared status, target, and whether its claim holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoadmapView {
    pub status: String,
    pub target: Option<String>,
    /// Whether the assessment supports what the item claims (`None`: it claims no catalog).
    pub claim_holds: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapChange {
    pub item: String,
    pub change: Kind,
    pub roadmap: Change<Option<RoadmapView>>,
}

/// A trust-page section (other than sub-processors and the roadmap) that changed.
#[derive(Debug, Clone, Serialize)]
pub struct TrustSectionChange {
    pub section: String,
    pub change: Kind,
}

impl Diff {
    /// Compare OLD and NEW, both assessed as of `date`.
    pub fn new(old: &Side, new: &Side, date: Date) -> Self {
        let mut diff = Self {
            old: old.summary(),
            new: new.summary(),
            date,
            regression: false,
            subprocessors: Vec::new(),
            controls: Vec::new(),
            frameworks: Vec::new(),
            scope: Vec::new(),
            evidence: evidence_changes(&old.evidence, &new.evidence),
            roadmap: Vec::new(),
            trust: Vec::new(),
            notes: Vec::new(),
        };
        match (&old.assessed, &new.assessed) {
            (Some((ows, oa)), Some((nws, na))) => {
                diff.subprocessors = subprocessor_changes(ows, nws);
                diff.controls = control_changes(oa, na);
                diff.frameworks = framework_changes(oa, na);
                diff.scope = scope_changes(ows, nws);
                diff.roadmap = roadmap_changes(oa, na);
                diff.trust = trust_section_changes(ows, nws);
            }
            _ => diff.notes.push(
                "a bundle is compared by its evidence files only (paths, collected dates, \
                 SHA-256), read from its manifest without verifying signatures (`evidence bundle \
                 verify` does that); controls, coverage, scope and the trust page are compared \
                 between two workspaces or git revisions"
                    .to_string(),
            ),
        }
        diff.regression = diff.controls.iter().any(|c| c.regression)
            || diff
                .frameworks
                .iter()
                .flat_map(|f| &f.requirements)
                .any(|r| r.regression);
        diff
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.subprocessors.is_empty()
            && self.controls.is_empty()
            && self.frameworks.is_empty()
            && self.scope.is_empty()
            && self.evidence.is_empty()
            && self.roadmap.is_empty()
            && self.trust.is_empty()
    }

    /// The number of requirement status changes over all frameworks.
    pub fn requirement_changes(&self) -> usize {
        self.frameworks.iter().map(|f| f.requirements.len()).sum()
    }
}

/// How well an applicable requirement is covered, best last. `None` for excluded and
/// not-applicable requirements: leaving or entering scope is a scope decision (reported under
/// scope), not a change of coverage.
pub fn coverage_rank(status: CoverageStatus) -> Option<u8> {
    match status {
        CoverageStatus::Gap => Some(0),
        CoverageStatus::Partial => Some(1),
        CoverageStatus::Unverified => Some(2),
        CoverageStatus::Covered => Some(3),
        CoverageStatus::Excluded | CoverageStatus::NotApplicable => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_gets_worse_only_within_scope() {
        let rank = |s| coverage_rank(s);
        assert!(rank(CoverageStatus::Partial) < rank(CoverageStatus::Covered));
        assert!(rank(CoverageStatus::Gap) < rank(CoverageStatus::Unverified));
        assert_eq!(rank(CoverageStatus::Excluded), None);
        assert_eq!(rank(CoverageStatus::NotApplicable), None);
    }
}
