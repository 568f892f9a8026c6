//! When a piece of evidence was collected, for evidence that does not declare `collected:`.
//!
//! In a fresh CI clone every file's modification time is "now", so a modification time says
//! nothing there. The date of the last commit that changed the file does, and survives a clone:
//! it is used whenever the workspace is in a git repository and the file is committed unchanged.
//! A file with uncommitted changes, or untracked, takes its modification time. A shallow clone
//! attributes every older file to its boundary commit; such a date is not trusted, and the file
//! is reported as undated instead of silently fresh.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Date;
use serde::Serialize;

/// Where a collected date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CollectedFrom {
    /// The evidence log (`evidence collect`, `evidence ingest`), for a file with the logged hash.
    Log,
    /// `collected:` in the control file.
    Declared,
    /// A date in the file name of an occurrence of a recurring control (`2026-03-31.csv`).
    FileName,
    /// The date of the last commit that changed the file.
    Git,
    /// The file's modification time (not committed, or no git repository).
    Mtime,
}

impl CollectedFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Log => "log",
            Self::Declared => "declared",
            Self::FileName => "file-name",
            Self::Git => "git",
            Self::Mtime => "mtime",
        }
    }
}

/// The outcome of dating one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dated {
    On(Date, CollectedFrom),
    /// No trustworthy date: why, in words for the user.
    Unknown(String),
}

/// Commit dates of the files under the evidence root, read from git once per assessment.
#[derive(Debug, Default)]
pub struct History {
    /// Workspace-relative path → date of the last commit that changed it.
    committed: HashMap<PathBuf, Date>,
    /// Files that differ from HEAD or are untracked: their commit date is not their date.
    changed: HashSet<PathBuf>,
    /// Files whose last commit is a shallow clone's boundary: the real date is not known.
    beyond_shallow: HashSet<PathBuf>,
    /// Whether the workspace is inside a git work tree at all.
    in_git: bool,
}

impl History {
    /// Read the history of `evidence_root` (relative to the workspace `root`). Any failure of
    /// git (not installed, not a repository) gives an empty history: files are then dated by
    /// their modification time.
    pub fn read(root: &Path, evidence_root: &Path) -> Self {
        let Some(inside) = git(root, &["rev-parse", "--is-inside-work-tree"]) else {
            return Self::default();
        };
        if String::from_utf8_lossy(&inside).trim() != "true" {
            return Self::default();
        }
        let scope = evidence_root.to_string_lossy().into_owned();
        let scope = if scope.is_empty() { ".".into() } else { scope };
        let boundary = shallow_boundary(root);
        let mut history = Self {
            in_git: true,
            ..Self::default()
        };
        if let Some(log) = git(
            root,
            &[
                "log",
                "--format=%x01%H %cI",
                "--name-only",
                "-z",
                "--no-renames",
                "--relative",
                "--",
                &scope,
            ],
        ) {
            history.read_log(&String::from_utf8_lossy(&log), &boundary);
        }
        for args in [
            &[
                "diff",
                "--name-only",
                "-z",
                "--relative",
                "HEAD",
                "--",
                &scope,
            ][..],
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "-z",
                "--",
                &scope,
            ][..],
        ] {
            if let Some(out) = git(root, args) {
                let text = String::from_utf8_lossy(&out).into_owned();
                history.changed.extend(
                    text.split('\0')
                        .filter(|p| !p.is_empty())
                        .map(PathBuf::from),
                );
            }
        }
        history
    }

    /// `git log` output: records that start with \x01, a "HASH DATE" line ended by NUL, then the
    /// files the commit changed, each ended by NUL. Newest commit first: the first date seen for
    /// a file is its last change.
    fn read_log(&mut self, log: &str, boundary: &HashSet<String>) {
        for record in log.split('\u{1}').filter(|r| !r.is_empty()) {
            let Some((header, files)) = record.split_once('\0') else {
                continue;
            };
            let Some((hash, when)) = header.split_once(' ') else {
                continue;
            };
            let Ok(stamp) = when.trim().parse::<jiff::Timestamp>() else {
                continue;
            };
            let date = stamp.to_zoned(jiff::tz::TimeZone::UTC).date();
            let shallow = boundary.contains(hash);
            for file in files.split('\0').map(str::trim).filter(|f| !f.is_empty()) {
                let path = PathBuf::from(file);
                if self.committed.contains_key(&path) || self.beyond_shallow.contains(&path) {
                    continue;
                }
                if shallow {
                    self.beyond_shallow.insert(path);
                } else {
                    self.committed.insert(path, date);
                }
            }
        }
    }

    /// The date of the file at `rel` (workspace-relative), given its metadata.
    pub fn date(&self, rel: &Path, metadata: &std::fs::Metadata) -> Dated {
        let rel = normalise(rel);
        if self.in_git && !self.changed.contains(&rel) {
            if let Some(date) = self.committed.get(&rel) {
                return Dated::On(*date, CollectedFrom::Git);
            }
            if self.beyond_shallow.contains(&rel) {
                return Dated::Unknown(
                    "the clone is shallow and the commit that last changed it is not in the history; \
                     fetch the full history (e.g. actions/checkout with fetch-depth: 0) or add `collected:`"
                        .to_string(),
                );
            }
        }
        match modified_date(metadata) {
            Some(date) => Dated::On(date, CollectedFrom::Mtime),
            None => Dated::Unknown("its modification time cannot be read; add `collected:`".into()),
        }
    }
}

/// The commits a shallow clone stops at (none in a full clone).
fn shallow_boundary(root: &Path) -> HashSet<String> {
    let Some(path) = git(
        root,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            "shallow",
        ],
    ) else {
        return HashSet::new();
    };
    let path = PathBuf::from(String::from_utf8_lossy(&path).trim());
    std::fs::read_to_string(path)
        .map(|text| text.lines().map(|l| l.trim().to_string()).collect())
        .unwrap_or_default()
}

/// Run git in `dir`; its standard output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// `./evidence//a.txt` and `evidence/a.txt` are the same key.
fn normalise(rel: &Path) -> PathBuf {
    rel.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// The UTC calendar date of a file's modification time.
pub fn modified_date(metadata: &std::fs::Metadata) -> Option<Date> {
    let modified = metadata.modified().ok()?;
    let ts = jiff::Timestamp::try_from(modified).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_dates_a_file_and_shallow_boundaries_are_not_trusted() {
        let log = "\u{1}bbb 2026-05-02T10:00:00Z\0\nevidence/a.txt\0\
                   \u{1}aaa 2026-01-01T00:00:00+05:30\0\nevidence/a.txt\0evidence/b.txt\0evidence/c.txt\0";
        let mut history = History {
            in_git: true,
            ..History::default()
        };
        let boundary: HashSet<String> = ["aaa".to_string()].into();
        history.read_log(log, &boundary);
        assert_eq!(
            history.committed.get(Path::new("evidence/a.txt")),
            Some(&jiff::civil::date(2026, 5, 2))
        );
        assert!(history.beyond_shallow.contains(Path::new("evidence/b.txt")));
        assert!(!history.committed.contains_key(Path::new("evidence/c.txt")));
    }
}
