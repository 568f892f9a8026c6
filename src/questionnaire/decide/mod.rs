//! Deciding each answer from the matrix: the answer library first, then retrieval; then the
//! controls' status and evidence decide between Yes, No and "needs review".
//!
//! Before any of that, the question's kind ([`super::kind`]) decides what may be said at all: a
//! field ("Vendor legal name") is filled from the workspace's facts or left for review; an open
//! question ("Where are backups stored?") gets a narrative, never a bare Yes; a certification
//! question is answered from the trust roadmap ([`super::certification`]). Polarity: a control
//! marked `negative: true` says what the organisation does not do, so a question asking whether
//! that practice happens is answered No, citing it; a negated question over a positive control
//! goes to review. When the best-ranked control cannot answer, the answer is review: a
//! lower-ranked control never stands in for it.
//!
//! The rules read the controls' verdicts from the assessment ([`crate::assessment`]), in order,
//! for the controls an answer rests on:
//! 1. one is overdue (planned or partial past its target): the matrix itself is out of date and
//!    a person must look;
//! 2. every one is planned or not implemented: the matrix contradicts a yes, so the answer is No
//!    (with the target date where one is planned);
//! 3. some are done and some are not: needs review (a yes would overclaim, a no underclaim);
//! 4. one is partial and the sheet has no "partial" answer: needs review;
//! 5. one is declared implemented but unverified (evidence missing, stale, undated, dated in the
//!    future, or none named): needs review — never a Yes on a control the evidence does not prove;
//! 6. otherwise (every one verified) Yes, or the sheet's partial answer, citing the controls and
//!    their evidence.
//!
//! - this module: the [`Answerer`] and the order in which the paths below are tried;
//! - [`facts`]: fields filled from the workspace's facts, certifications from the trust roadmap;
//! - [`approved`]: answers from the answer library;
//! - [`matched`]: answers found by retrieval over the controls' text;
//! - [`polarity`]: questions and controls that say what does *not* happen;
//! - [`rules`]: rules 1-6 above, over the assessment's verdicts;
//! - [`wording`]: the narrative, the "not yet" sentences and the open-question form.

mod approved;
mod facts;
mod matched;
mod polarity;
mod rules;
#[cfg(test)]
mod tests;
mod wording;

use std::collections::BTreeMap;

use super::certification;
use super::kind::{self, QuestionKind};
use super::layout::Question;
use super::library::Library;
use super::retrieval::Index;
use super::vocabulary::Vocabulary;
use super::{Answer, AnswerStatus};
use crate::assessment::Assessment;
use crate::model::Control;
use crate::workspace::Workspace;
use wording::finish_kind;

#[derive(Clone)]
pub(super) struct Answerer<'a> {
    pub ws: &'a Workspace,
    pub library: &'a Library,
    pub vocabulary: &'a Vocabulary,
    pub assessment: &'a Assessment,
    pub threshold: f64,
    index: std::sync::Arc<Index>,
    by_id: BTreeMap<&'a str, usize>,
}

impl<'a> Answerer<'a> {
    pub fn new(
        ws: &'a Workspace,
        library: &'a Library,
        vocabulary: &'a Vocabulary,
        assessment: &'a Assessment,
        threshold: f64,
    ) -> Self {
        let texts: Vec<String> = ws.controls().map(searchable_text).collect();
        let titles: Vec<String> = ws
            .controls()
            .map(|c| {
                let mut t = c.title.clone();
                for tag in &c.tags {
                    t.push(' ');
                    t.push_str(tag);
                }
                t
            })
            .collect();
        let mut by_id = BTreeMap::new();
        for (i, control) in ws.controls().enumerate() {
            // Duplicate IDs are a check error; the first one written answers.
            by_id.entry(control.id.value.as_str()).or_insert(i);
        }
        Self {
            ws,
            library,
            vocabulary,
            assessment,
            threshold,
            index: std::sync::Arc::new(Index::with_titles(&texts, &titles)),
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
            assessment: self.assessment,
            threshold: self.threshold,
            index: self.index.clone(),
            by_id: self.by_id.clone(),
        }
    }

    /// The answer to one question, with the evidence to cite listed in `sources` (hashed later,
    /// all at once).
    pub fn answer(&self, question: &Question) -> Answer {
        let mut answer = Answer::blank(question);
        let (kind, field) = kind::classify(&question.text);
        answer.kind = kind;
        if let Some(field) = field.filter(|_| kind == QuestionKind::Field) {
            return self.fill_field(answer, field);
        }
        let entry = question
            .id
            .as_deref()
            .and_then(|id| self.library.lookup(id))
            // The built-in starter library serves only workspaces that have its controls.
            .filter(|e| {
                !self.library.builtin
                    || e.entry
                        .controls
                        .iter()
                        .all(|c| self.by_id.contains_key(c.value.as_str()))
            });
        // The library is the workspace's approved reading of a question; without it, a
        // question about another party's practice is not ours to answer.
        if entry.is_none()
            && let Some(party) = kind::other_party(&question.text)
        {
            return needs_review(
                answer,
                format!(
                    "the question asks about another party's practice ({party}), which the \
workspace's controls do not state"
                ),
            );
        }
        if kind == QuestionKind::YesNo
            && let Some(scheme) = certification::asks_for_certification(&question.text)
        {
            let conditional = kind::is_conditional(&question.text);
            return self.by_roadmap(answer, &scheme, conditional);
        }
        let answer = match entry {
            Some(entry) => self.by_library(answer, entry, question),
            None if kind == QuestionKind::YesNo && kind::asks_to_deliver(&question.text) => {
                needs_review(
                    answer,
                    "the question asks for something to be handed over; that a control does the \
work is not a commitment to share its results (add an answer-library entry)"
                        .to_string(),
                )
            }
            None => self.by_retrieval(answer, question),
        };
        finish_kind(answer)
    }

    /// A field: a fact the workspace records, or review.
    fn control(&self, index: usize) -> &'a Control {
        &self.ws.controls[index].control
    }
}

fn needs_review(mut answer: Answer, reason: String) -> Answer {
    answer.status = AnswerStatus::NeedsReview;
    answer.reason = Some(reason);
    answer
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
