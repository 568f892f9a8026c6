//! The one text reporter: a diagnostic as rustc and cargo-deny print one, with the line of the
//! user's file it points at and a caret under the column, labelled secondary places and hints.
//! Loader errors and check findings both go through [`render`], so they look the same.
//!
//! ```text
//! error[stale-evidence]: controls/main.yaml:10:20: evidence `x.pdf` was collected 400 days ago
//!   --> controls/main.yaml:10:20
//!    |
//! 10 |       - path: x.pdf
//!    |                    ^^^^^
//!    = help: collect it again
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};
use crate::source::Position;

/// The text of the files diagnostics point at, each read once, below a root (the workspace).
///
/// Texts read while loading can be kept with [`SourceCache::keep`], so a reporter shows what was
/// parsed; anything else is read on demand, and only when it is a regular file of sensible size.
#[derive(Debug, Default)]
pub struct SourceCache {
    root: Option<PathBuf>,
    texts: HashMap<PathBuf, Option<Rc<str>>>,
}

impl SourceCache {
    /// Files are read relative to `root`.
    pub fn below(root: &Path) -> Self {
        Self {
            root: Some(root.to_path_buf()),
            texts: HashMap::new(),
        }
    }

    /// No files at hand: diagnostics print without excerpts.
    pub fn none() -> Self {
        Self::default()
    }

    /// Remember the text `file` had when it was parsed.
    pub fn keep(&mut self, file: &Path, text: &str) {
        self.texts.insert(file.to_path_buf(), Some(text.into()));
    }

    fn text(&mut self, file: &Path) -> Option<Rc<str>> {
        let root = self.root.as_deref()?;
        self.texts
            .entry(file.to_path_buf())
            .or_insert_with(|| regular_file_text(&root.join(file)).map(Into::into))
            .clone()
    }
}

/// The text of a regular file of a sensible size; nothing for a FIFO, a device, a link or a
/// huge file (reading those could block or exhaust memory: the diagnostic prints without excerpt).
fn regular_file_text(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 16 * 1024 * 1024 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Every diagnostic, each followed by a blank line, without trailing blank lines.
pub fn render_all(diagnostics: &[Diagnostic], sources: &mut SourceCache, color: bool) -> String {
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| render(d, sources, color))
        .collect();
    rendered.join("\n\n")
}

/// One diagnostic. The title keeps the one-line `file:line:column: message` form that scripts
/// grep for; the excerpt follows when the line can be shown.
pub fn render(diagnostic: &Diagnostic, sources: &mut SourceCache, color: bool) -> String {
    // Messages quote names from the user's files, which may hold characters that draw on the
    // terminal: they are printed escaped, as bundle names are.
    let title = crate::terminal::escape(&diagnostic.to_string()).into_owned();
    let level = level(diagnostic.severity);
    let mut group = Group::with_title(
        level
            .primary_title(title.as_str())
            .id(diagnostic.code.as_str()),
    );
    let primary = sources.text(&diagnostic.location.file);
    let path = diagnostic.location.display_path();
    if let Some(snippet) = primary
        .as_deref()
        .and_then(|text| excerpt(text, diagnostic.location.position))
    {
        group = group.element(
            Snippet::source(snippet.line)
                .line_start(snippet.number)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(snippet.span)),
        );
    }
    let label_texts: Vec<(String, Option<Rc<str>>)> = diagnostic
        .labels
        .iter()
        .map(|l| (l.location.display_path(), sources.text(&l.location.file)))
        .collect();
    let notes: Vec<String> = diagnostic
        .labels
        .iter()
        .map(|l| crate::terminal::escape(&format!("{}: {}", l.location, l.message)).into_owned())
        .collect();
    for ((label, (label_path, text)), note) in
        diagnostic.labels.iter().zip(&label_texts).zip(&notes)
    {
        match text
            .as_deref()
            .and_then(|text| excerpt(text, label.location.position))
        {
            Some(snippet) => {
                group = group.element(
                    Snippet::source(snippet.line)
                        .line_start(snippet.number)
                        .path(label_path.as_str())
                        .annotation(
                            AnnotationKind::Context
                                .span(snippet.span)
                                .label(label.message.as_str()),
                        ),
                );
            }
            None => group = group.element(Level::NOTE.message(note.as_str())),
        }
    }
    let hints: Vec<String> = diagnostic
        .hints
        .iter()
        .map(|h| crate::terminal::escape(h).into_owned())
        .collect();
    for hint in &hints {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group]).to_string()
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// The line a position points at, its number, and the span of the token under the caret.
struct Excerpt<'a> {
    line: &'a str,
    number: usize,
    span: std::ops::Range<usize>,
}

/// `None` when the position is not a line of the text (a file as a whole, or a stale position).
fn excerpt(text: &str, position: Position) -> Option<Excerpt<'_>> {
    let number = usize::try_from(position.line).ok()?;
    let line = text.lines().nth(number.checked_sub(1)?)?;
    let column = usize::try_from(position.column).unwrap_or(1).max(1);
    let start = line
        .char_indices()
        .nth(column - 1)
        .map_or(line.len(), |(i, _)| i);
    let end = match position.width {
        0 => token_end(line, start),
        width => value_end(line, start, width),
    };
    Some(Excerpt {
        line,
        number,
        span: start..end,
    })
}

/// Where a value of `width` characters that starts at byte `start` of `line` ends, at the end of
/// the line at the latest (a block scalar goes on below), and at least one character on.
fn value_end(line: &str, start: usize, width: u32) -> usize {
    let width = usize::try_from(width).unwrap_or(usize::MAX);
    let end = line[start..]
        .char_indices()
        .nth(width)
        .map_or(line.len(), |(i, _)| start + i);
    let one = line[start..].chars().next().map_or(0, char::len_utf8);
    end.max(start + one)
}

/// Where the token that starts at byte `start` of `line` ends: a quoted string to its closing
/// quote, anything else up to the next blank, comma or bracket; at least one character.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let end = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(line.len(), |n| start + n + 2),
        _ => rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
            .map_or(line.len(), |n| start + n),
    };
    let one = rest.chars().next().map_or(0, char::len_utf8);
    end.max(start + one)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::InputCode;
    use crate::source::Location;

    fn cache_with(file: &str, text: &str) -> SourceCache {
        let mut cache = SourceCache::below(Path::new("/nonexistent"));
        cache.keep(Path::new(file), text);
        cache
    }

    #[test]
    fn a_caret_points_at_the_column_under_a_title_scripts_can_grep() {
        let text = "controls:\n  - id: C-1\n    mappings:\n      mini: M-1\n";
        let mut sources = cache_with("controls/main.yaml", text);
        let d = Diagnostic::input(
            InputCode::InvalidValue,
            Location::new("controls/main.yaml", Position::new(4, 13)),
            "expected a list",
        )
        .with_hint("write `[M-1]`");
        let out = render(&d, &mut sources, false);
        assert!(
            out.starts_with("error[invalid-value]: controls/main.yaml:4:13: expected a list"),
            "{out}"
        );
        assert!(out.contains("--> controls/main.yaml:4:13"), "{out}");
        assert!(out.contains("      mini: M-1"), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("help: write `[M-1]`"), "{out}");
    }

    #[test]
    fn a_secondary_label_shows_its_own_line() {
        let text = "- id: C-1\n- id: C-1\n";
        let mut sources = cache_with("controls/a.yaml", text);
        let d = Diagnostic::input(
            InputCode::DuplicateDefinition,
            Location::new("controls/a.yaml", Position::new(2, 7)),
            "`C-1` is defined twice",
        )
        .with_label(
            Location::new("controls/a.yaml", Position::new(1, 7)),
            "first defined here",
        );
        let out = render(&d, &mut sources, false);
        assert!(out.contains("first defined here"), "{out}");
        assert!(out.contains("1 | - id: C-1"), "{out}");
        assert!(out.contains("2 | - id: C-1"), "{out}");
    }

    #[test]
    fn without_the_file_only_the_title_and_hints_print() {
        let d = Diagnostic::input(
            InputCode::Syntax,
            Location::new("gone.yaml", Position::new(9, 1)),
            "m",
        )
        .with_label(Location::new("other.yaml", Position::new(1, 1)), "there");
        let out = render(&d, &mut SourceCache::none(), false);
        assert!(out.starts_with("error[syntax]: gone.yaml:9:1: m"), "{out}");
        assert!(out.contains("note: other.yaml:1:1: there"), "{out}");
        assert!(!out.contains("-->"), "{out}");
    }

    #[test]
    fn control_characters_in_a_message_are_escaped() {
        let d = Diagnostic::input(
            InputCode::InvalidValue,
            Location::new("a.yaml", Position::new(1, 1)),
            "owner `\u{1b}[2Jok` is odd",
        );
        let out = render(&d, &mut SourceCache::none(), false);
        assert!(out.contains("\\u{001b}[2Jok"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn a_quoted_token_is_underlined_to_its_closing_quote() {
        let line = r#"      gdpr: ["Art. 29", "Art. 32(1)(e)"]"#;
        let start = line.find("\"Art. 32").unwrap();
        assert_eq!(&line[start..token_end(line, start)], "\"Art. 32(1)(e)\"");
        assert_eq!(token_end("x", 1), 1);
    }

    #[test]
    fn a_known_width_underlines_the_whole_value() {
        let line = "    owner: Head of Security   # accountable";
        let at = Position::new(1, 12).with_width(16);
        let e = excerpt(line, at).unwrap();
        assert_eq!(&line[e.span], "Head of Security");
        let past_the_end = excerpt(line, Position::new(1, 12).with_width(500)).unwrap();
        assert_eq!(&line[past_the_end.span], "Head of Security   # accountable");
    }

    #[test]
    fn no_excerpt_for_a_line_the_text_lacks() {
        assert!(excerpt("one line\n", Position::new(9, 1)).is_none());
        assert!(excerpt("one line\n", Position::new(0, 0)).is_none());
    }
}
