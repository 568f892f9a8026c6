//! The Statement of Applicability (ISO/IEC 42001 clause 6.1.3 d; any catalog).
//!
//! One row per Annex A control (iso42001: requirements of kind `control`; other catalogs: every
//! assessable requirement), then the additional controls chosen outside the catalog: workspace
//! controls that map to none of its rows.

use jiff::civil::Date;
use serde::Serialize;

use super::{EvidenceView, Format, Header, RenderError};
use crate::catalog::{LoadedCatalog, Requirement};
use crate::coverage::{MatrixIndex, not_applicable_reason};
use crate::model::scope::Driver;
use crate::model::{Control, ControlStatus};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    pub header: Header,
    pub framework: FrameworkRef,
    /// Catalog rows (Annex A for iso42001).
    pub rows: Vec<SoaRow>,
    /// Workspace controls mapped to none of the rows.
    pub additional: Vec<SoaRow>,
    pub summary: SoaSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRef {
    pub id: String,
    pub name: String,
    pub version: String,
    /// "Annex A controls" or "Requirements".
    pub rows_are: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoaRow {
    pub id: String,
    pub title: String,
    pub applicable: bool,
    /// risk-assessment | legal-or-regulatory | contractual | business
    pub drivers: Vec<Driver>,
    pub inclusion_justification: Option<String>,
    pub exclusion_justification: Option<String>,
    /// implemented | partial | planned | not-implemented; `None` when not applicable.
    pub status: Option<ControlStatus>,
    pub controls: Vec<ControlBrief>,
    pub owners: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    /// The earliest target date of a control not yet implemented.
    pub target: Option<Date>,
    /// The oldest last-review date of its controls.
    pub last_reviewed: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlBrief {
    pub id: String,
    pub title: String,
    pub status: ControlStatus,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SoaSummary {
    pub rows: usize,
    pub applicable: usize,
    pub excluded: usize,
    pub implemented: usize,
    pub partial: usize,
    pub planned: usize,
    pub not_implemented: usize,
    pub additional: usize,
}

/// Build the SoA of `framework` for `ws` as of `today`.
pub fn build(ws: &Workspace, framework: &str, today: Date) -> Result<Soa, RenderError> {
    let catalog = ws
        .catalogs
        .get(framework)
        .ok_or_else(|| RenderError::UnknownFramework {
            id: framework.to_string(),
            known: ws.catalogs.ids().join(", "),
        })?;
    let index = MatrixIndex::new(ws);
    let held: Vec<&str> = ws
        .config
        .roles_for(catalog.id())
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    let annex_a = catalog.id() == "iso42001";
    let selected: Vec<&Requirement> = catalog
        .requirements()
        .iter()
        .filter(|r| {
            if annex_a {
                r.kind.as_deref() == Some("control")
            } else {
                r.is_assessable()
            }
        })
        .collect();
    let rows: Vec<SoaRow> = selected
        .iter()
        .map(|req| requirement_row(ws, &index, catalog, req, &held, today))
        .collect();
    let additional: Vec<SoaRow> = ws
        .controls()
        .filter(|c| !maps_to_any(c, catalog.id(), &selected))
        .map(|c| additional_row(ws, c, today))
        .collect();
    let summary = summarise(&rows, additional.len());
    Ok(Soa {
        header: Header::new(ws, "Statement of Applicability", Some(catalog), today),
        framework: FrameworkRef {
            id: catalog.id().to_string(),
            name: catalog.catalog.name.clone(),
            version: catalog.catalog.version.clone(),
            rows_are: if annex_a {
                "Annex A controls"
            } else {
                "Requirements"
            },
        },
        rows,
        additional,
        summary,
    })
}

pub fn render(
    ws: &Workspace,
    framework: &str,
    today: Date,
    format: Format,
) -> Result<String, RenderError> {
    let soa = build(ws, framework, today)?;
    let context =
        || minijinja::context! { soa => minijinja::Value::from(minijinja::value::Serde(&soa)) };
    match format {
        Format::Json => super::json(&soa),
        Format::Csv => csv(&soa),
        Format::Markdown => super::render_template(ws, "soa.md", context()),
        Format::Html => super::render_template(ws, "soa.html", context()),
        Format::Xlsx => Err(RenderError::UnsupportedFormat {
            report: "Statement of Applicability",
            format: "xlsx",
            offered: "md, html, csv, json",
        }),
    }
}

fn maps_to_any(control: &Control, framework: &str, rows: &[&Requirement]) -> bool {
    control.mappings.iter().any(|m| {
        m.framework.value == framework
            && m.requirements
                .iter()
                .any(|r| rows.iter().any(|row| row.id.value == r.value))
    })
}

fn requirement_row(
    ws: &Workspace,
    index: &MatrixIndex<'_>,
    catalog: &LoadedCatalog,
    req: &Requirement,
    held: &[&str],
    today: Date,
) -> SoaRow {
    let controls = index.controls_for(catalog.id(), &req.id);
    let decision = index.decision_for(catalog.id(), &req.id);
    let justification = decision.and_then(|d| d.justification.as_ref().map(|j| j.value.clone()));
    let (applicable, exclusion) = match not_applicable_reason(req, held, today) {
        Some(reason) => (false, Some(reason)),
        None => match decision {
            Some(d) if !d.applicable.value => (false, justification.clone()),
            _ => (true, None),
        },
    };
    let mut row = row_from_controls(ws, req.id.value.clone(), req.title.clone(), controls, today);
    row.applicable = applicable;
    row.exclusion_justification = exclusion;
    if applicable {
        row.drivers = decision.map(|d| d.drivers.clone()).unwrap_or_default();
        row.inclusion_justification = justification.or_else(|| default_inclusion(controls));
    } else {
        row.status = None;
    }
    row
}

/// Without a recorded decision, the inclusion rests on the controls selected for it.
fn default_inclusion(controls: &[&Control]) -> Option<String> {
    (!controls.is_empty()).then(|| {
        let ids: Vec<&str> = controls.iter().map(|c| c.id.value.as_str()).collect();
        format!("Selected in the control matrix ({})", ids.join(", "))
    })
}

fn additional_row(ws: &Workspace, control: &Control, today: Date) -> SoaRow {
    let mut row = row_from_controls(
        ws,
        control.id.value.clone(),
        control.title.clone(),
        &[control],
        today,
    );
    row.inclusion_justification = control.description.clone();
    row
}

fn row_from_controls(
    ws: &Workspace,
    id: String,
    title: String,
    controls: &[&Control],
    today: Date,
) -> SoaRow {
    let mut owners: Vec<String> = controls
        .iter()
        .filter_map(|c| c.owner.as_ref().map(|o| o.value.clone()))
        .collect();
    owners.sort();
    owners.dedup();
    SoaRow {
        id,
        title,
        applicable: true,
        drivers: Vec::new(),
        inclusion_justification: None,
        exclusion_justification: None,
        status: Some(aggregate_status(controls)),
        controls: controls
            .iter()
            .map(|c| ControlBrief {
                id: c.id.value.clone(),
                title: c.title.clone(),
                status: c.status.value,
                description: c.description.clone(),
            })
            .collect(),
        owners,
        evidence: controls
            .iter()
            .flat_map(|c| c.evidence.iter().map(|e| EvidenceView::new(ws, e, today)))
            .collect(),
        target: controls
            .iter()
            .filter(|c| c.status.value != ControlStatus::Implemented)
            .filter_map(|c| c.target.as_ref().map(|t| t.value))
            .min(),
        last_reviewed: controls
            .iter()
            .filter_map(|c| c.review.as_ref().map(|r| r.last.value))
            .min(),
    }
}

/// All implemented: implemented; some progress: partial; only planned: planned; else not implemented.
fn aggregate_status(controls: &[&Control]) -> ControlStatus {
    let count = |s: ControlStatus| controls.iter().filter(|c| c.status.value == s).count();
    let implemented = count(ControlStatus::Implemented);
    if controls.is_empty() {
        ControlStatus::NotImplemented
    } else if implemented == controls.len() {
        ControlStatus::Implemented
    } else if implemented > 0 || count(ControlStatus::Partial) > 0 {
        ControlStatus::Partial
    } else if count(ControlStatus::Planned) > 0 {
        ControlStatus::Planned
    } else {
        ControlStatus::NotImplemented
    }
}

fn summarise(rows: &[SoaRow], additional: usize) -> SoaSummary {
    let mut s = SoaSummary {
        rows: rows.len(),
        additional,
        ..SoaSummary::default()
    };
    for row in rows {
        if !row.applicable {
            s.excluded += 1;
            continue;
        }
        s.applicable += 1;
        match row.status {
            Some(ControlStatus::Implemented) => s.implemented += 1,
            Some(ControlStatus::Partial) => s.partial += 1,
            Some(ControlStatus::Planned) => s.planned += 1,
            _ => s.not_implemented += 1,
        }
    }
    s
}

pub fn driver_label(d: Driver) -> &'static str {
    match d {
        Driver::RiskAssessment => "risk assessment",
        Driver::LegalOrRegulatory => "legal or regulatory",
        Driver::Contractual => "contractual",
        Driver::Business => "business",
    }
}

fn csv(soa: &Soa) -> Result<String, RenderError> {
    let header = [
        "table",
        "id",
        "title",
        "applicable",
        "drivers",
        "justification for inclusion",
        "justification for exclusion",
        "implementation status",
        "implemented by",
        "owner",
        "evidence",
        "target date",
        "last reviewed",
    ];
    let line = |table: &str, r: &SoaRow| -> Vec<String> {
        vec![
            table.to_string(),
            r.id.clone(),
            r.title.clone(),
            if r.applicable { "yes" } else { "no" }.to_string(),
            r.drivers
                .iter()
                .map(|d| driver_label(*d))
                .collect::<Vec<_>>()
                .join("; "),
            r.inclusion_justification.clone().unwrap_or_default(),
            r.exclusion_justification.clone().unwrap_or_default(),
            r.status
                .map(ControlStatus::as_str)
                .unwrap_or("")
                .to_string(),
            r.controls
                .iter()
                .map(|c| format!("{} {}", c.id, c.title))
                .collect::<Vec<_>>()
                .join("; "),
            r.owners.join("; "),
            r.evidence
                .iter()
                .map(EvidenceView::summary)
                .collect::<Vec<_>>()
                .join("; "),
            r.target.map(|d| d.to_string()).unwrap_or_default(),
            r.last_reviewed.map(|d| d.to_string()).unwrap_or_default(),
        ]
    };
    let mut rows: Vec<Vec<String>> = soa
        .rows
        .iter()
        .map(|r| line(soa.framework.rows_are, r))
        .collect();
    rows.extend(
        soa.additional
            .iter()
            .map(|r| line("Additional controls", r)),
    );
    super::csv_table(&header, &rows)
}
