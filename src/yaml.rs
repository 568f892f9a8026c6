//! The one place where YAML is parsed.
//!
//! serde-saphyr is strict by default in the ways a compliance tool needs: duplicate keys are
//! errors, alias expansion runs on a budget (so a "billion laughs" file fails fast instead of
//! exhausting memory), and every error carries a line and column. Keeping all YAML parsing
//! behind [`parse`] means those guarantees hold for every file the tool reads.
//!
//! On top of that, what a hand-written workspace file never needs is refused, each with its
//! line and column: tags (`!!binary` would decode base64 into a string field, `!python/object`
//! and other application tags mean nothing here), merge keys (`<<`, through which a key can be
//! given twice without the duplicate-key check seeing it), and a second byte-order mark.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, InputCode};
use crate::source::{Location, Position};

/// Parse `text` (the contents of `file`) into `T`, or explain where and why it is malformed.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    if is_blank(text) {
        return Err(Diagnostic::input(
            InputCode::UnreadableFile,
            Location::file(file),
            "the file is empty; remove it or give it content",
        ));
    }
    if text.starts_with('\u{feff}') {
        // The reader drops one byte-order mark; a second one is part of the text.
        return Err(Diagnostic::input(
            InputCode::UnreadableFile,
            Location::new(file, Position::new(1, 1)),
            "a second byte-order mark at the start of the file; save it as UTF-8 with at most one",
        ));
    }
    reject_tags(file, text)?;
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| to_input_error(file, &e))
}

/// A tag as it is usually written: `!!binary` rather than `tag:yaml.org,2002:binary`.
fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None if tag.starts_with('!') => tag.to_string(),
        None => format!("!<{tag}>"),
    }
}

/// Refuse any explicit tag on a node. Syntax errors are left to the deserialiser, which reports
/// them with their location.
fn reject_tags(file: &Path, text: &str) -> Result<(), Diagnostic> {
    use serde_saphyr::granit_parser::{Event, Parser};
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else {
            return Ok(());
        };
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag {
            let at = Position::new(
                u32::try_from(span.start.line()).unwrap_or(u32::MAX),
                u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
            );
            return Err(Diagnostic::input(
                InputCode::UnsafeYaml,
                Location::new(file, at),
                format!(
                    "the YAML tag {} is not accepted; write the value without a tag",
                    crate::terminal::escape(&short_tag(&tag.to_string()))
                ),
            ));
        }
    }
    Ok(())
}

fn options() -> serde_saphyr::Options {
    // A workspace file is hand-written: thousands of aliases or deep nesting mean an attack.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 10_000;
    budget.max_depth = 64;
    serde_saphyr::options! {
        budget: Some(budget),
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
        reject_unsupported_tags: true,
        reject_tagged_field_names: true,
    }
}

/// Only whitespace and comments: YAML calls this an empty document, users call it an empty file.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

fn to_input_error(file: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    let position = e.location().map_or(Position::default(), |at| {
        Position::new(
            u32::try_from(at.line()).unwrap_or(u32::MAX),
            u32::try_from(at.column()).unwrap_or(u32::MAX),
        )
    });
    let message = plain_message(e);
    Diagnostic::input(
        InputCode::of_serde_message(&message),
        Location::new(file, position),
        message,
    )
}

/// The parser's message without its own "at line X column Y" suffix or source snippet: the
/// location is already part of our error, and snippets do not belong in JSON output.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or_default().trim();
    in_user_terms(strip_location_suffix(first))
}

/// The parser's words in the words of someone writing the file: "expected a list", not
/// "expected sequence start"; "expected a date as YYYY-MM-DD", not an integer-parsing detail.
fn in_user_terms(message: &str) -> String {
    const DATE_PARTS: [&str; 4] = ["as year", "as month", "as day", "civil date"];
    if DATE_PARTS.iter().any(|p| message.contains(p)) || message.contains("invalid date") {
        return format!("expected a date as YYYY-MM-DD ({message})");
    }
    let replaced = [
        (
            "expected sequence start",
            "expected a list: `[a, b]`, or one `- item` per line",
        ),
        (
            "expected mapping start",
            "expected a mapping: `key: value` lines",
        ),
        (
            "invalid type: sequence",
            "a list is not allowed here: found a list",
        ),
        (
            "invalid type: map",
            "a mapping is not allowed here: found a mapping",
        ),
    ];
    for (parser, user) in replaced {
        if let Some(rest) = message.strip_prefix(parser) {
            return format!("{user}{rest}");
        }
    }
    message.to_string()
}

fn strip_location_suffix(message: &str) -> &str {
    let message = message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i]);
    // The parser suggests relaxing its duplicate-key policy; for us duplicates are always errors.
    message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message)
}

#[cfg(test)]
mod user_terms_tests {
    use super::in_user_terms;

    #[test]
    fn parser_words_become_the_users() {
        assert_eq!(
            in_user_terms("expected sequence start"),
            "expected a list: `[a, b]`, or one `- item` per line"
        );
        assert!(
            in_user_terms("failed to parse two digit integer as month: out of range")
                .starts_with("expected a date as YYYY-MM-DD")
        );
        assert_eq!(
            in_user_terms("missing field `status`"),
            "missing field `status`"
        );
    }
}
