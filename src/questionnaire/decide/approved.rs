//! Answers from the answer library (`answers/*.yaml`): the workspace's approved reading of a
//! question ID, with the controls it rests on and, rarely, a fixed No or NA.

use super::needs_review;
use super::{Answer, AnswerStatus, Answerer};
use crate::questionnaire::layout::Question;
use crate::questionnaire::library::{FixedAnswer, LoadedEntry};
use crate::questionnaire::retrieval;
use crate::questionnaire::vocabulary::Meaning;

impl Answerer<'_> {
    pub(super) fn by_library(
        &self,
        mut answer: Answer,
        loaded: &LoadedEntry,
        question: &Question,
    ) -> Answer {
        answer.confidence = 1.0;
        answer.basis = Some(loaded.location().to_string());
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
            FixedAnswer::Yes => {
                let terms = retrieval::tokens_of(&question.text);
                if controls.iter().all(|&i| self.control(i).negative) && !controls.is_empty() {
                    return self.polar(answer, &controls, question, text);
                }
                self.judge(answer, &controls, text, &terms)
            }
            // A fixed answer is a claim about the organisation that no control backs ("we run
            // no data centre"): only a library the workspace keeps, and so approved, may make it.
            FixedAnswer::No | FixedAnswer::Na if self.library.builtin => {
                let word = if loaded.fixed_answer() == FixedAnswer::No {
                    "No"
                } else {
                    "NA"
                };
                needs_review(
                    answer,
                    format!(
                        "the built-in starter library ({}) would answer {word}: \"{}\"; copy \
answers/ into the workspace (evidence init writes it) to approve that for your organisation",
                        loaded.location(),
                        text.unwrap_or_default().trim()
                    ),
                )
            }
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
        answer.status = AnswerStatus::Answered;
        answer
    }
}
