//! Records of processing: GDPR Art. 30(1) (controller), Art. 30(2) (processor, per controller
//! served) and the DPDP Act view (Data Fiduciary), from `processing/*.yaml`.

use jiff::civil::Date;
use serde::Serialize;

use super::{Format, Header, RenderError};
use crate::assessment::{Assessment, Verdict};
use crate::model::processing::{Activity, Party, Person, ProcessingRole, is_eea};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFilter {
    Controller,
    Processor,
    /// The DPDP Act records, kept as Data Fiduciary.
    DataFiduciary,
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
    /// What the assessment concludes of the control, not what its file declares: a measure
    /// whose evidence is missing or stale never reads as in place.
    pub verdict: Option<Verdict>,
    /// "Verified 2026-10-01", "Declared, evidence pending", "Planned", …
    pub status_label: Option<String>,
}

pub fn build(ws: &Workspace, assessment: &Assessment, role: Option<RoleFilter>) -> Ropa {
    let today = assessment.date;
    let activities: Vec<&Activity> = ws
        .processing
        .iter()
        .flat_map(|f| f.value.activities.iter())
        .collect();
    let wants = |kind: RecordKind| role.is_none_or(|r| RecordKind::from(r) == kind);
    let controller_records = activities
        .iter()
        .filter(|a| a.role.value == ProcessingRole::Controller && wants(RecordKind::Controller))
        .map(|a| record(ws, assessment, a))
        .collect();
    let processor_records =
        processor_groups(ws, assessment, &activities, wants(RecordKind::Processor));
    let dpdp_records = activities
        .iter()
        .filter(|a| a.dpdp.is_some() && wants(RecordKind::DataFiduciary))
        .map(|a| record(ws, assessment, a))
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

fn processor_groups(
    ws: &Workspace,
    assessment: &Assessment,
    activities: &[&Activity],
    wanted: bool,
) -> Vec<ProcessorGroup> {
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
            let rec = record(ws, assessment, a);
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

fn record(ws: &Workspace, assessment: &Assessment, a: &Activity) -> Record {
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
                let c = ws.control(&id.value).map(|l| &l.control);
                let assessed = assessment.control(&id.value);
                Measure {
                    id: id.value.clone(),
                    title: c.map(|c| c.title.clone()),
                    verdict: assessed.map(|a| a.verdict),
                    status_label: assessed.map(super::trustpage::verdict_label),
                }
            })
            .collect(),
        activity: a.clone(),
    }
}

pub fn render(
    ws: &Workspace,
    assessment: &Assessment,
    role: Option<RoleFilter>,
    format: Format,
) -> Result<Vec<u8>, RenderError> {
    let ropa = build(ws, assessment, role);
    let context =
        || minijinja::context! { ropa => minijinja::Value::from(minijinja::value::Serde(&ropa)) };
    Ok(match format {
        Format::Json => super::json(&ropa)?.into_bytes(),
        Format::Markdown => super::render_template(ws, "ropa.md", context())?.into_bytes(),
        Format::Html => super::render_template(ws, "ropa.html", context())?.into_bytes(),
        Format::Csv => {
            let Some(kind) = role.map(RecordKind::from) else {
                return Err(RenderError::OneTablePerFormat {
                    format: "csv",
                    choose: "--role controller, --role processor or --role data-fiduciary (XLSX and JSON hold all three)",
                });
            };
            csv(&ropa, kind)?.into_bytes()
        }
        Format::Xlsx => xlsx(&ropa)?,
    })
}

/// One kind of record, with its own columns: a controller's Art. 30(1) record, a processor's
/// Art. 30(2) record, or the DPDP Act view. CSV holds one kind; XLSX one sheet per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Controller,
    Processor,
    DataFiduciary,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [Self::Controller, Self::Processor, Self::DataFiduciary];

    fn sheet_name(self) -> &'static str {
        match self {
            Self::Controller => "Controller Art. 30(1)",
            Self::Processor => "Processor Art. 30(2)",
            Self::DataFiduciary => "DPDP Act",
        }
    }

    /// Who keeps these records: Art. 30(1)(a) names the controller, Art. 30(2)(a) the processor
    /// (the same organisation, acting for others), the DPDP view the Data Fiduciary.
    fn keeper_label(self) -> &'static str {
        match self {
            Self::Controller => "Controller (Art. 30(1)(a))",
            Self::Processor => "Processor (Art. 30(2)(a))",
            Self::DataFiduciary => "Data Fiduciary",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Controller => &[
                "id",
                "processing activity",
                "business function",
                "purposes (30(1)(b))",
                "lawful basis (Art. 6)",
                "Art. 9 condition",
                "categories of data subjects (30(1)(c))",
                "categories of personal data (30(1)(c)) and erasure time limits (30(1)(f))",
                "categories of recipients (30(1)(d))",
                "third-country transfers and safeguards (30(1)(e))",
                "security measures (30(1)(g))",
                "source of the data",
                "DPIA",
                "automated decision-making",
                "location",
            ],
            Self::Processor => &[
                "controller served (30(2)(a))",
                "controller contact (30(2)(a))",
                "id",
                "processing activity",
                "categories of processing (30(2)(b))",
                "categories of personal data",
                "third-country transfers and safeguards (30(2)(c))",
                "security measures (30(2)(d))",
                "location",
            ],
            Self::DataFiduciary => &[
                "id",
                "processing activity",
                "personal data (itemised)",
                "purposes",
                "ground (DPDP Sec. 4)",
                "Data Processors",
                "cross-border transfer",
                "retention and erasure trigger",
                "log retention",
            ],
        }
    }
}

impl From<RoleFilter> for RecordKind {
    fn from(r: RoleFilter) -> Self {
        match r {
            RoleFilter::Controller => Self::Controller,
            RoleFilter::Processor => Self::Processor,
            RoleFilter::DataFiduciary => Self::DataFiduciary,
        }
    }
}

fn join(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

fn transfers(r: &Record) -> String {
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
    }))
}

fn measures(r: &Record) -> String {
    join(
        r.security_measures_view
            .iter()
            .map(|m| match (&m.title, &m.status_label) {
                (Some(t), Some(label)) => format!("{} {t} ({label})", m.id),
                (Some(t), None) => format!("{} {t}", m.id),
                (None, _) => format!("{} (unknown control)", m.id),
            }),
    )
}

fn categories_with_retention(r: &Record) -> String {
    join(r.retention.iter().map(|c| {
        format!(
            "{}: {}",
            c.data,
            c.period.as_deref().unwrap_or("not stated")
        )
    }))
}

fn controller_row(r: &Record) -> Vec<String> {
    let a = &r.activity;
    vec![
        a.id.value.clone(),
        a.name.clone(),
        a.business_function.clone().unwrap_or_default(),
        join(a.purposes.iter().cloned()),
        r.lawful_basis_label
            .map(|l| match &a.legitimate_interest {
                Some(li) => format!("{l}: {li}"),
                None => l.to_string(),
            })
            .unwrap_or_default(),
        a.special_category_condition.clone().unwrap_or_default(),
        join(a.data_subjects.iter().cloned()),
        categories_with_retention(r),
        join(a.recipients.iter().cloned()),
        transfers(r),
        measures(r),
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
    ]
}

fn processor_row(controller: &Person, r: &Record) -> Vec<String> {
    let a = &r.activity;
    vec![
        controller.name.clone(),
        controller.contact.clone(),
        a.id.value.clone(),
        a.name.clone(),
        join(a.purposes.iter().cloned()),
        join(r.retention.iter().map(|c| c.data.clone())),
        transfers(r),
        measures(r),
        a.location.clone().unwrap_or_default(),
    ]
}

fn dpdp_row(r: &Record) -> Vec<String> {
    let a = &r.activity;
    let dpdp = a.dpdp.as_ref();
    let retention = {
        let mut text = join(r.retention.iter().map(|c| {
            format!(
                "{}: {}",
                c.data,
                c.period.as_deref().unwrap_or("not stated")
            )
        }));
        if let Some(trigger) = dpdp.and_then(|d| d.erasure_trigger.as_ref()) {
            text.push_str(&format!("; erased when: {trigger}"));
        }
        text
    };
    vec![
        a.id.value.clone(),
        a.name.clone(),
        join(r.retention.iter().map(|c| c.data.clone())),
        join(a.purposes.iter().cloned()),
        r.dpdp_ground_label
            .map(|g| match dpdp.and_then(|d| d.legitimate_use.as_ref()) {
                Some(u) => format!("{g}: {u}"),
                None => g.to_string(),
            })
            .unwrap_or_default(),
        dpdp.map(|d| {
            if d.processors.is_empty() {
                join(a.recipients.iter().cloned())
            } else {
                join(d.processors.iter().cloned())
            }
        })
        .unwrap_or_default(),
        dpdp.and_then(|d| d.cross_border.clone())
            .unwrap_or_else(|| "none".to_string()),
        retention,
        dpdp.and_then(|d| d.log_retention.clone())
            .unwrap_or_default(),
    ]
}

/// The rows of one kind of record.
fn rows(ropa: &Ropa, kind: RecordKind) -> Vec<Vec<String>> {
    match kind {
        RecordKind::Controller => ropa.controller_records.iter().map(controller_row).collect(),
        RecordKind::Processor => ropa
            .processor_records
            .iter()
            .flat_map(|g| g.records.iter().map(|r| processor_row(&g.controller, r)))
            .collect(),
        RecordKind::DataFiduciary => ropa.dpdp_records.iter().map(dpdp_row).collect(),
    }
}

/// Who keeps the records of `kind`, as (field, value) lines: name, contact, address, joint
/// controllers, representative, DPO.
fn keeper(ropa: &Ropa, kind: RecordKind) -> Vec<(String, String)> {
    let party = match kind {
        RecordKind::DataFiduciary => ropa.data_fiduciary.as_ref(),
        _ => ropa.controller.as_ref(),
    };
    let Some(p) = party else {
        return vec![(
            kind.keeper_label().to_string(),
            "not recorded (add it to processing/)".to_string(),
        )];
    };
    let person = |x: &Person| format!("{} ({})", x.name, x.contact);
    let mut out = vec![
        (kind.keeper_label().to_string(), p.name.clone()),
        ("Contact".to_string(), p.contact.clone()),
    ];
    if let Some(address) = &p.address {
        out.push(("Address".to_string(), address.clone()));
    }
    if !p.joint_controllers.is_empty() && kind == RecordKind::Controller {
        out.push((
            "Joint controllers".to_string(),
            join(p.joint_controllers.iter().map(person)),
        ));
    }
    out.push((
        "Representative (Art. 27)".to_string(),
        p.representative.as_ref().map(person).unwrap_or_default(),
    ));
    out.push((
        "Data protection officer".to_string(),
        p.dpo.as_ref().map(person).unwrap_or_default(),
    ));
    out
}

/// The document-control lines every report opens with.
fn document_control(h: &Header) -> Vec<(String, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |v: Option<Date>| v.map(|d| d.to_string()).unwrap_or_default();
    vec![
        ("Document".to_string(), h.title.clone()),
        ("Organisation".to_string(), h.organisation.clone()),
        ("Version".to_string(), opt(&h.document_version)),
        ("Generated".to_string(), h.generated_at.to_string()),
        ("Prepared by".to_string(), opt(&h.prepared_by)),
        ("Approved by".to_string(), opt(&h.approved_by)),
        ("Approved on".to_string(), date(h.approved_on)),
        ("Next review".to_string(), date(h.next_review)),
    ]
}

/// CSV of one kind of record. Every row also carries the document control and who keeps the
/// records (Art. 30(1)(a) or 30(2)(a)), so the table stands on its own once imported.
fn csv(ropa: &Ropa, kind: RecordKind) -> Result<String, RenderError> {
    let fixed: Vec<(String, String)> = document_control(&ropa.header)
        .into_iter()
        .chain(keeper(ropa, kind))
        .collect();
    let header: Vec<&str> = fixed
        .iter()
        .map(|(k, _)| k.as_str())
        .chain(kind.columns().iter().copied())
        .collect();
    let rows: Vec<Vec<String>> = rows(ropa, kind)
        .into_iter()
        .map(|row| fixed.iter().map(|(_, v)| v.clone()).chain(row).collect())
        .collect();
    Ok(crate::cell::csv_table(&header, &rows)?)
}

/// One sheet per kind of record: the document control and who keeps the records above the
/// table, then the table with a frozen header row, filters, and columns sized to their content.
/// Every cell is written as a string (never a formula) and neutralised all the same, for readers
/// that re-evaluate on import.
fn xlsx(ropa: &Ropa) -> Result<Vec<u8>, RenderError> {
    use rust_xlsxwriter::{Format as Cell, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let bold = Cell::new().set_bold();
    let head = Cell::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E8EEF4");
    let wrap = Cell::new().set_text_wrap().set_align(FormatAlign::Top);
    for kind in RecordKind::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(kind.sheet_name())?;
        let mut line = 0u32;
        for (field, value) in document_control(&ropa.header)
            .into_iter()
            .chain(keeper(ropa, kind))
        {
            sheet.write_string_with_format(line, 0, field, &bold)?;
            sheet.write_string(line, 1, super::neutralise(&value))?;
            line += 1;
        }
        line += 1;
        let header_row = line;
        let columns = kind.columns();
        let rows = rows(ropa, kind);
        for (col, name) in columns.iter().enumerate() {
            sheet.write_string_with_format(header_row, col as u16, *name, &head)?;
            let longest = rows
                .iter()
                .map(|r| r[col].chars().count())
                .chain([name.chars().count() / 2, 12])
                .max()
                .unwrap_or(12);
            sheet.set_column_width(col as u16, longest.min(60) as f64)?;
        }
        for (offset, row) in rows.iter().enumerate() {
            let at = header_row + 1 + offset as u32;
            for (col, cell) in row.iter().enumerate() {
                sheet.write_string_with_format(at, col as u16, super::neutralise(cell), &wrap)?;
            }
        }
        sheet.set_freeze_panes(header_row + 1, 0)?;
        let last_row = header_row + rows.len().max(1) as u32;
        sheet.autofilter(header_row, 0, last_row, columns.len() as u16 - 1)?;
    }
    // A fixed creation date keeps the bytes the same for the same input.
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_title(&ropa.header.title);
    book.set_properties(&props);
    Ok(book.save_to_buffer()?)
}
