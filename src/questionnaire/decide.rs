//! Deciding each answer from the matrix: the answer library first, then retrieval; then the
//! controls' status and evidence decide between Yes, No and "needs review".
//!
//! The rules, in order, for the controls an answer rests on:
//! 1. every one is planned or not implemented: the matrix contradicts a yes, so the answer is No
//!    (with the target date where one is planned) — unless a target has passed, which means the
//!    matrix itself is out of date and a person must look;
//! 2. some are done and some are not: needs review (a yes would overclaim, a no underclaim);
//! 3. one is partial and the sheet has no "partial" answer: needs review;
//! 4. evidence of one is stale, missing or dated in the future: needs review;
//! 5. otherwise Yes (or the sheet's partial answer), citing the controls and their evidence.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::evidence::{self, Problem, SourceKey};
use super::layout::Question;
use super::library::{FixedAnswer, Library, LoadedEntry};
use super::retrieval::{Hit, Index};
use super::vocabulary::{Meaning, Ownership, Vocabulary};
use super::{Answer, Status};
use crate::model::{Control, ControlStatus};
use crate::workspace::Workspace;

/// Controls scoring within this distance of the best match are cited with it.
const CITE_MARGIN: f64 = 0.1;
/// At most this many controls back one retrieved answer.
const MAX_CITED: usize = 3;

#[derive(Clone)]
pub(super) struct Answerer<'a> {
    pub ws: &'a Workspace,
    pub library: &'a Library,
    pub vocabulary: &'a Vocabulary,
    pub problems: &'a BTreeMap<SourceKey, Problem>,
    pub threshold: f64,
    pub today: Date,
    index: std::sync::Arc<Index>,
    by_id: BTreeMap<&'a str, usize>,
}

impl<'a> Answerer<'a> {
    pub fn new(
        ws: &'a Workspace,
        library: &'a Library,
        vocabulary: &'a Vocabulary,
        problems: &'a BTreeMap<SourceKey, Problem>,
        threshold: f64,
        today: Date,
    ) -> Self {
        let texts: Vec<String> = ws.controls().map(searchable_text).collect();
        let mut by_id = BTreeMap::new();
        for (i, control) in ws.controls().enumerate() {
            // Duplicate IDs are a check error; the first one written answers.
            by_id.entry(control.id.value.as_str()).or_insert(i);
        }
        Self {
            ws,
            library,
            vocabulary,
            problems,
            threshold,
            today,
            index: std::sync::Arc::new(Index::new(&texts)),
            by_id,
        }
    }

    /// The same answerer speaking another sheet's words.
    pub fn with_vocabulary<'v>(&self, vocabulary: &'v Vocabulary) -> Answerer<'v>
    where
        'a: 'v,
    {
        Answerer {
            ws: self.ws,
            library: self.library,
            vocabulary,
            problems: self.problems,
            threshold: self.threshold,
            today: self.today,
            index: self.index.clone(),
            by_id: self.by_id.clone(),
        }
    }

    /// The answer to one question, with the evidence to cite listed in `sources` (hashed later,
    /// all at once).
    pub fn answer(&self, question: &Question) -> Answer {
        let answer = Answer::blank(question);
        let entry = question
            .id
            .as_deref()
            .and_then(|id| self.library.lookup(id));
        match entry {
            Some(entry) => self.by_library(answer, entry),
            None => self.by_retrieval(answer, question),
        }
    }

    fn by_library(&self, mut answer: Answer, loaded: &LoadedEntry) -> Answer {
        answer.confidence = 1.0;
        let mut controls = Vec::new();
        for id in &loaded.entry.controls {
            match self.by_id.get(id.value.as_str()) {
                Some(&i) => controls.push(i),
                None => {
                    answer.controls = loaded
                        .entry
                        .controls
                        .iter()
                        .map(|c| c.value.clone())
                        .collect();
                    return needs_review(
                        answer,
                        format!(
                            "the answer library ({}) cites control `{}`, which the workspace does not have",
                            loaded.location(),
                            id.value
                        ),
                    );
                }
            }
        }
        let text = loaded.entry.text.as_deref();
        match loaded.fixed_answer() {
            FixedAnswer::Yes => self.judge(answer, &controls, text),
            FixedAnswer::No => self.fixed(answer, &controls, Meaning::No, text),
            FixedAnswer::Na => self.fixed(answer, &controls, Meaning::NotApplicable, text),
        }
    }

    /// An approved No or NA: the library's text is the whole answer.
    fn fixed(
        &self,
        mut answer: Answer,
        controls: &[usize],
        meaning: Meaning,
        text: Option<&str>,
    ) -> Answer {
        self.cite_controls(&mut answer, controls);
        answer.short = self.vocabulary.word(meaning).map(str::to_string);
        answer.statement = text.map(str::to_string);
        answer.status = Status::Answered;
        answer
    }

    fn by_retrieval(&self, mut answer: Answer, question: &Question) -> Answer {
        if question.text.is_empty() {
            return needs_review(
                answer,
                "the row has no question text and the answer library has no entry for its ID"
                    .to_string(),
            );
        }
        let hits = self.index.search(&question.text);
        let Some(best) = hits.first().copied() else {
            return needs_review(
                answer,
                "no control shares any distinctive word with the question".to_string(),
            );
        };
        answer.confidence = round(best.confidence);
        if best.confidence < self.threshold {
            let control = self.control(best.doc);
            answer.controls = vec![control.id.value.clone()];
            return needs_review(
                answer,
                format!(
                    "no control matches above the confidence threshold {} (best: `{}` \"{}\" at {:.2})",
                    self.threshold, control.id.value, control.title, best.confidence
                ),
            );
        }
        let best_control = self.control(best.doc);
        if is_negative(&question.text) || is_negative(&best_control.title) {
            answer.controls = vec![best_control.id.value.clone()];
            return needs_review(
                answer,
                format!(
                    "the question or control `{}` is phrased in the negative; word matching cannot \
tell whether the control's existence means Yes or No (add an answer-library entry)",
                    best_control.id.value
                ),
            );
        }
        let cited: Vec<usize> = hits
            .iter()
            .take_while(|h: &&Hit| {
                h.confidence >= self.threshold && best.confidence - h.confidence <= CITE_MARGIN
            })
            .take(MAX_CITED)
            .map(|h| h.doc)
            .collect();
        self.judge(answer, &cited, None)
    }

    /// Rules 1-5 of the module documentation.
    fn judge(&self, mut answer: Answer, controls: &[usize], text: Option<&str>) -> Answer {
        self.cite_controls(&mut answer, controls);
        let unfinished: Vec<&Control> = controls
            .iter()
            .map(|&i| self.control(i))
            .filter(|c| is_unfinished(c.status.value))
            .collect();
        if let Some(overdue) = unfinished.iter().find(|c| self.target_passed(c)) {
            return needs_review(
                answer,
                format!(
                    "control `{}` is {} with a target date that has passed ({}); update the matrix",
                    overdue.id.value,
                    overdue.status.value.as_str(),
                    overdue
                        .target
                        .as_ref()
                        .map(|t| t.value.to_string())
                        .unwrap_or_default()
                ),
            );
        }
        if !controls.is_empty() && unfinished.len() == controls.len() {
            answer.short = self.vocabulary.word(Meaning::No).map(str::to_string);
            answer.statement = Some(join_sentences(unfinished.iter().map(|c| not_yet(c))));
            answer.status = Status::Answered;
            return answer;
        }
        if let Some(control) = unfinished.first() {
            return needs_review(
                answer,
                format!(
                    "control `{}` is only {}{}, while the others cited are in place",
                    control.id.value,
                    status_words(control.status.value),
                    target_words(control)
                ),
            );
        }
        let partial: Vec<&Control> = controls
            .iter()
            .map(|&i| self.control(i))
            .filter(|c| c.status.value == ControlStatus::Partial)
            .collect();
        let meaning = if partial.is_empty() {
            Meaning::Yes
        } else {
            Meaning::Partial
        };
        let Some(word) = self.vocabulary.word(meaning) else {
            let control = partial[0];
            return needs_review(
                answer,
                format!(
                    "control `{}` is only partially implemented{} and the sheet offers no partial answer",
                    control.id.value,
                    target_words(control)
                ),
            );
        };
        if let Some(reason) = self.evidence_problem(controls) {
            return needs_review(answer, reason);
        }
        answer.short = Some(word.to_string());
        // The library's words lead; the controls' own descriptions follow, so the narrative
        // always reflects the workspace's matrix as it is today.
        let lead = text.map(str::to_string).into_iter();
        let described = controls.iter().map(|&i| describe(self.control(i)));
        answer.statement = Some(join_sentences(lead.chain(described)));
        answer.customer = customer_duties(controls.iter().map(|&i| self.control(i)));
        answer.sources = controls
            .iter()
            .flat_map(|&c| (0..self.control(c).evidence.len()).map(move |s| (c, s)))
            .collect();
        answer.status = Status::Answered;
        answer
    }

    fn cite_controls(&self, answer: &mut Answer, controls: &[usize]) {
        answer.controls = controls
            .iter()
            .map(|&i| self.control(i).id.value.clone())
            .collect();
        answer.ownership = Ownership::combine(controls.iter().map(|&i| ownership(self.control(i))));
    }

    fn evidence_problem(&self, controls: &[usize]) -> Option<String> {
        for &c in controls {
            let control = self.control(c);
            for (s, source) in control.evidence.iter().enumerate() {
                if let Some(problem) = self.problems.get(&(c, s)) {
                    return Some(format!(
                        "evidence {} of `{}` {}",
                        evidence::name_for_people(source),
                        control.id.value,
                        problem.describe()
                    ));
                }
            }
        }
        None
    }

    fn target_passed(&self, control: &Control) -> bool {
        control.status.value == ControlStatus::Planned
            && control
                .target
                .as_ref()
                .is_some_and(|t| t.value < self.today)
    }

    fn control(&self, index: usize) -> &'a Control {
        &self.ws.controls[index].control
    }
}

/// Retrieval matches words, not meaning: "Do you train on customer data?" shares its words with
/// the control "No training on customer data", and a Yes would say the opposite of the matrix.
fn is_negative(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(str::to_lowercase)
        .any(|w| {
            matches!(
                w.as_str(),
                "no" | "not" | "never" | "without" | "none" | "nor" | "cannot"
            ) || w.ends_with("n't")
        })
}

fn needs_review(mut answer: Answer, reason: String) -> Answer {
    answer.status = Status::NeedsReview;
    answer.reason = Some(reason);
    answer
}

fn is_unfinished(status: ControlStatus) -> bool {
    matches!(
        status,
        ControlStatus::Planned | ControlStatus::NotImplemented
    )
}

/// What retrieval reads of a control. Title and tags are repeated: they are short and say what
/// the control is about, where a description also says how.
fn searchable_text(control: &Control) -> String {
    let mut parts = vec![control.title.as_str(), control.title.as_str()];
    parts.extend(control.description.as_deref());
    parts.extend(control.category.as_deref());
    for tag in &control.tags {
        parts.push(tag);
        parts.push(tag);
    }
    parts.join(" \n ")
}

/// A control in our matrix without a declared responsibility is ours.
fn ownership(control: &Control) -> Ownership {
    control
        .responsibility
        .as_ref()
        .map_or(Ownership::Provider, |r| r.owner.into())
}

fn customer_duties<'c>(controls: impl Iterator<Item = &'c Control>) -> Option<String> {
    let mut duties: Vec<&str> = Vec::new();
    for control in controls {
        let Some(r) = &control.responsibility else {
            continue;
        };
        if r.owner == crate::model::control::ResponsibilityOwner::Provider {
            continue;
        }
        if let Some(text) = r.customer.as_deref().map(str::trim)
            && !text.is_empty()
            && !duties.contains(&text)
        {
            duties.push(text);
        }
    }
    (!duties.is_empty()).then(|| join_sentences(duties.into_iter().map(str::to_string)))
}

fn describe(control: &Control) -> String {
    match control.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => format!("{}: {d}", control.title.trim()),
        _ => control.title.trim().to_string(),
    }
}

fn not_yet(control: &Control) -> String {
    match control.status.value {
        ControlStatus::Planned => format!(
            "Not yet: {} is planned{}",
            control.title.trim(),
            target_words(control)
        ),
        _ => format!("{} is not implemented", control.title.trim()),
    }
}

fn status_words(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::NotImplemented => "not implemented",
        other => other.as_str(),
    }
}

fn target_words(control: &Control) -> String {
    control
        .target
        .as_ref()
        .map(|t| format!(" (target {})", t.value))
        .unwrap_or_default()
}

/// Sentences joined with a space, each ending with a full stop.
fn join_sentences(sentences: impl Iterator<Item = String>) -> String {
    sentences
        .map(|s| {
            let s = s.trim().to_string();
            if s.ends_with(['.', '!', '?']) {
                s
            } else {
                format!("{s}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Confidence to three decimals: enough to rank, and stable across platforms' float printing.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
