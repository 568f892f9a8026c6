//! Crosswalks: typed relationships between the requirements of two catalogs, so that one
//! control's evidence can be reused across frameworks. A crosswalk is a hint for people, never
//! automatic coverage: `check` and `coverage` show it, they do not count it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::Spanned;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub title: String,
    pub source: String,
    pub analysis: Analysis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub pairs: Vec<Pair>,
}

/// Who stands behind a crosswalk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Analysis {
    /// Published by the source named in `source`.
    Published,
    /// The evidence project's own analysis.
    Ours,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub relationship: Relationship,
}

/// Set-theoretic relationships as in NIST OLIR: `subset` means `from` is narrower than `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    Equal,
    Subset,
    Superset,
    Intersect,
    Related,
}

impl Relationship {
    /// The same relationship seen from the other side.
    pub fn inverse(self) -> Self {
        match self {
            Self::Subset => Self::Superset,
            Self::Superset => Self::Subset,
            other => other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "equal",
            Self::Subset => "subset",
            Self::Superset => "superset",
            Self::Intersect => "intersect",
            Self::Related => "related",
        }
    }
}
