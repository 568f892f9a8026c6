//! The evidence behind an answer: whether it is fit to cite (from `evidence check`'s findings,
//! so that the questionnaire and the CI gate agree), and its SHA-256 and collection date.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::check::{self, Rule};
use crate::error::Result;
use crate::model::EvidenceSource;
use crate::source::Position;
use crate::workspace::Workspace;

/// A control's evidence source, by position in [`Workspace::controls`] and in the control.
pub type SourceKey = (usize, usize);

/// Why a piece of evidence cannot back an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Stale,
    Missing,
    OutsideWorkspace,
    FromTheFuture,
}

impl Problem {
    fn from_rule(rule: Rule) -> Option<Self> {
        Some(match rule {
            Rule::StaleEvidence => Self::Stale,
            Rule::MissingEvidence => Self::Missing,
            Rule::EvidenceOutsideWorkspace => Self::OutsideWorkspace,
            Rule::EvidenceFromFuture => Self::FromTheFuture,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::Stale => "is stale",
            Self::Missing => "is missing",
            Self::OutsideWorkspace => "is outside the workspace",
            Self::FromTheFuture => "is dated in the future",
        }
    }
}

/// The evidence problems `evidence check` finds as of `today`, by source.
pub fn problems(ws: &Workspace, today: Date) -> Result<BTreeMap<SourceKey, Problem>> {
    let report = check::run(ws, today)?;
    let mut at: BTreeMap<(&Path, Position), Problem> = BTreeMap::new();
    for finding in &report.findings {
        if let Some(problem) = Problem::from_rule(finding.rule) {
            at.entry((finding.location.file.as_path(), finding.location.position))
                .or_insert(problem);
        }
    }
    let mut out = BTreeMap::new();
    for (c, loaded) in ws.controls.iter().enumerate() {
        for (s, source) in loaded.control.evidence.iter().enumerate() {
            // Findings point at `path:` (missing, outside) or at `collected:` (stale, future).
            let positions = std::iter::once(source.path.position)
                .chain(source.collected.as_ref().map(|d| d.position));
            let found = positions
                .filter_map(|p| at.get(&(loaded.file.as_path(), p)))
                .next();
            if let Some(problem) = found {
                out.insert((c, s), *problem);
            }
        }
    }
    Ok(out)
}

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
    keys: &[SourceKey],
) -> BTreeMap<SourceKey, std::result::Result<Citation, String>> {
    use rayon::prelude::*;
    keys.par_iter()
        .map(|&key| (key, citation(ws, key)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn citation(ws: &Workspace, (c, s): SourceKey) -> std::result::Result<Citation, String> {
    let control = &ws.controls[c].control;
    let source = &control.evidence[s];
    let full: PathBuf = ws.root.join(ws.evidence_path(&source.path));
    let unreadable = |e: std::io::Error| format!("{} cannot be read: {e}", name_for_people(source));
    let sha256 = sha256_file(&full).map_err(unreadable)?;
    let collected = match &source.collected {
        Some(date) => Some(date.value),
        None => modified_date(&full),
    };
    Ok(Citation {
        control: control.id.value.clone(),
        path: (!source.confidential).then(|| source.path.value.clone()),
        description: source.description.clone(),
        sha256,
        collected,
        confidential: source.confidential,
    })
}

/// SHA-256 of a file, read in chunks so that large evidence never sits in memory.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The file's modification date (UTC), as `evidence check` uses when `collected:` is absent.
fn modified_date(path: &Path) -> Option<Date> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let ts = jiff::Timestamp::try_from(modified).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_like_sha256sum() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("abc.txt");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(
            sha256_file(&file).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
