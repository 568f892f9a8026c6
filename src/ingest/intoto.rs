//! in-toto attestations: a Statement (v1 or v0.1), bare or inside a DSSE envelope.
//!
//! - Recognised by `_type` `https://in-toto.io/Statement/v1` (or `/v0.1`), or by a DSSE
//!   envelope: `payloadType` `application/vnd.in-toto+json` and a base64 `payload` holding the
//!   Statement.
//! - Signatures are NOT verified here: the summary says "signature not verified" (or
//!   "unsigned" for a bare Statement). Verifying needs the signer's key and policy, which
//!   ingest does not have.
//! - Collected: from the predicate where it says: SLSA provenance v1
//!   `runDetails.metadata.finishedOn` (else `startedOn`), v0.2 `metadata.buildFinishedOn`
//!   (else `buildStartedOn`); none otherwise (a test-result predicate has no time).
//! - Outcome: a test-result predicate (`https://in-toto.io/attestation/test-result/…`) is
//!   failing when `result` is FAILED (the `failedTests` are the reasons), passing when PASSED
//!   or WARNED (warnings are not failures; the summary shows WARNED). Every other predicate
//!   (provenance, SBOM, VSA, …) is informational.
//! - Tool: the SLSA builder id, for provenance.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::{Artefact, Format, IngestError, Outcome, Tool, count, time};
use crate::source::Position;

const DSSE_IN_TOTO: &str = "application/vnd.in-toto+json";
const STATEMENT_TYPES: [&str; 2] = [
    "https://in-toto.io/Statement/v1",
    "https://in-toto.io/Statement/v0.1",
];
const TEST_RESULT: &str = "https://in-toto.io/attestation/test-result/";
const SLSA_V1: &str = "https://slsa.dev/provenance/v1";
const SLSA_V02: &str = "https://slsa.dev/provenance/v0.2";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    payload_type: String,
    payload: String,
    #[serde(default)]
    signatures: Vec<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Statement {
    #[serde(rename = "_type")]
    kind: String,
    subject: Vec<Subject>,
    predicate_type: String,
    #[serde(default)]
    predicate: Value,
}

#[derive(Debug, Deserialize)]
struct Subject {
    name: Option<String>,
    #[serde(default)]
    digest: BTreeMap<String, String>,
}

/// The test-result predicate (in-toto attestation framework, test-result v0.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestResult {
    result: String,
    #[serde(default)]
    passed_tests: Vec<String>,
    #[serde(default)]
    warned_tests: Vec<String>,
    #[serde(default)]
    failed_tests: Vec<String>,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let refuse = |m: String| IngestError::malformed(name, Format::InToto, Position::default(), m);
    let top: Value = serde_json::from_slice(bytes)
        .map_err(|e| IngestError::from_json(name, Format::InToto, &e))?;
    let (statement_bytes, wrapper) = if top.get("payloadType").is_some() {
        let envelope: Envelope = serde_json::from_slice(bytes)
            .map_err(|e| IngestError::from_json(name, Format::InToto, &e))?;
        if envelope.payload_type != DSSE_IN_TOTO {
            return Err(refuse(format!(
                "the DSSE envelope's payloadType is {:?}",
                envelope.payload_type
            )));
        }
        let payload = STANDARD
            .decode(envelope.payload.trim())
            .or_else(|_| URL_SAFE.decode(envelope.payload.trim()))
            .map_err(|e| refuse(format!("the DSSE payload is not base64: {e}")))?;
        let signatures = count(envelope.signatures.len(), "signature", "signatures");
        (
            payload,
            format!("DSSE envelope, {signatures}, signature not verified"),
        )
    } else {
        (bytes.to_vec(), "bare Statement, unsigned".to_string())
    };
    let statement: Statement = serde_json::from_slice(&statement_bytes).map_err(|e| {
        let mut err = IngestError::from_json(name, Format::InToto, &e);
        if !wrapper.starts_with("bare") {
            // Positions inside the decoded payload mean nothing in the file.
            err = refuse(format!(
                "the DSSE payload is not an in-toto Statement: {}",
                super::bare(&e)
            ));
        }
        err
    })?;
    if !STATEMENT_TYPES.contains(&statement.kind.as_str()) {
        return Err(refuse(format!(
            "_type {:?} is not an in-toto Statement v1 or v0.1",
            statement.kind
        )));
    }
    let reading = read_predicate(&statement).map_err(refuse)?;
    let subjects = subjects(&statement.subject);
    let summary = format!(
        "in-toto {}: {}{}; {subjects}; {wrapper}",
        statement.predicate_type,
        reading.headline,
        reading
            .tool
            .as_ref()
            .map(|t| format!(" by {t}"))
            .unwrap_or_default()
    );
    Ok(Artefact {
        format: Format::InToto,
        collected_at: reading.collected_at,
        outcome: reading.outcome,
        tool: reading.tool,
        summary,
    })
}

/// What a predicate says.
#[derive(Debug)]
struct Reading {
    headline: String,
    outcome: Outcome,
    collected_at: Option<jiff::Timestamp>,
    tool: Option<Tool>,
}

fn read_predicate(statement: &Statement) -> Result<Reading, String> {
    let predicate_type = statement.predicate_type.as_str();
    if predicate_type.starts_with(TEST_RESULT) {
        return test_result(&statement.predicate);
    }
    let (finished, started, builder) = if predicate_type == SLSA_V1 {
        (
            "/runDetails/metadata/finishedOn",
            "/runDetails/metadata/startedOn",
            "/runDetails/builder/id",
        )
    } else if predicate_type == SLSA_V02 {
        (
            "/metadata/buildFinishedOn",
            "/metadata/buildStartedOn",
            "/builder/id",
        )
    } else {
        return Ok(Reading {
            headline: "predicate recorded, no pass or fail".into(),
            outcome: Outcome::Informational,
            collected_at: None,
            tool: None,
        });
    };
    let at = |pointer: &str| -> Result<Option<jiff::Timestamp>, String> {
        statement
            .predicate
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(|t| time::parse_with_offset(t, pointer.trim_start_matches('/')))
            .transpose()
    };
    let collected_at = match at(finished)? {
        Some(t) => Some(t),
        None => at(started)?,
    };
    let tool = statement
        .predicate
        .pointer(builder)
        .and_then(Value::as_str)
        .and_then(|id| Tool::new(id, None::<String>));
    Ok(Reading {
        headline: "build provenance".into(),
        outcome: Outcome::Informational,
        collected_at,
        tool,
    })
}

fn test_result(predicate: &Value) -> Result<Reading, String> {
    let result: TestResult = serde_json::from_value(predicate.clone()).map_err(|e| {
        format!(
            "the test-result predicate is not readable: {}",
            super::bare(&e)
        )
    })?;
    let outcome = match result.result.as_str() {
        "PASSED" | "WARNED" => Outcome::Passing,
        "FAILED" => {
            let mut reasons: Vec<String> = result
                .failed_tests
                .iter()
                .map(|t| format!("{} failed", super::one_line(t, 160)))
                .collect();
            if reasons.is_empty() {
                reasons.push("the test-result predicate says FAILED".into());
            }
            Outcome::failing(reasons)
        }
        other => {
            return Err(format!(
                "test-result \"result\" is {other:?}; expected PASSED, WARNED or FAILED"
            ));
        }
    };
    let headline = format!(
        "{} ({} passed, {} warned, {} failed)",
        result.result,
        result.passed_tests.len(),
        result.warned_tests.len(),
        result.failed_tests.len()
    );
    Ok(Reading {
        headline,
        outcome,
        collected_at: None,
        tool: None,
    })
}

/// "1 subject (app.tar sha256:8f2c1a…)" or "3 subjects".
fn subjects(subjects: &[Subject]) -> String {
    let counted = count(subjects.len(), "subject", "subjects");
    match subjects {
        [one] => {
            let digest = one
                .digest
                .get("sha256")
                .map(|d| format!(" sha256:{}", d.chars().take(12).collect::<String>()))
                .unwrap_or_default();
            format!(
                "{counted} ({}{digest})",
                one.name.as_deref().unwrap_or("unnamed")
            )
        }
        _ => counted,
    }
}
