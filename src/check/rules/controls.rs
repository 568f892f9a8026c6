//! Rules on the control matrix itself: unique control and collector IDs, mappings that name
//! real requirements, an owner for every control, target dates for the controls not yet
//! implemented, and reviews that are not overdue.

use std::collections::HashMap;

use jiff::civil::Date;

use super::{at, has_control, report_unknown_framework, report_unknown_requirement};
use crate::assessment::{ControlAssessment, Verdict};
use crate::check::{Rule, Sink};
use crate::model::ControlStatus;
use crate::source::Location;
use crate::workspace::{LoadedControl, Workspace};

pub(super) fn duplicate_control_ids(ws: &Workspace, sink: &mut Sink) {
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

pub(super) fn mapping_references(ws: &Workspace, sink: &mut Sink) {
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

pub(super) fn ownership(loaded: &LoadedControl, sink: &mut Sink) {
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
pub(super) fn targets(loaded: &LoadedControl, assessed: &ControlAssessment, sink: &mut Sink) {
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

pub(super) fn reviews(ws: &Workspace, loaded: &LoadedControl, today: Date, sink: &mut Sink) {
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

/// `collectors/*.yaml`: every control named exists; names are unique.
pub(super) fn collectors(ws: &Workspace, sink: &mut Sink) {
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

#[cfg(test)]
mod tests {
    use super::super::reported;
    use super::{ownership, reviews, targets};

    /// Control C-1 with `lines` after its title, run through the per-control rules.
    fn control_findings(lines: &str) -> Vec<String> {
        let controls = format!(
            "controls:\n  - id: C-1\n    title: The control\n{lines}    mappings:\n      mini: [M-1]\n"
        );
        reported(
            &[("controls/main.yaml", &controls)],
            |ws, assessment, sink| {
                for (loaded, assessed) in ws.controls.iter().zip(&assessment.controls) {
                    ownership(loaded, sink);
                    targets(loaded, assessed, sink);
                    reviews(ws, loaded, assessment.date, sink);
                }
            },
        )
    }

    #[test]
    fn a_blank_owner_is_no_owner() {
        let none = ["missing-owner: control `C-1` has no owner"];
        assert_eq!(control_findings("    status: implemented\n"), none);
        assert_eq!(
            control_findings("    owner: \" \"\n    status: implemented\n"),
            none
        );
        assert_eq!(
            control_findings("    owner: CTO\n    status: implemented\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_control_not_yet_implemented_needs_a_target_that_has_not_passed() {
        let planned = "    owner: CTO\n    status: planned\n";
        assert_eq!(
            control_findings(planned),
            ["missing-target: control `C-1` is planned but has no target date"]
        );
        assert_eq!(
            control_findings(&format!("{planned}    target: 2026-12-31\n")),
            Vec::<String>::new()
        );
        assert_eq!(
            control_findings(&format!("{planned}    target: 2026-06-30\n")),
            [
                "planned-past-target: control `C-1` is still planned but its target date 2026-06-30 has passed"
            ]
        );
        let partial = "    owner: CTO\n    status: partial\n";
        assert_eq!(
            control_findings(partial),
            ["missing-target: control `C-1` is partial but has no target date"]
        );
    }

    #[test]
    fn a_review_is_overdue_from_the_day_after_it_fell_due() {
        // Reviewed a year (the default interval) before the day of the check: due today.
        let due_today = "    owner: CTO\n    status: planned\n    target: 2027-01-31\n    review: { last: 2025-11-22 }\n";
        assert_eq!(control_findings(due_today), Vec::<String>::new());
        let overdue = due_today.replace("2025-11-22", "2025-11-21");
        assert_eq!(
            control_findings(&overdue),
            [
                "review-overdue: control `C-1` was last reviewed 2025-11-21 and was due for review 2026-11-21 (every 1y)"
            ]
        );
    }
}
