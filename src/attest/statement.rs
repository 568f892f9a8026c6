//! The in-toto Statement v1 and the test-result predicate made from a check report.
//!
//! The predicate follows <https://github.com/in-toto/attestation/blob/main/spec/predicates/test-result.md>:
//! `result` is `PASSED` (no findings), `WARNED` (warnings only, and not `--strict`) or `FAILED`;
//! `configuration` is evidence.toml as a ResourceDescriptor; `url` is the CI run when known.
//! A "test" is one check rule, named by its stable code (`evidence-stale`): `failedTests` holds
//! the rules that reported an error (or, under `--strict`, a warning), `warnedTests` those that
//! reported warnings only, `passedTests` the other rules that ran; rules turned off in
//! `[rules]` did not run and are in no list. Beside the spec's fields the predicate carries the
//! check's own figures: `errors`, `warnings`, `asOf` (the date evaluated as of) and `strict`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::subjects;
use super::{Result, STATEMENT_TYPE, TEST_RESULT_TYPE};
use crate::assessment::Assessment;
use crate::check::{Report, Rule, Severity};
use crate::model::config::FILE_NAME;
use crate::workspace::Workspace;

/// An in-toto Statement v1. Unknown fields are ignored when read, as the framework's parsing
/// rules require.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub type_: String,
    pub subject: Vec<Subject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: serde_json::Value,
}

/// One artefact the statement is about: a path relative to the workspace (or bundle `files/`),
/// `/`-separated, and its digests (`sha256`, lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    pub digest: BTreeMap<String, String>,
}

impl Subject {
    pub fn sha256(name: impl Into<String>, hex: String) -> Self {
        Self {
            name: name.into(),
            digest: BTreeMap::from([("sha256".to_string(), hex)]),
        }
    }
}

/// A ResourceDescriptor (in-toto attestation framework v1) with the fields used here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDescriptor {
    pub name: String,
    pub digest: BTreeMap<String, String>,
    pub media_type: String,
}

/// The test-result predicate, v0.1, plus the check's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub result: Outcome,
    pub configuration: Vec<ResourceDescriptor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub passed_tests: Vec<String>,
    pub warned_tests: Vec<String>,
    pub failed_tests: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    pub as_of: jiff::civil::Date,
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Outcome {
    Passed,
    Warned,
    Failed,
}

impl Statement {
    /// The JSON bytes signed as the DSSE payload.
    pub fn to_payload(&self) -> Result<Vec<u8>> {
        Ok(serde_json::to_vec(self)?)
    }
}

/// The Statement of `report`, made on `ws` as assessed in `assessment`: every file the loader
/// read and every evidence file the assessment found on disk, each with its SHA-256. `url`
/// links to the CI run, when there is one.
pub fn test_result_statement(
    ws: &Workspace,
    assessment: &Assessment,
    report: &Report,
    url: Option<String>,
) -> Result<Statement> {
    let subject = subjects::of_workspace(ws, assessment)?;
    let config_digest = subject
        .iter()
        .find(|s| s.name == FILE_NAME)
        .map(|s| s.digest.clone())
        .unwrap_or_default();
    let (passed, warned, failed) = tests_by_outcome(ws, report)?;
    let result = if report.fails() {
        Outcome::Failed
    } else if report.summary.warnings > 0 {
        Outcome::Warned
    } else {
        Outcome::Passed
    };
    let predicate = TestResult {
        result,
        configuration: vec![ResourceDescriptor {
            name: FILE_NAME.to_string(),
            digest: config_digest,
            media_type: "application/toml".into(),
        }],
        url,
        passed_tests: passed,
        warned_tests: warned,
        failed_tests: failed,
        errors: report.summary.errors,
        warnings: report.summary.warnings,
        as_of: report.today,
        strict: report.strict,
    };
    Ok(Statement {
        type_: STATEMENT_TYPE.into(),
        subject,
        predicate_type: TEST_RESULT_TYPE.into(),
        predicate: serde_json::to_value(predicate)?,
    })
}

/// The rules that ran, split by what they reported: (passed, warned, failed), each in the
/// order of [`Rule::ALL`].
fn tests_by_outcome(
    ws: &Workspace,
    report: &Report,
) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
    let enabled = crate::check::enabled_rules(ws).map_err(|e| super::Error::Subject {
        name: FILE_NAME.into(),
        message: e.to_string(),
    })?;
    let (mut passed, mut warned, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    for rule in Rule::ALL.iter().copied().filter(|r| enabled.contains(r)) {
        let mut findings = report.findings.iter().filter(|f| f.rule() == Some(rule));
        let any_error = findings.clone().any(|f| f.severity == Severity::Error);
        let any = findings.next().is_some();
        let name = rule.code().to_string();
        if any_error || (any && report.strict) {
            failed.push(name);
        } else if any {
            warned.push(name);
        } else {
            passed.push(name);
        }
    }
    Ok((passed, warned, failed))
}
