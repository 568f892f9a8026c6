//! Records of processing: GDPR Art. 30(1) (controller), Art. 30(2) (processor, per controller
//! served) and the DPDP Act view (Data Fiduciary), from `processing/*.yaml`.

use jiff::civil::Date;
use serde::Serialize;

use super::{Format, Header, RenderError};
use crate::model::ControlStatus;
use crate::model::processing::{Activity, Party, Person, ProcessingRole, is_eea};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFilter {
    Controller,
    Processor,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ropa {
    pub header: Header,
    /// Art. 30(1)(a): the controller, joint controllers, representative, DPO.
    pub controller: Option<Party>,
    pub controller_records: Vec<Record>,
    /// Art. 30(2): one group per controller served.
    pub processor_records: Vec<ProcessorGroup>,
    pub data_fiduciary: Option<Party>,
    /// Activities with a DPDP record.
    pub dpdp_records: Vec<Record>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessorGroup {
    pub controller: Person,
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Record {
    #[serde(flatten)]
    pub activity: Activity,
    pub lawful_basis_label: Option<&'static str>,
    pub dpdp_ground_label: Option<&'static str>,
    /// Each data category with its effective retention (its own, else the activity's).
    pub retention: Vec<Retention>,
    pub transfers_view: Vec<TransferView>,
    pub security_measures_view: Vec<Measure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Retention {
    pub data: String,
    pub period: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TransferView {
    pub recipient: String,
    pub country: String,
    pub outside_eea: bool,
    pub safeguard: Option<&'static str>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub id: String,
    pub title: Option<String>,
    pub status: Option<ControlStatus>,
}

pub fn build(ws: &Workspace, role: Option<RoleFilter>, today: Date) -> Ropa {
    let activities: Vec<&Activity> = ws
        .processing
        .iter()
        .flat_map(|f| f.value.activities.iter())
        .collect();
    let wants = |r: ProcessingRole| match role {
        None => true,
        Some(RoleFilter::Controller) => r == ProcessingRole::Controller,
        Some(RoleFilter::Processor) => r == ProcessingRole::Processor,
    };
    let controller_records = activities
        .iter()
        .filter(|a| a.role.value == ProcessingRole::Controller && wants(a.role.value))
        .map(|a| record(ws, a))
        .collect();
    let processor_records = processor_groups(ws, &activities, wants(ProcessingRole::Processor));
    let dpdp_records = activities
        .iter()
        .filter(|a| a.dpdp.is_some() && wants(a.role.value))
        .map(|a| record(ws, a))
        .collect();
    let party =
        |get: fn(&crate::model::ProcessingFile) -> Option<&crate::source::Spanned<Party>>| {
            ws.processing
                .iter()
                .find_map(|f| get(&f.value).map(|p| p.value.clone()))
        };
    Ropa {
        header: Header::new(ws, "Records of processing activities", None, today),
        controller: party(|f| f.controller.as_ref()),
        controller_records,
        processor_records,
        data_fiduciary: party(|f| f.data_fiduciary.as_ref()),
        dpdp_records,
    }
}

fn processor_groups(ws: &Workspace, activities: &[&Activity], wanted: bool) -> Vec<ProcessorGroup> {
    let mut groups: Vec<ProcessorGroup> = Vec::new();
    if !wanted {
        return groups;
    }
    for a in activities
        .iter()
        .filter(|a| a.role.value == ProcessingRole::Processor)
    {
        let served = if a.controllers.is_empty() {
            vec![Person {
                name: "Controller not recorded".into(),
                contact: "—".into(),
            }]
        } else {
            a.controllers.clone()
        };
        for controller in served {
            let rec = record(ws, a);
            match groups
                .iter_mut()
                .find(|g| g.controller.name == controller.name)
            {
                Some(g) => g.records.push(rec),
                None => groups.push(ProcessorGroup {
                    controller,
                    records: vec![rec],
                }),
            }
        }
    }
    groups
}

fn record(ws: &Workspace, a: &Activity) -> Record {
    Record {
        lawful_basis_label: a.lawful_basis.as_ref().map(|b| b.value.label()),
        dpdp_ground_label: a.dpdp.as_ref().map(|d| d.ground.label()),
        retention: a
            .data_categories
            .iter()
            .map(|c| Retention {
                data: c.name.clone(),
                period: c.retention.clone().or_else(|| a.retention.clone()),
            })
            .collect(),
        transfers_view: a
            .transfers
            .iter()
            .map(|t| TransferView {
                recipient: t.recipient.clone(),
                country: t.country.value.clone(),
                outside_eea: !is_eea(&t.country),
                safeguard: t.safeguard.map(|s| s.label()),
                details: t.details.clone(),
            })
            .collect(),
        security_measures_view: a
            .security_measures
            .iter()
            .map(|id| {
                let c = ws.controls().find(|c| c.id.value == id.value);
                Measure {
                    id: id.value.clone(),
                    title: c.map(|c| c.title.clone()),
                    status: c.map(|c| c.status.value),
                }
            })
            .collect(),
        activity: a.clone(),
    }
}

pub fn render(
    ws: &Workspace,
    role: Option<RoleFilter>,
    today: Date,
    format: Format,
) -> Result<Vec<u8>, RenderError> {
    let ropa = build(ws, role, today);
    let context =
        || minijinja::context! { ropa => minijinja::Value::from(minijinja::value::Serde(&ropa)) };
    Ok(match format {
        Format::Json => super::json(&ropa)?.into_bytes(),
        Format::Markdown => super::render_template(ws, "ropa.md", context())?.into_bytes(),
        Format::Html => super::render_template(ws, "ropa.html", context())?.into_bytes(),
        Format::Csv => {
            let (header, rows) = flat_rows(&ropa);
            super::csv_table(&header, &rows)?.into_bytes()
        }
        Format::Xlsx => xlsx(&ropa)?,
    })
}

const COLUMNS: [&str; 21] = [
    "record",
    "controller served",
    "id",
    "activity",
    "business function",
    "purposes",
    "lawful basis (Art. 6)",
    "Art. 9 condition",
    "data subjects",
    "personal data and retention",
    "recipients",
    "third-country transfers and safeguards",
    "security measures",
    "source",
    "DPIA",
    "automated decision-making",
    "location",
    "DPDP ground",
    "DPDP processors",
    "DPDP cross-border / erasure trigger",
    "DPDP log retention",
];

fn join(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

fn cells(kind: &str, served: &str, r: &Record) -> Vec<String> {
    let a = &r.activity;
    let dpdp = a.dpdp.as_ref();
    vec![
        kind.to_string(),
        served.to_string(),
        a.id.value.clone(),
        a.name.clone(),
        a.business_function.clone().unwrap_or_default(),
        join(a.purposes.iter().cloned()),
        r.lawful_basis_label.unwrap_or("").to_string(),
        a.special_category_condition.clone().unwrap_or_default(),
        join(a.data_subjects.iter().cloned()),
        join(r.retention.iter().map(|c| {
            format!(
                "{}: {}",
                c.data,
                c.period.as_deref().unwrap_or("not stated")
            )
        })),
        join(a.recipients.iter().cloned()),
        join(r.transfers_view.iter().map(|t| {
            format!(
                "{} ({}): {}{}",
                t.recipient,
                t.country,
                t.safeguard.unwrap_or(if t.outside_eea {
                    "NO SAFEGUARD"
                } else {
                    "within the EEA"
                }),
                t.details
                    .as_ref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            )
        })),
        join(r.security_measures_view.iter().map(|m| match &m.title {
            Some(t) => format!("{} {t}", m.id),
            None => format!("{} (unknown control)", m.id),
        })),
        a.source.clone().unwrap_or_default(),
        a.dpia
            .as_ref()
            .map(|d| {
                let mut s = if d.required {
                    "required"
                } else {
                    "not required"
                }
                .to_string();
                for extra in [&d.status, &d.reference].into_iter().flatten() {
                    s.push_str(&format!("; {extra}"));
                }
                s
            })
            .unwrap_or_default(),
        a.automated_decision_making
            .as_ref()
            .map(|d| {
                let used = if d.used { "yes" } else { "no" };
                d.details
                    .as_ref()
                    .map_or(used.to_string(), |x| format!("{used}: {x}"))
            })
            .unwrap_or_default(),
        a.location.clone().unwrap_or_default(),
        r.dpdp_ground_label.unwrap_or("").to_string(),
        dpdp.map(|d| join(d.processors.iter().cloned()))
            .unwrap_or_default(),
        dpdp.map(|d| {
            join(
                [d.cross_border.clone(), d.erasure_trigger.clone()]
                    .into_iter()
                    .flatten(),
            )
        })
        .unwrap_or_default(),
        dpdp.and_then(|d| d.log_retention.clone())
            .unwrap_or_default(),
    ]
}

fn flat_rows(ropa: &Ropa) -> ([&'static str; 21], Vec<Vec<String>>) {
    let mut rows: Vec<Vec<String>> = ropa
        .controller_records
        .iter()
        .map(|r| cells("controller (Art. 30(1))", "", r))
        .collect();
    for g in &ropa.processor_records {
        for r in &g.records {
            rows.push(cells("processor (Art. 30(2))", &g.controller.name, r));
        }
    }
    for r in &ropa.dpdp_records {
        rows.push(cells("DPDP Act", "", r));
    }
    (COLUMNS, rows)
}

/// One sheet per part: Art. 30(1), Art. 30(2), DPDP. Every cell is written as a string (never a
/// formula) and neutralised all the same, for readers that re-evaluate on import.
fn xlsx(ropa: &Ropa) -> Result<Vec<u8>, RenderError> {
    use rust_xlsxwriter::{Format as Cell, Workbook};
    let mut book = Workbook::new();
    let bold = Cell::new().set_bold();
    let (_, rows) = flat_rows(ropa);
    let parts = [
        ("Controller Art. 30(1)", "controller (Art. 30(1))"),
        ("Processor Art. 30(2)", "processor (Art. 30(2))"),
        ("DPDP Act", "DPDP Act"),
    ];
    for (sheet_name, kind) in parts {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name)?;
        for (col, name) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *name, &bold)?;
            sheet.set_column_width(col as u16, 28)?;
        }
        for (line, row) in (1u32..).zip(rows.iter().filter(|r| r[0] == kind)) {
            for (col, cell) in row.iter().enumerate() {
                sheet.write_string(line, col as u16, super::neutralise(cell))?;
            }
        }
    }
    // A fixed creation date keeps the bytes the same for the same input.
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_title(&ropa.header.title);
    book.set_properties(&props);
    Ok(book.save_to_buffer()?)
}
