//! How an answer cites the evidence behind it: its SHA-256 and collection date. Whether it is
//! fit to cite (fresh or not) and when it was collected come from the assessment, so that the
//! answers and the CI gate agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::assessment::Assessment;
use crate::model::EvidenceSource;
use crate::workspace::Workspace;

/// A control's evidence source, as the assessment identifies it.
pub type SourceKey = crate::assessment::EvidenceId;

/// How an answer cites a piece of evidence. A confidential file is cited by its description,
/// hash and date only: its path never leaves the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub control: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub sha256: String,
    pub collected: Option<Date>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
}

impl Citation {
    /// One line for a spreadsheet cell.
    pub fn summary(&self) -> String {
        let name = match (&self.path, &self.description) {
            (Some(path), _) => path.clone(),
            (None, Some(description)) => format!("{description} (confidential, on request)"),
            (None, None) => "confidential evidence (on request)".to_string(),
        };
        let collected = self
            .collected
            .map(|d| format!(", collected {d}"))
            .unwrap_or_default();
        format!(
            "{name} [{}] sha256:{}{collected}",
            self.control, self.sha256
        )
    }
}

/// How a piece of evidence is named in a reason: never by the path of a confidential file.
pub fn name_for_people(source: &EvidenceSource) -> String {
    if source.confidential {
        source.description.as_ref().map_or_else(
            || "confidential evidence".to_string(),
            |d| format!("confidential evidence \"{d}\""),
        )
    } else {
        format!("`{}`", source.path.value)
    }
}

/// Hash and date the given sources, on every core. A file that cannot be read gives an error
/// for its key, so the answers citing it can be sent to review instead of failing the run.
pub fn cite(
    ws: &Workspace,
    assessment: &Assessment,
    keys: &[SourceKey],
) -> BTreeMap<SourceKey, std::result::Result<Citation, String>> {
    use rayon::prelude::*;
    keys.par_iter()
        .map(|&key| (key, citation(ws, assessment, key)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn citation(
    ws: &Workspace,
    assessment: &Assessment,
    key: SourceKey,
) -> std::result::Result<Citation, String> {
    let control = &ws.controls[key.control].control;
    let source = &control.evidence[key.source];
    let item = assessment.evidence(key);
    // A recurring control is cited by its latest occurrence.
    let (full, cited): (PathBuf, String) = match item.latest_occurrence() {
        Some(latest) => (
            ws.root.join(&latest.path),
            Path::new(&latest.path)
                .strip_prefix(&ws.config.evidence_root)
                .map_or_else(|_| latest.path.clone(), crate::source::display_path),
        ),
        None => (
            ws.root.join(ws.evidence_path(&source.path)),
            source.path.value.clone(),
        ),
    };
    let unreadable = |e: std::io::Error| format!("{} cannot be read: {e}", name_for_people(source));
    let (sha256, _) = crate::evidence_log::sha256_file(&full).map_err(unreadable)?;
    let collected = item.collected;
    Ok(Citation {
        control: control.id.value.clone(),
        path: (!source.confidential).then_some(cited),
        description: source.description.clone(),
        sha256,
        collected,
        confidential: source.confidential,
    })
}
