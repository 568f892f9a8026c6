//! The state of each evidence item a control names: present, dated, and fresh as of the
//! assessment date — or why not.

use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::dating::{CollectedFrom, Dated, History};
use crate::evidence_log::{EvidenceLog, Outcome as LogOutcome};
use crate::model::{AuditPeriod, Cadence, EvidenceSource, Period, Window};
use crate::workspace::Workspace;

/// What the assessment found about one evidence item. Only `Fresh` supports a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceState {
    /// Present, dated, and younger than its max age.
    Fresh,
    /// Older than its max age.
    Stale,
    /// The file does not exist.
    Missing,
    /// The path names a directory, device, FIFO or socket, not a regular file.
    NotAFile,
    /// Its collected date is after the assessment date, which would hide staleness.
    FromFuture,
    /// An absolute path, `..`, or a symlink that resolves outside the workspace.
    OutsideWorkspace,
    /// No trustworthy collected date (a shallow clone without the history, say).
    Undated,
    /// The evidence log records that the tool reported a failure (a SARIF error, a failed test,
    /// an OCSF finding with status Fail): the evidence shows the control not working.
    Failing,
}

impl EvidenceState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fresh => "fresh",
            Self::Stale => "stale",
            Self::Missing => "missing",
            Self::NotAFile => "not-a-file",
            Self::FromFuture => "from-future",
            Self::OutsideWorkspace => "outside-workspace",
            Self::Undated => "undated",
            Self::Failing => "failing",
        }
    }

    /// Words for a sentence: "evidence `x` is stale".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Fresh => "is fresh",
            Self::Stale => "is stale",
            Self::Missing => "is missing",
            Self::NotAFile => "is not a file",
            Self::FromFuture => "is dated in the future",
            Self::OutsideWorkspace => "is outside the workspace",
            Self::Undated => "has no trustworthy collected date",
            Self::Failing => "reports a failure",
        }
    }
}

/// Typed identity of an evidence item: the control (index in [`Workspace::controls`]) and the
/// source (index in that control's `evidence:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EvidenceId {
    pub control: usize,
    pub source: usize,
}

/// One evidence item, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceItem {
    #[serde(skip)]
    pub id: EvidenceId,
    /// Relative to the workspace root, with `/` separators (for a recurring control, the folder
    /// or glob of its occurrences).
    pub path: String,
    pub state: EvidenceState,
    /// For a recurring control: the date of the latest occurrence.
    pub collected: Option<Date>,
    pub collected_from: Option<CollectedFrom>,
    /// The first day it is stale (collected + max age + 1 day, or for a recurring control the
    /// start of the second window after the latest occurrence's).
    pub stale_on: Option<Date>,
    #[serde(serialize_with = "display")]
    pub max_age: Period,
    /// Why the date is unknown, for `Undated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated_because: Option<String>,
    pub confidential: bool,
    /// What the evidence log recorded about the file (the latest occurrence's, if recurring).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logged: Option<Logged>,
    /// How often an occurrence is due, for a recurring control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence: Option<Cadence>,
    /// Every occurrence found, oldest first (recurring controls only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<Occurrence>,
    /// Each cadence window of the audit period and whether an occurrence covers it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<WindowCoverage>,
}

/// The evidence log's word on a file.
#[derive(Debug, Clone, Serialize)]
pub struct Logged {
    pub outcome: LogOutcome,
    pub collected_at: jiff::Timestamp,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// One file of a recurring control's occurrences.
#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    pub path: String,
    pub collected: Option<Date>,
    pub collected_from: Option<CollectedFrom>,
    /// The evidence log records a failure for it: it shows the control not working.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated_because: Option<String>,
}

/// Whether an occurrence was collected in one window of the audit period.
#[derive(Debug, Clone, Serialize)]
pub struct WindowCoverage {
    #[serde(flatten)]
    pub window: Window,
    pub status: WindowStatus,
    /// The occurrences dated in the window that support the control.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrences: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowStatus {
    /// An occurrence was collected in the window.
    Covered,
    /// The window is over and holds no occurrence.
    Missed,
    /// The window holds the assessment date and no occurrence yet: still due.
    Due,
    /// The window starts after the assessment date.
    Future,
}

fn display<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

impl EvidenceItem {
    pub fn is_fresh(&self) -> bool {
        self.state == EvidenceState::Fresh
    }

    /// The windows of the audit period that are over without an occurrence.
    pub fn missed_windows(&self) -> impl Iterator<Item = &WindowCoverage> {
        self.windows
            .iter()
            .filter(|w| w.status == WindowStatus::Missed)
    }

    /// The file that stands for this item: its path, or for a recurring control the latest
    /// occurrence's (none when there is none).
    pub fn file(&self) -> Option<&str> {
        match self.cadence {
            None => Some(&self.path),
            Some(_) => self.latest_occurrence().map(|o| o.path.as_str()),
        }
    }

    /// Every file the item names: its path, or every occurrence of a recurring control.
    pub fn files(&self) -> Vec<&str> {
        match self.cadence {
            None => vec![&self.path],
            Some(_) => self.occurrences.iter().map(|o| o.path.as_str()).collect(),
        }
    }

    /// For a recurring control, the occurrence that dates it (the latest up to the assessment
    /// date).
    pub fn latest_occurrence(&self) -> Option<&Occurrence> {
        self.cadence?;
        self.occurrences
            .iter()
            .rev()
            .find(|o| o.collected.is_some() && o.collected == self.collected)
    }

    /// Whether it supports its control: fresh, and no window of the audit period missed.
    pub fn proves(&self) -> bool {
        self.is_fresh() && self.missed_windows().next().is_none()
    }
}

/// What the assessment dates evidence with: git history and the evidence log.
#[derive(Debug)]
pub struct Dating<'a> {
    pub history: &'a History,
    pub log: &'a EvidenceLog,
}

/// Assess one evidence source of a control as of `today`, over the audit period if one is set.
pub fn assess(
    ws: &Workspace,
    dating: &Dating<'_>,
    id: EvidenceId,
    source: &EvidenceSource,
    today: Date,
    period: Option<&AuditPeriod>,
) -> EvidenceItem {
    let rel = ws.evidence_path(&source.path.value);
    let cadence = source.cadence.as_ref().map(|c| c.value);
    let max_age = source.max_age.unwrap_or(ws.config.evidence_max_age);
    let mut item = EvidenceItem {
        id,
        path: crate::source::display_path(&rel),
        state: EvidenceState::Missing,
        collected: None,
        collected_from: None,
        stale_on: None,
        max_age,
        undated_because: None,
        confidential: source.confidential,
        logged: None,
        cadence,
        occurrences: Vec::new(),
        windows: Vec::new(),
    };
    if leaves_workspace(Path::new(&source.path.value)) || leaves_workspace(&ws.config.evidence_root)
    {
        item.state = EvidenceState::OutsideWorkspace;
        return item;
    }
    match cadence {
        None => assess_file(ws, dating, source, &rel, today, &mut item),
        Some(cadence) => {
            assess_occurrences(ws, dating, source, &rel, cadence, today, &mut item);
            if let Some(period) = period {
                item.windows = windows(&item.occurrences, cadence, period, today);
            }
        }
    }
    item
}

/// One file: present, dated, fresh.
fn assess_file(
    ws: &Workspace,
    dating: &Dating<'_>,
    source: &EvidenceSource,
    rel: &Path,
    today: Date,
    item: &mut EvidenceItem,
) {
    let full = ws.root.join(rel);
    let Some(metadata) = presence(ws, &full, &mut item.state) else {
        return;
    };
    let declared = source.collected.as_ref().map(|d| d.value);
    let (dated, logged) = date_file(ws, dating, rel, &metadata, declared, None);
    let failing = logged
        .as_ref()
        .is_some_and(|l| l.outcome == LogOutcome::Failing);
    item.logged = logged;
    match dated {
        Dated::On(collected, from) => {
            item.collected = Some(collected);
            item.collected_from = Some(from);
            item.stale_on = item.max_age.after(collected).tomorrow().ok();
            item.state = judge(collected, failing, item.stale_on, today);
        }
        Dated::Unknown(why) => {
            item.state = EvidenceState::Undated;
            item.undated_because = Some(why);
        }
    }
}

/// The state of dated evidence: a date after today hides staleness; a logged failure means the
/// evidence shows the control not working; then freshness.
fn judge(collected: Date, failing: bool, stale_on: Option<Date>, today: Date) -> EvidenceState {
    if collected > today {
        EvidenceState::FromFuture
    } else if failing {
        EvidenceState::Failing
    } else if stale_on.is_some_and(|s| s <= today) {
        EvidenceState::Stale
    } else {
        EvidenceState::Fresh
    }
}

/// A file's collected date, in order of trust: the evidence log (when the file still has the
/// logged hash), `collected:`, a date in the file name (occurrences only), git, the modification
/// time.
fn date_file(
    ws: &Workspace,
    dating: &Dating<'_>,
    rel: &Path,
    metadata: &std::fs::Metadata,
    declared: Option<Date>,
    name_date: Option<Date>,
) -> (Dated, Option<Logged>) {
    if let Some(logged) = logged_entry(ws, dating.log, rel) {
        let day = logged.collected_at.to_zoned(jiff::tz::TimeZone::UTC).date();
        return (Dated::On(day, CollectedFrom::Log), Some(logged));
    }
    if let Some(date) = declared {
        return (Dated::On(date, CollectedFrom::Declared), None);
    }
    if let Some(date) = name_date {
        return (Dated::On(date, CollectedFrom::FileName), None);
    }
    (dating.history.date(rel, metadata), None)
}

/// The log's latest entry for the file at `rel`, if the file still has the logged hash.
fn logged_entry(ws: &Workspace, log: &EvidenceLog, rel: &Path) -> Option<Logged> {
    let key = crate::source::display_path(rel);
    if !log.knows(&key) {
        return None;
    }
    let (sha256, _) = crate::evidence_log::sha256_file(&ws.root.join(rel)).ok()?;
    let entry = log.entry_for(&key, &sha256)?;
    Some(Logged {
        outcome: entry.outcome,
        collected_at: entry.collected_at,
        summary: entry.summary.clone(),
        reasons: entry.reasons.clone(),
    })
}

/// A recurring control's occurrences: every regular file the folder or glob names, each dated;
/// the item takes the state of the latest.
fn assess_occurrences(
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
fn windows(
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

/// Whether the file is there, a regular file, and inside the workspace; its metadata if so.
/// Sets the item's state when it is not.
fn presence(ws: &Workspace, full: &Path, state: &mut EvidenceState) -> Option<std::fs::Metadata> {
    // A link is judged by where it leads: out of the workspace is never acceptable, even to a
    // file that exists (a link to /proc/self/environ must not become evidence).
    let resolved: PathBuf = match full.canonicalize() {
        Ok(target) => target,
        // Absent, or a dangling link or a loop: what the path names is not there.
        Err(_) => {
            *state = EvidenceState::Missing;
            return None;
        }
    };
    if !resolved.starts_with(&ws.canonical_root) {
        *state = EvidenceState::OutsideWorkspace;
        return None;
    }
    match std::fs::metadata(&resolved) {
        Ok(m) if m.is_file() => Some(m),
        Ok(_) => {
            *state = EvidenceState::NotAFile;
            None
        }
        Err(_) => {
            *state = EvidenceState::Missing;
            None
        }
    }
}

/// Absolute paths and `..` components could reach anything on the machine.
pub fn leaves_workspace(path: &Path) -> bool {
    path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    })
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
