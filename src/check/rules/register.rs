//! Rules on the AI-system register (`systems/`) and the risk register (`risks/`): unique IDs,
//! references to controls and systems, EU AI Act classification and impact assessments, and
//! risk treatment, acceptance, review and appetite.

use std::collections::HashMap;
use std::path::Path;

use super::{at, has_control, report_unknown_control};
use crate::assessment::Assessment;
use crate::check::{Rule, Sink};
use crate::source::Location;
use crate::workspace::Workspace;

/// Two systems, or two risks, with one ID.
pub(super) fn register_ids(ws: &Workspace, sink: &mut Sink) {
    let systems = ws.systems().map(|(f, s)| (f, &s.id));
    let risks = ws.risks().map(|(f, r)| (f, &r.id));
    for (what, ids) in [
        ("AI system", systems.collect::<Vec<_>>()),
        ("risk", risks.collect()),
    ] {
        let mut first_seen: HashMap<&str, Location> = HashMap::new();
        for (file, id) in ids {
            let here = at(file, id);
            match first_seen.get(id.value.as_str()) {
                Some(first) => sink.report(
                    Rule::DuplicateId,
                    here,
                    format!("{what} ID `{}` is already used at {first}", id.value),
                    format!("give each {what} a unique ID"),
                ),
                None => {
                    first_seen.insert(&id.value, here);
                }
            }
        }
    }
}

/// `systems/*.yaml`: the controls each system names, and its impact assessment.
pub(super) fn systems(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    for ((file, system), assessed) in ws.systems().zip(&assessment.systems) {
        let name = &system.id.value;
        for id in system.controls.iter().filter(|id| !has_control(ws, id)) {
            report_unknown_control(sink, at(file, id), id, &format!("AI system `{name}`"));
        }
        classification(file, system, sink);
        let impact = &assessed.impact_assessment;
        if let (true, Some(why), Some(kind)) = (impact.missing, impact.required, impact.kind) {
            let kind_name = match kind {
                crate::model::system::ImpactKind::Fria => {
                    "fundamental-rights impact assessment (EU AI Act Art. 27)"
                }
                _ => "AI system impact assessment (ISO/IEC 42001 6.1.4)",
            };
            let state = match (impact.latest, impact.current_until) {
                (Some(latest), Some(until)) if until <= assessment.date => {
                    format!("the last one ({latest}) lapsed on {until}")
                }
                (Some(latest), _) if latest > assessment.date => {
                    format!("the only one is dated {latest}, after the date of the check")
                }
                _ => "none is recorded".to_string(),
            };
            sink.report(
                Rule::ImpactAssessmentMissing,
                at(file, &system.risk_class),
                format!("AI system `{name}` is {why} and needs a current {kind_name}; {state}"),
                format!(
                    "carry out the assessment and record it under `impact_assessments:` \
                     (kind: {}, date, evidence)",
                    kind.as_str()
                ),
            );
        }
    }
}

/// A system's EU AI Act class must stand: no prohibited practice in use, and an Annex III system
/// below high-risk only through a documented Art. 6(3) derogation.
fn classification(file: &Path, system: &crate::model::system::AiSystem, sink: &mut Sink) {
    use crate::model::system::RiskClass;
    let name = &system.id.value;
    let class = system.risk_class.value;
    if system.is_active() && class == RiskClass::Prohibited {
        sink.report(
            Rule::ProhibitedSystem,
            at(file, &system.risk_class),
            format!(
                "AI system `{name}` is {} and classified as a prohibited practice (Art. 5)",
                system.lifecycle.value.as_str()
            ),
            "withdraw it (`lifecycle: retired`) or correct the classification".to_string(),
        );
    }
    let below = !matches!(class, RiskClass::HighRisk | RiskClass::Prohibited);
    if below && !system.annex_iii.is_empty() {
        let documented = system.derogation.as_ref().is_some_and(|d| {
            !d.value.ground.value.trim().is_empty()
                && !d.value.documentation.value.trim().is_empty()
        });
        if !documented {
            sink.report(
                Rule::DerogationUndocumented,
                at(file, &system.risk_class),
                format!(
                    "AI system `{name}` falls under Annex III ({}) but is classified {} without an Art. 6(3) derogation",
                    system.annex_iii.iter().map(|a| a.value.as_str()).collect::<Vec<_>>().join(", "),
                    class.as_str()
                ),
                "classify it high-risk, or record `derogation:` with the Art. 6(3) ground and where the assessment is documented (Art. 6(4))".to_string(),
            );
        }
    }
}

/// `risks/*.yaml`: references, treatment, acceptance and appetite.
pub(super) fn risks(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    use crate::model::risk::Treatment;
    let appetite = ws.config.risk.appetite;
    for ((file, risk), assessed) in ws.risks().zip(&assessment.risks) {
        let name = &risk.id.value;
        for id in risk.controls.iter().filter(|id| !has_control(ws, id)) {
            report_unknown_control(sink, at(file, id), id, &format!("risk `{name}`"));
        }
        for id in risk
            .systems
            .iter()
            .filter(|id| !ws.systems().any(|(_, s)| s.id.value == id.value))
        {
            sink.report(
                Rule::UnknownSystem,
                at(file, id),
                format!(
                    "risk `{name}` names AI system `{}`, which no file in systems/ defines",
                    id.value
                ),
                "correct the ID, or add the system to systems/".to_string(),
            );
        }
        match (&risk.treatment, &risk.acceptance) {
            (None, _) => sink.report(
                Rule::RiskUntreated,
                at(file, &risk.id),
                format!("risk `{name}` has no treatment"),
                "decide a `treatment:` (mitigate, accept, avoid or transfer) and name the controls that treat it".to_string(),
            ),
            (Some(t), None) if t.value == Treatment::Accept => sink.report(
                Rule::RiskUntreated,
                at(file, t),
                format!("risk `{name}` is accepted, but no acceptance is recorded"),
                "add `acceptance:` with `by`, `on` and `until`".to_string(),
            ),
            (Some(t), _)
                if matches!(t.value, Treatment::Mitigate | Treatment::Transfer)
                    && risk.controls.is_empty() =>
            {
                sink.report(
                    Rule::TreatmentWithoutControls,
                    at(file, t),
                    format!("risk `{name}` is to be treated by {}, but names no control", t.value.as_str()),
                    "list the controls that treat it under `controls:`".to_string(),
                )
            }
            _ => {}
        }
        if let (Some(t), Some(acceptance), Some(state)) =
            (&risk.treatment, &risk.acceptance, &assessed.acceptance)
            && t.value == Treatment::Accept
            && state.expired
        {
            sink.report(
                Rule::AcceptanceExpired,
                at(file, &acceptance.value.until),
                format!(
                    "the acceptance of risk `{name}` by {} lapsed after {}",
                    state.by, state.until
                ),
                "review the risk: renew the acceptance with a new `until`, or treat it otherwise"
                    .to_string(),
            );
        }
        if let Some(review) = &risk.review {
            let interval = review.interval.unwrap_or(ws.config.review_interval);
            let due = interval.after(review.last.value);
            if due < assessment.date {
                sink.report(
                    Rule::ReviewOverdue,
                    at(file, &review.last),
                    format!(
                        "risk `{name}` was last reviewed {} and was due for review {due} (every {interval})",
                        review.last.value
                    ),
                    "review the risk's rating and treatment and update `review.last`".to_string(),
                );
            }
        }
        if assessed.above_appetite && !assessed.accepted_currently() {
            let rating = risk.residual.as_ref().unwrap_or(&risk.inherent);
            let which = if risk.residual.is_some() {
                "residual"
            } else {
                "inherent (no residual recorded)"
            };
            sink.report(
                Rule::ResidualAboveAppetite,
                at(file, rating),
                format!(
                    "risk `{name}`: {which} score {} (likelihood {} x impact {}) exceeds the appetite of {appetite}",
                    assessed.residual_score, assessed.residual.likelihood, assessed.residual.impact
                ),
                "treat the risk further and record the `residual:` rating, or have it accepted (`treatment: accept` with an `acceptance:`)".to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::reported;
    use super::{risks, systems};

    /// A deployed CV assistant of the register, with `class` lines (risk class, Annex III, …).
    fn system_findings(class: &str) -> Vec<String> {
        let register = format!(
            "systems:\n  - id: SYS-1\n    name: CV assistant\n    purpose: Reformats CVs.\n    \
             lifecycle: in-service\n    roles: [deployer]\n    owner: Head of People\n{class}"
        );
        reported(&[("systems/register.yaml", &register)], systems)
    }

    #[test]
    fn an_annex_iii_system_below_high_risk_stands_only_with_a_documented_derogation() {
        let annex_iii = "    risk_class: minimal\n    annex_iii: [\"4(a)\"]\n";
        let found = system_findings(annex_iii);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("derogation-undocumented: AI system `SYS-1` falls under Annex III (4(a)) but is classified minimal"),
            "{found:?}"
        );
        let blank =
            format!("{annex_iii}    derogation: {{ ground: \"6(3)(a)\", documentation: \" \" }}\n");
        assert_eq!(
            system_findings(&blank).len(),
            1,
            "a blank documentation is none"
        );
        let documented =
            format!("{annex_iii}    derogation: {{ ground: \"6(3)(a)\", documentation: cv.md }}\n");
        assert_eq!(system_findings(&documented), Vec::<String>::new());
        let high_risk = "    risk_class: high-risk\n    annex_iii: [\"4(a)\"]\n";
        assert!(
            !system_findings(high_risk)
                .iter()
                .any(|f| f.starts_with("derogation-undocumented")),
            "a high-risk class needs no derogation"
        );
    }

    #[test]
    fn a_prohibited_practice_is_a_finding_only_while_the_system_is_active() {
        let found = system_findings("    risk_class: prohibited\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("prohibited-system: AI system `SYS-1` is in-service"),
            "{found:?}"
        );
        let retired = reported(
            &[(
                "systems/register.yaml",
                "systems:\n  - id: SYS-1\n    name: Scorer\n    purpose: Scored people.\n    \
                 lifecycle: retired\n    roles: [deployer]\n    owner: CTO\n    risk_class: prohibited\n",
            )],
            systems,
        );
        assert_eq!(retired, Vec::<String>::new());
    }

    /// One risk with `treatment` lines, rated low enough to stay within the default appetite.
    fn risk_findings(treatment: &str) -> Vec<String> {
        let register = format!(
            "risks:\n  - id: R-1\n    title: Leakage\n    category: privacy\n    \
             inherent: {{ likelihood: 1, impact: 1 }}\n{treatment}"
        );
        reported(&[("risks/register.yaml", &register)], risks)
    }

    #[test]
    fn each_treatment_needs_what_makes_it_real() {
        assert_eq!(
            risk_findings(""),
            ["risk-untreated: risk `R-1` has no treatment"]
        );
        assert_eq!(
            risk_findings("    treatment: accept\n"),
            ["risk-untreated: risk `R-1` is accepted, but no acceptance is recorded"]
        );
        for (treatment, word) in [("mitigate", "mitigate"), ("transfer", "transfer")] {
            assert_eq!(
                risk_findings(&format!("    treatment: {treatment}\n")),
                [format!(
                    "treatment-without-controls: risk `R-1` is to be treated by {word}, but names no control"
                )]
            );
        }
        assert_eq!(
            risk_findings("    treatment: avoid\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_risk_names_only_controls_and_systems_that_exist() {
        let found =
            risk_findings("    treatment: mitigate\n    controls: [C-9]\n    systems: [SYS-9]\n");
        assert_eq!(
            found,
            [
                "unknown-control: risk `R-1` names control `C-9`, which no file in controls/ defines",
                "unknown-system: risk `R-1` names AI system `SYS-9`, which no file in systems/ defines",
            ]
        );
    }
}
