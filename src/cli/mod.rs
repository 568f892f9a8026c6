//! Argument definitions and the glue from each subcommand to the library.

mod answer;
mod attest;
mod bundle;
mod check;
mod collect;
mod completions;
mod coverage;
mod diff;
mod export;
mod frameworks;
mod ingest;
mod init;
mod keygen;
mod render;
mod report_args;
mod status;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use evidence::workspace::{self, Workspace};

/// Exit codes, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command did what was asked and found nothing wrong.
    Ok = 0,
    /// The check found errors, or a bundle is invalid.
    Findings = 1,
    /// The command could not run: usage error, unreadable or malformed input, missing key.
    CouldNotRun = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "evidence",
    version,
    about = "Compliance as code: one control matrix in git that CI checks, auditors verify and procurement reuses",
    long_about = "Compliance as code: one control matrix in git that CI checks, auditors verify and \
procurement reuses.\n\nA workspace is a directory with evidence.toml (organisation, scope, defaults), \
controls/*.yaml (controls mapped to framework requirements, with owners and evidence), scope/*.yaml \
(applicability decisions) and evidence/ (the evidence files).",
    after_help = "Exit codes: 0 success; 1 findings (check failed) or invalid bundle; 2 could not run \
(usage error, unreadable or malformed input, no workspace).\n\nStart with `evidence init my-workspace`, \
then `evidence check -C my-workspace`."
)]
pub struct Cli {
    /// Workspace directory (default: search upward from the current directory for evidence.toml)
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Check(check::Args),
    Status(status::Args),
    Collect(collect::Args),
    Ingest(ingest::Args),
    Coverage(coverage::Args),
    Diff(diff::Args),
    /// The framework catalogs and crosswalks
    #[command(subcommand)]
    Frameworks(frameworks::Command),
    // An attribute, not a doc comment: a doc comment would also replace the long help that
    // answer::Args defines.
    #[command(about = "Answer a security questionnaire (CSV or XLSX) from the workspace")]
    Answer(answer::Args),
    /// Make an Ed25519 key pair for signing bundles
    Keygen(keygen::Args),
    /// Signed evidence bundles for auditors: create, sign, verify, inspect, extract
    #[command(subcommand)]
    Bundle(bundle::Command),
    #[command(subcommand)]
    Render(render::Command),
    /// in-toto attestations: verify one, or state a bundle's manifest as one
    #[command(subcommand)]
    Attest(attest::Command),
    #[command(subcommand)]
    Export(export::Command),
    Completions(completions::Args),
    Man(completions::ManArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ctx = Ctx {
        workspace: cli.workspace,
    };
    match cli.command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Status(args) => status::run(&ctx, args),
        Command::Collect(args) => collect::run(&ctx, args),
        Command::Ingest(args) => ingest::run(&ctx, args),
        Command::Coverage(args) => coverage::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Frameworks(command) => frameworks::run(&ctx, command),
        Command::Answer(args) => answer::run(&ctx, args),
        Command::Keygen(args) => keygen::run(args),
        Command::Bundle(command) => bundle::run(&ctx, command),
        Command::Render(command) => render::run(&ctx, command),
        Command::Attest(command) => attest::run(&ctx, command),
        Command::Export(command) => export::run(&ctx, command),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => completions::man(args),
    }
}

/// `--format text|json`, for commands whose only machine-readable form is JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// For people
    Text,
    /// For programs
    Json,
}

/// Diagnostics already rendered for the terminal (malformed files with their excerpts): printed
/// as they are.
#[derive(Debug)]
pub struct Rendered(pub String);

impl std::fmt::Display for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Rendered {}

/// What every subcommand may need from the global options.
#[derive(Debug)]
pub struct Ctx {
    workspace: Option<PathBuf>,
}

impl Ctx {
    /// Find and load the workspace (`-C DIR`, or the nearest evidence.toml above the cwd).
    /// Malformed files come back with their lines and carets, ready to print.
    pub fn load_workspace(&self) -> anyhow::Result<Workspace> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let root = workspace::find_root(self.workspace.as_deref(), &cwd)?;
        match Workspace::load(&root) {
            Ok(ws) => Ok(ws),
            Err(evidence::Error::Input(errors)) => {
                let color = std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
                let mut sources = evidence::diag::report::SourceCache::below(&root);
                Err(Rendered(evidence::diag::report::render_all(
                    &errors,
                    &mut sources,
                    color,
                ))
                .into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The workspace's catalogs if there is a workspace, else the built-in ones.
    pub fn catalogs(&self) -> anyhow::Result<evidence::catalog::Catalogs> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        match workspace::find_root(self.workspace.as_deref(), &cwd) {
            Ok(root) => Ok(evidence::catalog::Catalogs::with_workspace(&root)?),
            Err(_) if self.workspace.is_none() => Ok(evidence::catalog::Catalogs::builtin()?),
            Err(e) => Err(e.into()),
        }
    }
}

/// Now, or SOURCE_DATE_EPOCH (the reproducible-builds convention) when set: the time
/// `collect` and `ingest` record.
pub fn collection_time() -> anyhow::Result<jiff::Timestamp> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) if !text.trim().is_empty() => {
            let seconds: i64 = text.trim().parse().map_err(|_| {
                anyhow::anyhow!("SOURCE_DATE_EPOCH=`{text}` is not a number of seconds")
            })?;
            Ok(jiff::Timestamp::from_second(seconds)?)
        }
        _ => Ok(jiff::Timestamp::now()),
    }
}

/// `--now YYYY-MM-DD`, or today's date in the local time zone.
pub fn today_or(now: Option<jiff::civil::Date>) -> jiff::civil::Date {
    now.unwrap_or_else(|| jiff::Zoned::now().date())
}

/// Write a command's output to `out` atomically, or to standard output. Binary output (XLSX) is
/// refused on a terminal, where it would only garble the screen.
pub fn emit(out: Option<&Path>, output: impl AsRef<[u8]>) -> anyhow::Result<()> {
    let bytes = output.as_ref();
    match out {
        Some(path) => evidence::output::write_atomic(path, bytes)
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.is_terminal() && std::str::from_utf8(bytes).is_err() {
                anyhow::bail!("refusing to write binary output to a terminal; use --out FILE");
            }
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Outputs that publish or answer for the workspace (the trust pack, the SoA, questionnaire
/// answers) refuse while `evidence check` finds errors, unless the user allows it: the refusal
/// and the check's summary go to standard error, and the command exits 1.
pub fn refuse_on_findings(
    ws: &Workspace,
    assessment: &evidence::assessment::Assessment,
    allow: bool,
    what: &str,
) -> anyhow::Result<Option<Exit>> {
    let report = evidence::check::run(ws, assessment)?;
    if report.summary.errors == 0 {
        return Ok(None);
    }
    let s = report.summary;
    eprintln!(
        "evidence check: {} error{}, {} warning{} as of {} (run `evidence check` for details)",
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
        assessment.date
    );
    if allow {
        eprintln!(
            "--allow-findings: going on; nothing the evidence does not verify is shown as done"
        );
        return Ok(None);
    }
    eprintln!(
        "refusing to {what} a workspace that fails its check: fix the findings, or pass \
         --allow-findings to go on with every unverified control labelled as such"
    );
    Ok(Some(Exit::Findings))
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// True when the error is a closed stdout (e.g. piped into `head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
