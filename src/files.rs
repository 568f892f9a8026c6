//! Reading the files a workspace is made of, for every module that reads them (the workspace
//! loader, the catalogs, the answer library): UTF-8 text within a size limit, and the YAML files
//! of a folder, never following a link out of the workspace. It sits below `workspace` and
//! `catalog` so that neither has to reach into the other to read a file.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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
    let file = crate::bundle::open::open_regular(&full).map_err(|e| match e {
        crate::bundle::open::OpenError::NotRegular(what) => Error::input(
            Location::file(rel),
            format!("{what}, not a regular file; workspace files are regular files"),
        ),
        crate::bundle::open::OpenError::Io(e) => Error::io(&full, e),
    })?;
    let size = file.metadata().map_err(|e| Error::io(&full, e))?.len();
    if size > MAX_FILE_BYTES {
        let message =
            format!("the file is {size} bytes; workspace files are limited to {MAX_FILE_BYTES}");
        return Err(Error::input(Location::file(rel), message));
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
            Err(InputError::new(
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
                Location::file(rel),
                format!("{what}; the loader reads workspace files only as regular files"),
            ));
        }
    }
    Ok(files)
}
