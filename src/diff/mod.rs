//! What changed between two states of a compliance programme: `evidence diff OLD NEW`.
//!
//! Both sides are assessed as of the same date and the diff compares the two assessments
//! ([`Assessment`]) and the two loaded workspaces; it never judges a verdict or a coverage status
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
//! - [`sources`]: turning OLD and NEW (a directory, a bundle, a git revision) into a [`Side`];
//! - [`render`]: the diff as text, Markdown (a pull-request comment) and JSON.

pub mod render;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::{Assessment, EvidenceState, Verdict};
use crate::coverage::Status;
use crate::model::ControlStatus;
use crate::model::trust::{Subprocessor, TrustFile};
use crate::workspace::Workspace;

pub use sources::{Side, SideKind, resolve};

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
    pub status: Change<Option<Status>>,
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
pub fn coverage_rank(status: Status) -> Option<u8> {
    match status {
        Status::Gap => Some(0),
        Status::Partial => Some(1),
        Status::Unverified => Some(2),
        Status::Covered => Some(3),
        Status::Excluded | Status::NotApplicable => None,
    }
}

fn subprocessor_changes(old: &Workspace, new: &Workspace) -> Vec<SubprocessorChange> {
    let (old_list, old_days) = subprocessors(old);
    let (new_list, new_days) = subprocessors(new);
    let notice_days = new_days.or(old_days);
    let names: BTreeSet<&String> = old_list.keys().chain(new_list.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let o = old_list.get(name).cloned();
            let n = new_list.get(name).cloned();
            let same = match (&o, &n) {
                (Some(a), Some(b)) => to_json(a) == to_json(b),
                _ => false,
            };
            (!same).then(|| SubprocessorChange {
                name: name.clone(),
                change: Kind::of(&o, &n),
                old: o,
                new: n,
                notice_days,
            })
        })
        .collect()
}

/// The sub-processors by name, and the notice period.
fn subprocessors(ws: &Workspace) -> (BTreeMap<String, Subprocessor>, Option<u32>) {
    let mut list = BTreeMap::new();
    let mut days = None;
    for section in ws
        .trust
        .iter()
        .filter_map(|t| t.value.subprocessors.as_ref())
    {
        days = days.or(section.value.change_notice_days);
        for entry in &section.value.entries {
            let entry = &entry.value;
            list.entry(entry.name.trim().to_string())
                .or_insert_with(|| entry.clone());
        }
    }
    (list, days)
}

fn control_changes(oa: &Assessment, na: &Assessment) -> Vec<ControlChange> {
    let ids = ordered_union(
        oa.controls.iter().map(|c| c.id.as_str()),
        na.controls.iter().map(|c| c.id.as_str()),
    );
    ids.into_iter()
        .filter_map(|id| {
            let o = oa.control(id);
            let n = na.control(id);
            let owner = Change::of(
                o.and_then(|c| c.owner.clone()),
                n.and_then(|c| c.owner.clone()),
            );
            let status = Change::of(o.map(|c| c.status), n.map(|c| c.status));
            let verdict = Change::of(o.map(|c| c.verdict), n.map(|c| c.verdict));
            if owner.is_none() && status.is_none() && verdict.is_none() {
                return None;
            }
            let regression =
                matches!(&verdict, Some(Change { old: Some(a), new: Some(b) }) if b < a);
            Some(ControlChange {
                id: id.to_string(),
                change: Kind::of(&o, &n),
                owner,
                status,
                verdict,
                regression,
            })
        })
        .collect()
}

fn framework_changes(oa: &Assessment, na: &Assessment) -> Vec<FrameworkChange> {
    let ids = ordered_union(
        oa.frameworks.iter().map(|f| f.framework.as_str()),
        na.frameworks.iter().map(|f| f.framework.as_str()),
    );
    ids.into_iter()
        .filter_map(|id| {
            let o = oa.frameworks.iter().find(|f| f.framework == id);
            let n = na.frameworks.iter().find(|f| f.framework == id);
            let either = n.or(o)?;
            let status_in = |f: Option<&crate::coverage::FrameworkCoverage>, req: &str| {
                f.and_then(|f| f.requirements.iter().find(|r| r.id == req))
                    .map(|r| r.status)
            };
            let reqs = ordered_union(
                o.into_iter()
                    .flat_map(|f| f.requirements.iter().map(|r| r.id.as_str())),
                n.into_iter()
                    .flat_map(|f| f.requirements.iter().map(|r| r.id.as_str())),
            );
            let requirements: Vec<RequirementChange> = reqs
                .into_iter()
                .filter_map(|req| {
                    let status = Change::of(status_in(o, req), status_in(n, req))?;
                    let title = [n, o]
                        .into_iter()
                        .flatten()
                        .find_map(|f| f.requirements.iter().find(|r| r.id == req))
                        .map(|r| r.title.clone())
                        .unwrap_or_default();
                    let regression = match (
                        status.old.and_then(coverage_rank),
                        status.new.and_then(coverage_rank),
                    ) {
                        (Some(a), Some(b)) => b < a,
                        _ => false,
                    };
                    Some(RequirementChange {
                        id: req.to_string(),
                        title,
                        status,
                        regression,
                    })
                })
                .collect();
            let change = Kind::of(&o, &n);
            (change != Kind::Changed || !requirements.is_empty()).then(|| FrameworkChange {
                framework: id.to_string(),
                name: either.name.clone(),
                change,
                requirements,
            })
        })
        .collect()
}

fn scope_changes(old: &Workspace, new: &Workspace) -> Vec<ScopeChange> {
    let (o, n) = (decisions(old), decisions(new));
    let keys: BTreeSet<&(String, String)> = o.keys().chain(n.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let decision = Change::of(o.get(key).cloned(), n.get(key).cloned())?;
            Some(ScopeChange {
                framework: key.0.clone(),
                requirement: key.1.clone(),
                change: Kind::of(&decision.old, &decision.new),
                decision,
            })
        })
        .collect()
}

/// (framework, requirement) → decision; the first decision written stands, as in coverage.
fn decisions(ws: &Workspace) -> BTreeMap<(String, String), DecisionView> {
    let mut map = BTreeMap::new();
    for loaded in &ws.scope {
        let framework = loaded.scope.framework.value.trim().to_string();
        for d in &loaded.scope.decisions {
            map.entry((framework.clone(), d.requirement.value.trim().to_string()))
                .or_insert_with(|| DecisionView {
                    applicable: d.applicable.value,
                    justification: d
                        .justification
                        .as_ref()
                        .map(|j| j.value.trim().to_string())
                        .filter(|j| !j.is_empty()),
                });
        }
    }
    map
}

fn evidence_changes(
    old: &BTreeMap<String, EvidenceView>,
    new: &BTreeMap<String, EvidenceView>,
) -> Vec<EvidenceChange> {
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| {
            let (o, n) = (old.get(path), new.get(path));
            let change = Kind::of(&o, &n);
            let (recollected, sha256, state) = match (o, n) {
                (Some(o), Some(n)) => {
                    if o == n {
                        return None;
                    }
                    (
                        Change::of(o.collected, n.collected),
                        Change::of(o.sha256.clone(), n.sha256.clone()),
                        // A bundle has no state: compare states only when both sides have one.
                        o.state
                            .zip(n.state)
                            .and_then(|(a, b)| Change::of(Some(a), Some(b))),
                    )
                }
                _ => (None, None, None),
            };
            if change == Kind::Changed
                && recollected.is_none()
                && sha256.is_none()
                && state.is_none()
            {
                return None;
            }
            Some(EvidenceChange {
                path: path.clone(),
                change,
                recollected,
                sha256,
                state,
            })
        })
        .collect()
}

fn roadmap_changes(oa: &Assessment, na: &Assessment) -> Vec<RoadmapChange> {
    let view = |a: &Assessment, item: &str| {
        a.roadmap
            .iter()
            .find(|r| r.item == item)
            .map(|r| RoadmapView {
                status: to_json(&r.status).trim_matches('"').to_string(),
                target: r.target.clone(),
                claim_holds: r.claim.as_ref().map(|c| c.holds),
            })
    };
    let items = ordered_union(
        oa.roadmap.iter().map(|r| r.item.as_str()),
        na.roadmap.iter().map(|r| r.item.as_str()),
    );
    items
        .into_iter()
        .filter_map(|item| {
            let roadmap = Change::of(view(oa, item), view(na, item))?;
            Some(RoadmapChange {
                item: item.to_string(),
                change: Kind::of(&roadmap.old, &roadmap.new),
                roadmap,
            })
        })
        .collect()
}

/// The trust-page sections other than sub-processors and the roadmap (reported on their own),
/// compared as the values the files declare.
fn trust_section_changes(old: &Workspace, new: &Workspace) -> Vec<TrustSectionChange> {
    let (o, n) = (trust_sections(old), trust_sections(new));
    o.iter()
        .zip(&n)
        .filter_map(|((section, a), (_, b))| {
            let change = match (a, b) {
                (None, None) => return None,
                (Some(a), Some(b)) if a == b => return None,
                _ => Kind::of(a, b),
            };
            Some(TrustSectionChange {
                section: section.to_string(),
                change,
            })
        })
        .collect()
}

/// Each section's declared content as JSON (positions left out), `None` when absent or empty.
fn trust_sections(ws: &Workspace) -> Vec<(&'static str, Option<String>)> {
    let files: Vec<&TrustFile> = ws.trust.iter().map(|t| &t.value).collect();
    let one = |f: fn(&TrustFile) -> Option<String>| files.iter().find_map(|t| f(t));
    let list = |f: fn(&TrustFile) -> String| {
        let joined: Vec<String> = files.iter().map(|t| f(t)).filter(|s| s != "[]").collect();
        (!joined.is_empty()).then(|| joined.join(","))
    };
    vec![
        ("page", one(|t| t.page.as_ref().map(to_json))),
        ("profile", one(|t| t.profile.as_ref().map(to_json))),
        ("frameworks", list(|t| to_json(&t.frameworks))),
        (
            "data_protection",
            one(|t| t.data_protection.as_ref().map(to_json)),
        ),
        ("commitments", list(|t| to_json(&t.commitments))),
        (
            "incident_response",
            one(|t| t.incident_response.as_ref().map(to_json)),
        ),
        ("disclosure", one(|t| t.disclosure.as_ref().map(to_json))),
        ("documents", list(|t| to_json(&t.documents))),
        ("contacts", list(|t| to_json(&t.contacts))),
        ("changelog", list(|t| to_json(&t.changelog))),
    ]
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Every key of OLD in OLD's order, then the keys only NEW has, in NEW's order.
fn ordered_union<'a>(
    old: impl Iterator<Item = &'a str>,
    new: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    old.chain(new).filter(|k| seen.insert(*k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_gets_worse_only_within_scope() {
        let rank = |s| coverage_rank(s);
        assert!(rank(Status::Partial) < rank(Status::Covered));
        assert!(rank(Status::Gap) < rank(Status::Unverified));
        assert_eq!(rank(Status::Excluded), None);
        assert_eq!(rank(Status::NotApplicable), None);
    }

    #[test]
    fn ordered_union_keeps_old_order_then_new() {
        let u = ordered_union(["b", "a"].into_iter(), ["a", "c"].into_iter());
        assert_eq!(u, ["b", "a", "c"]);
    }
}
