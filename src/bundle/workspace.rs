//! From a workspace to a [`BundleInput`]: every evidence file the controls reference, plus the
//! workspace's own TOML and YAML so the auditor sees the matrix the evidence supports.
//!
//! Paths in the bundle mirror the workspace: `evidence.toml`, `controls/security.yaml`,
//! `evidence/security/tls-scan.json`. An evidence path that names a directory contributes every
//! regular file below it. Evidence that does not exist is left out: `evidence check` reports it,
//! and that report's summary goes into the manifest.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::code::{Code, Failure, Result};
use super::create::{BundleInput, InputFile};
use super::manifest::CheckSummary;
use crate::assessment::Assessment;
use crate::check::Report;
use crate::workspace::Workspace;

/// Describe the bundle of `ws`, from its assessment and the check report made on it.
///
/// The files are those the controls name, each resolved inside the workspace (a link, FIFO or
/// device is refused whatever `--allow-findings` says); each file's collected date is the one
/// the assessment gave its evidence item (declared, last commit, or modification time), so the
/// manifest and `evidence status` agree.
pub fn bundle_input_from_workspace(
    ws: &Workspace,
    assessment: &Assessment,
    report: &Report,
) -> Result<BundleInput> {
    let mut files: BTreeMap<String, InputFile> = BTreeMap::new();

    for (loaded, assessed) in ws.controls.iter().zip(&assessment.controls) {
        let control = &loaded.control;
        for (source, item) in control.evidence.iter().zip(&assessed.evidence) {
            for (rel, collected) in files_of(ws, assessment, source, item) {
                let full = ws.root.join(&rel);
                for (file, rel) in regular_files(&ws.canonical_root, &full, &rel)? {
                    let path = bundle_path(&rel)?;
                    let entry = files.entry(path.clone()).or_insert_with(|| InputFile {
                        source: file,
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
                    if let Some(date) = collected.map(|d| d.to_string()) {
                        // Several controls may cite one file; keep the latest collection date.
                        if entry.collected_at.as_ref().is_none_or(|d| *d < date) {
                            entry.collected_at = Some(date);
                        }
                    }
                }
            }
        }
    }

    for rel in matrix_files(ws)? {
        let path = bundle_path(&rel)?;
        let source = contained(&ws.canonical_root, &ws.root.join(&rel), &rel)?;
        files.entry(path.clone()).or_insert_with(|| InputFile {
            source,
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
        check: CheckSummary::new(report.summary.errors as u64, report.summary.warnings as u64),
        files: files.into_values().collect(),
    })
}

/// The files one evidence item stands for, relative to the workspace root, with their dates.
fn files_of(
    ws: &Workspace,
    assessment: &Assessment,
    source: &crate::model::EvidenceSource,
    item: &crate::assessment::EvidenceItem,
) -> Vec<(PathBuf, Option<jiff::civil::Date>)> {
    if item.cadence.is_none() {
        return vec![(ws.evidence_path(&source.path.value), item.collected)];
    }
    item.occurrences
        .iter()
        .filter(|o| match (assessment.period, o.collected) {
            (Some(period), Some(date)) => period.start <= date && date <= period.end,
            (Some(_), None) => false,
            (None, _) => true,
        })
        .map(|o| (PathBuf::from(&o.path), o.collected))
        .collect()
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

fn outside(rel: &Path, message: impl Into<String>) -> Failure {
    Failure::about(
        Code::InputOutsideWorkspace,
        rel.display().to_string(),
        message,
    )
}

/// `full` resolved (every symbolic link followed) if it stays inside the workspace whose
/// resolved root is `root`; refused otherwise. Containment is never a finding that
/// `--allow-findings` could wave through: a link to `/proc/self/environ` or `/etc` would put the
/// bundler's secrets into a signed artefact.
fn contained(root: &Path, full: &Path, rel: &Path) -> Result<PathBuf> {
    let resolved = std::fs::canonicalize(full).map_err(|e| {
        outside(
            rel,
            format!("cannot be resolved inside the workspace (a dangling link or a loop?): {e}"),
        )
    })?;
    if !resolved.starts_with(root) {
        return Err(outside(
            rel,
            format!(
                "leads outside the workspace (to {}); evidence must lie inside it",
                resolved.display()
            ),
        ));
    }
    Ok(resolved)
}

/// The regular files at `full` (a file, or every file below a directory), each resolved inside
/// the workspace (resolved root `root`) and with its path relative to the workspace. Nothing if
/// it does not exist (`evidence check` reports that). A link, at any level, that leads outside
/// the workspace, and anything that is neither a regular file nor a directory (a FIFO, a device,
/// a socket), is refused whatever the check found.
fn regular_files(root: &Path, full: &Path, rel: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    match full.symlink_metadata() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Failure::about(
                Code::Io,
                rel.display().to_string(),
                e.to_string(),
            ));
        }
        Ok(_) => {}
    }
    let resolved = contained(root, full, rel)?;
    let meta = std::fs::symlink_metadata(&resolved)
        .map_err(|e| Failure::about(Code::Io, rel.display().to_string(), e.to_string()))?;
    if meta.is_file() {
        return Ok(vec![(resolved, rel.to_path_buf())]);
    }
    if !meta.is_dir() {
        return Err(outside(
            rel,
            format!(
                "is {}; evidence is a regular file or a directory of them",
                crate::files::describe(&meta.file_type())
            ),
        ));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&resolved)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Failure::new(Code::Io, e.to_string()))?;
        let Ok(below) = entry.path().strip_prefix(&resolved) else {
            continue;
        };
        let shown = rel.join(below);
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if ft.is_file() {
            out.push((entry.path().to_path_buf(), shown));
        } else if ft.is_symlink() {
            // A link inside an evidence directory: packed if it leads to a file inside the
            // workspace, refused if it leads out.
            let target = contained(root, entry.path(), &shown)?;
            if target.is_file() {
                out.push((target, shown));
            }
        } else {
            return Err(outside(
                &shown,
                format!(
                    "is {}; evidence is a regular file or a directory of them",
                    crate::files::describe(&ft)
                ),
            ));
        }
    }
    Ok(out)
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
