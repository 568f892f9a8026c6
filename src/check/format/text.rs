//! `--format text`: findings grouped by file, rustc-style, then a summary table.

use std::fmt::Write;

use tabled::settings::Style;
use tabled::{Table, Tabled};

use super::TextStyle;
use crate::check::{Finding, Report, Rule, Severity};
use crate::snippet::{Excerpt, Kind};

pub fn render(report: &Report, style: TextStyle<'_>) -> String {
    let mut out = String::new();
    let mut sources = Sources::default();
    let mut current_file = None;
    for f in &report.findings {
        // With the workspace at hand, a finding shows its line with a caret, as rustc does.
        if let Some(excerpt) = style
            .root
            .and_then(|root| sources.text(root, &f.location.file))
            .and_then(|text| excerpt(f, &text).render(style.color))
        {
            current_file = None;
            out.push_str(&excerpt);
            out.push_str("\n\n");
            continue;
        }
        if current_file != Some(&f.location.file) {
            if current_file.is_some() {
                out.push('\n');
            }
            current_file = Some(&f.location.file);
            let _ = writeln!(out, "{}", paint(style, BOLD, &f.location.display_path()));
        }
        let label = match f.severity {
            Severity::Error => paint(style, RED, "error"),
            Severity::Warning => paint(style, YELLOW, "warning"),
        };
        let _ = writeln!(out, "  {label}[{}]: {}", f.rule, f.message);
        let _ = writeln!(out, "    --> {}", f.location);
        if let Some(hint) = &f.hint {
            let _ = writeln!(out, "    = hint: {hint}");
        }
    }
    if !report.findings.is_empty() {
        out.push('\n');
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

/// The excerpt of a finding in a file whose text is `text`.
fn excerpt<'a>(f: &'a Finding, text: &'a str) -> Excerpt<'a> {
    Excerpt {
        kind: match f.severity {
            Severity::Error => Kind::Error,
            Severity::Warning => Kind::Warning,
        },
        code: Some(f.rule.code()),
        message: &f.message,
        path: path_of(f),
        text,
        position: f.location.position,
        hint: f.hint.as_deref(),
    }
}

fn path_of(f: &Finding) -> &str {
    f.location.file.to_str().unwrap_or_default()
}

/// The workspace files findings point at, each read once.
#[derive(Default)]
struct Sources(std::collections::HashMap<std::path::PathBuf, Option<std::rc::Rc<str>>>);

impl Sources {
    fn text(&mut self, root: &std::path::Path, file: &std::path::Path) -> Option<std::rc::Rc<str>> {
        self.0
            .entry(file.to_path_buf())
            .or_insert_with(|| crate::snippet::regular_file_text(&root.join(file)).map(Into::into))
            .clone()
    }
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
            let of_rule: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
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

const BOLD: &str = "1";
const RED: &str = "1;31";
const YELLOW: &str = "1;33";
const GREEN: &str = "1;32";

fn paint(style: TextStyle<'_>, code: &str, text: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
