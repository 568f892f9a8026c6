//! Writing outputs without ever leaving a half-written file: write to a temporary file in the
//! target's directory, flush it to disk, then rename it into place.

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
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
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

/// Write `bytes` to a new file at `path`; fail if anything already exists there.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}
