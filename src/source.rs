//! Where things come from: source files, positions in them, and values that remember their position.
//!
//! Every diagnostic about a user's file names `file:line:column`, so the model keeps positions
//! from parsing through validation. This module is the only place that knows how a parser reports
//! positions; the rest of the crate sees [`Spanned`] and [`Position`].

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

/// A 1-based line and column in a source file. `0:0` means "the file as a whole".
///
/// A position may also know how many characters the value there spans (`width`, as the parsers
/// report it), so that a diagnostic underlines the whole value. The width is a display detail:
/// two positions at the same line and column are the same place, whatever their widths.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    /// Characters the value at this place spans; 0 when unknown.
    #[serde(skip)]
    pub width: u32,
}

impl Position {
    pub const fn new(line: u32, column: u32) -> Self {
        Self {
            line,
            column,
            width: 0,
        }
    }

    /// The same place, spanning `width` characters.
    #[must_use]
    pub const fn with_width(self, width: u32) -> Self {
        Self { width, ..self }
    }

    /// The position of a byte offset in `text` (columns count characters, as editors do).
    pub fn of_byte_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self::new(saturate(line), saturate(column))
    }

    /// The position of a byte range in `text`, with its width in characters.
    pub fn of_byte_range(text: &str, range: std::ops::Range<usize>) -> Self {
        let width = text
            .get(range.clone())
            .map_or(0, |value| value.chars().count());
        Self::of_byte_offset(text, range.start).with_width(saturate(width))
    }

    fn place(self) -> (u32, u32) {
        (self.line, self.column)
    }
}

impl PartialEq for Position {
    fn eq(&self, other: &Self) -> bool {
        self.place() == other.place()
    }
}
impl Eq for Position {}

impl PartialOrd for Position {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Position {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.place().cmp(&other.place())
    }
}

impl std::hash::Hash for Position {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.place().hash(state);
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A place in a file of the workspace (or of a built-in catalog), relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub position: Position,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, position: Position) -> Self {
        Self {
            file: file.into(),
            position,
        }
    }

    /// The file as a whole, when no finer position is known.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self::new(file, Position::default())
    }

    /// The file name with forward slashes, whatever the platform, so output is stable.
    pub fn display_path(&self) -> String {
        display_path(&self.file)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column, .. } = self.position;
        match (line, column) {
            (0, _) => write!(f, "{}", self.display_path()),
            (_, 0) => write!(f, "{}:{line}", self.display_path()),
            _ => write!(f, "{}:{line}:{column}", self.display_path()),
        }
    }
}

/// A path written with `/` separators.
pub fn display_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        match c {
            // The root is a separator itself: `/tmp/a`, not `//tmp/a`.
            std::path::Component::RootDir => out.push('/'),
            std::path::Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// A value together with the position of the YAML node it was read from.
///
/// Equality and ordering look at the value only, so two `Spanned` IDs compare like their strings.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub position: Position,
}

impl<T> Spanned<T> {
    pub fn new(value: T, position: Position) -> Self {
        Self { value, position }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<T: Eq> Eq for Spanned<T> {}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = inner.referenced;
        let position = Position::new(saturate_u64(at.line()), saturate_u64(at.column()))
            .with_width(saturate_u64(at.span().len()));
        Ok(Self::new(inner.value, position))
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// In a JSON Schema a spanned value is just its value: positions are not written by users.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

fn saturate_u64(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_with_one_slash_between_parts() {
        assert_eq!(display_path(Path::new("evidence/a.md")), "evidence/a.md");
        assert_eq!(display_path(Path::new("/tmp/q/f.csv")), "/tmp/q/f.csv");
        assert_eq!(display_path(Path::new("./a/../b")), "./a/../b");
        assert_eq!(display_path(Path::new("/")), "/");
    }

    #[test]
    fn byte_offsets_become_line_and_character_column() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(Position::of_byte_offset(text, 0), Position::new(1, 1));
        // "bé = " is 6 bytes but 5 characters.
        assert_eq!(Position::of_byte_offset(text, 6 + 6), Position::new(2, 6));
        assert_eq!(Position::of_byte_offset(text, 999), Position::new(3, 1));
    }

    #[test]
    fn a_width_is_a_display_detail_not_part_of_the_place() {
        let text = "owner: Head of Security\n";
        let at = Position::of_byte_range(text, 7..23);
        assert_eq!(at, Position::new(1, 8));
        assert_eq!(at.width, 16);
    }

    #[test]
    fn a_spanned_yaml_value_knows_its_width() {
        #[derive(serde::Deserialize)]
        struct Doc {
            owner: Spanned<String>,
        }
        let doc: Doc = serde_saphyr::from_str("owner: Head of Security\n").unwrap();
        assert_eq!(doc.owner.position, Position::new(1, 8));
        assert_eq!(doc.owner.position.width, 16);
    }

    #[test]
    fn location_display_omits_unknown_parts() {
        assert_eq!(Location::file("a/b.yaml").to_string(), "a/b.yaml");
        assert_eq!(
            Location::new("a.yaml", Position::new(3, 0)).to_string(),
            "a.yaml:3"
        );
        assert_eq!(
            Location::new("a.yaml", Position::new(3, 7)).to_string(),
            "a.yaml:3:7"
        );
    }
}
