//! Rules on scope and coverage: the frameworks and roles evidence.toml names, the decisions in
//! scope/, requirements left uncovered or served by controls not yet implemented, and Annex A
//! controls selected without a risk or driver behind them.

use std::collections::HashMap;

use super::{at, report_unknown_framework, report_unknown_requirement};
use crate::assessment::Assessment;
use crate::catalog::LoadedCatalog;
use crate::check::{Rule, Sink};
use crate::coverage::{self, CoverageStatus};
use crate::model::config::FILE_NAME;
use crate::source::{Location, Spanned};
use crate::workspace::Workspace;

/// `[scope] frameworks` and `[scope.roles]` in evidence.toml.
pub(super) fn config_references(ws: &Workspace, sink: &mut Sink) {
    let config_at = |s: &Spanned<String>| Location::new(FILE_NAME, s.position);
    for framework in &ws.config.frameworks {
        if ws.catalogs.get(framework).is_none() {
            report_unknown_framework(ws, sink, config_at(framework), framework);
        }
    }
    for (framework, roles) in &ws.config.roles {
        let Some(catalog) = ws.catalogs.get(framework) else {
            report_unknown_framework(ws, sink, config_at(framework), framework);
            continue;
        };
        for role in roles.iter().filter(|r| !catalog.has_role(r)) {
            let known: Vec<&str> = catalog
                .catalog
                .roles
                .iter()
                .map(|r| r.id.value.as_str())
                .collect();
            sink.report(
                Rule::UnknownRole,
                config_at(role),
                format!("`{}` is not a role of {}", role.value, catalog.id()),
                format!("roles of {}: {}", catalog.id(), or_none(&known)),
            );
        }
    }
}

pub(super) fn decisions(ws: &Workspace, sink: &mut Sink) {
    let mut first_seen: HashMap<(&str, &str), Location> = HashMap::new();
    for loaded in &ws.scope {
        let framework = &loaded.scope.framework;
        let catalog = ws.catalogs.get(framework);
        if catalog.is_none() {
            report_unknown_framework(ws, sink, at(&loaded.file, framework), framework);
        }
        for decision in &loaded.scope.decisions {
            let req = &decision.requirement;
            let here = at(&loaded.file, req);
            if let Some(catalog) = catalog
                && catalog.requirement(req).is_none()
            {
                report_unknown_requirement(sink, here.clone(), catalog, req);
            }
            match first_seen.get(&(framework.value.as_str(), req.value.as_str())) {
                Some(first) => sink.report(
                    Rule::DuplicateId,
                    here.clone(),
                    format!(
                        "{} `{}` already has a decision at {first}",
                        framework.value, req.value
                    ),
                    "keep one decision per requirement".to_string(),
                ),
                None => {
                    first_seen.insert((&framework.value, &req.value), here.clone());
                }
            }
            if !decision.applicable.value && !decision.has_justification() {
                sink.report(
                    Rule::ExclusionWithoutJustification,
                    at(&loaded.file, &decision.applicable),
                    format!("{} `{}` is excluded without a justification", framework.value, req.value),
                    "add `justification:` saying why it does not apply; auditors (and ISO/IEC 42001 6.1.3) expect one"
                        .to_string(),
                );
            }
        }
    }
}

pub(super) fn coverage_gaps(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    for framework in &ws.config.frameworks {
        let Some(catalog) = ws.catalogs.get(framework) else {
            continue;
        };
        let Some(report) = assessment
            .frameworks
            .iter()
            .find(|f| f.framework == catalog.id())
        else {
            continue;
        };
        let location = Location::new(FILE_NAME, framework.position);
        for row in &report.requirements {
            let (rule, what) = match row.status {
                CoverageStatus::Gap => (
                    Rule::UncoveredRequirement,
                    "is neither covered by a control nor excluded",
                ),
                CoverageStatus::Partial => (
                    Rule::RequirementNotImplemented,
                    "is served by controls not all implemented",
                ),
                _ => continue,
            };
            let controls: Vec<&str> = row.controls.iter().map(|c| c.id.as_str()).collect();
            let message = if controls.is_empty() {
                format!("{} `{}` ({}) {what}", catalog.id(), row.id, row.title)
            } else {
                format!(
                    "{} `{}` ({}) {what}: {}",
                    catalog.id(),
                    row.id,
                    row.title,
                    controls.join(", ")
                )
            };
            let hint = gap_hint(catalog, row);
            sink.report(rule, location.clone(), message, hint);
        }
    }
}

fn gap_hint(catalog: &LoadedCatalog, row: &coverage::RequirementCoverage) -> String {
    let mut hint = if row.status == CoverageStatus::Gap {
        format!(
            "map a control to it (`mappings: {{ {}: [\"{}\"] }}`) or exclude it in scope/ with a justification",
            catalog.id(),
            row.id
        )
    } else {
        "a requirement is as done as the least done control serving it: implement the ones not yet implemented, or remove the mapping of a control that does not serve it"
            .to_string()
    };
    if !row.related.is_empty() {
        let shown: Vec<String> = row
            .related
            .iter()
            .take(3)
            .map(|r| {
                format!(
                    "{} (via {} {}, {})",
                    r.control, r.framework, r.requirement, r.relationship
                )
            })
            .collect();
        hint.push_str("; by crosswalk, these controls may already serve it: ");
        hint.push_str(&shown.join(", "));
    }
    hint
}

/// With a risk register, each control selected for an ISO/IEC 42001 Annex A control should
/// trace to a risk it treats or to a driver recorded in the scope decision (6.1.3).
pub(super) fn controls_without_rationale(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    const ISO42001: &str = "iso42001";
    if ws.risks.is_empty() || !ws.config.in_scope(ISO42001) {
        return;
    }
    let Some(coverage) = assessment
        .frameworks
        .iter()
        .find(|f| f.framework == ISO42001)
    else {
        return;
    };
    let index = coverage::MatrixIndex::new(ws);
    for loaded in &ws.controls {
        let control = &loaded.control;
        let annex_a: Vec<&str> = control
            .mappings
            .iter()
            .filter(|m| m.framework.value == ISO42001)
            .flat_map(|m| m.requirements.iter())
            .map(|r| r.value.as_str())
            .filter(|r| r.starts_with("A."))
            .filter(|r| {
                coverage.requirements.iter().any(|c| {
                    c.id == *r
                        && !matches!(
                            c.status,
                            CoverageStatus::Excluded | CoverageStatus::NotApplicable
                        )
                })
            })
            .collect();
        if annex_a.is_empty()
            || assessment
                .risks_treated_by(&control.id.value)
                .next()
                .is_some()
        {
            continue;
        }
        let driven = annex_a.iter().any(|r| {
            index
                .decision_for(ISO42001, r)
                .is_some_and(|d| !d.drivers.is_empty())
        });
        if !driven {
            sink.report(
                Rule::ControlWithoutRationale,
                at(&loaded.file, &control.id),
                format!(
                    "control `{}` is selected for {} but treats no risk of the register and no driver is recorded",
                    control.id.value,
                    annex_a.join(", ")
                ),
                "name it under `controls:` of the risks it treats, or record `drivers:` in the scope decision".to_string(),
            );
        }
    }
}

fn or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::reported;
    use super::{config_references, coverage_gaps, decisions, or_none};

    #[test]
    fn a_requirement_gets_one_decision_and_an_exclusion_needs_a_justification() {
        let scope = "framework: mini\ndecisions:\n  - requirement: M-1\n    applicable: false\n    \
                     justification: We run no models.\n  - requirement: M-1\n    applicable: true\n  \
                     - requirement: M-2\n    applicable: false\n  - requirement: M-9\n    applicable: true\n";
        let found = reported(&[("scope/mini.yaml", scope)], |ws, _, sink| {
            decisions(ws, sink)
        });
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("duplicate-id: mini `M-1` already has a decision at ")
                && found[0].ends_with("scope/mini.yaml:3:18"),
            "{found:?}"
        );
        assert_eq!(
            found[1..],
            [
                "exclusion-without-justification: mini `M-2` is excluded without a justification",
                "unknown-requirement: `M-9` is not a requirement of mini",
            ]
        );
    }

    #[test]
    fn roles_must_be_roles_of_the_catalog() {
        let config = "[organisation]\nname = \"Fixture Ltd\"\n\n[scope]\nframeworks = [\"mini\"]\n\
                      roles = { mini = [\"provider\", \"importer\"] }\n";
        let found = reported(&[("evidence.toml", config)], |ws, _, sink| {
            config_references(ws, sink)
        });
        assert_eq!(found, ["unknown-role: `importer` is not a role of mini"]);
        assert_eq!(or_none(&[]), "none");
        assert_eq!(or_none(&["provider", "deployer"]), "provider, deployer");
    }

    #[test]
    fn a_gap_names_no_control_and_a_partial_requirement_names_its_controls() {
        let controls = "controls:\n  - id: C-1\n    title: Planned\n    owner: CTO\n    status: planned\n    \
                        target: 2027-01-31\n    mappings:\n      mini: [M-1]\n";
        let found = reported(&[("controls/main.yaml", controls)], coverage_gaps);
        assert_eq!(
            found,
            [
                "requirement-not-implemented: mini `M-1` (First requirement) is served by controls not all implemented: C-1",
                "uncovered-requirement: mini `M-2` (Second requirement) is neither covered by a control nor excluded",
            ]
        );
    }
}
