//! From a workspace to a [`BundleInput`]: every evidence file the controls reference, plus the
//! workspace's own TOML and YAML so the auditor sees the matrix the evidence supports.
//!
//! Paths in the bundle mirror the workspace: `evidence.toml`, `controls/security.yaml`,
//! `evidence/security/tls-scan.json`. Evidence the assessment did not find as a regular file
//! inside the workspace is left out: `evidence check` reports it, and that report's summary goes
//! into the manifest.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::code::{Code, Failure, Result};
use super::create::{BundleInput, InputFile};
use super::manifest::CheckSummary;
use crate::assessment::{Assessment, EvidenceState};
use crate::check::Report;
use crate::workspace::Workspace;

/// Describe the bundle of `ws`, from its assessment and the check report made on it.
///
/// Only evidence the assessment found to be a regular file inside the workspace is packed
/// (fresh, stale, undated or dated in the future: the auditor sees it, and the check summary
/// says what is wrong with it); a missing file, a directory, a device or a link out of the
/// workspace never is, whatever `--allow-findings` says. Each file's collected date is the one
/// the assessment gave it (declared, last commit, or modification time).
pub fn bundle_input_from_workspace(
    ws: &Workspace,
    assessment: &Assessment,
    report: &Report,
) -> Result<BundleInput> {
    let mut files: BTreeMap<String, InputFile> = BTreeMap::new();

    for (loaded, assessed) in ws.controls.iter().zip(&assessment.controls) {
        let control = &loaded.control;
        for (source, item) in control.evidence.iter().zip(&assessed.evidence) {
            if !is_packable(item.state) {
                continue;
            }
            let rel = ws.evidence_path(&source.path);
            let path = bundle_path(&rel)?;
            let entry = files.entry(path.clone()).or_insert_with(|| InputFile {
                source: ws.root.join(&rel),
                path,
                controls: Vec::new(),
                collected_at: None,
                description: None,
            });
            if !entry.controls.contains(&control.id.value) {
                entry.controls.push(control.id.value.clone());
            }
            if entry.description.is_none() {
                entry.description.clone_from(&source.description);
            }
            if let Some(date) = item.collected.map(|d| d.to_string()) {
                // Several controls may cite one file; keep the latest collection date.
                if entry.collected_at.as_ref().is_none_or(|d| *d < date) {
                    entry.collected_at = Some(date);
                }
            }
        }
    }

    for rel in matrix_files(ws)? {
        let path = bundle_path(&rel)?;
        files.entry(path.clone()).or_insert_with(|| InputFile {
            source: ws.root.join(&rel),
            description: Some(describe_matrix_file(&path)),
            path,
            controls: Vec::new(),
            collected_at: None,
        });
    }

    Ok(BundleInput {
        organisation: ws.config.organisation.name.clone(),
        frameworks: ws
            .config
            .frameworks
            .iter()
            .map(|f| f.value.clone())
            .collect(),
        audit_period: None,
        check: CheckSummary {
            errors: report.summary.errors as u64,
            warnings: report.summary.warnings as u64,
            notes: 0,
        },
        files: files.into_values().collect(),
    })
}

fn describe_matrix_file(path: &str) -> String {
    if path == crate::model::config::FILE_NAME {
        "workspace configuration".into()
    } else {
        "workspace file (control matrix and records)".into()
    }
}

/// The workspace's own TOML and YAML: what the loader read, and any other `*.toml`, `*.yaml` or
/// `*.yml` outside hidden folders, `target/` and the evidence root.
fn matrix_files(ws: &Workspace) -> Result<Vec<PathBuf>> {
    let mut out = ws.matrix_files();
    let evidence_root = ws.root.join(&ws.config.evidence_root);
    let walker = walkdir::WalkDir::new(&ws.root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.depth() == 1 && name == "target")
                    || e.path() == evidence_root)
        });
    for entry in walker {
        let entry = entry.map_err(|e| Failure::new(Code::Io, e.to_string()))?;
        let is_matrix = entry
            .path()
            .extension()
            .is_some_and(|x| x == "toml" || x == "yaml" || x == "yml");
        if entry.file_type().is_file()
            && is_matrix
            && let Ok(rel) = entry.path().strip_prefix(&ws.root)
        {
            out.push(rel.to_path_buf());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Whether an evidence item is a regular file inside the workspace, and so may be packed.
fn is_packable(state: EvidenceState) -> bool {
    match state {
        EvidenceState::Fresh
        | EvidenceState::Stale
        | EvidenceState::FromFuture
        | EvidenceState::Undated => true,
        EvidenceState::Missing | EvidenceState::NotAFile | EvidenceState::OutsideWorkspace => false,
    }
}

/// A workspace-relative path written as a bundle path; `..`, absolute paths and non-UTF-8 names
/// are refused (the path rules would refuse them later in any case).
fn bundle_path(rel: &Path) -> Result<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(s) => parts.push(s.to_str().ok_or_else(|| {
                Failure::about(Code::InputInvalid, rel.display().to_string(), "not UTF-8")
            })?),
            _ => {
                return Err(Failure::about(
                    Code::InputInvalid,
                    rel.display().to_string(),
                    "evidence must lie inside the workspace (no `..`, no absolute path)",
                ));
            }
        }
    }
    Ok(parts.join("/"))
}
