//! Unit tests of the decision rules: one small workspace whose answer library points one
//! question at each case (fresh, stale, missing and no evidence; planned, partial, overdue and
//! mixed controls; fixed No and NA; a question too terse to match), answered through
//! [`answer_workbook`] so that the citations are the ones a user would see. The property at the
//! end varies the evidence states at random: a Yes never stands on evidence that is not fresh.

use jiff::civil::{Date, date};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use crate::assessment::{Assessment, EvidenceState, Verdict};
use crate::model::ControlStatus;
use crate::questionnaire::citation::Citation;
use crate::questionnaire::sheet::{Cell, CsvDialect, Sheet, SheetFormat, Workbook};
use crate::questionnaire::{
    Answer, AnswerStatus, Answered, ColumnFlags, DEFAULT_THRESHOLD, Options, answer_workbook,
};
use crate::workspace::Workspace;

/// The date every case is assessed as of.
const TODAY: Date = date(2026, 11, 1);

const FRAMEWORK: &str = "id: mini
name: Mini framework for tests
version: \"1\"
publisher: evidence test suite
source: tests
licence: Written for the tests.
requirements:
  - id: M-1
    title: First requirement
";

const CONTROLS: &str = "controls:
  - id: ENC-1
    title: Data is encrypted at rest
    owner: Head of Security
    status: implemented
    mappings: { mini: [M-1] }
    evidence:
      - path: encryption.md
        collected: 2026-10-01
        max_age: 90d
  - id: MFA-1
    title: Administrators use multi-factor authentication
    owner: Head of Security
    status: implemented
    mappings: { mini: [M-1] }
    evidence:
      - path: mfa.md
        collected: 2025-06-01
        max_age: 90d
  - id: LOG-1
    title: Access to production is logged
    owner: Head of Security
    status: implemented
    mappings: { mini: [M-1] }
    evidence:
      - path: logging.md
        collected: 2026-10-01
        max_age: 90d
  - id: NOEV-1
    title: Laptops are managed centrally
    owner: Head of Security
    status: implemented
    mappings: { mini: [M-1] }
  - id: BAK-1
    title: Backups are restored in a test every quarter
    owner: Head of Security
    status: planned
    target: 2027-06-30
    mappings: { mini: [M-1] }
  - id: DR-1
    title: A disaster recovery plan is kept
    owner: Head of Security
    status: partial
    target: 2027-03-31
    mappings: { mini: [M-1] }
    evidence:
      - path: dr.md
        collected: 2026-10-01
        max_age: 90d
  - id: OLD-1
    title: Vendors are reviewed every year
    owner: Head of Security
    status: planned
    target: 2026-01-01
    mappings: { mini: [M-1] }
";

const ANSWERS: &str = "description: One entry per decision the tests expect.
answers:
  - questions: [Q-ENC]
    controls: [ENC-1]
    text: Customer data is encrypted at rest.
  - questions: [Q-MFA]
    controls: [MFA-1]
  - questions: [Q-LOG]
    controls: [LOG-1]
  - questions: [Q-NOEV]
    controls: [NOEV-1]
  - questions: [Q-BAK]
    controls: [BAK-1]
  - questions: [Q-DR]
    controls: [DR-1]
  - questions: [Q-OLD]
    controls: [OLD-1]
  - questions: [Q-MIX]
    controls: [ENC-1, BAK-1]
  - questions: [Q-DC]
    answer: na
    text: We operate no data centres.
  - questions: [Q-SELL]
    answer: no
    text: We do not sell customer data.
";

/// The rows of the questionnaire: ID and question.
const QUESTIONS: &[(&str, &str)] = &[
    ("Q-ENC", "Is customer data encrypted at rest?"),
    (
        "Q-MFA",
        "Do administrators use multi-factor authentication?",
    ),
    ("Q-LOG", "Is access to production logged?"),
    ("Q-NOEV", "Are laptops managed centrally?"),
    ("Q-BAK", "Are backups restored in a test every quarter?"),
    ("Q-DR", "Do you keep a disaster recovery plan?"),
    ("Q-OLD", "Are vendors reviewed every year?"),
    ("Q-MIX", "Is data encrypted and are backups tested?"),
    ("Q-DC", "Are your data centres physically secured?"),
    ("Q-SELL", "Do you sell customer data?"),
    ("Q-TERSE", "Exceptions?"),
];

/// The evidence files written (logging.md is named but missing on purpose).
const FILES: &[(&str, &str)] = &[
    ("encryption.md", "AES-256 on every volume.\n"),
    ("mfa.md", "Hardware keys for every administrator.\n"),
    ("dr.md", "The plan, first draft.\n"),
];

/// The workspace on disk, loaded and assessed once.
struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    assessment: Assessment,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "evidence.toml",
            "[organisation]\nname = \"Fixture Ltd\"\n\n[scope]\nframeworks = [\"mini\"]\n",
        );
        write("frameworks/mini.yaml", FRAMEWORK);
        write("controls/main.yaml", CONTROLS);
        write("answers/test.yaml", ANSWERS);
        for (name, text) in FILES {
            write(&format!("evidence/{name}"), text);
        }
        let ws = Workspace::load(root).unwrap();
        let assessment = Assessment::new(&ws, TODAY);
        Self {
            _dir: dir,
            ws,
            assessment,
        }
    }

    fn answer(&self, assessment: &Assessment, answer_column: &[(&str, &str)]) -> Answered {
        answer_workbook(
            &self.ws,
            assessment,
            questionnaire(answer_column),
            &Options {
                sheet: None,
                columns: ColumnFlags::default(),
                threshold: DEFAULT_THRESHOLD,
            },
        )
        .unwrap()
    }

    /// The answers as assessed on disk, by question ID.
    fn answers(&self) -> Vec<Answer> {
        self.answer(&self.assessment, &[]).answers
    }
}

/// The questionnaire as a CSV would read, with an answer already in the rows named.
fn questionnaire(answer_column: &[(&str, &str)]) -> Workbook {
    let text = |s: &str| Cell::Text(s.to_string());
    let mut rows = vec![vec![text("ID"), text("Question"), text("Answer")]];
    rows.extend(QUESTIONS.iter().map(|(id, question)| {
        let given = answer_column.iter().find(|(row, _)| row == id);
        vec![
            text(id),
            text(question),
            given.map_or(Cell::Empty, |(_, a)| text(a)),
        ]
    }));
    Workbook {
        path: "questions.csv".into(),
        format: SheetFormat::Csv,
        sheets: vec![Sheet {
            name: "questions".into(),
            rows,
            ..Sheet::default()
        }],
        dialect: CsvDialect::default(),
    }
}

fn find<'a>(answers: &'a [Answer], id: &str) -> &'a Answer {
    answers
        .iter()
        .find(|a| a.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no answer for {id}"))
}

/// Hashed here, not with the function under test.
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn cites(control: &str, file: &str) -> Citation {
    let text = FILES.iter().find(|(name, _)| *name == file).unwrap().1;
    Citation {
        control: control.to_string(),
        path: Some(file.to_string()),
        description: None,
        sha256: sha256_hex(text),
        collected: Some(date(2026, 10, 1)),
        confidential: false,
    }
}

/// A row answered: this short answer and statement, these controls and citations, no reason.
fn assert_answered(
    answer: &Answer,
    short: &str,
    statement: &str,
    controls: &[&str],
    evidence: &[Citation],
) {
    let id = answer.id.as_deref().unwrap_or_default();
    assert_eq!(answer.status, AnswerStatus::Answered, "{id}");
    assert_eq!(answer.short.as_deref(), Some(short), "{id}");
    assert_eq!(answer.statement.as_deref(), Some(statement), "{id}");
    assert_eq!(answer.controls, controls, "{id}");
    assert_eq!(answer.evidence, evidence, "{id}");
    assert_eq!(answer.reason, None, "{id}");
}

/// A row sent to review: no short answer, no citation, and exactly this reason.
fn assert_review(answer: &Answer, controls: &[&str], reason: &str) {
    let id = answer.id.as_deref().unwrap_or_default();
    assert_eq!(answer.status, AnswerStatus::NeedsReview, "{id}");
    assert_eq!(answer.short, None, "{id}");
    assert_eq!(answer.reason.as_deref(), Some(reason), "{id}");
    assert_eq!(answer.controls, controls, "{id}");
    assert!(
        answer.evidence.is_empty(),
        "{id} cites {:?}",
        answer.evidence
    );
}

#[test]
fn verified_controls_with_fresh_evidence_answer_yes_citing_the_evidence() {
    let answers = Fixture::new().answers();
    assert_answered(
        find(&answers, "Q-ENC"),
        "Yes",
        "Customer data is encrypted at rest. Data is encrypted at rest.",
        &["ENC-1"],
        &[cites("ENC-1", "encryption.md")],
    );
}

#[test]
fn stale_missing_or_absent_evidence_is_declared_not_verified() {
    let answers = Fixture::new().answers();
    assert_review(
        find(&answers, "Q-MFA"),
        &["MFA-1"],
        "evidence `mfa.md` of `MFA-1` is stale",
    );
    assert_review(
        find(&answers, "Q-LOG"),
        &["LOG-1"],
        "evidence `logging.md` of `LOG-1` is missing",
    );
    assert_review(
        find(&answers, "Q-NOEV"),
        &["NOEV-1"],
        "control `NOEV-1` is declared implemented but names no evidence",
    );
}

#[test]
fn planned_work_answers_no_with_its_target() {
    let answers = Fixture::new().answers();
    assert_answered(
        find(&answers, "Q-BAK"),
        "No",
        "Not yet: Backups are restored in a test every quarter is planned (target 2027-06-30).",
        &["BAK-1"],
        &[],
    );
}

#[test]
fn overdue_mixed_and_partial_controls_need_review() {
    let answers = Fixture::new().answers();
    assert_review(
        find(&answers, "Q-OLD"),
        &["OLD-1"],
        "control `OLD-1` is planned with a target date that has passed (2026-01-01); update the \
matrix",
    );
    assert_review(
        find(&answers, "Q-MIX"),
        &["ENC-1", "BAK-1"],
        "control `BAK-1` is only planned (target 2027-06-30), while the others cited are in place",
    );
    assert_review(
        find(&answers, "Q-DR"),
        &["DR-1"],
        "control `DR-1` is only partially implemented (target 2027-03-31) and the sheet offers \
no partial answer",
    );
}

#[test]
fn a_sheet_with_a_partial_answer_gets_it_for_a_partial_control() {
    let fixture = Fixture::new();
    let answered = fixture.answer(&fixture.assessment, &[("Q-DR", "Partially")]);
    assert_answered(
        find(&answered.answers, "Q-DR"),
        "Partially",
        "A disaster recovery plan is kept.",
        &["DR-1"],
        &[cites("DR-1", "dr.md")],
    );
}

#[test]
fn fixed_no_and_na_come_from_the_library_text_without_citations() {
    let answers = Fixture::new().answers();
    assert_answered(
        find(&answers, "Q-DC"),
        "NA",
        "We operate no data centres.",
        &[],
        &[],
    );
    assert_answered(
        find(&answers, "Q-SELL"),
        "No",
        "We do not sell customer data.",
        &[],
        &[],
    );
}

#[test]
fn a_question_too_terse_to_match_is_unanswerable() {
    let answers = Fixture::new().answers();
    assert_review(
        find(&answers, "Q-TERSE"),
        &[],
        "the question has too few content words to match reliably (except); add an \
answer-library entry for it",
    );
}

const STATES: [EvidenceState; 9] = [
    EvidenceState::Fresh,
    EvidenceState::Stale,
    EvidenceState::Missing,
    EvidenceState::NotAFile,
    EvidenceState::BrokenLink,
    EvidenceState::FromFuture,
    EvidenceState::OutsideWorkspace,
    EvidenceState::Undated,
    EvidenceState::Failing,
];

/// `assessment` with its evidence in `states` (in control order), and each control's verdict
/// recomputed from them as the assessment would.
fn with_states(assessment: &Assessment, states: &[EvidenceState]) -> Assessment {
    let mut changed = assessment.clone();
    let mut states = states.iter().copied();
    for control in &mut changed.controls {
        for item in &mut control.evidence {
            item.state = states.next().unwrap();
        }
        let proves = !control.evidence.is_empty()
            && control
                .evidence
                .iter()
                .all(|e| e.state == EvidenceState::Fresh);
        let target_passed = control.target.is_some_and(|t| t < TODAY);
        control.verdict = Verdict::of(control.status, target_passed, proves);
    }
    changed
}

/// How many rows answer Yes with the evidence in `states`; an error if one of them stands on
/// evidence that is not fresh.
fn yes_only_on_fresh_evidence(
    fixture: &Fixture,
    states: &[EvidenceState],
) -> Result<usize, TestCaseError> {
    let assessment = with_states(&fixture.assessment, states);
    let mut yes = 0;
    for answer in fixture.answer(&assessment, &[]).answers {
        if answer.short.as_deref() != Some("Yes") {
            continue;
        }
        yes += 1;
        prop_assert!(!answer.evidence.is_empty(), "{answer:?}");
        for id in &answer.controls {
            let control = assessment.control(id).unwrap();
            prop_assert_eq!(control.status, ControlStatus::Implemented);
            prop_assert!(
                control
                    .evidence
                    .iter()
                    .all(|e| e.state == EvidenceState::Fresh),
                "{} answered Yes on {:?}",
                answer.id.as_deref().unwrap_or_default(),
                control.evidence
            );
        }
    }
    Ok(yes)
}

#[test]
fn no_yes_ever_stands_on_evidence_that_is_not_fresh() {
    let fixture = Fixture::new();
    let items: usize = fixture
        .assessment
        .controls
        .iter()
        .map(|c| c.evidence.len())
        .sum();
    // With every item fresh some rows answer Yes, so the property below is not vacuous.
    let all_fresh = vec![EvidenceState::Fresh; items];
    assert!(yes_only_on_fresh_evidence(&fixture, &all_fresh).unwrap() > 0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(48));
    let states = proptest::collection::vec(proptest::sample::select(STATES.to_vec()), items);
    runner
        .run(&states, |states| {
            yes_only_on_fresh_evidence(&fixture, &states).map(|_| ())
        })
        .unwrap();
}

/// The cases above rest on these verdicts; if the assessment's rules change, this says so first.
#[test]
fn the_fixture_assesses_as_the_cases_assume() {
    let fixture = Fixture::new();
    let verdict = |id: &str| fixture.assessment.verdict_of(id).unwrap();
    assert_eq!(verdict("ENC-1"), Verdict::Verified);
    assert_eq!(verdict("MFA-1"), Verdict::Unverified);
    assert_eq!(verdict("LOG-1"), Verdict::Unverified);
    assert_eq!(verdict("NOEV-1"), Verdict::Unverified);
    assert_eq!(verdict("BAK-1"), Verdict::Planned);
    assert_eq!(verdict("DR-1"), Verdict::Partial);
    assert_eq!(verdict("OLD-1"), Verdict::Overdue);
}
