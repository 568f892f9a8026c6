//! Finding and loading a workspace: `evidence.toml`, `controls/`, `scope/`, and the workspace's
//! own catalogs. Loading is strict and reports every malformed file at once; consistency between
//! files (unknown references, gaps) is the job of [`crate::check`].

use std::path::{Path, PathBuf};

use crate::catalog::Catalogs;
use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, InputError, Result};
use crate::evidence_log::EvidenceLog;
use crate::files::read_text;
use crate::files::{Depth, yaml_files};
use crate::model::collector::CollectorFile;
use crate::model::config::FILE_NAME;
use crate::model::risk::Risk;
use crate::model::system::AiSystem;
use crate::model::{
    Config, Control, ControlFile, ProcessingFile, RiskFile, ScopeFile, SystemFile, TrustFile,
};
use crate::source::{Location, Position};

/// Folders of the workspace and what they hold.
pub const CONTROLS_DIR: &str = "controls";
pub const SCOPE_DIR: &str = "scope";
pub const TRUST_DIR: &str = "trust";
pub const PROCESSING_DIR: &str = "processing";
pub const SYSTEMS_DIR: &str = "systems";
pub const RISKS_DIR: &str = "risks";
pub const COLLECTORS_DIR: &str = "collectors";

#[derive(Debug)]
pub struct Workspace {
    /// The directory holding `evidence.toml`.
    pub root: PathBuf,
    /// `root` with symlinks resolved, to tell whether a path leads outside the workspace.
    pub canonical_root: PathBuf,
    pub config: Config,
    pub controls: Vec<LoadedControl>,
    pub scope: Vec<LoadedScope>,
    /// `trust/*.yaml`, in file order (a one-of section appears in one file only).
    pub trust: Vec<Loaded<TrustFile>>,
    /// `processing/*.yaml`, in file order.
    pub processing: Vec<Loaded<ProcessingFile>>,
    /// `systems/*.yaml`, the AI-system register, in file order.
    pub systems: Vec<Loaded<SystemFile>>,
    /// `risks/*.yaml`, the risk register, in file order.
    pub risks: Vec<Loaded<RiskFile>>,
    /// `collectors/*.yaml`: commands that produce evidence (`evidence collect`).
    pub collectors: Vec<Loaded<CollectorFile>>,
    /// `<evidence root>/log.jsonl`: what was collected or ingested, when, with which hash.
    pub log: EvidenceLog,
    pub catalogs: Catalogs,
}

/// A parsed file and its path relative to the workspace.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: PathBuf,
    pub value: T,
}

/// A control and the file (relative to the workspace) it was read from.
#[derive(Debug, Clone)]
pub struct LoadedControl {
    pub file: PathBuf,
    pub control: Control,
}

#[derive(Debug, Clone)]
pub struct LoadedScope {
    pub file: PathBuf,
    pub scope: ScopeFile,
}

impl Workspace {
    /// Load the workspace at `root` (the directory holding `evidence.toml`).
    pub fn load(root: &Path) -> Result<Self> {
        let config_text = read_text(root, Path::new(FILE_NAME))?;
        let mut errors = Vec::new();
        let config = Config::parse(Path::new(FILE_NAME), &config_text).map_err(|e| errors.push(e));
        let controls = load_all::<ControlFile>(root, CONTROLS_DIR, &mut errors)?;
        let scope = load_all::<ScopeFile>(root, SCOPE_DIR, &mut errors)?;
        let trust = loaded(load_all::<TrustFile>(root, TRUST_DIR, &mut errors)?);
        let processing = loaded(load_all::<ProcessingFile>(
            root,
            PROCESSING_DIR,
            &mut errors,
        )?);
        let systems = loaded(load_all::<SystemFile>(root, SYSTEMS_DIR, &mut errors)?);
        let risks = loaded(load_all::<RiskFile>(root, RISKS_DIR, &mut errors)?);
        let collectors = loaded(load_all::<CollectorFile>(
            root,
            COLLECTORS_DIR,
            &mut errors,
        )?);
        errors.extend(recurring_sources_misdeclared(&controls));
        let log = match &config {
            Ok(config) => match EvidenceLog::load(root, &config.evidence_root) {
                Ok(log) => log,
                Err(Error::Input(more)) => {
                    errors.extend(more);
                    EvidenceLog::default()
                }
                Err(e) => return Err(e),
            },
            Err(_) => EvidenceLog::default(),
        };
        if let Ok(config) = &config {
            errors.extend(ratings_off_scale(&risks, config.risk.scale));
        }
        errors.extend(single_sections(&trust, trust_sections));
        errors.extend(single_sections(&processing, processing_sections));
        let catalogs = Catalogs::with_workspace(root);
        let (Ok(config), true) = (config, errors.is_empty()) else {
            if let Err(Error::Input(more)) = catalogs {
                errors.extend(more);
            }
            return Err(Error::Input(errors));
        };
        Ok(Self {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().map_err(|e| Error::io(root, e))?,
            config,
            controls: controls
                .into_iter()
                .flat_map(|(file, f)| {
                    f.controls.into_iter().map(move |control| LoadedControl {
                        file: file.clone(),
                        control,
                    })
                })
                .collect(),
            scope: scope
                .into_iter()
                .map(|(file, scope)| LoadedScope { file, scope })
                .collect(),
            trust,
            processing,
            systems,
            risks,
            collectors,
            log,
            catalogs: catalogs?,
        })
    }

    /// Where a control's evidence path points, relative to the workspace root.
    pub fn evidence_path(&self, path: &str) -> PathBuf {
        self.config.evidence_root.join(path)
    }

    /// Every AI system of the register, with the file it is declared in.
    pub fn systems(&self) -> impl Iterator<Item = (&Path, &AiSystem)> {
        self.systems
            .iter()
            .flat_map(|l| l.value.systems.iter().map(move |s| (l.file.as_path(), s)))
    }

    /// Every risk of the register, with the file it is declared in.
    pub fn risks(&self) -> impl Iterator<Item = (&Path, &Risk)> {
        self.risks
            .iter()
            .flat_map(|l| l.value.risks.iter().map(move |r| (l.file.as_path(), r)))
    }

    /// Whether the workspace keeps an AI-system register (`systems/` holds a file).
    pub fn has_register(&self) -> bool {
        !self.systems.is_empty()
    }

    pub fn controls(&self) -> impl Iterator<Item = &Control> {
        self.controls.iter().map(|c| &c.control)
    }

    /// The control with this ID, and the file it is declared in.
    pub fn control(&self, id: &str) -> Option<&LoadedControl> {
        self.controls.iter().find(|c| c.control.id.value == id)
    }

    /// Every file that makes up the matrix (configuration and YAML), relative to the root.
    pub fn matrix_files(&self) -> Vec<PathBuf> {
        let mut files = vec![PathBuf::from(FILE_NAME)];
        files.extend(self.controls.iter().map(|c| c.file.clone()));
        files.extend(self.scope.iter().map(|s| s.file.clone()));
        files.extend(self.trust.iter().map(|s| s.file.clone()));
        files.extend(self.processing.iter().map(|s| s.file.clone()));
        files.extend(self.systems.iter().map(|s| s.file.clone()));
        files.extend(self.risks.iter().map(|s| s.file.clone()));
        files.extend(self.collectors.iter().map(|s| s.file.clone()));
        let log = crate::evidence_log::relative_path(&self.config.evidence_root);
        if self.root.join(&log).is_file() {
            files.push(log);
        }
        files.sort();
        files.dedup();
        files
    }
}

fn loaded<T>(files: Vec<(PathBuf, T)>) -> Vec<Loaded<T>> {
    files
        .into_iter()
        .map(|(file, value)| Loaded { file, value })
        .collect()
}

/// The one-of sections a trust file holds: (name, position) of each present.
fn trust_sections(t: &TrustFile) -> Vec<(&'static str, Position)> {
    [
        ("page", t.page.as_ref().map(|s| s.position)),
        ("profile", t.profile.as_ref().map(|s| s.position)),
        (
            "subprocessors",
            t.subprocessors.as_ref().map(|s| s.position),
        ),
        (
            "data_protection",
            t.data_protection.as_ref().map(|s| s.position),
        ),
        (
            "incident_response",
            t.incident_response.as_ref().map(|s| s.position),
        ),
        ("disclosure", t.disclosure.as_ref().map(|s| s.position)),
    ]
    .into_iter()
    .filter_map(|(name, at)| at.map(|at| (name, at)))
    .collect()
}

fn processing_sections(p: &ProcessingFile) -> Vec<(&'static str, Position)> {
    [
        ("controller", p.controller.as_ref().map(|s| s.position)),
        (
            "data_fiduciary",
            p.data_fiduciary.as_ref().map(|s| s.position),
        ),
    ]
    .into_iter()
    .filter_map(|(name, at)| at.map(|at| (name, at)))
    .collect()
}

/// Likelihood and impact must lie on the workspace's scale (`[risk] scale` in evidence.toml).
fn ratings_off_scale(files: &[Loaded<RiskFile>], scale: u8) -> Vec<InputError> {
    let mut errors = Vec::new();
    for loaded in files {
        for risk in &loaded.value.risks {
            let ratings = [Some(&risk.inherent), risk.residual.as_ref()];
            for rating in ratings.into_iter().flatten() {
                let r = rating.value;
                if !(1..=scale).contains(&r.likelihood) || !(1..=scale).contains(&r.impact) {
                    errors.push(Diagnostic::input(
                        InputCode::InvalidValue,
                        Location::new(&loaded.file, rating.position),
                        format!(
                            "risk `{}`: likelihood {} and impact {} must each be from 1 to {scale} \
                             (evidence.toml [risk] scale)",
                            risk.id.value, r.likelihood, r.impact
                        ),
                    ));
                }
            }
        }
    }
    errors
}

/// A folder or glob names occurrences, which only a recurring control (`cadence:`) has; and an
/// occurrence is dated by the log, its name or git, so `collected:` cannot date them all.
fn recurring_sources_misdeclared(files: &[(PathBuf, ControlFile)]) -> Vec<InputError> {
    let mut errors = Vec::new();
    for (file, f) in files {
        for source in f.controls.iter().flat_map(|c| &c.evidence) {
            let is_glob = source.path.value.contains(['*', '?', '[', '{']);
            if is_glob && source.cadence.is_none() {
                errors.push(Diagnostic::input(
                    InputCode::InconsistentDefinition,
                    Location::new(file, source.path.position),
                    format!(
                        "`{}` is a glob: a glob names the occurrences of a recurring control, \
                         which needs `cadence:` (weekly, monthly, quarterly, annually or a period \
                         such as 90d)",
                        source.path.value
                    ),
                ));
            }
            if let (Some(_), Some(collected)) = (&source.cadence, &source.collected) {
                errors.push(Diagnostic::input(
                    InputCode::InconsistentDefinition,
                    Location::new(file, collected.position),
                    "`collected:` dates one file, but a recurring control has many occurrences: \
                     each is dated by the evidence log, a date in its file name, or git",
                ));
            }
        }
    }
    errors
}

/// A section that holds one thing may be written in one file only.
fn single_sections<T>(
    files: &[Loaded<T>],
    sections: fn(&T) -> Vec<(&'static str, Position)>,
) -> Vec<InputError> {
    let mut first: Vec<(&'static str, Location)> = Vec::new();
    let mut errors = Vec::new();
    for loaded in files {
        for (name, at) in sections(&loaded.value) {
            let here = Location::new(&loaded.file, at);
            match first.iter().find(|(n, _)| *n == name) {
                Some((_, there)) => errors.push(Diagnostic::input(
                    InputCode::DuplicateKey,
                    here,
                    format!("`{name}` is already given at {there}; keep one `{name}` section"),
                )),
                None => first.push((name, here)),
            }
        }
    }
    errors
}

/// The workspace root for a command: `explicit` if given (it must hold `evidence.toml`),
/// else the nearest directory at or above `cwd` that holds one.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        let dir = cwd.join(dir);
        if !dir.is_dir() {
            return Err(Error::io(
                &dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such directory (given with -C)",
                ),
            ));
        }
        return if dir.join(FILE_NAME).is_file() {
            Ok(dir)
        } else {
            Err(Error::NoWorkspace {
                start: dir,
                searched_up: false,
            })
        };
    }
    cwd.ancestors()
        .find(|d| d.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoWorkspace {
            start: cwd.to_path_buf(),
            searched_up: true,
        })
}

/// Parse every `*.yaml`/`*.yml` file under `root/dir` (recursively, sorted) as `T`.
/// Malformed files are added to `errors` so that all of them are reported together.
fn load_all<T: serde::de::DeserializeOwned + Send>(
    root: &Path,
    dir: &str,
    errors: &mut Vec<InputError>,
) -> Result<Vec<(PathBuf, T)>> {
    use rayon::prelude::*;
    // Files are independent: read and parse them on every core, then keep the sorted order.
    let parsed: Vec<(PathBuf, Result<T>)> = yaml_files(root, Path::new(dir), Depth::All)?
        .into_par_iter()
        .map(|rel| {
            let result = read_text(root, &rel)
                .and_then(|text| crate::yaml::parse::<T>(&rel, &text).map_err(Error::from));
            (rel, result)
        })
        .collect();
    let mut out = Vec::new();
    for (rel, result) in parsed {
        match result {
            Ok(value) => out.push((rel, value)),
            Err(Error::Input(e)) => errors.extend(e),
            Err(other) => return Err(other),
        }
    }
    Ok(out)
}
