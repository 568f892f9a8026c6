//! Finding the header row and the columns that matter in a questionnaire sheet.
//!
//! Questionnaires rarely start at A1: a title, instructions or a logo come first. The header row
//! is the first row (among the first [`HEADER_SEARCH_ROWS`]) that names a question column and at
//! least one other known column (ID or answer). Columns are recognised by their header text,
//! compared after normalisation (case, punctuation and parenthesised remarks ignored), against the
//! CAIQ v4 names and common variants; `--id-column`, `--question-column` and `--answer-column`
//! name them explicitly, by header text or by column letter.

use crate::error::{Error, InputError};
use crate::source::{Location, Position};

use super::sheet::{Sheet, Workbook};

/// How far down a sheet the header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 50;

const ID_NAMES: &[&str] = &[
    "question id",
    "id",
    "ref",
    "ref id",
    "ref no",
    "reference",
    "reference id",
    "question ref",
    "question no",
    "question number",
    "number",
    "no",
    "item",
    "item id",
    "qid",
    "q id",
    "code",
    "new id",
    "new code",
    "question code",
];
const QUESTION_NAMES: &[&str] = &[
    "question",
    "questions",
    "question text",
    "control question",
    "assessment question",
    "security question",
    "requirement",
    "query",
    "request",
];
const ANSWER_NAMES: &[&str] = &[
    "csp caiq answer",
    "caiq answer",
    "answer",
    "answers",
    "response",
    "vendor answer",
    "vendor response",
    "supplier answer",
    "supplier response",
    "your answer",
    "your response",
    "yes no",
    "yes no na",
    "yes no n a",
    "compliant",
    "compliance",
];
const OWNERSHIP_NAMES: &[&str] = &[
    "ssrm control ownership",
    "control ownership",
    "ownership",
    "responsibility",
    "responsible party",
];
const NARRATIVE_NAMES: &[&str] = &[
    "csp implementation description",
    "implementation description",
    "implementation details",
    "comments",
    "comment",
    "vendor comments",
    "additional comments",
    "vendor additional information",
    "additional information",
    "notes",
    "explanation",
    "details",
    "answer details",
    "response details",
    "justification",
    "evidence notes",
    "evidence",
    "additional info",
    "additional details",
    "additional notes",
    "remarks",
    "vendor notes",
    "vendor comments",
    "supporting information",
];
/// Columns that say what a terse question is about: CAIQ's CCM columns, a section or domain.
const CONTEXT_NAMES: &[&str] = &[
    "section",
    "domain",
    "category",
    "topic",
    "area",
    "control title",
    "ccm control title",
    "control domain",
    "ccm domain",
    "ccm domain title",
    "domain title",
    "control name",
];
/// Sheets for the buyer's analyst (scores, summaries, instructions), never answered unless
/// named with `--sheet`: a sheet whose name contains one of these words.
const ANALYST_SHEET_WORDS: &[&str] = &[
    "analyst",
    "scor",
    "summary",
    "report",
    "instruction",
    "read me",
    "readme",
    "dashboard",
    "evaluation",
    "backend",
    "auto responses",
    "reference",
    "lists",
    "values",
    "change log",
    "changelog",
    "version",
    "about",
    "glossary",
];
const CUSTOMER_NAMES: &[&str] = &[
    "csc responsibilities",
    "customer responsibilities",
    "customer responsibility",
];

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

/// The sheets to answer and their columns: `--sheet`, else every sheet with a header row and
/// question rows, except the buyer's analyst sheets (by name, or because their questions are
/// formulas copying another sheet's).
pub fn locate_all(
    workbook: &Workbook,
    sheet_name: Option<&str>,
    flags: &ColumnFlags,
) -> Result<Vec<Layout>, Error> {
    let file = &workbook.path;
    if let Some(name) = sheet_name {
        let index = workbook
            .sheets
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| {
                let names: Vec<String> = workbook
                    .sheets
                    .iter()
                    .map(|s| format!("`{}`", s.name))
                    .collect();
                Error::input(
                    Location::file(file),
                    format!(
                        "no sheet named `{name}`; the sheets are {}",
                        names.join(", ")
                    ),
                )
            })?;
        return locate_in_sheet(workbook, index, flags)?
            .map(|l| vec![l])
            .ok_or_else(|| no_header(workbook, Some(name)));
    }
    let mut found = Vec::new();
    let mut first_error = None;
    for index in 0..workbook.sheets.len() {
        let sheet = &workbook.sheets[index];
        if workbook.sheets.len() > 1 && is_analyst_sheet_name(&sheet.name) {
            continue;
        }
        match locate_in_sheet(workbook, index, flags) {
            // Question rows whose answer cell is a formula are left out (see [`questions`]),
            // so an analyst's sheet computing its answers from the vendor tabs has none.
            Ok(Some(layout)) if !questions(sheet, &layout).is_empty() => found.push(layout),
            Ok(Some(_)) => {}
            Ok(None) => {}
            // A flag naming no column of one sheet is an error only if no sheet has it.
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if found.is_empty() {
        return Err(first_error.unwrap_or_else(|| no_header(workbook, None)));
    }
    Ok(drop_master_lists(workbook, found))
}

/// A workbook's master list of every question (HECVAT's "Questions" backend sheet) repeats the
/// vendor tabs' IDs: a sheet most of whose IDs appear on the other sheets found, and that is
/// larger than each of them, is the list the tabs are built from, not a sheet to answer.
fn drop_master_lists(workbook: &Workbook, found: Vec<Layout>) -> Vec<Layout> {
    let ids: Vec<std::collections::BTreeSet<String>> = found
        .iter()
        .map(|l| {
            questions(&workbook.sheets[l.sheet], l)
                .into_iter()
                .filter_map(|q| q.id)
                .collect()
        })
        .collect();
    let keep: Vec<bool> = (0..found.len())
        .map(|i| {
            let others: std::collections::BTreeSet<&String> = ids
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, s)| s.iter())
                .collect();
            let repeated = ids[i].iter().filter(|id| others.contains(id)).count();
            let largest = ids
                .iter()
                .enumerate()
                .all(|(j, s)| j == i || s.len() < ids[i].len());
            !(found.len() >= 2 && largest && repeated * 2 > ids[i].len())
        })
        .collect();
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

/// The first sheet to answer (see [`locate_all`]).
pub fn locate(
    workbook: &Workbook,
    sheet_name: Option<&str>,
    flags: &ColumnFlags,
) -> Result<Layout, Error> {
    locate_all(workbook, sheet_name, flags).map(|mut l| l.remove(0))
}

fn is_analyst_sheet_name(name: &str) -> bool {
    let name = normalise_header(name);
    ANALYST_SHEET_WORDS.iter().any(|w| name.contains(w))
}

fn no_header(workbook: &Workbook, sheet: Option<&str>) -> Error {
    let place = sheet.map_or_else(|| "any sheet".to_string(), |name| format!("sheet `{name}`"));
    Error::input(
        Location::file(&workbook.path),
        format!(
            "no header row found in the first {HEADER_SEARCH_ROWS} rows of {place}: expected a \
question column (such as \"Question\") and an ID or answer column (such as \"Question ID\", \
\"Answer\"); name them with --question-column, --id-column and --answer-column"
        ),
    )
}

fn locate_in_sheet(
    workbook: &Workbook,
    index: usize,
    flags: &ColumnFlags,
) -> Result<Option<Layout>, Error> {
    let sheet = &workbook.sheets[index];
    for row in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        if let Some(layout) = layout_if_header(workbook, index, row, flags)? {
            return Ok(Some(layout));
        }
    }
    // A header naming only the answer column (HECVAT's vendor tabs, whose question text is a
    // formula under a blank header): the question column is inferred from the rows below.
    if flags.question.is_none() {
        for row in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
            if let Some((id, question)) = infer_question_column(sheet, row, flags) {
                return layout_at_with(workbook, index, row, flags, Some((id, question))).map(Some);
            }
        }
    }
    // Columns all given by letter: the first non-blank row is the header.
    if flags.question.as_deref().is_some_and(is_column_letter)
        && let Some(row) = sheet
            .rows
            .iter()
            .position(|r| r.iter().any(|c| !c.is_blank()))
    {
        return layout_at(workbook, index, row, flags).map(Some);
    }
    Ok(None)
}

/// The layout if `row` is the header row: it names the question column and one more.
fn layout_if_header(
    workbook: &Workbook,
    index: usize,
    row: usize,
    flags: &ColumnFlags,
) -> Result<Option<Layout>, Error> {
    let headers = header_texts(&workbook.sheets[index], row);
    let named = |flag: &Option<String>, names: &[&str]| match flag {
        Some(flag) => find_by_header(&headers, flag),
        None => find_by_synonym(&headers, names),
    };
    let question = named(&flags.question, QUESTION_NAMES);
    let others = [
        named(&flags.id, ID_NAMES),
        named(&flags.answer, ANSWER_NAMES),
    ];
    let question_by_letter = flags.question.as_deref().is_some_and(is_column_letter);
    let is_header = if question_by_letter {
        others.iter().any(Option::is_some)
    } else {
        question.is_some() && others.iter().any(Option::is_some)
    };
    if !is_header {
        return Ok(None);
    }
    layout_at(workbook, index, row, flags).map(Some)
}

/// How many rows below a header are read to infer its question and ID columns.
const INFER_ROWS: usize = 40;

/// For a header row that names an answer column but no question column: the ID and question
/// columns, from the rows below. The question column is the one left of the answer column
/// holding the longest texts; the ID column, one left of it whose values are mostly IDs.
fn infer_question_column(
    sheet: &Sheet,
    row: usize,
    flags: &ColumnFlags,
) -> Option<(Option<usize>, usize)> {
    let headers = header_texts(sheet, row);
    let answer = match &flags.answer {
        Some(flag) => find_by_header(&headers, flag).or_else(|| column_from_letter(flag))?,
        None => find_by_synonym(&headers, ANSWER_NAMES)?,
    };
    // The rows around the header: below it, and a block of general fields above it.
    let near = row.saturating_sub(INFER_ROWS / 4)..(row + 1 + INFER_ROWS).min(sheet.rows.len());
    let texts = |c: usize| -> Vec<String> {
        near.clone()
            .filter(|&r| r != row)
            .map(|r| sheet.cell(r, c).text().trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    let question = (0..answer)
        .rev()
        .filter(|&c| {
            headers.get(c).is_none_or(|h| h.trim().is_empty())
                || find_by_synonym(&headers[c..=c], QUESTION_NAMES).is_some()
        })
        .map(|c| {
            let t = texts(c);
            let long = t
                .iter()
                .filter(|t| t.split_whitespace().count() >= 3)
                .count();
            (long, c)
        })
        .filter(|(long, _)| *long >= 2)
        .max_by_key(|(long, c)| (*long, *c))?
        .1;
    let id = match &flags.id {
        Some(flag) => find_by_header(&headers, flag).or_else(|| column_from_letter(flag)),
        None => (0..question).rev().find(|&c| {
            // IDs are judged below the header (instructions above it are not IDs), or in the
            // block of fields just above it when nothing is below.
            let column = |rows: std::ops::Range<usize>| -> Vec<String> {
                rows.map(|r| sheet.cell(r, c).text().trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            let mut t = column(row + 1..(row + 1 + INFER_ROWS).min(sheet.rows.len()));
            if t.len() < 2 {
                let mut top = row;
                while top > 0 && is_question_id(&sheet.cell(top - 1, c).text()) {
                    top -= 1;
                }
                t = column(top..row);
            }
            let ids = t.iter().filter(|t| is_question_id(t)).count();
            ids >= 2 && ids * 5 >= t.len() * 3
        }),
    };
    Some((id, question))
}

/// Resolve every column against the header row `row`; a flag that names nothing is an error.
fn layout_at(
    workbook: &Workbook,
    index: usize,
    row: usize,
    flags: &ColumnFlags,
) -> Result<Layout, Error> {
    layout_at_with(workbook, index, row, flags, None)
}

/// As [`layout_at`], with the ID and question columns already known (inferred).
fn layout_at_with(
    workbook: &Workbook,
    index: usize,
    row: usize,
    flags: &ColumnFlags,
    inferred: Option<(Option<usize>, usize)>,
) -> Result<Layout, Error> {
    let sheet = &workbook.sheets[index];
    let headers = header_texts(sheet, row);
    let at_header = |column| {
        Location::new(
            &workbook.path,
            Position::new(saturate(row + 1), saturate(column + 1)),
        )
    };
    let resolve = |flag: &Option<String>, option: &str, names: &[&str]| match flag {
        None => Ok(find_by_synonym(&headers, names)),
        Some(flag) => find_by_header(&headers, flag)
            .or_else(|| column_from_letter(flag))
            .map(Some)
            .ok_or_else(|| {
                InputError::new(
                    at_header(0),
                    format!(
                        "{option} `{flag}` names no column of the header row; its columns are {}",
                        describe_headers(&headers)
                    ),
                )
            }),
    };
    let (id, question) = match inferred {
        Some(columns) => columns,
        None => (
            resolve(&flags.id, "--id-column", ID_NAMES)?,
            resolve(&flags.question, "--question-column", QUESTION_NAMES)?
                .ok_or_else(|| no_header(workbook, Some(&sheet.name)))?,
        ),
    };
    let answer = resolve(&flags.answer, "--answer-column", ANSWER_NAMES)?;
    let mut narrative = resolve(&flags.narrative, "--narrative-column", NARRATIVE_NAMES)?;
    // A sheet that repeats its header per section (HECVAT) may name the narrative column
    // only in a later header row, the one above the first section with narratives.
    if narrative.is_none()
        && flags.narrative.is_none()
        && let Some(a) = answer
    {
        let answer_header = normalise_header(&sheet.cell(row, a).text());
        narrative = (row + 1..sheet.rows.len())
            .filter(|&r| normalise_header(&sheet.cell(r, a).text()) == answer_header)
            .find_map(|r| find_by_synonym(&header_texts(sheet, r), NARRATIVE_NAMES));
    }
    let roles = [Some(question), id, answer, narrative];
    let context = headers
        .iter()
        .enumerate()
        .filter(|(c, h)| {
            CONTEXT_NAMES.contains(&normalise_header(h).as_str()) && !roles.contains(&Some(*c))
        })
        .map(|(c, _)| c)
        .collect();
    let layout = Layout {
        sheet: index,
        header_row: row,
        id,
        question,
        answer,
        ownership: find_by_synonym(&headers, OWNERSHIP_NAMES),
        narrative,
        customer: find_by_synonym(&headers, CUSTOMER_NAMES),
        context,
        width: headers.len(),
    };
    check_distinct(&layout, at_header(layout.question))?;
    Ok(layout)
}

/// Two roles in one column would overwrite the question or the ID with the answer.
fn check_distinct(layout: &Layout, at: Location) -> Result<(), InputError> {
    let mut used: Vec<(&str, usize)> = vec![("question", layout.question)];
    used.extend(layout.id.map(|c| ("ID", c)));
    used.extend(layout.answer.map(|c| ("answer", c)));
    used.extend(layout.narrative.map(|c| ("narrative", c)));
    for (i, (role, column)) in used.iter().enumerate() {
        if let Some((other, _)) = used[..i].iter().find(|(_, c)| c == column) {
            return Err(InputError::new(
                at,
                format!(
                    "the {other} and {role} columns are both column {}; name them apart with \
--id-column, --question-column, --answer-column and --narrative-column",
                    column_letter(*column)
                ),
            ));
        }
    }
    Ok(())
}

fn header_texts(sheet: &Sheet, row: usize) -> Vec<String> {
    sheet.rows.get(row).map_or_else(Vec::new, |cells| {
        cells.iter().map(|c| c.text().into_owned()).collect()
    })
}

fn find_by_synonym(headers: &[String], names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&normalise_header(h).as_str()))
}

/// A flag names a header exactly (ignoring case and surrounding space), or after normalisation.
fn find_by_header(headers: &[String], flag: &str) -> Option<usize> {
    let flag_trimmed = flag.trim();
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(flag_trimmed))
        .or_else(|| {
            let wanted = normalise_header(flag);
            headers.iter().position(|h| normalise_header(h) == wanted)
        })
}

/// Lowercase, parenthesised remarks dropped, punctuation to single spaces:
/// "CSP Implementation Description\n(Optional/Recommended)" → "csp implementation description".
pub fn normalise_header(text: &str) -> String {
    let text = if text.trim() == "#" { "number" } else { text };
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_column_letter(text: &str) -> bool {
    let text = text.trim();
    (1..=3).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphabetic())
}

/// "A" → 0, "Z" → 25, "AA" → 26.
fn column_from_letter(text: &str) -> Option<usize> {
    if !is_column_letter(text) {
        return None;
    }
    let mut n = 0usize;
    for c in text.trim().chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

/// 0 → "A", 26 → "AA".
pub fn column_letter(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + u8::try_from(column % 26).unwrap_or(0)));
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn describe_headers(headers: &[String]) -> String {
    let named: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.trim().is_empty())
        .map(|(i, h)| format!("{} \"{}\"", column_letter(i), h.trim()))
        .collect();
    if named.is_empty() {
        "none (the row is empty)".to_string()
    } else {
        named.join(", ")
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::sheet::{Cell, SheetFormat};

    fn workbook(rows: &[&[&str]]) -> Workbook {
        let rows = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text((*c).to_string())
                        }
                    })
                    .collect()
            })
            .collect();
        Workbook {
            path: "q.csv".into(),
            format: SheetFormat::Csv,
            sheets: vec![Sheet {
                name: "q".into(),
                rows,
                ..Sheet::default()
            }],
            dialect: crate::questionnaire::sheet::CsvDialect::default(),
        }
    }

    #[test]
    fn finds_the_caiq_header_below_a_title() {
        let wb = workbook(&[
            &["Consensus Assessments Initiative Questionnaire"],
            &[],
            &[
                "Question ID",
                "Question",
                "CSP CAIQ Answer",
                "SSRM Control Ownership",
                "CSP Implementation Description\n(Optional/Recommended)",
                "CSC Responsibilities (Optional/Recommended)",
                "CCM Control ID",
            ],
            &["A&A-01.1", "Is there an audit policy?"],
        ]);
        let layout = locate(&wb, None, &ColumnFlags::default()).unwrap();
        assert_eq!(layout.header_row, 2);
        assert_eq!(
            (layout.id, layout.question, layout.answer),
            (Some(0), 1, Some(2))
        );
        assert_eq!(
            (layout.ownership, layout.narrative, layout.customer),
            (Some(3), Some(4), Some(5))
        );
        assert_eq!(layout.width, 7);
    }

    #[test]
    fn flags_name_columns_by_header_or_letter() {
        let wb = workbook(&[&["Ref", "Ask", "Vendor reply"], &["1", "Do you?", ""]]);
        let flags = ColumnFlags {
            id: None,
            question: Some("ask".into()),
            answer: Some("C".into()),
            narrative: None,
        };
        let layout = locate(&wb, None, &flags).unwrap();
        assert_eq!(
            (layout.id, layout.question, layout.answer),
            (Some(0), 1, Some(2))
        );
    }

    #[test]
    fn a_flag_naming_nothing_lists_the_columns() {
        let wb = workbook(&[&["ID", "Question", "Answer"]]);
        let flags = ColumnFlags {
            answer: Some("Reply here".into()),
            ..ColumnFlags::default()
        };
        let err = locate(&wb, None, &flags).unwrap_err().to_string();
        assert!(err.contains("q.csv:1:1"), "{err}");
        assert!(
            err.contains("A \"ID\", B \"Question\", C \"Answer\""),
            "{err}"
        );
    }

    #[test]
    fn no_header_is_a_clear_error() {
        let wb = workbook(&[&["Name", "Email"], &["a", "b"]]);
        let err = locate(&wb, None, &ColumnFlags::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no header row found"), "{err}");
    }

    #[test]
    fn section_headings_are_not_questions() {
        let wb = workbook(&[
            &["ID", "Question", "Answer"],
            &["", "Data security", ""],
            &["DS-1", "Is data encrypted at rest?", ""],
        ]);
        let layout = locate(&wb, None, &ColumnFlags::default()).unwrap();
        let qs = questions(&wb.sheets[0], &layout);
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].id.as_deref(), Some("DS-1"));
    }

    #[test]
    fn column_letters_round_trip() {
        for n in [0, 25, 26, 51, 52, 701, 702] {
            assert_eq!(column_from_letter(&column_letter(n)), Some(n));
        }
        assert_eq!(column_letter(27), "AB");
    }
}
