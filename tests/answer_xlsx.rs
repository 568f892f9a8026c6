//! XLSX in, XLSX out: the test builds a realistic workbook (an instructions sheet first, the
//! header below a title, numbers, dates, formula-like text) from the 70-question test
//! questionnaire, answers it, and reads the result back with calamine.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{NOW, evidence, fixture};

const QUESTIONS_SHEET: &str = "Questionnaire v4";
const INSTRUCTIONS_SHEET: &str = "Read me";

/// The rows of the CSV test questionnaire, as text.
fn csv_rows() -> Vec<Vec<String>> {
    let path = fixture("questionnaires/caiq-style.csv");
    let bytes = std::fs::read(&path).unwrap();
    let sheet = evidence::questionnaire::sheet::parse_csv(&path, &bytes).unwrap();
    sheet
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text().into_owned()).collect())
        .collect()
}

/// Write the test workbook: the questionnaire's "Weight" column as numbers, a date on the
/// instructions sheet, and the sheet names a buyer would use.
fn build_workbook(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let intro = wb.add_worksheet();
    intro.set_name(INSTRUCTIONS_SHEET).unwrap();
    intro
        .write_string(0, 0, "Answer every question in the next sheet.")
        .unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 1).unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    intro
        .write_datetime_with_format(1, 0, &date, &date_format)
        .unwrap();
    intro.write_number(2, 0, 42.5).unwrap();
    let sheet = wb.add_worksheet();
    sheet.set_name(QUESTIONS_SHEET).unwrap();
    for (r, row) in csv_rows().iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match value.parse::<f64>() {
                Ok(n) if c == 7 => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, value).map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn run(input: &Path, ws: &Path, args: &[&str]) -> (i32, String) {
    let out = evidence()
        .arg("answer")
        .arg(input)
        .arg("-C")
        .arg(ws)
        .args(["--now", NOW, "--allow-findings"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The Lakeside workspace with one more library entry, as a team adds them for the
/// questionnaires it receives.
fn workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    common::copy_dir(&fixture("questionnaires/lakeside"), &ws);
    std::fs::write(
        ws.join("answers/caiq.yaml"),
        "answers:\n  - questions: [\"IAM-14.*\"]\n    controls: [LS-MFA]\n",
    )
    .unwrap();
    ws
}

fn answered_workbook(dir: &Path) -> (PathBuf, PathBuf) {
    let input = dir.join("questionnaire.xlsx");
    build_workbook(&input);
    let output = dir.join("answered.xlsx");
    let (code, stderr) = run(
        &input,
        &workspace(dir),
        &["--out", output.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    (input, output)
}

fn read(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

#[test]
fn round_trip_keeps_every_sheet_row_column_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = answered_workbook(dir.path());
    let mut before = read(&input);
    let mut after = read(&output);
    assert_eq!(
        after.sheet_names(),
        before.sheet_names(),
        "same sheets, same order"
    );
    for name in before.sheet_names() {
        let old = before.worksheet_range(&name).unwrap();
        let new = after.worksheet_range(&name).unwrap();
        assert_eq!(new.start(), old.start(), "{name}");
        assert_eq!(new.height(), old.height(), "{name}: every row");
        for (r, row) in old.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let kept = new.get((r, c)).unwrap_or(&Data::Empty);
                let is_answer_cell = name == QUESTIONS_SHEET && r > 2 && (2..=5).contains(&c);
                if !is_answer_cell {
                    assert_eq!(kept, cell, "{name} row {} column {}", r + 1, c + 1);
                }
            }
        }
    }
    // The header row keeps its text exactly; the review columns come after it.
    let questions = after.worksheet_range(QUESTIONS_SHEET).unwrap();
    let header: Vec<String> = (0..9)
        .map(|c| questions.get((2, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header[4],
        "CSP Implementation Description (Optional/Recommended)"
    );
    assert_eq!(header[8], "Review: status");
    // Numbers stay numbers, dates stay dates.
    assert_eq!(questions.get((4, 7)), Some(&Data::Float(1.0)));
    let intro = after.worksheet_range(INSTRUCTIONS_SHEET).unwrap();
    assert!(matches!(intro.get((1, 0)), Some(Data::DateTime(_))));
    assert_eq!(intro.get((2, 0)), Some(&Data::Float(42.5)));
}

#[test]
fn answers_land_in_the_sheets_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (_, output) = answered_workbook(dir.path());
    let mut wb = read(&output);
    let sheet = wb.worksheet_range(QUESTIONS_SHEET).unwrap();
    let row_of = |id: &str| {
        (0..sheet.height())
            .find(|&r| sheet.get((r, 0)).is_some_and(|c| *c == id))
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    // The Lakeside matrix has no control about clean desks: review, answer left empty.
    let r = row_of("HRS-03.1");
    assert!(sheet.get((r, 2)).is_none_or(|c| c.to_string().is_empty()));
    assert_eq!(sheet.get((r, 8)).unwrap().to_string(), "needs review");
    // Its MFA control is shared: CAIQ's SSRM words, and the customer's part in its column.
    let r = row_of("IAM-14.1");
    assert_eq!(sheet.get((r, 2)).unwrap().to_string(), "Yes");
    assert_eq!(sheet.get((r, 3)).unwrap().to_string(), "Shared CSP and CSC");
    assert!(
        sheet
            .get((r, 5))
            .unwrap()
            .to_string()
            .contains("Enforce MFA")
    );
}

#[test]
fn formula_like_cells_are_text_not_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (_, output) = answered_workbook(dir.path());
    let mut wb = read(&output);
    let formulas = wb.worksheet_formula(QUESTIONS_SHEET).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the output holds no formula"
    );
    let sheet = wb.worksheet_range(QUESTIONS_SHEET).unwrap();
    let notes: Vec<&Data> = (0..sheet.height())
        .filter_map(|r| sheet.get((r, 6)))
        .collect();
    assert!(notes.contains(&&Data::String(
        "=HYPERLINK(\"http://attacker.example\",\"click\")".into()
    )));
    assert!(notes.contains(&&Data::String("@SUM(1,2)".into())));
    // The answered cells are inline strings: text, whatever they start with.
    let sheet_xml = xlsx_part(&output, "xl/worksheets/sheet2.xml");
    assert!(sheet_xml.contains("t=\"inlineStr\""), "{sheet_xml}");
    assert!(!sheet_xml.contains("<f>"), "{sheet_xml}");
}

/// One part of the XLSX package, as text.
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_to_json_with_a_named_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("q.xlsx");
    build_workbook(&input);
    let out = evidence()
        .arg("answer")
        .arg(&input)
        .args([
            "--sheet",
            QUESTIONS_SHEET,
            "--format",
            "json",
            "--now",
            NOW,
            "--allow-findings",
        ])
        .arg("-C")
        .arg(fixture("questionnaires/lakeside"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["answers"].as_array().unwrap().len(), 70);
    assert_eq!(
        json["answers"][0]["row"], 5,
        "rows as the spreadsheet numbers them"
    );
    let (code, stderr) = run(
        &input,
        &fixture("questionnaires/lakeside"),
        &["--sheet", INSTRUCTIONS_SHEET, "--format", "json"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("no header row found"), "{stderr}");
}
