//! `evidence init`: start a workspace from the baseline control library.

use std::path::{Path, PathBuf};

use crate::embedded;
use crate::error::{Error, Result};
use crate::model::config::FILE_NAME;
use crate::output::write_new;

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub organisation: String,
    pub frameworks: Vec<String>,
}

/// What `init` wrote, relative to the new workspace.
#[derive(Debug, Clone)]
pub struct Initialised {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Create a workspace in `dir`, which must not exist or be empty. The workspace is built in a
/// temporary directory beside `dir` and renamed into place, so a failure leaves nothing behind.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Initialised> {
    refuse_non_empty(dir)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".evidence-init-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let files = write_files(staging.path(), options)?;
    if dir.exists() {
        // Empty, as checked above; rename cannot replace a directory on every platform.
        std::fs::remove_dir(dir).map_err(|e| Error::io(dir, e))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        Error::io(dir, e)
    })?;
    Ok(Initialised {
        root: dir.to_path_buf(),
        files,
    })
}

fn refuse_non_empty(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                let what = if dir.join(FILE_NAME).exists() {
                    "already holds a workspace"
                } else {
                    "is not empty"
                };
                return Err(Error::io(
                    dir,
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        format!(
                            "{what}; `evidence init` only writes into a new or empty directory"
                        ),
                    ),
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(dir, e)),
    }
}

fn write_files(root: &Path, options: &InitOptions) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut write = |rel: PathBuf, text: &str| -> Result<()> {
        let full = root.join(&rel);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_new(&full, text.as_bytes())?;
        written.push(rel);
        Ok(())
    };
    write(PathBuf::from(FILE_NAME), &config_text(options))?;
    for (path, text) in embedded::BASELINE_CONTROLS {
        write(PathBuf::from(path), text)?;
    }
    for (path, text) in embedded::BASELINE_SCOPE {
        let name = Path::new(path).file_name().unwrap_or_default();
        let framework = Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if options.frameworks.iter().any(|f| f == framework) {
            write(Path::new("scope").join(name), text)?;
        }
    }
    for (path, text) in embedded::BASELINE_ANSWERS {
        write(PathBuf::from(path), text)?;
    }
    write(PathBuf::from("evidence/README.md"), EVIDENCE_README)?;
    Ok(written)
}

const EVIDENCE_README: &str = "\
# Evidence

Put the files that show each control working here: policies, scan and access-review exports,
log extracts, signed-off procedures. Controls point at them with `evidence: - path: ...`,
relative to this folder. `evidence check` fails while a named file is missing or stale.
";

fn config_text(options: &InitOptions) -> String {
    let frameworks: Vec<String> = options
        .frameworks
        .iter()
        .map(|f| format!("{f:?}"))
        .collect();
    format!(
        r#"# evidence workspace configuration. Reference: `evidence --help` and the README.

[organisation]
name = {name:?}

[scope]
# Frameworks in scope; `evidence frameworks list` shows the catalogs.
frameworks = [{frameworks}]
# Roles held per framework; requirements binding only other roles are out of scope.
# roles = {{ eu-ai-act = ["provider", "deployer"], gdpr = ["controller", "processor"], dpdp = ["data-fiduciary"] }}

[evidence]
root = "evidence"   # evidence paths in controls are relative to this folder
max_age = "1y"      # default freshness; a source can set its own `max_age`

[review]
interval = "1y"     # default time between control reviews

[rules]
# Change a rule's severity: "error", "warning" or "off". `evidence check --help` lists rules.
# review-overdue = "error"
"#,
        name = options.organisation,
        frameworks = frameworks.join(", "),
    )
}
