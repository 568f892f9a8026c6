//! `evidence answer`: answer a security questionnaire (CAIQ, SIG Lite, HECVAT, a customer's own
//! sheet) from the workspace, deterministically and without a language model.
//!
//! - [`sheet`]: read CSV and XLSX into a grid that keeps every sheet, row, column and cell type.
//! - [`layout`]: find the header row and the ID, question, answer and other known columns.
//! - [`library`]: the answer library (`answers/*.yaml`): question IDs mapped to controls and text.
//! - [`retrieval`]: BM25 over the controls' text, for questions the library does not know.
//! - `decide`: the matrix's verdict — Yes, No (the matrix contradicts a yes) or needs review.
//! - [`citation`]: how an answer cites its evidence: the SHA-256 and collection date of each
//!   file, and whether it is fit to cite.
//! - [`vocabulary`]: the sheet's own words for yes/no/NA and for ownership.
//! - [`write`]: the answered questionnaire as CSV, XLSX or JSON, with formula injection
//!   neutralised.
//! - [`xlsx_edit`]: an XLSX questionnaire answered in place, every other byte of it kept.
//!
//! The tool never invents: a question it cannot ground in a control above the confidence
//! threshold, with fresh evidence, comes back "needs review" with the reason.

pub mod certification;
pub mod citation;
mod decide;
pub mod kind;
pub mod layout;
pub mod library;
pub mod retrieval;
pub mod sheet;
pub mod vocabulary;
pub mod write;
pub mod xlsx_edit;

use std::path::Path;

use serde::Serialize;

use crate::assessment::Assessment;
use crate::error::Result;
use crate::workspace::Workspace;

pub use layout::{ColumnFlags, Layout, Question};
pub use library::Library;
pub use sheet::{Cell, Sheet, SheetFormat, Workbook};
pub use vocabulary::{Ownership, Vocabulary};

/// The calibrated retrieval confidence below which a match is sent to review. Chosen on the
/// benchmark questionnaires (scripts/bench-questionnaire.sh) against the flagship example: at
/// 0.75 no answer is a false Yes, and raising it drops right answers without removing the few
/// wrong ones (those match the wrong control's title as well as the right one's would).
/// Lexical matching cannot see meaning, so this errs on the side of review; a workspace with
/// an answer library for its questionnaires rarely depends on it.
pub const DEFAULT_THRESHOLD: f64 = 0.75;

#[derive(Debug, Clone)]
pub struct Options {
    /// `--sheet`: the sheet to answer (default: every vendor-facing sheet with a header row).
    pub sheet: Option<String>,
    pub columns: ColumnFlags,
    pub threshold: f64,
}

/// Whether a row was answered or left for a person, with the reason in [`Answer::reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerStatus {
    Answered,
    NeedsReview,
}

impl AnswerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::NeedsReview => "needs review",
        }
    }
}

/// The answer to one question row.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The index of the answered sheet in [`Answered::parts`].
    pub part: usize,
    /// The row as the spreadsheet numbers it (1-based).
    pub row: usize,
    pub id: Option<String>,
    pub question: String,
    /// The short answer in the sheet's vocabulary; `None` when it needs review.
    pub short: Option<String>,
    /// What we do, from the answer library or the controls' descriptions.
    pub statement: Option<String>,
    /// What the customer owns, for shared and customer-owned controls.
    pub customer: Option<String>,
    pub ownership: Option<Ownership>,
    /// The controls cited (for a row that needs review: the candidates considered).
    pub controls: Vec<String>,
    pub evidence: Vec<citation::Citation>,
    /// 1 for an answer-library match; the retrieval confidence otherwise.
    pub confidence: f64,
    pub status: AnswerStatus,
    /// Why the row needs review.
    pub reason: Option<String>,
    /// What the question asks for: yes/no, an explanation, or a field.
    pub kind: kind::QuestionKind,
    /// Where a field's value, a certification's status or a library answer came from.
    pub basis: Option<String>,
    /// Evidence to hash and cite once every row is decided.
    pub(crate) sources: Vec<citation::SourceKey>,
}

impl Answer {
    fn blank(question: &Question) -> Self {
        Self {
            part: 0,
            row: question.row + 1,
            id: question.id.clone(),
            question: question.text.clone(),
            short: None,
            statement: None,
            customer: None,
            ownership: None,
            controls: Vec::new(),
            evidence: Vec::new(),
            confidence: 0.0,
            status: AnswerStatus::NeedsReview,
            reason: None,
            kind: kind::QuestionKind::YesNo,
            basis: None,
            sources: Vec::new(),
        }
    }

    /// The whole narrative: what we do, then what the customer owns.
    pub fn narrative(&self) -> Option<String> {
        match (&self.statement, &self.customer) {
            (Some(s), Some(c)) => Some(format!("{s} Customer responsibility: {c}")),
            (Some(s), None) => Some(s.clone()),
            (None, Some(c)) => Some(format!("Customer responsibility: {c}")),
            (None, None) => None,
        }
    }
}

/// How many rows of the questionnaire were answered and how many need review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AnswerSummary {
    pub answered: usize,
    pub needs_review: usize,
}

impl AnswerSummary {
    fn of(answers: &[Answer]) -> Self {
        let answered = answers
            .iter()
            .filter(|a| a.status == AnswerStatus::Answered)
            .count();
        Self {
            answered,
            needs_review: answers.len() - answered,
        }
    }
}

/// One answered sheet: where its columns are and the words it speaks.
#[derive(Debug, Clone)]
pub struct Part {
    pub layout: Layout,
    pub vocabulary: Vocabulary,
    /// The sheet's ownership column speaks CAIQ's SSRM vocabulary.
    pub ssrm: bool,
}

/// A questionnaire with its answers.
#[derive(Debug, Clone)]
pub struct Answered {
    pub workbook: Workbook,
    /// The sheets answered, in workbook order.
    pub parts: Vec<Part>,
    pub answers: Vec<Answer>,
    pub summary: AnswerSummary,
    /// Something the user should know about how the answers were made (the starter library
    /// standing in for a missing `answers/`).
    pub notice: Option<String>,
}

impl Answered {
    /// The summary line's account of where the answers went:
    /// `sheet "Product" (ID A "Code", question B "Question", answer C "Answer")`.
    pub fn describe_parts(&self) -> String {
        self.parts
            .iter()
            .map(|part| {
                let sheet = &self.workbook.sheets[part.layout.sheet];
                let columns: Vec<String> = part
                    .layout
                    .describe_columns(sheet)
                    .into_iter()
                    .map(|(role, c)| format!("{role} {c}"))
                    .collect();
                format!("sheet \"{}\" ({})", sheet.name, columns.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Read the questionnaire at `path` and answer it from `ws` as assessed.
pub fn answer_file(
    ws: &Workspace,
    assessment: &Assessment,
    path: &Path,
    options: &Options,
) -> Result<Answered> {
    let workbook = sheet::read(path)?;
    answer_workbook(ws, assessment, workbook, options)
}

/// Answer every question of `workbook` from `ws`, its assessment and its answer library.
pub fn answer_workbook(
    ws: &Workspace,
    assessment: &Assessment,
    workbook: Workbook,
    options: &Options,
) -> Result<Answered> {
    let library = Library::load(&ws.root)?;
    let layouts = layout::locate_all(&workbook, options.sheet.as_deref(), &options.columns)?;
    let default_vocabulary = Vocabulary::default();
    let base = decide::Answerer::new(
        ws,
        &library,
        &default_vocabulary,
        assessment,
        options.threshold,
    );
    let mut parts = Vec::new();
    let mut answers: Vec<Answer> = Vec::new();
    for layout in layouts {
        let sheet = &workbook.sheets[layout.sheet];
        let questions = layout::questions(sheet, &layout);
        let vocabulary = sheet_vocabulary(sheet, &layout, &questions);
        let ssrm = speaks_ssrm(sheet, &layout, &questions);
        let answerer = base.with_vocabulary(&vocabulary);
        let part = parts.len();
        answers.extend(questions.iter().map(|q| {
            let mut answer = answerer.answer(q);
            answer.part = part;
            if let Some(column) = layout.answer {
                fit_to_list(&mut answer, sheet.list_at(q.row, column));
            }
            answer
        }));
        parts.push(Part {
            layout,
            vocabulary,
            ssrm,
        });
    }
    attach_evidence(ws, assessment, &mut answers);
    let summary = AnswerSummary::of(&answers);
    let notice = library.builtin.then(|| {
        format!(
            "the workspace has no {dir}/ folder: answering with the built-in starter library \
({dir}/caiq-v4.yaml; its entries citing controls the workspace lacks are skipped). Copy it \
into the workspace to adapt it: `evidence init` writes it",
            dir = library::ANSWERS_DIR
        )
    });
    Ok(Answered {
        workbook,
        parts,
        answers,
        summary,
        notice,
    })
}

/// The sheet's words for yes, no, NA and partial: the buyer's drop-down list first, then the
/// values already in the answer column.
fn sheet_vocabulary(sheet: &Sheet, layout: &Layout, questions: &[Question]) -> Vocabulary {
    let listed: Vec<String> = layout
        .answer
        .and_then(|c| questions.iter().find_map(|q| sheet.list_at(q.row, c)))
        .map(<[String]>::to_vec)
        .unwrap_or_default();
    Vocabulary::learn(
        listed
            .iter()
            .map(|v| std::borrow::Cow::Borrowed(v.as_str()))
            .chain(
                layout
                    .answer
                    .into_iter()
                    .flat_map(|c| questions.iter().map(move |q| sheet.cell(q.row, c).text())),
            ),
    )
}

/// Whether the sheet's ownership column speaks CAIQ's SSRM vocabulary.
fn speaks_ssrm(sheet: &Sheet, layout: &Layout, questions: &[Question]) -> bool {
    layout.ownership.is_some_and(|c| {
        let values: Vec<_> = questions
            .iter()
            .map(|q| sheet.cell(q.row, c).text())
            .collect();
        vocabulary::is_ssrm(
            &sheet.cell(layout.header_row, c).text(),
            values.iter().map(|v| v.as_ref()),
        )
    })
}

/// A yes/no answer in the words of the drop-down list on its cell: the list's spelling of the
/// same meaning ("N/A" for "NA"), or review when the list has no word for it (a row offering
/// only Yes and No cannot be answered NA).
fn fit_to_list(answer: &mut Answer, list: Option<&[String]>) {
    let (Some(list), Some(short)) = (list, answer.short.clone()) else {
        return;
    };
    if answer.status != AnswerStatus::Answered || answer.kind != kind::QuestionKind::YesNo {
        return;
    }
    let Some(meaning) = vocabulary::classify(&short) else {
        return;
    };
    match list
        .iter()
        .find(|v| vocabulary::classify(v) == Some(meaning))
    {
        Some(word) => answer.short = Some(word.clone()),
        None => {
            answer.short = None;
            answer.status = AnswerStatus::NeedsReview;
            answer.reason = Some(format!(
                "the answer would be \"{short}\", which the sheet's drop-down list for this row \
({}) does not offer",
                list.join(", ")
            ));
            answer.sources.clear();
        }
    }
}

/// Hash every piece of evidence the answers cite (each file once, on every core) and attach the
/// citations. An answer whose evidence cannot be read goes to review rather than citing nothing.
fn attach_evidence(ws: &Workspace, assessment: &Assessment, answers: &mut [Answer]) {
    let mut keys: Vec<citation::SourceKey> = answers
        .iter()
        .flat_map(|a| a.sources.iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let citations = citation::cite(ws, assessment, &keys);
    for answer in answers.iter_mut() {
        for key in std::mem::take(&mut answer.sources) {
            match &citations[&key] {
                Ok(citation) => answer.evidence.push(citation.clone()),
                Err(reason) if answer.status == AnswerStatus::Answered => {
                    answer.status = AnswerStatus::NeedsReview;
                    answer.short = None;
                    answer.reason = Some(format!("evidence {reason}"));
                }
                Err(_) => {}
            }
        }
        if answer.status == AnswerStatus::NeedsReview {
            answer.evidence.clear();
        }
    }
}
