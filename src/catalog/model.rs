//! The catalog file format: a framework, its roles, and its requirements.
//! Documented for users in `frameworks/README.md`.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::source::Spanned;

/// Tag that marks a requirement as informative (definitions, duties of authorities, final
/// provisions): listed, but never assessed for coverage.
pub const INFORMATIVE_TAG: &str = "not-an-obligation";

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: Spanned<String>,
    pub name: String,
    pub version: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    pub licence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<Date>,
    /// The consolidated version the catalog reflects, e.g. "as amended by Regulation (EU)
    /// 2026/1744 (OJ L, 2026/1744, 24.7.2026)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consolidated: Option<String>,
    /// What a requirement's `text` is when the requirement does not say: the default marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_kind: Option<TextKind>,
    /// Amending acts the catalog has applied, each with the date it entered into force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    pub requirements: Vec<Requirement>,
}

/// What a requirement's `text` is: a quotation of the official text, our summary of it, or a
/// description in our own words (for copyrighted standards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TextKind {
    /// Quoted from the official text; omissions are marked "[…]".
    Verbatim,
    /// Our summary of the official text's operative rule, not a quotation.
    Summary,
    /// Our own words (the source is copyrighted or has no text to quote).
    OwnWords,
}

impl TextKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Summary => "summary",
            Self::OwnWords => "own-words",
        }
    }
}

/// An amending act applied to the catalog.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Short reference used by requirements' `amended_by`, e.g. "2026/1744".
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    /// The date the amending act entered into force: before it, the earlier version applies.
    pub in_force: Date,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a requirement read before an amendment entered into force.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Earlier {
    /// The amendment (an `amendments` id) that changed the requirement.
    pub amendment: Spanned<String>,
    /// The provision did not exist before the amendment (inserted by it).
    #[serde(default, skip_serializing_if = "is_false")]
    pub inserted: bool,
    /// When the provision applied before the amendment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The amendment's entry into force, filled in by the loader from `amendments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Date>,
}

/// When a requirement applies as of a given day, taking its amendment history into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesAsOf<'a> {
    /// The provision applies from this date (or always, if `None`).
    From(Option<Date>),
    /// The provision is inserted by an amendment that is not yet in force on that day.
    NotYetInserted { amendment: &'a str, in_force: Date },
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A heading (function, category, objective, chapter): listed, not assessed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub group: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What `text` is (verbatim, summary, own-words); defaults to the catalog's `text_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_kind: Option<TextKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Roles this requirement binds; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<Date>,
    /// Amendments (ids of the catalog's `amendments`) that changed this requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<Spanned<String>>,
    /// How the requirement read before each amendment entered into force, latest amendment last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Earlier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Requirement {
    pub fn is_informative(&self) -> bool {
        self.tags.iter().any(|t| t == INFORMATIVE_TAG)
    }

    /// Whether coverage is assessed for this requirement at all (before scope and roles).
    pub fn is_assessable(&self) -> bool {
        !self.group && !self.is_informative()
    }

    /// When the requirement applies as of `today`: before an amendment's entry into force the
    /// earlier version's date (or "not yet inserted"), from it on the current `applies_from`.
    pub fn applies_from_as_of(&self, today: Date) -> AppliesAsOf<'_> {
        // The earliest amendment not yet in force on `today` decides how the provision read.
        let pending = self
            .earlier
            .iter()
            .filter_map(|e| e.in_force.map(|d| (d, e)))
            .filter(|(d, _)| *d > today)
            .min_by_key(|(d, _)| *d);
        match pending {
            None => AppliesAsOf::From(self.applies_from),
            Some((in_force, e)) if e.inserted => AppliesAsOf::NotYetInserted {
                amendment: &e.amendment.value,
                in_force,
            },
            Some((_, e)) => AppliesAsOf::From(e.applies_from),
        }
    }
}
