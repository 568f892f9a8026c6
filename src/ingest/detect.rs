//! Recognising a format by content, never by file name.
//!
//! XML is recognised by its root element. JSON is parsed as a stream of values (so that OCSF
//! JSON lines are one input) and each value is recognised by its keys; a value that matches
//! two formats is ambiguous and refused. JSON that does not parse (a truncated file, say) is
//! recognised by the earliest of each format's marker strings, so that the format's own parser
//! can say where it breaks and what was expected instead of "not recognised".

use quick_xml::events::Event;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

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
    let not_recognised = || IngestError::not_recognised(name);
    let starts_as_array = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if starts_as_array {
        // Only OCSF findings come as an array.
        return match serde_json::from_slice::<Vec<Keys>>(bytes) {
            Ok(items) if !items.is_empty() && items.iter().all(|k| k.mark(Format::Ocsf)) => {
                Ok(Format::Ocsf)
            }
            Ok(_) => Err(not_recognised()),
            Err(_) => sniff(bytes).ok_or_else(not_recognised),
        };
    }
    let mut found: Option<Format> = None;
    for keys in serde_json::Deserializer::from_slice(bytes).into_iter::<Keys>() {
        let Ok(keys) = keys else {
            // Not JSON from here on: the format's parser reports where, if we know the format.
            return found.or_else(|| sniff(bytes)).ok_or_else(not_recognised);
        };
        let format = keys.format().ok_or_else(not_recognised)?;
        match found {
            // Only OCSF findings come as several values (JSON lines); for any other format the
            // parser reports the trailing data.
            Some(Format::Ocsf) if format == Format::Ocsf => {}
            Some(other) => return Ok(other),
            None => found = Some(format),
        }
    }
    found.ok_or_else(not_recognised)
}

/// A top-level JSON object reduced to what recognition needs: the keys that mark a format and
/// the two values it looks at. Everything else is skipped as it is read, so recognising a
/// large file does not hold a copy of it in memory.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    runs: Option<IgnoredAny>,
    version: Option<IgnoredAny>,
    #[serde(rename = "$schema")]
    schema: Option<Value>,
    #[serde(rename = "bomFormat")]
    bom_format: Option<IgnoredAny>,
    class_uid: Option<IgnoredAny>,
    #[serde(rename = "_type")]
    statement_type: Option<Value>,
    #[serde(rename = "payloadType")]
    payload_type: Option<IgnoredAny>,
    payload: Option<IgnoredAny>,
    #[serde(rename = "assessment-results")]
    assessment_results: Option<IgnoredAny>,
}

impl Keys {
    /// The one format these keys mark; `None` if none or several (ambiguous).
    fn format(&self) -> Option<Format> {
        let matches: Vec<Format> = Format::ALL.into_iter().filter(|f| self.mark(*f)).collect();
        (matches.len() == 1).then(|| matches[0])
    }

    /// Whether these keys mark `format`.
    fn mark(&self, format: Format) -> bool {
        let text = |v: &Option<Value>| {
            v.as_ref()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        match format {
            Format::Sarif => {
                self.runs.is_some()
                    && (self.version.is_some()
                        || text(&self.schema).to_lowercase().contains("sarif"))
            }
            Format::Junit => false,
            Format::CycloneDx => self.bom_format.is_some(),
            Format::Ocsf => self.class_uid.is_some(),
            Format::InToto => {
                text(&self.statement_type).starts_with("https://in-toto.io/Statement/")
                    || (self.payload_type.is_some() && self.payload.is_some())
            }
            Format::OscalAssessmentResults => self.assessment_results.is_some(),
        }
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
