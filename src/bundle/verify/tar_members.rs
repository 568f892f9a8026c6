//! Where each member of a tar bundle belongs (top folder, manifest.json, signatures/, files/),
//! checked against the writer's order, and the head collected from the members before files/.

use std::io::Read;
use std::path::Path;

use super::Head;
use super::SignatureFile;
use super::head::{signature_file, too_large_manifest, too_large_signature};
use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::keys::{MAX_SIGNATURE_FILE_BYTES, MAX_SIGNATURES};
use crate::bundle::manifest::MAX_MANIFEST_BYTES;
use crate::bundle::paths;
use crate::bundle::tar::{self, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Start,
    Top,
    Manifest,
    Signatures,
    Files,
}

pub(super) fn layout(subject: &str, message: impl Into<String>) -> Failure {
    Failure::about(Code::LayoutInvalid, subject.to_string(), message)
}

pub(super) fn order(subject: &str, message: impl Into<String>) -> Failure {
    Failure::about(Code::TarOrder, subject.to_string(), message)
}

/// Where a member belongs.
pub(super) enum Slot {
    TopDir,
    Manifest,
    SignaturesDir,
    Signature(String),
    /// `None` for the files/ directory itself, else the path relative to files/.
    Files(Option<String>),
}

#[derive(Default)]
pub(super) struct TarState {
    /// The top folder the writer would have used for this file name.
    expected_top: String,
    /// The name and mtime of each member read before the manifest could be parsed.
    pub(super) mtimes: Vec<(String, u64)>,
    pub(super) top: Option<String>,
    phase: Option<Phase>,
    manifest: Option<Vec<u8>>,
    saw_signatures_dir: bool,
    pub(super) saw_files_dir: bool,
    signatures: Vec<SignatureFile>,
}

impl TarState {
    pub(super) fn for_path(path: &Path) -> Self {
        Self {
            expected_top: crate::bundle::create::top_folder_name(path),
            ..Self::default()
        }
    }

    fn phase(&self) -> Phase {
        self.phase.unwrap_or(Phase::Start)
    }

    pub(super) fn classify(&mut self, member: &tar::Member) -> Result<Slot> {
        let name = member.name.strip_suffix('/').unwrap_or(&member.name);
        let (first, rest) = match name.split_once('/') {
            Some((f, r)) => (f, Some(r)),
            None => (name, None),
        };
        match &self.top {
            None => {
                if paths::check_path(first).is_err() {
                    return Err(layout(&member.name, "not a valid top-level folder name"));
                }
                if first != self.expected_top {
                    return Err(Failure::about(
                        Code::TarMetadata,
                        member.name.clone(),
                        format!(
                            "the top-level folder is {:?}; a bundle file is named after its top \
                             folder ({:?}.tar)",
                            crate::terminal::escape(first),
                            self.expected_top
                        ),
                    ));
                }
                self.top = Some(first.to_string());
            }
            Some(top) if top != first => {
                return Err(layout(
                    &member.name,
                    format!("outside the single top-level folder {top:?}"),
                ));
            }
            Some(_) => {}
        }
        if let Kind::Other(_) = member.kind {
            return Err(Failure::about(
                Code::NotARegularFile,
                member.name.clone(),
                format!(
                    "a {}; a bundle holds regular files and directories only",
                    member.kind.describe()
                ),
            ));
        }
        let dir = member.kind == Kind::Dir;
        let phase = self.phase();
        if self.mtimes.len() < MAX_SIGNATURES + 4 {
            self.mtimes.push((member.name.clone(), member.mtime));
        }
        let slot = match rest {
            None if dir => Slot::TopDir,
            None => {
                return Err(layout(
                    &member.name,
                    "the top-level member must be a directory",
                ));
            }
            Some("manifest.json") => Slot::Manifest,
            Some("signatures") => Slot::SignaturesDir,
            Some("files") => Slot::Files(None),
            Some(r) => {
                if let Some(sig) = r.strip_prefix("signatures/") {
                    Slot::Signature(sig.to_string())
                } else if let Some(f) = r.strip_prefix("files/") {
                    Slot::Files(Some(f.to_string()))
                } else {
                    return Err(Failure::about(
                        Code::UnexpectedEntry,
                        r.to_string(),
                        "a bundle holds only manifest.json, signatures/ and files/",
                    ));
                }
            }
        };
        // Kind and order.
        match &slot {
            Slot::TopDir => {
                if phase != Phase::Start {
                    return Err(Failure::about(
                        Code::DuplicateEntry,
                        member.name.clone(),
                        "the top-level folder appears twice or late",
                    ));
                }
                self.phase = Some(Phase::Top);
            }
            Slot::Manifest => {
                if dir {
                    return Err(Failure::about(
                        Code::NotARegularFile,
                        "manifest.json",
                        "must be a regular file",
                    ));
                }
                if self.manifest.is_some() {
                    return Err(Failure::about(
                        Code::DuplicateEntry,
                        "manifest.json",
                        "a second manifest.json",
                    ));
                }
                if phase > Phase::Top {
                    return Err(order(
                        "manifest.json",
                        "manifest.json must be the first member after the top-level folder",
                    ));
                }
                self.phase = Some(Phase::Manifest);
            }
            Slot::SignaturesDir => {
                single_directory("signatures/", dir, self.saw_signatures_dir)?;
                if phase != Phase::Manifest {
                    return Err(order(
                        "signatures/",
                        "signatures/ must follow manifest.json",
                    ));
                }
                self.saw_signatures_dir = true;
                self.phase = Some(Phase::Signatures);
            }
            Slot::Signature(name) => {
                if dir {
                    return Err(Failure::about(
                        Code::NotARegularFile,
                        format!("signatures/{name}"),
                        "must be a regular file",
                    ));
                }
                if phase != Phase::Signatures {
                    return Err(order(
                        &format!("signatures/{name}"),
                        "signatures must follow signatures/ and come before files/",
                    ));
                }
            }
            Slot::Files(None) => {
                single_directory("files/", dir, self.saw_files_dir)?;
                if phase < Phase::Manifest {
                    return Err(order("files/", "files/ comes before manifest.json"));
                }
                self.saw_files_dir = true;
                self.phase = Some(Phase::Files);
            }
            Slot::Files(Some(rel)) => {
                if phase != Phase::Files {
                    return Err(order(
                        &format!("files/{rel}"),
                        "evidence comes before manifest.json, signatures/ or files/",
                    ));
                }
            }
        }
        Ok(slot)
    }

    pub(super) fn take(
        &mut self,
        slot: Slot,
        member: &tar::Member,
        reader: &mut tar::Reader<impl Read>,
    ) -> Result<()> {
        match slot {
            Slot::Manifest => {
                if member.size > MAX_MANIFEST_BYTES {
                    return Err(too_large_manifest());
                }
                self.manifest = Some(read_member(reader, member.size)?);
            }
            Slot::Signature(name) => {
                if self.signatures.len() >= MAX_SIGNATURES {
                    return Err(Failure::about(
                        Code::TooManySignatures,
                        "signatures/",
                        format!("more than {MAX_SIGNATURES} signature files"),
                    ));
                }
                if member.size > MAX_SIGNATURE_FILE_BYTES {
                    return Err(too_large_signature(&name));
                }
                let bytes = read_member(reader, member.size)?;
                let sf = signature_file(&name, bytes)?;
                if self.signatures.iter().any(|s| s.keyid == sf.keyid) {
                    return Err(Failure::about(
                        Code::DuplicateEntry,
                        format!("signatures/{name}"),
                        "a second member of this name",
                    ));
                }
                if self.signatures.last().is_some_and(|s| s.keyid > sf.keyid) {
                    return Err(order(
                        &format!("signatures/{name}"),
                        "signature files must be sorted by name",
                    ));
                }
                self.signatures.push(sf);
            }
            Slot::TopDir | Slot::SignaturesDir | Slot::Files(_) => {}
        }
        Ok(())
    }

    pub(super) fn finish_head(&mut self) -> Result<Head> {
        let manifest = self.manifest.take().ok_or_else(|| {
            Failure::about(
                Code::ManifestMissing,
                "manifest.json",
                "the archive has no manifest.json",
            )
        })?;
        if !self.saw_signatures_dir {
            return Err(layout(
                "signatures/",
                "the archive has no signatures/ directory member",
            ));
        }
        let mut signatures = std::mem::take(&mut self.signatures);
        signatures.sort_by(|a, b| a.keyid.cmp(&b.keyid));
        Ok(Head {
            manifest,
            signatures,
        })
    }
}

/// signatures/ and files/ must each be one directory member.
fn single_directory(name: &str, is_dir: bool, seen_before: bool) -> Result<()> {
    if !is_dir {
        return Err(Failure::about(
            Code::NotARegularFile,
            name.to_string(),
            "must be a directory",
        ));
    }
    if seen_before {
        return Err(Failure::about(
            Code::DuplicateEntry,
            name.to_string(),
            format!("a second {name} member"),
        ));
    }
    Ok(())
}

pub(super) fn read_member(reader: &mut tar::Reader<impl Read>, size: u64) -> Result<Vec<u8>> {
    let len =
        usize::try_from(size).map_err(|_| Failure::new(Code::TarMalformed, "member too large"))?;
    let mut out = vec![0u8; len];
    let mut filled = 0;
    while filled < len {
        let n = reader.read_data(&mut out[filled..])?;
        if n == 0 {
            return Err(Failure::new(
                Code::TarMalformed,
                "member shorter than its size",
            ));
        }
        filled += n;
    }
    Ok(out)
}
