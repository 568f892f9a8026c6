//! Turning OLD and NEW into something to compare: a workspace directory, a bundle, or a git
//! revision of the repository that holds the workspace.
//!
//! How an argument is read, first match wins:
//! 1. an existing directory holding `evidence.toml`: a workspace;
//! 2. an existing directory holding `manifest.json`, or an existing file: a bundle (its manifest
//!    is read, not verified: run `evidence bundle verify` for that);
//! 3. otherwise a git revision (`HEAD~1`, a tag, a commit) of the repository holding the current
//!    workspace. The revision is checked out with `git worktree add --detach` into a temporary
//!    directory (removed afterwards) and the workspace is loaded at the same path relative to the
//!    repository's top level. A detached worktree carries the history up to the revision, so
//!    evidence dated by its last commit keeps the date it had at that revision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Date;
use serde::Serialize;

use super::EvidenceView;
use crate::assessment::{Assessment, EvidenceState};
use crate::bundle;
use crate::model::config::FILE_NAME;
use crate::workspace::Workspace;

/// What a side of the diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SideKind {
    /// A workspace directory (the working tree when NEW is omitted).
    Workspace,
    /// A git revision of the repository holding the workspace.
    Revision,
    /// A bundle (directory or tar) made by `evidence bundle create`.
    Bundle,
}

/// Why a side could not be read (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(
        "{rev:?} is not a directory, a bundle or a git revision of {}{}",
        repo.display(),
        detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
    )]
    BadRevision {
        rev: String,
        repo: PathBuf,
        detail: Option<String>,
    },
    #[error(
        "{} is a directory but neither a workspace (no evidence.toml) nor a bundle (no manifest.json)",
        .0.display()
    )]
    NotWorkspaceOrBundle(PathBuf),
    #[error("revision {rev} has no workspace at {}: no {FILE_NAME} there", sub.display())]
    NoWorkspaceAtRevision { rev: String, sub: PathBuf },
    // Not a `#[source]`: the loader's errors are whole lines of their own, printed once.
    #[error("in {label}:\n{error}")]
    Load { label: String, error: crate::Error },
    #[error("bundle {label}: {message}")]
    Bundle { label: String, message: String },
    #[error("git {args}: {message}")]
    Git { args: String, message: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One side of the diff, loaded.
#[derive(Debug)]
pub struct Side {
    pub label: String,
    pub kind: SideKind,
    /// Evidence files by path relative to the workspace root.
    pub evidence: BTreeMap<String, EvidenceView>,
    /// The workspace and its assessment; `None` for a bundle.
    pub assessed: Option<(Workspace, Assessment)>,
    /// Keeps a checked-out revision on disk while the side is in use, and removes it after.
    _checkout: Option<Checkout>,
}

impl Side {
    pub fn summary(&self) -> super::SideSummary {
        super::SideSummary {
            label: self.label.clone(),
            kind: self.kind,
        }
    }

    /// The workspace at `root`, assessed as of `date`.
    pub fn workspace(label: &str, root: &Path, date: Date) -> Result<Self, SourceError> {
        Self::load(label, SideKind::Workspace, root, date, None)
    }

    fn load(
        label: &str,
        kind: SideKind,
        root: &Path,
        date: Date,
        checkout: Option<Checkout>,
    ) -> Result<Self, SourceError> {
        let ws = Workspace::load(root).map_err(|error| SourceError::Load {
            label: label.to_string(),
            error,
        })?;
        let assessment = Assessment::new(&ws, date);
        let evidence = workspace_evidence(&ws, &assessment);
        Ok(Self {
            label: label.to_string(),
            kind,
            evidence,
            assessed: Some((ws, assessment)),
            _checkout: checkout,
        })
    }

    /// The evidence files a bundle lists (its own matrix files are left out).
    pub fn bundle(label: &str, path: &Path) -> Result<Self, SourceError> {
        let inspection = bundle::inspect(path).map_err(|f| SourceError::Bundle {
            label: label.to_string(),
            message: f.to_string(),
        })?;
        let evidence = inspection
            .manifest
            .manifest
            .files
            .iter()
            .filter(|f| !f.controls.is_empty())
            .map(|f| {
                let view = EvidenceView {
                    state: None,
                    collected: f
                        .collected_at
                        .as_deref()
                        .and_then(|d| bundle::manifest::parse_date(d).ok()),
                    sha256: Some(f.sha256.clone()),
                };
                (f.path.clone(), view)
            })
            .collect();
        Ok(Self {
            label: label.to_string(),
            kind: SideKind::Bundle,
            evidence,
            assessed: None,
            _checkout: None,
        })
    }
}

/// Read `spec` (a directory, a bundle or a git revision) as one side of the diff. `cwd` resolves
/// relative paths; `workspace` is the current workspace's root, whose repository and relative
/// path a revision is read from.
pub fn resolve(spec: &str, cwd: &Path, workspace: &Path, date: Date) -> Result<Side, SourceError> {
    let path = cwd.join(spec);
    if path.is_dir() {
        if path.join(FILE_NAME).is_file() {
            return Side::workspace(spec, &path, date);
        }
        if path.join("manifest.json").is_file() {
            return Side::bundle(spec, &path);
        }
        return Err(SourceError::NotWorkspaceOrBundle(path));
    }
    if path.is_file() {
        return Side::bundle(spec, &path);
    }
    revision(spec, workspace, date)
}

/// Check out `rev` of the repository holding `workspace` and load the workspace there.
fn revision(rev: &str, workspace: &Path, date: Date) -> Result<Side, SourceError> {
    let bad = |detail: Option<String>| SourceError::BadRevision {
        rev: rev.to_string(),
        repo: workspace.to_path_buf(),
        detail,
    };
    if rev.starts_with('-') {
        return Err(bad(Some("a revision cannot start with '-'".into())));
    }
    let toplevel = git(workspace, &["rev-parse", "--show-toplevel"])
        .map_err(|e| bad(Some(format!("not in a git repository ({e})"))))?;
    let toplevel = PathBuf::from(toplevel.trim());
    let commit = git(
        workspace,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| bad(Some("no such revision".into())))?;
    let commit = commit.trim().to_string();
    let sub = relative_to(workspace, &toplevel)?;
    let checkout = Checkout::new(&toplevel, &commit)?;
    let root = checkout.dir.join(&sub);
    if !root.join(FILE_NAME).is_file() {
        return Err(SourceError::NoWorkspaceAtRevision {
            rev: rev.to_string(),
            sub,
        });
    }
    Side::load(rev, SideKind::Revision, &root, date, Some(checkout))
}

/// `dir` relative to `top`, both with symlinks resolved.
fn relative_to(dir: &Path, top: &Path) -> Result<PathBuf, SourceError> {
    let canon = |p: &Path| {
        p.canonicalize().map_err(|source| SourceError::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    let (dir, top) = (canon(dir)?, canon(top)?);
    Ok(dir
        .strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_default())
}

/// A detached git worktree in a temporary directory, removed (and unregistered) on drop.
#[derive(Debug)]
struct Checkout {
    repo: PathBuf,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Checkout {
    fn new(repo: &Path, commit: &str) -> Result<Self, SourceError> {
        let tmp = tempfile::Builder::new()
            .prefix("evidence-diff.")
            .tempdir()
            .map_err(|source| SourceError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let dir = tmp.path().join("tree");
        let dir_arg = dir.to_string_lossy().into_owned();
        // The user's hooks (post-checkout) have no business running for a read-only look.
        git(
            repo,
            &[
                "-c",
                "core.hooksPath=/dev/null",
                "worktree",
                "add",
                "--detach",
                "--quiet",
                &dir_arg,
                commit,
            ],
        )?;
        Ok(Self {
            repo: repo.to_path_buf(),
            dir,
            _tmp: tmp,
        })
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let dir = self.dir.to_string_lossy().into_owned();
        // Best effort: a failure leaves a stale entry that `git worktree prune` removes.
        let _ = git(&self.repo, &["worktree", "remove", "--force", &dir]);
    }
}

/// Run git in `dir`; its standard output, or its standard error as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, SourceError> {
    let failed = |message: String| SourceError::Git {
        args: args.join(" "),
        message,
    };
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Every evidence item the controls name, by path, with its assessed state and date and the
/// SHA-256 of the file when it is a regular file inside the workspace.
fn workspace_evidence(ws: &Workspace, assessment: &Assessment) -> BTreeMap<String, EvidenceView> {
    let mut map = BTreeMap::new();
    for item in assessment.controls.iter().flat_map(|c| &c.evidence) {
        if map.contains_key(&item.path) {
            continue;
        }
        let sha256 = match item.state {
            EvidenceState::OutsideWorkspace
            | EvidenceState::Missing
            | EvidenceState::NotAFile
            | EvidenceState::BrokenLink => None,
            _ => sha256_of(&ws.root.join(&item.path)),
        };
        map.insert(
            item.path.clone(),
            EvidenceView {
                state: Some(item.state),
                collected: item.collected,
                sha256,
            },
        );
        // A recurring control's occurrences are evidence files of their own: added, removed
        // and re-collected one by one.
        for occurrence in &item.occurrences {
            map.entry(occurrence.path.clone())
                .or_insert_with(|| EvidenceView {
                    state: None,
                    collected: occurrence.collected,
                    sha256: sha256_of(&ws.root.join(&occurrence.path)),
                });
        }
    }
    map
}

/// The SHA-256 of a regular file, never following a link in its last component.
fn sha256_of(path: &Path) -> Option<String> {
    let file = crate::files::open_regular_nofollow(path).ok()?;
    let digested = crate::hash::sha256_reader(file).ok()?;
    Some(bundle::hex::encode(&digested.sha256))
}
