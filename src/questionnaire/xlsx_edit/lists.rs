//! The drop-down lists of a workbook (list validations, in Excel 2007's and Excel 2010's
//! spellings) and its defined names, read from the package so that answers use the words the
//! buyer's list offers.

use std::collections::BTreeMap;
use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attribute, parse_range, read_part, sheet_parts};

/// A drop-down list on a sheet: the cell ranges it covers and its source, either the literal
/// values (`"Yes,No,N/A"`) or a reference (`'Auto Responses'!$J$3:$J$5`, a defined name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListValidation {
    /// (first row, first column, last row, last column), 0-based, inclusive.
    pub ranges: Vec<(usize, usize, usize, usize)>,
    pub source: String,
}

/// The list validations of every sheet (by name), and the workbook's defined names, read from
/// the package `input`. Anything unreadable yields nothing: the lists only refine the words.
pub fn list_validations(
    input: &[u8],
) -> (
    BTreeMap<String, Vec<ListValidation>>,
    BTreeMap<String, String>,
) {
    let mut out = BTreeMap::new();
    let mut names = BTreeMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(input)) else {
        return (out, names);
    };
    let (Ok(workbook), Ok(rels)) = (
        read_part(&mut archive, "xl/workbook.xml"),
        read_part(&mut archive, "xl/_rels/workbook.xml.rels"),
    ) else {
        return (out, names);
    };
    names = defined_names(&workbook);
    let Ok(parts) = sheet_parts(&workbook, &rels) else {
        return (out, names);
    };
    for (sheet, part) in parts {
        if let Ok(xml) = read_part(&mut archive, &part) {
            let lists = lists_in(&xml);
            if !lists.is_empty() {
                out.insert(sheet, lists);
            }
        }
    }
    (out, names)
}

fn defined_names(workbook: &[u8]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut reader = Reader::from_reader(workbook);
    let mut current: Option<(String, String)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "definedName" => {
                current = attribute(&e, "name").map(|n| (n, String::new()));
            }
            Ok(event @ (Event::Text(_) | Event::GeneralRef(_))) => {
                if let Some((_, text)) = current.as_mut() {
                    push_text(text, &event);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "definedName" => {
                if let Some((name, text)) = current.take() {
                    names.insert(name, text);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    names
}

/// Append a text or entity-reference event's characters to `text`.
fn push_text(text: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) => text.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            let name: &str = r;
            match name {
                "quot" => text.push('"'),
                "amp" => text.push('&'),
                "apos" => text.push('\''),
                "lt" => text.push('<'),
                "gt" => text.push('>'),
                other => {
                    let code = other
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()));
                    text.extend(code.and_then(char::from_u32));
                }
            }
        }
        _ => {}
    }
}

/// `<dataValidation type="list" sqref="C2:C9"><formula1>…</formula1>` and Excel 2010's
/// `<x14:dataValidation type="list"><x14:formula1><xm:f>…</xm:f></x14:formula1><xm:sqref>…`.
pub(super) fn lists_in(xml: &[u8]) -> Vec<ListValidation> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut open: Option<(String, String)> = None; // (sqref, formula)
    let mut in_formula = false;
    let mut in_sqref = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "dataValidation" => {
                    open = (attribute(&e, "type").as_deref() == Some("list"))
                        .then(|| (attribute(&e, "sqref").unwrap_or_default(), String::new()));
                }
                "formula1" => in_formula = true,
                "sqref" => in_sqref = true,
                _ => {}
            },
            Ok(event @ (Event::Text(_) | Event::GeneralRef(_)))
                if open.is_some() && (in_formula || in_sqref) =>
            {
                if let Some((sqref, formula)) = open.as_mut() {
                    push_text(if in_formula { formula } else { sqref }, &event);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "formula1" => in_formula = false,
                "sqref" => in_sqref = false,
                "dataValidation" => {
                    if let Some((sqref, formula)) = open.take() {
                        let ranges: Vec<_> =
                            sqref.split_whitespace().filter_map(parse_range).collect();
                        if !ranges.is_empty() && !formula.trim().is_empty() {
                            out.push(ListValidation {
                                ranges,
                                source: formula.trim().to_string(),
                            });
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}
