//! The state of each evidence item a control names: present, dated, and fresh as of the
//! assessment date — or why not.

use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::dating::{CollectedFrom, Dated, History};
use super::occurrences::{assess_occurrences, windows};
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
    /// The path is, or passes through, a symbolic link that leads nowhere: to nothing, or
    /// round a loop.
    BrokenLink,
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
            Self::BrokenLink => "broken-link",
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
            Self::BrokenLink => "is a symbolic link that leads nowhere",
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
pub(super) fn judge(
    collected: Date,
    failing: bool,
    stale_on: Option<Date>,
    today: Date,
) -> EvidenceState {
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
pub(super) fn date_file(
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

/// Whether the file is there, a regular file, and inside the workspace; its metadata if so.
/// Sets the item's state when it is not.
pub(super) fn presence(
    ws: &Workspace,
    full: &Path,
    state: &mut EvidenceState,
) -> Option<std::fs::Metadata> {
    // A link is judged by where it leads: out of the workspace is never acceptable, even to a
    // file that exists (a link to /proc/self/environ must not become evidence).
    let resolved: PathBuf = match full.canonicalize() {
        Ok(target) => target,
        // Absent, or a dangling link or a loop on the way: what the path names is not there.
        Err(_) => {
            *state = if passes_broken_link(&ws.root, full) {
                EvidenceState::BrokenLink
            } else {
                EvidenceState::Missing
            };
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

/// Whether `full`, or a folder on its way below `root`, is a symbolic link that cannot be
/// resolved (it dangles, or loops): "does not exist" would send the user looking for a file
/// when the link is what needs fixing.
pub(super) fn passes_broken_link(root: &Path, full: &Path) -> bool {
    let Ok(rel) = full.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    rel.components().any(|c| {
        at.push(c);
        at.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
            && at.canonicalize().is_err()
    })
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
