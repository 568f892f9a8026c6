//! Writing the answered questionnaire: CSV (csv crate), XLSX (rust_xlsxwriter) or JSON.
//!
//! Spreadsheet output keeps every sheet, row and column of the input where it was, with the
//! header text unchanged. Answered rows get their short answer, narrative, ownership and
//! customer responsibilities in the sheet's own columns; rows that need review keep whatever
//! they held. Columns the sheet lacks are appended after its last column: `Answer` when there
//! was no answer column, and (unless turned off) `Review: …` columns for the person who checks
//! the answers before the sheet goes back to the customer.
//!
//! XLSX output is a new workbook built from the cell values: the input's formatting, formulas
//! (their last computed values are kept), comments, merged cells and validation lists are not
//! carried over; the answer column gets a drop-down list of the sheet's answer words.
//!
//! Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or carriage return) is neutralised: in CSV with a leading apostrophe, in XLSX by Excel's
//! quote prefix (the cell is text and stays text when edited). The customer's own cells are
//! treated like ours: a questionnaire is untrusted input.//!
//! - this module: the answered workbook ([`filled_workbook`]) and CSV;
//! - [`xlsx`]: XLSX, in place or as a new workbook;
//! - [`json`]: the JSON report.

mod json;
mod xlsx;

use std::borrow::Cow;

use super::citation::Citation;
use super::sheet::{Cell, CsvDialect, Sheet, Workbook};
use super::{Answer, AnswerStatus, Answered, Ownership, Part};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write the XLSX workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot answer the XLSX workbook in place: {0}")]
    Edit(#[from] super::xlsx_edit::EditError),
}

/// Headers of the columns appended for the reviewer.
pub const REVIEW_STATUS: &str = "Review: status";
pub const REVIEW_REASON: &str = "Review: reason";
pub const REVIEW_CONFIDENCE: &str = "Review: confidence";
pub const REVIEW_CONTROLS: &str = "Review: controls";
pub const REVIEW_EVIDENCE: &str = "Review: evidence";
pub const REVIEW_NARRATIVE: &str = "Review: narrative";
pub const REVIEW_OWNERSHIP: &str = "Review: ownership";
/// Header of the answer column appended to a sheet that has none.
pub const APPENDED_ANSWER: &str = "Answer";

/// Where each part of an answer goes in the output sheet.
#[derive(Debug, Clone, Default)]
struct Columns {
    answer: usize,
    narrative: Option<usize>,
    ownership: Option<usize>,
    customer: Option<usize>,
    review: Vec<(ReviewColumn, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReviewColumn {
    Status,
    Reason,
    Confidence,
    Controls,
    Evidence,
    Narrative,
    Ownership,
}

impl ReviewColumn {
    fn header(self) -> &'static str {
        match self {
            Self::Status => REVIEW_STATUS,
            Self::Reason => REVIEW_REASON,
            Self::Confidence => REVIEW_CONFIDENCE,
            Self::Controls => REVIEW_CONTROLS,
            Self::Evidence => REVIEW_EVIDENCE,
            Self::Narrative => REVIEW_NARRATIVE,
            Self::Ownership => REVIEW_OWNERSHIP,
        }
    }
}

/// The workbook with the answers written into the answered sheets.
pub fn filled_workbook(answered: &Answered, review_columns: bool) -> Workbook {
    let mut workbook = answered.workbook.clone();
    for (index, part) in answered.parts.iter().enumerate() {
        let layout = &part.layout;
        let sheet = &mut workbook.sheets[layout.sheet];
        let columns = place_columns(part, sheet, review_columns);
        let header = layout.header_row;
        if layout.answer.is_none() {
            sheet.set(header, columns.answer, text(APPENDED_ANSWER));
        }
        for &(column, c) in &columns.review {
            sheet.set(header, c, text(column.header()));
        }
        for answer in answered.answers.iter().filter(|a| a.part == index) {
            fill_row(sheet, &columns, answer, part.ssrm);
        }
    }
    workbook
}

/// The sheet's own columns, then appended ones after the widest row (so nothing is overwritten).
fn place_columns(part: &Part, sheet: &Sheet, review_columns: bool) -> Columns {
    let layout = &part.layout;
    let mut next = sheet.width().max(layout.width);
    let mut append = || {
        next += 1;
        next - 1
    };
    let answer = layout.answer.unwrap_or_else(&mut append);
    let mut review = Vec::new();
    if review_columns {
        for column in [
            ReviewColumn::Status,
            ReviewColumn::Reason,
            ReviewColumn::Confidence,
            ReviewColumn::Controls,
            ReviewColumn::Evidence,
        ] {
            review.push((column, append()));
        }
        if layout.narrative.is_none() {
            review.push((ReviewColumn::Narrative, append()));
        }
        if layout.ownership.is_none() {
            review.push((ReviewColumn::Ownership, append()));
        }
    }
    Columns {
        answer,
        narrative: layout.narrative,
        ownership: layout.ownership,
        customer: layout.customer,
        review,
    }
}

fn fill_row(sheet: &mut Sheet, columns: &Columns, answer: &Answer, ssrm: bool) {
    let row = answer.row - 1;
    let ownership = answer.ownership.map(|o| ownership_word(o, ssrm));
    if answer.status == AnswerStatus::Answered {
        put(sheet, row, Some(columns.answer), answer.short.as_deref());
        // With a customer column, the narrative column says only what we do.
        let narrative = match columns.customer {
            Some(_) => answer.statement.clone(),
            None => answer.narrative(),
        };
        put(sheet, row, columns.narrative, narrative.as_deref());
        put(sheet, row, columns.ownership, ownership);
        put(sheet, row, columns.customer, answer.customer.as_deref());
    }
    for &(column, index) in &columns.review {
        let value = match column {
            ReviewColumn::Status => Some(answer.status.as_str().to_string()),
            ReviewColumn::Reason => answer.reason.clone(),
            ReviewColumn::Confidence => Some(format!("{:.2}", answer.confidence)),
            ReviewColumn::Controls => Some(answer.controls.join(", ")),
            ReviewColumn::Evidence => Some(
                answer
                    .evidence
                    .iter()
                    .map(Citation::summary)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            ReviewColumn::Narrative => answer.narrative(),
            ReviewColumn::Ownership => ownership.map(str::to_string),
        };
        put(
            sheet,
            row,
            Some(index),
            value.as_deref().filter(|v| !v.is_empty()),
        );
    }
}

/// Write a cell unless it holds one of the workbook's formulas: those belong to the buyer.
fn put(sheet: &mut Sheet, row: usize, column: Option<usize>, value: Option<&str>) {
    if let (Some(column), Some(value)) = (column, value)
        && !sheet.formulas.contains(&(row, column))
    {
        sheet.set(row, column, text(value));
    }
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn ownership_word(ownership: Ownership, ssrm: bool) -> &'static str {
    if ssrm {
        ownership.ssrm()
    } else {
        ownership.plain()
    }
}

pub use crate::cell::{is_formula_like, neutralise};

/// One sheet as CSV (the answered one: CSV holds a single sheet), in the input's dialect:
/// its delimiter, line ends and byte-order mark.
pub fn to_csv(sheet: &Sheet, dialect: CsvDialect) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::new();
    if dialect.bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let line_end: &[u8] = if dialect.crlf { b"\r\n" } else { b"\n" };
    for row in &sheet.rows {
        if row.is_empty() {
            // The csv crate writes `""` for an empty record; a blank line is what was read.
            out.extend_from_slice(line_end);
            continue;
        }
        let cells: Vec<Cow<str>> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(s) => neutralise(s),
                other => other.text(),
            })
            .collect();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(dialect.delimiter)
            .terminator(if dialect.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(&mut out);
        writer.write_record(cells.iter().map(|c| c.as_ref()))?;
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

pub use json::to_json;
pub use xlsx::{to_xlsx, to_xlsx_in_place, xlsx_edits};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_survive_csv() {
        let sheet = Sheet {
            name: "q".into(),
            rows: vec![vec![text("a")], vec![], vec![text("b"), text("=c")]],
            ..Sheet::default()
        };
        let csv = String::from_utf8(to_csv(&sheet, CsvDialect::default()).unwrap()).unwrap();
        assert_eq!(csv, "a\n\nb,'=c\n");
    }
}
