//! Rules on what the organisation publishes and records about personal data: the records of
//! processing (GDPR Art. 30, DPDP) and the public trust page (its commitments, sub-processors
//! and roadmap).

use std::path::Path;

use super::{at, has_control, report_unknown_control, report_unknown_framework};
use crate::assessment::Assessment;
use crate::check::{Rule, Severity, Sink};
use crate::source::Location;
use crate::workspace::Workspace;

/// `processing/*.yaml`: the Art. 30 record must be complete enough to stand.
pub(super) fn processing_activity(
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
            Severity::Warning,
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
pub(super) fn subprocessors_in_records(ws: &Workspace, sink: &mut Sink) {
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

/// `trust/*.yaml`: commitments name controls; aligned frameworks may name a catalog.
pub(super) fn trust_references(ws: &Workspace, sink: &mut Sink) {
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

/// `trust/*.yaml` roadmap: targets that passed, and claims the assessment contradicts.
pub(super) fn roadmap(assessment: &Assessment, sink: &mut Sink) {
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

#[cfg(test)]
mod tests {
    use super::super::reported;
    use super::processing_activity;

    /// One processing activity with `lines` after its name, checked as the rule sees it.
    fn activity_findings(config: Option<&str>, lines: &str) -> Vec<String> {
        let records = format!("activities:\n  - id: PA-1\n    name: Support tickets\n{lines}");
        let mut files = vec![("processing/activities.yaml", records.as_str())];
        files.extend(config.map(|c| ("evidence.toml", c)));
        reported(&files, |ws, assessment, sink| {
            for loaded in &ws.processing {
                for activity in &loaded.value.activities {
                    processing_activity(ws, assessment, &loaded.file, activity, sink);
                }
            }
        })
    }

    const PROCESSOR: &str = "    role: processor\n    purposes: [Answer tickets]\n";

    #[test]
    fn retention_is_needed_per_category_unless_the_activity_states_one() {
        let categories = "    data_categories:\n      - { name: Contents, retention: 24 months }\n      - { name: Emails }\n";
        assert_eq!(
            activity_findings(None, &format!("{PROCESSOR}{categories}")),
            [
                "missing-retention: processing activity `PA-1` keeps `Emails` with no retention period"
            ]
        );
        let whole = format!("{PROCESSOR}{categories}    retention: 12 months\n");
        assert_eq!(activity_findings(None, &whole), Vec::<String>::new());
        assert_eq!(
            activity_findings(None, PROCESSOR),
            [
                "missing-retention: processing activity `PA-1` states no data categories and no retention"
            ]
        );
    }

    #[test]
    fn only_a_transfer_out_of_the_eea_needs_a_safeguard() {
        let transfer = |country: &str| {
            format!(
                "{PROCESSOR}    retention: 12 months\n    transfers:\n      - recipient: Helpdesk\n        country: {country}\n"
            )
        };
        assert_eq!(
            activity_findings(None, &transfer("Ireland")),
            Vec::<String>::new()
        );
        assert_eq!(
            activity_findings(None, &transfer("United States")),
            [
                "transfer-without-safeguard: processing activity `PA-1` transfers personal data to Helpdesk (United States) without a safeguard"
            ]
        );
    }

    #[test]
    fn a_controller_needs_a_lawful_basis() {
        let controller =
            "    role: controller\n    purposes: [Marketing]\n    retention: 12 months\n";
        let no_basis = "missing-lawful-basis: processing activity `PA-1` is held as controller but names no lawful basis";
        assert_eq!(activity_findings(None, controller), [no_basis]);
        let with_basis = format!("{controller}    lawful_basis: contract\n");
        assert_eq!(activity_findings(None, &with_basis), Vec::<String>::new());
    }
}
