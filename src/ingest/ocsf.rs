//! OCSF Compliance Findings, class 2003 (AWS Security Hub, Prowler, cloud posture tools).
//!
//! - Recognised by objects with `class_uid`: one object, an array of them, or one per line
//!   (JSON lines). Every object must have `class_uid` 2003 and a `compliance` object.
//! - Collected: the latest `time` (milliseconds since 1970, OCSF `timestamp_t`); a finding
//!   without `time` contributes its `finding_info.created_time`.
//! - Outcome from `compliance.status_id` (OCSF 1.1+: 0 Unknown, 1 Pass, 2 Warning, 3 Fail,
//!   99 Other), else the caption `compliance.status`. Failing when any finding is Fail.
//!   Passing only when every finding is Pass or Warning; a set with Unknown or Other findings
//!   and no Fail proves neither: informational. (The finding's own `status`, New / Resolved /
//!   Suppressed, is workflow state, not the result of the check, and is not read.)
//! - Tool: the first finding's `metadata.product` name and version.

use serde::Deserialize;
use serde_json::Value;

use super::{Artefact, Format, IngestError, Outcome, Tool, by, count, time};
use crate::source::Position;

/// OCSF's class of compliance findings.
const COMPLIANCE_FINDING: i64 = 2003;

#[derive(Debug, Deserialize)]
struct Finding {
    time: Option<i64>,
    metadata: Option<Metadata>,
    finding_info: Option<FindingInfo>,
    compliance: Compliance,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    product: Option<Product>,
}

#[derive(Debug, Deserialize)]
struct Product {
    name: Option<String>,
    version: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FindingInfo {
    title: Option<String>,
    uid: Option<String>,
    created_time: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Compliance {
    control: Option<String>,
    status: Option<String>,
    status_id: Option<i64>,
}

/// One finding's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Warning,
    Fail,
    Unknown,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let refuse = |m: String| IngestError::malformed(name, Format::Ocsf, Position::default(), m);
    let mut findings = Vec::new();
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        let value = value.map_err(|e| IngestError::from_json(name, Format::Ocsf, &e))?;
        let items = match value {
            Value::Array(items) => items,
            one => vec![one],
        };
        for item in items {
            let n = findings.len() + 1;
            findings.push(typed(item, n).map_err(refuse)?);
        }
    }
    if findings.is_empty() {
        return Err(refuse("there are no findings".into()));
    }
    let mut times = Vec::new();
    let mut reasons = Vec::new();
    let mut tally = [0usize; 4];
    for (n, finding) in findings.iter().enumerate() {
        let created = finding.finding_info.as_ref().and_then(|i| i.created_time);
        if let Some(ms) = finding.time.or(created) {
            times.push(time::from_epoch_millis(ms, "time").map_err(refuse)?);
        }
        let status = status(&finding.compliance);
        tally[status as usize] += 1;
        if status == Status::Fail {
            reasons.push(describe(finding, n));
        }
    }
    let [pass, warning, fail, unknown] = tally;
    let outcome = if fail > 0 {
        Outcome::failing(reasons)
    } else if unknown > 0 {
        Outcome::Informational
    } else {
        Outcome::Passing
    };
    let tool = findings
        .first()
        .and_then(|f| f.metadata.as_ref()?.product.as_ref())
        .and_then(|p| Tool::new(p.name.clone()?, p.version.clone()));
    let summary = format!(
        "OCSF Compliance Finding: {}: {fail} Fail, {pass} Pass, {warning} Warning, {unknown} \
         other{}",
        count(findings.len(), "finding", "findings"),
        by(&tool)
    );
    Ok(Artefact {
        format: Format::Ocsf,
        collected_at: time::latest(times),
        outcome,
        tool,
        summary,
    })
}

/// The `n`th finding (1-based), its class checked before its fields: another class's event
/// is refused as such, not for a missing `compliance`. Read from the parsed value, so errors
/// name the finding and the field rather than a line.
fn typed(value: Value, n: usize) -> Result<Finding, String> {
    let class = value.get("class_uid").and_then(Value::as_i64);
    if class != Some(COMPLIANCE_FINDING) {
        let found = value
            .get("class_uid")
            .map_or_else(|| "no class_uid".to_string(), |c| format!("class_uid {c}"));
        return Err(format!(
            "finding {n} has {found}, not 2003 (Compliance Finding)"
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        format!(
            "finding {n} is not a Compliance Finding: {}",
            super::bare(&e)
        )
    })
}

fn status(compliance: &Compliance) -> Status {
    match compliance.status_id {
        Some(1) => Status::Pass,
        Some(2) => Status::Warning,
        Some(3) => Status::Fail,
        Some(_) => Status::Unknown,
        None => match compliance
            .status
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pass" | "passed") => Status::Pass,
            Some("warning") => Status::Warning,
            Some("fail" | "failed") => Status::Fail,
            _ => Status::Unknown,
        },
    }
}

/// "Control S3.8 failed: S3 general purpose buckets should block public access (uid)".
fn describe(finding: &Finding, n: usize) -> String {
    let info = finding.finding_info.as_ref();
    let control = finding
        .compliance
        .control
        .clone()
        .map_or_else(|| format!("finding {}", n + 1), |c| format!("control {c}"));
    let title = info
        .and_then(|i| i.title.as_deref())
        .map(|t| format!(": {}", super::one_line(t, 160)))
        .unwrap_or_default();
    let uid = info
        .and_then(|i| i.uid.as_deref())
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    format!("{control} failed{title}{uid}")
}
