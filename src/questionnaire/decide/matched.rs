//! Answers found by retrieval (BM25 over the controls' text) for questions the answer library
//! does not know: the calibrated confidence, the threshold, and which controls may be cited
//! beside the best match.

use super::needs_review;
use super::polarity::{is_negative, ruled_out};
use super::{Answer, Answerer};
use crate::questionnaire::layout::Question;
use crate::questionnaire::retrieval::{self, Hit};

/// Controls scoring within this distance of the best match are cited with it.
const CITE_MARGIN: f64 = 0.1;
/// At most this many controls back one retrieved answer.
const MAX_CITED: usize = 3;
/// The share of a question's distinctive weight a `negative: true` control's title and tags
/// must hold before the control answers it No.
const NEGATIVE_TITLE_COVERAGE: f64 = 0.75;
/// A question needs at least this many content words (after stop words) to be matched by
/// retrieval: "Exceptions?" or "Encryption?" alone do not say what is asked.
const MIN_CONTENT_WORDS: usize = 2;

impl Answerer<'_> {
    pub(super) fn by_retrieval(&self, mut answer: Answer, question: &Question) -> Answer {
        if question.text.is_empty() {
            return needs_review(
                answer,
                "the row has no question text and the answer library has no entry for its ID"
                    .to_string(),
            );
        }
        let terms = retrieval::tokens_of(&question.text);
        if terms.len() < MIN_CONTENT_WORDS {
            return needs_review(
                answer,
                format!(
                    "the question has too few content words to match reliably ({}); add an \
answer-library entry for it",
                    if terms.is_empty() {
                        "none".to_string()
                    } else {
                        terms.iter().cloned().collect::<Vec<_>>().join(", ")
                    }
                ),
            );
        }
        let mut hits = self
            .index
            .search_in_context(&question.text, &question.context);
        // Rank by calibrated confidence: a control whose title names what is asked beats one
        // whose long description merely repeats a word ("training" of staff vs of models).
        hits.sort_by(|a, b| calibrated(b).total_cmp(&calibrated(a)));
        let Some(best) = hits.first().copied() else {
            return needs_review(
                answer,
                "no control shares any distinctive word with the question".to_string(),
            );
        };
        let confidence = calibrated(&best);
        answer.confidence = round(confidence);
        let best_control = self.control(best.doc);
        if confidence < self.threshold {
            answer.controls = vec![best_control.id.value.clone()];
            return needs_review(
                answer,
                format!(
                    "no control matches above the confidence threshold {} (best: `{}` \"{}\" at {:.2})",
                    self.threshold, best_control.id.value, best_control.title, confidence
                ),
            );
        }
        if best_control.negative {
            // A No rests on the question being about exactly what the control rules out: its
            // distinctive words are the control's title and tags ("Do you use customer data
            // for AI/ML training?"), not more ("Is your ML training data monitored?").
            if best.title_coverage < NEGATIVE_TITLE_COVERAGE {
                answer.controls = vec![best_control.id.value.clone()];
                return needs_review(
                    answer,
                    format!(
                        "control `{}` says what the organisation does not do (\"{}\"), and the \
question asks about more than that",
                        best_control.id.value,
                        best_control.title.trim()
                    ),
                );
            }
            return self.polar(answer, &[best.doc], question, None);
        }
        if is_negative(&question.text) {
            answer.controls = vec![best_control.id.value.clone()];
            return needs_review(
                answer,
                format!(
                    "the question is phrased in the negative and control `{}` is not marked \
`negative: true`; word matching cannot tell whether it means Yes or No (add an answer-library \
entry)",
                    best_control.id.value
                ),
            );
        }
        if let Some(phrase) = ruled_out(best_control, &terms) {
            answer.controls = vec![best_control.id.value.clone()];
            return needs_review(
                answer,
                format!(
                    "the question's words meet control `{}` only where it rules something out \
(\"{phrase}\"); a Yes could say the opposite of the matrix",
                    best_control.id.value
                ),
            );
        }
        // Other controls back the answer only when they match about as well, are positive
        // too, and are not matched only through what they rule out.
        let cited: Vec<usize> = hits
            .iter()
            .take_while(|h: &&Hit| {
                let c = calibrated(h);
                c >= self.threshold && confidence - c <= CITE_MARGIN
            })
            .filter(|h| {
                let c = self.control(h.doc);
                // A control cited beside the best one must be named by the question about as
                // well: sharing one generic title word ("management") is not enough.
                h.doc == best.doc
                    || (!c.negative
                        && ruled_out(c, &terms).is_none()
                        && h.title_coverage >= 0.5 * best.title_coverage)
            })
            .take(MAX_CITED)
            .map(|h| h.doc)
            .collect();
        self.judge(answer, &cited, None, &terms)
    }
}

/// The confidence a retrieval hit earns: lexical coverage of the question's distinctive words,
/// raised when those words name the control (title or tags) or the sheet's own context (its
/// section or control title) names it. A match on description words alone stays low.
fn calibrated(hit: &Hit) -> f64 {
    let title = hit.title_coverage;
    let named = if title > 0.0 { 0.2 } else { 0.0 };
    let context = 0.15 * hit.context_title_coverage * hit.confidence;
    let score = 0.6 * hit.confidence + 0.5 * title + named + context;
    // A question whose weightiest words appear in no control is about something else.
    let unknown = (1.0 - 0.8 * hit.unknown_share).max(0.0);
    (score * unknown).min(1.0)
}

/// Confidence to three decimals: enough to rank, and stable across platforms' float printing.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
