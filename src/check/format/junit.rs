//! `--format junit`: JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).
//!
//! One test suite per rule; each error is a failed test case named after its location, each
//! warning a passing one that carries its message; a rule with no findings is one passing case,
//! so the report also shows what was checked.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use crate::check::{Finding, Report, Rule, Severity};

pub fn render(report: &Report) -> String {
    let mut junit = JunitReport::new("evidence check");
    for &rule in Rule::ALL {
        let mut suite = TestSuite::new(rule.code());
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.rule() == Some(rule))
            .collect();
        if findings.is_empty() {
            let mut case = TestCase::new(rule.summary(), TestCaseStatus::success());
            case.set_classname(rule.code());
            suite.add_test_case(case);
        }
        for finding in findings {
            suite.add_test_case(test_case(finding));
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

fn test_case(f: &Finding) -> TestCase {
    let detail = match f.hint() {
        Some(hint) => format!("{}\n--> {}\nhint: {hint}", f.message, f.location),
        None => format!("{}\n--> {}", f.message, f.location),
    };
    let status = match f.severity {
        Severity::Error => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(f.message.clone())
                .set_type(f.code.as_str())
                .set_description(detail.clone());
            status
        }
        Severity::Warning => TestCaseStatus::success(),
    };
    let mut case = TestCase::new(format!("{}: {}", f.location, f.message), status);
    case.set_classname(f.location.display_path());
    if f.severity == Severity::Warning {
        case.set_system_out(format!("warning: {detail}"));
    }
    case
}
