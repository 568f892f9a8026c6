//! The rules for paths inside a bundle.
//!
//! A path is relative to `files/`, written with `/`, and every component is non-empty, neither
//! `.` nor `..`, free of backslashes, control characters, bidi controls and other format
//! characters (Unicode category Cf) and of the characters Windows forbids, not a Windows reserved
//! name, and not ending in a dot or space. The whole path is in NFC, and no two paths of one
//! bundle are equal after case folding (so the bundle extracts the same on every file system).

use std::collections::{HashMap, HashSet};

use unicode_normalization::{UnicodeNormalization, is_nfc};

use super::code::{Code, Failure, Result};

/// Longest path, in bytes (Linux PATH_MAX less room for the bundle's own prefix).
pub const MAX_PATH_BYTES: usize = 1024;
/// Longest component, in bytes (the usual file system limit).
pub const MAX_COMPONENT_BYTES: usize = 255;

fn fail(code: Code, path: &str, message: impl Into<String>) -> Failure {
    Failure::about(code, path.to_string(), message)
}

/// Check one path against the rules.
pub fn check_path(path: &str) -> Result<()> {
    if path.is_empty() {
        return Err(fail(Code::PathInvalidComponent, path, "the path is empty"));
    }
    if path.starts_with('/') {
        return Err(fail(Code::PathAbsolute, path, "the path is absolute"));
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(fail(
            Code::PathInvalidComponent,
            path,
            format!("the path is longer than {MAX_PATH_BYTES} bytes"),
        ));
    }
    for c in path.chars() {
        if let Some(why) = forbidden_char(c) {
            return Err(fail(
                Code::PathInvalidCharacter,
                &path.escape_debug().to_string(),
                format!("U+{:04X} ({why}) is not allowed in a path", u32::from(c)),
            ));
        }
    }
    for component in path.split('/') {
        match component {
            "" => {
                return Err(fail(
                    Code::PathInvalidComponent,
                    path,
                    "empty path component",
                ));
            }
            "." => return Err(fail(Code::PathInvalidComponent, path, "`.` component")),
            ".." => return Err(fail(Code::PathTraversal, path, "`..` component")),
            _ => {}
        }
        if component.len() > MAX_COMPONENT_BYTES {
            return Err(fail(
                Code::PathInvalidComponent,
                path,
                format!("a component is longer than {MAX_COMPONENT_BYTES} bytes"),
            ));
        }
        if is_windows_reserved(component) {
            return Err(fail(
                Code::PathReservedName,
                path,
                format!("{component:?} is a reserved name on Windows"),
            ));
        }
        if is_short_name_alias(component) {
            return Err(fail(
                Code::PathReservedName,
                path,
                format!("{component:?} has the form of an NTFS 8.3 short name (NAME~1.EXT)"),
            ));
        }
        if component.ends_with('.') || component.ends_with(' ') {
            return Err(fail(
                Code::PathReservedName,
                path,
                "a component ends in a dot or a space, which Windows drops",
            ));
        }
    }
    if !is_nfc(path) {
        return Err(fail(
            Code::PathNotNfc,
            path,
            "the path is not in Unicode normalisation form C",
        ));
    }
    Ok(())
}

/// Why `c` may not appear in a path, if it may not.
fn forbidden_char(c: char) -> Option<&'static str> {
    if c.is_control() {
        return Some("control character");
    }
    if crate::terminal::is_format(c) {
        return Some("format or bidi control character");
    }
    if crate::terminal::is_default_ignorable(c) {
        return Some("invisible character");
    }
    match c {
        '\\' => Some("backslash"),
        '<' | '>' | ':' | '"' | '|' | '?' | '*' => Some("forbidden on Windows"),
        _ => None,
    }
}

/// An NTFS 8.3 short name (`LONGFI~1.MD`): up to 8 characters ending in `~` and digits, and an
/// extension of at most 3. On Windows it can name a different file than the long name does.
fn is_short_name_alias(component: &str) -> bool {
    let (base, ext) = match component.rsplit_once('.') {
        Some((b, e)) => (b, Some(e)),
        None => (component, None),
    };
    let Some((head, digits)) = base.rsplit_once('~') else {
        return false;
    };
    !head.is_empty()
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && base.chars().count() <= 8
        && ext.is_none_or(|e| e.chars().count() <= 3)
}

fn is_windows_reserved(component: &str) -> bool {
    // The name before the first dot, without trailing spaces, compared case-insensitively.
    let stem = component.split('.').next().unwrap_or(component).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ["COM", "LPT"].iter().any(|p| {
        upper.strip_prefix(p).is_some_and(|rest| {
            matches!(
                rest,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        })
    })
}

/// The form two paths share when a case-insensitive or normalising file system would take them
/// for the same name: NFKC, full case folding (approximated by upper- then lower-casing, which
/// also folds `ß` to `ss`), NFKC again.
pub fn fold(path: &str) -> String {
    // ASCII is its own NFKC form, and its full case folding is its lowercase.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    fold_unicode(path)
}

fn fold_unicode(path: &str) -> String {
    let once: String = path.nfkc().collect();
    once.to_uppercase().to_lowercase().nfkc().collect()
}

/// Check a list of paths as a manifest holds them: each valid, sorted, unique, unique after
/// folding, and no file also the directory of another.
pub fn check_manifest_paths<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let mut previous: Option<&str> = None;
    let mut folded: HashMap<String, &str> = HashMap::new();
    let mut all: HashSet<&str> = HashSet::new();
    for path in paths {
        check_path(path)?;
        if let Some(prev) = previous {
            if prev == path {
                return Err(fail(Code::PathDuplicate, path, "listed twice"));
            }
            if prev > path {
                return Err(fail(
                    Code::FilesNotSorted,
                    path,
                    format!("listed after {prev:?}; files must be sorted by path"),
                ));
            }
        }
        if let Some(other) = folded.insert(fold(path), path) {
            return Err(fail(
                Code::PathCaseCollision,
                path,
                format!("the same name as {other:?} on a case-insensitive file system"),
            ));
        }
        all.insert(path);
        previous = Some(path);
    }
    // A file that is also a directory of another file cannot exist on disk.
    for path in &all {
        let mut at = 0;
        while let Some(i) = path[at..].find('/') {
            let dir = &path[..at + i];
            if all.contains(dir) {
                return Err(fail(
                    Code::PathDuplicate,
                    path,
                    format!("{dir:?} is listed as a file and is also a directory"),
                ));
            }
            at += i + 1;
        }
    }
    // Same for folded names (a file `A` and a file `a/b`).
    for path in &all {
        let f = fold(path);
        let mut at = 0;
        while let Some(i) = f[at..].find('/') {
            if let Some(other) = folded.get(&f[..at + i]) {
                return Err(fail(
                    Code::PathCaseCollision,
                    path,
                    format!("{other:?} names the same as one of its directories"),
                ));
            }
            at += i + 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ascii_takes_the_short_way_to_the_same_form() {
        let every: String = (0u8..128).map(char::from).collect();
        for text in [every.as_str(), "Files/README.TXT", "a/B/c", ""] {
            assert_eq!(fold(text), fold_unicode(text), "{text:?}");
        }
        assert_eq!(fold("Straße/Ａ.txt"), fold("STRASSE/a.TXT"));
    }

    fn code(p: &str) -> Option<Code> {
        check_path(p).err().map(|f| f.code)
    }

    #[test]
    fn rules() {
        assert_eq!(code("a/b.txt"), None);
        assert_eq!(code("évidence/ß.pdf"), None);
        assert_eq!(code("/etc/passwd"), Some(Code::PathAbsolute));
        assert_eq!(code("a/../b"), Some(Code::PathTraversal));
        assert_eq!(code(".."), Some(Code::PathTraversal));
        assert_eq!(code("a//b"), Some(Code::PathInvalidComponent));
        assert_eq!(code("./a"), Some(Code::PathInvalidComponent));
        assert_eq!(code("a/"), Some(Code::PathInvalidComponent));
        assert_eq!(code("a\\b"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("a\nb"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("a\u{202E}fdp.exe"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("a\u{200B}b"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("e\u{301}.txt"), Some(Code::PathNotNfc));
        assert_eq!(code("con"), Some(Code::PathReservedName));
        assert_eq!(code("x/Com1.txt"), Some(Code::PathReservedName));
        assert_eq!(code("console"), None);
        assert_eq!(code("a."), Some(Code::PathReservedName));
        assert_eq!(code("c:x"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("a\u{3164}b"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("a\u{34f}b"), Some(Code::PathInvalidCharacter));
        assert_eq!(code("LONGFI~1.MD"), Some(Code::PathReservedName));
        assert_eq!(code("x/PROGRA~2"), Some(Code::PathReservedName));
        assert_eq!(code("backup~1.orig"), None);
        assert_eq!(code("a~b.txt"), None);
    }

    #[test]
    fn sets() {
        let c = |v: &[&str]| {
            check_manifest_paths(v.iter().copied())
                .err()
                .map(|f| f.code)
        };
        assert_eq!(c(&["a", "b/c"]), None);
        assert_eq!(c(&["b", "a"]), Some(Code::FilesNotSorted));
        assert_eq!(c(&["a", "a"]), Some(Code::PathDuplicate));
        assert_eq!(c(&["A", "a"]), Some(Code::PathCaseCollision));
        assert_eq!(c(&["STRASSE", "straße"]), Some(Code::PathCaseCollision));
        assert_eq!(c(&["a", "a/b"]), Some(Code::PathDuplicate));
        assert_eq!(c(&["A", "a/b"]), Some(Code::PathCaseCollision));
    }
}
