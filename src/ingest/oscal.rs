//! OSCAL assessment results (JSON), as written by assessment tools and compliance-trestle.
//!
//! - Recognised by the root key `assessment-results`, which must hold `metadata` and
//!   `results`.
//! - Collected: the latest `results[].end`; else the latest `results[].start`; else
//!   `metadata.last-modified`.
//! - Failing when any finding's `target.status.state` is `not-satisfied`; passing when there
//!   are findings and all are `satisfied`; informational when there are no findings (results
//!   holding only observations judge nothing).
//! - Tool: none (OSCAL names parties, not tools).

use serde::Deserialize;

use super::{Artefact, Format, IngestError, Outcome, count, time};
use crate::source::Position;

#[derive(Debug, Deserialize)]
struct Document {
    #[serde(rename = "assessment-results")]
    assessment_results: AssessmentResults,
}

#[derive(Debug, Deserialize)]
struct AssessmentResults {
    metadata: Metadata,
    results: Vec<AssessmentResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    title: Option<String>,
    last_modified: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AssessmentResult {
    title: Option<String>,
    start: Option<String>,
    end: Option<String>,
    #[serde(default)]
    findings: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
struct Finding {
    title: Option<String>,
    target: Target,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Target {
    target_id: Option<String>,
    status: Status,
}

#[derive(Debug, Deserialize)]
struct Status {
    state: String,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let format = Format::OscalAssessmentResults;
    let doc: Document =
        serde_json::from_slice(bytes).map_err(|e| IngestError::from_json(name, format, &e))?;
    let refuse = |m: String| IngestError::malformed(name, format, Position::default(), m);
    let ar = doc.assessment_results;
    let times = |pick: fn(&AssessmentResult) -> Option<&String>, field: &str| {
        ar.results
            .iter()
            .filter_map(pick)
            .map(|t| time::parse_with_offset(t, field))
            .collect::<Result<Vec<_>, _>>()
    };
    let ends = times(|r| r.end.as_ref(), "end").map_err(refuse)?;
    let starts = times(|r| r.start.as_ref(), "start").map_err(refuse)?;
    let modified = ar
        .metadata
        .last_modified
        .as_deref()
        .map(|t| time::parse_with_offset(t, "metadata.last-modified"))
        .transpose()
        .map_err(refuse)?;
    let collected_at = time::latest(ends)
        .or_else(|| time::latest(starts))
        .or(modified);

    let mut findings = 0;
    let mut reasons = Vec::new();
    for result in &ar.results {
        for finding in &result.findings {
            findings += 1;
            match finding.target.status.state.as_str() {
                "satisfied" => {}
                "not-satisfied" => reasons.push(describe(result, finding)),
                other => {
                    return Err(refuse(format!(
                        "a finding's target status state is {other:?}; expected satisfied or \
                         not-satisfied"
                    )));
                }
            }
        }
    }
    let outcome = if !reasons.is_empty() {
        Outcome::failing(reasons.clone())
    } else if findings == 0 {
        Outcome::Informational
    } else {
        Outcome::Passing
    };
    let title = ar
        .metadata
        .title
        .as_deref()
        .map(|t| format!(" \"{}\"", super::one_line(t, 80)))
        .unwrap_or_default();
    let summary = format!(
        "OSCAL assessment results{title}: {}, {}, {} not satisfied",
        count(ar.results.len(), "result", "results"),
        count(findings, "finding", "findings"),
        reasons.len()
    );
    Ok(Artefact {
        format,
        collected_at,
        outcome,
        tool: None,
        summary,
    })
}

/// "ac-2_obj.1 not satisfied: Account management (result: Monthly scan)".
fn describe(result: &AssessmentResult, finding: &Finding) -> String {
    let target = finding.target.target_id.as_deref().unwrap_or("a target");
    let title = finding
        .title
        .as_deref()
        .map(|t| format!(": {}", super::one_line(t, 120)))
        .unwrap_or_default();
    let within = result
        .title
        .as_deref()
        .map(|t| format!(" (result: {})", super::one_line(t, 80)))
        .unwrap_or_default();
    format!("{target} not satisfied{title}{within}")
}
