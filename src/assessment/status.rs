//! `evidence status`: the assessment made visible, control by control.

use std::fmt::Write;

use jiff::civil::Date;
use serde::Serialize;

use super::{Assessment, ControlAssessment, EvidenceItem, VerdictCounts};
use crate::model::Period;

/// The status report: every control (or, with an expiry window, those with evidence going
/// stale in it), and a summary.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport<'a> {
    pub date: Date,
    /// `--expiring`: only evidence that goes stale on or before this day is listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiring_by: Option<Date>,
    pub controls: Vec<&'a ControlAssessment>,
    pub summary: StatusSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusSummary {
    pub controls: usize,
    #[serde(flatten)]
    pub verdicts: VerdictCounts,
    pub evidence: usize,
    pub fresh_evidence: usize,
    /// The first day on which some evidence that is fresh today goes stale.
    pub next_stale: Option<Date>,
}

/// Build the report; with `expiring`, keep only controls with evidence that is fresh today but
/// goes stale within that period (the question "what expires in the next 30 days?").
pub fn report(assessment: &Assessment, expiring: Option<Period>) -> StatusReport<'_> {
    let expiring_by = expiring.map(|p| p.after(assessment.date));
    let expires_in_window = |e: &EvidenceItem| {
        e.is_fresh() && e.stale_on.zip(expiring_by).is_some_and(|(s, by)| s <= by)
    };
    let controls = assessment
        .controls
        .iter()
        .filter(|c| expiring_by.is_none() || c.evidence.iter().any(expires_in_window))
        .collect();
    let all_evidence = || assessment.controls.iter().flat_map(|c| c.evidence.iter());
    StatusReport {
        date: assessment.date,
        expiring_by,
        controls,
        summary: StatusSummary {
            controls: assessment.controls.len(),
            verdicts: assessment.controls.iter().map(|c| c.verdict).collect(),
            evidence: all_evidence().count(),
            fresh_evidence: all_evidence().filter(|e| e.is_fresh()).count(),
            next_stale: all_evidence()
                .filter(|e| e.is_fresh())
                .filter_map(|e| e.stale_on)
                .min(),
        },
    }
}

impl StatusReport<'_> {
    /// JSON: `{"date", "controls": [...], "summary": {...}}`.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        out.push('\n');
        out
    }

    /// Text: one block per control, its evidence beneath it, then the summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.controls {
            let owner = c.owner.as_deref().unwrap_or("no owner");
            let _ = write!(
                out,
                "{:<16} {:<16} (declared {}; {owner})",
                c.id,
                c.verdict.as_str(),
                c.status.as_str()
            );
            if let Some(target) = c.target.filter(|_| !c.verdict.is_declared_implemented()) {
                let _ = write!(out, ", target {target}");
            }
            out.push('\n');
            if c.evidence.is_empty() && c.verdict.is_declared_implemented() {
                out.push_str("    no evidence named\n");
            }
            for e in &c.evidence {
                out.push_str(&evidence_line(e));
            }
        }
        if !self.controls.is_empty() {
            out.push('\n');
        }
        let s = &self.summary;
        let _ = writeln!(
            out,
            "{} control{} as of {}: {} verified, {} unverified, {} partial, {} planned, {} overdue, {} not implemented",
            s.controls,
            if s.controls == 1 { "" } else { "s" },
            self.date,
            s.verdicts.verified,
            s.verdicts.unverified,
            s.verdicts.partial,
            s.verdicts.planned,
            s.verdicts.overdue,
            s.verdicts.not_implemented
        );
        let _ = write!(
            out,
            "{} of {} evidence items fresh",
            s.fresh_evidence, s.evidence
        );
        match s.next_stale {
            Some(d) => {
                let _ = writeln!(out, "; the next goes stale on {d}");
            }
            None => out.push('\n'),
        }
        if let Some(by) = self.expiring_by {
            let _ = writeln!(
                out,
                "{} control{} with evidence going stale by {by}",
                self.controls.len(),
                if self.controls.len() == 1 { "" } else { "s" }
            );
        }
        out
    }
}

fn evidence_line(e: &EvidenceItem) -> String {
    let name = if e.confidential {
        format!("{} (confidential)", e.path)
    } else {
        e.path.clone()
    };
    let dated = match (e.collected, e.collected_from) {
        (Some(d), Some(from)) => format!("collected {d} ({})", from.as_str()),
        _ => "undated".to_string(),
    };
    let stale = match e.stale_on {
        Some(s) if e.is_fresh() => format!(", stale on {s}"),
        Some(s) if e.state == super::EvidenceState::Stale => format!(", stale since {s}"),
        _ => String::new(),
    };
    let why = e
        .undated_because
        .as_deref()
        .map(|w| format!(": {w}"))
        .unwrap_or_default();
    let mut line = format!("    {:<18} {name}  {dated}{stale}{why}\n", e.state.as_str());
    if let Some(cadence) = e.cadence {
        let _ = writeln!(
            line,
            "{:<23}{cadence}: {} occurrence{}",
            "",
            e.occurrences.len(),
            if e.occurrences.len() == 1 { "" } else { "s" }
        );
    }
    if !e.windows.is_empty() {
        let windows: Vec<String> = e
            .windows
            .iter()
            .map(|w| format!("{} {}", w.window.label, window_mark(w.status)))
            .collect();
        let _ = writeln!(line, "{:<23}{}", "", windows.join(", "));
    }
    line
}

/// How a window of the audit period reads in a status line.
fn window_mark(status: super::WindowStatus) -> &'static str {
    match status {
        super::WindowStatus::Covered => "covered",
        super::WindowStatus::Missed => "MISSED",
        super::WindowStatus::Due => "due",
        super::WindowStatus::Future => "not yet",
    }
}
