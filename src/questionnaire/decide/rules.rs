//! Rules 1-6 of the [module documentation](super): the controls' verdicts from the assessment
//! decide between Yes (or the sheet's partial answer), No and "needs review", and which
//! evidence the answer cites. Never a Yes on a control the evidence does not prove.

use std::collections::BTreeSet;

use super::needs_review;
use super::wording::{
    customer_duties, describe_for, join_sentences, not_yet, status_words, target_words,
};
use super::{Answer, AnswerStatus, Answerer};
use crate::assessment::{EvidenceId, Verdict as ControlVerdict};
use crate::model::Control;
use crate::questionnaire::citation;
use crate::questionnaire::vocabulary::{Meaning, Ownership};

impl Answerer<'_> {
    /// Rules 1-6 of the module documentation: the verdicts come from the assessment.
    pub(super) fn judge(
        &self,
        mut answer: Answer,
        controls: &[usize],
        text: Option<&str>,
        terms: &BTreeSet<String>,
    ) -> Answer {
        self.cite_controls(&mut answer, controls);
        let verdict = |i: usize| self.assessment.controls[i].verdict;
        if let Some(&overdue) = controls
            .iter()
            .find(|&&i| verdict(i) == ControlVerdict::Overdue)
        {
            let control = self.control(overdue);
            return needs_review(
                answer,
                format!(
                    "control `{}` is {} with a target date that has passed ({}); update the matrix",
                    control.id.value,
                    control.status.value.as_str(),
                    control
                        .target
                        .as_ref()
                        .map(|t| t.value.to_string())
                        .unwrap_or_default()
                ),
            );
        }
        let unfinished: Vec<&Control> = controls
            .iter()
            .filter(|&&i| {
                matches!(
                    verdict(i),
                    ControlVerdict::Planned | ControlVerdict::NotImplemented
                )
            })
            .map(|&i| self.control(i))
            .collect();
        if !controls.is_empty() && unfinished.len() == controls.len() {
            answer.short = self.vocabulary.word(Meaning::No).map(str::to_string);
            answer.statement = Some(join_sentences(unfinished.iter().map(|c| not_yet(c))));
            answer.status = AnswerStatus::Answered;
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
            .filter(|&&i| verdict(i) == ControlVerdict::Partial)
            .map(|&i| self.control(i))
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
        if let Some(reason) = self.unverified(controls) {
            return needs_review(answer, reason);
        }
        answer.short = Some(word.to_string());
        // The library's words lead; the controls' own descriptions follow, so the narrative
        // always reflects the workspace's matrix as it is today.
        let lead = text.map(str::to_string).into_iter();
        let described = controls
            .iter()
            .map(|&i| describe_for(self.control(i), terms));
        answer.statement = Some(join_sentences(lead.chain(described)));
        answer.customer = customer_duties(controls.iter().map(|&i| self.control(i)));
        answer.sources = controls
            .iter()
            .flat_map(|&c| {
                (0..self.control(c).evidence.len()).map(move |s| EvidenceId {
                    control: c,
                    source: s,
                })
            })
            .collect();
        answer.status = AnswerStatus::Answered;
        answer
    }

    pub(super) fn cite_controls(&self, answer: &mut Answer, controls: &[usize]) {
        answer.controls = controls
            .iter()
            .map(|&i| self.control(i).id.value.clone())
            .collect();
        answer.ownership = Ownership::combine(controls.iter().map(|&i| ownership(self.control(i))));
    }

    /// Why a control declared implemented is not verified, for the first such control.
    fn unverified(&self, controls: &[usize]) -> Option<String> {
        controls.iter().find_map(|&c| {
            let assessed = &self.assessment.controls[c];
            if assessed.verdict != ControlVerdict::Unverified {
                return None;
            }
            let control = self.control(c);
            let why = match control
                .evidence
                .iter()
                .zip(&assessed.evidence)
                .find(|(_, item)| !item.is_fresh())
            {
                Some((source, item)) => format!(
                    "evidence {} of `{}` {}",
                    citation::name_for_people(source),
                    control.id.value,
                    item.state.describe()
                ),
                None => format!(
                    "control `{}` is declared implemented but names no evidence",
                    control.id.value
                ),
            };
            Some(why)
        })
    }
}

/// A control in our matrix without a declared responsibility is ours.
fn ownership(control: &Control) -> Ownership {
    control
        .responsibility
        .as_ref()
        .map_or(Ownership::Provider, |r| r.owner.into())
}
