//! Rules on each control's evidence, from the state the assessment gave every item: missing,
//! failing, outside the workspace, undated, from the future or stale, and recurring evidence
//! with a window of the audit period that passed without an occurrence.

use crate::assessment::{CollectedFrom, ControlAssessment, EvidenceItem, EvidenceState, Logged};
use crate::check::{Rule, Sink};
use crate::model::{ControlStatus, EvidenceSource};
use crate::workspace::LoadedControl;

use super::at;

pub(super) fn items(loaded: &LoadedControl, assessed: &ControlAssessment, sink: &mut Sink) {
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
        EvidenceState::BrokenLink => (
            Rule::MissingEvidence,
            here,
            format!(
                "evidence `{path}` of `{control}` is a symbolic link that leads nowhere (to a \
                 file that does not exist, or round a loop)"
            ),
            "point the link at a file inside the workspace, or put the file itself there"
                .to_string(),
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
fn failure_detail(logged: &Logged) -> String {
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
pub(super) fn missed_occurrences(
    loaded: &LoadedControl,
    assessed: &ControlAssessment,
    sink: &mut Sink,
) {
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

#[cfg(test)]
mod tests {
    use super::failure_detail;
    use crate::assessment::Logged;
    use crate::evidence_log::Outcome;

    fn logged(summary: &str, reasons: &[&str]) -> Logged {
        Logged {
            outcome: Outcome::Failing,
            collected_at: jiff::Timestamp::UNIX_EPOCH,
            summary: summary.to_string(),
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn a_failure_detail_gives_the_summary_and_the_first_reason_with_a_count_of_the_rest() {
        assert_eq!(failure_detail(&logged("", &[])), "");
        assert_eq!(
            failure_detail(&logged("semgrep 1.2", &[])),
            " (semgrep 1.2)"
        );
        assert_eq!(failure_detail(&logged("", &["one"])), ": one");
        assert_eq!(
            failure_detail(&logged("2 results", &["one", "two", "three"])),
            " (2 results): one (and 2 more)"
        );
    }
}
