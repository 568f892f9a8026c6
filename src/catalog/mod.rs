//! Framework catalogs (ISO/IEC 42001, NIST AI RMF, EU AI Act, GDPR, DPDP, ISO/IEC 27001, SOC 2,
//! NIST CSF 2.0, and a workspace's own) and the crosswalks between them.
//!
//! Catalogs are configuration: a malformed catalog stops the command (exit 2) with
//! file:line:column, because every later answer would rest on it.

mod crosswalk;
mod model;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use crosswalk::{Analysis, Crosswalk, Pair, Relationship};
pub use model::{
    Amendment, AppliesAsOf, Catalog, Earlier, INFORMATIVE_TAG, Requirement, Role, TextKind,
};

use crate::diag::{Diagnostic, InputCode};
use crate::embedded;
use crate::error::{Error, InputError, Result};
use crate::files::{Depth, read_text, yaml_files};
use crate::source::{Location, Spanned};

/// Prefix of the display path of files compiled into the binary.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// A validated catalog with an index of its requirements.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    /// Where it was read from (`builtin:frameworks/…` for built-in catalogs).
    pub file: PathBuf,
    index: HashMap<String, usize>,
}

impl LoadedCatalog {
    pub fn id(&self) -> &str {
        &self.catalog.id.value
    }

    pub fn is_builtin(&self) -> bool {
        self.file.to_string_lossy().starts_with(BUILTIN_PREFIX)
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.index.get(id).map(|&i| &self.catalog.requirements[i])
    }

    pub fn requirements(&self) -> &[Requirement] {
        &self.catalog.requirements
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.catalog.roles.iter().any(|r| r.id.value == role)
    }

    /// Requirements assessed for coverage (not headings, not informative).
    pub fn assessable(&self) -> impl Iterator<Item = &Requirement> {
        self.catalog
            .requirements
            .iter()
            .filter(|r| r.is_assessable())
    }
}

#[derive(Debug, Clone)]
pub struct LoadedCrosswalk {
    pub crosswalk: Crosswalk,
    pub file: PathBuf,
}

/// Every catalog and crosswalk available to a command.
#[derive(Debug, Clone, Default)]
pub struct Catalogs {
    catalogs: Vec<LoadedCatalog>,
    crosswalks: Vec<LoadedCrosswalk>,
}

impl Catalogs {
    /// The catalogs and crosswalks compiled into the binary.
    pub fn builtin() -> Result<Self> {
        let mut catalogs = Self::default();
        let mut errors = Vec::new();
        for (path, text) in embedded::BUILTIN_CATALOGS {
            let file = PathBuf::from(format!("{BUILTIN_PREFIX}{path}"));
            if let Err(e) = catalogs.add_catalog(file, text) {
                errors.extend(e);
            }
        }
        for (path, text) in embedded::BUILTIN_CROSSWALKS {
            let file = PathBuf::from(format!("{BUILTIN_PREFIX}{path}"));
            if let Err(e) = catalogs.add_crosswalk(file, text) {
                errors.extend(e);
            }
        }
        into_result(catalogs, errors)
    }

    /// Built-in catalogs plus the workspace's own `frameworks/*.yaml` and
    /// `frameworks/crosswalks/*.yaml`. `root` is the workspace; paths are reported relative to it.
    pub fn with_workspace(root: &Path) -> Result<Self> {
        let mut catalogs = Self::builtin()?;
        let mut errors = Vec::new();
        for rel in yaml_files(root, Path::new("frameworks"), Depth::Top)? {
            let text = read_text(root, &rel)?;
            if let Err(e) = catalogs.add_catalog(rel, &text) {
                errors.extend(e);
            }
        }
        for rel in yaml_files(
            root,
            &Path::new("frameworks").join("crosswalks"),
            Depth::Top,
        )? {
            let text = read_text(root, &rel)?;
            if let Err(e) = catalogs.add_crosswalk(rel, &text) {
                errors.extend(e);
            }
        }
        into_result(catalogs, errors)
    }

    pub fn get(&self, id: &str) -> Option<&LoadedCatalog> {
        self.catalogs.iter().find(|c| c.id() == id)
    }

    /// The catalog `id`, or the error that names the IDs there are.
    pub fn get_or_unknown(&self, id: &str) -> Result<&LoadedCatalog, UnknownFramework> {
        self.get(id).ok_or_else(|| self.unknown(id))
    }

    /// `id` is no catalog's: the error that says so and names the IDs there are.
    pub fn unknown(&self, id: &str) -> UnknownFramework {
        UnknownFramework {
            id: id.to_string(),
            known: self.ids().join(", "),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &LoadedCatalog> {
        self.catalogs.iter()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.catalogs.iter().map(LoadedCatalog::id).collect()
    }

    pub fn crosswalks(&self) -> &[LoadedCrosswalk] {
        &self.crosswalks
    }

    /// Every pair of every crosswalk, with the crosswalk it belongs to.
    fn every_pair(&self) -> impl Iterator<Item = (&LoadedCrosswalk, &crosswalk::Pair)> {
        self.crosswalks.iter().flat_map(|loaded| {
            loaded
                .crosswalk
                .pairs
                .iter()
                .map(move |pair| (loaded, pair))
        })
    }

    /// Pairs from catalog `from` to catalog `to`, in either stored direction (a crosswalk stored
    /// as `to → from` is read backwards, with the relationship inverted).
    pub fn crosswalk_pairs(&self, from: &str, to: &str) -> Vec<CrosswalkPair<'_>> {
        self.every_pair()
            .filter_map(|(loaded, pair)| {
                let cw = &loaded.crosswalk;
                if cw.from.value == from && cw.to.value == to {
                    Some(CrosswalkPair::forward(loaded, pair))
                } else if cw.from.value == to && cw.to.value == from {
                    Some(CrosswalkPair::backward(loaded, pair))
                } else {
                    None
                }
            })
            .collect()
    }

    /// Requirements of other catalogs that a crosswalk links to `(framework, requirement)`.
    pub fn related(&self, framework: &str, requirement: &str) -> Vec<RelatedRequirement<'_>> {
        self.every_pair()
            .filter_map(|(loaded, pair)| {
                let cw = &loaded.crosswalk;
                if cw.from.value == framework && pair.from.value == requirement {
                    Some(RelatedRequirement {
                        framework: &cw.to.value,
                        requirement: &pair.to.value,
                        relationship: pair.relationship,
                    })
                } else if cw.to.value == framework && pair.to.value == requirement {
                    Some(RelatedRequirement {
                        framework: &cw.from.value,
                        requirement: &pair.from.value,
                        relationship: pair.relationship.inverse(),
                    })
                } else {
                    None
                }
            })
            .collect()
    }

    fn add_catalog(&mut self, file: PathBuf, text: &str) -> Result<(), Vec<InputError>> {
        let catalog: Catalog = crate::yaml::parse(&file, text).map_err(|e| vec![e])?;
        if let Some(existing) = self.get(&catalog.id) {
            let message = format!(
                "catalog id `{}` is already defined in {}; choose another id",
                catalog.id.value,
                existing.file.display()
            );
            return Err(vec![Diagnostic::input(
                InputCode::DuplicateDefinition,
                Location::new(&file, catalog.id.position),
                message,
            )]);
        }
        let index = validate_catalog(&file, &catalog)?;
        let mut catalog = catalog;
        resolve_catalog(&mut catalog);
        self.catalogs.push(LoadedCatalog {
            catalog,
            file,
            index,
        });
        Ok(())
    }

    fn add_crosswalk(&mut self, file: PathBuf, text: &str) -> Result<(), Vec<InputError>> {
        let crosswalk: Crosswalk = crate::yaml::parse(&file, text).map_err(|e| vec![e])?;
        self.validate_crosswalk(&file, &crosswalk)?;
        self.crosswalks.push(LoadedCrosswalk { crosswalk, file });
        Ok(())
    }

    fn validate_crosswalk(&self, file: &Path, cw: &Crosswalk) -> Result<(), Vec<InputError>> {
        let mut errors = Vec::new();
        let from = self.get(&cw.from);
        let to = self.get(&cw.to);
        for (side, catalog) in [(&cw.from, from), (&cw.to, to)] {
            if catalog.is_none() {
                let message = format!("unknown catalog `{}`", side.value);
                errors.push(Diagnostic::input(
                    InputCode::DanglingReference,
                    Location::new(file, side.position),
                    message,
                ));
            }
        }
        if let (Some(from), Some(to)) = (from, to) {
            for pair in &cw.pairs {
                for (id, catalog) in [(&pair.from, from), (&pair.to, to)] {
                    if catalog.requirement(id).is_none() {
                        let message =
                            format!("`{}` is not a requirement of `{}`", id.value, catalog.id());
                        errors.push(Diagnostic::input(
                            InputCode::DanglingReference,
                            Location::new(file, id.position),
                            message,
                        ));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A framework ID that no catalog has: said the same way by every command that takes one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown framework `{id}`; known: {known}")]
pub struct UnknownFramework {
    pub id: String,
    /// The IDs there are, comma-separated, for the user to choose from.
    pub known: String,
}

/// A crosswalk pair oriented as the caller asked.
#[derive(Debug, Clone, Copy)]
pub struct CrosswalkPair<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub relationship: Relationship,
    pub crosswalk: &'a LoadedCrosswalk,
}

impl<'a> CrosswalkPair<'a> {
    fn forward(crosswalk: &'a LoadedCrosswalk, pair: &'a Pair) -> Self {
        Self {
            from: &pair.from,
            to: &pair.to,
            relationship: pair.relationship,
            crosswalk,
        }
    }

    fn backward(crosswalk: &'a LoadedCrosswalk, pair: &'a Pair) -> Self {
        Self {
            from: &pair.to,
            to: &pair.from,
            relationship: pair.relationship.inverse(),
            crosswalk,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelatedRequirement<'a> {
    pub framework: &'a str,
    pub requirement: &'a str,
    pub relationship: Relationship,
}

/// Unique IDs, parents that exist and come first, roles that are declared.
fn validate_catalog(
    file: &Path,
    catalog: &Catalog,
) -> Result<HashMap<String, usize>, Vec<InputError>> {
    let mut errors = Vec::new();
    let at = |pos| Location::new(file, pos);
    // An amendment or requirement ID given twice.
    let duplicate = |kind: &str, id: &Spanned<String>| {
        Diagnostic::input(
            InputCode::DuplicateDefinition,
            at(id.position),
            format!("duplicate {kind} id `{}`", id.value),
        )
    };
    // A requirement naming an amendment or a role the catalog does not declare.
    let undeclared = |kind: &str, name: &Spanned<String>| {
        Diagnostic::input(
            InputCode::DanglingReference,
            at(name.position),
            format!(
                "{kind} `{}` is not declared in the catalog's `{kind}s`",
                name.value
            ),
        )
    };
    if !is_kebab_case(&catalog.id) {
        errors.push(Diagnostic::input(
            InputCode::InvalidValue,
            at(catalog.id.position),
            format!(
                "catalog id `{}` must be kebab-case (a-z, 0-9, -)",
                catalog.id.value
            ),
        ));
    }
    let roles: HashSet<&str> = catalog.roles.iter().map(|r| r.id.value.as_str()).collect();
    let mut amendments: HashMap<&str, &Amendment> = HashMap::new();
    for a in &catalog.amendments {
        if amendments.insert(a.id.value.as_str(), a).is_some() {
            errors.push(duplicate("amendment", &a.id));
        }
    }
    let mut index = HashMap::new();
    for (i, req) in catalog.requirements.iter().enumerate() {
        errors.extend(validate_text(file, catalog, req));
        for id in &req.amended_by {
            if !amendments.contains_key(id.value.as_str()) {
                errors.push(undeclared("amendment", id));
            }
        }
        for e in &req.earlier {
            match amendments.get(e.amendment.value.as_str()) {
                None => errors.push(undeclared("amendment", &e.amendment)),
                Some(a) => {
                    if !req
                        .amended_by
                        .iter()
                        .any(|id| id.value == e.amendment.value)
                    {
                        let message = format!(
                            "`{}` has an earlier version under amendment `{}` but does not list it in `amended_by`",
                            req.id.value, e.amendment.value
                        );
                        errors.push(Diagnostic::input(
                            InputCode::InconsistentDefinition,
                            at(e.amendment.position),
                            message,
                        ));
                    }
                    if e.in_force.is_some_and(|d| d != a.in_force) {
                        let message = format!(
                            "`in_force` must be {} (the entry into force of amendment `{}`), or be left out",
                            a.in_force, e.amendment.value
                        );
                        errors.push(Diagnostic::input(
                            InputCode::InconsistentDefinition,
                            at(e.amendment.position),
                            message,
                        ));
                    }
                }
            }
            if e.inserted && e.applies_from.is_some() {
                let message = format!(
                    "`{}`: an earlier version marked `inserted` (the provision did not exist) cannot have `applies_from`",
                    req.id.value
                );
                errors.push(Diagnostic::input(
                    InputCode::InconsistentDefinition,
                    at(e.amendment.position),
                    message,
                ));
            }
        }
        if let Some(parent) = &req.parent
            && !index.contains_key(&parent.value)
        {
            let message = format!(
                "parent `{}` of `{}` is not a requirement defined above it",
                parent.value, req.id.value
            );
            errors.push(Diagnostic::input(
                InputCode::DanglingReference,
                at(parent.position),
                message,
            ));
        }
        for role in &req.roles {
            if !roles.contains(role.value.as_str()) {
                errors.push(undeclared("role", role));
            }
        }
        if index.insert(req.id.value.clone(), i).is_some() {
            errors.push(duplicate("requirement", &req.id));
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(errors)
    }
}

/// A requirement's text must say what it is (verbatim, summary, own-words), and a verbatim
/// quotation marks its omissions as "[…]".
fn validate_text(file: &Path, catalog: &Catalog, req: &Requirement) -> Vec<InputError> {
    let at = Location::new(file, req.id.position);
    let mut errors = Vec::new();
    match (&req.text, req.text_kind.or(catalog.text_kind)) {
        (Some(_), None) => errors.push(Diagnostic::input(InputCode::InconsistentDefinition,
            at,
            format!(
                "`{}` has a `text` but no `text_kind` (verbatim, summary or own-words); set it on the requirement or as the catalog's default",
                req.id.value
            ),
        )),
        (None, _) if req.text_kind.is_some() => errors.push(Diagnostic::input(InputCode::InconsistentDefinition,
            at,
            format!("`{}` has a `text_kind` but no `text`", req.id.value),
        )),
        (Some(text), Some(TextKind::Verbatim)) if has_unmarked_omission(text) => {
            errors.push(Diagnostic::input(InputCode::InvalidValue,
                at,
                format!(
                    "`{}`: a verbatim text marks omissions as \"[…]\", not \"…\" or \"...\"",
                    req.id.value
                ),
            ))
        }
        _ => {}
    }
    errors
}

fn has_unmarked_omission(text: &str) -> bool {
    let marked = text.replace("[…]", "");
    marked.contains('…') || marked.contains("...")
}

/// Fill in what the file leaves to defaults: each text's kind from the catalog's default, each
/// earlier version's entry into force from its amendment.
fn resolve_catalog(catalog: &mut Catalog) {
    let default_kind = catalog.text_kind;
    let in_force: HashMap<String, jiff::civil::Date> = catalog
        .amendments
        .iter()
        .map(|a| (a.id.value.clone(), a.in_force))
        .collect();
    for req in &mut catalog.requirements {
        if req.text.is_some() && req.text_kind.is_none() {
            req.text_kind = default_kind;
        }
        for e in &mut req.earlier {
            if e.in_force.is_none() {
                e.in_force = in_force.get(&e.amendment.value).copied();
            }
        }
    }
}

pub(crate) fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn into_result(catalogs: Catalogs, errors: Vec<InputError>) -> Result<Catalogs> {
    if errors.is_empty() {
        Ok(catalogs)
    } else {
        Err(Error::Input(errors))
    }
}
