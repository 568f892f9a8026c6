//! The words of an answer: the narrative quoted from the controls' descriptions, the "not yet"
//! sentence for planned work, the customer's share, and the open-question form (the narrative
//! in the answer cell, never a bare Yes).

use std::collections::BTreeSet;

use super::needs_review;
use super::{Answer, AnswerStatus};
use crate::model::{Control, ControlStatus};
use crate::questionnaire::kind::QuestionKind;
use crate::questionnaire::retrieval;

/// Sentences of a control's description quoted per answer, at most: those that share the most
/// words with the question, so that one library entry serving many questions answers each
/// specifically (where the description has more than one thing to say).
const SENTENCES_PER_CONTROL: usize = 2;

/// Open questions get the narrative in the answer cell, never a bare Yes; a No stays a No with
/// its explanation (what is planned, and when).
pub(super) fn finish_kind(mut answer: Answer) -> Answer {
    if answer.kind != QuestionKind::Open || answer.status != AnswerStatus::Answered {
        return answer;
    }
    match answer.statement.take() {
        Some(narrative) => answer.short = Some(narrative),
        None => {
            answer.short = None;
            return needs_review(
                answer,
                "an open question, and the answer has no narrative to give".to_string(),
            );
        }
    }
    answer
}

pub(super) fn customer_duties<'c>(controls: impl Iterator<Item = &'c Control>) -> Option<String> {
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

/// The control's title and the sentences of its description that share most words with the
/// question (in their original order), or its first sentence when none does.
pub(super) fn describe_for(control: &Control, terms: &BTreeSet<String>) -> String {
    let Some(description) = control
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    else {
        return control.title.trim().to_string();
    };
    let sentences = split_sentences(description);
    let mut scored: Vec<(usize, usize)> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let shared = retrieval::tokens_of(s).intersection(terms).count();
            (shared, i)
        })
        .filter(|(shared, _)| *shared > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let most = scored.first().map_or(0, |(shared, _)| *shared);
    let mut chosen: Vec<usize> = scored
        .iter()
        .filter(|(shared, _)| *shared == most)
        .take(SENTENCES_PER_CONTROL)
        .map(|(_, i)| *i)
        .collect();
    if chosen.is_empty() {
        chosen.push(0);
    }
    chosen.sort_unstable();
    let text = chosen
        .iter()
        .map(|&i| sentences[i].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    format!("{}: {text}", control.title.trim())
}

/// Sentences end at a full stop, question or exclamation mark followed by a space.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let next_is_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if matches!(c, '.' | '?' | '!') && next_is_space {
            let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
            if !s.is_empty() {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        out.push(s);
    }
    out
}

pub(super) fn not_yet(control: &Control) -> String {
    match control.status.value {
        ControlStatus::Planned => format!(
            "Not yet: {} is planned{}",
            control.title.trim(),
            target_words(control)
        ),
        _ => format!("{} is not implemented", control.title.trim()),
    }
}

pub(super) fn status_words(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::NotImplemented => "not implemented",
        other => other.as_str(),
    }
}

pub(super) fn target_words(control: &Control) -> String {
    control
        .target
        .as_ref()
        .map(|t| format!(" (target {})", t.value))
        .unwrap_or_default()
}

/// Sentences joined with a space, each ending with a full stop.
pub(super) fn join_sentences(sentences: impl Iterator<Item = String>) -> String {
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
