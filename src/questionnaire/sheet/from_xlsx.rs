//! XLSX into [`Sheet`]s through calamine: cell types kept, formula cells marked (an answer the
//! workbook computes is not ours to give), drop-down lists resolved to their values, and cell
//! references outside Excel's grid refused before calamine can overflow on them.

use std::path::Path;

use super::{Cell, CellRange, Sheet};
use crate::diag::InputCode;
use crate::error::Error;
use crate::source::Location;

pub(super) fn read(path: &Path) -> Result<Vec<Sheet>, Error> {
    use calamine::{Reader, Xlsx, open_workbook};
    let unreadable = |e: calamine::XlsxError| {
        Error::input(
            InputCode::UnreadableFile,
            Location::file(path),
            format!("not a readable XLSX workbook: {e}"),
        )
    };
    check_cell_references(path)?;
    let mut workbook: Xlsx<_> = open_workbook(path).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let mut sheet = sheet_from_range(name, &range);
        // A sheet whose formulas cannot be read is treated as having none.
        if let Ok(formulas) = workbook.worksheet_formula(&sheet.name)
            && let Some((top, left)) = formulas.start()
        {
            for (r, row) in formulas.rows().enumerate() {
                for (c, f) in row.iter().enumerate() {
                    if !f.is_empty() {
                        sheet.formulas.insert((top as usize + r, left as usize + c));
                    }
                }
            }
        }
        sheets.push(sheet);
    }
    if let Ok(bytes) = std::fs::read(path) {
        attach_lists(&bytes, &mut sheets);
    }
    if sheets.is_empty() {
        return Err(Error::input(
            InputCode::SheetLayout,
            Location::file(path),
            "the workbook has no sheets",
        ));
    }
    Ok(sheets)
}

/// Resolve each sheet's drop-down lists (literal, a range on any sheet, or a defined name) to
/// their values.
fn attach_lists(bytes: &[u8], sheets: &mut [Sheet]) {
    let (lists, names) = crate::questionnaire::xlsx_edit::list_validations(bytes);
    let values_of = |own: &str, source: &str, sheets: &[Sheet]| -> Vec<String> {
        let source = source.trim().trim_start_matches('=');
        if let Some(literal) = source.strip_prefix('"') {
            return literal
                .trim_end_matches('"')
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
        }
        let source = names
            .get(source)
            .map_or(source, |s| s.trim_start_matches('='));
        let (sheet_name, range) = match source.rsplit_once('!') {
            Some((sheet, range)) => (sheet.trim_matches('\'').replace("''", "'"), range),
            None => (own.to_string(), source),
        };
        let Some(sheet) = sheets.iter().find(|s| s.name == sheet_name) else {
            return Vec::new();
        };
        let Some((r0, c0, r1, c1)) = crate::questionnaire::xlsx_edit::parse_range(range) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for r in r0..=r1.min(r0 + 100) {
            for c in c0..=c1.min(c0 + 10) {
                let v = sheet.cell(r, c).text().trim().to_string();
                if !v.is_empty() {
                    out.push(v);
                }
            }
        }
        out
    };
    type Lists = Vec<(Vec<CellRange>, Vec<String>)>;
    let resolved: Vec<(usize, Lists)> = sheets
        .iter()
        .enumerate()
        .filter_map(|(i, sheet)| {
            let found = lists.get(&sheet.name)?;
            Some((
                i,
                found
                    .iter()
                    .map(|l| (l.ranges.clone(), values_of(&sheet.name, &l.source, sheets)))
                    .filter(|(_, v)| !v.is_empty())
                    .collect(),
            ))
        })
        .collect();
    for (i, lists) in resolved {
        sheets[i].lists = lists;
    }
}

/// The largest sheet Excel allows: 1,048,576 rows and 16,384 columns (XFD).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;
/// The most XML one worksheet may inflate to.
const MAX_SHEET_XML_BYTES: u64 = 256 * 1024 * 1024;

/// Refuse a workbook whose worksheets name a cell outside Excel's grid, before calamine reads
/// it: calamine 0.38 overflows on such references (a debug build panics, a release build wraps
/// around and sizes its grid by the wrapped number). Found by the fuzzer (tests/fuzz/crashes).
fn check_cell_references(path: &Path) -> Result<(), Error> {
    use quick_xml::events::Event;
    let malformed = |what: String| Error::input(InputCode::Syntax, Location::file(path), what);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // Not a zip: calamine says so in its own words.
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let sheets: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in sheets {
        let Ok(entry) = archive.by_name(&name) else {
            continue;
        };
        // Bounded: a sheet that inflates past this is not a questionnaire (nor calamine's to
        // allocate).
        let mut xml = String::new();
        if let Err(e) = std::io::Read::read_to_string(
            &mut std::io::Read::take(entry, MAX_SHEET_XML_BYTES + 1),
            &mut xml,
        ) {
            // A damaged part (bad checksum, not UTF-8): refused here, since calamine would read
            // whatever it holds.
            return Err(malformed(format!("sheet {name} cannot be read: {e}")));
        }
        if xml.len() as u64 > MAX_SHEET_XML_BYTES {
            return Err(malformed(format!(
                "sheet {name} inflates beyond {MAX_SHEET_XML_BYTES} bytes; not a questionnaire"
            )));
        }
        let mut reader = quick_xml::Reader::from_str(&xml);
        // Malformed XML is calamine's to report: the scan stops at the first error.
        while let Ok(event) = reader.read_event() {
            let (Event::Start(e) | Event::Empty(e)) = event else {
                if matches!(event, Event::Eof) {
                    break;
                }
                continue;
            };
            if !matches!(e.local_name().as_ref(), "c" | "dimension" | "row") {
                continue;
            }
            for attribute in e.attributes().flatten() {
                if !matches!(attribute.key.local_name().as_ref(), "r" | "ref") {
                    continue;
                }
                let value = attribute.value.to_string();
                if !reference_in_grid(&value) {
                    let shown: String = value.chars().take(40).collect();
                    return Err(malformed(format!(
                        "sheet {name}: the cell reference {shown:?} lies outside the largest \
                         sheet (1,048,576 rows, columns A to XFD); the workbook is malformed"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Whether `A1`, `XFD1048576`, `A1:C3` or a bare row number `12` lies inside Excel's grid.
fn reference_in_grid(reference: &str) -> bool {
    reference.split(':').all(|cell| {
        let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
        let (column, row) = cell.split_at(letters);
        let column_ok = column.len() <= 3
            && column.bytes().fold(0u64, |n, b| {
                n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
            }) <= MAX_COLUMNS;
        let row_ok = row.is_empty()
            || (row.len() <= 7
                && row
                    .parse::<u64>()
                    .is_ok_and(|r| (1..=MAX_ROWS).contains(&r)));
        column_ok && row_ok
    })
}

/// Place a calamine range (which starts at its first used cell) at its absolute position.
fn sheet_from_range(name: String, range: &calamine::Range<calamine::Data>) -> Sheet {
    let mut sheet = Sheet {
        name,
        ..Sheet::default()
    };
    let Some((top, left)) = range.start() else {
        return sheet;
    };
    for (r, row) in range.rows().enumerate() {
        for (c, data) in row.iter().enumerate() {
            let cell = cell_from_data(data);
            if cell != Cell::Empty {
                sheet.set(top as usize + r, left as usize + c, cell);
            }
        }
    }
    sheet
}

fn cell_from_data(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        #[allow(clippy::cast_precision_loss)] // spreadsheet integers fit in f64's 53 bits
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::reference_in_grid;

    #[test]
    fn references_outside_excels_grid_are_refused() {
        for ok in ["A1", "XFD1048576", "A1:C3", "12", "zz9"] {
            assert!(reference_in_grid(ok), "{ok}");
        }
        for bad in [
            "XFE1",
            "AAAA1",
            "A1048577",
            "A0",
            "A99999999999",
            "ABCDEFGHIJKLMNOP1",
        ] {
            assert!(!reference_in_grid(bad), "{bad}");
        }
    }
}
