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
//! treated like ours: a questionnaire is untrusted input.

use std::borrow::Cow;

use serde::Serialize;

use super::citation::Citation;
use super::layout::column_letter;
use super::sheet::{Cell, CsvDialect, Sheet, Workbook};
use super::{Answer, Answered, Ownership, Part, Status, Summary};

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
    if answer.status == Status::Answered {
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

/// The cells `filled` changes in `original`, by sheet name: what an in-place XLSX edit writes.
pub fn xlsx_edits(original: &Workbook, filled: &Workbook) -> super::xlsx_edit::Edits {
    let mut edits = super::xlsx_edit::Edits::new();
    for (before, after) in original.sheets.iter().zip(&filled.sheets) {
        for (r, row) in after.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell != before.cell(r, c) && !before.formulas.contains(&(r, c)) {
                    edits
                        .entry(after.name.clone())
                        .or_default()
                        .insert((r, c), cell.text().into_owned());
                }
            }
        }
    }
    edits
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

/// The input XLSX workbook (its bytes) with only the answered cells changed: every formula,
/// style, validation, merged range, comment, defined name and sheet kept (see [`xlsx_edit`]).
///
/// [`xlsx_edit`]: super::xlsx_edit
pub fn to_xlsx_in_place(
    input: &[u8],
    answered: &Answered,
    review_columns: bool,
) -> Result<Vec<u8>, WriteError> {
    let filled = filled_workbook(answered, review_columns);
    let edits = xlsx_edits(&answered.workbook, &filled);
    Ok(super::xlsx_edit::apply(input, &edits)?)
}

/// Every sheet as a new XLSX workbook (for a CSV questionnaire wanted as XLSX); the answered
/// sheet gets readable column widths and a drop-down list on its answer column.
pub fn to_xlsx(
    workbook: &Workbook,
    answered: &Answered,
    review_columns: bool,
) -> Result<Vec<u8>, WriteError> {
    use rust_xlsxwriter::{DataValidation, Format, Workbook as XlsxWorkbook};
    let mut out = XlsxWorkbook::new();
    let formats = Formats {
        quoted: Format::new().set_quote_prefix(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
    };
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let worksheet = out.add_worksheet();
        worksheet.set_name(sheet_name(&sheet.name, index))?;
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                write_cell(worksheet, xlsx_row(r)?, xlsx_col(c)?, cell, &formats)?;
            }
        }
        if let Some((p, part)) = answered
            .parts
            .iter()
            .enumerate()
            .find(|(_, p)| p.layout.sheet == index)
        {
            let layout = &part.layout;
            let columns = place_columns(part, &answered.workbook.sheets[index], review_columns);
            set_widths(worksheet, layout, &columns)?;
            let last = answered
                .answers
                .iter()
                .filter(|a| a.part == p)
                .map(|a| a.row - 1)
                .max();
            if let Some(last) = last {
                let list = DataValidation::new()
                    .allow_list_strings(&part.vocabulary.words())?
                    .ignore_blank(true);
                let column = xlsx_col(columns.answer)?;
                let first = xlsx_row(layout.header_row + 1)?;
                worksheet.add_data_validation(first, column, xlsx_row(last)?, column, &list)?;
            }
        }
    }
    Ok(out.save_to_buffer()?)
}

struct Formats {
    quoted: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
    datetime: rust_xlsxwriter::Format,
}

fn write_cell(
    worksheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), WriteError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) if is_formula_like(s) => {
            worksheet.write_string_with_format(row, col, s, &formats.quoted)?;
        }
        Cell::Text(s) => {
            worksheet.write_string(row, col, s)?;
        }
        Cell::Number(n) => {
            worksheet.write_number(row, col, *n)?;
        }
        Cell::Date(n) => {
            let format = if n.fract() == 0.0 {
                &formats.date
            } else {
                &formats.datetime
            };
            worksheet.write_number_with_format(row, col, *n, format)?;
        }
        Cell::Bool(b) => {
            worksheet.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// Wide columns for the long texts, so the answered sheet is readable when opened.
fn set_widths(
    worksheet: &mut rust_xlsxwriter::Worksheet,
    layout: &super::Layout,
    columns: &Columns,
) -> Result<(), WriteError> {
    let mut widths: Vec<(usize, f64)> = vec![(layout.question, 60.0), (columns.answer, 12.0)];
    widths.extend(columns.narrative.map(|c| (c, 70.0)));
    widths.extend(columns.customer.map(|c| (c, 50.0)));
    for &(column, index) in &columns.review {
        let width = match column {
            ReviewColumn::Status | ReviewColumn::Confidence => 14.0,
            ReviewColumn::Controls | ReviewColumn::Ownership => 22.0,
            ReviewColumn::Reason | ReviewColumn::Evidence => 50.0,
            ReviewColumn::Narrative => 70.0,
        };
        widths.push((index, width));
    }
    for (column, width) in widths {
        worksheet.set_column_width(xlsx_col(column)?, width)?;
    }
    Ok(())
}

/// Excel's sheet-name rules: at most 31 characters, none of `[]:*?/\`. Names read from an XLSX
/// already follow them; a CSV's file name may not.
fn sheet_name(name: &str, index: usize) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').to_string();
    if cleaned.trim().is_empty() {
        format!("Sheet{}", index + 1)
    } else {
        cleaned
    }
}

fn xlsx_row(row: usize) -> Result<u32, WriteError> {
    u32::try_from(row)
        .ok()
        .filter(|&r| r < 1_048_576)
        .ok_or_else(|| too_large(format!("row {}", row + 1)))
}

fn xlsx_col(col: usize) -> Result<u16, WriteError> {
    u16::try_from(col)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| too_large(format!("column {}", column_letter(col))))
}

fn too_large(what: String) -> WriteError {
    WriteError::Xlsx(rust_xlsxwriter::XlsxError::ParameterError(format!(
        "{what} is beyond the limits of an XLSX worksheet"
    )))
}

/// The JSON report: `{"summary": {...}, "answers": [...]}`.
pub fn to_json(answered: &Answered) -> Result<String, WriteError> {
    #[derive(Serialize)]
    struct Report<'a> {
        summary: Summary,
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
        status: Status,
        reason: Option<&'a str>,
        #[serde(rename = "type")]
        kind: super::kind::QuestionKind,
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

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("a/b", 0), "a_b");
        assert_eq!(sheet_name("", 2), "Sheet3");
        assert_eq!(sheet_name(&"x".repeat(40), 0).len(), 31);
    }
}
