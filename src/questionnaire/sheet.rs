//! Reading a questionnaire into a grid of cells: CSV with the csv crate, XLSX with calamine.
//!
//! The grid keeps every sheet, row and column where it was (row 0 is the spreadsheet's row 1,
//! column 0 its column A), so that the output can put everything back in the same place. Cells
//! keep their type (text, number, date, boolean) so that an XLSX round trip does not turn
//! numbers and dates into text.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Error, InputError};
use crate::source::{Location, Position};

/// A questionnaire larger than this is a mistake or an attack (CAIQ v4 is about 300 KiB).
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Cells across all sheets; a zip bomb expands far beyond this, a real questionnaire never does.
const MAX_CELLS: usize = 5_000_000;

/// The spreadsheet formats `evidence answer` reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    /// The format a file name implies, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "xlsx" | "xlsm" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// One cell's value, as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel date or time serial number (days since 1899-12-30).
    Date(f64),
}

impl Cell {
    /// The cell as text: what a CSV holds and what the answering logic reads.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Self::Empty => Cow::Borrowed(""),
            Self::Text(s) => Cow::Borrowed(s),
            Self::Number(n) | Self::Date(n) => Cow::Owned(format_number(*n)),
            Self::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }
}

/// Whole numbers without a trailing `.0`, as a spreadsheet shows them.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    /// Rows from the sheet's row 1; rows may differ in length (CSV preambles often do).
    pub rows: Vec<Vec<Cell>>,
    /// The cells (row, column) that hold a formula: computed by the workbook, never answered.
    pub formulas: std::collections::BTreeSet<(usize, usize)>,
    /// Drop-down lists: the ranges each covers (first row, first column, last row, last
    /// column; 0-based, inclusive) and its values, resolved. The buyer's list decides the
    /// words of the short answer ("N/A" rather than "NA").
    pub lists: Vec<(Vec<CellRange>, Vec<String>)>,
}

/// (first row, first column, last row, last column), 0-based and inclusive.
pub type CellRange = (usize, usize, usize, usize);

impl Sheet {
    /// The values of the drop-down list on a cell, if it has one.
    pub fn list_at(&self, row: usize, column: usize) -> Option<&[String]> {
        self.lists
            .iter()
            .find(|(ranges, _)| {
                ranges.iter().any(|&(r0, c0, r1, c1)| {
                    (r0..=r1).contains(&row) && (c0..=c1).contains(&column)
                })
            })
            .map(|(_, values)| values.as_slice())
    }
}

impl Sheet {
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&EMPTY)
    }

    /// Set a cell, growing the row as needed.
    pub fn set(&mut self, row: usize, column: usize, value: Cell) {
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = value;
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// A questionnaire as read: every sheet, in workbook order (a CSV has one).
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The file as the user named it, for error messages.
    pub path: PathBuf,
    pub format: SheetFormat,
    pub sheets: Vec<Sheet>,
    /// How a CSV was written, so that the answered file is written the same way.
    pub dialect: CsvDialect,
}

/// The spelling of a CSV file: Excel writes CRLF line ends, a UTF-8 BOM ("CSV UTF-8") and, in
/// locales whose decimal separator is a comma, semicolons between fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvDialect {
    pub delimiter: u8,
    pub crlf: bool,
    pub bom: bool,
}

impl Default for CsvDialect {
    fn default() -> Self {
        Self {
            delimiter: b',',
            crlf: false,
            bom: false,
        }
    }
}

impl CsvDialect {
    /// The dialect of `bytes`: the BOM, the first line end, and the delimiter that splits the
    /// most lines of the first few into the same number of fields (quoted text ignored).
    pub fn sniff(bytes: &[u8]) -> Self {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let body = if bom { &bytes[3..] } else { bytes };
        let crlf = body
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && body[i - 1] == b'\r');
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|&d| delimiter_score(body, d))
            .filter(|&d| delimiter_score(body, d) > 0)
            .unwrap_or(b',');
        Self {
            delimiter,
            crlf,
            bom,
        }
    }
}

/// How well `delimiter` explains the first lines: the number of lines (up to 30) in which it
/// occurs outside quotes, weighted by how many lines agree on the most common field count.
fn delimiter_score(bytes: &[u8], delimiter: u8) -> usize {
    let mut counts: Vec<usize> = Vec::new();
    let mut in_quotes = false;
    let mut current = 0usize;
    for &b in bytes.iter().take(64 * 1024) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                counts.push(current);
                current = 0;
                if counts.len() >= 30 {
                    break;
                }
            }
            _ if b == delimiter && !in_quotes => current += 1,
            _ => {}
        }
    }
    if current > 0 {
        counts.push(current);
    }
    let mut best = 0;
    for &n in counts.iter().filter(|&&n| n > 0) {
        let agree = counts.iter().filter(|&&m| m == n).count();
        best = best.max(agree * 1000 + n);
    }
    best
}

/// Read `path` as CSV or XLSX, by its extension.
pub fn read(path: &Path) -> Result<Workbook, Error> {
    let format = SheetFormat::from_path(path).ok_or_else(|| {
        Error::input(
            Location::file(path),
            "unknown questionnaire format; expected a .csv or .xlsx file",
        )
    })?;
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_INPUT_BYTES {
        return Err(Error::input(
            Location::file(path),
            format!("the file is {size} bytes; questionnaires are limited to {MAX_INPUT_BYTES}"),
        ));
    }
    let (sheets, dialect) = match format {
        SheetFormat::Csv => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let dialect = CsvDialect::sniff(&bytes);
            (vec![parse_csv_with(path, &bytes, dialect)?], dialect)
        }
        SheetFormat::Xlsx => (read_xlsx(path)?, CsvDialect::default()),
    };
    let cells: usize = sheets.iter().flat_map(|s| &s.rows).map(Vec::len).sum();
    if cells > MAX_CELLS {
        return Err(Error::input(
            Location::file(path),
            format!("the workbook has {cells} cells; questionnaires are limited to {MAX_CELLS}"),
        ));
    }
    Ok(Workbook {
        path: path.to_path_buf(),
        format,
        sheets,
        dialect,
    })
}

/// Parse CSV bytes in the dialect they are written in.
pub fn parse_csv(path: &Path, bytes: &[u8]) -> Result<Sheet, InputError> {
    parse_csv_with(path, bytes, CsvDialect::sniff(bytes))
}

/// Parse CSV bytes. Every record is kept, whatever its length: the header row may come after a
/// title or instructions, which have fewer columns.
fn parse_csv_with(path: &Path, bytes: &[u8], dialect: CsvDialect) -> Result<Sheet, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(path, &e))?
    {
        // The csv crate skips blank lines; a spreadsheet shows them as empty rows, and row
        // numbers must match what the user sees. A record's position is where the reader
        // started, before the blank lines it skipped.
        let start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(bytes.len());
        // After a CRLF the reader may stop between the CR and the LF: that LF ends the
        // previous record, not an empty row.
        let start = if start > 0
            && bytes.get(start - 1) == Some(&b'\r')
            && bytes.get(start) == Some(&b'\n')
        {
            start + 1
        } else {
            start
        };
        let skipped = blank_lines_at(bytes.get(start..).unwrap_or_default());
        rows.extend(std::iter::repeat_with(Vec::new).take(skipped));
        rows.push(record.iter().map(text_cell).collect());
    }
    let name = path.file_stem().map_or_else(
        || "Sheet1".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(Sheet {
        name,
        rows,
        ..Sheet::default()
    })
}

/// How many line ends (`\n`, `\r\n` or `\r`) `bytes` starts with.
fn blank_lines_at(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut rest = bytes;
    loop {
        rest = match rest {
            [b'\r', b'\n', more @ ..] | [b'\n' | b'\r', more @ ..] => more,
            _ => return count,
        };
        count += 1;
    }
}

fn text_cell(value: &str) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value.to_string())
    }
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let (position, message) = match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => (
            pos.as_ref()
                .map(|p| Position::new(saturate(p.line()), saturate(err.field() as u64 + 1))),
            "not valid UTF-8; save the file as CSV UTF-8".to_string(),
        ),
        other => (
            e.position().map(|p| Position::new(saturate(p.line()), 0)),
            format!("not readable as CSV: {other:?}"),
        ),
    };
    InputError::new(Location::new(path, position.unwrap_or_default()), message)
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn read_xlsx(path: &Path) -> Result<Vec<Sheet>, Error> {
    use calamine::{Reader, Xlsx, open_workbook};
    let unreadable = |e: calamine::XlsxError| {
        Error::input(
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
            Location::file(path),
            "the workbook has no sheets",
        ));
    }
    Ok(sheets)
}

/// Resolve each sheet's drop-down lists (literal, a range on any sheet, or a defined name) to
/// their values.
fn attach_lists(bytes: &[u8], sheets: &mut [Sheet]) {
    let (lists, names) = super::xlsx_edit::list_validations(bytes);
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
        let Some((r0, c0, r1, c1)) = super::xlsx_edit::parse_range(range) else {
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
    let malformed = |what: String| Error::input(Location::file(path), what);
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
mod grid_tests {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_keeps_ragged_rows_and_drops_the_bom() {
        let sheet = parse_csv(
            Path::new("q.csv"),
            b"\xEF\xBB\xBFVendor questionnaire\n\nID,Question,Answer\nA-1,Do you?,\n",
        )
        .unwrap();
        assert_eq!(sheet.name, "q");
        assert_eq!(sheet.rows.len(), 4, "the blank line is an empty row");
        assert_eq!(sheet.cell(0, 0).text(), "Vendor questionnaire");
        assert!(sheet.rows[1].is_empty(), "{:?}", sheet.rows);
        assert_eq!(sheet.cell(2, 1).text(), "Question");
        assert_eq!(sheet.cell(3, 2), &Cell::Empty);
    }

    #[test]
    fn crlf_semicolons_and_bom_read_like_a_spreadsheet() {
        let bytes = b"\xEF\xBB\xBFTitle\r\n\r\nID;Question;Answer\r\nA-1;\"Do you; really?\";\r\nA-2;Is it?;Yes\r\n";
        let dialect = CsvDialect::sniff(bytes);
        assert_eq!(
            dialect,
            CsvDialect {
                delimiter: b';',
                crlf: true,
                bom: true
            }
        );
        let sheet = parse_csv(Path::new("q.csv"), bytes).unwrap();
        assert_eq!(sheet.rows.len(), 5, "{:?}", sheet.rows);
        assert!(sheet.rows[1].is_empty());
        assert_eq!(sheet.cell(3, 1).text(), "Do you; really?");
        assert_eq!(sheet.cell(4, 2).text(), "Yes");
    }

    #[test]
    fn invalid_utf8_names_the_line_and_field() {
        let err = parse_csv(Path::new("q.csv"), b"ID,Question\nA-1,caf\xE9\n").unwrap_err();
        assert_eq!(err.location.to_string(), "q.csv:2:2");
        assert!(err.message.contains("UTF-8"), "{}", err.message);
    }

    #[test]
    fn drop_down_lists_are_resolved_through_defined_names() {
        let wb = read(Path::new(
            "tests/fixtures/questionnaires/bench/hecvat-like.xlsx",
        ))
        .unwrap();
        let org = wb.sheets.iter().find(|s| s.name == "Organization").unwrap();
        assert_eq!(
            org.list_at(5, 2),
            Some(&["Yes".to_string(), "No".to_string(), "N/A".to_string()][..])
        );
        assert_eq!(org.list_at(5, 1), None);
    }

    #[test]
    fn numbers_print_like_a_spreadsheet() {
        assert_eq!(Cell::Number(3.0).text(), "3");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
