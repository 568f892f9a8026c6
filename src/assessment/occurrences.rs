//! Recurring evidence: the occurrences a folder or glob names (each dated like any evidence
//! file), the date people put in their file names, and which windows of the audit period an
//! occurrence covers.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::dating::Dated;
use super::evidence::{
    Dating, EvidenceItem, EvidenceState, Occurrence, WindowCoverage, WindowStatus, date_file,
    judge, passes_broken_link, presence,
};
use crate::evidence_log::Outcome as LogOutcome;
use crate::model::{AuditPeriod, Cadence, EvidenceSource};
use crate::workspace::Workspace;

/// A recurring control's occurrences: every regular file the folder or glob names, each dated;
/// the item takes the state of the latest.
pub(super) fn assess_occurrences(
    ws: &Workspace,
    dating: &Dating<'_>,
    source: &EvidenceSource,
    rel: &Path,
    cadence: Cadence,
    today: Date,
    item: &mut EvidenceItem,
) {
    let files = match occurrence_files(ws, rel) {
        Ok(files) => files,
        Err(state) => {
            item.state = state;
            return;
        }
    };
    for file in files {
        let full = ws.root.join(&file);
        let mut state = EvidenceState::Missing;
        let Some(metadata) = presence(ws, &full, &mut state) else {
            continue;
        };
        let name_date = file
            .file_name()
            .and_then(|n| date_in_name(&n.to_string_lossy()));
        let (dated, logged) = date_file(ws, dating, &file, &metadata, None, name_date);
        let failing = logged
            .as_ref()
            .is_some_and(|l| l.outcome == LogOutcome::Failing);
        let mut occurrence = Occurrence {
            path: crate::source::display_path(&file),
            collected: None,
            collected_from: None,
            failing,
            undated_because: None,
        };
        match dated {
            Dated::On(date, from) => {
                occurrence.collected = Some(date);
                occurrence.collected_from = Some(from);
            }
            Dated::Unknown(why) => occurrence.undated_because = Some(why),
        }
        item.occurrences.push(occurrence);
        if let Some(logged) = logged
            && item
                .logged
                .as_ref()
                .is_none_or(|l| l.collected_at < logged.collected_at)
        {
            item.logged = Some(logged);
        }
    }
    item.occurrences
        .sort_by(|a, b| (a.collected, &a.path).cmp(&(b.collected, &b.path)));
    let latest = item
        .occurrences
        .iter()
        .rev()
        .find(|o| o.collected.is_some_and(|d| d <= today))
        .or_else(|| {
            item.occurrences
                .iter()
                .rev()
                .find(|o| o.collected.is_some())
        });
    let Some(latest) = latest else {
        item.state = match item.occurrences.first() {
            Some(undated) => {
                item.undated_because = undated.undated_because.clone();
                EvidenceState::Undated
            }
            None => EvidenceState::Missing,
        };
        return;
    };
    let collected = latest.collected.unwrap_or(today);
    item.collected = Some(collected);
    item.collected_from = latest.collected_from;
    item.stale_on = match source.max_age {
        Some(max_age) => max_age.after(collected).tomorrow().ok(),
        None => cadence.stale_on(collected),
    };
    item.state = judge(collected, latest.failing, item.stale_on, today);
}

/// The files a folder or glob names, relative to the workspace root, sorted. A folder holds
/// its regular files at any depth (hidden files and the evidence log excepted).
fn occurrence_files(ws: &Workspace, rel: &Path) -> Result<Vec<PathBuf>, EvidenceState> {
    let pattern = crate::source::display_path(rel);
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    let (base, matcher) = if is_glob {
        let literal: Vec<&str> = pattern
            .split('/')
            .take_while(|c| !c.contains(['*', '?', '[', '{']))
            .collect();
        let glob = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|_| EvidenceState::Missing)?
            .compile_matcher();
        (PathBuf::from(literal.join("/")), Some(glob))
    } else {
        (rel.to_path_buf(), None)
    };
    let full_base = ws.root.join(&base);
    if !is_glob && !full_base.is_dir() {
        return Err(if full_base.exists() {
            EvidenceState::NotAFile
        } else if passes_broken_link(&ws.root, &full_base) {
            EvidenceState::BrokenLink
        } else {
            EvidenceState::Missing
        });
    }
    let log = crate::evidence_log::relative_path(&ws.config.evidence_root);
    let mut files = Vec::new();
    // Links are not followed while walking: a linked occurrence is judged by `presence` below,
    // and a linked folder could lead anywhere.
    for entry in walkdir::WalkDir::new(&full_base)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
    {
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&ws.root) else {
            continue;
        };
        if relative == log {
            continue;
        }
        if matcher
            .as_ref()
            .is_none_or(|m| m.is_match(crate::source::display_path(relative)))
        {
            files.push(relative.to_path_buf());
        }
    }
    files.sort();
    Ok(files)
}

/// A date the file name states: `2026-03-31`, `20260331` or a quarter `2026-Q1` (its first
/// day), as people name recurring records.
pub fn date_in_name(name: &str) -> Option<Date> {
    let bytes = name.as_bytes();
    let digits = |from: usize, n: usize| {
        bytes
            .get(from..from + n)
            .filter(|b| b.iter().all(u8::is_ascii_digit))
            .and_then(|b| std::str::from_utf8(b).ok()?.parse::<i16>().ok())
    };
    let boundary = |i: usize| i == 0 || !bytes[i - 1].is_ascii_digit();
    for i in 0..bytes.len() {
        if !boundary(i) {
            continue;
        }
        let Some(year) = digits(i, 4).filter(|y| (1970..=2200).contains(y)) else {
            continue;
        };
        let after = |n: usize| bytes.get(i + n).is_none_or(|b| !b.is_ascii_digit());
        let ymd = |m_at: usize, d_at: usize| {
            let (m, d) = (digits(m_at, 2)?, digits(d_at, 2)?);
            Date::new(year, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
        };
        let dashed = bytes.get(i + 4) == Some(&b'-') && bytes.get(i + 7) == Some(&b'-');
        // 2026-03-31
        if let Some(date) = ymd(i + 5, i + 8).filter(|_| dashed && after(10)) {
            return Some(date);
        }
        // 20260331
        if let Some(date) = ymd(i + 4, i + 6).filter(|_| after(8)) {
            return Some(date);
        }
        // 2026-Q1
        let quarter = bytes.get(i + 4) == Some(&b'-')
            && matches!(bytes.get(i + 5), Some(b'Q' | b'q'))
            && after(7);
        if let Some(q @ 1..=4) = digits(i + 6, 1).filter(|_| quarter) {
            return Date::new(year, (q as i8 - 1) * 3 + 1, 1).ok();
        }
    }
    None
}

/// Each window of the audit period, covered by an occurrence dated in it that does not fail.
pub(super) fn windows(
    occurrences: &[Occurrence],
    cadence: Cadence,
    period: &AuditPeriod,
    today: Date,
) -> Vec<WindowCoverage> {
    cadence
        .windows(period)
        .into_iter()
        .map(|window| {
            let supporting: Vec<String> = occurrences
                .iter()
                .filter(|o| !o.failing)
                .filter(|o| {
                    o.collected
                        .is_some_and(|d| window.contains(d) && d <= today)
                })
                .map(|o| o.path.clone())
                .collect();
            let status = if !supporting.is_empty() {
                WindowStatus::Covered
            } else if window.start > today {
                WindowStatus::Future
            } else if window.end >= today {
                WindowStatus::Due
            } else {
                WindowStatus::Missed
            };
            WindowCoverage {
                window,
                status,
                occurrences: supporting,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::date_in_name;
    use jiff::civil::date;

    #[test]
    fn dates_people_put_in_file_names() {
        assert_eq!(date_in_name("2026-03-31.csv"), Some(date(2026, 3, 31)));
        assert_eq!(
            date_in_name("access-review-20260630.xlsx"),
            Some(date(2026, 6, 30))
        );
        assert_eq!(date_in_name("review-2026-Q3.csv"), Some(date(2026, 7, 1)));
        assert_eq!(date_in_name("2026-13-01.csv"), None);
        assert_eq!(date_in_name("v12026-03-31.csv"), None);
        assert_eq!(date_in_name("notes.md"), None);
        assert_eq!(date_in_name("2026-03-311.csv"), None);
    }
}
