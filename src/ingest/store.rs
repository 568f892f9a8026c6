//! `evidence ingest FILE --control ID`: bring another tool's result into the workspace as
//! evidence. The file is read and judged ([`super::parse`]), copied into the evidence tree
//! (atomically, never over an existing file) and recorded in the evidence log with its SHA-256,
//! the date the artefact states and its outcome, so that the assessment dates it by the log and
//! treats a failing result as not supporting the control. A malformed file copies nothing.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use super::{Artefact, IngestError, Outcome};
use crate::assessment::evidence::leaves_workspace;
use crate::evidence_log::{self, Entry, Origin, Outcome as LogOutcome};
use crate::workspace::Workspace;

/// What was ingested, and where it went.
#[derive(Debug, Clone, Serialize)]
pub struct Ingested {
    pub artefact: Artefact,
    /// The copy, relative to the workspace root.
    pub path: String,
    /// The copy relative to the evidence root: what a control's `path:` names.
    pub evidence_path: String,
    pub sha256: String,
    pub size: u64,
    pub collected_at: Timestamp,
    /// Whether the date came from the artefact (else: the time of ingestion).
    pub dated_by_artefact: bool,
    /// Whether one of the control's evidence entries names the copy already (a file path, or a
    /// folder or glob of occurrences that matches it).
    pub named_by_control: bool,
}

/// Why a file could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestIntoError {
    #[error(transparent)]
    Artefact(#[from] IngestError),
    #[error("no control `{0}` in controls/ (run `evidence status` for the IDs)")]
    UnknownControl(String),
    #[error("`--dest {0}` must be a relative path inside the evidence root")]
    DestinationOutside(String),
    #[error("{0} already exists; ingested evidence is never replaced (choose another --dest)")]
    Exists(String),
    #[error(transparent)]
    Workspace(#[from] crate::Error),
}

/// Ingest `file` as evidence of `control`. `dest` is the copy's path relative to the evidence
/// root; by default `ingested/<control>/<date>-<file name>`.
pub fn ingest(
    ws: &Workspace,
    file: &Path,
    control: &str,
    dest: Option<&str>,
    now: Timestamp,
) -> Result<Ingested, IngestIntoError> {
    let Some(loaded) = ws.control(control) else {
        return Err(IngestIntoError::UnknownControl(control.to_string()));
    };
    let bytes = super::read_bytes(file)?;
    let artefact = super::parse(&file.to_string_lossy(), &bytes)?;
    let collected_at = artefact.collected_at.unwrap_or(now);
    let evidence_path = match dest {
        Some(dest) if dest.trim().is_empty() || leaves_workspace(Path::new(dest)) => {
            return Err(IngestIntoError::DestinationOutside(dest.to_string()));
        }
        Some(dest) => dest.to_string(),
        None => default_destination(control, file, collected_at),
    };
    let rel = ws.evidence_path(&evidence_path);
    let full = ws.root.join(&rel);
    let path = crate::source::display_path(&rel);
    if full.exists() {
        return Err(IngestIntoError::Exists(path));
    }
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    }
    crate::output::write_atomic_new(&full, &bytes)?;
    let sha256 = crate::hash::sha256_hex(&bytes);
    let entry = Entry {
        collected_at,
        origin: Origin::Ingest,
        outcome: match &artefact.outcome {
            Outcome::Passing => LogOutcome::Passing,
            Outcome::Failing { .. } => LogOutcome::Failing,
            Outcome::Informational => LogOutcome::Informational,
        },
        path: Some(path.clone()),
        sha256: Some(sha256.clone()),
        size: Some(bytes.len() as u64),
        controls: vec![control.to_string()],
        collector: None,
        command: Vec::new(),
        exit_status: None,
        tool_versions: artefact
            .tool
            .iter()
            .map(|t| match &t.version {
                Some(v) => format!("{} {v}", t.name),
                None => t.name.clone(),
            })
            .collect(),
        format: Some(artefact.format.as_str().to_string()),
        summary: artefact.summary.clone(),
        reasons: match &artefact.outcome {
            Outcome::Failing { reasons } => reasons.clone(),
            _ => Vec::new(),
        },
    };
    evidence_log::append(&ws.root, &ws.config.evidence_root, &[entry])?;
    let named_by_control = loaded
        .control
        .evidence
        .iter()
        .any(|source| names(&source.path.value, source.cadence.is_some(), &evidence_path));
    Ok(Ingested {
        dated_by_artefact: artefact.collected_at.is_some(),
        artefact,
        path,
        evidence_path,
        sha256,
        size: bytes.len() as u64,
        collected_at,
        named_by_control,
    })
}

/// `ingested/<control>/<YYYY-MM-DD>-<file name>`: one folder per control, so that a recurring
/// control can name the folder (`path: ingested/SEC-07`, `cadence: quarterly`).
fn default_destination(control: &str, file: &Path, collected_at: Timestamp) -> String {
    let date = collected_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "artefact".into());
    let safe_control: String = control
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("ingested/{safe_control}/{date}-{name}")
}

/// Whether an evidence entry's path names `copy`: the same file, or a folder or glob of
/// occurrences that holds it.
fn names(pattern: &str, recurring: bool, copy: &str) -> bool {
    if pattern == copy {
        return true;
    }
    if !recurring {
        return false;
    }
    let folder = pattern.trim_end_matches('/');
    if PathBuf::from(copy).starts_with(folder) {
        return true;
    }
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .is_ok_and(|g| g.compile_matcher().is_match(copy))
}
