//! The evidence log: `<evidence root>/log.jsonl`, one JSON object per line, appended by
//! `evidence collect` and `evidence ingest` and committed with the workspace.
//!
//! A file's modification time says nothing after a clone, and a commit date says when somebody
//! committed, not when the evidence was produced. The log records, at the moment a collector ran
//! or a result was ingested, the file's SHA-256 and size, when it was collected, by what command
//! and with which outcome. The assessment takes a file's collected date from the log when the
//! file still has the logged hash, above `collected:`, git and modification times; a file changed
//! since it was logged is dated as if the log did not know it.
//!
//! The log is append-only: lines are never rewritten, and a malformed line is an error at its
//! line, never skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, Result};
use crate::source::{Location, Position};

/// The log's file name inside the evidence root.
pub const FILE_NAME: &str = "log.jsonl";

/// What produced an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A collector declared in `collectors/*.yaml`, run by `evidence collect`.
    Collector,
    /// Another tool's result, brought in by `evidence ingest`.
    Ingest,
}

/// What the evidence says about the control it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The tool reports success (a scan without errors, tests that passed).
    Passing,
    /// The tool reports a failure: the evidence shows the control not working.
    Failing,
    /// A record without a verdict (an SBOM, a history export).
    Informational,
    /// The collector failed, timed out or printed nothing: no file was written.
    NotCollected,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passing => "passing",
            Self::Failing => "failing",
            Self::Informational => "informational",
            Self::NotCollected => "not-collected",
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// When the evidence was produced (for ingested files: the time the artefact states).
    pub collected_at: Timestamp,
    pub origin: Origin,
    pub outcome: Outcome,
    /// The file written, relative to the workspace root with `/` separators; none when nothing
    /// was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The controls this evidence serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// The collector's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collector: Option<String>,
    /// The command and its arguments, as run (no shell).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_status: Option<i32>,
    /// What the tools said their versions were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_versions: Vec<String>,
    /// The format of an ingested file (`sarif`, `junit`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// One line on what the evidence says, or why it was not collected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Why a failing evidence fails.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// The log as read, with an index from file path to its entries.
#[derive(Debug, Default, Clone)]
pub struct EvidenceLog {
    pub entries: Vec<Entry>,
    by_path: HashMap<String, Vec<usize>>,
}

/// Where the log of a workspace lives, relative to its root.
pub fn relative_path(evidence_root: &Path) -> PathBuf {
    evidence_root.join(FILE_NAME)
}

impl EvidenceLog {
    /// Read the log of the workspace at `root`; no file is an empty log.
    pub fn load(root: &Path, evidence_root: &Path) -> Result<Self> {
        let rel = relative_path(evidence_root);
        let text = match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(Error::io(root.join(&rel), e)),
        };
        Self::parse(&rel, &text)
    }

    /// Parse the log's text; `file` names it in errors. Every malformed line is reported.
    pub fn parse(file: &Path, text: &str) -> Result<Self> {
        let mut log = Self::default();
        let mut errors = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Entry>(line) {
                Ok(entry) => log.push(entry),
                Err(e) => errors.push(Diagnostic::input(
                    InputCode::EvidenceLog,
                    Location::new(
                        file,
                        Position::new(
                            u32::try_from(n + 1).unwrap_or(u32::MAX),
                            u32::try_from(e.column().max(1)).unwrap_or(u32::MAX),
                        ),
                    ),
                    format!("not an evidence log entry: {}", json_error_in_words(&e)),
                )),
            }
        }
        if errors.is_empty() {
            Ok(log)
        } else {
            Err(Error::Input(errors))
        }
    }

    fn push(&mut self, entry: Entry) {
        if let Some(path) = &entry.path {
            self.by_path
                .entry(path.clone())
                .or_default()
                .push(self.entries.len());
        }
        self.entries.push(entry);
    }

    /// The latest entry that logged `path` with exactly this SHA-256.
    pub fn entry_for(&self, path: &str, sha256: &str) -> Option<&Entry> {
        self.by_path
            .get(path)?
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|e| e.sha256.as_deref() == Some(sha256))
            .max_by_key(|e| e.collected_at)
    }

    /// Whether the log knows anything about `path` (so hashing the file is worth it).
    pub fn knows(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// The entries of one collector, oldest first.
    pub fn of_collector<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.collector.as_deref() == Some(name))
    }
}

/// Append entries to the log of the workspace at `root`. The whole file is rewritten atomically
/// with the new lines at the end, so a crash never leaves half a line; the existing lines are
/// kept byte for byte.
pub fn append(root: &Path, evidence_root: &Path, entries: &[Entry]) -> Result<()> {
    let path = root.join(relative_path(evidence_root));
    let mut bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(&path, e)),
    };
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    for entry in entries {
        let line = serde_json::to_string(entry).expect("a log entry always serialises");
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    crate::output::write_atomic(&path, &bytes)
}

/// serde_json's message without its position suffix (the position is in the location).
fn json_error_in_words(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    }
}

/// The SHA-256 of a file, streamed, as lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((crate::bundle::hex::encode(&hasher.finalize()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, sha: &str, at: &str) -> Entry {
        Entry {
            collected_at: at.parse().unwrap(),
            origin: Origin::Collector,
            outcome: Outcome::Passing,
            path: Some(path.into()),
            sha256: Some(sha.into()),
            size: Some(1),
            controls: vec![],
            collector: Some("c".into()),
            command: vec![],
            exit_status: Some(0),
            tool_versions: vec![],
            format: None,
            summary: String::new(),
            reasons: vec![],
        }
    }

    #[test]
    fn hashes_like_sha256sum() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("abc.txt");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(
            sha256_file(&file).unwrap(),
            (
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_string(),
                3
            )
        );
    }

    #[test]
    fn the_latest_entry_with_the_same_hash_dates_a_file() {
        let mut log = EvidenceLog::default();
        log.push(entry("e/a.json", "aa", "2026-01-01T00:00:00Z"));
        log.push(entry("e/a.json", "aa", "2026-03-01T00:00:00Z"));
        log.push(entry("e/a.json", "bb", "2026-05-01T00:00:00Z"));
        let found = log.entry_for("e/a.json", "aa").unwrap();
        assert_eq!(found.collected_at.to_string(), "2026-03-01T00:00:00Z");
        assert!(log.entry_for("e/a.json", "cc").is_none());
    }

    #[test]
    fn every_malformed_line_is_reported_at_its_line() {
        let good = serde_json::to_string(&entry("e/a", "aa", "2026-01-01T00:00:00Z")).unwrap();
        let text = format!("{good}\n{{\"collected_at\": 3}}\n\n{good}\n{{\"surprise\": true}}\n");
        let Err(Error::Input(errors)) = EvidenceLog::parse(Path::new("evidence/log.jsonl"), &text)
        else {
            panic!("malformed lines must be refused");
        };
        let lines: Vec<_> = errors.iter().map(|e| e.location.position.line).collect();
        assert_eq!(lines, [2, 5]);
        assert!(
            errors[1].message.contains("surprise"),
            "{}",
            errors[1].message
        );
    }

    #[test]
    fn append_keeps_existing_lines_and_adds_one_per_entry() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("evidence")).unwrap();
        std::fs::write(root.join("evidence/log.jsonl"), "").unwrap();
        append(
            root,
            Path::new("evidence"),
            &[entry("evidence/a", "aa", "2026-01-01T00:00:00Z")],
        )
        .unwrap();
        append(
            root,
            Path::new("evidence"),
            &[entry("evidence/b", "bb", "2026-01-02T00:00:00Z")],
        )
        .unwrap();
        let log = EvidenceLog::load(root, Path::new("evidence")).unwrap();
        assert_eq!(log.entries.len(), 2);
        assert!(log.knows("evidence/b"));
    }
}
