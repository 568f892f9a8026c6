//! SARIF 2.1.0 logs (static analysers, scanners: Semgrep, CodeQL, Trivy, …).
//!
//! - Recognised by a JSON object with `runs` and `version` (or a `$schema` naming SARIF);
//!   `version` must be "2.1.0".
//! - Collected: the latest `runs[].invocations[].endTimeUtc`; else the latest `startTimeUtc`;
//!   else none (many tools write no invocation times).
//! - Failing when any result's *effective* level is `error`. SARIF 2.1.0 §3.27.9–3.27.10: a
//!   result whose `kind` is present and not `fail` (`pass`, `open`, `review`,
//!   `informational`, `notApplicable`) has level `none`; a `fail` result without a `level`
//!   takes its rule's `defaultConfiguration.level`, else `warning`. Warnings and notes are not
//!   failures. Also failing: a run with no `results` array (the spec's "results not
//!   available": the log proves nothing) and an invocation with `executionSuccessful: false`
//!   (the tool did not finish). A log with no runs analysed nothing: informational.
//! - Tool: `runs[0].tool.driver` name and `version` (else `semanticVersion`).

use serde::Deserialize;

use super::{Artefact, Format, IngestError, Outcome, Tool, by, count, one_line, time};
use crate::source::Position;

#[derive(Debug, Deserialize)]
struct Log {
    version: String,
    runs: Vec<Run>,
}

#[derive(Debug, Deserialize)]
struct Run {
    tool: RunTool,
    #[serde(default)]
    invocations: Vec<Invocation>,
    results: Option<Vec<SarifResult>>,
}

#[derive(Debug, Deserialize)]
struct RunTool {
    driver: Driver,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: Option<String>,
    semantic_version: Option<String>,
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: Option<String>,
    default_configuration: Option<Configuration>,
}

#[derive(Debug, Deserialize)]
struct Configuration {
    level: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    start_time_utc: Option<String>,
    end_time_utc: Option<String>,
    execution_successful: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: Option<String>,
    rule_index: Option<i64>,
    rule: Option<RuleReference>,
    kind: Option<String>,
    level: Option<String>,
    message: Option<Message>,
    #[serde(default)]
    locations: Vec<ResultLocation>,
}

#[derive(Debug, Deserialize)]
struct RuleReference {
    id: Option<String>,
    index: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Message {
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: Option<PhysicalLocation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: Option<ArtifactLocation>,
    region: Option<Region>,
}

#[derive(Debug, Deserialize)]
struct ArtifactLocation {
    uri: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: Option<u64>,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let log: Log = serde_json::from_slice(bytes)
        .map_err(|e| IngestError::from_json(name, Format::Sarif, &e))?;
    if log.version != "2.1.0" {
        return Err(IngestError::malformed(
            name,
            Format::Sarif,
            Position::default(),
            format!("SARIF version {:?} is not read", log.version),
        ));
    }
    let bad_time = |m: String| IngestError::malformed(name, Format::Sarif, Position::default(), m);

    let mut ends = Vec::new();
    let mut starts = Vec::new();
    let mut reasons = Vec::new();
    let mut levels = Levels::default();
    for (n, run) in log.runs.iter().enumerate() {
        let run_name = format!("run {} ({})", n + 1, run.tool.driver.name);
        for invocation in &run.invocations {
            if let Some(t) = &invocation.end_time_utc {
                ends.push(time::parse_with_offset(t, "endTimeUtc").map_err(bad_time)?);
            }
            if let Some(t) = &invocation.start_time_utc {
                starts.push(time::parse_with_offset(t, "startTimeUtc").map_err(bad_time)?);
            }
            if invocation.execution_successful == Some(false) {
                reasons.push(format!(
                    "{run_name}: executionSuccessful is false (the tool did not finish)"
                ));
            }
        }
        let Some(results) = &run.results else {
            reasons.push(format!(
                "{run_name} has no results array: the results are not available"
            ));
            continue;
        };
        for result in results {
            let level = effective_level(result, &run.tool.driver);
            levels.add(level);
            if level == "error" {
                reasons.push(describe(result, &run.tool.driver));
            }
        }
    }

    let tool = log.runs.first().and_then(|r| {
        let d = &r.tool.driver;
        Tool::new(
            &d.name,
            d.version.clone().or_else(|| d.semantic_version.clone()),
        )
    });
    let outcome = if !reasons.is_empty() {
        Outcome::failing(reasons)
    } else if log.runs.is_empty() {
        // No run at all: nothing was analysed, so nothing passed.
        Outcome::Informational
    } else {
        Outcome::Passing
    };
    let summary = format!(
        "SARIF 2.1.0: {}, {}, {}{}",
        count(levels.total, "result", "results"),
        count(levels.error, "error", "errors"),
        count(levels.warning, "warning", "warnings"),
        by(&tool)
    );
    Ok(Artefact {
        format: Format::Sarif,
        collected_at: time::latest(ends).or_else(|| time::latest(starts)),
        outcome,
        tool,
        summary,
    })
}

#[derive(Debug, Default)]
struct Levels {
    total: usize,
    error: usize,
    warning: usize,
}

impl Levels {
    fn add(&mut self, level: &str) {
        self.total += 1;
        match level {
            "error" => self.error += 1,
            "warning" => self.warning += 1,
            _ => {}
        }
    }
}

/// SARIF 2.1.0 §3.27.10: the level a result has, given its kind, its own level and its rule.
fn effective_level<'a>(result: &'a SarifResult, driver: &'a Driver) -> &'a str {
    if result.kind.as_deref().is_some_and(|k| k != "fail") {
        return "none";
    }
    if let Some(level) = &result.level {
        return level;
    }
    rule_of(result, driver)
        .and_then(|r| r.default_configuration.as_ref())
        .and_then(|c| c.level.as_deref())
        .unwrap_or("warning")
}

/// The rule a result refers to: by index (`ruleIndex`, `rule.index`), else by id.
fn rule_of<'a>(result: &SarifResult, driver: &'a Driver) -> Option<&'a Rule> {
    let index = result
        .rule_index
        .or_else(|| result.rule.as_ref().and_then(|r| r.index));
    if let Some(rule) = index
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| driver.rules.get(i))
    {
        return Some(rule);
    }
    let id = rule_id(result)?;
    driver.rules.iter().find(|r| r.id.as_deref() == Some(id))
}

fn rule_id(result: &SarifResult) -> Option<&str> {
    result
        .rule_id
        .as_deref()
        .or_else(|| result.rule.as_ref().and_then(|r| r.id.as_deref()))
}

/// "rule-id at src/app.py:12: message".
fn describe(result: &SarifResult, driver: &Driver) -> String {
    let rule = rule_id(result).unwrap_or("a result without a rule");
    let place = result
        .locations
        .iter()
        .find_map(|l| l.physical_location.as_ref())
        .and_then(|p| {
            let uri = p.artifact_location.as_ref()?.uri.as_deref()?;
            Some(match p.region.as_ref().and_then(|r| r.start_line) {
                Some(line) => format!(" at {uri}:{line}"),
                None => format!(" at {uri}"),
            })
        })
        .unwrap_or_default();
    let text = result
        .message
        .as_ref()
        .and_then(|m| m.text.as_deref())
        .map(|t| format!(": {}", one_line(t, 160)))
        .unwrap_or_default();
    format!("{} error {rule}{place}{text}", driver.name)
}
