//! CSV into a [`Sheet`]: the dialect (delimiter, line ends, BOM) sniffed so that the answered file
//! is written the same way, and blank lines kept as empty rows so row numbers match what the
//! user sees.

use std::path::Path;

use super::{Cell, Sheet};
use crate::diag::{Diagnostic, InputCode};
use crate::error::InputError;
use crate::source::{Location, Position};

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

/// Parse CSV bytes in the dialect they are written in.
pub fn parse_csv(path: &Path, bytes: &[u8]) -> Result<Sheet, InputError> {
    parse_with(path, bytes, CsvDialect::sniff(bytes))
}

/// Parse CSV bytes. Every record is kept, whatever its length: the header row may come after a
/// title or instructions, which have fewer columns.
pub(super) fn parse_with(
    path: &Path,
    bytes: &[u8],
    dialect: CsvDialect,
) -> Result<Sheet, InputError> {
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
    Diagnostic::input(
        InputCode::Syntax,
        Location::new(path, position.unwrap_or_default()),
        message,
    )
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
}
