//! `--format json`: `{"summary": {...}, "findings": [...]}`, stable field names.

use serde::Serialize;

use crate::check::{Finding, Report, Summary};

#[derive(Serialize)]
struct Document<'a> {
    summary: Summary,
    /// The date the check was evaluated as of.
    date: String,
    findings: Vec<JsonFinding<'a>>,
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
    hint: Option<&'a str>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            rule: f.rule.code(),
            severity: f.severity.as_str(),
            message: &f.message,
            file: f.location.display_path(),
            line: f.location.position.line,
            column: f.location.position.column,
            hint: f.hint.as_deref(),
        }
    }
}

pub fn render(report: &Report) -> String {
    let doc = Document {
        summary: report.summary,
        date: report.today.to_string(),
        findings: report.findings.iter().map(JsonFinding::from).collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
