//! The question rows below a header: which rows are questions, which are section headings
//! (kept as context for the rows below them) and which are footers or junk.

use super::{Layout, Question};
use crate::questionnaire::sheet::Sheet;

/// The question rows below the header. With an ID column, a row is a question when its ID looks
/// like a question ID (short, with a digit: `A&A-01.1`, `DOCU-01`, `3.2`); a row with text and
/// no ID is a section heading, kept as context for the rows below it; anything else (footers
/// such as "End of Standard", a copyright line, `#REF!`) is skipped. Without an ID column, a
/// row is a question when it has question text that is not a footer.
pub fn questions(sheet: &Sheet, layout: &Layout) -> Vec<Question> {
    let mut out = Vec::new();
    let mut heading = String::new();
    // A block of question rows right above the header row (HECVAT's START HERE lists its
    // general fields before the first header) belongs to the same columns.
    let mut first = layout.header_row + 1;
    if let Some(id) = layout.id {
        while first > 1
            && is_question_id(&sheet.cell(first - 2, id).text())
            && !sheet.cell(first - 2, layout.question).is_blank()
        {
            first -= 1;
        }
    }
    for row in (first - 1..sheet.rows.len()).filter(|&r| r != layout.header_row) {
        // An answer the workbook computes (a formula) is not ours to give.
        if layout
            .answer
            .is_some_and(|a| sheet.formulas.contains(&(row, a)))
        {
            continue;
        }
        let text = sheet.cell(row, layout.question).text().trim().to_string();
        let id_cell = layout
            .id
            .map(|c| sheet.cell(row, c).text().trim().to_string())
            .unwrap_or_default();
        if is_footer(&text) || is_footer(&id_cell) {
            continue;
        }
        let id = (!id_cell.is_empty()).then_some(id_cell);
        let is_question = match (&layout.id, &id) {
            (Some(_), Some(id)) if !is_question_id(id) => {
                // A heading written across the row starts in the ID column.
                if text.is_empty() || text == *id {
                    heading.clone_from(id);
                }
                false
            }
            (Some(_), Some(_)) => true,
            (Some(_), None) => {
                if !text.is_empty() {
                    heading.clone_from(&text);
                }
                false
            }
            (None, _) => !text.is_empty(),
        };
        if !is_question {
            continue;
        }
        let mut context: Vec<String> = Vec::new();
        if !heading.is_empty() {
            context.push(heading.clone());
        }
        for &c in &layout.context {
            let value = sheet.cell(row, c).text().trim().to_string();
            if !value.is_empty() && !context.contains(&value) {
                context.push(value);
            }
        }
        out.push(Question {
            row,
            id,
            text,
            context: context.join(" \n "),
        });
    }
    out
}

/// Whether a cell of the ID column holds a question ID: short, at most two words, not an error
/// value, and with a digit (`A&A-01.1`, `DOCU-01`, `3.2`) or joined parts (`LS-Q-ENC`). A lone
/// word such as `DOCU` or `Documentation` is a section heading.
pub fn is_question_id(id: &str) -> bool {
    let id = id.trim();
    id.chars().count() <= 32
        && id.split_whitespace().count() <= 2
        && !id.starts_with('#')
        && (id.chars().any(|c| c.is_ascii_digit())
            || (!id.contains(' ') && id.contains(['-', '_', '.'])))
}

/// Footer and junk rows: "End of Standard", copyright lines, spreadsheet error values.
fn is_footer(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.starts_with("end of ")
        || lower == "end"
        || lower.starts_with('©')
        || lower.starts_with("(c) ")
        || lower.starts_with("copyright")
        || lower.contains("all rights reserved")
        || lower.starts_with("#ref!")
        || lower.starts_with("#n/a")
        || lower.starts_with("#value!")
}
