//! The rules, one function each, grouped by what they read: [`controls`] (the control matrix),
//! [`evidence`], [`scope`] (scope decisions and coverage), [`records`] (records of processing
//! and the trust page) and [`register`] (AI systems and risks). Every function reads the
//! workspace and reports to the sink; none of them fails: a problem in the workspace is a
//! finding, not an error.

mod controls;
mod evidence;
mod records;
mod register;
mod scope;

use std::path::Path;

use super::{Rule, Sink};
use crate::assessment::Assessment;
use crate::catalog::LoadedCatalog;
use crate::source::{Location, Spanned};
use crate::workspace::Workspace;

pub(super) fn check_all(ws: &Workspace, assessment: &Assessment, sink: &mut Sink) {
    let today = assessment.date;
    controls::duplicate_control_ids(ws, sink);
    scope::config_references(ws, sink);
    controls::mapping_references(ws, sink);
    scope::decisions(ws, sink);
    for (loaded, assessed) in ws.controls.iter().zip(&assessment.controls) {
        controls::ownership(loaded, sink);
        controls::targets(loaded, assessed, sink);
        controls::reviews(ws, loaded, today, sink);
        evidence::items(loaded, assessed, sink);
        evidence::missed_occurrences(loaded, assessed, sink);
    }
    controls::collectors(ws, sink);
    scope::coverage_gaps(ws, assessment, sink);
    records::roadmap(assessment, sink);
    records::trust_references(ws, sink);
    records::subprocessors_in_records(ws, sink);
    for loaded in &ws.processing {
        for activity in &loaded.value.activities {
            records::processing_activity(ws, assessment, &loaded.file, activity, sink);
        }
    }
    register::register_ids(ws, sink);
    register::systems(ws, assessment, sink);
    register::risks(ws, assessment, sink);
    scope::controls_without_rationale(ws, assessment, sink);
}

fn at(file: &Path, spanned: &Spanned<impl Sized>) -> Location {
    Location::new(file, spanned.position)
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

/// What `rules` report on a workspace of `files` (over the test fixture's defaults), one
/// `code: message` line each, in the order reported.
#[cfg(test)]
fn reported(
    files: &[(&str, &str)],
    rules: impl FnOnce(&Workspace, &Assessment, &mut Sink),
) -> Vec<String> {
    let fixture = crate::assessment::fixture::workspace(files);
    let mut sink = Sink {
        severities: super::Severities::from_config(&fixture.ws).expect("no [rules] overrides"),
        findings: Vec::new(),
        today: fixture.assessment.date,
    };
    rules(&fixture.ws, &fixture.assessment, &mut sink);
    sink.findings
        .iter()
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect()
}
