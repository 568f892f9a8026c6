//! Finding the header row and the columns that matter in a questionnaire sheet.
//!
//! Questionnaires rarely start at A1: a title, instructions or a logo come first. The header row
//! is the first row (among the first [`HEADER_SEARCH_ROWS`]) that names a question column and at
//! least one other known column (ID or answer). Columns are recognised by their header text,
//! compared after normalisation (case, punctuation and parenthesised remarks ignored), against the
//! CAIQ v4 names and common variants; `--id-column`, `--question-column` and `--answer-column`
//! name them explicitly, by header text or by column letter.//!
//! - this module: the [`Layout`] found and the [`Question`] rows it yields;
//! - [`detect`]: finding the header row and the sheets to answer (or not: the buyer's analyst
//!   sheets and master lists);
//! - [`headers`]: the header names each column is known by, and column letters;
//! - [`rows`]: which rows below the header are questions, section headings or footers.

mod detect;
mod headers;
mod rows;
#[cfg(test)]
mod tests;

use super::sheet::Sheet;

pub use detect::{HEADER_SEARCH_ROWS, locate_all};
pub use headers::{column_from_letter, column_letter, normalise_header};
pub use rows::{is_question_id, questions};

/// Columns named on the command line, by header text or column letter.
#[derive(Debug, Clone, Default)]
pub struct ColumnFlags {
    pub id: Option<String>,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub narrative: Option<String>,
}

/// Where the questions and their answers are in a workbook. Indexes are 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub sheet: usize,
    pub header_row: usize,
    pub id: Option<usize>,
    pub question: usize,
    /// `None` when the sheet has no answer column: the output appends one.
    pub answer: Option<usize>,
    pub ownership: Option<usize>,
    pub narrative: Option<usize>,
    pub customer: Option<usize>,
    /// Section, domain or control-title columns: context for terse questions.
    pub context: Vec<usize>,
    /// The number of columns of the header row (appended columns start here).
    pub width: usize,
}

impl Layout {
    /// The columns used, by role, as `A "Question ID"`, for the JSON report and summary line.
    pub fn describe_columns(&self, sheet: &Sheet) -> Vec<(&'static str, String)> {
        let name = |c: usize| {
            format!(
                "{} \"{}\"",
                column_letter(c),
                sheet.cell(self.header_row, c).text().trim()
            )
        };
        let mut out = Vec::new();
        out.extend(self.id.map(|c| ("id", name(c))));
        out.push(("question", name(self.question)));
        out.push((
            "answer",
            self.answer
                .map_or_else(|| "appended \"Answer\"".to_string(), name),
        ));
        out.extend(self.narrative.map(|c| ("narrative", name(c))));
        out.extend(self.ownership.map(|c| ("ownership", name(c))));
        out.extend(self.customer.map(|c| ("customer", name(c))));
        out.extend(self.context.iter().map(|&c| ("context", name(c))));
        out
    }
}

/// A question row of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// 0-based row in the sheet.
    pub row: usize,
    pub id: Option<String>,
    pub text: String,
    /// The section heading above the row and the row's context columns, for retrieval.
    pub context: String,
}
