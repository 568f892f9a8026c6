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
use serde::de::DeserializeSeed as _;
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
    let mut values = serde_json::Deserializer::from_slice(bytes);
    // One value after another (JSON lines), each a finding or an array of them.
    loop {
        let one = OneOrMany {
            findings: &mut findings,
        };
        serde::de::Deserializer::deserialize_any(&mut values, one).map_err(|e| {
            // A finding that is not one is named by its number: where the parser stood when
            // it was checked is past its end, and would mislead.
            if e.classify() == serde_json::error::Category::Data {
                refuse(super::bare(&e))
            } else {
                IngestError::from_json(name, Format::Ocsf, &e)
            }
        })?;
        if values.end().is_ok() {
            break;
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

/// Takes one JSON value's findings into `findings`: an array, element by element (so that a
/// large export never exists as one tree of values), or a single finding.
struct OneOrMany<'a> {
    findings: &'a mut Vec<Finding>,
}

/// One finding, read as a value and then checked.
struct FindingSeed {
    n: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for FindingSeed {
    type Value = Finding;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Finding, D::Error> {
        let value = Value::deserialize(d)?;
        typed(value, self.n).map_err(serde::de::Error::custom)
    }
}

impl<'de> serde::de::Visitor<'de> for OneOrMany<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an OCSF finding (an object) or an array of them")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let n = self.findings.len() + 1;
            match seq.next_element_seed(FindingSeed { n })? {
                Some(finding) => self.findings.push(finding),
                None => return Ok(()),
            }
        }
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<(), M::Error> {
        let n = self.findings.len() + 1;
        let finding =
            FindingSeed { n }.deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.findings.push(finding);
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(status_id: u8) -> String {
        format!(
            r#"{{"class_uid": 2003, "time": 1795334400000, "compliance": {{"control": "S3.8", "status_id": {status_id}}}}}"#
        )
    }

    #[test]
    fn arrays_single_objects_and_lines_mix_and_every_finding_counts() {
        let text = format!(
            "[{}, {}]\n{}\n[]\n[{}]",
            finding(1),
            finding(2),
            finding(1),
            finding(3)
        );
        let artefact = parse("mixed.json", text.as_bytes()).unwrap();
        assert!(
            artefact.summary.starts_with(
                "OCSF Compliance Finding: 4 findings: 1 Fail, 2 Pass, 1 Warning, 0 other"
            ),
            "{}",
            artefact.summary
        );
    }

    #[test]
    fn a_foreign_element_in_an_array_is_named_by_its_number_and_place() {
        let text = format!("[\n{},\n{{\"class_uid\": 2004}}\n]\n", finding(1));
        let err = parse("posture.json", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posture.json: finding 2 has class_uid 2004, not 2003"),
            "{err}"
        );
        let err = parse("empty.json", b"[]").unwrap_err().to_string();
        assert!(err.contains("there are no findings"), "{err}");
        let err = parse("scalar.json", b"42").unwrap_err().to_string();
        assert!(err.contains("expected an OCSF finding"), "{err}");
    }
}
