//! Verifying an attestation: the envelope's shape, a signature by a trusted key over the
//! pre-authentication encoding, only then the Statement inside, and — given a directory to check
//! against — each subject's SHA-256 recomputed from the files, so that one changed byte in one
//! subject makes the attestation fail.
//!
//! Findings about the attestation are [`Problem`]s (exit 1); only a directory that cannot be
//! used is an [`Error`](super::Error) (exit 2).

use std::path::Path;

use serde::Serialize;

use super::envelope;
use super::statement::Statement;
use super::subjects::{self, Unreadable};
use super::{Error, PAYLOAD_TYPE, Result, STATEMENT_TYPE, TEST_RESULT_TYPE};
use crate::bundle::{PublicKey, hex};

/// The most subjects a Statement may name.
pub const MAX_SUBJECTS: usize = 1_000_000;

/// One reason an attestation does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable kebab-case code (`subject-mismatch`, `no-trusted-signature`, …).
    pub code: &'static str,
    /// The subject concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.subject {
            Some(s) => write!(f, "{}: {} [{}]", s, self.message, self.code),
            None => write!(f, "{} [{}]", self.message, self.code),
        }
    }
}

/// What the signed Statement says, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub predicate_type: String,
    pub subjects: usize,
    /// The test-result predicate's `result` (`PASSED`, `WARNED`, `FAILED`), for check
    /// attestations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// The outcome of verifying one attestation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub verified: bool,
    /// Key ids of the trusted keys whose signature verified.
    pub signed_by: Vec<String>,
    /// Read only once a trusted signature verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<Summary>,
    /// How many subjects were recomputed and matched; `None` when no directory was checked.
    pub subjects_checked: Option<usize>,
    pub problems: Vec<Problem>,
}

fn problem(code: &'static str, subject: Option<&str>, message: impl Into<String>) -> Problem {
    Problem {
        code,
        subject: subject.map(str::to_string),
        message: message.into(),
    }
}

/// Verify the envelope `bytes` against `keys`, then, if `root` is given, every subject's digest
/// against the files below it.
pub fn verify(bytes: &[u8], keys: &[PublicKey], root: Option<&Path>) -> Result<Verification> {
    let root = root
        .map(|r| {
            r.canonicalize().map_err(|source| Error::Io {
                path: r.to_path_buf(),
                source,
            })
        })
        .transpose()?;
    let mut out = Verification::default();
    check(bytes, keys, root.as_deref(), &mut out);
    out.verified = out.problems.is_empty() && !out.signed_by.is_empty();
    Ok(out)
}

fn check(bytes: &[u8], keys: &[PublicKey], root: Option<&Path>, out: &mut Verification) {
    let opened = match envelope::open(bytes) {
        Ok(o) => o,
        Err(p) => return out.problems.push(p),
    };
    for (declared, sig) in &opened.signatures {
        for key in keys {
            let named_other = !declared.is_empty() && *declared != key.keyid;
            if !named_other
                && !out.signed_by.contains(&key.keyid)
                && key.verify_dsse(PAYLOAD_TYPE, &opened.payload, sig)
            {
                out.signed_by.push(key.keyid.clone());
            }
        }
    }
    if out.signed_by.is_empty() {
        let ids: Vec<&str> = keys.iter().map(|k| k.keyid.as_str()).collect();
        return out.problems.push(problem(
            "no-trusted-signature",
            None,
            format!(
                "no signature verifies under the trusted key(s) {}",
                ids.join(", ")
            ),
        ));
    }
    // Only a payload a trusted key signed is parsed.
    let statement = match parse_statement(&opened.payload) {
        Ok(s) => s,
        Err(p) => return out.problems.push(p),
    };
    out.statement = Some(Summary {
        predicate_type: statement.predicate_type.clone(),
        subjects: statement.subject.len(),
        result: (statement.predicate_type == TEST_RESULT_TYPE)
            .then(|| {
                statement
                    .predicate
                    .get("result")?
                    .as_str()
                    .map(str::to_string)
            })
            .flatten(),
    });
    if let Some(root) = root {
        check_subjects(&statement, root, out);
    }
}

fn parse_statement(payload: &[u8]) -> std::result::Result<Statement, Problem> {
    let statement: Statement = serde_json::from_slice(payload).map_err(|e| {
        problem(
            "statement-invalid",
            None,
            format!("the payload is not an in-toto Statement: {e}"),
        )
    })?;
    if statement.type_ != STATEMENT_TYPE {
        return Err(problem(
            "statement-type",
            None,
            format!(
                "_type is {:?}, expected {STATEMENT_TYPE:?}",
                statement.type_
            ),
        ));
    }
    if statement.subject.is_empty() || statement.subject.len() > MAX_SUBJECTS {
        return Err(problem(
            "statement-invalid",
            None,
            format!("a Statement names 1 to {MAX_SUBJECTS} subjects"),
        ));
    }
    if !statement.predicate.is_object() {
        return Err(problem(
            "statement-invalid",
            None,
            "the predicate is not a JSON object",
        ));
    }
    Ok(statement)
}

fn check_subjects(statement: &Statement, root: &Path, out: &mut Verification) {
    let mut matched = 0;
    for subject in &statement.subject {
        let name = subject.name.as_str();
        let Some(expected) = subject.digest.get("sha256").filter(|h| hex::is_sha256(h)) else {
            out.problems.push(problem(
                "subject-digest",
                Some(name),
                "has no sha256 digest (64 lowercase hex characters) to check",
            ));
            continue;
        };
        match subjects::sha256_below(root, name) {
            Ok(actual) if actual == *expected => matched += 1,
            Ok(actual) => out.problems.push(problem(
                "subject-mismatch",
                Some(name),
                format!("sha256 is {actual}, the attestation says {expected}"),
            )),
            Err(Unreadable::UnsafePath(why)) => {
                out.problems
                    .push(problem("subject-unsafe-path", Some(name), why))
            }
            Err(Unreadable::Missing) => out.problems.push(problem(
                "subject-missing",
                Some(name),
                format!("no such file below {}", root.display()),
            )),
            Err(e @ Unreadable::NotReadable(_)) => {
                out.problems
                    .push(problem("subject-unreadable", Some(name), e.to_string()))
            }
        }
    }
    out.subjects_checked = Some(matched);
}
