//! OSCAL JSON export: `evidence export oscal MODEL`, in OSCAL 1.1.2 except the mapping
//! collection, a model only OSCAL 1.2 has.
//!
//! One file per model ([`catalog`], [`component`], [`ssp`], [`results`], [`poam`], [`mapping`]);
//! this module holds what they share: the [`Model`] names, the options, errors, and the [`Doc`]
//! context that derives stable UUIDs, OSCAL tokens for requirement IDs, roles for control owners,
//! and the back-matter resources that carry evidence files with their SHA-256 hashes.
//!
//! Stable UUIDs: every UUID is a version-5 UUID of the organisation name and the IDs of what it
//! names, so exporting the same workspace twice gives the same document except `last-modified`
//! (and not even that when `--now` is given).

pub mod catalog;
pub mod component;
mod doc;
pub mod mapping;
pub mod poam;
pub mod results;
pub mod ssp;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

use crate::assessment::Assessment;
use crate::catalog::LoadedCatalog;
use crate::workspace::Workspace;

pub use doc::{Doc, token};

/// The OSCAL version every document declares and is validated against, except the mapping
/// collection ([`mapping::MAPPING_OSCAL_VERSION`]).
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of the properties `evidence` adds (verdicts, coverage, evidence states): not
/// NIST's, so that OSCAL tools do not read them as core properties. An `https` URI, the form
/// OSCAL tools accept (compliance-trestle refuses a URN), naming this crate.
pub const NS: &str = "https://crates.io/crates/evidence-cli#oscal";

/// The OSCAL models `evidence` exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Catalog,
    ComponentDefinition,
    Ssp,
    AssessmentResults,
    Poam,
    MappingCollection,
}

impl Model {
    pub const ALL: [Model; 6] = [
        Self::Catalog,
        Self::ComponentDefinition,
        Self::Ssp,
        Self::AssessmentResults,
        Self::Poam,
        Self::MappingCollection,
    ];

    /// The name used on the command line and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
            Self::ComponentDefinition => "component-definition",
            Self::Ssp => "ssp",
            Self::AssessmentResults => "assessment-results",
            Self::Poam => "poam",
            Self::MappingCollection => "mapping-collection",
        }
    }

    /// The document's root key in OSCAL JSON.
    pub fn root_key(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
            Self::ComponentDefinition => "component-definition",
            Self::Ssp => "system-security-plan",
            Self::AssessmentResults => "assessment-results",
            Self::Poam => "plan-of-action-and-milestones",
            Self::MappingCollection => "mapping-collection",
        }
    }
}

/// What an export is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// One catalog (required for `catalog`, and for `ssp` when several are in scope); `None`
    /// means every catalog in the workspace's scope.
    pub catalog: Option<String>,
    /// The date the workspace is assessed as of.
    pub date: Date,
    /// The documents' `last-modified`.
    pub last_modified: Timestamp,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    UnknownCatalog(#[from] crate::catalog::UnknownFramework),
    #[error("`{model}` needs one catalog: pass --catalog ID (in scope: {in_scope})")]
    CatalogRequired {
        model: &'static str,
        in_scope: String,
    },
    #[error(
        "no framework is in scope: add one to [scope] frameworks in evidence.toml, or pass --catalog ID"
    )]
    NothingInScope,
    #[error(
        "no control maps to a requirement of {catalogs}: an OSCAL {model} needs at least one \
         implemented requirement"
    )]
    NothingImplemented {
        model: &'static str,
        catalogs: String,
    },
    #[error(
        "no control is planned, partial or overdue{scope}: an OSCAL plan of action and milestones \
         needs at least one item"
    )]
    NothingToPlan { scope: String },
    #[error(
        "no crosswalk links {catalogs}: an OSCAL mapping collection needs at least one mapping \
         (see `evidence frameworks crosswalk`)"
    )]
    NothingToMap { catalogs: String },
    /// `evidence check` could not run (an unknown rule in `[rules]`).
    #[error(transparent)]
    Check(#[from] crate::Error),
    #[error("cannot hash evidence {path}: {source}")]
    Hash {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Export `model` of the workspace as assessed in `assessment`, as an OSCAL JSON document.
pub fn export(
    ws: &Workspace,
    assessment: &Assessment,
    model: Model,
    options: &Options,
) -> Result<Value, ExportError> {
    let doc = Doc::new(ws, assessment, options);
    let catalogs = selected_catalogs(ws, options.catalog.as_deref())?;
    let body = match model {
        Model::Catalog => catalog::catalog(&doc, one_catalog(model, &catalogs, ws)?),
        Model::ComponentDefinition => component::component_definition(&doc, &catalogs)?,
        Model::Ssp => ssp::ssp(&doc, one_catalog(model, &catalogs, ws)?)?,
        Model::AssessmentResults => results::assessment_results(&doc, &catalogs)?,
        Model::Poam => poam::poam(&doc, &catalogs, options.catalog.is_some())?,
        Model::MappingCollection => {
            mapping::mapping_collection(&doc, &catalogs, options.catalog.is_some())?
        }
    };
    Ok(serde_json::json!({ model.root_key(): body }))
}

/// The catalog asked for, or every catalog in scope, in `[scope] frameworks` order.
fn selected_catalogs<'w>(
    ws: &'w Workspace,
    id: Option<&str>,
) -> Result<Vec<&'w LoadedCatalog>, ExportError> {
    if let Some(id) = id {
        return Ok(vec![ws.catalogs.get_or_unknown(id)?]);
    }
    let in_scope: Vec<&LoadedCatalog> = ws
        .config
        .frameworks
        .iter()
        .filter_map(|f| ws.catalogs.get(&f.value))
        .collect();
    if in_scope.is_empty() {
        return Err(ExportError::NothingInScope);
    }
    Ok(in_scope)
}

/// Models whose control IDs must resolve against a single catalog.
fn one_catalog<'w>(
    model: Model,
    catalogs: &[&'w LoadedCatalog],
    ws: &Workspace,
) -> Result<&'w LoadedCatalog, ExportError> {
    match catalogs {
        [one] => Ok(one),
        _ => Err(ExportError::CatalogRequired {
            model: model.as_str(),
            in_scope: ws
                .config
                .frameworks
                .iter()
                .map(|f| f.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// A day as an OSCAL date-time (midnight UTC).
pub fn date_time(date: Date) -> String {
    format!("{date}T00:00:00Z")
}
