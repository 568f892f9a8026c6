//! The Statement of Applicability.
use jiff::civil::Date;

use super::{Format, RenderError};
use crate::workspace::Workspace;

pub fn render(
    _ws: &Workspace,
    _framework: &str,
    _today: Date,
    _format: Format,
) -> Result<String, RenderError> {
    Ok(String::new())
}
