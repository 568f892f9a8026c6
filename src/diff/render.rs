//! The diff as text (a terminal), Markdown (a pull-request comment) and JSON (a machine).
//!
//! Text and Markdown list the same lines, built once by [`sections`]: sub-processor changes
//! first (customers are owed notice before a new one starts), then controls, coverage, scope
//! decisions, evidence, roadmap and the rest of the trust page.

use std::fmt::Write as _;

use super::{Change, Diff, Kind};
use crate::assessment::Verdict;

/// GitHub refuses a comment body longer than this many characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// One change, in words.
#[derive(Debug, Clone)]
struct Line {
    kind: Kind,
    text: String,
    regression: bool,
}

/// A titled group of changes.
#[derive(Debug, Clone)]
struct Section {
    title: &'static str,
    lines: Vec<Line>,
}

pub fn to_json(diff: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(diff).expect("a diff serialises");
    s.push('\n');
    s
}

pub fn to_text(diff: &Diff) -> String {
    let mut out = format!(
        "evidence diff {} → {}, both assessed as of {}\n",
        side_label(&diff.old),
        side_label(&diff.new),
        diff.date
    );
    for note in &diff.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let sections = sections(diff);
    if sections.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    for section in &sections {
        let _ = writeln!(out, "\n{} ({})", section.title, section.lines.len());
        for line in &section.lines {
            let _ = writeln!(
                out,
                "  {} {}{}",
                marker(line.kind),
                line.text,
                if line.regression {
                    "  [regression]"
                } else {
                    ""
                }
            );
        }
    }
    let _ = writeln!(out, "\n{}", verdict_sentence(diff));
    out
}

/// Markdown for a pull-request comment: a summary table, sub-processor changes in the open, every
/// other group in a `<details>` block, cut to fit under `limit` characters with a note.
pub fn to_markdown(diff: &Diff, limit: usize) -> String {
    let sections = sections(diff);
    let mut head = format!(
        "### Compliance changes: {} → {}\n\nBoth sides assessed as of {}. {}\n\n",
        md(&diff.old.label),
        md(&diff.new.label),
        diff.date,
        verdict_sentence(diff)
    );
    for note in &diff.notes {
        let _ = writeln!(head, "> Note: {}\n", md(note));
    }
    if sections.is_empty() {
        head.push_str("No changes.\n");
        return head;
    }
    head.push_str("| Change | Count |\n|---|---:|\n");
    for section in &sections {
        let worse = section.lines.iter().filter(|l| l.regression).count();
        let count = if worse > 0 {
            format!("{} ({worse} worse)", section.lines.len())
        } else {
            section.lines.len().to_string()
        };
        let _ = writeln!(head, "| {} | {count} |", section.title);
    }
    head.push('\n');

    let truncated_note = "\n> The comment was cut to fit GitHub's limit: run `evidence diff` \
                          locally for every change.\n";
    let budget = limit.saturating_sub(head.len() + truncated_note.len());
    let mut body = String::new();
    let mut cut = false;
    for section in &sections {
        let open = section.title == SUBPROCESSORS;
        let (start, end) = if open {
            (format!("**{}**\n\n", section.title), "\n".to_string())
        } else {
            (
                format!(
                    "<details><summary>{} ({})</summary>\n\n",
                    section.title,
                    section.lines.len()
                ),
                "\n</details>\n\n".to_string(),
            )
        };
        let mut block = start;
        let mut left = section.lines.len();
        for line in &section.lines {
            let item = format!(
                "- {} {}{}\n",
                md_marker(line.kind),
                md(&line.text),
                if line.regression { " **(worse)**" } else { "" }
            );
            if body.len() + block.len() + item.len() + end.len() + 64 > budget {
                cut = true;
                break;
            }
            block.push_str(&item);
            left -= 1;
        }
        if left > 0 {
            let _ = writeln!(block, "- … {left} more not shown");
        }
        block.push_str(&end);
        if body.len() + block.len() > budget {
            cut = true;
            break;
        }
        body.push_str(&block);
        if cut {
            break;
        }
    }
    let mut out = head + &body;
    if cut {
        out.push_str(truncated_note);
    }
    out
}

const SUBPROCESSORS: &str = "Sub-processors";

/// The groups of changes in the order a reviewer reads them; empty groups left out.
fn sections(diff: &Diff) -> Vec<Section> {
    let mut sections = vec![
        Section {
            title: SUBPROCESSORS,
            lines: subprocessor_lines(diff),
        },
        Section {
            title: "Controls",
            lines: diff.controls.iter().map(control_line).collect(),
        },
        Section {
            title: "Requirement coverage",
            lines: coverage_lines(diff),
        },
        Section {
            title: "Scope decisions",
            lines: diff.scope.iter().map(scope_line).collect(),
        },
        Section {
            title: "Evidence",
            lines: diff.evidence.iter().map(evidence_line).collect(),
        },
        Section {
            title: "Roadmap",
            lines: diff.roadmap.iter().map(roadmap_line).collect(),
        },
        Section {
            title: "Trust page",
            lines: diff
                .trust
                .iter()
                .map(|t| Line {
                    kind: t.change,
                    text: format!("section {} {}", t.section, t.change.as_str()),
                    regression: false,
                })
                .collect(),
        },
    ];
    sections.retain(|s| !s.lines.is_empty());
    sections
}

/// A sub-processor detail the page may leave out.
fn stated(value: Option<&str>) -> &str {
    value.unwrap_or("not stated")
}

fn subprocessor_lines(diff: &Diff) -> Vec<Line> {
    diff.subprocessors
        .iter()
        .map(|s| {
            let notice = s
                .notice_days
                .map(|d| format!(" — customers are owed {d} days' notice"))
                .unwrap_or_default();
            let text = match (&s.old, &s.new) {
                (None, Some(n)) => format!(
                    "{} added ({}; {}; {}){notice}",
                    s.name,
                    n.purpose,
                    stated(n.region.as_deref()),
                    stated(n.transfer_mechanism.as_deref())
                ),
                (Some(_), None) => format!("{} removed{notice}", s.name),
                (Some(o), Some(n)) => {
                    let mut parts = Vec::new();
                    for (what, a, b) in [
                        (
                            "purpose",
                            Some(o.purpose.as_str()),
                            Some(n.purpose.as_str()),
                        ),
                        ("region", o.region.as_deref(), n.region.as_deref()),
                        (
                            "transfer mechanism",
                            o.transfer_mechanism.as_deref(),
                            n.transfer_mechanism.as_deref(),
                        ),
                    ] {
                        let (a, b) = (stated(a), stated(b));
                        if a != b {
                            parts.push(format!("{what} {a} → {b}"));
                        }
                    }
                    if parts.is_empty() {
                        parts.push("details changed".into());
                    }
                    format!("{}: {}", s.name, parts.join("; "))
                }
                (None, None) => s.name.clone(),
            };
            Line {
                kind: s.change,
                text,
                regression: false,
            }
        })
        .collect()
}

/// The verdict on one side of a control's change, or "" when that side has none.
fn verdict_word(
    c: &super::ControlChange,
    side: impl FnOnce(&Change<Option<Verdict>>) -> Option<Verdict>,
) -> &'static str {
    c.verdict
        .as_ref()
        .and_then(side)
        .map_or("", Verdict::as_str)
}

fn control_line(c: &super::ControlChange) -> Line {
    let text = match c.change {
        Kind::Added => format!(
            "{} added ({}{})",
            c.id,
            verdict_word(c, |v| v.new),
            c.owner
                .as_ref()
                .and_then(|o| o.new.as_deref())
                .map(|o| format!(", owner {o}"))
                .unwrap_or_default()
        ),
        Kind::Removed => format!("{} removed (was {})", c.id, verdict_word(c, |v| v.old)),
        Kind::Changed => {
            let mut parts = Vec::new();
            if let Some(o) = &c.owner {
                parts.push(format!(
                    "re-owned {} → {}",
                    o.old.as_deref().unwrap_or("nobody"),
                    o.new.as_deref().unwrap_or("nobody")
                ));
            }
            if let Some(s) = &c.status {
                parts.push(format!(
                    "status {}",
                    arrow(s, |v| v.map_or("none", |v| v.as_str()).to_string())
                ));
            }
            if let Some(v) = &c.verdict {
                parts.push(format!(
                    "verdict {}",
                    arrow(v, |v| v.map_or("none", |v| v.as_str()).to_string())
                ));
            }
            format!("{}: {}", c.id, parts.join("; "))
        }
    };
    Line {
        kind: c.change,
        text,
        regression: c.regression,
    }
}

fn coverage_lines(diff: &Diff) -> Vec<Line> {
    let mut lines = Vec::new();
    for f in &diff.frameworks {
        if f.change != Kind::Changed {
            lines.push(Line {
                kind: f.change,
                text: format!(
                    "framework {} ({}) {} the scope",
                    f.framework,
                    f.name,
                    if f.change == Kind::Added {
                        "added to"
                    } else {
                        "removed from"
                    }
                ),
                regression: false,
            });
            continue;
        }
        for r in &f.requirements {
            lines.push(Line {
                kind: Kind::Changed,
                text: format!(
                    "{} {} {}: {}",
                    f.framework,
                    r.id,
                    r.title,
                    arrow(&r.status, |s| s
                        .map_or("absent", |s| s.as_str())
                        .to_string())
                ),
                regression: r.regression,
            });
        }
    }
    lines
}

fn scope_line(s: &super::ScopeChange) -> Line {
    let view = |d: &Option<super::DecisionView>| match d {
        None => "no decision".to_string(),
        Some(d) => format!(
            "{}{}",
            if d.applicable {
                "applicable"
            } else {
                "excluded"
            },
            d.justification
                .as_deref()
                .map(|j| format!(" (\"{j}\")"))
                .unwrap_or_default()
        ),
    };
    Line {
        kind: s.change,
        text: format!(
            "{} {}: {} → {}",
            s.framework,
            s.requirement,
            view(&s.decision.old),
            view(&s.decision.new)
        ),
        regression: false,
    }
}

fn evidence_line(e: &super::EvidenceChange) -> Line {
    let text = match e.change {
        Kind::Added => format!("{} added", e.path),
        Kind::Removed => format!("{} removed", e.path),
        Kind::Changed => {
            let mut parts = Vec::new();
            if let Some(c) = &e.recollected {
                parts.push(format!(
                    "re-collected {}",
                    arrow(c, |d| d.map_or("undated".into(), |d| d.to_string()))
                ));
            }
            if let Some(h) = &e.sha256 {
                parts.push(format!(
                    "hash changed {}",
                    arrow(h, |h| h
                        .as_deref()
                        .map_or("none".into(), |h| h.chars().take(12).collect()))
                ));
            }
            if let Some(s) = &e.state {
                parts.push(arrow(s, |s| {
                    s.map_or("unknown", |s| s.as_str()).to_string()
                }));
            }
            format!("{}: {}", e.path, parts.join("; "))
        }
    };
    Line {
        kind: e.change,
        text,
        regression: false,
    }
}

fn roadmap_line(r: &super::RoadmapChange) -> Line {
    let view = |v: &Option<super::RoadmapView>| match v {
        None => "absent".to_string(),
        Some(v) => format!(
            "{}{}{}",
            v.status,
            v.target
                .as_deref()
                .map(|t| format!(", target {t}"))
                .unwrap_or_default(),
            match v.claim_holds {
                Some(true) => ", claim holds",
                Some(false) => ", claim not supported",
                None => "",
            }
        ),
    };
    Line {
        kind: r.change,
        text: format!(
            "{}: {} → {}",
            r.item,
            view(&r.roadmap.old),
            view(&r.roadmap.new)
        ),
        regression: false,
    }
}

fn arrow<T>(c: &Change<T>, show: impl Fn(&T) -> String) -> String {
    format!("{} → {}", show(&c.old), show(&c.new))
}

fn marker(kind: Kind) -> char {
    match kind {
        Kind::Added => '+',
        Kind::Removed => '-',
        Kind::Changed => '~',
    }
}

fn md_marker(kind: Kind) -> &'static str {
    match kind {
        Kind::Added => "➕",
        Kind::Removed => "➖",
        Kind::Changed => "✏️",
    }
}

/// "HEAD~1 (git revision)".
fn side_label(side: &super::SideSummary) -> String {
    format!("{} ({})", side.label, kind_word(side.kind))
}

fn kind_word(kind: super::SideKind) -> &'static str {
    match kind {
        super::SideKind::Workspace => "workspace",
        super::SideKind::Revision => "git revision",
        super::SideKind::Bundle => "bundle",
    }
}

fn verdict_sentence(diff: &Diff) -> String {
    let worse = diff.controls.iter().filter(|c| c.regression).count()
        + diff
            .frameworks
            .iter()
            .flat_map(|f| &f.requirements)
            .filter(|r| r.regression)
            .count();
    if worse > 0 {
        format!("Regression: {worse} verdict or coverage change(s) got worse.")
    } else {
        "No verdict or coverage got worse.".to_string()
    }
}

/// Text from workspace files, made inert in Markdown: no HTML, links, emphasis or tables.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_html_and_tables() {
        assert_eq!(md("<b>a|b</b>"), "&lt;b&gt;a\\|b&lt;/b&gt;");
        assert_eq!(md("x\ny"), "x y");
    }

    fn many_evidence_changes(n: usize) -> Diff {
        use super::super::{EvidenceChange, SideKind, SideSummary};
        let side = |label: &str| SideSummary {
            label: label.into(),
            kind: SideKind::Revision,
        };
        Diff {
            old: side("HEAD~1"),
            new: side("HEAD"),
            date: jiff::civil::date(2026, 11, 22),
            regression: false,
            subprocessors: Vec::new(),
            controls: Vec::new(),
            frameworks: Vec::new(),
            scope: Vec::new(),
            evidence: (0..n)
                .map(|i| EvidenceChange {
                    path: format!("evidence/logs/access-review-{i:05}.csv"),
                    change: Kind::Added,
                    recollected: None,
                    sha256: None,
                    state: None,
                })
                .collect(),
            roadmap: Vec::new(),
            trust: Vec::new(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn markdown_is_cut_to_fit_a_github_comment_with_a_note() {
        let diff = many_evidence_changes(5_000);
        let full = to_text(&diff);
        assert!(
            full.len() > GITHUB_COMMENT_LIMIT,
            "the test needs a long diff"
        );
        let md = to_markdown(&diff, GITHUB_COMMENT_LIMIT);
        assert!(md.len() <= GITHUB_COMMENT_LIMIT, "{}", md.len());
        assert!(md.contains("more not shown"), "{md}");
        assert!(md.contains("cut to fit GitHub's limit"), "{md}");
        assert!(md.contains("| Evidence | 5000 |"), "{md}");
        // The folded block is closed even when cut.
        assert_eq!(
            md.matches("<details>").count(),
            md.matches("</details>").count()
        );

        let short = to_markdown(&many_evidence_changes(3), GITHUB_COMMENT_LIMIT);
        assert!(!short.contains("cut to fit"), "{short}");
        assert!(short.contains("access-review-00002"), "{short}");
    }
}
