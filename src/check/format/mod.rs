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
pub struct TextStyle {
    /// ANSI colours (only on a terminal, and never with NO_COLOR set).
    pub color: bool,
}

pub fn render(report: &Report, format: Format, style: TextStyle) -> String {
    match format {
        Format::Text => text::render(report, style),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
    }
}
