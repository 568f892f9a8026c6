//! A worksheet part rewritten cell by cell: the answered `<c>` elements replaced or inserted as
//! inline strings (keeping their style), the `<row>` elements that must hold them created, and
//! every other byte left as it was.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attribute, parse_reference};
use crate::questionnaire::layout::column_letter;

/// An inline-string cell: text, never a formula, whatever it starts with.
fn new_cell(prefix: &str, row: usize, column: usize, style: Option<&str>, text: &str) -> String {
    let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    format!(
        "<{prefix}c r=\"{}{}\"{style} t=\"inlineStr\"><{prefix}is><{prefix}t xml:space=\"preserve\">{}</{prefix}t></{prefix}is></{prefix}c>",
        column_letter(column),
        row + 1,
        crate::xml::escape(text)
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
pub(super) fn patch_sheet(
    xml: &[u8],
    cells: &BTreeMap<(usize, usize), String>,
) -> Result<Vec<u8>, String> {
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
        let event = reader.read_event().map_err(|e| e.to_string())?;
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
        match reader.read_event().map_err(|e| e.to_string())? {
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
