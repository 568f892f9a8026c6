//! The answer library: `answers/*.yaml` in the workspace, approved mappings from question IDs to
//! controls and answer text, consulted before lexical retrieval.
//!
//! ```yaml
//! answers:
//!   - questions: ["IAM-14.1", "IAM-14.*"]   # exact IDs, or patterns with * and ?
//!     controls: [SEC-ACCESS-MFA]             # the controls the answer rests on
//!     text: Administrators sign in with phishing-resistant MFA.
//!   - questions: ["DCS-*"]
//!     answer: na                             # yes (default: from the controls) | no | na
//!     text: We operate no data centres; our cloud provider's attestations cover them.
//! ```
//!
//! The library says what a question is about and how we phrase the answer; the matrix decides
//! whether the answer is yes. An entry citing a control that is planned is answered No, whatever
//! its text says.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, InputError, Result};
use crate::source::{Location, Spanned};

/// Where the answer library lives in a workspace.
pub const ANSWERS_DIR: &str = "answers";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryFile {
    /// What the file covers: a note for the people who keep it, accepted (and type-checked) but
    /// never read by the tool, hence the leading underscore.
    #[serde(default, rename = "description")]
    _description: Option<String>,
    answers: Vec<Entry>,
}

/// One approved answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Question IDs, or patterns with `*` (any run of characters) and `?` (one character).
    pub questions: Vec<Spanned<String>>,
    #[serde(default)]
    pub controls: Vec<Spanned<String>>,
    /// `yes` (the default) lets the matrix decide; `no` and `na` are fixed answers.
    #[serde(default)]
    pub answer: Option<Spanned<FixedAnswer>>,
    /// The narrative, in our words.
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixedAnswer {
    Yes,
    No,
    Na,
}

/// An entry with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedEntry {
    pub file: PathBuf,
    pub entry: Entry,
}

impl LoadedEntry {
    /// `answers/caiq-v4.yaml:12:7`, where the entry's first question is written.
    pub fn location(&self) -> Location {
        let position = self
            .entry
            .questions
            .first()
            .map(|q| q.position)
            .unwrap_or_default();
        Location::new(&self.file, position)
    }

    pub fn fixed_answer(&self) -> FixedAnswer {
        self.entry
            .answer
            .as_ref()
            .map_or(FixedAnswer::Yes, |a| a.value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<LoadedEntry>,
    /// The built-in starter library, used because the workspace has no `answers/`.
    pub builtin: bool,
}

impl Library {
    /// Load `answers/*.yaml` under `root` (sorted by file name); a workspace without the folder
    /// gets the built-in starter library (see [`Library::starter`]). Every malformed file and
    /// entry is reported at once.
    pub fn load(root: &Path) -> Result<Self> {
        let dir = root.join(ANSWERS_DIR);
        if !dir.is_dir() {
            return Self::starter();
        }
        // A linked or special file is an error here as in every other workspace folder.
        let files =
            crate::files::yaml_files(root, Path::new(ANSWERS_DIR), crate::files::Depth::Top)?;
        let texts = files
            .into_iter()
            .map(|rel| crate::files::read_text(root, &rel).map(|text| (rel, text)))
            .collect::<Result<Vec<_>>>()?;
        Self::from_texts(
            texts
                .iter()
                .map(|(rel, text)| (rel.as_path(), text.as_str())),
            false,
        )
    }

    /// The starter library compiled into the binary (the `answers/` that `evidence init`
    /// copies): entries citing controls a workspace lacks are passed over when answering.
    pub fn starter() -> Result<Self> {
        Self::from_texts(
            crate::embedded::BASELINE_ANSWERS
                .iter()
                .map(|(path, text)| (Path::new(path), *text)),
            true,
        )
    }

    /// The library made of these files (path and text), whether on disk or built in. Every
    /// malformed file and entry is reported at once.
    fn from_texts<'t>(
        files: impl IntoIterator<Item = (&'t Path, &'t str)>,
        builtin: bool,
    ) -> Result<Self> {
        let mut errors = Vec::new();
        let mut entries = Vec::new();
        for (file, text) in files {
            match crate::yaml::parse::<LibraryFile>(file, text) {
                Ok(parsed) => entries.extend(parsed.answers.into_iter().map(|entry| LoadedEntry {
                    file: file.to_path_buf(),
                    entry,
                })),
                Err(e) => errors.push(e),
            }
        }
        let library = Self { entries, builtin };
        errors.extend(library.validate());
        if errors.is_empty() {
            Ok(library)
        } else {
            Err(Error::Input(errors))
        }
    }

    pub fn entries(&self) -> &[LoadedEntry] {
        &self.entries
    }

    /// The entry for question `id`: an exact ID beats a pattern; among patterns the longest
    /// (most specific) wins, then the first written.
    pub fn lookup(&self, id: &str) -> Option<&LoadedEntry> {
        let id = id.trim();
        let mut best: Option<(usize, &LoadedEntry)> = None;
        for loaded in &self.entries {
            for q in &loaded.entry.questions {
                let rank = if is_pattern(q) {
                    if !glob_matches(q, id) {
                        continue;
                    }
                    q.len()
                } else if q.eq_ignore_ascii_case(id) {
                    usize::MAX
                } else {
                    continue;
                };
                if best.is_none_or(|(r, _)| rank > r) {
                    best = Some((rank, loaded));
                }
            }
        }
        best.map(|(_, e)| e)
    }

    /// Problems a parser cannot see: empty entries, entries with nothing to stand on, and an
    /// exact question ID claimed twice.
    fn validate(&self) -> Vec<InputError> {
        let mut errors = Vec::new();
        let mut seen: Vec<(String, Location)> = Vec::new();
        for loaded in &self.entries {
            let entry = &loaded.entry;
            if entry.questions.is_empty() {
                errors.push(Diagnostic::input(
                    InputCode::MissingField,
                    loaded.location(),
                    "an answer with no `questions:`; list the question IDs it answers",
                ));
            }
            if entry.controls.is_empty() && loaded.fixed_answer() == FixedAnswer::Yes {
                errors.push(Diagnostic::input(
                    InputCode::MissingField,
                    loaded.location(),
                    "an answer with no `controls:`; cite the controls it rests on, or set \
`answer: no` or `answer: na` with a `text:` saying why",
                ));
            }
            if loaded.fixed_answer() != FixedAnswer::Yes && entry.text.is_none() {
                errors.push(Diagnostic::input(
                    InputCode::MissingField,
                    loaded.location(),
                    "a fixed `no` or `na` answer needs a `text:` saying why",
                ));
            }
            for q in entry.questions.iter().filter(|q| !is_pattern(q)) {
                let here = Location::new(&loaded.file, q.position);
                let key = q.trim().to_ascii_uppercase();
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    errors.push(Diagnostic::input(
                        InputCode::DuplicateDefinition,
                        here,
                        format!("question `{}` is already answered at {first}", q.value),
                    ));
                } else {
                    seen.push((key, here));
                }
            }
        }
        errors
    }
}

fn is_pattern(q: &str) -> bool {
    q.contains(['*', '?'])
}

/// `*` matches any run of characters, `?` exactly one; case is ignored.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.trim().to_uppercase().chars().collect();
    let t: Vec<char> = text.to_uppercase().chars().collect();
    // Iterative wildcard matching with backtracking to the last star: linear in practice.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(text: &str) -> Result<Library> {
        Library::from_texts([(Path::new("answers/test.yaml"), text)], false)
    }

    #[test]
    fn exact_ids_beat_patterns_and_longer_patterns_beat_shorter() {
        let lib = library(
            "answers:\n\
             - questions: ['IAM-*']\n  controls: [A]\n\
             - questions: ['IAM-02.*']\n  controls: [B]\n\
             - questions: ['iam-02.3']\n  controls: [C]\n",
        )
        .unwrap();
        let control = |id: &str| {
            lib.lookup(id)
                .map(|e| e.entry.controls[0].value.clone())
                .unwrap_or_default()
        };
        assert_eq!(control("IAM-01.1"), "A");
        assert_eq!(control("IAM-02.1"), "B");
        assert_eq!(control("IAM-02.3"), "C");
        assert_eq!(control("CEK-01.1"), "");
    }

    #[test]
    fn globs() {
        assert!(glob_matches("A&A-0?.*", "A&A-01.2"));
        assert!(glob_matches("*", "anything"));
        assert!(!glob_matches("DCS-*", "DSP-01.1"));
        assert!(glob_matches("*-01.1", "BCR-01.1"));
    }

    #[test]
    fn unknown_fields_and_duplicates_are_errors_with_positions() {
        let err = library("answers:\n  - questions: [A-1]\n    control: [X]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("answers/test.yaml:3:5"), "{err}");
        let err = library(
            "answers:\n  - questions: [A-1]\n    controls: [X]\n  - questions: [a-1]\n    controls: [Y]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("answers/test.yaml:4:17"), "{err}");
        assert!(
            err.contains("already answered at answers/test.yaml:2:17"),
            "{err}"
        );
    }

    #[test]
    fn entries_must_stand_on_something() {
        let err = library("answers:\n  - questions: [A-1]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no `controls:`"), "{err}");
        let err = library("answers:\n  - questions: [A-1]\n    answer: na\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("needs a `text:`"), "{err}");
        assert!(
            library("answers:\n  - questions: [A-1]\n    answer: na\n    text: We have none.\n")
                .is_ok()
        );
    }
}
