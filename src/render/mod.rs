//! Reports rendered from the workspace: the Statement of Applicability ([`soa`]), the records of
//! processing ([`ropa`]) and the public trust pack ([`trustpage`]).
//!
//! Every report is built in two steps: a view model (plain serialisable data, computed from the
//! workspace only, so that the reports never disagree), then a format. JSON is the view model
//! itself; Markdown and HTML come from minijinja templates (`templates/`, embedded in the binary; a
//! file of the same name in the workspace's `templates/` overrides it); CSV and XLSX are built
//! with the csv and rust_xlsxwriter crates, never with templates, so cells are quoted properly
//! and formula-like cells are neutralised.
//!
//! Output is deterministic: the same workspace and `--now` give the same bytes.

pub mod feed;
pub mod register;
pub mod ropa;
pub mod soa;
pub mod system_docs;
pub mod trustpage;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::{Assessment, CollectedFrom, EvidenceItem, EvidenceState};
use crate::catalog::LoadedCatalog;
use crate::embedded;
use crate::workspace::Workspace;

/// Where a workspace keeps its template overrides.
pub const TEMPLATES_DIR: &str = "templates";

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    UnknownFramework(#[from] crate::catalog::UnknownFramework),
    #[error("no AI system `{id}` in systems/; known: {known}")]
    UnknownSystem { id: String, known: String },
    #[error("{format} output holds one table: choose {choose}")]
    OneTablePerFormat {
        format: &'static str,
        choose: &'static str,
    },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The formats of the records of processing, the one report offered in every format; the
/// others take a [`DocumentFormat`] (and the SoA CSV too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Xlsx => "xlsx",
        }
    }
}

/// The formats of a report that is one document: its Markdown or HTML template, or its view
/// model as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Markdown,
    Html,
    Json,
}

/// `view` as JSON, or the template `{template}.md` or `{template}.html` rendered with the
/// context `context` makes (only a template needs one).
pub fn document<T: Serialize>(
    ws: &Workspace,
    view: &T,
    format: DocumentFormat,
    template: &str,
    context: impl FnOnce() -> minijinja::Value,
) -> Result<String, RenderError> {
    match format {
        DocumentFormat::Json => json(view),
        DocumentFormat::Markdown => render_template(ws, &format!("{template}.md"), context()),
        DocumentFormat::Html => render_template(ws, &format!("{template}.html"), context()),
    }
}

/// The document-control header every report opens with.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub title: String,
    pub organisation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The frameworks in scope, by name.
    pub scope: Vec<String>,
    /// The framework the report is about, with its edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    pub document_version: Option<String>,
    pub generated_at: Date,
    pub prepared_by: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
    pub next_review: Option<Date>,
}

impl Header {
    pub fn new(
        ws: &Workspace,
        title: &str,
        framework: Option<&LoadedCatalog>,
        today: Date,
    ) -> Self {
        let org = &ws.config.organisation;
        let report = &ws.config.report;
        let scope = ws
            .config
            .frameworks
            .iter()
            .map(|id| {
                ws.catalogs
                    .get(id)
                    .map_or_else(|| id.value.clone(), catalog_label)
            })
            .collect();
        Self {
            title: title.to_string(),
            organisation: org.name.clone(),
            legal_name: org.legal_name.clone(),
            website: org.website.clone(),
            scope,
            framework: framework.map(catalog_label),
            document_version: report.version.clone(),
            generated_at: today,
            prepared_by: report.prepared_by.clone(),
            approved_by: report.approved_by.clone(),
            approved_on: report.approved_on,
            next_review: report.next_review,
        }
    }
}

/// "ISO/IEC 42001 AI management system (2023)".
pub fn catalog_label(c: &LoadedCatalog) -> String {
    format!("{} ({})", c.catalog.name, c.catalog.version)
}

/// Render the template `name` (e.g. `trust-pack.html`) with `context`.
pub fn render_template(
    ws: &Workspace,
    name: &str,
    context: minijinja::Value,
) -> Result<String, RenderError> {
    let env = environment(&ws.root);
    let fail = |e: minijinja::Error| RenderError::Template {
        name: name.to_string(),
        message: describe(&e),
    };
    let template = env.get_template(name).map_err(fail)?;
    let mut out = template.render(context).map_err(fail)?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn describe(e: &minijinja::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}

/// A minijinja environment whose templates come from the workspace's `templates/` first, then
/// from the built-in ones. HTML templates (`*.html`) are auto-escaped; Markdown ones use the
/// `md` filter.
pub fn environment(root: &Path) -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    let overrides = root.join(TEMPLATES_DIR);
    env.set_loader(move |name| load_template(&overrides, name));
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("md", markdown_escape);
    env.add_filter("paragraphs", paragraphs);
    env.add_filter("href", href);
    env
}

fn load_template(overrides: &Path, name: &str) -> Result<Option<String>, minijinja::Error> {
    // Template names are file names: no folders, no way out of templates/.
    if name.contains(['/', '\\']) || name.starts_with('.') {
        return Ok(None);
    }
    let own: PathBuf = overrides.join(name);
    if own.is_file() {
        return std::fs::read_to_string(&own).map(Some).map_err(|e| {
            minijinja::Error::new(
                minijinja::ErrorKind::TemplateNotFound,
                format!(
                    "cannot read {}: {}",
                    own.display(),
                    crate::files::io_reason(&e)
                ),
            )
        });
    }
    let builtin = format!("{TEMPLATES_DIR}/{name}");
    Ok(embedded::BUILTIN_TEMPLATES
        .iter()
        .find(|(path, _)| *path == builtin)
        .map(|(_, text)| (*text).to_string()))
}

/// Escape text for Markdown, inline or in a table cell: characters with meaning in Markdown or
/// raw HTML are backslash-escaped, and line breaks become spaces so that a cell stays one cell.
pub fn markdown_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last_space = false;
    for (i, c) in value.char_indices() {
        match c {
            '\r' | '\n' => {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Only what a renderer would read as a character reference ("&copy;", "&#169;"):
            // a plain "Security & Compliance" stays as written.
            '&' if starts_entity(&value[i + 1..]) => out.push_str("&amp;"),
            _ => out.push(c),
        }
        last_space = c == ' ';
    }
    out
}

/// Whether text after `&` reads as a character reference: a name or number, then `;`.
fn starts_entity(rest: &str) -> bool {
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

/// A link target that cannot run script: http(s), mailto and relative paths pass; anything
/// else (`javascript:`, `data:`) becomes `#`.
pub fn href(value: &str) -> String {
    let v = value.trim();
    let scheme = v.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        None | Some("http" | "https" | "mailto") => v.to_string(),
        Some(_) => "#".to_string(),
    }
}

/// Split text into paragraphs at blank lines (for overviews written as YAML block scalars).
fn paragraphs(value: &str) -> Vec<String> {
    value
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Spreadsheet hygiene for report cells: the one guard every CSV and XLSX `evidence` writes uses.
pub use crate::cell::neutralise;

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

/// An evidence item as reports show it, from the assessment: confidential evidence never shows
/// its path.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub description: String,
    /// `None` when the evidence is confidential.
    pub path: Option<String>,
    pub confidential: bool,
    pub collected: Option<Date>,
    /// declared | git | mtime
    pub collected_from: Option<CollectedFrom>,
    /// The first day it is stale.
    pub stale_on: Option<Date>,
    /// fresh | stale | missing | not-a-file | broken-link | from-future | outside-workspace |
    /// undated | failing
    pub state: EvidenceState,
}

impl EvidenceView {
    pub fn new(source: &crate::model::EvidenceSource, item: &EvidenceItem) -> Self {
        Self {
            description: source
                .description
                .clone()
                .unwrap_or_else(|| file_name(&source.path)),
            path: (!source.confidential).then(|| item.path.clone()),
            confidential: source.confidential,
            collected: item.collected,
            collected_from: item.collected_from,
            stale_on: item.stale_on,
            state: item.state,
        }
    }

    /// The views of every evidence item of the control at `index` in [`Workspace::controls`].
    pub fn of_control(ws: &Workspace, assessment: &Assessment, index: usize) -> Vec<Self> {
        ws.controls[index]
            .control
            .evidence
            .iter()
            .zip(&assessment.controls[index].evidence)
            .map(|(source, item)| Self::new(source, item))
            .collect()
    }

    /// One line for CSV and XLSX cells.
    pub fn summary(&self) -> String {
        let when = self
            .collected
            .map_or_else(|| "undated".to_string(), |d| format!("collected {d}"));
        let place = self
            .path
            .clone()
            .unwrap_or_else(|| "confidential, available on request".to_string());
        format!(
            "{} ({place}; {when}; {})",
            self.description,
            self.state.as_str()
        )
    }
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_a_cell_one_cell() {
        assert_eq!(markdown_escape("a | b\nc"), "a \\| b c");
        assert_eq!(
            markdown_escape("<script>*x*</script>"),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
        assert_eq!(markdown_escape("[link](x)"), "\\[link\\](x)");
        assert_eq!(
            markdown_escape("Security & Compliance"),
            "Security & Compliance"
        );
        assert_eq!(
            markdown_escape("&copy; and &#169;"),
            "&amp;copy; and &amp;\\#169;"
        );
    }

    #[test]
    fn template_names_cannot_leave_templates() {
        let dir = Path::new("/nonexistent");
        assert_eq!(load_template(dir, "../evidence.toml").unwrap(), None);
        assert!(load_template(dir, "trust-pack.md").unwrap().is_some());
    }
}
