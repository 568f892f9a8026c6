//! The files a Statement names, with their SHA-256.
//!
//! A subject's name is a path relative to a root directory (the workspace, or an extracted
//! bundle's `files/`), `/`-separated. Names come from untrusted attestations when verifying, so
//! a name that is empty, absolute, or holds `..`, `.` or an empty component is refused, and a
//! name whose resolved file (after symbolic links) lies outside the root is refused too. Files
//! are opened without blocking and checked to be regular on the open handle, then hashed
//! streaming with [`crate::hash`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::statement::Subject;
use super::{Error, Result};
use crate::assessment::{Assessment, EvidenceState};
use crate::workspace::Workspace;

/// Why one subject's file could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The name is not a plain relative path, or resolves outside the root.
    UnsafePath(String),
    /// There is no such file.
    Missing,
    /// It exists but is not a regular file, or could not be read.
    NotReadable(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnsafePath(why) => write!(f, "unsafe subject name: {why}"),
            Self::Missing => f.write_str("no such file"),
            Self::NotReadable(why) => write!(f, "cannot be read: {why}"),
        }
    }
}

/// The relative path a subject name denotes, if it is a plain relative path.
pub fn relative_path(name: &str) -> std::result::Result<PathBuf, Unreadable> {
    if name.is_empty() {
        return Err(Unreadable::UnsafePath("the name is empty".into()));
    }
    if name.starts_with('/') || name.contains('\\') || name.contains('\0') {
        return Err(Unreadable::UnsafePath(
            "an absolute path, a backslash or a NUL byte".into(),
        ));
    }
    if name
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err(Unreadable::UnsafePath(
            "an empty, `.` or `..` path component".into(),
        ));
    }
    Ok(PathBuf::from(name))
}

/// Lowercase hex SHA-256 of the file `name` below `root` (already canonical: every link in it
/// resolved).
pub fn sha256_below(root: &Path, name: &str) -> std::result::Result<String, Unreadable> {
    let rel = relative_path(name)?;
    let full = root.join(&rel);
    let resolved = match full.canonicalize() {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(e) => return Err(Unreadable::NotReadable(e.to_string())),
    };
    if !resolved.starts_with(root) {
        return Err(Unreadable::UnsafePath(
            "it leads outside the directory checked against".into(),
        ));
    }
    let file = crate::files::open_regular_nofollow(&resolved)
        .map_err(|e| Unreadable::NotReadable(e.to_string()))?;
    let digested =
        crate::hash::sha256_reader(file).map_err(|e| Unreadable::NotReadable(e.to_string()))?;
    Ok(digested.hex())
}

/// The subjects of a check of `ws`: every file the loader read (evidence.toml, controls, scope,
/// trust, processing, systems, risks) and every evidence file the assessment found on disk
/// (fresh, stale, undated or dated in the future; not missing ones, directories, or links out of
/// the workspace), sorted by name, each once.
pub fn of_workspace(ws: &Workspace, assessment: &Assessment) -> Result<Vec<Subject>> {
    let mut names: Vec<String> = ws
        .matrix_files()
        .iter()
        .map(|p| crate::source::display_path(p))
        .collect();
    names.extend(
        assessment
            .controls
            .iter()
            .flat_map(|c| &c.evidence)
            .filter(|item| is_on_disk(item.state))
            .flat_map(|item| item.files())
            .map(str::to_string),
    );
    let mut digests = BTreeMap::new();
    for name in names {
        if digests.contains_key(&name) {
            continue;
        }
        let hex = sha256_below(&ws.canonical_root, &name).map_err(|e| Error::Subject {
            name: name.clone(),
            message: e.to_string(),
        })?;
        digests.insert(name, hex);
    }
    Ok(digests
        .into_iter()
        .map(|(name, hex)| Subject::sha256(name, hex))
        .collect())
}

/// Whether the assessment found a regular file inside the workspace for an item in this state.
fn is_on_disk(state: EvidenceState) -> bool {
    matches!(
        state,
        EvidenceState::Fresh
            | EvidenceState::Stale
            | EvidenceState::FromFuture
            | EvidenceState::Undated
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_names_are_accepted() {
        assert!(relative_path("controls/a.yaml").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a/",
            "a\\b",
        ] {
            assert!(
                matches!(relative_path(bad), Err(Unreadable::UnsafePath(_))),
                "{bad}"
            );
        }
    }
}
