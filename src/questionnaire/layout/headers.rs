//! The names a questionnaire's columns go by (CAIQ v4's and common variants), compared after
//! normalisation, and the spreadsheet's column letters; `--id-column` and the like name a column
//! by either.

use crate::questionnaire::sheet::Sheet;

pub(super) const ID_NAMES: &[&str] = &[
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
pub(super) const QUESTION_NAMES: &[&str] = &[
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
pub(super) const ANSWER_NAMES: &[&str] = &[
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
pub(super) const OWNERSHIP_NAMES: &[&str] = &[
    "ssrm control ownership",
    "control ownership",
    "ownership",
    "responsibility",
    "responsible party",
];
pub(super) const NARRATIVE_NAMES: &[&str] = &[
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
pub(super) const CONTEXT_NAMES: &[&str] = &[
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
pub(super) const ANALYST_SHEET_WORDS: &[&str] = &[
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
pub(super) const CUSTOMER_NAMES: &[&str] = &[
    "csc responsibilities",
    "customer responsibilities",
    "customer responsibility",
];

pub(super) fn header_texts(sheet: &Sheet, row: usize) -> Vec<String> {
    sheet.rows.get(row).map_or_else(Vec::new, |cells| {
        cells.iter().map(|c| c.text().into_owned()).collect()
    })
}

pub(super) fn find_by_synonym(headers: &[String], names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&normalise_header(h).as_str()))
}

/// A flag names a header exactly (ignoring case and surrounding space), or after normalisation.
pub(super) fn find_by_header(headers: &[String], flag: &str) -> Option<usize> {
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

pub(super) fn is_column_letter(text: &str) -> bool {
    let text = text.trim();
    (1..=3).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphabetic())
}

/// "A" → 0, "Z" → 25, "AA" → 26.
pub fn column_from_letter(text: &str) -> Option<usize> {
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

pub(super) fn describe_headers(headers: &[String]) -> String {
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
