//! Errors that stop a command from running (exit code 2).
//!
//! Findings about the workspace are not errors: they are data ([`crate::check::Finding`]) and
//! flow to a reporter. An [`Error`] means the tool could not do its job: a file could not be read
//! or parsed, or there is no workspace to read.

use std::path::PathBuf;

use crate::diag::{Diagnostic, InputCode};
use crate::source::Location;

/// A file that could not be understood: a [`Diagnostic`] with an input code.
pub type InputError = Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {}", path.display(), crate::files::io_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// One or more files are malformed; all of them are reported at once.
    #[error("{}", render_input_errors(.0))]
    Input(Vec<Diagnostic>),

    #[error(
        "no evidence.toml found in {}{}\n  hint: run `evidence init DIR` to start a workspace, or pass -C DIR",
        start.display(),
        if *searched_up { " or any directory above it" } else { "" }
    )]
    NoWorkspace {
        start: PathBuf,
        /// Whether the directories above `start` were searched too (no -C given).
        searched_up: bool,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// One file that cannot be understood, for the reason `code` names.
    pub fn input(code: InputCode, location: Location, message: impl Into<String>) -> Self {
        Self::Input(vec![Diagnostic::input(code, location, message)])
    }
}

impl From<Diagnostic> for Error {
    fn from(e: Diagnostic) -> Self {
        Self::Input(vec![e])
    }
}

/// The plain form, without excerpts (the CLI renders them with [`crate::diag::report`]).
fn render_input_errors(errors: &[Diagnostic]) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("{}[{}]: {e}", e.severity, e.code))
        .collect();
    lines.join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
