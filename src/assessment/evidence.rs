//! The state of each evidence item a control names: present, dated, and fresh as of the
//! assessment date — or why not.

use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::dating::{CollectedFrom, Dated, History};
use crate::model::{EvidenceSource, Period};
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
    /// Relative to the workspace root, with `/` separators.
    pub path: String,
    pub state: EvidenceState,
    pub collected: Option<Date>,
    pub collected_from: Option<CollectedFrom>,
    /// The first day it is stale (collected + max age + 1 day).
    pub stale_on: Option<Date>,
    #[serde(serialize_with = "display")]
    pub max_age: Period,
    /// Why the date is unknown, for `Undated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated_because: Option<String>,
    pub confidential: bool,
}

fn display<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

impl EvidenceItem {
    pub fn is_fresh(&self) -> bool {
        self.state == EvidenceState::Fresh
    }
}

/// Assess one evidence source of a control as of `today`.
pub fn assess(
    ws: &Workspace,
    history: &History,
    id: EvidenceId,
    source: &EvidenceSource,
    today: Date,
) -> EvidenceItem {
    let rel = ws.evidence_path(&source.path);
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
    };
    if leaves_workspace(Path::new(&source.path.value)) || leaves_workspace(&ws.config.evidence_root)
    {
        item.state = EvidenceState::OutsideWorkspace;
        return item;
    }
    let full = ws.root.join(&rel);
    let Some(metadata) = presence(ws, &full, &mut item) else {
        return item;
    };
    let dated = match &source.collected {
        Some(date) => Dated::On(date.value, CollectedFrom::Declared),
        None => history.date(&rel, &metadata),
    };
    match dated {
        Dated::On(collected, from) => {
            item.collected = Some(collected);
            item.collected_from = Some(from);
            item.stale_on = max_age.after(collected).tomorrow().ok();
            item.state = if collected > today {
                EvidenceState::FromFuture
            } else if item.stale_on.is_some_and(|s| s <= today) {
                EvidenceState::Stale
            } else {
                EvidenceState::Fresh
            };
        }
        Dated::Unknown(why) => {
            item.state = EvidenceState::Undated;
            item.undated_because = Some(why);
        }
    }
    item
}

/// Whether the file is there, a regular file, and inside the workspace; its metadata if so.
/// Sets the item's state when it is not.
fn presence(ws: &Workspace, full: &Path, item: &mut EvidenceItem) -> Option<std::fs::Metadata> {
    // A link is judged by where it leads: out of the workspace is never acceptable, even to a
    // file that exists (a link to /proc/self/environ must not become evidence).
    let resolved: PathBuf = match full.canonicalize() {
        Ok(target) => target,
        // Absent, or a dangling link or a loop: what the path names is not there.
        Err(_) => {
            item.state = EvidenceState::Missing;
            return None;
        }
    };
    if !resolved.starts_with(&ws.canonical_root) {
        item.state = EvidenceState::OutsideWorkspace;
        return None;
    }
    match std::fs::metadata(&resolved) {
        Ok(m) if m.is_file() => Some(m),
        Ok(_) => {
            item.state = EvidenceState::NotAFile;
            None
        }
        Err(_) => {
            item.state = EvidenceState::Missing;
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
