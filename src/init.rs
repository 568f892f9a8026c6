//! `evidence init`: start a workspace from the baseline control library, and, if asked, with
//! collectors from the collector library.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::catalog::{Catalogs, UnknownFramework};
use crate::diag::InputCode;
use crate::embedded;
use crate::error::{Error, Result};
use crate::model::config::FILE_NAME;
use crate::output::write_new;

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub organisation: String,
    pub frameworks: Vec<String>,
    /// Collectors of the library to copy into collectors/, by name.
    pub collectors: Vec<String>,
}

impl InitOptions {
    /// Options for `organisation` with the frameworks named (blank names ignored, as a trailing
    /// comma leaves one), each of which must be one of `catalogs`: a workspace is started only
    /// with frameworks its controls and scope can be drawn for.
    pub fn new(
        organisation: String,
        frameworks: &[String],
        catalogs: &Catalogs,
    ) -> Result<Self, UnknownFramework> {
        let frameworks: Vec<String> = frameworks
            .iter()
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
            .map(|f| catalogs.get_or_unknown(f).map(|c| c.id().to_string()))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            organisation,
            frameworks,
            collectors: Vec::new(),
        })
    }

    /// Also copy these collectors of the library (`all` for every one; blank names ignored).
    /// Each must be in the library, and every control it collects evidence for must be one the
    /// frameworks chosen bring into the workspace: a collector for a control the workspace does
    /// not have would fail `evidence check`.
    pub fn with_collectors(mut self, names: &[String]) -> Result<Self, CollectorChoice> {
        let mut chosen = BTreeSet::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            if name == "all" {
                chosen.extend(library_collectors().map(|(n, _)| n));
            } else if let Some((n, _)) = library_collectors().find(|(n, _)| *n == name) {
                chosen.insert(n);
            } else {
                return Err(CollectorChoice::Unknown {
                    name: name.to_string(),
                    known: known_collectors(),
                });
            }
        }
        if chosen.is_empty() {
            // Every `init` passes here: parse the baseline again only when it is needed.
            return Ok(self);
        }
        let serving = baseline_frameworks_by_control().map_err(CollectorChoice::Library)?;
        for name in &chosen {
            for control in collector_controls(name).map_err(CollectorChoice::Library)? {
                let frameworks = serving.get(&control).cloned().unwrap_or_default();
                if !frameworks.iter().any(|f| self.frameworks.contains(f)) {
                    return Err(CollectorChoice::Unserved {
                        name: (*name).to_string(),
                        control,
                        chosen: self.frameworks.join(", "),
                        serving: frameworks.into_iter().collect::<Vec<_>>().join(", "),
                    });
                }
            }
        }
        self.collectors = chosen.into_iter().map(str::to_string).collect();
        Ok(self)
    }
}

/// Why the collectors asked of `init` cannot be copied.
#[derive(Debug, thiserror::Error)]
pub enum CollectorChoice {
    #[error("unknown collector `{name}`; the library has: {known} (or `all`)")]
    Unknown { name: String, known: String },
    #[error(
        "collector `{name}` collects evidence for {control}, a baseline control none of the \
         frameworks chosen ({chosen}) brings in; add a framework it serves ({serving}), or leave \
         the collector out"
    )]
    Unserved {
        name: String,
        control: String,
        chosen: String,
        serving: String,
    },
    #[error("the built-in library cannot be read: {0}")]
    Library(Error),
}

/// The collectors of the library: (name, the file's text), by name.
pub fn library_collectors() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::COLLECTOR_LIBRARY
        .iter()
        .filter_map(|(path, text)| {
            let name = path.strip_prefix("collectors/")?.strip_suffix(".yaml")?;
            Some((name, *text))
        })
}

fn known_collectors() -> String {
    library_collectors()
        .map(|(n, _)| n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The controls a library collector collects evidence for.
fn collector_controls(name: &str) -> Result<Vec<String>> {
    let Some((_, text)) = library_collectors().find(|(n, _)| *n == name) else {
        return Ok(Vec::new());
    };
    let path = format!("collectors/{name}.yaml");
    let file: crate::model::collector::CollectorFile = crate::yaml::parse(Path::new(&path), text)?;
    Ok(file
        .collectors
        .iter()
        .flat_map(|c| c.controls.iter().map(|id| id.value.clone()))
        .collect())
}

/// For each baseline control, the frameworks it maps.
fn baseline_frameworks_by_control() -> Result<BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in embedded::BASELINE_CONTROLS {
        let parsed: crate::model::ControlFile = crate::yaml::parse(Path::new(path), text)?;
        for control in &parsed.controls {
            out.entry(control.id.value.clone())
                .or_default()
                .extend(control.mappings.iter().map(|m| m.framework.value.clone()));
        }
    }
    Ok(out)
}

/// What `init` wrote, relative to the new workspace.
#[derive(Debug, Clone)]
pub struct Initialised {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Create a workspace in `dir`, which must not exist, or be empty (a `.git` folder alone is
/// allowed, so `git init && evidence init` works). A new directory is built in a temporary
/// directory beside it and renamed into place; an existing one is written file by file, never
/// replacing anything, and whatever was written is removed again if a file fails. Either way a
/// failure leaves nothing behind.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Initialised> {
    refuse_non_empty(dir)?;
    if dir.is_dir() {
        return init_in_place(dir, options);
    }
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

/// Write into an existing empty directory (the current one, say), removing what was written if
/// any file fails.
fn init_in_place(dir: &Path, options: &InitOptions) -> Result<Initialised> {
    let mut written = Vec::new();
    let result = write_files_tracked(dir, options, &mut written);
    match result {
        Ok(()) => Ok(Initialised {
            root: dir.to_path_buf(),
            files: written,
        }),
        Err(e) => {
            for rel in written.iter().rev() {
                let _ = std::fs::remove_file(dir.join(rel));
            }
            for top in ["controls", "scope", "answers", "collectors", "evidence"] {
                let _ = remove_empty_dirs(&dir.join(top));
            }
            Err(e)
        }
    }
}

fn remove_empty_dirs(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            remove_empty_dirs(&entry.path())?;
        }
    }
    std::fs::remove_dir(dir)
}

fn refuse_non_empty(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            // A fresh `git init` leaves `.git` alone: that is still an empty workspace.
            let mut entries =
                entries.filter(|e| e.as_ref().map_or(true, |e| e.file_name() != ".git"));
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
    write_files_tracked(root, options, &mut written)?;
    Ok(written)
}

/// Write the workspace's files under `root`, recording each in `written` as soon as it exists.
fn write_files_tracked(
    root: &Path,
    options: &InitOptions,
    written: &mut Vec<PathBuf>,
) -> Result<()> {
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
        if let Some(selected) = controls_serving(path, text, &options.frameworks)? {
            write(PathBuf::from(path), &selected)?;
        }
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
    for (name, text) in
        library_collectors().filter(|(n, _)| options.collectors.iter().any(|c| c == n))
    {
        write(Path::new("collectors").join(format!("{name}.yaml")), text)?;
    }
    write(PathBuf::from("evidence/README.md"), EVIDENCE_README)?;
    Ok(())
}

/// The part of a baseline control file that serves the chosen frameworks: its header comment
/// and the controls mapped to at least one of them (`None` when no control is). The text is cut
/// at each `  - id:` line so the library's comments and layout survive; which controls to keep
/// is decided by parsing the file with the workspace loader.
fn controls_serving(path: &str, text: &str, frameworks: &[String]) -> Result<Option<String>> {
    let parsed: crate::model::ControlFile = crate::yaml::parse(Path::new(path), text)?;
    let starts: Vec<usize> = text
        .match_indices("\n  - id:")
        .map(|(i, _)| i + 1)
        .collect();
    if starts.len() != parsed.controls.len() {
        return Err(Error::input(
            InputCode::Syntax,
            crate::source::Location::file(path),
            "baseline library file: every control must start with a `  - id:` line",
        ));
    }
    let mut out = text[..starts.first().copied().unwrap_or(text.len())].to_string();
    let mut kept = 0;
    for (i, control) in parsed.controls.iter().enumerate() {
        let serves = control
            .mappings
            .iter()
            .any(|m| frameworks.contains(&m.framework.value));
        if serves {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            out.push_str(&text[starts[i]..end]);
            kept += 1;
        }
    }
    Ok((kept > 0).then_some(out))
}

const EVIDENCE_README: &str = "\
# Evidence

Put the files that show each control working here: policies, scan and access-review exports,
log extracts, signed-off procedures. Controls point at them with `evidence: - path: ...`,
relative to this folder. `evidence check` fails while a named file is missing or stale.

Every baseline control starts as `status: planned`: nothing is claimed until it is proven. For
each control: implement it, put its evidence here (with `collected: YYYY-MM-DD` in the control),
then set `status: implemented`. `evidence status` shows which controls are verified.
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
{soc2}
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
        soc2 = if options.frameworks.iter().any(|f| f == "soc2") {
            "# SOC 2 categories are roles: Security (the common criteria) is always in scope; add\n\
             # \"availability\", \"confidentiality\", \"processing-integrity\" or \"privacy\" to report on them.\n\
             roles = { soc2 = [\"security\"] }\n"
        } else {
            ""
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_keep_the_frameworks_named_and_drop_blank_names() {
        let catalogs = Catalogs::builtin().unwrap();
        let options =
            InitOptions::new("Acme".into(), &names(&[" gdpr", "", "soc2 "]), &catalogs).unwrap();
        assert_eq!(options.frameworks, ["gdpr", "soc2"]);
    }

    #[test]
    fn all_names_every_library_collector_and_each_serves_the_default_frameworks() {
        let catalogs = Catalogs::builtin().unwrap();
        let defaults = names(&["iso42001", "nist-ai-rmf"]);
        let options = InitOptions::new("Acme".into(), &defaults, &catalogs)
            .unwrap()
            .with_collectors(&names(&["all", " ", "control-status"]))
            .unwrap();
        let library: Vec<&str> = library_collectors().map(|(n, _)| n).collect();
        assert!(library.len() >= 4, "{library:?}");
        assert_eq!(options.collectors, library);
        let err = InitOptions::new("Acme".into(), &defaults, &catalogs)
            .unwrap()
            .with_collectors(&names(&["trivy"]))
            .unwrap_err();
        assert!(matches!(err, CollectorChoice::Unknown { .. }), "{err}");
    }

    #[test]
    fn options_refuse_a_framework_no_catalog_has() {
        let catalogs = Catalogs::builtin().unwrap();
        let err =
            InitOptions::new("Acme".into(), &names(&["gdpr", "iso9001"]), &catalogs).unwrap_err();
        assert_eq!(err.id, "iso9001");
        assert_eq!(err.known, catalogs.ids().join(", "));
        assert!(
            err.to_string()
                .starts_with("unknown framework `iso9001`; known: "),
            "{err}"
        );
    }
}
