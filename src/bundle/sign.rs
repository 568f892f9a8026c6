//! Adding a signature to an existing bundle.
//!
//! The signer first checks the bundle's integrity (layout, canonical manifest, paths, every
//! file's size and hash), so nobody signs a manifest whose files do not match it. A directory
//! bundle gains `signatures/<keyid>.sig`; a tar bundle is rewritten beside itself with the new
//! signature in its sorted place and renamed over the original only when complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::code::{Code, Failure, Result};
use super::create::write_tar_head;
use super::hash;
use super::keys::{MAX_SIGNATURES, PrivateKey, encode_signature_file, signature_file_name};
use super::open::staging_file;
use super::tar;
use super::verify::{self, Form, Head, TarObserver, VerifyOptions};
use crate::progress::Progress;

/// What signing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub keyid: String,
    /// The bundle already held this key's signature (nothing was changed).
    pub already: bool,
}

/// Add `key`'s signature to the bundle at `path`, checking its integrity at time `at` first.
pub fn sign(
    path: &Path,
    key: &PrivateKey,
    at: jiff::Timestamp,
    progress: &dyn Progress,
) -> Result<Signed> {
    let opts = VerifyOptions::integrity_only(at);
    let keyid = key.keyid().to_string();
    match verify::form_of(path)? {
        Form::Dir => {
            let verified = verify::verify_dir(path, &opts, progress, None)?;
            let sig = encode_signature_file(&key.sign_manifest(&verified.manifest.bytes));
            if let Some(existing) = verified.signature_files.iter().find(|s| s.keyid == keyid) {
                return already(existing.bytes == sig, keyid);
            }
            if verified.signature_files.len() >= MAX_SIGNATURES {
                return Err(too_many());
            }
            let target = path.join("signatures").join(signature_file_name(&keyid));
            let mut tmp = staging_file(path, ".evidence-sig.", "")?;
            tmp.write_all(&sig)
                .and_then(|()| tmp.as_file().sync_all())
                .map_err(|e| Failure::io(&target, &e))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
                    .map_err(|e| Failure::io(&target, &e))?;
            }
            tmp.persist_noclobber(&target)
                .map_err(|e| Failure::io(&target, &e.error))?;
            Ok(Signed {
                keyid,
                already: false,
            })
        }
        Form::Tar => {
            let tmp = staging_file(path, ".evidence-sign.", ".tmp")?;
            let mut observer = Rewrite {
                key,
                writer: None,
                out: Some(
                    tmp.as_file()
                        .try_clone()
                        .map_err(|e| Failure::io(path, &e))?,
                ),
                top: String::new(),
                already: None,
            };
            verify::verify_tar(path, &opts, progress, &mut observer)?;
            if let Some(same) = observer.already {
                return already(same, keyid);
            }
            let writer = observer
                .writer
                .take()
                .ok_or_else(|| Failure::new(Code::TarMalformed, "the archive has no files/"))?;
            writer
                .finish()
                .and_then(|mut w| w.flush())
                .and_then(|()| tmp.as_file().sync_all())
                .map_err(|e| Failure::io(path, &e))?;
            drop(observer);
            tmp.persist(path).map_err(|e| Failure::io(path, &e.error))?;
            Ok(Signed {
                keyid,
                already: false,
            })
        }
    }
}

fn already(same: bool, keyid: String) -> Result<Signed> {
    if same {
        Ok(Signed {
            keyid,
            already: true,
        })
    } else {
        Err(Failure::about(
            Code::DuplicateEntry,
            format!("signatures/{}", signature_file_name(&keyid)),
            "the bundle holds a different signature file for this key; remove it first",
        ))
    }
}

fn too_many() -> Failure {
    Failure::about(
        Code::TooManySignatures,
        "signatures/",
        format!("the bundle already holds {MAX_SIGNATURES} signatures"),
    )
}

struct Rewrite<'a> {
    key: &'a PrivateKey,
    writer: Option<tar::Writer<BufWriter<File>>>,
    out: Option<File>,
    top: String,
    /// Set when the bundle already has this key's signature: `true` if identical.
    already: Option<bool>,
}

impl Rewrite<'_> {
    fn w(&mut self) -> Result<&mut tar::Writer<BufWriter<File>>> {
        self.writer
            .as_mut()
            .ok_or_else(|| Failure::new(Code::TarMalformed, "data before the head"))
    }
}

fn io(e: std::io::Error) -> Failure {
    Failure::new(Code::Io, e.to_string())
}

impl TarObserver for Rewrite<'_> {
    fn head(&mut self, top: &str, head: &Head) -> Result<()> {
        let sig = encode_signature_file(&self.key.sign_manifest(&head.manifest));
        let keyid = self.key.keyid();
        if let Some(existing) = head.signatures.iter().find(|s| s.keyid == keyid) {
            self.already = Some(existing.bytes == sig);
            return Ok(());
        }
        if head.signatures.len() >= MAX_SIGNATURES {
            return Err(too_many());
        }
        let mut sigs: Vec<(String, Vec<u8>)> = head
            .signatures
            .iter()
            .map(|s| (s.keyid.clone(), s.bytes.clone()))
            .collect();
        sigs.push((keyid.to_string(), sig));
        // Keep the original archive's mtime convention: created_at.
        let created = super::manifest::parse(head.manifest.clone())?.created_at;
        let mtime = u64::try_from(created.as_second()).unwrap_or(0);
        let out = self
            .out
            .take()
            .ok_or_else(|| Failure::new(Code::TarMalformed, "two heads"))?;
        let mut w = tar::Writer::new(BufWriter::with_capacity(hash::BUFFER_BYTES, out), mtime);
        write_tar_head(&mut w, top, &head.manifest, &sigs).map_err(io)?;
        self.writer = Some(w);
        self.top = top.to_string();
        Ok(())
    }

    fn dir(&mut self, rel: &str) -> Result<()> {
        if self.already.is_some() {
            return Ok(());
        }
        let name = self.member_name(rel)?;
        self.w()?.dir(&name).map_err(io)
    }

    fn file_start(&mut self, rel: &str, size: u64) -> Result<()> {
        if self.already.is_some() {
            return Ok(());
        }
        let name = self.member_name(rel)?;
        self.w()?.file_header(&name, size).map_err(io)
    }

    fn data(&mut self, bytes: &[u8]) -> Result<()> {
        if self.already.is_some() {
            return Ok(());
        }
        self.w()?.write_data(bytes).map_err(io)
    }

    fn file_end(&mut self) -> Result<()> {
        if self.already.is_some() {
            return Ok(());
        }
        self.w()?.pad().map_err(io)
    }
}

impl Rewrite<'_> {
    fn member_name(&self, rel: &str) -> Result<String> {
        Ok(format!("{}/files/{rel}", self.top))
    }
}
