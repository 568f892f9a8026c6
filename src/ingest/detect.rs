//! Recognising a format by content, never by file name.
//!
//! XML is recognised by its root element. JSON is parsed as a stream of values (so that OCSF
//! JSON lines are one input) and each value is recognised by its keys; a value that matches
//! two formats is ambiguous and refused. JSON that does not parse (a truncated file, say) is
//! recognised by the earliest of each format's marker strings, so that the format's own parser
//! can say where it breaks and what was expected instead of "not recognised".

use quick_xml::events::Event;
use serde_json::{Map, Value};

use super::{Format, IngestError};
use crate::source::Position;

/// How far into a file that is not valid JSON the markers are looked for.
const SNIFF_BYTES: usize = 1024 * 1024;

pub(super) fn detect(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'<') => detect_xml(name, bytes),
        Some(b'{' | b'[') => detect_json(name, bytes),
        _ => Err(IngestError::not_recognised(name)),
    }
}

fn detect_xml(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return match e.local_name().as_ref() {
                    "testsuites" | "testsuite" => Ok(Format::Junit),
                    "bom" => Err(IngestError::malformed(
                        name,
                        Format::CycloneDx,
                        Position::default(),
                        "this is a CycloneDX XML BOM, which is not read; convert it to JSON \
                         (`cyclonedx convert --input-file BOM.xml --output-format json`)",
                    )),
                    _ => Err(IngestError::not_recognised(name)),
                };
            }
            Ok(Event::Eof) | Err(_) => return Err(IngestError::not_recognised(name)),
            Ok(_) => {}
        }
    }
}

fn detect_json(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
    let mut found: Option<Format> = None;
    for value in serde_json::Deserializer::from_slice(bytes).into_iter::<Value>() {
        let Ok(value) = value else {
            // Not JSON from here on: the format's parser reports where, if we know the format.
            return found
                .or_else(|| sniff(bytes))
                .ok_or_else(|| IngestError::not_recognised(name));
        };
        let format = classify(&value).ok_or_else(|| IngestError::not_recognised(name))?;
        match found {
            // Only OCSF findings come as several values (JSON lines); for any other format the
            // parser reports the trailing data.
            Some(Format::Ocsf) if format == Format::Ocsf => {}
            Some(other) => return Ok(other),
            None => found = Some(format),
        }
    }
    found.ok_or_else(|| IngestError::not_recognised(name))
}

/// The one format a parsed JSON value belongs to; `None` if none or several.
fn classify(value: &Value) -> Option<Format> {
    match value {
        Value::Object(o) => {
            let matches: Vec<Format> = Format::ALL
                .into_iter()
                .filter(|f| object_is(*f, o))
                .collect();
            (matches.len() == 1).then(|| matches[0])
        }
        Value::Array(items) => (!items.is_empty()
            && items
                .iter()
                .all(|i| i.as_object().is_some_and(|o| object_is(Format::Ocsf, o))))
        .then_some(Format::Ocsf),
        _ => None,
    }
}

fn object_is(format: Format, o: &Map<String, Value>) -> bool {
    let text = |key: &str| o.get(key).and_then(Value::as_str).unwrap_or_default();
    match format {
        Format::Sarif => {
            o.contains_key("runs")
                && (o.contains_key("version") || text("$schema").to_lowercase().contains("sarif"))
        }
        Format::Junit => false,
        Format::CycloneDx => o.contains_key("bomFormat"),
        Format::Ocsf => o.contains_key("class_uid"),
        Format::InToto => {
            text("_type").starts_with("https://in-toto.io/Statement/")
                || (o.contains_key("payloadType") && o.contains_key("payload"))
        }
        Format::OscalAssessmentResults => o.contains_key("assessment-results"),
    }
}

/// The format whose marker comes first in a file that is not valid JSON.
fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]).to_lowercase();
    let markers: [(Format, &[&str]); 5] = [
        (Format::Sarif, &["sarif", "\"runs\""]),
        (Format::CycloneDx, &["\"bomformat\""]),
        (Format::Ocsf, &["\"class_uid\""]),
        (Format::InToto, &["in-toto.io/statement", "\"payloadtype\""]),
        (Format::OscalAssessmentResults, &["\"assessment-results\""]),
    ];
    markers
        .iter()
        .filter_map(|(format, words)| {
            words
                .iter()
                .filter_map(|w| head.find(w))
                .min()
                .map(|at| (at, *format))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, format)| format)
}
