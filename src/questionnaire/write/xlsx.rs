//! The answered questionnaire as XLSX: the buyer's workbook answered in place (see
//! [`xlsx_edit`](crate::questionnaire::xlsx_edit)), or a new workbook built from the cell values
//! for a CSV wanted as XLSX, with readable widths and a drop-down list on the answer column.

use super::{Columns, ReviewColumn, WriteError, filled_workbook, place_columns};
use crate::cell::is_formula_like;
use crate::questionnaire::Answered;
use crate::questionnaire::layout::{Layout, column_letter};
use crate::questionnaire::sheet::{Cell, Workbook};
use crate::questionnaire::xlsx_edit::{self, Edits};

/// The cells `filled` changes in `original`, by sheet name: what an in-place XLSX edit writes.
pub fn xlsx_edits(original: &Workbook, filled: &Workbook) -> Edits {
    let mut edits = Edits::new();
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

/// The input XLSX workbook (its bytes) with only the answered cells changed: every formula,
/// style, validation, merged range, comment, defined name and sheet kept (see [`xlsx_edit`]).
///
/// [`xlsx_edit`]: crate::questionnaire::xlsx_edit
pub fn to_xlsx_in_place(
    input: &[u8],
    answered: &Answered,
    review_columns: bool,
) -> Result<Vec<u8>, WriteError> {
    let filled = filled_workbook(answered, review_columns);
    let edits = xlsx_edits(&answered.workbook, &filled);
    Ok(xlsx_edit::apply(input, &edits)?)
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
    layout: &Layout,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("a/b", 0), "a_b");
        assert_eq!(sheet_name("", 2), "Sheet3");
        assert_eq!(sheet_name(&"x".repeat(40), 0).len(), 31);
    }
}
