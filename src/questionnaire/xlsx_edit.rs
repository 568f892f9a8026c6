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
//! scoring formulas, and their cached results must be recomputed when the file is opened.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::layout::column_letter;

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

fn xml_error(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Sheet names and their part paths (`xl/worksheets/sheet1.xml`), from the workbook part and
/// its relationships.
fn sheet_parts(workbook: &[u8], rels: &[u8]) -> Result<Vec<(String, String)>, EditError> {
    let wrap = |part: &str| {
        let part = part.to_string();
        move |message: String| EditError::Xml {
            part: part.clone(),
            message,
        }
    };
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    let mut reader = Reader::from_reader(rels);
    loop {
        match reader
            .read_event()
            .map_err(xml_error)
            .map_err(wrap("xl/_rels/workbook.xml.rels"))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attribute(&e, "Id");
                let target = attribute(&e, "Target");
                if let (Some(id), Some(target)) = (id, target) {
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{target}"),
                    };
                    targets.insert(id, path);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(workbook);
    loop {
        match reader
            .read_event()
            .map_err(xml_error)
            .map_err(wrap("xl/workbook.xml"))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attribute(&e, "name");
                let id = attribute(&e, "id");
                if let (Some(name), Some(id)) = (name, id)
                    && let Some(target) = targets.get(&id)
                {
                    out.push((name, target.clone()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

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
fn lists_in(xml: &[u8]) -> Vec<ListValidation> {
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
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &reference[letters.len()..];
    let row: usize = digits.parse().ok()?;
    let mut column = 0usize;
    for c in letters.chars() {
        column = column * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    (row >= 1 && column >= 1).then(|| (row - 1, column - 1))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 forbids most control characters; a spreadsheet cell cannot hold them.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// An inline-string cell: text, never a formula, whatever it starts with.
fn new_cell(prefix: &str, row: usize, column: usize, style: Option<&str>, text: &str) -> String {
    let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    format!(
        "<{prefix}c r=\"{}{}\"{style} t=\"inlineStr\"><{prefix}is><{prefix}t xml:space=\"preserve\">{}</{prefix}t></{prefix}is></{prefix}c>",
        column_letter(column),
        row + 1,
        escape(text)
    )
}

fn new_row(prefix: &str, row: usize, cells: &BTreeMap<usize, &String>) -> String {
    let mut out = format!("<{prefix}row r=\"{}\">", row + 1);
    for (&column, text) in cells {
        out.push_str(&new_cell(prefix, row, column, None, text));
    }
    out.push_str(&format!("</{prefix}row>"));
    out
}

/// The sheet part with `cells` written in; every other byte as it was.
fn patch_sheet(xml: &[u8], cells: &BTreeMap<(usize, usize), String>) -> Result<Vec<u8>, String> {
    // Pending edits by row, then column.
    let mut pending: BTreeMap<usize, BTreeMap<usize, &String>> = BTreeMap::new();
    for (&(row, column), text) in cells {
        pending.entry(row).or_default().insert(column, text);
    }
    let mut out: Vec<u8> = Vec::with_capacity(xml.len() + cells.len() * 64);
    let mut copied = 0usize; // bytes of `xml` already copied or replaced
    let mut reader = Reader::from_reader(xml);
    let mut prefix = String::new();
    let mut in_sheet_data = false;
    let mut current_row: Option<usize> = None;
    let mut last_row: Option<usize> = None;
    let mut last_column: Option<usize> = None;
    // Edits of the row being read.
    let mut row_edits: BTreeMap<usize, &String> = BTreeMap::new();
    let position = |r: &Reader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
    loop {
        let before = position(&reader);
        let event = reader.read_event().map_err(xml_error)?;
        let after = position(&reader);
        match event {
            Event::Start(e) if e.local_name().as_ref() == "sheetData" => {
                prefix = tag_prefix(e.name().as_ref());
                in_sheet_data = true;
            }
            Event::Empty(e) if e.local_name().as_ref() == "sheetData" => {
                prefix = tag_prefix(e.name().as_ref());
                out.extend_from_slice(&xml[copied..before]);
                let open = String::from_utf8_lossy(&xml[before..after - 2]).into_owned();
                out.extend_from_slice(open.as_bytes());
                out.push(b'>');
                for (row, cells) in std::mem::take(&mut pending) {
                    out.extend_from_slice(new_row(&prefix, row, &cells).as_bytes());
                }
                out.extend_from_slice(format!("</{prefix}sheetData>").as_bytes());
                copied = after;
            }
            Event::End(e) if in_sheet_data && e.local_name().as_ref() == "sheetData" => {
                out.extend_from_slice(&xml[copied..before]);
                for (row, cells) in std::mem::take(&mut pending) {
                    out.extend_from_slice(new_row(&prefix, row, &cells).as_bytes());
                }
                copied = before;
                in_sheet_data = false;
            }
            Event::Start(e) | Event::Empty(e)
                if in_sheet_data && e.local_name().as_ref() == "row" =>
            {
                let is_empty = xml[..after].ends_with(b"/>");
                let row = attribute(&e, "r")
                    .and_then(|r| r.parse::<usize>().ok())
                    .filter(|&r| r >= 1)
                    .map_or_else(|| last_row.map_or(0, |r| r + 1), |r| r - 1);
                last_row = Some(row);
                last_column = None;
                // Rows to create before this one.
                let earlier: Vec<usize> = pending.range(..row).map(|(&r, _)| r).collect();
                if !earlier.is_empty() {
                    out.extend_from_slice(&xml[copied..before]);
                    copied = before;
                    for r in earlier {
                        let cells = pending.remove(&r).unwrap_or_default();
                        out.extend_from_slice(new_row(&prefix, r, &cells).as_bytes());
                    }
                }
                row_edits = pending.remove(&row).unwrap_or_default();
                if is_empty {
                    if !row_edits.is_empty() {
                        // `<row r="5"/>` becomes `<row r="5">cells</row>`.
                        out.extend_from_slice(&xml[copied..before]);
                        let open = &xml[before..after - 2];
                        out.extend_from_slice(open);
                        out.push(b'>');
                        for (column, text) in std::mem::take(&mut row_edits) {
                            out.extend_from_slice(
                                new_cell(&prefix, row, column, None, text).as_bytes(),
                            );
                        }
                        out.extend_from_slice(format!("</{prefix}row>").as_bytes());
                        copied = after;
                    }
                    current_row = None;
                } else {
                    current_row = Some(row);
                }
            }
            Event::End(e) if in_sheet_data && e.local_name().as_ref() == "row" => {
                if let Some(row) = current_row.take()
                    && !row_edits.is_empty()
                {
                    out.extend_from_slice(&xml[copied..before]);
                    for (column, text) in std::mem::take(&mut row_edits) {
                        out.extend_from_slice(
                            new_cell(&prefix, row, column, None, text).as_bytes(),
                        );
                    }
                    copied = before;
                }
            }
            Event::Start(e) | Event::Empty(e)
                if current_row.is_some() && e.local_name().as_ref() == "c" =>
            {
                let row = current_row.unwrap_or_default();
                let is_empty = matches!(xml.get(..after), Some(b) if b.ends_with(b"/>"));
                let column = attribute(&e, "r")
                    .and_then(|r| parse_reference(&r))
                    .map_or_else(|| last_column.map_or(0, |c| c + 1), |(_, c)| c);
                last_column = Some(column);
                let earlier: Vec<usize> = row_edits.range(..column).map(|(&c, _)| c).collect();
                if !earlier.is_empty() {
                    out.extend_from_slice(&xml[copied..before]);
                    copied = before;
                    for c in earlier {
                        if let Some(text) = row_edits.remove(&c) {
                            out.extend_from_slice(new_cell(&prefix, row, c, None, text).as_bytes());
                        }
                    }
                }
                if let Some(text) = row_edits.remove(&column) {
                    let style = attribute(&e, "s");
                    let end = if is_empty {
                        after
                    } else {
                        skip_to_end_of_cell(&mut reader)?
                    };
                    out.extend_from_slice(&xml[copied..before]);
                    out.extend_from_slice(
                        new_cell(&prefix, row, column, style.as_deref(), text).as_bytes(),
                    );
                    copied = end;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.extend_from_slice(&xml[copied..]);
    if !pending.is_empty() {
        return Err("the sheet has no <sheetData> element to hold the answers".to_string());
    }
    Ok(out)
}

/// Read past the end of the `<c>` element just opened; the position after its `</c>`.
fn skip_to_end_of_cell(reader: &mut Reader<&[u8]>) -> Result<usize, String> {
    let mut depth = 1usize;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX));
                }
            }
            Event::Eof => return Err("a cell element is not closed".to_string()),
            _ => {}
        }
    }
}

/// `x:` of `x:sheetData`; empty without a prefix.
fn tag_prefix(name: &str) -> String {
    name.rfind(':')
        .map(|i| name[..=i].to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[((usize, usize), &str)]) -> BTreeMap<(usize, usize), String> {
        list.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
    }

    #[test]
    fn only_the_edited_cells_change() {
        let xml = br#"<worksheet><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c></row><row r="3"><c r="B3" s="5"/></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>"#;
        let out = patch_sheet(
            xml,
            &cells(&[
                ((0, 1), "Yes"),
                ((1, 0), "new row"),
                ((2, 1), "a < b & c"),
                ((2, 3), "after"),
                ((6, 0), "last"),
            ]),
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            r#"<worksheet><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">Yes</t></is></c><c r="C1"><f>SUM(1,2)</f><v>3</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">new row</t></is></c></row><row r="3"><c r="B3" s="5" t="inlineStr"><is><t xml:space="preserve">a &lt; b &amp; c</t></is></c><c r="D3" t="inlineStr"><is><t xml:space="preserve">after</t></is></c></row><row r="7"><c r="A7" t="inlineStr"><is><t xml:space="preserve">last</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>"#
        );
    }

    #[test]
    fn prefixed_elements_and_implicit_positions() {
        // Some writers prefix the main namespace and leave out `r` on rows and cells.
        let xml = br#"<x:worksheet xmlns:x="main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c/></x:row><x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        let out = patch_sheet(xml, &cells(&[((0, 1), "Yes"), ((1, 2), "No")])).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<x:worksheet xmlns:x="main"><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">Yes</x:t></x:is></x:c></x:row><x:row><x:c><x:v>1</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t xml:space="preserve">No</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#
        );
    }

    #[test]
    fn an_empty_sheet_data_gains_rows() {
        let out = patch_sheet(
            b"<worksheet><sheetData/></worksheet>",
            &cells(&[((0, 0), "x")]),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row></sheetData></worksheet>"#
        );
    }

    #[test]
    fn calc_on_load_is_set_once() {
        let out =
            recalculate_on_load(br#"<workbook><sheets/><calcPr calcId="191029"/></workbook>"#);
        assert_eq!(
            out,
            br#"<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>"#
        );
        assert_eq!(recalculate_on_load(&out), out);
        let out = recalculate_on_load(br#"<workbook><sheets></sheets></workbook>"#);
        assert_eq!(
            out,
            br#"<workbook><sheets></sheets><calcPr fullCalcOnLoad="1"/></workbook>"#
        );
    }

    #[test]
    fn list_validations_in_both_spellings() {
        let xml = br#"<worksheet><dataValidations><dataValidation type="list" sqref="C2:C9 E5"><formula1>&quot;Yes,No,N/A&quot;</formula1></dataValidation><dataValidation type="whole" sqref="D2"><formula1>1</formula1></dataValidation></dataValidations><extLst><ext><x14:dataValidations><x14:dataValidation type="list"><x14:formula1><xm:f>'Auto Responses'!$J$3:$J$5</xm:f></x14:formula1><xm:sqref>C39:C62 C20</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"#;
        let lists = lists_in(xml);
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].source, "\"Yes,No,N/A\"");
        assert_eq!(lists[0].ranges, [(1, 2, 8, 2), (4, 4, 4, 4)]);
        assert_eq!(lists[1].source, "'Auto Responses'!$J$3:$J$5");
        assert_eq!(lists[1].ranges, [(38, 2, 61, 2), (19, 2, 19, 2)]);
    }

    #[test]
    fn references_parse() {
        assert_eq!(parse_reference("A1"), Some((0, 0)));
        assert_eq!(parse_reference("AB12"), Some((11, 27)));
        assert_eq!(parse_reference("12"), None);
    }
}
