//! Reading other tools' results as evidence: detect the format of a file and say what it shows.
//!
//! [`parse`] takes a file's name and bytes, recognises the format by its content (never by its
//! extension), and returns an [`Artefact`]: the format, the date the artefact says it was made
//! (the *collected* date), the outcome (passing, failing with reasons, or informational), the
//! tool that wrote it and a one-line summary. [`read`] does the same for a file on disk, refusing
//! files larger than [`MAX_BYTES`]. Nothing here writes anything.
//!
//! The rules, one module per format (each module's doc comment gives the details):
//!
//! | format | recognised by | collected date | failing when |
//! |---|---|---|---|
//! | SARIF 2.1.0 ([`sarif`]) | a JSON object with `runs` and `version` (or a SARIF `$schema`) | latest `runs[].invocations[].endTimeUtc`, else latest `startTimeUtc` | a result's effective level is `error` (SARIF §3.27.10: a `kind` other than `fail` means level `none`; an absent level takes the rule's `defaultConfiguration.level`, else `warning`); a run without `results`; an invocation with `executionSuccessful: false`. A log with no runs is informational |
//! | JUnit XML ([`junit`]) | root element `<testsuites>` or `<testsuite>` | latest `timestamp` attribute (no offset: read as UTC, and the summary says so) | any `<failure>`/`<error>` element, or a `failures`/`errors` count above zero; skipped tests are not failures; a report of no tests is informational |
//! | CycloneDX JSON 1.4–1.6 ([`cyclonedx`]) | `"bomFormat": "CycloneDX"` | `metadata.timestamp` | a vulnerability whose `analysis.state` is `exploitable` or `in_triage`, or that has no analysis; a BOM without `vulnerabilities` is an SBOM: informational |
//! | OCSF Compliance Finding ([`ocsf`]) | objects with `class_uid` (one, an array, or JSON lines); 2003 required | latest `time` (epoch ms), else `finding_info.created_time` | `compliance.status_id` 3 or `compliance.status` "Fail"; passing only when every finding is Pass or Warning |
//! | in-toto Statement / DSSE envelope ([`intoto`]) | `_type` `https://in-toto.io/Statement/…`, or `payloadType` + `payload` | SLSA provenance finish time (else start time); none for other predicates | a test-result predicate with `result` FAILED; other predicates are informational; signatures are not verified |
//! | OSCAL assessment results ([`oscal`]) | root key `assessment-results` | latest result `end`, else latest `start`, else `metadata.last-modified` | a finding whose target status state is `not-satisfied` |
//!
//! Anything else is [`IngestError::NotRecognised`], listing these formats. A file that is
//! recognisably one of them but cannot be read (truncated JSON, an unsupported version, a
//! DOCTYPE in XML) is [`IngestError::Malformed`], naming the file, the line and column where
//! the parser gives one, and what was expected. Other tools' files carry fields we do not know:
//! those are ignored, never refused.

pub mod cyclonedx;
mod detect;
pub mod intoto;
pub mod junit;
pub mod ocsf;
pub mod oscal;
pub mod sarif;
pub mod store;
mod time;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::source::Position;

/// The largest file [`read`] accepts: results of real tools stay far below it, and a parsed
/// JSON tree takes several times the file's size in memory.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The most failure reasons kept per artefact; the rest are counted in one last reason.
pub const MAX_REASONS: usize = 20;

/// What an ingested file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Artefact {
    pub format: Format,
    /// When the artefact says it was made; `None` when it does not say.
    pub collected_at: Option<jiff::Timestamp>,
    pub outcome: Outcome,
    /// The tool that wrote it, when the artefact names one.
    pub tool: Option<Tool>,
    /// One line for people, e.g. "SARIF 2.1.0: 3 results, 1 error (Semgrep OSS 1.95.0)".
    pub summary: String,
}

/// The formats `evidence ingest` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Sarif,
    Junit,
    CycloneDx,
    Ocsf,
    InToto,
    OscalAssessmentResults,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Sarif,
        Format::Junit,
        Format::CycloneDx,
        Format::Ocsf,
        Format::InToto,
        Format::OscalAssessmentResults,
    ];

    /// A stable kebab-case name, for the evidence log and JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::CycloneDx => "cyclonedx",
            Format::Ocsf => "ocsf",
            Format::InToto => "in-toto",
            Format::OscalAssessmentResults => "oscal-assessment-results",
        }
    }

    /// The name people know the format by.
    pub const fn title(self) -> &'static str {
        match self {
            Format::Sarif => "SARIF",
            Format::Junit => "JUnit XML",
            Format::CycloneDx => "CycloneDX",
            Format::Ocsf => "OCSF Compliance Finding",
            Format::InToto => "in-toto",
            Format::OscalAssessmentResults => "OSCAL assessment results",
        }
    }

    /// The format in a few words, for the list of what is read.
    pub const fn described(self) -> &'static str {
        match self {
            Format::Sarif => "SARIF 2.1.0",
            Format::Junit => "JUnit XML",
            Format::CycloneDx => "CycloneDX JSON 1.4-1.6",
            Format::Ocsf => "OCSF Compliance Finding (class 2003) JSON",
            Format::InToto => "an in-toto Statement or DSSE envelope",
            Format::OscalAssessmentResults => "OSCAL assessment results JSON",
        }
    }

    /// What a file of this format must look like, for error messages.
    pub const fn expected(self) -> &'static str {
        match self {
            Format::Sarif => {
                "a SARIF 2.1.0 log: a JSON object with \"version\": \"2.1.0\" and \"runs\""
            }
            Format::Junit => "a JUnit XML report: a <testsuites> or <testsuite> root element",
            Format::CycloneDx => {
                "a CycloneDX JSON BOM: a JSON object with \"bomFormat\": \"CycloneDX\" and \"specVersion\" 1.4, 1.5 or 1.6"
            }
            Format::Ocsf => {
                "OCSF Compliance Findings: JSON objects with \"class_uid\": 2003 and a \"compliance\" object (one object, an array, or one per line)"
            }
            Format::InToto => {
                "an in-toto Statement (\"_type\": \"https://in-toto.io/Statement/v1\") or a DSSE envelope with \"payloadType\": \"application/vnd.in-toto+json\" and a base64 \"payload\""
            }
            Format::OscalAssessmentResults => {
                "OSCAL assessment results: a JSON object with \"assessment-results\" holding \"metadata\" and \"results\""
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What the artefact shows about the control it is evidence for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The check it records passed.
    Passing,
    /// The check it records failed; the evidence does not support the control.
    Failing { reasons: Vec<String> },
    /// It records facts (an inventory, a provenance) but no pass or fail.
    Informational,
}

impl Outcome {
    /// Failing with at most [`MAX_REASONS`] reasons, the rest counted.
    fn failing(mut reasons: Vec<String>) -> Self {
        if reasons.len() > MAX_REASONS {
            let more = reasons.len() - MAX_REASONS;
            reasons.truncate(MAX_REASONS);
            reasons.push(format!("… and {more} more"));
        }
        Outcome::Failing { reasons }
    }

    pub fn is_failing(&self) -> bool {
        matches!(self, Outcome::Failing { .. })
    }
}

/// The tool that wrote an artefact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: String,
    pub version: Option<String>,
}

impl Tool {
    fn new(name: impl Into<String>, version: Option<impl Into<String>>) -> Option<Self> {
        let name: String = name.into();
        (!name.trim().is_empty()).then(|| Tool {
            name,
            version: version.map(Into::into).filter(|v: &String| !v.is_empty()),
        })
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(v) => write!(f, "{} {v}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Why a file could not be ingested. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: not a format evidence ingest reads; expected one of: {expected}")]
    NotRecognised {
        file: String,
        /// The formats that are read, in words.
        expected: String,
    },

    #[error("{}: {message}; expected {}", place(file, *position), format.expected())]
    Malformed {
        file: String,
        /// Line and column where the parser gives them; `0:0` for the file as a whole.
        position: Position,
        format: Format,
        message: String,
    },

    #[error("{}: {size} bytes is larger than the {limit} bytes evidence ingest reads", file.display())]
    TooLarge {
        file: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("{}: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl IngestError {
    fn not_recognised(file: &str) -> Self {
        IngestError::NotRecognised {
            file: file.to_string(),
            expected: Format::ALL
                .iter()
                .map(|f| f.described())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    fn malformed(
        file: &str,
        format: Format,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        IngestError::Malformed {
            file: file.to_string(),
            position,
            format,
            message: message.into(),
        }
    }

    /// A typed JSON parse that failed: the position and serde's words, without its own
    /// "at line … column …" suffix (the location says it).
    fn from_json(file: &str, format: Format, err: &serde_json::Error) -> Self {
        let position = Position::new(
            u32::try_from(err.line()).unwrap_or(u32::MAX),
            u32::try_from(err.column()).unwrap_or(u32::MAX),
        );
        let message = match err.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends before it is complete (is the file truncated?)".to_string()
            }
            serde_json::error::Category::Syntax => format!("invalid JSON: {}", bare(err)),
            _ => bare(err),
        };
        IngestError::malformed(file, format, position, message)
    }
}

/// `file:line:column`, `file:line` or `file`, the file named as the user gave it.
fn place(file: &str, position: Position) -> String {
    match (position.line, position.column) {
        (0, _) => file.to_string(),
        (line, 0) => format!("{file}:{line}"),
        (line, column) => format!("{file}:{line}:{column}"),
    }
}

/// serde_json's message without the position it appends.
fn bare(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Read a file (at most [`MAX_BYTES`]) and [`parse`] it.
pub fn read(path: &Path) -> Result<Artefact, IngestError> {
    let bytes = read_bytes(path)?;
    parse(&path.to_string_lossy(), &bytes)
}

/// The bytes of a regular file of at most [`MAX_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        file: path.to_path_buf(),
        source,
    };
    // A directory, FIFO or device is not a report (and opening a FIFO would wait forever).
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(too_large(path, size));
    }
    let mut bytes = Vec::new();
    // Bounded again while reading: the file may grow after its size was taken.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64) -> IngestError {
    IngestError::TooLarge {
        file: path.to_path_buf(),
        size,
        limit: MAX_BYTES,
    }
}

/// Recognise the format of `bytes` (named `name` in messages) and read what it says.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match detect::detect(name, bytes)? {
        Format::Sarif => sarif::parse(name, bytes),
        Format::Junit => junit::parse(name, bytes),
        Format::CycloneDx => cyclonedx::parse(name, bytes),
        Format::Ocsf => ocsf::parse(name, bytes),
        Format::InToto => intoto::parse(name, bytes),
        Format::OscalAssessmentResults => oscal::parse(name, bytes),
    }
}

/// "1 error", "3 errors".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// " (tool 1.2.3)" or "".
fn by(tool: &Option<Tool>) -> String {
    tool.as_ref()
        .map_or_else(String::new, |t| format!(" ({t})"))
}

/// At most `max` characters of `text` on one line, for reasons quoting other tools' messages.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}
