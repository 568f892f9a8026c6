//! Answers that rest on the workspace's facts rather than on controls: a field ("Vendor legal
//! name") from `evidence.toml` and the trust page, a certification from the trust roadmap.

use super::needs_review;
use super::{Answer, AnswerStatus, Answerer};
use crate::questionnaire::certification::{self, Verdict};
use crate::questionnaire::kind::Field;
use crate::questionnaire::vocabulary::Meaning;

impl Answerer<'_> {
    /// A field: a fact the workspace records, or review.
    pub(super) fn fill_field(&self, mut answer: Answer, field: Field) -> Answer {
        let org = &self.ws.config.organisation;
        let profile_url = self.ws.trust.iter().find_map(|t| {
            t.value
                .profile
                .as_ref()
                .and_then(|p| p.value.url.clone())
                .map(|u| (u, format!("{} profile.url", t.file.display())))
        });
        let value: Option<(String, String)> = match field {
            Field::OrganisationName => Some((
                org.legal_name.clone().unwrap_or_else(|| org.name.clone()),
                if org.legal_name.is_some() {
                    "evidence.toml [organisation] legal_name"
                } else {
                    "evidence.toml [organisation] name"
                }
                .to_string(),
            )),
            Field::Website => org
                .website
                .clone()
                .map(|w| (w, "evidence.toml [organisation] website".to_string())),
            Field::OrganisationOverview => self.ws.trust.iter().find_map(|t| {
                t.value
                    .profile
                    .as_ref()
                    .and_then(|p| p.value.overview.clone())
                    .map(|o| {
                        let text = o.split_whitespace().collect::<Vec<_>>().join(" ");
                        (text, format!("{} profile.overview", t.file.display()))
                    })
            }),
            Field::TrustPage => profile_url,
            Field::Email(purpose) => self.ws.trust.iter().find_map(|t| {
                t.value.contacts.iter().find_map(|c| {
                    (c.purpose.to_lowercase().contains(purpose.word()))
                        .then(|| c.email.clone())
                        .flatten()
                        .map(|e| (e, format!("{} contacts: {}", t.file.display(), c.purpose)))
                })
            }),
            _ => None,
        };
        match value {
            Some((value, basis)) => {
                answer.short = Some(value);
                answer.basis = Some(basis);
                answer.confidence = 1.0;
                answer.status = AnswerStatus::Answered;
                answer
            }
            None => needs_review(
                answer,
                format!(
                    "the question asks for {}, which the workspace does not record; fill it in",
                    field.describe()
                ),
            ),
        }
    }

    /// A certification or attestation: the trust roadmap answers.
    pub(super) fn by_roadmap(
        &self,
        mut answer: Answer,
        scheme: &certification::Scheme,
        conditional: bool,
    ) -> Answer {
        let roadmap = self.ws.trust.iter().flat_map(|t| t.value.roadmap.iter());
        let basis = self
            .ws
            .trust
            .iter()
            .find(|t| !t.value.roadmap.is_empty())
            .map(|t| format!("{} roadmap", t.file.display()));
        answer.confidence = 1.0;
        let (meaning, text) = match certification::judge(scheme, roadmap) {
            Verdict::Yes(text) => (Meaning::Yes, text),
            // "If you have a SOC 2 report, does it cover privacy?" without one: not applicable.
            Verdict::No(text) if conditional => (Meaning::NotApplicable, text),
            Verdict::No(text) => (Meaning::No, text),
            Verdict::NotApplicable(text) => (Meaning::NotApplicable, text),
            Verdict::Unknown(reason) => return needs_review(answer, reason),
        };
        answer.short = self.vocabulary.word(meaning).map(str::to_string);
        answer.statement = Some(text);
        answer.basis = basis;
        answer.status = AnswerStatus::Answered;
        answer
    }
}
