//! Diagnostics in the user's terms: a malformed value names what was expected in words a
//! compliance lead uses, and every message about a file shows its line with a caret under the
//! column, for loader errors and check findings alike.

mod common;

use std::path::Path;

use common::{NOW, evidence, fixture};

fn workspace_with(dir: &Path, from: &str, to: &str) {
    common::copy_dir(&fixture("rules/clean"), dir);
    let file = dir.join("controls/main.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from));
    std::fs::write(&file, text.replace(from, to)).unwrap();
}

fn check(dir: &Path) -> (i32, String, String) {
    let out = evidence()
        .args(["check", "--now", NOW, "-C"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_date_says_what_a_date_looks_like_and_shows_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    workspace_with(tmp.path(), "collected: 2026-10-01", "collected: 2026-13-45");
    let (code, _, stderr) = check(tmp.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "error[invalid-value]: controls/main.yaml:10:20: expected a date as YYYY-MM-DD"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> controls/main.yaml:10:20"), "{stderr}");
    assert!(
        stderr.contains("10 |         collected: 2026-13-45"),
        "{stderr}"
    );
    assert!(stderr.contains("^^^^^^^^^^"), "{stderr}");
}

#[test]
fn a_scalar_where_a_list_belongs_says_expected_a_list() {
    let tmp = tempfile::tempdir().unwrap();
    workspace_with(tmp.path(), "mini: [M-1, M-2]", "mini: M-1");
    let (code, _, stderr) = check(tmp.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("expected a list"), "{stderr}");
    assert!(stderr.contains("mini: M-1"), "{stderr}");
    assert!(!stderr.contains("sequence start"), "{stderr}");
}

#[test]
fn a_missing_directory_given_with_c_is_named_as_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, stderr) = check(&tmp.path().join("nope"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no such directory (given with -C)"),
        "{stderr}"
    );
    assert!(!stderr.contains("evidence init"), "{stderr}");
}

#[test]
fn check_findings_show_their_line_with_a_caret() {
    let (code, stdout, _) = check(&common::repo().join("examples/northwind-gaps"));
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "error[stale-evidence]: controls/security.yaml:14:20: evidence `evidence/security/tls-scan.json`"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("14 |         collected: 2026-03-02"),
        "{stdout}"
    );
    assert!(
        stdout.contains("   |                    ^^^^^^^^^^"),
        "{stdout}"
    );
    assert!(stdout.contains("= help: collect it again"), "{stdout}");
}

/// A loader error and a check finding print the same way: `severity[code]: file:line:column:
/// message`, then the line with a caret.
#[test]
fn loader_errors_and_findings_print_the_same_way() {
    let tmp = tempfile::tempdir().unwrap();
    workspace_with(tmp.path(), "collected: 2026-10-01", "colected: 2026-10-01");
    let (code, _, loader) = check(tmp.path());
    assert_eq!(code, 2);
    let (_, finding, _) = check(&common::repo().join("examples/northwind-gaps"));
    for (out, head) in [
        (
            &loader,
            "error[unknown-field]: controls/main.yaml:10:9: unknown field `colected`",
        ),
        (
            &finding,
            "warning[review-overdue]: controls/security.yaml:37:21: control",
        ),
    ] {
        let at = out.find(head).unwrap_or_else(|| panic!("{head} in {out}"));
        let rest = &out[at..];
        let lines: Vec<&str> = rest.lines().take(5).collect();
        assert!(lines[1].trim_start().starts_with("--> "), "{rest}");
        assert!(lines[2].trim() == "|", "{rest}");
        assert!(lines[4].contains('^'), "{rest}");
    }
}

/// Every code in the registry is documented where users look it up: check rules and input codes
/// in README.md (rule table, "Diagnostic codes"), bundle codes in docs/bundle-format.md.
#[test]
fn every_diagnostic_code_is_documented() {
    use evidence::diag::Code;
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let bundle_doc = std::fs::read_to_string(common::repo().join("docs/bundle-format.md")).unwrap();
    for code in Code::all() {
        let (doc, row) = match code {
            Code::Input(c) => (&readme, format!("| `{}` | {} |", c.code(), c.summary())),
            Code::Rule(r) => (
                &readme,
                format!("| `{}` | {} |", r.code(), r.default_severity()),
            ),
            Code::Bundle(c) => (&bundle_doc, format!("`{}`", c.as_str())),
        };
        assert!(doc.contains(&row), "{code} is not documented: {row}");
    }
}
