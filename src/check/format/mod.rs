//! Reporters: one per output format, each turning a [`Report`] into bytes.

mod json;
mod junit;
mod sarif;
mod text;

use super::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct TextStyle<'a> {
    /// ANSI colours (only on a terminal, and never with NO_COLOR set).
    pub color: bool,
    /// The workspace root: when given, each finding shows the line of the file it points at,
    /// with a caret under the column.
    pub root: Option<&'a std::path::Path>,
}

pub fn render(report: &Report, format: Format, style: TextStyle<'_>) -> String {
    match format {
        Format::Text => text::render(report, style),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
    }
}
