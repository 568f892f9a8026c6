//! How each part of the programme changed between the two sides: sub-processors, controls,
//! coverage per framework, scope decisions, evidence, the roadmap and the other sections of the
//! trust page. Each function compares one part and returns its changes in a stable order.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{
    Change, ControlChange, DecisionView, EvidenceChange, EvidenceView, FrameworkChange, Kind,
    RequirementChange, RoadmapChange, RoadmapView, ScopeChange, SubprocessorChange,
    TrustSectionChange, coverage_rank,
};
use crate::assessment::Assessment;
use crate::model::trustpage::{Subprocessor, TrustFile};
use crate::workspace::Workspace;

pub(super) fn subprocessor_changes(old: &Workspace, new: &Workspace) -> Vec<SubprocessorChange> {
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

pub(super) fn control_changes(oa: &Assessment, na: &Assessment) -> Vec<ControlChange> {
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

pub(super) fn framework_changes(oa: &Assessment, na: &Assessment) -> Vec<FrameworkChange> {
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

pub(super) fn scope_changes(old: &Workspace, new: &Workspace) -> Vec<ScopeChange> {
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

pub(super) fn evidence_changes(
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

pub(super) fn roadmap_changes(oa: &Assessment, na: &Assessment) -> Vec<RoadmapChange> {
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
pub(super) fn trust_section_changes(old: &Workspace, new: &Workspace) -> Vec<TrustSectionChange> {
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
    use super::ordered_union;

    #[test]
    fn ordered_union_keeps_old_order_then_new() {
        let u = ordered_union(["b", "a"].into_iter(), ["a", "c"].into_iter());
        assert_eq!(u, ["b", "a", "c"]);
    }
}
