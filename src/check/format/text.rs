//! `--format text`: findings grouped by file, rustc-style, then a summary table.

use std::fmt::Write;

use tabled::settings::Style;
use tabled::{Table, Tabled};

use super::TextStyle;
use crate::check::{Report, Rule};
use crate::diag::{self, report::SourceCache};

pub fn render(report: &Report, style: TextStyle<'_>) -> String {
    let mut out = String::new();
    // With the workspace at hand, a finding shows its line with a caret, as rustc does.
    let mut sources = match style.root {
        Some(root) => SourceCache::below(root),
        None => SourceCache::none(),
    };
    for f in &report.findings {
        out.push_str(&diag::report::render(f, &mut sources, style.color));
        out.push_str("\n\n");
    }
    if !report.findings.is_empty() {
        out.push_str(&summary_table(report));
        out.push('\n');
    }
    let verdict = if report.fails() {
        paint(style, RED, "check failed")
    } else {
        paint(style, GREEN, "check passed")
    };
    let _ = writeln!(
        out,
        "{verdict}: {} error{}, {} warning{} (as of {})",
        report.summary.errors,
        plural(report.summary.errors),
        report.summary.warnings,
        plural(report.summary.warnings),
        report.today
    );
    if report.strict && report.summary.errors == 0 && report.summary.warnings > 0 {
        out.push_str("(--strict: warnings fail the check)\n");
    }
    out
}

#[derive(Tabled)]
struct Row {
    rule: &'static str,
    severity: &'static str,
    count: usize,
}

fn summary_table(report: &Report) -> String {
    let rows: Vec<Row> = Rule::ALL
        .iter()
        .filter_map(|&rule| {
            let of_rule: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.rule() == Some(rule))
                .collect();
            let first = of_rule.first()?;
            Some(Row {
                rule: rule.code(),
                severity: first.severity.as_str(),
                count: of_rule.len(),
            })
        })
        .collect();
    let mut table = Table::new(rows);
    table.with(Style::sharp());
    table.to_string()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

const RED: &str = "1;31";
const GREEN: &str = "1;32";

fn paint(style: TextStyle<'_>, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
