//! Source excerpts under a message, as rustc and cargo-deny print them: the offending line of
//! the user's file with a caret under the column, for loader errors and check findings alike.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::source::Position;

/// How serious the message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Error,
    Warning,
}

/// One message about a place in a file whose text is at hand.
#[derive(Debug, Clone)]
pub struct Excerpt<'a> {
    pub kind: Kind,
    /// A stable code (`stale-evidence`), shown as `error[code]`.
    pub code: Option<&'a str>,
    pub message: &'a str,
    /// The file as the user names it (relative to the workspace).
    pub path: &'a str,
    /// The whole text of the file.
    pub text: &'a str,
    pub position: Position,
    pub hint: Option<&'a str>,
}

impl Excerpt<'_> {
    /// The message with the line it points at and a caret under the column; `None` when the
    /// position is not a line of the text (the caller then prints `file:line:column` alone).
    pub fn render(&self, color: bool) -> Option<String> {
        let line_number = usize::try_from(self.position.line).ok()?;
        let line = self.text.lines().nth(line_number.checked_sub(1)?)?;
        let column = usize::try_from(self.position.column).unwrap_or(1).max(1);
        let start = line
            .char_indices()
            .nth(column - 1)
            .map_or(line.len(), |(i, _)| i);
        let end = token_end(line, start);
        let level = match self.kind {
            Kind::Error => Level::ERROR,
            Kind::Warning => Level::WARNING,
        };
        let mut title = level.primary_title(self.message);
        if let Some(code) = self.code {
            title = title.id(code);
        }
        let mut group = title.element(
            Snippet::source(line)
                .line_start(line_number)
                .path(self.path)
                .annotation(AnnotationKind::Primary.span(start..end)),
        );
        if let Some(hint) = self.hint {
            group = group.element(Level::HELP.message(hint));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Some(renderer.render(&[group]).to_string())
    }
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

/// The text of a regular file of a sensible size; nothing for a FIFO, a device, a link or a
/// huge file (reading those could block or exhaust memory: the error is shown without excerpt).
pub(crate) fn regular_file_text(path: &std::path::Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 16 * 1024 * 1024 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Every malformed-file error, each with its line and a caret when the file can be read below
/// `root`, else as `file:line:column: message`.
pub fn render_input_errors(
    root: &std::path::Path,
    errors: &[crate::error::InputError],
    color: bool,
) -> String {
    let mut out = String::new();
    for e in errors {
        let text = regular_file_text(&root.join(&e.location.file));
        let path = e.location.display_path();
        // The title keeps the one-line `file:line:column: message` form scripts grep for.
        let title = e.to_string();
        let excerpt = text.as_deref().and_then(|text| {
            Excerpt {
                kind: Kind::Error,
                code: None,
                message: &title,
                path: &path,
                text,
                position: e.location.position,
                hint: None,
            }
            .render(color)
        });
        match excerpt {
            Some(excerpt) => {
                out.push_str(&excerpt);
                out.push_str("\n\n");
            }
            None => out.push_str(&format!("error: {e}\n")),
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caret_points_at_the_column() {
        let text = "controls:\n  - id: C-1\n    mappings:\n      mini: M-1\n";
        let out = Excerpt {
            kind: Kind::Error,
            code: None,
            message: "expected a list",
            path: "controls/main.yaml",
            text,
            position: Position::new(4, 13),
            hint: Some("write `[M-1]`"),
        }
        .render(false)
        .unwrap();
        assert!(out.contains("error: expected a list"), "{out}");
        assert!(out.contains("controls/main.yaml:4:13"), "{out}");
        assert!(out.contains("      mini: M-1"), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("help: write `[M-1]`"), "{out}");
    }

    #[test]
    fn a_quoted_token_is_underlined_to_its_closing_quote() {
        let line = r#"      gdpr: ["Art. 29", "Art. 32(1)(e)"]"#;
        let start = line.find("\"Art. 32").unwrap();
        assert_eq!(&line[start..token_end(line, start)], "\"Art. 32(1)(e)\"");
        assert_eq!(token_end("x", 1), 1);
    }

    #[test]
    fn no_excerpt_without_a_line() {
        let e = Excerpt {
            kind: Kind::Warning,
            code: Some("x"),
            message: "m",
            path: "f",
            text: "one line\n",
            position: Position::new(9, 1),
            hint: None,
        };
        assert!(e.render(false).is_none());
    }
}
