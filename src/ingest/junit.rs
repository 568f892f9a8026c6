//! JUnit XML test reports (pytest, Maven Surefire, Gradle, Jest, go-junit-report, …).
//!
//! - Recognised by the root element `<testsuites>` or `<testsuite>`.
//! - Collected: the latest `timestamp` attribute of any `<testsuites>`/`<testsuite>`. Many
//!   writers (Surefire, older pytest) put a local time without an offset there; such a time is
//!   read as UTC and the summary says so.
//! - Failing when there is any `<failure>` or `<error>` element, or when the declared
//!   `failures`/`errors` counts are above zero (both are looked at: some writers count without
//!   listing, some list without counting). Skipped tests are not failures. A report of no
//!   tests shows nothing: informational.
//! - Tool: `pytest` when the suite is named so (pytest's own name), `Maven Surefire` when the
//!   report points at Surefire's schema; else none (JUnit XML does not name its writer).
//! - A `<!DOCTYPE>` is refused: JUnit reports never need one, and entity definitions are the
//!   stuff of "billion laughs" bombs. Entities are never expanded here in any case.

use quick_xml::events::{BytesStart, Event};

use super::{Artefact, Format, IngestError, Outcome, Tool, by, count, one_line, time};
use crate::source::Position;

/// What the report holds, counted as it is read.
#[derive(Debug, Default)]
struct Tally {
    tests: usize,
    failure_elements: usize,
    error_elements: usize,
    skipped_elements: usize,
    /// The counts the outermost suites declare.
    declared_failures: u64,
    declared_errors: u64,
    declared_tests: u64,
    root_declares_counts: bool,
    latest: Option<time::Instant>,
    any_without_offset: bool,
    reasons: Vec<String>,
    tool: Option<Tool>,
}

/// The testcase being read, for naming failures.
#[derive(Debug, Default)]
struct Case {
    name: String,
}

pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Artefact, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut tally = Tally::default();
    let mut depth = 0usize;
    let mut open: Vec<String> = Vec::new();
    let mut case: Option<Case> = None;
    let at = |offset: u64| Position::of_byte_offset(&text, usize::try_from(offset).unwrap_or(0));
    let malformed = |position: Position, message: String| {
        IngestError::malformed(name, Format::Junit, position, message)
    };
    loop {
        // Where the event starts: errors about an element point at its `<`. (Turned into a
        // line and column only on error: that scans the text.)
        let start = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(at(reader.error_position()), format!("invalid XML: {e}")))?;
        match event {
            Event::DocType(_) => {
                return Err(malformed(
                    at(start),
                    "a <!DOCTYPE> declaration is not accepted in a JUnit report (its entity \
                     definitions could expand without bound)"
                        .into(),
                ));
            }
            Event::Start(e) => {
                element(&e, depth, &mut tally, &mut case).map_err(|m| malformed(at(start), m))?;
                depth += 1;
                open.push(e.local_name().as_ref().to_string());
            }
            Event::Empty(e) => {
                element(&e, depth, &mut tally, &mut case).map_err(|m| malformed(at(start), m))?;
                if e.local_name().as_ref() == "testcase" {
                    case = None;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                open.pop();
                if e.local_name().as_ref() == "testcase" {
                    case = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(inside) = open.last() {
        return Err(malformed(
            at(text.len() as u64),
            format!("the report ends inside <{inside}> (is the file truncated?)"),
        ));
    }
    Ok(artefact(tally))
}

/// Take what an opening (or empty) element says.
fn element(
    e: &BytesStart<'_>,
    depth: usize,
    tally: &mut Tally,
    case: &mut Option<Case>,
) -> Result<(), String> {
    match e.local_name().as_ref() {
        "testsuites" | "testsuite" => suite(e, depth, tally),
        "testcase" => {
            tally.tests += 1;
            let test = attribute(e, "name").unwrap_or_default();
            let name = match attribute(e, "classname").filter(|c| !c.is_empty()) {
                Some(class) => format!("{class}.{test}"),
                None => test,
            };
            *case = Some(Case { name });
            Ok(())
        }
        kind @ ("failure" | "error") => {
            let failure = kind == "failure";
            if failure {
                tally.failure_elements += 1;
            } else {
                tally.error_elements += 1;
            }
            let test = case
                .as_ref()
                .map_or_else(|| "the suite".to_string(), |c| c.name.clone());
            let what = if failure { "failed" } else { "errored" };
            let message = attribute(e, "message")
                .or_else(|| attribute(e, "type"))
                .map(|m| format!(": {}", one_line(&m, 160)))
                .unwrap_or_default();
            tally.reasons.push(format!("{test} {what}{message}"));
            Ok(())
        }
        "skipped" => {
            tally.skipped_elements += 1;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A `<testsuites>` or `<testsuite>`: its time, its declared counts (outermost only, so that
/// nested suites are not counted twice), and the tool it hints at.
fn suite(e: &BytesStart<'_>, depth: usize, tally: &mut Tally) -> Result<(), String> {
    if let Some(stamp) = attribute(e, "timestamp").filter(|s| !s.trim().is_empty()) {
        let instant = time::parse(&stamp).map_err(|m| format!("timestamp {m}"))?;
        tally.any_without_offset |= instant.without_offset;
        if tally.latest.is_none_or(|l| instant.at > l.at) {
            tally.latest = Some(instant);
        }
    }
    // The root's counts when it declares any; else the sum over its child suites.
    let counted = match depth {
        0 => {
            tally.root_declares_counts = declares_counts(e);
            true
        }
        1 => !tally.root_declares_counts,
        _ => false,
    };
    let (failures, errors, tests) = (
        number(e, "failures")?,
        number(e, "errors")?,
        number(e, "tests")?,
    );
    if counted {
        tally.declared_failures += failures;
        tally.declared_errors += errors;
        tally.declared_tests += tests;
    }
    if tally.tool.is_none() {
        tally.tool = tool_of(e);
    }
    Ok(())
}

fn declares_counts(e: &BytesStart<'_>) -> bool {
    ["tests", "failures", "errors"]
        .iter()
        .any(|a| attribute(e, a).is_some())
}

fn tool_of(e: &BytesStart<'_>) -> Option<Tool> {
    if attribute(e, "name").as_deref() == Some("pytest") {
        return Tool::new("pytest", None::<String>);
    }
    let surefire = attribute(e, "noNamespaceSchemaLocation")
        .is_some_and(|s| s.contains("maven-surefire-plugin"));
    if surefire {
        return Tool::new("Maven Surefire", None::<String>);
    }
    None
}

/// A count attribute: absent is 0; not a whole number is an error.
fn number(e: &BytesStart<'_>, name: &str) -> Result<u64, String> {
    match attribute(e, name) {
        None => Ok(0),
        Some(v) if v.trim().is_empty() => Ok(0),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("{name}={v:?} is not a whole number")),
    }
}

/// An attribute's value by local name, unescaped where the escapes are the standard ones.
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().filter_map(Result::ok).find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

fn artefact(tally: Tally) -> Artefact {
    let failures = tally
        .failure_elements
        .max(usize_of(tally.declared_failures));
    let errors = tally.error_elements.max(usize_of(tally.declared_errors));
    let tests = tally.tests.max(usize_of(tally.declared_tests));
    let mut reasons = tally.reasons;
    if reasons.is_empty() && (failures > 0 || errors > 0) {
        reasons.push(format!(
            "the report declares {} and {} without listing them",
            count(failures, "failure", "failures"),
            count(errors, "error", "errors")
        ));
    }
    let outcome = if !reasons.is_empty() {
        Outcome::failing(reasons)
    } else if tests == 0 {
        // A report of no tests shows nothing passed.
        Outcome::Informational
    } else {
        Outcome::Passing
    };
    let naive = if tally.any_without_offset {
        "; timestamp has no offset, read as UTC"
    } else {
        ""
    };
    let summary = format!(
        "JUnit: {}, {}, {}, {} skipped{}{naive}",
        count(tests, "test", "tests"),
        count(failures, "failure", "failures"),
        count(errors, "error", "errors"),
        tally.skipped_elements,
        by(&tally.tool)
    );
    Artefact {
        format: Format::Junit,
        collected_at: tally.latest.map(|l| l.at),
        outcome,
        tool: tally.tool,
        summary,
    }
}

fn usize_of(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}
