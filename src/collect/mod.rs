//! `evidence collect`: run the workspace's collectors (`collectors/*.yaml`), write each one's
//! output as an evidence file and record it in the evidence log.
//!
//! A collector is a command run without a shell, with a cleared environment (only a few
//! variables every program needs, plus those the collector names), in a directory inside the
//! workspace, under a timeout. Its standard output is the evidence. A run that fails, times out
//! or prints nothing writes no file and logs a `not-collected` entry, so a gap is on record rather
//! than silent. Outputs are written atomically and never replace an existing file: collected
//! evidence is history.

mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::evidence::leaves_workspace;
use crate::evidence_log::{self, Entry, Origin, Outcome};
use crate::model::collector::{Collector, Timeout};
use crate::workspace::Workspace;

pub use process::MAX_OUTPUT_BYTES;

/// Variables a program needs to run at all; everything else must be named by the collector.
const BASE_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TZ",
    "TMPDIR",
    "SYSTEMROOT",
    "USERPROFILE",
];

/// The program name in a collector's command that means "this `evidence` binary".
pub const SELF_PROGRAM: &str = "{evidence}";

/// What to run, and as of when.
#[derive(Debug, Clone)]
pub struct Options {
    /// Collectors to run by name; empty means the due ones (or all, with `all`).
    pub names: Vec<String>,
    pub all: bool,
    /// The collection time recorded in the log and used in `{date}` / `{timestamp}`.
    pub now: Timestamp,
    /// The `evidence` binary that `{evidence}` stands for.
    pub self_exe: PathBuf,
    /// How many collectors run at once.
    pub jobs: usize,
}

/// The outcome of one collector.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub collector: String,
    /// The file written (relative to the workspace root), when it succeeded.
    pub output: Option<String>,
    pub size: Option<u64>,
    /// Why nothing was collected.
    pub error: Option<String>,
    pub seconds: f64,
    #[serde(skip)]
    pub entry: Entry,
}

impl Run {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }
}

/// Why `collect` could not start.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no collector named `{name}`; the workspace has: {known}")]
    UnknownCollector { name: String, known: String },
    #[error(transparent)]
    Workspace(#[from] crate::Error),
}

/// The collectors of the workspace, in file order.
pub fn collectors(ws: &Workspace) -> impl Iterator<Item = &Collector> {
    ws.collectors.iter().flat_map(|l| &l.value.collectors)
}

/// Whether `collector` is due on `today`: the log holds no successful run of it in the current
/// cadence window (for a period cadence: within that period).
pub fn is_due(ws: &Workspace, collector: &Collector, today: Date) -> bool {
    let last = ws
        .log
        .of_collector(&collector.name.value)
        .filter(|e| e.outcome != Outcome::NotCollected)
        .map(|e| e.collected_at.to_zoned(jiff::tz::TimeZone::UTC).date())
        .max();
    let Some(last) = last else {
        return true;
    };
    match collector.cadence {
        crate::model::Cadence::Every(period) => period.after(last) <= today,
        cadence => !cadence.window_of(today).contains(last),
    }
}

/// Pick the collectors to run: by name, all, or the due ones.
pub fn select<'a>(
    ws: &'a Workspace,
    options: &Options,
) -> Result<Vec<&'a Collector>, CollectError> {
    if !options.names.is_empty() {
        return options
            .names
            .iter()
            .map(|name| {
                collectors(ws)
                    .find(|c| &c.name.value == name)
                    .ok_or_else(|| CollectError::UnknownCollector {
                        name: name.clone(),
                        known: known_names(ws),
                    })
            })
            .collect();
    }
    let today = options.now.to_zoned(jiff::tz::TimeZone::UTC).date();
    Ok(collectors(ws)
        .filter(|c| options.all || is_due(ws, c, today))
        .collect())
}

fn known_names(ws: &Workspace) -> String {
    let names: Vec<&str> = collectors(ws).map(|c| c.name.value.as_str()).collect();
    if names.is_empty() {
        "none (declare collectors in collectors/*.yaml)".into()
    } else {
        names.join(", ")
    }
}

/// Run the selected collectors, at most `jobs` at once, then append one log entry per run (in
/// the order given) to the evidence log. `on_done` hears of each run as it finishes.
pub fn run(
    ws: &Workspace,
    selected: &[&Collector],
    options: &Options,
    on_done: &(dyn Fn(&Run) + Sync),
) -> Result<Vec<Run>, CollectError> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        .build()
        .expect("a thread pool of a few threads can always be built");
    let runs: Vec<Run> = pool.install(|| {
        selected
            .par_iter()
            .map(|collector| {
                let run = run_one(ws, collector, options);
                on_done(&run);
                run
            })
            .collect()
    });
    let entries: Vec<Entry> = runs.iter().map(|r| r.entry.clone()).collect();
    if !entries.is_empty() {
        evidence_log::append(&ws.root, &ws.config.evidence_root, &entries)?;
    }
    Ok(runs)
}

/// Run one collector and write its output; never fails: a failure is a `Run` with an error.
fn run_one(ws: &Workspace, collector: &Collector, options: &Options) -> Run {
    let started = Instant::now();
    let mut entry = Entry {
        collected_at: options.now,
        origin: Origin::Collector,
        outcome: Outcome::NotCollected,
        path: None,
        sha256: None,
        size: None,
        controls: collector.controls.iter().map(|c| c.value.clone()).collect(),
        collector: Some(collector.name.value.clone()),
        command: collector.command.value.clone(),
        exit_status: None,
        tool_versions: Vec::new(),
        format: None,
        summary: String::new(),
        reasons: Vec::new(),
    };
    let result = collect(ws, collector, options, &mut entry);
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok((output, size)) => {
            entry.outcome = Outcome::Informational;
            entry.summary = format!("collected by `{}`", collector.name.value);
            Run {
                collector: collector.name.value.clone(),
                output: Some(output),
                size: Some(size),
                error: None,
                seconds,
                entry,
            }
        }
        Err(error) => {
            entry.summary = error.clone();
            Run {
                collector: collector.name.value.clone(),
                output: None,
                size: None,
                error: Some(error),
                seconds,
                entry,
            }
        }
    }
}

/// The work of one run; the error is the sentence the user and the log get.
fn collect(
    ws: &Workspace,
    collector: &Collector,
    options: &Options,
    entry: &mut Entry,
) -> Result<(String, u64), String> {
    let output_rel = output_path(ws, collector, options.now)?;
    let output_full = ws.root.join(&output_rel);
    if output_full.exists() {
        return Err(format!(
            "{} already exists; collected evidence is never replaced (use {{timestamp}} in \
             `output:` to collect more than once a day)",
            crate::source::display_path(&output_rel)
        ));
    }
    let workdir = workdir(ws, collector)?;
    let argv = program_and_args(&collector.command.value, &options.self_exe)?;
    let argv = fill_in_args(argv, options.now);
    let env = environment(&collector.env);
    if let Some(version) = &collector.version {
        let argv = program_and_args(version, &options.self_exe)?;
        if let Some(line) = process::version_line(&argv, &workdir, &env) {
            entry.tool_versions.push(line);
        }
    }
    let timeout = collector.timeout.unwrap_or(Timeout::DEFAULT).0;
    let finished = process::run(&argv, &workdir, &env, timeout)?;
    entry.exit_status = finished.status;
    if finished.timed_out {
        return Err(format!(
            "timed out after {}; nothing written",
            seconds(timeout)
        ));
    }
    if finished.status != Some(0) {
        let status = finished
            .status
            .map_or("was killed by a signal".into(), |c| format!("exited {c}"));
        return Err(format!(
            "`{}` {status}; nothing written{}",
            argv[0].to_string_lossy(),
            stderr_tail(&finished.stderr)
        ));
    }
    if finished.stdout.is_empty() {
        return Err(format!(
            "`{}` printed nothing; nothing written",
            argv[0].to_string_lossy()
        ));
    }
    write_output(&output_full, &finished.stdout)?;
    let (sha256, size) = (
        crate::hash::sha256_hex(&finished.stdout),
        finished.stdout.len() as u64,
    );
    let display = crate::source::display_path(&output_rel);
    entry.path = Some(display.clone());
    entry.sha256 = Some(sha256);
    entry.size = Some(size);
    Ok((display, size))
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// The output's path relative to the workspace root, with `{date}` and `{timestamp}` filled in;
/// it must stay inside the evidence root.
fn output_path(ws: &Workspace, collector: &Collector, now: Timestamp) -> Result<PathBuf, String> {
    let utc = now.to_zoned(jiff::tz::TimeZone::UTC);
    let pattern = &collector.output.value;
    let filled = pattern
        .replace("{date}", &utc.date().to_string())
        .replace("{timestamp}", &utc.strftime("%Y%m%dT%H%M%SZ").to_string());
    if filled.trim().is_empty() || leaves_workspace(Path::new(&filled)) {
        return Err(format!(
            "`output: {pattern}` must be a relative path inside the evidence root"
        ));
    }
    if filled.contains(['{', '}']) {
        return Err(format!(
            "`output: {pattern}`: only {{date}} and {{timestamp}} can be filled in"
        ));
    }
    Ok(ws.evidence_path(&filled))
}

/// The directory to run in: the workspace root, or `workdir:` inside it.
fn workdir(ws: &Workspace, collector: &Collector) -> Result<PathBuf, String> {
    let Some(dir) = &collector.workdir else {
        return Ok(ws.root.clone());
    };
    let inside = ws
        .root
        .join(&dir.value)
        .canonicalize()
        .ok()
        .filter(|p| p.starts_with(&ws.canonical_root) && p.is_dir());
    match inside {
        Some(path) if !leaves_workspace(Path::new(&dir.value)) => Ok(path),
        _ => Err(format!(
            "`workdir: {}` is not a directory inside the workspace",
            dir.value
        )),
    }
}

fn program_and_args(
    command: &[String],
    self_exe: &Path,
) -> Result<Vec<std::ffi::OsString>, String> {
    let Some((program, args)) = command.split_first() else {
        return Err("`command:` is empty; give the program and its arguments".into());
    };
    let program = if program == SELF_PROGRAM {
        self_exe.as_os_str().to_owned()
    } else {
        program.into()
    };
    Ok(std::iter::once(program)
        .chain(args.iter().map(Into::into))
        .collect())
}

/// `{date}` and `{timestamp}` in arguments become the collection time, so that a command can be
/// told the date it collects for (`evidence status --now {date}`).
fn fill_in_args(argv: Vec<std::ffi::OsString>, now: Timestamp) -> Vec<std::ffi::OsString> {
    let utc = now.to_zoned(jiff::tz::TimeZone::UTC);
    let date = utc.date().to_string();
    let timestamp = utc.strftime("%Y%m%dT%H%M%SZ").to_string();
    argv.into_iter()
        .enumerate()
        .map(|(i, arg)| match arg.to_str() {
            Some(text) if i > 0 => text
                .replace("{date}", &date)
                .replace("{timestamp}", &timestamp)
                .into(),
            _ => arg,
        })
        .collect()
}

/// The environment a collector runs with: the base variables and those it names, if set.
fn environment(named: &[String]) -> Vec<(String, std::ffi::OsString)> {
    BASE_ENV
        .iter()
        .map(|s| s.to_string())
        .chain(named.iter().cloned())
        .filter_map(|name| std::env::var_os(&name).map(|v| (name, v)))
        .collect()
}

fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let last = text.lines().rev().find(|l| !l.trim().is_empty());
    match last {
        Some(line) => {
            let line: String = line.trim().chars().take(300).collect();
            format!(": {line}")
        }
        None => String::new(),
    }
}

/// Write atomically, refusing to replace a file that appeared meanwhile.
fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let describe = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(describe)?;
    crate::output::write_atomic_new(path, bytes).map_err(|e| e.to_string())
}
