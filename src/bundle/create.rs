//! Making a bundle from a plain description of what goes in it.
//!
//! [`BundleInput`] is independent of the workspace model: the workspace glue
//! ([`super::workspace`]) fills it, and tests and tools can fill it directly.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::code::{Code, Failure, Result};
use super::hash;
use super::hex;
use super::keys::{PrivateKey, encode_signature_file, signature_file_name};
use super::manifest::{
    self, AuditPeriod, CheckSummary, FileEntry, MANIFEST_TYPE, Manifest, ParsedManifest, Tool,
};
use super::open::{create_new_file, staging_dir, staging_file, write_new};
use super::paths;
use super::tar;
use super::verify::{self, Form};
use crate::progress::Progress;

/// Signature files by key id: (keyid, bytes).
type SignatureFiles = Vec<(String, Vec<u8>)>;

/// Everything a bundle is made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleInput {
    pub organisation: String,
    pub frameworks: Vec<String>,
    pub audit_period: Option<AuditPeriod>,
    /// What `evidence check` found; recorded in the manifest either way.
    pub check: CheckSummary,
    pub files: Vec<InputFile>,
}

/// One file to put in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    /// Where to read it (absolute, or relative to the current directory).
    pub source: PathBuf,
    /// Where it goes, relative to files/.
    pub path: String,
    #[serde(default)]
    pub controls: Vec<String>,
    pub collected_at: Option<String>,
    pub description: Option<String>,
}

/// How to make the bundle.
#[derive(Debug)]
pub struct CreateOptions {
    /// A path ending in `.tar` gives a single tar file; anything else a directory.
    pub out: PathBuf,
    pub created_at: jiff::Timestamp,
    pub expires_at: Option<jiff::Timestamp>,
    /// Defaults to 1, or the superseded bundle's sequence + 1.
    pub sequence: Option<u64>,
    /// A previous bundle (directory or tar) that this one replaces.
    pub supersedes: Option<PathBuf>,
    pub signers: Vec<PrivateKey>,
    /// Make the bundle even when the check found errors.
    pub allow_findings: bool,
    /// Fixed bundle id (otherwise random, or the superseded bundle's).
    pub bundle_id: Option<String>,
}

/// A bundle that was made.
#[derive(Debug, Clone)]
pub struct Created {
    pub path: PathBuf,
    pub form: Form,
    pub manifest: ParsedManifest,
    pub signed_by: Vec<String>,
}

/// The form a new bundle at `out` takes.
pub fn form_for(out: &Path) -> Form {
    if out.extension().is_some_and(|e| e == "tar") {
        Form::Tar
    } else {
        Form::Dir
    }
}

/// Make a bundle. Nothing appears at `opts.out` unless everything succeeded.
pub fn create(
    input: &BundleInput,
    opts: &CreateOptions,
    progress: &dyn Progress,
) -> Result<Created> {
    if input.check.errors > 0 && !opts.allow_findings {
        return Err(Failure::new(
            Code::CheckFailed,
            format!(
                "`evidence check` found {} error(s); fix them, or pass --allow-findings to bundle \
                 anyway (the check summary is recorded in the manifest)",
                input.check.errors
            ),
        ));
    }
    if opts.out.symlink_metadata().is_ok() {
        return Err(Failure::about(
            Code::OutputExists,
            opts.out.display().to_string(),
            "exists already; bundles are never overwritten",
        ));
    }
    let mut files = input.files.clone();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    paths::check_manifest_paths(files.iter().map(|f| f.path.as_str())).map_err(|mut e| {
        e.code = Code::InputInvalid;
        e
    })?;
    let previous = opts.supersedes.as_deref().map(read_previous).transpose()?;
    let sequence = match (opts.sequence, &previous) {
        (Some(n), Some(p)) if n <= p.manifest.sequence => {
            return Err(Failure::new(
                Code::Usage,
                format!(
                    "--sequence {n} must be above the superseded bundle's {}",
                    p.manifest.sequence
                ),
            ));
        }
        (Some(0), None) => return Err(Failure::new(Code::Usage, "--sequence starts at 1")),
        (Some(n), _) => n,
        (None, Some(p)) => p.manifest.sequence + 1,
        (None, None) => 1,
    };
    let bundle_id = match (&opts.bundle_id, &previous) {
        (Some(id), _) => id.clone(),
        (None, Some(p)) => p.manifest.bundle_id.clone(),
        (None, None) => random_bundle_id()?,
    };
    let created_at = opts.created_at;
    if let Some(exp) = opts.expires_at
        && exp <= created_at
    {
        return Err(Failure::new(
            Code::Usage,
            "the bundle would expire before it is made",
        ));
    }

    let form = form_for(&opts.out);
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(&f.source).map(|m| m.len()).unwrap_or(0))
        .sum();
    progress.set_total(if form == Form::Tar { 2 * total } else { total });

    let make_manifest = |entries: Vec<FileEntry>| -> Result<(ParsedManifest, SignatureFiles)> {
        let m = Manifest {
            type_: MANIFEST_TYPE.to_string(),
            bundle_id: bundle_id.clone(),
            sequence,
            supersedes: previous.as_ref().map(ParsedManifest::digest),
            organisation: input.organisation.clone(),
            frameworks: input.frameworks.clone(),
            audit_period: input.audit_period.clone(),
            created_at: manifest::format_timestamp(created_at),
            expires_at: opts.expires_at.map(manifest::format_timestamp),
            tool: Tool {
                name: "evidence".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            check: CheckSummary::new(input.check.errors, input.check.warnings),
            files: entries,
        };
        let bytes = m.to_canonical_bytes()?;
        // Parse what was written, so a bundle that would not verify is never made.
        let parsed = manifest::parse(bytes).map_err(|mut e| {
            e.code = Code::InputInvalid;
            e
        })?;
        let sigs = opts
            .signers
            .iter()
            .map(|k| {
                let sig = k.sign_manifest(&parsed.bytes);
                (k.keyid().to_string(), encode_signature_file(&sig))
            })
            .collect();
        Ok((parsed, sigs))
    };

    let (manifest, sigs) = match form {
        Form::Dir => {
            let tmp = staging_dir(&opts.out, &format!(".{}.", file_name(&opts.out)))?;
            let root = tmp.path();
            let entries: Vec<Result<FileEntry>> = files
                .par_iter()
                .map(|f| {
                    let dest = root.join("files").join(&f.path);
                    // Not fsynced one by one (2,000 fsyncs cost more than the hashing): a
                    // crash before the rename leaves only the temporary directory, and a
                    // crash after it at worst a bundle that fails verification.
                    let mut out = create_new_file(&dest)?;
                    let d = digest_source(f, progress, Some(&mut out))?;
                    Ok(entry(f, d))
                })
                .collect();
            let entries = entries.into_iter().collect::<Result<Vec<_>>>()?;
            let (parsed, sigs) = make_manifest(entries)?;
            write_new(&root.join("manifest.json"), &parsed.bytes)?;
            for (keyid, bytes) in &sigs {
                write_new(
                    &root.join("signatures").join(signature_file_name(keyid)),
                    bytes,
                )?;
            }
            if opts.out.symlink_metadata().is_ok() {
                return Err(Failure::about(
                    Code::OutputExists,
                    opts.out.display().to_string(),
                    "appeared while the bundle was being made; nothing was overwritten",
                ));
            }
            let kept = tmp.keep();
            std::fs::rename(&kept, &opts.out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&kept);
                Failure::io(&opts.out, &e)
            })?;
            (parsed, sigs)
        }
        Form::Tar => {
            // Pass 1: hash in parallel to write the manifest, which comes first in the archive.
            let entries: Vec<Result<FileEntry>> = files
                .par_iter()
                .map(|f| digest_source(f, progress, None).map(|d| entry(f, d)))
                .collect();
            let entries = entries.into_iter().collect::<Result<Vec<_>>>()?;
            let (parsed, sigs) = make_manifest(entries)?;
            // Pass 2: stream the files into the archive, hashing again to catch any change.
            let tmp = staging_file(&opts.out, &format!(".{}.", file_name(&opts.out)), ".tmp")?;
            let top = top_folder_name(&opts.out);
            let mtime = u64::try_from(created_at.as_second()).unwrap_or(0);
            let out = std::io::BufWriter::with_capacity(hash::BUFFER_BYTES, tmp.as_file());
            let mut w = tar::Writer::new(out, mtime);
            let io = |e: std::io::Error| Failure::io(&opts.out, &e);
            write_tar_head(&mut w, &top, &parsed.bytes, &sigs).map_err(io)?;
            let mut dirs = DirTracker::default();
            for (f, e) in files.iter().zip(&parsed.manifest.files) {
                for d in dirs.new_parents(&e.path) {
                    w.dir(&format!("{top}/files/{d}")).map_err(io)?;
                }
                w.file_header(&format!("{top}/files/{}", e.path), e.size)
                    .map_err(io)?;
                let mut tee = TarData(&mut w);
                let d = digest_source(f, progress, Some(&mut tee))?;
                if d.size != e.size || hex::encode(&d.sha256) != e.sha256 {
                    return Err(Failure::about(
                        Code::InputChanged,
                        f.source.display().to_string(),
                        "changed while the bundle was being made; nothing was written",
                    ));
                }
                w.pad().map_err(io)?;
            }
            let out = w.finish().map_err(io)?;
            drop(out);
            tmp.as_file().sync_all().map_err(io)?;
            tmp.persist_noclobber(&opts.out).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    Failure::about(
                        Code::OutputExists,
                        opts.out.display().to_string(),
                        "appeared while the bundle was being made; nothing was overwritten",
                    )
                } else {
                    Failure::io(&opts.out, &e.error)
                }
            })?;
            (parsed, sigs)
        }
    };
    Ok(Created {
        path: opts.out.clone(),
        form,
        manifest,
        signed_by: sigs.into_iter().map(|(k, _)| k).collect(),
    })
}

/// Write the head of a tar bundle: the top folder, manifest.json, signatures/ and its files
/// (sorted by key id), files/.
pub fn write_tar_head<W: std::io::Write>(
    w: &mut tar::Writer<W>,
    top: &str,
    manifest: &[u8],
    signatures: &[(String, Vec<u8>)],
) -> std::io::Result<()> {
    w.dir(top)?;
    w.file(
        &format!("{top}/manifest.json"),
        manifest.len() as u64,
        manifest,
    )?;
    w.dir(&format!("{top}/signatures"))?;
    let mut sorted: Vec<&(String, Vec<u8>)> = signatures.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (keyid, bytes) in sorted {
        w.file(
            &format!("{top}/signatures/{}", signature_file_name(keyid)),
            bytes.len() as u64,
            bytes,
        )?;
    }
    w.dir(&format!("{top}/files"))
}

/// Adapts a tar writer to `Write` for a member's data.
struct TarData<'a, W: std::io::Write>(&'a mut tar::Writer<W>);

impl<W: std::io::Write> std::io::Write for TarData<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_data(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Emits each directory of a sorted list of paths once, just before its first file.
#[derive(Debug, Default)]
pub struct DirTracker {
    emitted: std::collections::HashSet<String>,
}

impl DirTracker {
    pub fn new_parents(&mut self, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(i) = path[at..].find('/') {
            let dir = &path[..at + i];
            if self.emitted.insert(dir.to_string()) {
                out.push(dir.to_string());
            }
            at += i + 1;
        }
        out
    }
}

fn entry(f: &InputFile, d: hash::Digested) -> FileEntry {
    let mut controls = f.controls.clone();
    controls.sort();
    controls.dedup();
    FileEntry {
        path: f.path.clone(),
        size: d.size,
        sha256: hex::encode(&d.sha256),
        controls,
        collected_at: f.collected_at.clone(),
        description: f.description.clone(),
    }
}

/// Hash a source file (whole, up to the size limit a manifest integer can hold).
fn digest_source(
    f: &InputFile,
    progress: &dyn Progress,
    tee: Option<&mut dyn std::io::Write>,
) -> Result<hash::Digested> {
    // Not following a link and not blocking: the type is checked on the open handle.
    let file = crate::files::open_regular_nofollow(&f.source).map_err(|e| match e {
        crate::files::OpenError::NotRegular(what) => Failure::about(
            Code::InputInvalid,
            f.source.display().to_string(),
            format!("{what}, not a regular file"),
        ),
        crate::files::OpenError::Io(e) => Failure::about(
            Code::InputInvalid,
            f.source.display().to_string(),
            e.to_string(),
        ),
    })?;
    let d = hash::digest(file, super::canonical::MAX_SAFE_INTEGER, progress, tee)
        .map_err(|e| Failure::io(&f.source, &e))?;
    Ok(d)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into())
}

/// The single top-level folder of a tar bundle: the file name without `.tar`, if that is a
/// valid path component, else `bundle`.
pub fn top_folder_name(out: &Path) -> String {
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("bundle");
    if paths::check_path(stem).is_ok() && !stem.contains('/') {
        stem.to_string()
    } else {
        "bundle".to_string()
    }
}

/// A random bundle id, formatted as a UUID version 4.
pub fn random_bundle_id() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| Failure::new(Code::Io, format!("the system random source failed: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// Read the manifest of a bundle this one supersedes (its form is checked; it is not
/// re-verified: the creator vouches for their own previous bundle).
fn read_previous(path: &Path) -> Result<ParsedManifest> {
    let head = match verify::form_of(path)? {
        Form::Dir => verify::read_dir_head(path)?,
        Form::Tar => verify::read_tar_head(path)?.1,
    };
    manifest::parse(head.manifest).map_err(|mut e| {
        e.message = format!("the superseded bundle {}: {}", path.display(), e.message);
        e.code = Code::InputInvalid;
        e
    })
}
