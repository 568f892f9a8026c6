//! Creating the files of a bundle being written, never over anything that exists (opening files
//! named by untrusted input is [`crate::files::open_regular_nofollow`]).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::code::{Failure, Result};

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
