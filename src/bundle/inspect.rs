//! Looking inside a bundle without verifying it.
//!
//! Inspection reads the manifest (canonical form and schema are required, so what is shown is
//! what a verifier would parse) and the names of the signature files. It checks no signature and
//! no file: everything it shows is a claim until `bundle verify` has passed.

use std::collections::BTreeMap;
use std::path::Path;

use super::code::Result;
use super::manifest::{self, FileEntry, ParsedManifest};
use super::verify::{self, Form};

/// What a bundle claims to hold.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub form: Form,
    pub manifest: ParsedManifest,
    /// Key ids of the signature files present (unchecked).
    pub signature_keyids: Vec<String>,
}

impl Inspection {
    /// Files per control id; files that support no control (the workspace's own files) are
    /// under the empty string.
    pub fn by_control(&self) -> BTreeMap<&str, Vec<&FileEntry>> {
        let mut map: BTreeMap<&str, Vec<&FileEntry>> = BTreeMap::new();
        for f in &self.manifest.manifest.files {
            if f.controls.is_empty() {
                map.entry("").or_default().push(f);
            }
            for c in &f.controls {
                map.entry(c.as_str()).or_default().push(f);
            }
        }
        map
    }
}

pub fn inspect(path: &Path) -> Result<Inspection> {
    let form = verify::form_of(path)?;
    let head = match form {
        Form::Dir => verify::read_dir_head(path)?,
        Form::Tar => verify::read_tar_head(path)?.1,
    };
    let signature_keyids = head.signatures.iter().map(|s| s.keyid.clone()).collect();
    let manifest = manifest::parse(head.manifest)?;
    Ok(Inspection {
        form,
        manifest,
        signature_keyids,
    })
}
