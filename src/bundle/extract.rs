//! Extracting a bundle: only what verifies appears, and nothing is overwritten.
//!
//! The bundle is verified and copied in one pass into a temporary directory beside the target;
//! the manifest is authenticated before any file data is written, each file is written only up
//! to its authenticated size, and the directory is renamed into place only after every check has
//! passed. On any failure the temporary directory is removed. The result is itself a directory
//! bundle (manifest.json, signatures/, files/) that verifies again.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::code::{Code, Failure, Result};
use super::keys::signature_file_name;
use super::open::{create_dirs, create_new_file, staging_dir, write_new};
use super::verify::{self, Form, Head, TarObserver, Verified, VerifyOptions};
use crate::progress::Progress;

/// Verify the bundle at `path` and write it to the new directory `to`.
pub fn extract(
    path: &Path,
    to: &Path,
    opts: &VerifyOptions,
    progress: &dyn Progress,
) -> Result<Verified> {
    if to.symlink_metadata().is_ok() {
        return Err(Failure::about(
            Code::OutputExists,
            to.display().to_string(),
            "exists already; extract never overwrites",
        ));
    }
    let form = verify::form_of(path)?;
    let tmp = staging_dir(to, ".evidence-extract.")?;
    let root = tmp.path();
    let verified = match form {
        Form::Dir => verify::verify_dir(path, opts, progress, Some(root))?,
        Form::Tar => {
            let mut observer = ToDir {
                root: root.to_path_buf(),
                current: None,
            };
            verify::verify_tar(path, opts, progress, &mut observer)?
        }
    };
    write_new(&root.join("manifest.json"), &verified.manifest.bytes)?;
    for s in &verified.signature_files {
        write_new(
            &root.join("signatures").join(signature_file_name(&s.keyid)),
            &s.bytes,
        )?;
    }
    if to.symlink_metadata().is_ok() {
        return Err(Failure::about(
            Code::OutputExists,
            to.display().to_string(),
            "appeared during extraction; nothing was overwritten",
        ));
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, to).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        Failure::io(to, &e)
    })?;
    Ok(verified)
}

struct ToDir {
    root: PathBuf,
    current: Option<(PathBuf, File)>,
}

impl TarObserver for ToDir {
    fn head(&mut self, _top: &str, _head: &Head) -> Result<()> {
        Ok(())
    }

    fn dir(&mut self, rel: &str) -> Result<()> {
        create_dirs(&self.root.join("files").join(rel))
    }

    fn file_start(&mut self, rel: &str, _size: u64) -> Result<()> {
        let p = self.root.join("files").join(rel);
        let f = create_new_file(&p)?;
        self.current = Some((p, f));
        Ok(())
    }

    fn data(&mut self, bytes: &[u8]) -> Result<()> {
        match &mut self.current {
            Some((p, f)) => f.write_all(bytes).map_err(|e| Failure::io(p, &e)),
            None => Err(Failure::new(Code::TarMalformed, "data outside a file")),
        }
    }

    fn file_end(&mut self) -> Result<()> {
        match self.current.take() {
            Some((p, f)) => f.sync_all().map_err(|e| Failure::io(&p, &e)),
            None => Ok(()),
        }
    }
}
