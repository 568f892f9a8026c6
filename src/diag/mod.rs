//! Diagnostics: the one shape of "something is wrong" in `evidence`.
//!
//! A [`Diagnostic`] has a [`Code`] from one registry ([`code`]), a [`Severity`], a message, the
//! place in a user's file it is about, other labelled places that explain it, and hints on what
//! to do. Loader errors (a file that cannot be understood, exit 2) and check findings (data about
//! a workspace that parses) are both diagnostics, so they print the same way: [`report`] renders
//! them with the offending line and a caret, as rustc and cargo-deny do, and the check's JSON,
//! SARIF and JUnit reporters read the same fields.

pub mod code;
pub mod report;

use std::fmt;

use serde::Serialize;

pub use code::{Code, InputCode};

use crate::check::Rule;
use crate::source::Location;

/// How serious a diagnostic is. Ordered so that `min` gives the quieter of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Another place that helps explain a diagnostic ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The place the problem is at (a file as a whole when its position is `0:0`).
    pub location: Location,
    /// Other places that explain it.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(code: impl Into<Code>, location: Location, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            severity: Severity::Error,
            message: message.into(),
            location,
            labels: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// A file that cannot be understood: an [`InputCode`] error.
    pub fn input(code: InputCode, location: Location, message: impl Into<String>) -> Self {
        Self::error(code, location, message)
    }

    /// A file that cannot be understood, without a more precise code than `invalid-value`.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self::input(InputCode::InvalidValue, location, message)
    }

    /// The same diagnostic with a hint on what to do.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The same diagnostic with another labelled place.
    #[must_use]
    pub fn with_label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// The check rule behind a finding.
    pub fn rule(&self) -> Option<Rule> {
        self.code.rule()
    }

    /// The hints as one line, for formats that hold one text (SARIF, JUnit, JSON).
    pub fn hint(&self) -> Option<String> {
        (!self.hints.is_empty()).then(|| self.hints.join("; "))
    }
}

/// The one-line form scripts grep for: `file:line:column: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Diagnostic {}
