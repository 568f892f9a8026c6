//! Writing outputs without ever leaving a half-written file: write to a temporary file in the
//! target's directory, flush it to disk, then rename it into place; and never overwriting: new
//! files are created only where nothing exists.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically (replacing an existing report is intended).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = written_beside(path, bytes)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Write `bytes` to a new file at `path` atomically: the file appears whole or not at all, and
/// never replaces one that exists (collected evidence is history).
pub fn write_atomic_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = written_beside(path, bytes)?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// `bytes` in a temporary file in `path`'s directory, flushed to disk, ready to be renamed.
fn written_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = dir_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".evidence-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(output_permissions(path));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    Ok(tmp)
}

/// Reports are meant to be read and published, but a temporary file is private (0600): give the
/// output the mode of the file it replaces, or the usual 0644 for a new one.
#[cfg(unix)]
fn output_permissions(path: &Path) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map_or_else(
        |_| std::fs::Permissions::from_mode(0o644),
        |m| m.permissions(),
    )
}

/// The directory `path` is in, where a temporary file to be renamed to `path` must be made: its
/// parent, or `.` for a bare file name.
pub fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write `bytes` to a new file at `path`; fail if anything already exists there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    write_new_file(path, bytes, None).map_err(|e| Error::io(path, e))
}

/// Create a new file at `path`, failing if anything exists there (a link included), with `mode`
/// on Unix (0600 for a secret key), or the default mode less the umask when `None`.
pub fn create_new(path: &Path, mode: Option<u32>) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Write `bytes` to a new file at `path` (as [`create_new`]) and flush it to disk.
pub fn write_new_file(path: &Path, bytes: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let mut file = create_new(path, mode)?;
    file.write_all(bytes)?;
    file.sync_all()
}
