//! Reading the files a workspace is made of, for every module that reads them (the workspace
//! loader, the catalogs, the answer library): UTF-8 text within a size limit, and the YAML files
//! of a folder, never following a link out of the workspace. It sits below `workspace` and
//! `catalog` so that neither has to reach into the other to read a file.
//!
//! It also opens files named by untrusted input (bundle members, attestation subjects): never
//! following a symbolic link in the last component, never blocking (a FIFO or a device swapped
//! in for a listed file would otherwise hang the reader in `open`), and checking the type on the
//! open handle, not on the name (so that a file replaced between a walk and the open is noticed).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, InputCode};
use crate::error::{Error, InputError, Result};
use crate::source::{Location, Position, display_path};

/// Largest workspace file we read; a matrix file of this size is a mistake or an attack.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How far below a folder to look for YAML files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the files directly in the folder (`frameworks/`, whose `crosswalks/` is read apart).
    Top,
    /// Every file below it (`controls/`, `scope/`, ...: teams organise them in subfolders).
    All,
}

/// Read a workspace file as UTF-8 text (a leading byte-order mark is dropped).
/// `rel` is relative to `root` and is the path used in error messages.
pub fn read_text(root: &Path, rel: &Path) -> Result<String> {
    use std::io::Read;
    let full = root.join(rel);
    // Opened without blocking (a FIFO would otherwise hang the command) and checked on the
    // handle: a regular file, whatever the name pointed to when it was listed.
    let file = open_regular(&full).map_err(|e| match e {
        OpenError::NotRegular(what) => Error::input(
            InputCode::UnreadableFile,
            Location::file(rel),
            format!("{what}, not a regular file; workspace files are regular files"),
        ),
        OpenError::Io(e) => Error::io(&full, e),
    })?;
    let size = file.metadata().map_err(|e| Error::io(&full, e))?.len();
    if size > MAX_FILE_BYTES {
        let message =
            format!("the file is {size} bytes; workspace files are limited to {MAX_FILE_BYTES}");
        return Err(Error::input(
            InputCode::UnreadableFile,
            Location::file(rel),
            message,
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&full, e))?;
    decode_utf8(rel, bytes).map_err(Error::from)
}

fn decode_utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            let position = Position::of_byte_offset(&text, valid);
            Err(Diagnostic::input(
                InputCode::UnreadableFile,
                Location::new(rel, position),
                format!("not valid UTF-8 (byte {valid}); save the file as UTF-8"),
            ))
        }
    }
}

/// The `*.yaml`/`*.yml` files in `root/dir` (directly in it, or at any depth), sorted, relative
/// to `root`; none when `dir` does not exist. Nothing is followed out of the workspace: `dir`
/// itself may be a link only to a directory inside it, links below it are not followed, and a
/// YAML name that is a link, a FIFO or a device is an error (with its file) rather than a file
/// silently skipped or a read that never returns.
pub fn yaml_files(root: &Path, dir: &Path, depth: Depth) -> Result<Vec<PathBuf>> {
    let base = root.join(dir);
    let Ok(meta) = base.symlink_metadata() else {
        return Ok(Vec::new());
    };
    if meta.file_type().is_symlink() {
        let inside = match (root.canonicalize(), base.canonicalize()) {
            (Ok(r), Ok(b)) => b.starts_with(r),
            _ => false,
        };
        if !inside {
            return Err(Error::input(
                InputCode::UnreadableFile,
                Location::file(dir),
                format!(
                    "`{}` is a symbolic link that leads outside the workspace (or nowhere); \
                     the workspace's files must lie inside it",
                    display_path(dir)
                ),
            ));
        }
    }
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walk = WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(match depth {
            Depth::Top => 1,
            Depth::All => usize::MAX,
        });
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&base).to_path_buf();
            Error::io(path, e.into())
        })?;
        let is_yaml = entry
            .path()
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml");
        let ft = entry.file_type();
        if !is_yaml || ft.is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if ft.is_file() {
            files.push(rel.to_path_buf());
        } else {
            let what = if ft.is_symlink() {
                "a symbolic link"
            } else {
                "not a regular file (a FIFO, device or socket)"
            };
            return Err(Error::input(
                InputCode::UnreadableFile,
                Location::file(rel),
                format!("{what}; the loader reads workspace files only as regular files"),
            ));
        }
    }
    Ok(files)
}

/// Why an I/O operation on a user's file failed, in words: "does not exist" rather than the
/// system's "No such file or directory (os error 2)"; other system errors keep the system's
/// wording, without the error number, and our own keep theirs.
pub fn io_reason(err: &io::Error) -> String {
    // An error we made ourselves already says what we mean.
    if err.raw_os_error().is_none() {
        return err.to_string();
    }
    match err.kind() {
        io::ErrorKind::NotFound => "does not exist".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        io::ErrorKind::NotADirectory => "a folder on its path is not a directory".to_string(),
        _ => {
            let text = err.to_string();
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

/// Why a path could not be opened as a regular file.
#[derive(Debug)]
pub enum OpenError {
    /// A symbolic link, directory, FIFO, device or socket.
    NotRegular(&'static str),
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NotRegular(what) => write!(f, "{what}, not a regular file"),
            OpenError::Io(e) => write!(f, "{}", io_reason(e)),
        }
    }
}

fn options(follow: bool) -> OpenOptions {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        o.custom_flags(flags);
    }
    #[cfg(not(unix))]
    let _ = follow;
    o
}

fn check(file: File) -> Result<File, OpenError> {
    let meta = file.metadata().map_err(OpenError::Io)?;
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(file);
    }
    Err(OpenError::NotRegular(describe(&ft)))
}

/// What a non-regular file is, in words.
pub fn describe(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a directory"
    } else if ft.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Open `path` for reading if its last component is a regular file, not a link to one.
pub fn open_regular_nofollow(path: &Path) -> Result<File, OpenError> {
    match options(false).open(path) {
        Ok(f) => check(f),
        Err(e) if is_symlink_refusal(&e, path) => Err(OpenError::NotRegular("a symbolic link")),
        Err(e) => Err(OpenError::Io(e)),
    }
}

/// Open `path` (following links: a path the user typed) if it is a regular file, without
/// blocking on a FIFO.
pub fn open_regular(path: &Path) -> Result<File, OpenError> {
    check(options(true).open(path).map_err(OpenError::Io)?)
}

/// `O_NOFOLLOW` on a link fails with ELOOP (Linux) or EMLINK (some BSDs).
fn is_symlink_refusal(e: &io::Error, path: &Path) -> bool {
    #[cfg(unix)]
    {
        if matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::EMLINK)) {
            return path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink());
        }
    }
    let _ = (e, path);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_in_words_without_error_numbers() {
        let missing = File::open("/nonexistent/evidence-test").unwrap_err();
        assert_eq!(io_reason(&missing), "does not exist");
        let other = io::Error::from_raw_os_error(28);
        let said = io_reason(&other);
        assert!(!said.contains("os error"), "{said}");
        assert!(!said.is_empty());
        let ours = io::Error::new(io::ErrorKind::NotFound, "no such directory (given with -C)");
        assert_eq!(io_reason(&ours), "no such directory (given with -C)");
    }
}
