//! The answered questionnaire as JSON: the summary, where each sheet's columns were found, and
//! every answer with its status, reason, controls and citations.

use serde::Serialize;

use super::WriteError;
use crate::questionnaire::citation::Citation;
use crate::questionnaire::kind::QuestionKind;
use crate::questionnaire::vocabulary::Ownership;
use crate::questionnaire::{AnswerStatus, AnswerSummary, Answered};

/// The JSON report: `{"summary": {...}, "answers": [...]}`.
pub fn to_json(answered: &Answered) -> Result<String, WriteError> {
    #[derive(Serialize)]
    struct Report<'a> {
        summary: AnswerSummary,
        sheets: Vec<JsonSheet<'a>>,
        answers: Vec<JsonAnswer<'a>>,
    }
    #[derive(Serialize)]
    struct JsonSheet<'a> {
        name: &'a str,
        header_row: usize,
        columns: std::collections::BTreeMap<&'static str, Vec<String>>,
        questions: usize,
    }
    #[derive(Serialize)]
    struct JsonAnswer<'a> {
        sheet: &'a str,
        row: usize,
        id: Option<&'a str>,
        question: &'a str,
        answer: Option<&'a str>,
        narrative: Option<String>,
        ownership: Option<Ownership>,
        controls: &'a [String],
        evidence: &'a [Citation],
        confidence: f64,
        status: AnswerStatus,
        reason: Option<&'a str>,
        #[serde(rename = "type")]
        kind: QuestionKind,
        basis: Option<&'a str>,
    }
    let report = Report {
        summary: answered.summary,
        sheets: answered
            .parts
            .iter()
            .enumerate()
            .map(|(p, part)| {
                let sheet = &answered.workbook.sheets[part.layout.sheet];
                let mut columns: std::collections::BTreeMap<&'static str, Vec<String>> =
                    std::collections::BTreeMap::new();
                for (role, column) in part.layout.describe_columns(sheet) {
                    columns.entry(role).or_default().push(column);
                }
                JsonSheet {
                    name: &sheet.name,
                    header_row: part.layout.header_row + 1,
                    columns,
                    questions: answered.answers.iter().filter(|a| a.part == p).count(),
                }
            })
            .collect(),
        answers: answered
            .answers
            .iter()
            .map(|a| JsonAnswer {
                sheet: &answered.workbook.sheets[answered.parts[a.part].layout.sheet].name,
                row: a.row,
                id: a.id.as_deref(),
                question: &a.question,
                answer: a.short.as_deref(),
                narrative: a.narrative(),
                ownership: a.ownership,
                controls: &a.controls,
                evidence: &a.evidence,
                confidence: a.confidence,
                status: a.status,
                reason: a.reason.as_deref(),
                kind: a.kind,
                basis: a.basis.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}
