//! Argument definitions and the glue from each subcommand to the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    about = "Compliance as code: one control matrix in git that CI checks, auditors verify and procurement reuses"
)]
pub struct Cli {
    /// Workspace directory (default: search upward from the current directory for evidence.toml)
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {}

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.command {}
}

/// True when the error is a closed stdout (e.g. piped into `head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
