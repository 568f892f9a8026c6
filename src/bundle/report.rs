//! What the bundle commands print, built here so that the CLI only parses arguments and prints:
//! the JSON reports of `bundle verify` and `bundle inspect` and of a failure, the escaping of
//! untrusted text in them, and the parsing of the time values the commands take.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::code::{Code, Failure, Result};
use super::inspect::Inspection;
use super::manifest::{self, AuditPeriod, CheckSummary, Manifest};
use super::verify::{Signer, Verified};

/// `--format json` of a bundle command that failed.
#[derive(Debug, Serialize)]
pub struct FailureReport<'a> {
    pub verified: bool,
    /// The process's exit code (1 invalid, 2 unusable input).
    pub exit: u8,
    pub error: FailureDetail<'a>,
}

#[derive(Debug, Serialize)]
pub struct FailureDetail<'a> {
    pub code: &'static str,
    pub subject: &'a Option<String>,
    pub message: &'a str,
}

impl<'a> FailureReport<'a> {
    pub fn new(failure: &'a Failure, exit: u8) -> Self {
        Self {
            verified: false,
            exit,
            error: FailureDetail {
                code: failure.code.as_str(),
                subject: &failure.subject,
                message: &failure.message,
            },
        }
    }
}

/// `bundle verify --format json` of a bundle that verified.
#[derive(Debug, Serialize)]
pub struct VerifiedReport<'a> {
    pub verified: bool,
    pub exit: u8,
    pub bundle: String,
    pub bundle_id: &'a str,
    pub sequence: u64,
    pub supersedes: &'a Option<String>,
    pub organisation: &'a str,
    pub created_at: &'a str,
    pub expires_at: &'a Option<String>,
    pub verified_at: String,
    pub manifest_sha256: String,
    pub files: usize,
    pub bytes: u64,
    pub check: CheckSummary,
    pub threshold: usize,
    pub signatures: &'a [Signer],
}

impl<'a> VerifiedReport<'a> {
    /// The report of `verified`, read from `path` and verified as of `at`.
    pub fn new(path: &Path, verified: &'a Verified, at: jiff::Timestamp) -> Self {
        let m = &verified.manifest.manifest;
        Self {
            verified: true,
            exit: 0,
            bundle: path.display().to_string(),
            bundle_id: &m.bundle_id,
            sequence: m.sequence,
            supersedes: &m.supersedes,
            organisation: &m.organisation,
            created_at: &m.created_at,
            expires_at: &m.expires_at,
            verified_at: manifest::format_timestamp(at),
            manifest_sha256: verified.manifest.digest(),
            files: verified.files,
            bytes: verified.bytes,
            check: m.check,
            threshold: verified.threshold,
            signatures: &verified.signers,
        }
    }
}

/// `bundle inspect --format json`: the bundle's claims, unverified, and said to be so.
#[derive(Debug, Serialize)]
pub struct InspectReport<'a> {
    pub verified: bool,
    pub note: &'static str,
    pub manifest: &'a Manifest,
    pub manifest_sha256: String,
    pub signature_keyids: &'a [String],
    /// Control id (empty for workspace files that no control cites) to the paths of its files.
    pub by_control: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> InspectReport<'a> {
    pub fn new(inspection: &'a Inspection) -> Self {
        Self {
            verified: false,
            note: "NOT VERIFIED: these are the bundle's claims; run `evidence bundle verify`",
            manifest: &inspection.manifest.manifest,
            manifest_sha256: inspection.manifest.digest(),
            signature_keyids: &inspection.signature_keyids,
            by_control: inspection
                .by_control()
                .into_iter()
                .map(|(c, files)| (c, files.iter().map(|f| f.path.as_str()).collect()))
                .collect(),
        }
    }
}

/// A report as printed: pretty JSON with invisible characters escaped, and a final newline.
pub fn to_json_text(report: &impl Serialize) -> serde_json::Result<String> {
    let value = serde_json::to_value(report)?;
    let mut text = escape_invisible(&serde_json::to_string_pretty(&value)?);
    text.push('\n');
    Ok(text)
}

/// JSON text with every invisible character (C1 controls such as U+009B, bidi controls, other
/// format and default-ignorable characters) written as a `\\uXXXX` escape: the same JSON
/// value, which cannot draw on a terminal. (serde_json escapes only C0 controls.) Such
/// characters never occur in JSON syntax outside strings, so escaping them anywhere is exact.
fn escape_invisible(text: &str) -> String {
    if !text.chars().any(crate::terminal::is_invisible) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if crate::terminal::is_invisible(c) && !matches!(c, '\n' | '\t') {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ------------------------------------------------------------------------------------------------
// Time values

fn usage(message: impl Into<String>) -> Failure {
    Failure::new(Code::Usage, message)
}

/// Now, to the second: the format records times to the second.
pub fn now() -> jiff::Timestamp {
    to_the_second(jiff::Timestamp::now()).unwrap_or_else(|_| jiff::Timestamp::now())
}

/// `at` without its fraction of a second.
pub fn to_the_second(at: jiff::Timestamp) -> Result<jiff::Timestamp> {
    jiff::Timestamp::from_second(at.as_second()).map_err(|e| usage(e.to_string()))
}

/// `--expires`: a span after `from` (90d, 1y, 18 months), or `never`.
pub fn parse_expiry(text: &str, from: jiff::Timestamp) -> Result<Option<jiff::Timestamp>> {
    if text == "never" {
        return Ok(None);
    }
    let span: jiff::Span = text
        .parse()
        .map_err(|e| usage(format!("--expires {text:?}: {e} (try 90d, 1y or never)")))?;
    let at = from
        .to_zoned(jiff::tz::TimeZone::UTC)
        .checked_add(span)
        .map_err(|e| usage(format!("--expires {text:?}: {e}")))?
        .timestamp();
    Ok(Some(at))
}

/// `--audit-period`: START..END, two dates.
pub fn parse_period(text: &str) -> Result<AuditPeriod> {
    let (start, end) = text
        .split_once("..")
        .ok_or_else(|| usage("--audit-period is START..END, e.g. 2026-01-01..2026-12-31"))?;
    for d in [start, end] {
        manifest::parse_date(d).map_err(|e| usage(format!("--audit-period: {e}")))?;
    }
    Ok(AuditPeriod {
        start: start.to_string(),
        end: end.to_string(),
    })
}

/// `--at`: RFC 3339, or a plain date (midnight UTC).
pub fn parse_time(s: &str) -> Result<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    s.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            usage(format!(
                "--at {s:?}: expected RFC 3339 (2026-05-01T12:00:00Z) or a date"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_a_span_or_never() {
        let from: jiff::Timestamp = "2026-01-31T00:00:00Z".parse().unwrap();
        assert_eq!(parse_expiry("never", from).unwrap(), None);
        assert_eq!(
            parse_expiry("1 month", from).unwrap().unwrap().to_string(),
            "2026-02-28T00:00:00Z"
        );
        assert_eq!(parse_expiry("soon", from).unwrap_err().code, Code::Usage);
    }

    #[test]
    fn at_is_a_time_or_a_date_at_midnight_utc() {
        assert_eq!(
            parse_time("2026-05-01").unwrap().to_string(),
            "2026-05-01T00:00:00Z"
        );
        assert_eq!(
            parse_time("2026-05-01T12:00:00Z").unwrap().to_string(),
            "2026-05-01T12:00:00Z"
        );
        assert_eq!(parse_time("May 1").unwrap_err().code, Code::Usage);
    }

    #[test]
    fn audit_period_needs_two_dates() {
        let p = parse_period("2026-01-01..2026-12-31").unwrap();
        assert_eq!(
            (p.start.as_str(), p.end.as_str()),
            ("2026-01-01", "2026-12-31")
        );
        assert!(parse_period("2026-01-01").is_err());
        assert!(parse_period("2026-01-01..someday").is_err());
    }

    #[test]
    fn invisible_characters_are_escaped_in_json_text() {
        let text = to_json_text(&serde_json::json!({"name": "a\u{202e}b\u{9b}"})).unwrap();
        assert_eq!(text, "{\n  \"name\": \"a\\u202eb\\u009b\"\n}\n");
    }
}
