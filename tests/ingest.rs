//! `evidence::ingest`: every fixture in tests/fixtures/ingest read as the lead's `ingest`
//! command will read it, asserting format, collected date, outcome, tool and summary; then the
//! refusals (malformed, not recognised, too large) and a no-panic sweep over truncations.

mod common;

use std::path::{Path, PathBuf};

use evidence::ingest::{self, Artefact, Format, IngestError, Outcome};

fn fixture(rel: &str) -> PathBuf {
    common::fixture("ingest").join(rel)
}

fn read(rel: &str) -> Artefact {
    ingest::read(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn refuse(rel: &str) -> IngestError {
    match ingest::read(&fixture(rel)) {
        Ok(a) => panic!("{rel} was accepted: {a:?}"),
        Err(e) => e,
    }
}

fn at(text: &str) -> Option<jiff::Timestamp> {
    Some(text.parse().unwrap())
}

/// The reasons of a failing outcome.
fn reasons(a: &Artefact) -> &[String] {
    match &a.outcome {
        Outcome::Failing { reasons } => reasons,
        other => panic!("expected failing, got {other:?}"),
    }
}

fn tool(a: &Artefact) -> String {
    a.tool.as_ref().map(ToString::to_string).unwrap_or_default()
}

#[test]
fn sarif_error_results_fail_and_warnings_do_not() {
    // Semgrep: one result without a level whose rule defaults to error, one explicit error.
    let a = read("sarif/semgrep-failing.sarif");
    assert_eq!(a.format, Format::Sarif);
    assert_eq!(a.collected_at, None, "Semgrep writes no invocation times");
    assert_eq!(tool(&a), "Semgrep OSS 1.95.0");
    assert_eq!(
        a.summary,
        "SARIF 2.1.0: 3 results, 2 errors, 0 warnings (Semgrep OSS 1.95.0)"
    );
    let r = reasons(&a);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r[0].starts_with(
        "Semgrep OSS error python.lang.security.audit.formatted-sql-query.formatted-sql-query at app/routes/export.py:41: Detected string concatenation"
    ));
    assert!(r[1].contains("django-debug-true at app/settings.py:12"));

    // CodeQL writes no level on results: the rule's defaultConfiguration decides (§3.27.10).
    let a = read("sarif/codeql-failing.sarif");
    assert_eq!(
        a.summary,
        "SARIF 2.1.0: 3 results, 1 error, 1 warning (CodeQL 2.19.3)"
    );
    assert_eq!(
        reasons(&a),
        [
            "CodeQL error js/sql-injection at src/server/reports.js:44: This query string depends on a [user-provided value](1)."
        ]
    );

    let a = read("sarif/codeql-warnings-passing.sarif");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(
        a.summary,
        "SARIF 2.1.0: 2 results, 0 errors, 1 warning (CodeQL 2.19.3)"
    );
}

#[test]
fn sarif_pass_and_not_applicable_results_are_not_failures_and_the_end_time_dates_it() {
    // BinSkim: `kind: pass` / `notApplicable` results under rules whose default level is error.
    let a = read("sarif/binskim-passing.sarif");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, at("2026-11-18T14:02:19.917Z"));
    assert_eq!(tool(&a), "BinSkim 4.3.1.0");
    assert_eq!(
        a.summary,
        "SARIF 2.1.0: 3 results, 0 errors, 0 warnings (BinSkim 4.3.1.0)"
    );
}

#[test]
fn junit_failures_and_errors_fail_skips_do_not() {
    let a = read("junit/gradle-failing.xml");
    assert_eq!(a.format, Format::Junit);
    // Gradle writes the time without an offset: read as UTC, and the summary says so.
    assert_eq!(a.collected_at, at("2026-11-19T16:45:31Z"));
    assert_eq!(
        a.summary,
        "JUnit: 4 tests, 1 failure, 1 error, 0 skipped; timestamp has no offset, read as UTC"
    );
    assert_eq!(
        reasons(&a),
        [
            "com.acme.billing.InvoiceServiceTest.vatIsAppliedPerLine() failed: org.opentest4j.AssertionFailedError: expected: <10.05> but was: <10.04>",
            "com.acme.billing.InvoiceServiceTest.creditNotesReferenceTheirInvoice() errored: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 500ms."
        ]
    );

    let a = read("junit/pytest-passing.xml");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, at("2026-11-20T09:14:02.734519Z"));
    assert_eq!(
        a.summary,
        "JUnit: 5 tests, 0 failures, 0 errors, 1 skipped (pytest)"
    );

    let a = read("junit/surefire-passing.xml");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, None, "Surefire writes no timestamp");
    assert_eq!(
        a.summary,
        "JUnit: 3 tests, 0 failures, 0 errors, 0 skipped (Maven Surefire)"
    );
}

#[test]
fn junit_counts_declared_without_elements_still_fail() {
    let xml = br#"<testsuites tests="2" failures="1"><testsuite name="s" tests="2" failures="1"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>"#;
    let a = ingest::parse("results.xml", xml).unwrap();
    assert_eq!(
        reasons(&a),
        ["the report declares 1 failure and 0 errors without listing them"]
    );
    assert_eq!(a.summary, "JUnit: 2 tests, 1 failure, 0 errors, 0 skipped");
    // Sibling suites under an uncounted root are summed, not taken once.
    let xml = br#"<testsuites><testsuite tests="1" errors="0"/><testsuite tests="2" errors="1"/></testsuites>"#;
    let a = ingest::parse("results.xml", xml).unwrap();
    assert!(a.outcome.is_failing());
    assert_eq!(a.summary, "JUnit: 3 tests, 0 failures, 1 error, 0 skipped");
}

#[test]
fn empty_reports_prove_nothing() {
    let sarif = br#"{"version": "2.1.0", "runs": []}"#;
    let a = ingest::parse("empty.sarif", sarif).unwrap();
    assert_eq!(a.outcome, Outcome::Informational);
    assert_eq!(a.summary, "SARIF 2.1.0: 0 results, 0 errors, 0 warnings");
    // A run that lost its results is not a clean run.
    let sarif = br#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "trivy"}}}]}"#;
    let a = ingest::parse("lost.sarif", sarif).unwrap();
    assert_eq!(
        reasons(&a),
        ["run 1 (trivy) has no results array: the results are not available"]
    );
    let junit = br#"<?xml version="1.0"?><testsuites name="jest tests" tests="0" failures="0" errors="0" time="0.1"></testsuites>"#;
    let a = ingest::parse("junit.xml", junit).unwrap();
    assert_eq!(a.outcome, Outcome::Informational);
}

#[test]
fn cyclonedx_sbom_is_informational_and_vex_judges_analysis_states() {
    let a = read("cyclonedx/syft-sbom.cdx.json");
    assert_eq!(a.format, Format::CycloneDx);
    assert_eq!(a.outcome, Outcome::Informational);
    assert_eq!(a.collected_at, at("2026-11-17T22:41:09Z"));
    assert_eq!(a.summary, "CycloneDX 1.6 SBOM: 4 components (syft 1.18.1)");

    let a = read("cyclonedx/vex-not-affected.cdx.json");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, at("2026-11-21T09:00:00Z"), "10:00+01:00");
    assert_eq!(
        a.summary,
        "CycloneDX 1.5 VEX: 2 vulnerabilities (1 not_affected, 1 resolved) (cyclonedx-cli 0.27.1)"
    );

    let a = read("cyclonedx/vex-exploitable.cdx.json");
    assert_eq!(a.collected_at, at("2026-11-22T07:30:00Z"));
    assert_eq!(
        reasons(&a),
        [
            "GHSA-h4gh-qq45-vh27 is exploitable",
            "CVE-2025-27516 is in_triage",
            "CVE-2024-47081 is not analysed"
        ]
    );
    assert_eq!(
        a.summary,
        "CycloneDX 1.6 VEX: 4 vulnerabilities (1 exploitable, 1 in_triage, 1 not analysed, 1 false_positive) (grype 0.84.0)"
    );
}

#[test]
fn ocsf_fail_findings_fail_and_pass_or_warning_pass() {
    let a = read("ocsf/securityhub-failing.json");
    assert_eq!(a.format, Format::Ocsf);
    assert_eq!(a.collected_at, at("2026-11-21T06:14:03Z"));
    assert_eq!(tool(&a), "Security Hub 2.0");
    assert_eq!(
        a.summary,
        "OCSF Compliance Finding: 2 findings: 1 Fail, 1 Pass, 0 Warning, 0 other (Security Hub 2.0)"
    );
    assert_eq!(
        reasons(&a),
        [
            "control S3.8 failed: S3 general purpose buckets should block public access (arn:aws:securityhub:eu-west-1:123456789012:security-control/S3.8/finding/6f1e2d3c-4b5a-4968-8776-5f4e3d2c1b0a)"
        ]
    );

    // JSON lines; the first finding has no `time`, only finding_info.created_time.
    let a = read("ocsf/posture-passing.ocsf.jsonl");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, at("2026-11-20T23:00:09Z"));
    assert_eq!(
        a.summary,
        "OCSF Compliance Finding: 3 findings: 0 Fail, 2 Pass, 1 Warning, 0 other (cloud-posture 3.2.0)"
    );
}

#[test]
fn ocsf_unknown_status_proves_nothing() {
    let json = br#"{"class_uid": 2003, "time": 1795241643000, "compliance": {"status_id": 0, "status": "Unknown"}}"#;
    let a = ingest::parse("finding.json", json).unwrap();
    assert_eq!(a.outcome, Outcome::Informational);
    // The caption alone is enough when there is no status_id.
    let json = br#"{"class_uid": 2003, "compliance": {"status": "Fail", "control": "CC6.1"}}"#;
    let a = ingest::parse("finding.json", json).unwrap();
    assert_eq!(reasons(&a), ["control CC6.1 failed"]);
    assert_eq!(a.collected_at, None);
}

#[test]
fn in_toto_test_results_judge_and_provenance_dates() {
    let a = read("in-toto/test-result-passing.intoto.json");
    assert_eq!(a.format, Format::InToto);
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(
        a.collected_at, None,
        "the test-result predicate has no time"
    );
    assert_eq!(
        a.summary,
        "in-toto https://in-toto.io/attestation/test-result/v0.1: PASSED (4 passed, 0 warned, 0 failed); 1 subject (git+https://github.com/acme/ledger-api); bare Statement, unsigned"
    );

    let a = read("in-toto/test-result-failing.dsse.json");
    assert_eq!(reasons(&a), ["integration (postgres-16) failed"]);
    assert!(
        a.summary
            .ends_with("DSSE envelope, 1 signature, signature not verified"),
        "{}",
        a.summary
    );

    let a = read("in-toto/slsa-provenance.dsse.json");
    assert_eq!(a.outcome, Outcome::Informational);
    assert_eq!(a.collected_at, at("2026-11-18T08:09:47Z"));
    assert_eq!(tool(&a), "https://tekton.dev/chains/v2");
    assert_eq!(
        a.summary,
        "in-toto https://slsa.dev/provenance/v1: build provenance by https://tekton.dev/chains/v2; 1 subject (ghcr.io/acme/ledger-api sha256:5b0c0b0c6a6f); DSSE envelope, 1 signature, signature not verified"
    );
}

#[test]
fn oscal_not_satisfied_findings_fail() {
    let a = read("oscal/ar-not-satisfied.json");
    assert_eq!(a.format, Format::OscalAssessmentResults);
    assert_eq!(
        a.collected_at,
        at("2026-11-12T21:30:00Z"),
        "end, 16:30-05:00"
    );
    assert_eq!(
        reasons(&a),
        [
            "ac-6.1_obj not satisfied: Production operators hold more privilege than their role needs (result: Q4 2026 access control assessment)"
        ]
    );
    assert_eq!(
        a.summary,
        "OSCAL assessment results \"Ledger platform Q4 2026 assessment results\": 1 result, 2 findings, 1 not satisfied"
    );

    // No `end`: the start dates it.
    let a = read("oscal/ar-satisfied.json");
    assert_eq!(a.outcome, Outcome::Passing);
    assert_eq!(a.collected_at, at("2026-08-18T08:00:00Z"));
}

/// (fixture, format, line:column where the parser gives one, words of the message)
const MALFORMED: &[(&str, Format, &str, &str)] = &[
    (
        "sarif/truncated.sarif",
        Format::Sarif,
        ":66:22: ",
        "the JSON ends before it is complete",
    ),
    (
        "sarif/version-2.0.0.sarif",
        Format::Sarif,
        ": ",
        "SARIF version \"2.0.0\" is not read",
    ),
    (
        "junit/doctype-bomb.xml",
        Format::Junit,
        ":2:1: ",
        "a <!DOCTYPE> declaration is not accepted",
    ),
    (
        "junit/truncated.xml",
        Format::Junit,
        ":17:3: ",
        "invalid XML",
    ),
    (
        "cyclonedx/spec-1.2.cdx.json",
        Format::CycloneDx,
        ": ",
        "CycloneDX specVersion \"1.2\" is not read",
    ),
    (
        "cyclonedx/sbom.cdx.xml",
        Format::CycloneDx,
        ": ",
        "CycloneDX XML BOM, which is not read; convert it to JSON",
    ),
    (
        "ocsf/detection-finding-2004.json",
        Format::Ocsf,
        ": ",
        "finding 1 has class_uid 2004, not 2003",
    ),
    (
        "ocsf/truncated.ocsf.jsonl",
        Format::Ocsf,
        ":3:929: ",
        "the JSON ends before it is complete",
    ),
    (
        "in-toto/bad-payload.dsse.json",
        Format::InToto,
        ": ",
        "the DSSE payload is not base64",
    ),
];

#[test]
fn malformed_files_name_the_file_the_place_and_what_was_expected() {
    for (rel, format, place, words) in MALFORMED {
        let err = refuse(rel);
        let IngestError::Malformed { format: f, .. } = &err else {
            panic!("{rel}: {err:?}");
        };
        assert_eq!(f, format, "{rel}");
        let message = err.to_string();
        let path = fixture(rel).to_string_lossy().into_owned();
        assert!(
            message.starts_with(&format!("{path}{place}")),
            "{rel}: {message}"
        );
        assert!(message.contains(words), "{rel}: {message}");
        assert!(
            message.ends_with(&format!("; expected {}", format.expected())),
            "{rel}: {message}"
        );
    }
}

#[test]
fn unknown_and_ambiguous_files_are_not_recognised_and_list_the_formats() {
    for rel in [
        "unrecognised/package.json",
        "unrecognised/ambiguous.json",
        "unrecognised/notes.txt",
        "unrecognised/pom.xml",
    ] {
        let err = refuse(rel);
        assert!(
            matches!(err, IngestError::NotRecognised { .. }),
            "{rel}: {err:?}"
        );
        let message = err.to_string();
        for format in Format::ALL {
            assert!(message.contains(format.described()), "{rel}: {message}");
        }
    }
}

#[test]
fn detection_is_by_content_not_by_name() {
    let bytes = std::fs::read(fixture("junit/pytest-passing.xml")).unwrap();
    let a = ingest::parse("results.json", &bytes).unwrap();
    assert_eq!(a.format, Format::Junit);
    // A byte-order mark and leading blank lines are allowed.
    let mut with_bom = b"\xEF\xBB\xBF\n\n".to_vec();
    with_bom.extend(std::fs::read(fixture("oscal/ar-satisfied.json")).unwrap());
    assert_eq!(
        ingest::parse("ar.txt", &with_bom).unwrap().format,
        Format::OscalAssessmentResults
    );
}

#[test]
fn every_fixture_is_covered_by_a_test() {
    let named: Vec<&str> = [
        "sarif/semgrep-failing.sarif",
        "sarif/codeql-failing.sarif",
        "sarif/codeql-warnings-passing.sarif",
        "sarif/binskim-passing.sarif",
        "junit/gradle-failing.xml",
        "junit/pytest-passing.xml",
        "junit/surefire-passing.xml",
        "cyclonedx/syft-sbom.cdx.json",
        "cyclonedx/vex-not-affected.cdx.json",
        "cyclonedx/vex-exploitable.cdx.json",
        "ocsf/securityhub-failing.json",
        "ocsf/posture-passing.ocsf.jsonl",
        "in-toto/test-result-passing.intoto.json",
        "in-toto/test-result-failing.dsse.json",
        "in-toto/slsa-provenance.dsse.json",
        "oscal/ar-not-satisfied.json",
        "oscal/ar-satisfied.json",
        "unrecognised/package.json",
        "unrecognised/ambiguous.json",
        "unrecognised/notes.txt",
        "unrecognised/pom.xml",
    ]
    .into_iter()
    .chain(MALFORMED.iter().map(|m| m.0))
    .collect();
    for path in fixtures() {
        let rel = path
            .strip_prefix(fixture(""))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        assert!(named.contains(&rel.as_str()), "{rel} is not tested");
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(fixture(""))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Every prefix of every fixture (as an interrupted download or a full disk leaves it) gives an
/// answer, never a panic; a prefix that is still accepted says no more than the whole file.
#[test]
fn truncated_fixtures_never_panic() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        for end in (0..bytes.len()).step_by(7) {
            let result = std::panic::catch_unwind(|| ingest::parse("cut", &bytes[..end]));
            assert!(result.is_ok(), "{} cut at {end} panics", path.display());
        }
    }
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.sarif");
    // Sparse: no disk is used, and nothing is read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(ingest::MAX_BYTES + 1).unwrap();
    let err = ingest::read(&path).unwrap_err();
    assert!(
        matches!(err, IngestError::TooLarge { size, .. } if size == ingest::MAX_BYTES + 1),
        "{err:?}"
    );
    assert!(err.to_string().contains("huge.sarif"), "{err}");

    let not_a_file = ingest::read(dir.path()).unwrap_err();
    assert!(
        not_a_file.to_string().ends_with(": not a regular file"),
        "{not_a_file}"
    );

    let missing = ingest::read(Path::new("no/such/report.sarif")).unwrap_err();
    assert!(matches!(missing, IngestError::Io { .. }), "{missing:?}");
    assert!(
        missing.to_string().starts_with("no/such/report.sarif: "),
        "{missing}"
    );
}
