//! Answering an XLSX workbook in place: only the answered cells change.
//!
//! An XLSX file is a zip package of XML parts. The buyer's workbook carries far more than cell
//! values: formulas that score the answers, styles, drop-down validation lists, merged ranges,
//! comments, defined names, hidden analyst sheets. Rebuilding the workbook from its values loses
//! all of that, so this module copies every part of the package unchanged (byte for byte, still
//! compressed) and rewrites only the worksheet parts that receive answers, and in those only
//! the `<c>` elements of the answered cells (and the `<row>` elements that must be created to
//! hold them). A replaced cell keeps its style; its value becomes an inline string
//! (`t="inlineStr"`), so the shared-string table is left as it was.
//!
//! The workbook part gains `fullCalcOnLoad="1"` on its `<calcPr>`: the answers feed the buyer's
//! scoring formulas, and their cached results must be recomputed when the file is opened.//!
//! - this module: [`apply`], the package's parts and the `<calcPr>` change;
//! - [`cells`]: the worksheet XML rewritten cell by cell;
//! - [`lists`]: the drop-down lists (list validations) read from the package, so that answers
//!   use the sheet's own words.

mod cells;
mod lists;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::layout::column_from_letter;
use cells::patch_sheet;
pub use lists::{ListValidation, list_validations};

/// The text to put in each cell, by sheet name, then (0-based row, 0-based column).
pub type Edits = BTreeMap<String, BTreeMap<(usize, usize), String>>;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the workbook package cannot be read or written: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("the workbook part {part} is not well-formed XML: {message}")]
    Xml { part: String, message: String },
    #[error("the workbook has no sheet named `{0}`")]
    NoSheet(String),
    #[error("the workbook part {0} is missing")]
    MissingPart(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The workbook `input` (the bytes of an .xlsx file) with `edits` applied.
pub fn apply(input: &[u8], edits: &Edits) -> Result<Vec<u8>, EditError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(input))?;
    let workbook_xml = read_part(&mut archive, "xl/workbook.xml")?;
    let rels = read_part(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let parts = sheet_parts(&workbook_xml, &rels)?;
    let mut replaced: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (sheet, cells) in edits {
        if cells.is_empty() {
            continue;
        }
        let part = parts
            .iter()
            .find(|(name, _)| name == sheet)
            .map(|(_, part)| part.clone())
            .ok_or_else(|| EditError::NoSheet(sheet.clone()))?;
        let xml = read_part(&mut archive, &part)?;
        let patched = patch_sheet(&xml, cells).map_err(|message| EditError::Xml {
            part: part.clone(),
            message,
        })?;
        replaced.insert(part, patched);
    }
    if !replaced.is_empty() {
        replaced.insert(
            "xl/workbook.xml".to_string(),
            recalculate_on_load(&workbook_xml),
        );
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let name = archive.by_index_raw(index)?.name()?.into_owned();
        match replaced.get(&name) {
            Some(bytes) => {
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                out.start_file(&name, options)?;
                out.write_all(bytes)?;
            }
            None => out.raw_copy_file(archive.by_index_raw(index)?)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

fn read_part<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, EditError> {
    let mut file = archive.by_name(name).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => EditError::MissingPart(name.to_string()),
        other => EditError::Zip(other),
    })?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Sheet names and their part paths (`xl/worksheets/sheet1.xml`), from the workbook part and
/// its relationships.
fn sheet_parts(workbook: &[u8], rels: &[u8]) -> Result<Vec<(String, String)>, EditError> {
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    each_element(rels, "xl/_rels/workbook.xml.rels", "Relationship", |e| {
        if let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target")) {
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    })?;
    let mut out = Vec::new();
    each_element(workbook, "xl/workbook.xml", "sheet", |e| {
        if let (Some(name), Some(id)) = (attribute(e, "name"), attribute(e, "id"))
            && let Some(target) = targets.get(&id)
        {
            out.push((name, target.clone()));
        }
    })?;
    Ok(out)
}

/// Call `visit` on every element of `xml` (the package part `part`) whose local name is
/// `local`; an XML error names the part.
fn each_element(
    xml: &[u8],
    part: &str,
    local: &str,
    mut visit: impl FnMut(&BytesStart<'_>),
) -> Result<(), EditError> {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event().map_err(|e| EditError::Xml {
            part: part.to_string(),
            message: e.to_string(),
        })? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                visit(&e);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// "C2:C9" or "C5" → (1, 2, 8, 2); `$` signs ignored.
pub fn parse_range(text: &str) -> Option<(usize, usize, usize, usize)> {
    let text = text.replace('$', "");
    let (a, b) = text.split_once(':').unwrap_or((&text, &text));
    let (r0, c0) = parse_reference(a)?;
    let (r1, c1) = parse_reference(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

/// An attribute's unescaped value, matched by local name (`r:id` matches `id`).
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().filter_map(Result::ok).find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

/// `fullCalcOnLoad="1"` on `<calcPr>`, adding the element where the schema puts it if the
/// workbook has none. Everything else in the part is kept as it was.
fn recalculate_on_load(xml: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    if let Some(start) = text.find("<calcPr") {
        let end = text[start..].find('>').map_or(text.len(), |i| start + i);
        let element = &text[start..end];
        if element.contains("fullCalcOnLoad") {
            return xml.to_vec();
        }
        let insert_at = if element.ends_with('/') { end - 1 } else { end };
        let mut out = text[..insert_at].to_string();
        out.push_str(" fullCalcOnLoad=\"1\"");
        out.push_str(&text[insert_at..]);
        return out.into_bytes();
    }
    // CT_Workbook order: ... sheets, functionGroups, externalReferences, definedNames, calcPr.
    for anchor in [
        "</definedNames>",
        "</externalReferences>",
        "</functionGroups>",
        "</sheets>",
    ] {
        if let Some(i) = text.find(anchor) {
            let at = i + anchor.len();
            let mut out = text[..at].to_string();
            out.push_str("<calcPr fullCalcOnLoad=\"1\"/>");
            out.push_str(&text[at..]);
            return out.into_bytes();
        }
    }
    xml.to_vec()
}

/// A cell reference's (row, column), 0-based: "C12" → (11, 2).
fn parse_reference(reference: &str) -> Option<(usize, usize)> {
    let letters = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    let row: usize = row.parse().ok()?;
    let column = column_from_letter(column)?;
    (row >= 1).then(|| (row - 1, column))
}
