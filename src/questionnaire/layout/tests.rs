//! Unit tests of header, column and question-row detection.

use super::*;
use crate::error::Error;
use crate::questionnaire::sheet::{Cell, Sheet, SheetFormat, Workbook};

fn workbook(rows: &[&[&str]]) -> Workbook {
    let rows = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).to_string())
                    }
                })
                .collect()
        })
        .collect();
    Workbook {
        path: "q.csv".into(),
        format: SheetFormat::Csv,
        sheets: vec![Sheet {
            name: "q".into(),
            rows,
            ..Sheet::default()
        }],
        dialect: crate::questionnaire::sheet::CsvDialect::default(),
    }
}

/// The first sheet to answer, as most questionnaires have one.
fn locate(workbook: &Workbook, sheet: Option<&str>, flags: &ColumnFlags) -> Result<Layout, Error> {
    locate_all(workbook, sheet, flags).map(|mut l| l.remove(0))
}

#[test]
fn finds_the_caiq_header_below_a_title() {
    let wb = workbook(&[
        &["Consensus Assessments Initiative Questionnaire"],
        &[],
        &[
            "Question ID",
            "Question",
            "CSP CAIQ Answer",
            "SSRM Control Ownership",
            "CSP Implementation Description\n(Optional/Recommended)",
            "CSC Responsibilities (Optional/Recommended)",
            "CCM Control ID",
        ],
        &["A&A-01.1", "Is there an audit policy?"],
    ]);
    let layout = locate(&wb, None, &ColumnFlags::default()).unwrap();
    assert_eq!(layout.header_row, 2);
    assert_eq!(
        (layout.id, layout.question, layout.answer),
        (Some(0), 1, Some(2))
    );
    assert_eq!(
        (layout.ownership, layout.narrative, layout.customer),
        (Some(3), Some(4), Some(5))
    );
    assert_eq!(layout.width, 7);
}

#[test]
fn flags_name_columns_by_header_or_letter() {
    let wb = workbook(&[&["Ref", "Ask", "Vendor reply"], &["1", "Do you?", ""]]);
    let flags = ColumnFlags {
        id: None,
        question: Some("ask".into()),
        answer: Some("C".into()),
        narrative: None,
    };
    let layout = locate(&wb, None, &flags).unwrap();
    assert_eq!(
        (layout.id, layout.question, layout.answer),
        (Some(0), 1, Some(2))
    );
}

#[test]
fn a_flag_naming_nothing_lists_the_columns() {
    let wb = workbook(&[&["ID", "Question", "Answer"]]);
    let flags = ColumnFlags {
        answer: Some("Reply here".into()),
        ..ColumnFlags::default()
    };
    let err = locate(&wb, None, &flags).unwrap_err().to_string();
    assert!(err.contains("q.csv:1:1"), "{err}");
    assert!(
        err.contains("A \"ID\", B \"Question\", C \"Answer\""),
        "{err}"
    );
}

#[test]
fn no_header_is_a_clear_error() {
    let wb = workbook(&[&["Name", "Email"], &["a", "b"]]);
    let err = locate(&wb, None, &ColumnFlags::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no header row found"), "{err}");
}

#[test]
fn section_headings_are_not_questions() {
    let wb = workbook(&[
        &["ID", "Question", "Answer"],
        &["", "Data security", ""],
        &["DS-1", "Is data encrypted at rest?", ""],
    ]);
    let layout = locate(&wb, None, &ColumnFlags::default()).unwrap();
    let qs = questions(&wb.sheets[0], &layout);
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].id.as_deref(), Some("DS-1"));
}

#[test]
fn column_letters_round_trip() {
    for n in [0, 25, 26, 51, 52, 701, 702] {
        assert_eq!(column_from_letter(&column_letter(n)), Some(n));
    }
    assert_eq!(column_letter(27), "AB");
}
