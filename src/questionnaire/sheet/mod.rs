//! Reading a questionnaire into a grid of cells: CSV with the csv crate, XLSX with calamine.
//!
//! The grid keeps every sheet, row and column where it was (row 0 is the spreadsheet's row 1,
//! column 0 its column A), so that the output can put everything back in the same place. Cells
//! keep their type (text, number, date, boolean) so that an XLSX round trip does not turn
//! numbers and dates into text.//!
//! - this module: the grid ([`Workbook`], [`Sheet`], [`Cell`]) and [`read`], with the limits
//!   that keep a hostile file from exhausting memory;
//! - [`from_csv`]: CSV in whatever dialect Excel or a locale wrote it;
//! - [`from_xlsx`]: XLSX through calamine, with its formulas and drop-down lists.

mod from_csv;
mod from_xlsx;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::diag::InputCode;
use crate::error::Error;
use crate::source::Location;

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
pub use from_csv::{CsvDialect, parse_csv};

/// Read `path` as CSV or XLSX, by its extension.
pub fn read(path: &Path) -> Result<Workbook, Error> {
    let format = SheetFormat::from_path(path).ok_or_else(|| {
        Error::input(
            InputCode::UnreadableFile,
            Location::file(path),
            "unknown questionnaire format; expected a .csv or .xlsx file",
        )
    })?;
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_INPUT_BYTES {
        return Err(Error::input(
            InputCode::UnreadableFile,
            Location::file(path),
            format!("the file is {size} bytes; questionnaires are limited to {MAX_INPUT_BYTES}"),
        ));
    }
    let (sheets, dialect) = match format {
        SheetFormat::Csv => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let dialect = CsvDialect::sniff(&bytes);
            (vec![from_csv::parse_with(path, &bytes, dialect)?], dialect)
        }
        SheetFormat::Xlsx => (from_xlsx::read(path)?, CsvDialect::default()),
    };
    let cells: usize = sheets.iter().flat_map(|s| &s.rows).map(Vec::len).sum();
    if cells > MAX_CELLS {
        return Err(Error::input(
            InputCode::UnreadableFile,
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

#[cfg(test)]
mod tests {
    use super::*;

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
