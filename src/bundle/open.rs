//! Opening files named by untrusted input: never following a symbolic link in the last
//! component, never blocking (a FIFO or a device swapped in for a listed file would otherwise
//! hang the reader in `open`), and checking the type on the open handle, not on the name (so
//! that a file replaced between a walk and the open is noticed); and creating the files of a
//! bundle being written, never over anything that exists.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use super::code::{Failure, Result};

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
            OpenError::Io(e) => write!(f, "{e}"),
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

/// Create a file that must not exist yet (and its parent directories), mode 0644.
pub fn create_new_file(path: &Path) -> Result<File> {
    if let Some(parent) = path.parent() {
        create_dirs(parent)?;
    }
    crate::output::create_new(path, Some(0o644)).map_err(|e| Failure::io(path, &e))
}

/// Write a file that must not exist yet (and its parent directories), mode 0644, to disk.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = create_new_file(path)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| Failure::io(path, &e))
}

/// Create a directory and its parents with mode 0755.
pub fn create_dirs(path: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o755);
    }
    builder.create(path).map_err(|e| Failure::io(path, &e))
}

/// An empty bundle layout (`files/`, `signatures/`) in a new temporary directory beside
/// `target`, to be renamed to it once complete (so that nothing half-made appears there).
pub fn staging_dir(target: &Path, prefix: &str) -> Result<tempfile::TempDir> {
    let parent = crate::output::dir_of(target);
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempdir_in(parent)
        .map_err(|e| Failure::io(parent, &e))?;
    create_dirs(&tmp.path().join("files"))?;
    create_dirs(&tmp.path().join("signatures"))?;
    Ok(tmp)
}

/// A new temporary file beside `target`, to be renamed to it once complete.
pub fn staging_file(target: &Path, prefix: &str, suffix: &str) -> Result<tempfile::NamedTempFile> {
    let parent = crate::output::dir_of(target);
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(parent)
        .map_err(|e| Failure::io(parent, &e))
}
