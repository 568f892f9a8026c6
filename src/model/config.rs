//! `evidence.toml`: the workspace configuration.
//!
//! ```toml
//! [organisation]
//! name = "Clustral AI Labs Pvt. Ltd."
//!
//! [scope]
//! frameworks = ["iso42001", "nist-ai-rmf", "eu-ai-act", "gdpr", "dpdp"]
//! roles = { eu-ai-act = ["provider", "deployer"], gdpr = ["controller", "processor"] }
//!
//! [evidence]
//! root = "evidence"   # where evidence paths in controls are resolved
//! max_age = "1y"      # default freshness of a piece of evidence
//!
//! [review]
//! interval = "1y"     # default time between control reviews
//!
//! [rules]             # per-rule severity: "error", "warning" or "off"
//! review-overdue = "error"
//!
//! [risk]              # the risk register's scale (optional)
//! scale = 5           # likelihood and impact are scored from 1 to 5
//! appetite = 8        # the highest residual score (likelihood × impact) accepted without sign-off
//!
//! [audit]             # the period an audit covers (optional; `check --audit-period` overrides)
//! period = "2026-01-01..2026-12-31"
//!
//! [report]            # the header of every rendered report (all optional)
//! version = "1.4"
//! prepared_by = "Priya Raman, Compliance Lead"
//! approved_by = "Arjun Mehta, CEO"
//! approved_on = 2026-10-15
//! next_review = 2027-10-15
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Period;
use crate::diag::{Diagnostic, InputCode};
use crate::source::{Location, Position, Spanned};

pub const FILE_NAME: &str = "evidence.toml";

/// The validated configuration, with positions for everything a finding may point at.
#[derive(Debug, Clone)]
pub struct Config {
    pub organisation: Organisation,
    /// Frameworks in scope, in the order written.
    pub frameworks: Vec<Spanned<String>>,
    /// Roles the organisation holds per framework (e.g. `gdpr = ["controller"]`).
    pub roles: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
    pub evidence_root: PathBuf,
    pub evidence_max_age: Period,
    pub review_interval: Period,
    /// Severity overrides, keyed by rule code as written.
    pub rules: Vec<(Spanned<String>, Spanned<SeverityOverride>)>,
    /// Document control for rendered reports.
    pub report: ReportMeta,
    /// The risk register's scale and appetite.
    pub risk: RiskScale,
    /// The audit period every cadence window of recurring evidence is checked over.
    pub audit_period: Option<super::cadence::AuditPeriod>,
}

/// `[risk]`: the scale likelihood and impact are scored on, and the risk appetite.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskScale {
    /// Likelihood and impact are each scored from 1 to `scale` (3 to 10; default 5).
    #[serde(default = "default_scale")]
    pub scale: u8,
    /// The highest residual score (likelihood × impact) within appetite (default 8 of 25).
    #[serde(default = "default_appetite")]
    pub appetite: u16,
}

impl Default for RiskScale {
    fn default() -> Self {
        Self {
            scale: default_scale(),
            appetite: default_appetite(),
        }
    }
}

fn default_scale() -> u8 {
    5
}

fn default_appetite() -> u16 {
    8
}

/// `[report]`: document control shown in the header of every report.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    /// The document version, e.g. "1.4".
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub prepared_by: Option<String>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default, deserialize_with = "toml_date")]
    pub approved_on: Option<jiff::civil::Date>,
    #[serde(default, deserialize_with = "toml_date")]
    pub next_review: Option<jiff::civil::Date>,
}

/// A TOML date (`2026-10-15`) or a string holding one (`"2026-10-15"`).
fn toml_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<jiff::civil::Date>, D::Error> {
    use serde::de::Error as _;
    let text = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "expected a date such as 2026-10-15, found {}",
                other.type_str()
            )));
        }
    };
    text.parse()
        .map(Some)
        .map_err(|e| D::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD): {e}")))
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The name reports and the trust page use.
    pub name: String,
    /// The registered legal entity, if different.
    #[serde(default)]
    pub legal_name: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityOverride {
    Error,
    Warning,
    Off,
}

impl Config {
    pub fn roles_for(&self, framework: &str) -> &[Spanned<String>] {
        self.roles
            .iter()
            .find(|(fw, _)| fw.value == framework)
            .map_or(&[], |(_, roles)| roles.as_slice())
    }

    pub fn in_scope(&self, framework: &str) -> bool {
        self.frameworks.iter().any(|f| f.value == framework)
    }

    /// Parse `evidence.toml`; `file` is the path shown in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Self, Diagnostic> {
        refuse_deep_keys(file, text)?;
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let position = e
                .span()
                .map_or(Position::default(), |s| Position::of_byte_range(text, s));
            let message = e.message().trim();
            Diagnostic::input(
                InputCode::of_serde_message(message),
                Location::new(file, position),
                message,
            )
        })?;
        let risk = raw.risk.get_ref();
        if !(3..=10).contains(&risk.scale) || risk.appetite > u16::from(risk.scale).pow(2) {
            let position = Position::of_byte_offset(text, raw.risk.span().start);
            return Err(Diagnostic::input(
                InputCode::InvalidValue,
                Location::new(file, position),
                format!(
                    "[risk] scale must be from 3 to 10 and appetite at most scale × scale; \
                     found scale {} and appetite {}",
                    risk.scale, risk.appetite
                ),
            ));
        }
        Ok(raw.into_config(text))
    }
}

/// The most parts a dotted key (`a.b.c`) or nested table header may have. evidence.toml needs
/// three; the TOML parser gives up on tens of thousands with "recursion limit" and no place.
const MAX_KEY_PARTS: usize = 32;

/// Refuse a key of more than [`MAX_KEY_PARTS`] parts, naming its line, before the TOML parser
/// recurses into it. Dots inside quoted strings are not counted.
fn refuse_deep_keys(file: &Path, text: &str) -> Result<(), Diagnostic> {
    for (i, line) in text.lines().enumerate() {
        let mut parts = 1;
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '=' | '#') => break,
                (None, '.') => parts += 1,
                _ => {}
            }
        }
        if parts > MAX_KEY_PARTS {
            let position = Position::new(u32::try_from(i + 1).unwrap_or(u32::MAX), 1);
            return Err(Diagnostic::input(
                InputCode::Syntax,
                Location::new(file, position),
                format!(
                    "a key of {parts} dotted parts; keys in evidence.toml have at most {MAX_KEY_PARTS}"
                ),
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    organisation: Organisation,
    scope: RawScope,
    #[serde(default)]
    evidence: RawEvidence,
    #[serde(default)]
    review: RawReview,
    #[serde(default)]
    rules: BTreeMap<toml::Spanned<String>, toml::Spanned<SeverityOverride>>,
    #[serde(default)]
    report: ReportMeta,
    #[serde(default = "default_risk")]
    risk: toml::Spanned<RiskScale>,
    #[serde(default)]
    audit: RawAudit,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    #[serde(default)]
    period: Option<super::cadence::AuditPeriod>,
}

fn default_risk() -> toml::Spanned<RiskScale> {
    toml::Spanned::new(0..0, RiskScale::default())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    frameworks: Vec<toml::Spanned<String>>,
    #[serde(default)]
    roles: BTreeMap<toml::Spanned<String>, Vec<toml::Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    #[serde(default = "default_evidence_root")]
    root: PathBuf,
    #[serde(default = "default_max_age")]
    max_age: Period,
}

impl Default for RawEvidence {
    fn default() -> Self {
        Self {
            root: default_evidence_root(),
            max_age: default_max_age(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    #[serde(default = "default_review_interval")]
    interval: Period,
}

impl Default for RawReview {
    fn default() -> Self {
        Self {
            interval: default_review_interval(),
        }
    }
}

fn default_evidence_root() -> PathBuf {
    PathBuf::from("evidence")
}

/// Drata's default renewal period; Auditree keeps external evidence a year as well.
fn default_max_age() -> Period {
    Period::years(1)
}

/// ISO/IEC 42001 expects planned intervals; a year is the common choice for control reviews.
fn default_review_interval() -> Period {
    Period::years(1)
}

impl RawConfig {
    fn into_config(self, text: &str) -> Config {
        fn at<T>(text: &str, s: &toml::Spanned<T>) -> Position {
            Position::of_byte_range(text, s.span())
        }
        let spanned = |s: toml::Spanned<String>| {
            let position = at(text, &s);
            Spanned::new(s.into_inner(), position)
        };
        let rules = self
            .rules
            .into_iter()
            .map(|(k, v)| {
                let value = Spanned::new(*v.get_ref(), at(text, &v));
                (spanned(k), value)
            })
            .collect();
        Config {
            organisation: self.organisation,
            frameworks: self.scope.frameworks.into_iter().map(spanned).collect(),
            roles: self
                .scope
                .roles
                .into_iter()
                .map(|(fw, roles)| (spanned(fw), roles.into_iter().map(spanned).collect()))
                .collect(),
            evidence_root: self.evidence.root,
            evidence_max_age: self.evidence.max_age,
            review_interval: self.review.interval,
            rules,
            report: self.report,
            risk: self.risk.into_inner(),
            audit_period: self.audit.period,
        }
    }
}

#[cfg(test)]
mod deep_key_tests {
    use super::*;

    #[test]
    fn a_key_of_thousands_of_parts_is_refused_at_its_line() {
        let key = vec!["a"; 50_000].join(".");
        let text = format!("[organisation]\nname = \"X\"\n{key} = 1\n");
        let err = refuse_deep_keys(Path::new("evidence.toml"), &text).unwrap_err();
        assert_eq!(err.location.position.line, 3);
        assert!(
            err.message.contains("50000 dotted parts"),
            "{}",
            err.message
        );
        // Dots in values, quoted keys and comments are not parts.
        let fine = "[scope.roles]\nx = \"a.b.c.d\"\n\"a.b.c.d.e.f\" = 1 # a.b.c\n";
        assert!(refuse_deep_keys(Path::new("evidence.toml"), fine).is_ok());
    }
}
