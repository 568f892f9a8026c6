//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//!
//! Built as plain JSON: the subset we emit is small, and the tests read it back with the
//! `serde-sarif` types to prove it conforms to the schema.

use serde_json::{Value, json};

use crate::check::{Finding, Report, Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = Rule::ALL.iter().map(|&r| rule_descriptor(r)).collect();
    let results: Vec<Value> = report.findings.iter().map(result).collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "evidence",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_descriptor(rule: Rule) -> Value {
    json!({
        "id": rule.code(),
        "name": rule.code(),
        "shortDescription": { "text": rule.summary() },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
    })
}

fn result(f: &Finding) -> Value {
    let mut region = serde_json::Map::new();
    // SARIF lines and columns are 1-based; 0 means unknown and must be left out.
    if f.location.position.line > 0 {
        region.insert("startLine".into(), f.location.position.line.into());
    }
    if f.location.position.column > 0 {
        region.insert("startColumn".into(), f.location.position.column.into());
    }
    let mut physical = json!({ "artifactLocation": { "uri": f.location.display_path() } });
    if !region.is_empty() {
        physical["region"] = Value::Object(region);
    }
    let text = match f.hint() {
        Some(hint) => format!("{} (hint: {hint})", f.message),
        None => f.message.clone(),
    };
    json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": Rule::ALL.iter().position(|&r| f.rule() == Some(r)).unwrap_or(0),
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical }],
    })
}
