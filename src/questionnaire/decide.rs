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

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use super::certification::{self, Verdict};
use super::evidence;
use super::kind::{self, Field, QuestionKind};
use super::layout::Question;
use super::library::{FixedAnswer, Library, LoadedEntry};
use super::retrieval::{self, Hit, Index};
use super::vocabulary::{Meaning, Ownership, Vocabulary};
use super::{Answer, Status};
use crate::assessment::{Assessment, EvidenceId, Verdict as ControlVerdict};
use crate::model::{Control, ControlStatus};
use crate::workspace::Workspace;

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
/// Sentences of a control's description quoted per answer, at most: those that share the most
/// words with the question, so that one library entry serving many questions answers each
/// specifically (where the description has more than one thing to say).
const SENTENCES_PER_CONTROL: usize = 2;

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
    fn fill_field(&self, mut answer: Answer, field: Field) -> Answer {
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
                answer.status = Status::Answered;
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
    fn by_roadmap(
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
        answer.status = Status::Answered;
        answer
    }

    fn by_library(&self, mut answer: Answer, loaded: &LoadedEntry, question: &Question) -> Answer {
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

    /// A question over controls that say what the organisation does *not* do. Asked plainly
    /// ("Do you train on customer data?"), the answer is No when the commitment holds; asked in
    /// the negative ("Do you ensure customer data is never used for training?"), it is Yes.
    fn polar(
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
        if judged.status != Status::Answered || is_negative(&question.text) {
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

    /// Rules 1-6 of the module documentation: the verdicts come from the assessment.
    fn judge(
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
                    evidence::name_for_people(source),
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

    fn control(&self, index: usize) -> &'a Control {
        &self.ws.controls[index].control
    }
}

/// Whether a question is asked in the negative ("Do you ensure data is never sold?"): its Yes
/// means the practice does not happen.
fn is_negative(text: &str) -> bool {
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
fn ruled_out(control: &Control, terms: &BTreeSet<String>) -> Option<String> {
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

/// Open questions get the narrative in the answer cell, never a bare Yes; a No stays a No with
/// its explanation (what is planned, and when).
fn finish_kind(mut answer: Answer) -> Answer {
    if answer.kind != QuestionKind::Open || answer.status != Status::Answered {
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

fn needs_review(mut answer: Answer, reason: String) -> Answer {
    answer.status = Status::NeedsReview;
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

/// The control's title and the sentences of its description that share most words with the
/// question (in their original order), or its first sentence when none does.
fn describe_for(control: &Control, terms: &BTreeSet<String>) -> String {
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
