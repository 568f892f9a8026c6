//! Records of processing.
use jiff::civil::Date;

use super::{Format, RenderError};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFilter {
    Controller,
    Processor,
}

pub fn render(
    _ws: &Workspace,
    _role: Option<RoleFilter>,
    _today: Date,
    _format: Format,
) -> Result<Vec<u8>, RenderError> {
    Ok(Vec::new())
}
