//! Polarity: controls marked `negative: true` say what the organisation does not do, and
//! questions may be asked in the negative. A question over such a control is answered No when
//! the commitment holds; a question meeting a control only where its title rules something out
//! goes to review, since a Yes could say the opposite of the matrix.

use std::collections::BTreeSet;

use super::needs_review;
use super::{Answer, AnswerStatus, Answerer};
use crate::model::Control;
use crate::questionnaire::kind::QuestionKind;
use crate::questionnaire::layout::Question;
use crate::questionnaire::retrieval;
use crate::questionnaire::vocabulary::Meaning;

impl Answerer<'_> {
    /// A question over controls that say what the organisation does *not* do. Asked plainly
    /// ("Do you train on customer data?"), the answer is No when the commitment holds; asked in
    /// the negative ("Do you ensure customer data is never used for training?"), it is Yes.
    pub(super) fn polar(
        &self,
        mut answer: Answer,
        controls: &[usize],
        question: &Question,
        text: Option<&str>,
    ) -> Answer {
        let terms = retrieval::tokens_of(&question.text);
        if answer.kind != QuestionKind::YesNo {
            self.cite_controls(&mut answer, controls);
            return needs_review(
                answer,
                format!(
                    "control `{}` says what the organisation does not do; an open question over \
it needs a person's words",
                    self.control(controls[0]).id.value
                ),
            );
        }
        let judged = self.judge(answer, controls, text, &terms);
        if judged.status != AnswerStatus::Answered || is_negative(&question.text) {
            return judged;
        }
        let mut answer = judged;
        let yes = self.vocabulary.word(Meaning::Yes);
        if answer.short.as_deref() == yes {
            // The commitment holds: the practice asked about does not happen.
            answer.short = self.vocabulary.word(Meaning::No).map(str::to_string);
        } else {
            // The commitment is planned or partial: whether the practice happens is for a
            // person to say.
            let reason = format!(
                "control `{}` commits not to do this but is not in place; say what happens today",
                answer.controls.first().cloned().unwrap_or_default()
            );
            answer.short = None;
            answer.sources.clear();
            return needs_review(answer, reason);
        }
        answer
    }
}

/// Whether a question is asked in the negative ("Do you ensure data is never sold?"): its Yes
/// means the practice does not happen.
pub(super) fn is_negative(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(str::to_lowercase)
        .any(|w| {
            // "without undue delay" is not a negation of what is asked: "without" is left out.
            matches!(
                w.as_str(),
                "no" | "not" | "never" | "none" | "nor" | "cannot"
            ) || w.ends_with("n't")
        })
}

/// Words that rule out what follows them.
const NEGATORS: &[&str] = &[
    "no",
    "not",
    "never",
    "without",
    "none",
    "nor",
    "cannot",
    "prohibited",
    "forbidden",
];

/// Whether the question asks about something `control` rules out: every term the question
/// shares with the control falls inside one phrase of its title that follows a negator ("no
/// shared accounts"), and that phrase holds at least half the question's terms. A Yes would then say
/// the opposite of the control. Returns the phrase.
pub(super) fn ruled_out(control: &Control, terms: &BTreeSet<String>) -> Option<String> {
    let text = format!(
        "{}. {}",
        control.title,
        control.description.as_deref().unwrap_or_default()
    );
    let mut shared: BTreeSet<String> = retrieval::tokens_of(&text)
        .intersection(terms)
        .cloned()
        .collect();
    for extra in control.tags.iter().chain(control.category.iter()) {
        shared.extend(
            retrieval::tokens(extra)
                .into_iter()
                .filter(|t| terms.contains(t)),
        );
    }
    if shared.is_empty() {
        return None;
    }
    // The title states what the control claims; a description's "no" and "without" clauses
    // mostly set conditions ("no sub-processor starts without a DPA").
    let words: Vec<&str> = control
        .title
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        if !(NEGATORS.contains(&lower.as_str()) || lower.ends_with("n't")) || lower == "without" {
            continue;
        }
        let phrase: Vec<&str> = words[i..words.len().min(i + 5)].to_vec();
        let inside: BTreeSet<String> = retrieval::tokens_of(&phrase[1..].join(" "))
            .intersection(terms)
            .cloned()
            .collect();
        if shared.is_subset(&inside) && inside.len() * 2 >= terms.len() {
            return Some(phrase.join(" "));
        }
    }
    None
}
