//! Real spreadsheet layouts through the command line: CSV as Excel writes it (CRLF, a BOM,
//! semicolons in comma-decimal locales), CAIQ's footer rows, narrative columns by name or flag.

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, evidence, fixture};
use serde_json::Value;

fn lakeside() -> PathBuf {
    fixture("questionnaires/lakeside")
}

fn answer(file: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = evidence()
        .arg("answer")
        .arg(file)
        .arg("-C")
        .arg(lakeside())
        .args(["--now", NOW, "--allow-findings"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What Excel's "CSV UTF-8" writes in a German locale: BOM, semicolons, CRLF.
const EXCEL_SHEET: &str = "\u{feff}Supplier security review;;;\r\n\r\nID;Question;Answer;Notes\r\nLS-Q-ENC;Is data encrypted?;;\r\nQ1;\"Do staff; and administrators use multi-factor authentication?\";;\r\nQ8;Do you have cyber insurance?;;\r\n";

#[test]
fn excel_csv_comes_back_in_its_own_dialect_without_extra_rows() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("excel.csv");
    std::fs::write(&input, EXCEL_SHEET).unwrap();
    let (code, stdout, stderr) = answer(&input, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_slice(&stdout).unwrap();
    let rows: Vec<(String, u64)> = json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["row"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [("LS-Q-ENC".into(), 4), ("Q1".into(), 5), ("Q8".into(), 6)],
        "rows as Excel numbers them"
    );
    assert_eq!(json["sheets"][0]["columns"]["narrative"][0], "D \"Notes\"");

    let (code, stdout, stderr) = answer(&input, &["--no-review-columns"]);
    assert_eq!(code, 0, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.starts_with('\u{feff}'), "the BOM is kept");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines.len(), 7, "six rows and the final line end: {text:?}");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF only: {text:?}"
    );
    assert_eq!(lines[2], "ID;Question;Answer;Notes");
    assert!(
        lines[3].starts_with("LS-Q-ENC;Is data encrypted?;Yes;"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with("Q1;\"Do staff; and administrators"),
        "{}",
        lines[4]
    );
}

#[test]
fn caiq_footer_rows_are_not_questions() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("caiq.csv");
    std::fs::write(
        &input,
        "Question ID,Question,CSP CAIQ Answer,CSP Implementation Description\n\
         LS-Q-ENC,Is data encrypted?,,\n\
         End of Standard,,,\n\
         \"© Copyright 2026 Example Alliance - All rights reserved. Reproduced for tests only.\",,,\n",
    )
    .unwrap();
    let (code, stdout, stderr) = answer(&input, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(json["answers"].as_array().unwrap().len(), 1, "{json}");
    assert!(stderr.contains("1 questions: 1 answered"), "{stderr}");
}

#[test]
fn a_narrative_column_named_by_flag() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("q.csv");
    std::fs::write(
        &input,
        "ID,Question,Answer,Vendor explanation\nLS-Q-ENC,Is data encrypted?,,\n",
    )
    .unwrap();
    let (code, stdout, stderr) = answer(
        &input,
        &[
            "--narrative-column",
            "Vendor explanation",
            "--no-review-columns",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with("LS-Q-ENC,Is data encrypted?,Yes,"), "{row}");
    assert!(
        row.len() > 40,
        "the narrative is in the named column: {row}"
    );
    assert!(
        stderr.contains("narrative D \"Vendor explanation\""),
        "{stderr}"
    );
    let (code, _, stderr) = answer(&input, &["--narrative-column", "Nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--narrative-column `Nope` names no column"),
        "{stderr}"
    );
}
