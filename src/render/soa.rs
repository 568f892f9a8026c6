//! The Statement of Applicability (ISO/IEC 42001 clause 6.1.3 d; any catalog).
//!
//! One row per Annex A control (iso42001: requirements of kind `control`; other catalogs: every
//! assessable requirement), then the additional controls chosen outside the catalog: workspace
//! controls that map to none of its rows.

use jiff::civil::Date;
use serde::Serialize;

use super::{DocumentFormat, EvidenceView, Header, RenderError};
use crate::assessment::{Assessment, Verdict, VerdictCounts};
use crate::catalog::{LoadedCatalog, Requirement};
use crate::coverage::{CoverageStatus, MatrixIndex, RequirementCoverage, distinct_owners};
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
    /// The risks of the register its controls treat (ISO/IEC 42001 6.1.3: the SoA traces to
    /// the risk treatment).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<RiskBrief>,
    /// The AI systems of the register an EU AI Act requirement applies through.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<String>,
    /// The roll-up of its controls' verdicts (the least done of them); `None` when not
    /// applicable or served by no control.
    pub verdict: Option<Verdict>,
    /// How the verdict reads ("Verified", "Declared, evidence pending", …).
    pub verdict_label: Option<&'static str>,
    pub controls: Vec<ControlBrief>,
    pub owners: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    /// The earliest target date of a control not yet implemented.
    pub target: Option<Date>,
    /// The oldest last-review date of its controls.
    pub last_reviewed: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskBrief {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlBrief {
    pub id: String,
    pub title: String,
    /// What the control file declares.
    pub status: ControlStatus,
    /// What the assessment concludes.
    pub verdict: Verdict,
    pub description: Option<String>,
}

/// Applicable rows by roll-up verdict.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SoaSummary {
    pub rows: usize,
    pub applicable: usize,
    pub excluded: usize,
    #[serde(flatten)]
    pub verdicts: VerdictCounts,
    /// Applicable rows no control serves.
    pub uncovered: usize,
    pub additional: usize,
}

/// Build the SoA of `framework` for `ws` from its assessment.
pub fn build(ws: &Workspace, assessment: &Assessment, framework: &str) -> Result<Soa, RenderError> {
    let today = assessment.date;
    let catalog = ws.catalogs.get_or_unknown(framework)?;
    let index = MatrixIndex::new(ws);
    let coverage = assessment.coverage(ws, catalog);
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
        .filter_map(|req| coverage.requirements.iter().find(|r| r.id == req.id.value))
        .map(|row| requirement_row(ws, assessment, &index, catalog, row))
        .collect();
    let additional: Vec<SoaRow> = ws
        .controls()
        .enumerate()
        .filter(|(_, c)| !maps_to_any(c, catalog.id(), &selected))
        .map(|(i, c)| additional_row(ws, assessment, i, c))
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

/// The formats of the SoA: a document, or one CSV table of its rows and additional controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoaFormat {
    Document(DocumentFormat),
    Csv,
}

pub fn render(
    ws: &Workspace,
    assessment: &Assessment,
    framework: &str,
    format: SoaFormat,
) -> Result<String, RenderError> {
    let soa = build(ws, assessment, framework)?;
    match format {
        SoaFormat::Csv => csv(&soa),
        SoaFormat::Document(format) => super::document(ws, &soa, format, "soa", || {
            minijinja::context! { soa => minijinja::Value::from(minijinja::value::Serde(&soa)) }
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
    assessment: &Assessment,
    index: &MatrixIndex<'_>,
    catalog: &LoadedCatalog,
    coverage: &RequirementCoverage,
) -> SoaRow {
    let controls = index.controls_for(catalog.id(), &coverage.id);
    let decision = index.decision_for(catalog.id(), &coverage.id);
    let applicable = !matches!(
        coverage.status,
        CoverageStatus::Excluded | CoverageStatus::NotApplicable
    );
    let mut row = row_from_controls(
        ws,
        assessment,
        coverage.id.clone(),
        coverage.title.clone(),
        controls,
    );
    row.applicable = applicable;
    row.verdict = coverage.verdict;
    row.verdict_label = coverage.verdict.map(Verdict::label);
    if applicable {
        let justification =
            decision.and_then(|d| d.justification.as_ref().map(|j| j.value.clone()));
        row.drivers = decision.map(|d| d.drivers.clone()).unwrap_or_default();
        row.risks = risks_treated(ws, assessment, controls);
        row.systems = coverage.systems.clone();
        if !row.risks.is_empty() && !row.drivers.contains(&Driver::RiskAssessment) {
            row.drivers.insert(0, Driver::RiskAssessment);
        }
        let base = justification.or_else(|| default_inclusion(ws, controls));
        row.inclusion_justification = traced_inclusion(&row.risks, &row.systems, base);
    } else {
        row.exclusion_justification = coverage.reason.clone();
    }
    row
}

/// The risks of the register that the row's controls treat, in register order.
fn risks_treated(ws: &Workspace, assessment: &Assessment, controls: &[usize]) -> Vec<RiskBrief> {
    assessment
        .risks
        .iter()
        .filter(|r| {
            controls
                .iter()
                .any(|&i| r.treats_with(&ws.controls[i].control.id.value))
        })
        .map(|r| RiskBrief {
            id: r.id.clone(),
            title: r.title.clone(),
        })
        .collect()
}

/// The inclusion justification: the risks treated, the systems it applies through, then the
/// recorded justification (or the controls selected).
fn traced_inclusion(
    risks: &[RiskBrief],
    systems: &[String],
    base: Option<String>,
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if !risks.is_empty() {
        let list: Vec<String> = risks
            .iter()
            .map(|r| format!("{} ({})", r.id, r.title))
            .collect();
        parts.push(format!("Treats risks {}.", list.join("; ")));
    }
    if !systems.is_empty() {
        parts.push(format!("Applies through {}.", systems.join(", ")));
    }
    parts.extend(base);
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Without a recorded decision, the inclusion rests on the controls selected for it.
fn default_inclusion(ws: &Workspace, controls: &[usize]) -> Option<String> {
    (!controls.is_empty()).then(|| {
        let ids: Vec<&str> = controls
            .iter()
            .map(|&i| ws.controls[i].control.id.value.as_str())
            .collect();
        format!("Selected in the control matrix ({})", ids.join(", "))
    })
}

fn additional_row(
    ws: &Workspace,
    assessment: &Assessment,
    index: usize,
    control: &Control,
) -> SoaRow {
    let mut row = row_from_controls(
        ws,
        assessment,
        control.id.value.clone(),
        control.title.clone(),
        &[index],
    );
    row.verdict = Some(assessment.controls[index].verdict);
    row.verdict_label = row.verdict.map(Verdict::label);
    row.inclusion_justification = control.description.clone();
    row
}

fn row_from_controls(
    ws: &Workspace,
    assessment: &Assessment,
    id: String,
    title: String,
    controls: &[usize],
) -> SoaRow {
    let control = |i: usize| &ws.controls[i].control;
    let owners = distinct_owners(
        controls
            .iter()
            .map(|&i| control(i).owner.as_ref().map(|o| o.value.as_str())),
    );
    let mut evidence: Vec<EvidenceView> = Vec::new();
    for &i in controls {
        for view in EvidenceView::of_control(ws, assessment, i) {
            // Two controls of one row may cite the same file: list it once.
            let same = |e: &EvidenceView| e.path == view.path && e.description == view.description;
            if !evidence.iter().any(same) {
                evidence.push(view);
            }
        }
    }
    SoaRow {
        id,
        title,
        applicable: true,
        drivers: Vec::new(),
        inclusion_justification: None,
        exclusion_justification: None,
        risks: Vec::new(),
        systems: Vec::new(),
        verdict: None,
        verdict_label: None,
        controls: controls
            .iter()
            .map(|&i| ControlBrief {
                id: control(i).id.value.clone(),
                title: control(i).title.clone(),
                status: control(i).status.value,
                verdict: assessment.controls[i].verdict,
                description: control(i).description.clone(),
            })
            .collect(),
        owners: owners.into_iter().map(str::to_string).collect(),
        evidence,
        target: controls
            .iter()
            .filter(|&&i| !assessment.controls[i].verdict.is_declared_implemented())
            .filter_map(|&i| assessment.controls[i].target)
            .min(),
        last_reviewed: controls
            .iter()
            .filter_map(|&i| control(i).review.as_ref().map(|r| r.last.value))
            .min(),
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
        match row.verdict {
            Some(verdict) => s.verdicts.add(verdict),
            None => s.uncovered += 1,
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
        "implementation (verdict)",
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
            r.verdict_label.unwrap_or("").to_string(),
            r.controls
                .iter()
                .map(|c| format!("{} {} ({})", c.id, c.title, c.verdict.as_str()))
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
    Ok(crate::cell::csv_table(&header, &rows)?)
}

#[cfg(test)]
mod tests {
    use super::{Soa, build};
    use crate::assessment::Verdict;
    use crate::assessment::fixture::workspace;
    use crate::model::scope::Driver;

    /// M-1 served by C-1 (verified) and C-2 (planned), treating risk R-1; M-2 excluded; C-3 maps
    /// to no requirement of the catalog.
    fn soa() -> Soa {
        let fixture = workspace(&[
            (
                "controls/main.yaml",
                "controls:\n\
                 \x20 - { id: C-1, title: Done, owner: Security, status: implemented, mappings: { mini: [M-1] },\n\
                 \x20     evidence: [{ path: policy.md, collected: 2026-10-01 }] }\n\
                 \x20 - { id: C-2, title: Later, owner: CTO, status: planned, target: 2027-01-31, mappings: { mini: [M-1] } }\n\
                 \x20 - { id: C-3, title: Extra, owner: CTO, status: implemented, description: Our own practice. }\n",
            ),
            ("evidence/policy.md", "# Policy\n"),
            (
                "scope/mini.yaml",
                "framework: mini\ndecisions:\n  - { requirement: M-2, applicable: false, justification: No models. }\n",
            ),
            (
                "risks/register.yaml",
                "risks:\n  - { id: R-1, title: Leakage, category: privacy, inherent: { likelihood: 1, impact: 1 },\n\
                 \x20     treatment: mitigate, controls: [C-2] }\n",
            ),
        ]);
        build(&fixture.ws, &fixture.assessment, "mini").expect("mini is a catalog")
    }

    #[test]
    fn an_applicable_row_traces_to_its_risks_controls_and_least_done_verdict() {
        let soa = soa();
        let row = &soa.rows[0];
        assert_eq!((row.id.as_str(), row.applicable), ("M-1", true));
        assert_eq!(row.verdict, Some(Verdict::Planned));
        assert_eq!(row.drivers, [Driver::RiskAssessment]);
        assert_eq!(
            row.inclusion_justification.as_deref(),
            Some("Treats risks R-1 (Leakage). Selected in the control matrix (C-1, C-2)")
        );
        assert_eq!(row.owners, ["CTO", "Security"]);
        assert_eq!(row.target, jiff::civil::Date::new(2027, 1, 31).ok());
        assert_eq!(row.evidence.len(), 1);
    }

    #[test]
    fn an_excluded_row_carries_its_justification_and_no_inclusion() {
        let soa = soa();
        let row = &soa.rows[1];
        assert_eq!((row.id.as_str(), row.applicable), ("M-2", false));
        assert_eq!(row.exclusion_justification.as_deref(), Some("No models."));
        assert_eq!(row.inclusion_justification, None);
        assert!(row.drivers.is_empty() && row.risks.is_empty());
    }

    #[test]
    fn controls_mapped_to_no_row_are_additional_and_the_summary_counts_rows_by_verdict() {
        let soa = soa();
        let ids: Vec<&str> = soa.additional.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["C-3"]);
        assert_eq!(
            soa.additional[0].inclusion_justification.as_deref(),
            Some("Our own practice.")
        );
        let s = &soa.summary;
        assert_eq!(
            (
                s.rows,
                s.applicable,
                s.excluded,
                s.verdicts.planned,
                s.verdicts.verified,
                s.uncovered,
                s.additional
            ),
            (2, 1, 1, 1, 0, 0, 1)
        );
    }
}
