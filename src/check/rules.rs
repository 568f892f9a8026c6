//! The rules, one function each. Every function reads the workspace and reports to the sink;
//! none of them fails: a problem in the workspace is a finding, not an error.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::{Rule, Sink};
use crate::assessment::{
    Assessment, CollectedFrom, ControlAssessment, EvidenceItem, EvidenceState, Verdict,
};
use crate::catalog::LoadedCatalog;
use crate::coverage::{self, Status};
use crate::model::config::FILE_NAME;
use crate::model::{ControlStatus, EvidenceSource};
use crate::source::{Location, Spanned};
use crate::workspace::{LoadedControl, Workspace};

pub(super) fn check_all(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    let today = assessment.date;
    duplicate_control_ids(ws, sink);
    scope_references(ws, sink);
    mapping_references(ws, sink);
    scope_decisions(ws, sink);
    for (loaded, assessed) in ws.controls.iter().zip(&assessment.controls) {
        ownership(loaded, sink);
        targets(loaded, assessed, sink);
        reviews(ws, loaded, today, sink);
        evidence(loaded, assessed, sink);
        missed_occurrences(loaded, assessed, sink);
    }
    collectors(ws, sink);
    coverage_gaps(ws, assessment, sink);
    roadmap(assessment, sink);
    trust_references(ws, sink);
    subprocessors_in_records(ws, sink);
    for loaded in &ws.processing {
        for activity in &loaded.value.activities {
            processing_activity(ws, assessment, &loaded.file, activity, sink);
        }
    }
    register_ids(ws, sink);
    systems(ws, assessment, sink);
    risks(ws, assessment, sink);
    controls_without_rationale(ws, assessment, sink);
}

/// `collectors/*.yaml`: every control named exists; names are unique.
fn collectors(ws: &Workspace, sink: &mut Sink) {
    let mut names: HashMap<&str, Location> = HashMap::new();
    for loaded in &ws.collectors {
        for collector in &loaded.value.collectors {
            for id in collector.controls.iter().filter(|id| !has_control(ws, id)) {
                sink.report(
                    Rule::UnknownCollectorControl,
                    at(&loaded.file, id),
                    format!(
                        "collector `{}` names control `{}`, which no file in controls/ defines",
                        collector.name.value, id.value
                    ),
                    "correct the ID, or add the control to controls/".to_string(),
                );
            }
            let here = at(&loaded.file, &collector.name);
            if let Some(first) = names.get(collector.name.value.as_str()) {
                sink.report(
                    Rule::DuplicateId,
                    here,
                    format!(
                        "collector name `{}` is already used at {first}",
                        collector.name.value
                    ),
                    "give each collector its own name: `evidence collect NAME` runs it".to_string(),
                );
            } else {
                names.insert(&collector.name.value, here);
            }
        }
    }
}

/// Two systems, or two risks, with one ID.
fn register_ids(ws: &Workspace, sink: &mut Sink) {
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
fn systems(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
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
fn risks(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
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

/// With a risk register, each control selected for an ISO/IEC 42001 Annex A control should
/// trace to a risk it treats or to a driver recorded in the scope decision (6.1.3).
fn controls_without_rationale(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
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
                    c.id == *r && !matches!(c.status, Status::Excluded | Status::NotApplicable)
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

fn has_control(ws: &Workspace, id: &str) -> bool {
    ws.control(id).is_some()
}

fn report_unknown_control(sink: &mut Sink, location: Location, id: &str, whose: &str) {
    sink.report(
        Rule::UnknownControl,
        location,
        format!("{whose} names control `{id}`, which no file in controls/ defines"),
        "correct the ID, or add the control to controls/".to_string(),
    );
}

/// `trust/*.yaml`: commitments name controls; aligned frameworks may name a catalog.
fn trust_references(ws: &Workspace, sink: &mut Sink) {
    for loaded in &ws.trust {
        for commitment in &loaded.value.commitments {
            for id in commitment.controls.iter().filter(|id| !has_control(ws, id)) {
                let whose = format!("commitment `{}`", commitment.title);
                report_unknown_control(sink, at(&loaded.file, id), id, &whose);
            }
        }
        for framework in &loaded.value.frameworks {
            if let Some(catalog) = &framework.catalog
                && ws.catalogs.get(catalog).is_none()
            {
                report_unknown_framework(ws, sink, at(&loaded.file, catalog), catalog);
            }
        }
    }
}

/// `processing/*.yaml`: the Art. 30 record must be complete enough to stand.
fn processing_activity(
    ws: &Workspace,
    assessment: &Assessment,
    file: &Path,
    activity: &crate::model::processing::Activity,
    sink: &mut Sink,
) {
    use crate::model::processing::{ProcessingRole, is_eea};
    let name = &activity.id.value;
    let needs_gdpr_basis = ws.config.in_scope("gdpr") || activity.dpdp.is_none();
    if activity.role.value == ProcessingRole::Controller
        && activity.lawful_basis.is_none()
        && needs_gdpr_basis
    {
        sink.report(
            Rule::MissingLawfulBasis,
            at(file, &activity.role),
            format!("processing activity `{name}` is held as controller but names no lawful basis"),
            "add `lawful_basis:` (consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests)".to_string(),
        );
    }
    for transfer in &activity.transfers {
        if transfer.safeguard.is_none() && !is_eea(&transfer.country) {
            transfer_without_safeguard(assessment, file, name, transfer, sink);
        }
    }
    let default_retention = activity
        .retention
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    let blank = |c: &&crate::model::processing::DataCategory| {
        c.retention.as_deref().is_none_or(|r| r.trim().is_empty())
    };
    if activity.data_categories.is_empty() && !default_retention {
        sink.report(
            Rule::MissingRetention,
            at(file, &activity.id),
            format!("processing activity `{name}` states no data categories and no retention"),
            "add `data_categories:` each with `retention:`, or a `retention:` for the activity"
                .to_string(),
        );
    }
    if !default_retention {
        for category in activity.data_categories.iter().filter(blank) {
            sink.report(
                Rule::MissingRetention,
                at(file, &activity.id),
                format!("processing activity `{name}` keeps `{}` with no retention period", category.name),
                "add `retention:` to the data category (e.g. \"24 months\"), or a `retention:` for the activity".to_string(),
            );
        }
    }
    for id in activity
        .security_measures
        .iter()
        .filter(|id| !has_control(ws, id))
    {
        let whose = format!("processing activity `{name}`");
        report_unknown_control(sink, at(file, id), id, &whose);
    }
}

/// A transfer out of the EEA without a Chapter V safeguard: an error, or a warning while a risk
/// the transfer names is accepted and its acceptance has not lapsed.
fn transfer_without_safeguard(
    assessment: &Assessment,
    file: &Path,
    activity: &str,
    transfer: &crate::model::processing::Transfer,
    sink: &mut Sink,
) {
    let message = format!(
        "processing activity `{activity}` transfers personal data to {} ({}) without a safeguard",
        transfer.recipient, transfer.country.value
    );
    let hint = "add `safeguard:` (adequacy-decision, standard-contractual-clauses, binding-corporate-rules, uk-idta, code-of-conduct, certification or derogation)";
    let accepted = transfer.risk.as_ref().and_then(|id| {
        assessment
            .risks
            .iter()
            .find(|r| r.id == id.value && r.accepted_currently())
    });
    match accepted.and_then(|r| r.acceptance.as_ref().map(|a| (r, a))) {
        Some((risk, acceptance)) => sink.report_at_most(
            Rule::TransferWithoutSafeguard,
            super::Severity::Warning,
            at(file, &transfer.country),
            format!(
                "{message}; accepted under risk `{}` until {}",
                risk.id, acceptance.until
            ),
            format!("{hint} before the acceptance lapses"),
        ),
        None => sink.report(
            Rule::TransferWithoutSafeguard,
            at(file, &transfer.country),
            message,
            hint.to_string(),
        ),
    }
}

/// Every sub-processor on the trust page must be a recipient in the records of processing:
/// otherwise what it receives, and whether its transfer is safeguarded, is checked nowhere.
fn subprocessors_in_records(ws: &Workspace, sink: &mut Sink) {
    let activities: Vec<_> = ws
        .processing
        .iter()
        .flat_map(|f| &f.value.activities)
        .collect();
    for loaded in &ws.trust {
        let Some(section) = &loaded.value.subprocessors else {
            continue;
        };
        for entry in &section.value.entries {
            if !activities.iter().any(|a| a.discloses_to(&entry.name)) {
                sink.report(
                    Rule::SubprocessorNotInRecords,
                    at(&loaded.file, entry),
                    format!(
                        "sub-processor `{}` is the recipient of no processing activity in processing/",
                        entry.name
                    ),
                    "name it under `recipients:` of each processing activity that discloses personal data to it (with `transfers:` when the data leaves the EEA)".to_string(),
                );
            }
        }
    }
}

fn at(file: &Path, spanned: &Spanned<impl Sized>) -> Location {
    Location::new(file, spanned.position)
}

fn duplicate_control_ids(ws: &Workspace, sink: &mut Sink) {
    let mut first_seen: HashMap<&str, Location> = HashMap::new();
    for loaded in &ws.controls {
        let id = &loaded.control.id;
        let here = at(&loaded.file, id);
        match first_seen.get(id.value.as_str()) {
            Some(first) => sink.report(
                Rule::DuplicateId,
                here,
                format!("control ID `{}` is already used at {first}", id.value),
                "give each control a unique ID; merge the two if they are the same control"
                    .to_string(),
            ),
            None => {
                first_seen.insert(&id.value, here);
            }
        }
    }
}

/// `[scope] frameworks` and `[scope.roles]` in evidence.toml.
fn scope_references(ws: &Workspace, sink: &mut Sink) {
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

fn mapping_references(ws: &Workspace, sink: &mut Sink) {
    for loaded in &ws.controls {
        for mapping in &loaded.control.mappings {
            let Some(catalog) = ws.catalogs.get(&mapping.framework) else {
                report_unknown_framework(
                    ws,
                    sink,
                    at(&loaded.file, &mapping.framework),
                    &mapping.framework,
                );
                continue;
            };
            for req in &mapping.requirements {
                if catalog.requirement(req).is_none() {
                    report_unknown_requirement(sink, at(&loaded.file, req), catalog, req);
                }
            }
        }
    }
}

fn scope_decisions(ws: &Workspace, sink: &mut Sink) {
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

fn ownership(loaded: &LoadedControl, sink: &mut Sink) {
    let control = &loaded.control;
    let blank = control
        .owner
        .as_ref()
        .is_none_or(|o| o.value.trim().is_empty());
    if blank {
        let location = control
            .owner
            .as_ref()
            .map_or_else(|| at(&loaded.file, &control.id), |o| at(&loaded.file, o));
        sink.report(
            Rule::MissingOwner,
            location,
            format!("control `{}` has no owner", control.id.value),
            "add `owner:` naming the accountable person or role".to_string(),
        );
    }
}

/// `planned-past-target` reads the verdict; `missing-target` reads what the file declares.
fn targets(loaded: &LoadedControl, assessed: &ControlAssessment, sink: &mut Sink) {
    let control = &loaded.control;
    if !matches!(
        control.status.value,
        ControlStatus::Planned | ControlStatus::Partial
    ) {
        return;
    }
    match &control.target {
        None => sink.report(
            Rule::MissingTarget,
            at(&loaded.file, &control.status),
            format!(
                "control `{}` is {} but has no target date",
                control.id.value,
                control.status.value.as_str()
            ),
            "add `target: YYYY-MM-DD` for when it will be implemented".to_string(),
        ),
        Some(target) if assessed.verdict == Verdict::Overdue => sink.report(
            Rule::PlannedPastTarget,
            at(&loaded.file, target),
            format!(
                "control `{}` is still {} but its target date {} has passed",
                control.id.value,
                control.status.value.as_str(),
                target.value
            ),
            "implement it and set `status: implemented`, or agree a new target date".to_string(),
        ),
        Some(_) => {}
    }
}

fn reviews(ws: &Workspace, loaded: &LoadedControl, today: Date, sink: &mut Sink) {
    let Some(review) = &loaded.control.review else {
        return;
    };
    let interval = review.interval.unwrap_or(ws.config.review_interval);
    let due = interval.after(review.last.value);
    if due < today {
        sink.report(
            Rule::ReviewOverdue,
            at(&loaded.file, &review.last),
            format!(
                "control `{}` was last reviewed {} and was due for review {due} (every {interval})",
                loaded.control.id.value, review.last.value
            ),
            "review the control and update `review.last`".to_string(),
        );
    }
}

fn evidence(loaded: &LoadedControl, assessed: &ControlAssessment, sink: &mut Sink) {
    let control = &loaded.control;
    if control.evidence.is_empty() && control.status.value == ControlStatus::Implemented {
        sink.report(
            Rule::NoEvidence,
            at(&loaded.file, &control.status),
            format!(
                "control `{}` is implemented but names no evidence, so nothing verifies it",
                control.id.value
            ),
            "add `evidence:` entries pointing at files that show the control working".to_string(),
        );
    }
    for (source, item) in control.evidence.iter().zip(&assessed.evidence) {
        evidence_item(loaded, source, item, sink);
    }
}

/// One finding per evidence item that is not fresh, from the state the assessment gave it.
fn evidence_item(
    loaded: &LoadedControl,
    source: &EvidenceSource,
    item: &EvidenceItem,
    sink: &mut Sink,
) {
    let control = &loaded.control.id.value;
    let here = at(&loaded.file, &source.path);
    // Date findings point at `collected:` when the date was declared there.
    let dated_at = match &source.collected {
        Some(date) => at(&loaded.file, date),
        None => here.clone(),
    };
    let path = &item.path;
    let how = match item.collected_from {
        Some(CollectedFrom::Declared | CollectedFrom::Log) | None => "collected",
        Some(CollectedFrom::FileName) => "dated by its file name",
        Some(CollectedFrom::Git) => "last committed",
        Some(CollectedFrom::Mtime) => "last modified",
    };
    let collected = item.collected.map(|d| d.to_string()).unwrap_or_default();
    let (rule, location, message, hint) = match item.state {
        EvidenceState::Fresh => return,
        EvidenceState::OutsideWorkspace => (
            Rule::EvidenceOutsideWorkspace,
            here,
            format!("evidence `{}` of `{control}` is outside the workspace (an absolute path, `..`, or a link out of it)", source.path.value),
            "keep evidence inside the workspace's evidence folder, with a relative path; copy linked files in".to_string(),
        ),
        EvidenceState::Missing if item.cadence.is_some() => (
            Rule::MissingEvidence,
            here,
            format!("recurring evidence `{path}` of `{control}` has no occurrence"),
            "add the occurrences (files) the folder or glob names, or run its collector".to_string(),
        ),
        EvidenceState::Missing => (
            Rule::MissingEvidence,
            here,
            format!("evidence `{path}` of `{control}` does not exist"),
            "add the file, or correct `path:` (relative to the evidence root)".to_string(),
        ),
        EvidenceState::Failing => (
            Rule::FailingEvidence,
            here,
            format!(
                "evidence `{path}` of `{control}` reports a failure{}",
                item.logged
                    .as_ref()
                    .map(failure_detail)
                    .unwrap_or_default()
            ),
            "fix what the tool found and collect or ingest a new result".to_string(),
        ),
        EvidenceState::NotAFile => (
            Rule::MissingEvidence,
            here,
            format!("evidence `{path}` of `{control}` is not a regular file"),
            "point `path:` at a file".to_string(),
        ),
        EvidenceState::FromFuture => (
            Rule::EvidenceFromFuture,
            dated_at,
            format!(
                "evidence `{path}` of `{control}` is dated {collected} ({how}), after {}",
                sink.today
            ),
            "correct `collected:`; a future date hides staleness".to_string(),
        ),
        EvidenceState::Stale => (
            Rule::StaleEvidence,
            dated_at,
            format!(
                "evidence `{path}` of `{control}` was {how} {collected} and is stale since {} (max age {})",
                item.stale_on.map(|d| d.to_string()).unwrap_or_default(),
                item.max_age
            ),
            "collect it again and update `collected:`, or set `max_age:` if a longer period is justified"
                .to_string(),
        ),
        EvidenceState::Undated => (
            Rule::UndatedEvidence,
            here,
            format!(
                "evidence `{path}` of `{control}` has no trustworthy collected date: {}",
                item.undated_because.as_deref().unwrap_or("unknown")
            ),
            "add `collected: YYYY-MM-DD` to the evidence entry".to_string(),
        ),
    };
    sink.report(rule, location, message, hint);
}

/// ": 2 results at level error (semgrep 1.2): …" from what the log recorded.
fn failure_detail(logged: &crate::assessment::Logged) -> String {
    let mut detail = String::new();
    if !logged.summary.is_empty() {
        detail = format!(" ({})", logged.summary);
    }
    if let Some(first) = logged.reasons.first() {
        detail.push_str(": ");
        detail.push_str(first);
        if logged.reasons.len() > 1 {
            detail.push_str(&format!(" (and {} more)", logged.reasons.len() - 1));
        }
    }
    detail
}

/// Recurring evidence: one finding per window of the audit period that passed without an
/// occurrence.
fn missed_occurrences(loaded: &LoadedControl, assessed: &ControlAssessment, sink: &mut Sink) {
    for (source, item) in loaded.control.evidence.iter().zip(&assessed.evidence) {
        let Some(cadence) = &source.cadence else {
            continue;
        };
        for missed in item.missed_windows() {
            sink.report(
                Rule::MissedOccurrence,
                at(&loaded.file, cadence),
                format!(
                    "`{}` of `{}` has no {} occurrence in {}",
                    item.path, loaded.control.id.value, cadence.value, missed.window
                ),
                "add the occurrence collected in that window (dated by the evidence log, its file \
                 name, or git); if the control did not operate then, the audit will say so"
                    .to_string(),
            );
        }
    }
}

/// `trust/*.yaml` roadmap: targets that passed, and claims the assessment contradicts.
fn roadmap(assessment: &Assessment, sink: &mut Sink) {
    for item in &assessment.roadmap {
        if item.target_passed {
            sink.report(
                Rule::RoadmapTargetPassed,
                Location::new(&item.file, item.target_at),
                format!(
                    "roadmap item `{}` is {} but its target {} passed on {}",
                    item.item,
                    item.status.label().to_lowercase(),
                    item.target.as_deref().unwrap_or_default(),
                    item.target_last_day
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
                "update the item's `status:` if it was achieved, or publish a new `target:`"
                    .to_string(),
            );
        }
        if let Some(claim) = item.claim.as_ref().filter(|c| !c.holds) {
            sink.report(
                Rule::ClaimContradicted,
                Location::new(&item.file, item.catalog_at),
                format!(
                    "roadmap item `{}` claims {} is met ({}), but {}",
                    item.item,
                    claim.catalog,
                    item.status.label().to_lowercase(),
                    claim.contradicted_by.as_deref().unwrap_or("the assessment disagrees")
                ),
                format!(
                    "run `evidence coverage --framework {}`; publish the claim once every requirement is covered with fresh evidence",
                    claim.catalog
                ),
            );
        }
    }
}

fn coverage_gaps(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
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
                Status::Gap => (
                    Rule::UncoveredRequirement,
                    "is neither covered by a control nor excluded",
                ),
                Status::Partial => (
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
    let mut hint = if row.status == Status::Gap {
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

fn report_unknown_framework(ws: &Workspace, sink: &mut Sink, location: Location, id: &str) {
    sink.report(
        Rule::UnknownFramework,
        location,
        format!("unknown framework `{id}`"),
        format!(
            "known frameworks: {} (run `evidence frameworks list`)",
            ws.catalogs.unknown(id).known
        ),
    );
}

fn report_unknown_requirement(
    sink: &mut Sink,
    location: Location,
    catalog: &LoadedCatalog,
    req: &str,
) {
    sink.report(
        Rule::UnknownRequirement,
        location,
        format!("`{req}` is not a requirement of {}", catalog.id()),
        format!(
            "run `evidence frameworks show {}` to list its requirement IDs",
            catalog.id()
        ),
    );
}

fn or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
