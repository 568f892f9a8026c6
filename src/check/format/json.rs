//! `--format json`: `{"summary": {...}, "passed", "date", "findings": [...], "controls": [...]}`,
//! stable field names. `controls` gives each control's verdict from the assessment, so that a
//! machine reading the check sees the same truth as `evidence status`.

use serde::Serialize;

use crate::check::{Finding, Report, FindingCounts};

#[derive(Serialize)]
struct Document<'a> {
    summary: FindingCounts,
    /// Whether the check passed (no errors; with --strict, no warnings either).
    passed: bool,
    /// The date the check was evaluated as of.
    date: String,
    findings: Vec<JsonFinding<'a>>,
    controls: Vec<JsonVerdict<'a>>,
}

#[derive(Serialize)]
struct JsonVerdict<'a> {
    id: &'a str,
    verdict: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: String,
    line: u32,
    column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            rule: f.code.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            file: f.location.display_path(),
            line: f.location.position.line,
            column: f.location.position.column,
            hint: f.hint(),
        }
    }
}

pub fn render(report: &Report) -> String {
    let doc = Document {
        summary: report.summary,
        passed: !report.fails(),
        date: report.today.to_string(),
        findings: report.findings.iter().map(JsonFinding::from).collect(),
        controls: report
            .verdicts
            .iter()
            .map(|(id, v)| JsonVerdict {
                id,
                verdict: v.as_str(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
