//! `collectors/*.yaml`: commands that produce evidence, run by `evidence collect`.
//!
//! ```yaml
//! collectors:
//!   - name: policy-history
//!     description: Who changed which policy, and when
//!     controls: [CL-GOV-01]
//!     command: [git, log, "--format=%H %aI %an %s", --, policies/]
//!     version: [git, --version]
//!     output: auto/policy-history/{date}.txt   # relative to the evidence root
//!     cadence: monthly
//!     timeout: 60s
//!     env: [GH_TOKEN]                           # passed through by name; never written down
//!     workdir: .                                # inside the workspace
//! ```
//!
//! A command runs without a shell (no globbing, no `$VAR`, no pipes), so a collector file cannot
//! smuggle a command line into CI; the collector's standard output is the evidence.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Cadence;
use crate::source::Spanned;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectorFile {
    pub collectors: Vec<Collector>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collector {
    /// Unique in the workspace; `evidence collect NAME` runs it.
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The controls whose evidence it produces.
    pub controls: Vec<Spanned<String>>,
    /// The program and its arguments, run without a shell. `{evidence}` as the program runs this
    /// `evidence` binary (e.g. `[ "{evidence}", status, --format, json ]`); `{date}` and
    /// `{timestamp}` in arguments become the collection time.
    pub command: Spanned<Vec<String>>,
    /// A command printing the tool's version, recorded in the evidence log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Vec<String>>,
    /// Where its output goes, relative to the evidence root. `{date}` becomes the collection
    /// date (YYYY-MM-DD), `{timestamp}` the UTC time (YYYYMMDDTHHMMSSZ).
    pub output: Spanned<String>,
    /// How often it should run; `evidence collect` without names runs the collectors that are
    /// due.
    pub cadence: Cadence,
    /// How long it may run before it is stopped (`30s`, `5m`); default 5 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Timeout>,
    /// Environment variables passed through by name (credentials stay in the CI's secrets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// The directory it runs in, relative to the workspace root; default the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workdir: Option<Spanned<String>>,
}

/// A run-time limit: `30s`, `5m`, `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout(pub std::time::Duration);

impl Timeout {
    pub const DEFAULT: Self = Self(std::time::Duration::from_secs(300));
}

impl FromStr for Timeout {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let expected = || format!("`{s}` is not a timeout; write e.g. 30s, 5m or 1h");
        let duration: jiff::SignedDuration = s.trim().parse().map_err(|_| expected())?;
        let duration = std::time::Duration::try_from(duration).map_err(|_| expected())?;
        if duration.is_zero() {
            return Err(format!(
                "`{s}` is zero; a timeout must be at least a second"
            ));
        }
        Ok(Self(duration))
    }
}

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0.as_secs())
    }
}

impl<'de> Deserialize<'de> for Timeout {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Timeout {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Timeout {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timeout".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "How long a collector may run: 30s, 5m, 1h",
            "examples": ["60s", "5m"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_in_friendly_units() {
        assert_eq!("60s".parse::<Timeout>().unwrap().0.as_secs(), 60);
        assert_eq!("5m".parse::<Timeout>().unwrap().0.as_secs(), 300);
        assert!("0s".parse::<Timeout>().is_err());
        assert!("soon".parse::<Timeout>().is_err());
        assert!("-5s".parse::<Timeout>().is_err());
    }
}
