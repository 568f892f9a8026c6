//! Finding the header row of each sheet and the columns it names, and deciding which sheets
//! to answer: `--sheet`, else every sheet with question rows except the buyer's analyst sheets
//! and a workbook's master list of questions.

use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, InputError};
use crate::questionnaire::sheet::{Sheet, Workbook};
use crate::source::{Location, Position};

use super::headers::{
    ANALYST_SHEET_WORDS, ANSWER_NAMES, CONTEXT_NAMES, CUSTOMER_NAMES, ID_NAMES, NARRATIVE_NAMES,
    OWNERSHIP_NAMES, QUESTION_NAMES, column_from_letter, column_letter, describe_headers,
    find_by_header, find_by_synonym, header_texts, is_column_letter, normalise_header,
};
use super::rows::{is_question_id, questions};
use super::{ColumnFlags, Layout};

/// How far down a sheet the header row is looked for.
pub const HEADER_SEARCH_ROWS: usize = 50;

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
                    InputCode::SheetLayout,
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

fn is_analyst_sheet_name(name: &str) -> bool {
    let name = normalise_header(name);
    ANALYST_SHEET_WORDS.iter().any(|w| name.contains(w))
}

fn no_header(workbook: &Workbook, sheet: Option<&str>) -> Error {
    let place = sheet.map_or_else(|| "any sheet".to_string(), |name| format!("sheet `{name}`"));
    Error::input(
        InputCode::SheetLayout,
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
                Diagnostic::input(
                    InputCode::SheetLayout,
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
            return Err(Diagnostic::input(
                InputCode::SheetLayout,
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

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
