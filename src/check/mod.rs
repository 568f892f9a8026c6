//! `evidence check`: turn a workspace into findings.
//!
//! Findings are data, not errors: each names a [`Rule`], a severity, a message, the place in a
//! workspace file it concerns, and what to do about it. They flow to a reporter in [`format`].

mod codes;
pub mod format;
mod rules;

use jiff::civil::Date;
use serde::Serialize;

pub use codes::{Rule, Severity};

use crate::assessment::{Assessment, Verdict};
use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, Result};
use crate::model::config::{FILE_NAME, SeverityOverride};
use crate::source::Location;
use crate::workspace::Workspace;

/// A finding is a [`Diagnostic`] whose code is a check [`Rule`].
pub type Finding = Diagnostic;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// Sorted by file, line, column, rule and message, so output is deterministic.
    pub findings: Vec<Finding>,
    pub summary: FindingCounts,
    /// The date the check was evaluated as of.
    pub today: Date,
    /// Warnings fail the check too (`--strict`).
    pub strict: bool,
    /// Each control's verdict, from the assessment the findings were drawn from.
    pub verdicts: Vec<(String, Verdict)>,
}

impl Report {
    /// Whether the check fails: any error, or with `strict` any warning too.
    pub fn fails(&self) -> bool {
        self.summary.errors > 0 || (self.strict && self.summary.warnings > 0)
    }
}

/// Check `ws` as assessed in `assessment`.
///
/// Fails (exit 2) only when `evidence.toml` names an unknown rule in `[rules]`; everything else
/// wrong with the workspace is a finding. Severity overrides apply here, when findings are
/// reported: they never change the assessment.
pub fn run(ws: &Workspace, assessment: &Assessment) -> Result<Report> {
    let severities = Severities::from_config(ws)?;
    let mut sink = Sink {
        severities,
        findings: Vec::new(),
        today: assessment.date,
    };
    rules::check_all(ws, assessment, &mut sink);
    let mut findings = sink.findings;
    // Stable: findings at one place keep the order the rules found them in (catalog order for
    // coverage gaps), which is itself deterministic.
    findings.sort_by(|a, b| (&a.location, a.code).cmp(&(&b.location, b.code)));
    findings.dedup();
    let summary = FindingCounts {
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
    };
    Ok(Report {
        findings,
        summary,
        today: assessment.date,
        strict: false,
        verdicts: assessment
            .controls
            .iter()
            .map(|c| (c.id.clone(), c.verdict))
            .collect(),
    })
}

/// The rules a check of `ws` runs: every rule not turned `off` in evidence.toml `[rules]`.
pub fn enabled_rules(ws: &Workspace) -> Result<Vec<Rule>> {
    let severities = Severities::from_config(ws)?;
    Ok(Rule::ALL
        .iter()
        .copied()
        .filter(|&r| severities.of(r).is_some())
        .collect())
}

/// Effective severity per rule: the default, unless `evidence.toml` `[rules]` changes it.
#[derive(Debug, Clone)]
struct Severities(Vec<(Rule, Option<Severity>)>);

impl Severities {
    fn from_config(ws: &Workspace) -> Result<Self> {
        let mut table: Vec<(Rule, Option<Severity>)> = Rule::ALL
            .iter()
            .map(|&r| (r, Some(r.default_severity())))
            .collect();
        let mut errors = Vec::new();
        for (code, level) in &ws.config.rules {
            let Some(rule) = Rule::from_code(code) else {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
                errors.push(Diagnostic::input(
                    InputCode::DanglingReference,
                    Location::new(FILE_NAME, code.position),
                    format!(
                        "unknown rule `{}` in [rules]; known rules: {}",
                        code.value,
                        known.join(", ")
                    ),
                ));
                continue;
            };
            let severity = match level.value {
                SeverityOverride::Error => Some(Severity::Error),
                SeverityOverride::Warning => Some(Severity::Warning),
                SeverityOverride::Off => None,
            };
            if let Some(entry) = table.iter_mut().find(|(r, _)| *r == rule) {
                entry.1 = severity;
            }
        }
        if errors.is_empty() {
            Ok(Self(table))
        } else {
            Err(Error::Input(errors))
        }
    }

    fn of(&self, rule: Rule) -> Option<Severity> {
        self.0
            .iter()
            .find(|(r, _)| *r == rule)
            .and_then(|(_, s)| *s)
    }
}

/// Collects findings, applying severity overrides and dropping rules that are turned off.
struct Sink {
    severities: Severities,
    findings: Vec<Finding>,
    today: Date,
}

impl Sink {
    fn report(
        &mut self,
        rule: Rule,
        location: Location,
        message: String,
        hint: impl Into<Option<String>>,
    ) {
        // Error is the loudest severity: no ceiling.
        self.report_at_most(rule, Severity::Error, location, message, hint);
    }

    /// Report a finding no louder than `ceiling`: for a gap the workspace knowingly accepts
    /// (a current risk acceptance), which stays visible without failing the check.
    fn report_at_most(
        &mut self,
        rule: Rule,
        ceiling: Severity,
        location: Location,
        message: String,
        hint: impl Into<Option<String>>,
    ) {
        if let Some(severity) = self.severities.of(rule) {
            let mut finding = Diagnostic::error(rule, location, message);
            finding.severity = severity.min(ceiling);
            finding.hints.extend(hint.into());
            self.findings.push(finding);
        }
    }
}
