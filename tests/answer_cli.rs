//! `evidence answer` through the command line, on the Lakeside test workspace (one control per
//! decision rule) and the 70-question CAIQ-style test questionnaire.

mod common;

use std::path::{Path, PathBuf};

use common::{NOW, evidence, fixture};
use serde_json::Value;

fn lakeside() -> PathBuf {
    fixture("questionnaires/lakeside")
}

fn caiq_style() -> PathBuf {
    fixture("questionnaires/caiq-style.csv")
}

/// Run `evidence answer FILE -C WS --now NOW ARGS…`: (exit code, stdout, stderr).
fn answer(file: &Path, ws: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = evidence()
        .arg("answer")
        .arg(file)
        .arg("-C")
        .arg(ws)
        .args(["--now", NOW, "--allow-findings"])
        .args(args)
        .output()
        .expect("run evidence");
    (
        out.status.code().expect("exit code"),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn answer_json(file: &Path, ws: &Path) -> Value {
    let (code, stdout, stderr) = answer(file, ws, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_slice(&stdout).expect("JSON output")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn by_id<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no answer for {id}"))
}

const LAKESIDE_SHEET: &str = "\
ID,Question,Answer,Ownership,Comments
LS-Q-ENC,Is data encrypted?,,,
ENC-9,Is encryption used everywhere?,,,
LS-Q-DC,How is access to your data centre controlled?,,,
LS-Q-GHOST,A question the library maps to a control that is gone,,,
LS-Q-MIX,Is data encrypted and monitored?,,,
Q1,Do staff and administrators use multi-factor authentication?,,,
Q2,Are backups restored and tested?,,,
Q3,Is security event monitoring centralised?,,,
Q4,Is there data loss prevention on laptops?,,,
Q5,Is independent penetration testing performed?,,,
Q6,Are signing keys kept in a hardware security module?,,,
Q7,Do employees take security awareness training?,,,
Q8,Do you have cyber insurance?,,,
";

#[test]
fn each_decision_rule_gives_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "lakeside.csv", LAKESIDE_SHEET);
    let json = answer_json(&sheet, &lakeside());
    let status = |id: &str| {
        let a = by_id(&json, id);
        (
            a["status"].as_str().unwrap().to_string(),
            a["answer"].as_str().map(str::to_string),
        )
    };
    let answered = |word: &str| ("answered".to_string(), Some(word.to_string()));
    let review = ("needs-review".to_string(), None);
    // Answer library: exact ID, pattern, fixed NA.
    assert_eq!(status("LS-Q-ENC"), answered("Yes"));
    assert_eq!(status("ENC-9"), answered("Yes"));
    // An open question ("How is access ... controlled?") gets the library's words, not "NA".
    assert_eq!(
        status("LS-Q-DC"),
        answered("We run no data centre of our own.")
    );
    assert_eq!(by_id(&json, "LS-Q-DC")["type"], "open");
    // Retrieval: implemented with fresh evidence.
    assert_eq!(status("Q1"), answered("Yes"));
    assert_eq!(status("Q7"), answered("Yes"));
    // The matrix contradicts a yes: planned (future target) or not implemented.
    assert_eq!(status("Q3"), answered("No"));
    assert!(
        by_id(&json, "Q3")["narrative"]
            .as_str()
            .unwrap()
            .contains("2027-03-31")
    );
    assert_eq!(status("Q4"), answered("No"));
    // Never invent: each of these needs a person, with the reason.
    for (id, reason) in [
        ("LS-Q-GHOST", "cites control `LS-GONE`"),
        ("LS-Q-MIX", "`LS-SIEM` is only planned"),
        ("Q2", "is stale"),
        ("Q5", "only partially implemented"),
        ("Q6", "target date that has passed"),
        ("Q8", "no control"),
    ] {
        assert_eq!(status(id), review, "{id}");
        let why = by_id(&json, id)["reason"].as_str().unwrap();
        assert!(why.contains(reason), "{id}: {why}");
    }
    assert_eq!(json["summary"]["answered"], 7);
    assert_eq!(json["summary"]["needs_review"], 6);
}

#[test]
fn answers_cite_controls_evidence_hashes_and_ownership() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "lakeside.csv", LAKESIDE_SHEET);
    let json = answer_json(&sheet, &lakeside());
    let enc = by_id(&json, "LS-Q-ENC");
    assert_eq!(enc["controls"], serde_json::json!(["LS-ENC"]));
    assert_eq!(enc["ownership"], "provider");
    assert_eq!(enc["confidence"], 1.0);
    let evidence = &enc["evidence"][0];
    assert_eq!(evidence["path"], "security/tls-scan.json");
    assert_eq!(evidence["collected"], "2026-10-01");
    let file = lakeside().join("evidence/security/tls-scan.json");
    assert_eq!(
        evidence["sha256"].as_str().unwrap(),
        // Computed here, not with the library function that produced the answer.
        {
            use sha2::Digest;
            sha2::Sha256::digest(std::fs::read(&file).unwrap())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        }
    );
    // Shared responsibility: the narrative says what the customer owns.
    let mfa = by_id(&json, "Q1");
    assert_eq!(mfa["ownership"], "shared");
    assert!(
        mfa["narrative"]
            .as_str()
            .unwrap()
            .contains("Customer responsibility: Enforce MFA for your own users")
    );
}

#[test]
fn confidential_evidence_is_cited_without_its_path_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "lakeside.csv", LAKESIDE_SHEET);
    let json = answer_json(&sheet, &lakeside());
    let cited = &by_id(&json, "Q1")["evidence"][0];
    assert!(cited.get("path").is_none(), "{cited}");
    assert_eq!(cited["confidential"], true);
    assert_eq!(cited["sha256"].as_str().unwrap().len(), 64);
    for format in ["json", "csv", "xlsx"] {
        let out = dir.path().join(format!("out.{format}"));
        let (code, _, stderr) = answer(
            &sheet,
            &lakeside(),
            &["--format", format, "--out", out.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{stderr}");
        let bytes = std::fs::read(&out).unwrap();
        let haystack = if format == "xlsx" {
            all_xlsx_text(&out)
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(
            !haystack.contains("idp-mfa-export"),
            "{format} leaks the path"
        );
        assert!(
            !haystack.contains("confidential/"),
            "{format} leaks the path"
        );
    }
}

fn all_xlsx_text(path: &Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn csv_output_keeps_every_row_and_column_and_neutralises_formulas() {
    let (code, stdout, stderr) = answer(&caiq_style(), &lakeside(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let read = |bytes: &[u8]| -> Vec<Vec<String>> {
        let sheet =
            evidence::questionnaire::sheet::parse_csv(Path::new("x.csv"), bytes).expect("csv");
        sheet
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text().into_owned()).collect())
            .collect()
    };
    let input = read(&std::fs::read(caiq_style()).unwrap());
    let output = read(&stdout);
    assert_eq!(output.len(), input.len(), "same rows, blank row included");
    assert_eq!(output[0], input[0], "title row unchanged");
    assert!(output[1].is_empty(), "blank row kept");
    let header = &output[2];
    assert_eq!(
        &header[..input[2].len()],
        &input[2][..],
        "header text unchanged"
    );
    assert_eq!(header[input[2].len()], "Review: status");
    for (r, (before, after)) in input.iter().zip(&output).enumerate().skip(3) {
        // ID, question and the buyer's own columns (notes, weight) survive every row.
        for c in [0, 1, 7] {
            let expected = before.get(c).cloned().unwrap_or_default();
            let got = after.get(c).cloned().unwrap_or_default();
            if expected.starts_with(['=', '+', '@']) || expected == "-2+3" {
                assert_eq!(got, format!("'{expected}"), "row {r} column {c}");
            } else {
                assert_eq!(got, expected, "row {r} column {c}");
            }
        }
    }
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'@SUM(1,2)"));
    assert!(text.contains("'-2+3"));
}

#[test]
fn output_is_deterministic_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json", "xlsx"] {
        let run = |n: usize| {
            let out = dir.path().join(format!("{n}.{format}"));
            let (code, _, stderr) = answer(
                &caiq_style(),
                &lakeside(),
                &["--format", format, "--out", out.to_str().unwrap()],
            );
            assert_eq!(code, 0, "{stderr}");
            std::fs::read(out).unwrap()
        };
        if format == "xlsx" {
            // An XLSX file carries its creation time; compare what it holds.
            let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
            std::fs::write(&a, run(1)).unwrap();
            std::fs::write(&b, run(2)).unwrap();
            assert_eq!(all_xlsx_text(&a), all_xlsx_text(&b));
        } else {
            assert_eq!(run(1), run(2), "{format}");
        }
    }
}

#[test]
fn summary_on_stderr_and_strict_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(dir.path(), "lakeside.csv", LAKESIDE_SHEET);
    let (code, _, stderr) = answer(&sheet, &lakeside(), &["--format", "json"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("13 questions: 7 answered, 6 need review"),
        "{stderr}"
    );
    let (code, _, _) = answer(&sheet, &lakeside(), &["--format", "json", "--strict"]);
    assert_eq!(code, 1, "--strict fails when a row needs review");
    let only_good = write(
        dir.path(),
        "good.csv",
        "ID,Question,Answer\nLS-Q-ENC,Is data encrypted?,\n",
    );
    let (code, _, _) = answer(&only_good, &lakeside(), &["--strict", "--format", "json"]);
    assert_eq!(code, 0);
}

#[test]
fn the_sheets_own_vocabulary_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(
        dir.path(),
        "buyer.csv",
        "Ref,Security question,Response,Responsibility,Notes\n\
         0,Example row,Y,,\n\
         1,Do staff use multi-factor authentication?,,,\n\
         2,Is independent penetration testing performed?,,,\n\
         3,Example of a partial,Partially compliant,,\n\
         4,Is data loss prevention on laptops in place?,N,,\n",
    );
    let out = dir.path().join("answered.csv");
    let (code, _, stderr) = answer(
        &sheet,
        &lakeside(),
        &[
            "--question-column",
            "Security question",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[2].starts_with("1,Do staff use multi-factor authentication?,Y,Shared,"),
        "{}",
        rows[2]
    );
    // The sheet offers a partial answer, so a partial control is answered with it.
    assert!(
        rows[3].starts_with("2,Is independent penetration testing performed?,Partially compliant,"),
        "{}",
        rows[3]
    );
    assert!(
        rows[5].starts_with("4,Is data loss prevention on laptops in place?,N,"),
        "{}",
        rows[5]
    );
}

#[test]
fn a_sheet_without_answer_column_gets_one_appended() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(
        dir.path(),
        "plain.csv",
        "Number,Question\n1,Do staff use multi-factor authentication?\n",
    );
    let (code, stdout, stderr) = answer(&sheet, &lakeside(), &["--no-review-columns"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        "Number,Question,Answer\n1,Do staff use multi-factor authentication?,Yes\n"
    );
}

#[test]
fn bad_input_is_exit_2_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (
            write(dir.path(), "q.txt", "x"),
            vec![],
            "expected a .csv or .xlsx file",
        ),
        (dir.path().join("missing.csv"), vec![], "missing.csv"),
        (
            {
                let p = dir.path().join("latin1.csv");
                std::fs::write(&p, b"ID,Question,Answer\nA-1,Caf\xe9?,\n").unwrap();
                p
            },
            vec![],
            "latin1.csv:2:2: not valid UTF-8",
        ),
        (
            write(dir.path(), "nohead.csv", "Name,Email\na,b\n"),
            vec![],
            "no header row found",
        ),
        (
            write(dir.path(), "q.csv", "ID,Question,Answer\nA-1,Q?,\n"),
            vec!["--answer-column", "Reply"],
            "q.csv:1:1: --answer-column `Reply` names no column",
        ),
        (
            write(dir.path(), "q2.csv", "ID,Question,Answer\nA-1,Q?,\n"),
            vec!["--sheet", "Other"],
            "no sheet named `Other`",
        ),
        (
            write(dir.path(), "fake.xlsx", "this is not a zip file"),
            vec![],
            "not a readable XLSX workbook",
        ),
        (
            write(dir.path(), "q3.csv", "ID,Question,Answer\nA-1,Q?,\n"),
            vec!["--threshold", "2"],
            "outside 0 to 1",
        ),
    ];
    for (file, args, expected) in cases {
        let (code, stdout, stderr) = answer(&file, &lakeside(), &args);
        assert_eq!(code, 2, "{}: {stderr}", file.display());
        assert!(stdout.is_empty());
        assert!(stderr.contains(expected), "{}: {stderr}", file.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_malformed_answer_library_is_exit_2_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    common::copy_dir(&lakeside(), &ws);
    std::fs::write(
        ws.join("answers/broken.yaml"),
        "answers:\n  - questions: [X-1]\n    controls: [LS-ENC]\n    txt: typo\n",
    )
    .unwrap();
    let sheet = write(dir.path(), "q.csv", "ID,Question,Answer\nX-1,Q?,\n");
    let (code, _, stderr) = answer(&sheet, &ws, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("answers/broken.yaml:4:5"), "{stderr}");
}

#[test]
fn out_is_written_atomically_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("answered.csv");
    std::fs::write(&out, "old report").unwrap();
    let (code, stdout, _) = answer(
        &caiq_style(),
        &lakeside(),
        &["--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("\"Security questionnaire")
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["answered.csv"]);
}

#[test]
fn help_teaches_the_command() {
    let out = evidence().args(["answer", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--id-column",
        "--threshold",
        "answers/*.yaml",
        "needs review",
        "Exit codes",
        "new workbook",
    ] {
        assert!(help.contains(needle), "missing {needle:?} in:\n{help}");
    }
}
