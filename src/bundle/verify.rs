//! Reading and verifying a bundle, directory or tar.
//!
//! The order is fixed and documented in docs/bundle-format.md:
//! 1. read the head (manifest bytes and signature files), bounded, without interpreting the
//!    manifest;
//! 2. authenticate those exact bytes: a bad signature under a trusted key's id rejects the bundle;
//!    distinct trusted keys are counted against the threshold;
//! 3. parse: canonical form, schema, values; then count again, now with each key's validity window
//!    against the authenticated `created_at`;
//! 4. check every path, then time and the auditor's expectations;
//! 5. compare files/ with the manifest (the same set; sizes; hashes), never following a link; a
//!    tar is read as one stream and never extracted.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use ed25519_dalek::Signature;
use indicatif::ProgressBar;

use super::code::{Code, Failure, Result};
use super::hash;
use super::hex;
use super::keys::{
    MAX_SIGNATURE_FILE_BYTES, MAX_SIGNATURES, decode_signature_file, keyid_from_file_name,
};
use super::manifest::{self, FileEntry, MAX_MANIFEST_BYTES, ParsedManifest};
use super::open::{OpenError, open_regular, open_regular_nofollow};
use super::paths;
use super::pipeline;
use super::tar::{self, Kind};
use super::trust::{Status, TrustPolicy};

/// How far in the future `created_at` may be before the bundle is refused (clock skew).
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// What the verifier is asked to do.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The keys to trust; `None` checks integrity only (what `bundle sign` does before signing).
    pub trust: Option<TrustPolicy>,
    /// The time to verify at (expiry, creation time).
    pub at: jiff::Timestamp,
    pub expect_bundle_id: Option<String>,
    pub min_sequence: Option<u64>,
}

/// One signature file of a bundle and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    pub keyid: String,
    pub owner: Option<String>,
    /// `counted`, `untrusted`, `revoked`, `outside-window`, or `unchecked` (integrity-only runs).
    pub status: &'static str,
    pub note: Option<String>,
}

/// A bundle that passed verification.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: ParsedManifest,
    pub signers: Vec<Signer>,
    pub threshold: usize,
    pub files: usize,
    pub bytes: u64,
    /// The signature files as read (to carry them into an extracted copy).
    pub signature_files: Vec<SignatureFile>,
}

impl Verified {
    pub fn counted(&self) -> usize {
        self.signers
            .iter()
            .filter(|s| s.status == "counted")
            .count()
    }
}

/// A signature file as read.
#[derive(Debug, Clone)]
pub struct SignatureFile {
    pub keyid: String,
    pub bytes: Vec<u8>,
    pub signature: Signature,
}

/// manifest.json and signatures/, as read, before anything is trusted.
#[derive(Debug, Clone)]
pub struct Head {
    pub manifest: Vec<u8>,
    /// Sorted by key id.
    pub signatures: Vec<SignatureFile>,
}

/// The two forms of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Dir,
    Tar,
}

/// Which form `path` is, or why it is not a bundle at all.
pub fn form_of(path: &Path) -> Result<Form> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            e.to_string(),
        )
    })?;
    if meta.is_dir() {
        Ok(Form::Dir)
    } else if meta.is_file() {
        Ok(Form::Tar)
    } else {
        Err(Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            "neither a directory nor a file",
        ))
    }
}

/// Verify the bundle at `path`.
pub fn verify(path: &Path, opts: &VerifyOptions, progress: &ProgressBar) -> Result<Verified> {
    match form_of(path)? {
        Form::Dir => verify_dir(path, opts, progress, None),
        Form::Tar => verify_tar(path, opts, progress, &mut NoSink),
    }
}

// ------------------------------------------------------------------------------------------------
// Steps shared by both forms

/// Authenticate, parse and check the head; everything but the files.
pub fn check_head(
    head: &Head,
    opts: &VerifyOptions,
) -> Result<(ParsedManifest, Vec<Signer>, usize)> {
    // 1. Authenticate the raw bytes.
    let mut signers = Vec::new();
    let mut valid: Vec<usize> = Vec::new();
    for sf in &head.signatures {
        let Some(policy) = &opts.trust else {
            signers.push(signer(&sf.keyid, None, "unchecked", None));
            continue;
        };
        match policy.keys.get(&sf.keyid) {
            None => signers.push(signer(&sf.keyid, None, "untrusted", None)),
            Some(tk) if tk.status == Status::Revoked => signers.push(signer(
                &sf.keyid,
                tk.owner.clone(),
                "revoked",
                Some("the key is revoked; its signature is ignored".into()),
            )),
            Some(tk) => {
                if !tk.key.verify_manifest(&head.manifest, &sf.signature) {
                    return Err(Failure::about(
                        Code::BadSignature,
                        format!("signatures/{}.sig", sf.keyid),
                        format!(
                            "the signature of trusted key {}{} does not verify over manifest.json",
                            sf.keyid,
                            tk.owner
                                .as_deref()
                                .map(|o| format!(" ({o})"))
                                .unwrap_or_default()
                        ),
                    ));
                }
                valid.push(signers.len());
                signers.push(signer(&sf.keyid, tk.owner.clone(), "counted", None));
            }
        }
    }
    let threshold = opts.trust.as_ref().map_or(0, |p| p.threshold);
    if valid.len() < threshold {
        return Err(threshold_failure(valid.len(), threshold, &signers));
    }

    // 2. Parse.
    let parsed = manifest::parse(head.manifest.clone())?;

    // 3. Count again with validity windows.
    if let Some(policy) = &opts.trust {
        for &i in &valid {
            let s = &mut signers[i];
            if let Some(tk) = policy.keys.get(&s.keyid)
                && let Err(why) = tk.vouches_at(parsed.created_at)
            {
                s.status = "outside-window";
                s.note = Some(why);
            }
        }
        let counted = signers.iter().filter(|s| s.status == "counted").count();
        if counted < threshold {
            return Err(threshold_failure(counted, threshold, &signers));
        }
    }

    // 4. Paths, time, expectations.
    let m = &parsed.manifest;
    paths::check_manifest_paths(m.files.iter().map(|f| f.path.as_str()))?;
    if parsed.created_at > opts.at + jiff::SignedDuration::from_secs(CLOCK_SKEW_SECONDS) {
        return Err(Failure::about(
            Code::CreatedInFuture,
            "manifest.json",
            format!(
                "created_at {} is after the verification time {}",
                m.created_at,
                manifest::format_timestamp(opts.at)
            ),
        ));
    }
    if let Some(exp) = parsed.expires_at
        && exp <= opts.at
    {
        return Err(Failure::about(
            Code::Expired,
            "manifest.json",
            format!(
                "expired at {} (verification time {}); use --at to verify as of an earlier time",
                manifest::format_timestamp(exp),
                manifest::format_timestamp(opts.at)
            ),
        ));
    }
    if let Some(id) = &opts.expect_bundle_id
        && *id != m.bundle_id
    {
        return Err(Failure::about(
            Code::WrongBundleId,
            "manifest.json",
            format!("bundle_id is {:?}, expected {id:?}", m.bundle_id),
        ));
    }
    if let Some(min) = opts.min_sequence
        && m.sequence < min
    {
        return Err(Failure::about(
            Code::SequenceTooLow,
            "manifest.json",
            format!(
                "sequence {} is below the minimum {min}: an older bundle (rollback)",
                m.sequence
            ),
        ));
    }
    Ok((parsed, signers, threshold))
}

fn signer(
    keyid: &str,
    owner: Option<String>,
    status: &'static str,
    note: Option<String>,
) -> Signer {
    Signer {
        keyid: keyid.to_string(),
        owner,
        status,
        note,
    }
}

fn threshold_failure(counted: usize, threshold: usize, signers: &[Signer]) -> Failure {
    let others: Vec<String> = signers
        .iter()
        .filter(|s| s.status != "counted")
        .map(|s| format!("{} ({})", s.keyid, s.note.as_deref().unwrap_or(s.status)))
        .collect();
    let mut message = format!(
        "{counted} distinct trusted key(s) signed, {threshold} required; {} signature file(s) in the bundle",
        signers.len()
    );
    if !others.is_empty() {
        message.push_str(&format!("; not counted: {}", others.join(", ")));
    }
    Failure::about(Code::ThresholdNotMet, "signatures/", message)
}

/// Parse one signature file (name and content) as the format requires.
fn signature_file(name: &str, bytes: Vec<u8>) -> Result<SignatureFile> {
    let subject = format!("signatures/{name}");
    let keyid = keyid_from_file_name(name).ok_or_else(|| {
        Failure::about(
            Code::SignatureNameInvalid,
            subject.clone(),
            "a signature file must be named <64 lowercase hex digits>.sig",
        )
    })?;
    let signature = decode_signature_file(&bytes)
        .map_err(|m| Failure::about(Code::SignatureMalformed, subject, m))?;
    Ok(SignatureFile {
        keyid: keyid.to_string(),
        bytes,
        signature,
    })
}

fn too_large_signature(name: &str) -> Failure {
    Failure::about(
        Code::SignatureTooLarge,
        format!("signatures/{name}"),
        format!("larger than {MAX_SIGNATURE_FILE_BYTES} bytes"),
    )
}

fn too_large_manifest() -> Failure {
    Failure::about(
        Code::ManifestTooLarge,
        "manifest.json",
        format!("larger than {MAX_MANIFEST_BYTES} bytes"),
    )
}

/// Read at most `limit` bytes; `None` if there are more.
fn read_bounded(mut r: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    (&mut r).take(limit + 1).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

// ------------------------------------------------------------------------------------------------
// Directory bundles

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure::io(path, &e)
}

/// Read manifest.json and signatures/ of a directory bundle.
pub fn read_dir_head(root: &Path) -> Result<Head> {
    let mut manifest = None;
    let (mut has_signatures, mut has_files) = (false, false);
    let mut names: Vec<_> = Vec::new();
    for entry in std::fs::read_dir(root).map_err(io_at(root))? {
        let entry = entry.map_err(io_at(root))?;
        names.push(entry.file_name());
        if names.len() > 3 {
            break;
        }
    }
    names.sort();
    for name in names {
        let p = root.join(&name);
        let meta = p.symlink_metadata().map_err(io_at(&p))?;
        let shown = name.to_string_lossy().into_owned();
        let expect = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(Failure::about(
                    Code::NotARegularFile,
                    shown.clone(),
                    format!("must be a {what}, not a link or anything else"),
                ))
            }
        };
        match name.to_str() {
            Some("manifest.json") => {
                expect(meta.is_file(), "regular file")?;
                if meta.len() > MAX_MANIFEST_BYTES {
                    return Err(too_large_manifest());
                }
                let file = open_untrusted(&p, "manifest.json")?;
                manifest = Some(
                    read_bounded(file, MAX_MANIFEST_BYTES)
                        .map_err(io_at(&p))?
                        .ok_or_else(too_large_manifest)?,
                );
            }
            Some("signatures") => {
                expect(meta.is_dir(), "directory")?;
                has_signatures = true;
            }
            Some("files") => {
                expect(meta.is_dir(), "directory")?;
                has_files = true;
            }
            _ => {
                return Err(Failure::about(
                    Code::UnexpectedEntry,
                    shown,
                    "a bundle holds only manifest.json, signatures/ and files/",
                ));
            }
        }
    }
    let manifest = manifest.ok_or_else(|| {
        Failure::about(
            Code::ManifestMissing,
            "manifest.json",
            "the bundle has no manifest.json",
        )
    })?;
    if !has_signatures || !has_files {
        return Err(Failure::about(
            Code::LayoutInvalid,
            if has_files { "signatures/" } else { "files/" },
            "a bundle holds manifest.json, signatures/ and files/",
        ));
    }
    let dir = root.join("signatures");
    let mut signatures = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io_at(&dir))? {
        let entry = entry.map_err(io_at(&dir))?;
        if signatures.len() >= MAX_SIGNATURES {
            return Err(Failure::about(
                Code::TooManySignatures,
                "signatures/",
                format!("more than {MAX_SIGNATURES} signature files"),
            ));
        }
        let p = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(Failure::about(
                Code::SignatureNameInvalid,
                format!("signatures/{}", name.to_string_lossy()),
                "not UTF-8",
            ));
        };
        let meta = p.symlink_metadata().map_err(io_at(&p))?;
        if !meta.is_file() {
            return Err(Failure::about(
                Code::NotARegularFile,
                format!("signatures/{name}"),
                "a signature must be a regular file",
            ));
        }
        if meta.len() > MAX_SIGNATURE_FILE_BYTES {
            return Err(too_large_signature(name));
        }
        let file = open_untrusted(&p, &format!("signatures/{name}"))?;
        let bytes = read_bounded(file, MAX_SIGNATURE_FILE_BYTES)
            .map_err(io_at(&p))?
            .ok_or_else(|| too_large_signature(name))?;
        signatures.push(signature_file(name, bytes)?);
    }
    signatures.sort_by(|a, b| a.keyid.cmp(&b.keyid));
    Ok(Head {
        manifest,
        signatures,
    })
}

/// Open a file of a directory bundle: not following a link, not blocking on a FIFO, and
/// checking on the handle that it is a regular file.
fn open_untrusted(path: &Path, subject: &str) -> Result<File> {
    open_regular_nofollow(path).map_err(|e| match e {
        OpenError::NotRegular(what) => Failure::about(
            Code::NotARegularFile,
            subject.to_string(),
            format!("{what}; a bundle holds regular files only"),
        ),
        OpenError::Io(e) => Failure::about(Code::Io, subject.to_string(), e.to_string()),
    })
}

/// Verify a directory bundle. With `copy_to`, each file is also copied to
/// `copy_to/files/<path>` while it is hashed (for `bundle extract`).
pub fn verify_dir(
    root: &Path,
    opts: &VerifyOptions,
    progress: &ProgressBar,
    copy_to: Option<&Path>,
) -> Result<Verified> {
    let head = read_dir_head(root)?;
    let (parsed, signers, threshold) = check_head(&head, opts)?;
    let entries = &parsed.manifest.files;
    let files_dir = root.join("files");
    let identities = walk_files(&files_dir, entries)?;
    let total: u64 = entries.iter().map(|f| f.size).sum();
    progress.set_length(total);

    let results = largest_first(entries, |entry| {
        let id = identities.get(entry.path.as_str()).copied();
        check_dir_file(&files_dir, entry, id, progress, copy_to)
    });
    results.into_iter().collect::<Result<()>>()?;
    Ok(Verified {
        signature_files: head.signatures,
        files: entries.len(),
        bytes: total,
        manifest: parsed,
        signers,
        threshold,
    })
}

/// Check every entry on every core, largest file first, and return the results in the
/// manifest's order (so that the failure reported does not depend on timing).
///
/// One file's SHA-256 cannot be split across cores, so a large file started last would leave
/// the other cores idle while it finishes; started first, the small files fill in around it
/// (longest-processing-time-first scheduling). Each thread takes the next file from a shared
/// counter rather than a fixed share, so no thread waits while another has a queue.
fn largest_first(
    entries: &[FileEntry],
    check: impl Fn(&FileEntry) -> Result<()> + Sync,
) -> Vec<Result<()>> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(entries[i].size));
    let next = AtomicUsize::new(0);
    let per_thread = rayon::broadcast(|_| {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, check(&entries[i])));
        }
        done
    });
    let mut results: Vec<(usize, Result<()>)> = per_thread.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// (device, inode) of a file, to notice a file swapped between the walk and the read.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Identity {
    (0, 0)
}

/// Walk files/ without following links: every regular file must be listed, nothing else may
/// be there but directories, and every listed file must be found.
fn walk_files<'m>(
    files_dir: &Path,
    entries: &'m [FileEntry],
) -> Result<HashMap<&'m str, Identity>> {
    let listed: HashMap<&str, &FileEntry> = entries.iter().map(|e| (e.path.as_str(), e)).collect();
    let listed_dirs = parent_dirs(entries);
    let mut found: HashMap<&'m str, Identity> = HashMap::with_capacity(entries.len());
    let walker = walkdir::WalkDir::new(files_dir)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name();
    for item in walker {
        let item = item.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| files_dir.to_path_buf());
            Failure::about(Code::Io, path.display().to_string(), e.to_string())
        })?;
        let rel = item
            .path()
            .strip_prefix(files_dir)
            .map_err(|_| Failure::new(Code::Io, "walked outside files/"))?;
        let mut parts = Vec::new();
        for c in rel.components() {
            let s = c.as_os_str().to_str().ok_or_else(|| {
                Failure::about(
                    Code::PathInvalidCharacter,
                    format!("files/{}", rel.to_string_lossy()),
                    "a file name is not UTF-8",
                )
            })?;
            parts.push(s);
        }
        let rel = parts.join("/");
        // No valid path is this long: stop before the walk goes deeper than any listed file
        // could (thousands of nested directories would otherwise end in an I/O error).
        if rel.len() > paths::MAX_PATH_BYTES {
            return Err(Failure::about(
                Code::PathInvalidComponent,
                format!("files/{}", truncate(&rel)),
                format!(
                    "a path in files/ is longer than {} bytes, so no listed file lies there",
                    paths::MAX_PATH_BYTES
                ),
            ));
        }
        let ft = item.file_type();
        if ft.is_dir() {
            if !listed_dirs.contains(rel.as_str()) {
                return Err(Failure::about(
                    Code::UnlistedDirectory,
                    format!("files/{rel}"),
                    "a directory that holds no file of the manifest",
                ));
            }
            continue;
        }
        if !ft.is_file() {
            return Err(Failure::about(
                Code::NotARegularFile,
                format!("files/{rel}"),
                "a symbolic link or special file; a bundle holds regular files only",
            ));
        }
        let Some((path, _)) = listed.get_key_value(rel.as_str()) else {
            return Err(Failure::about(
                Code::UnlistedFile,
                format!("files/{rel}"),
                "in files/ but not in the manifest",
            ));
        };
        let meta = item.metadata().map_err(|e| {
            Failure::about(Code::Io, item.path().display().to_string(), e.to_string())
        })?;
        found.insert(path, identity(&meta));
    }
    if let Some(missing) = entries
        .iter()
        .find(|e| !found.contains_key(e.path.as_str()))
    {
        return Err(Failure::about(
            Code::MissingFile,
            format!("files/{}", missing.path),
            "listed in the manifest but not in files/",
        ));
    }
    Ok(found)
}

/// Every directory that holds a listed file (`a`, `a/b` for `a/b/c.txt`).
fn parent_dirs(entries: &[FileEntry]) -> HashSet<&str> {
    let mut out = HashSet::new();
    for e in entries {
        let p = e.path.as_str();
        for (i, _) in p.match_indices('/') {
            out.insert(&p[..i]);
        }
    }
    out
}

/// The first 200 bytes of a long name, for a message.
fn truncate(s: &str) -> String {
    if s.len() <= 200 {
        return s.to_string();
    }
    let mut end = 200;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn check_dir_file(
    files_dir: &Path,
    entry: &FileEntry,
    walked: Option<Identity>,
    progress: &ProgressBar,
    copy_to: Option<&Path>,
) -> Result<()> {
    let subject = || format!("files/{}", entry.path);
    let path = files_dir.join(&entry.path);
    let file = open_untrusted(&path, &subject())?;
    let meta = file
        .metadata()
        .map_err(|e| Failure::about(Code::Io, subject(), e.to_string()))?;
    if !meta.is_file() || Some(identity(&meta)) != walked {
        return Err(Failure::about(
            Code::NotARegularFile,
            subject(),
            "the file changed into something else while it was being verified",
        ));
    }
    if meta.len() != entry.size {
        return Err(size_mismatch(entry, meta.len()));
    }
    let digested = match copy_to {
        None => hash::digest(file, entry.size, progress, None),
        Some(dest) => {
            let out_path = dest.join("files").join(&entry.path);
            let mut out = create_new_file(&out_path)?;
            hash::digest(file, entry.size, progress, Some(&mut out))
        }
    }
    .map_err(|e| Failure::about(Code::Io, subject(), e.to_string()))?;
    compare(entry, digested)
}

fn size_mismatch(entry: &FileEntry, actual: u64) -> Failure {
    Failure::about(
        Code::SizeMismatch,
        format!("files/{}", entry.path),
        format!("{actual} bytes, the manifest says {}", entry.size),
    )
}

fn compare(entry: &FileEntry, d: hash::Digested) -> Result<()> {
    if d.size != entry.size {
        return Err(size_mismatch(entry, d.size));
    }
    let actual = hex::encode(&d.sha256);
    if actual != entry.sha256 {
        return Err(Failure::about(
            Code::HashMismatch,
            format!("files/{}", entry.path),
            format!("SHA-256 is {actual}, the manifest says {}", entry.sha256),
        ));
    }
    Ok(())
}

/// Create a file that must not exist yet (and its parent directories), mode 0644.
pub fn create_new_file(path: &Path) -> Result<File> {
    if let Some(parent) = path.parent() {
        create_dirs(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    options.open(path).map_err(io_at(path))
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
    builder.create(path).map_err(io_at(path))
}

// ------------------------------------------------------------------------------------------------
// Tar bundles

/// Receives a tar bundle's content as it is verified (to rewrite or extract it). Nothing it
/// writes may become visible before verification has finished.
pub trait Sink {
    /// The head, after it has been authenticated and checked.
    fn head(&mut self, top: &str, head: &Head) -> Result<()>;
    fn dir(&mut self, rel: &str) -> Result<()>;
    fn file_start(&mut self, rel: &str, size: u64) -> Result<()>;
    fn data(&mut self, bytes: &[u8]) -> Result<()>;
    fn file_end(&mut self) -> Result<()>;
}

/// A sink that keeps nothing.
#[derive(Debug)]
pub struct NoSink;

impl Sink for NoSink {
    fn head(&mut self, _: &str, _: &Head) -> Result<()> {
        Ok(())
    }
    fn dir(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
    fn file_start(&mut self, _: &str, _: u64) -> Result<()> {
        Ok(())
    }
    fn data(&mut self, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn file_end(&mut self) -> Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Start,
    Top,
    Manifest,
    Signatures,
    Files,
}

fn layout(subject: &str, message: impl Into<String>) -> Failure {
    Failure::about(Code::LayoutInvalid, subject.to_string(), message)
}

fn order(subject: &str, message: impl Into<String>) -> Failure {
    Failure::about(Code::TarOrder, subject.to_string(), message)
}

/// The tar reader's own buffer, for headers. Small on purpose: a member's data is read into
/// the hashing pool's larger buffers, and `BufReader` hands a read at least this large straight
/// to the file once its buffer is empty, so data is copied once, not twice.
const TAR_READ_BUFFER_BYTES: usize = 16 * 1024;

fn tar_open(path: &Path) -> Result<tar::Reader<BufReader<File>>> {
    let file = open_regular(path).map_err(|e| {
        Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            e.to_string(),
        )
    })?;
    Ok(tar::Reader::new(BufReader::with_capacity(
        TAR_READ_BUFFER_BYTES,
        file,
    )))
}

/// Read only the head of a tar bundle (for `bundle inspect`): returns it with the top folder.
pub fn read_tar_head(path: &Path) -> Result<(String, Head)> {
    let mut reader = tar_open(path)?;
    let mut state = TarState::for_path(path);
    while let Some(member) = reader.next_member()? {
        match state.classify(&member)? {
            Slot::Files(_) => break,
            slot => state.take(slot, &member, &mut reader)?,
        }
    }
    let top = state.top.clone().unwrap_or_default();
    Ok((top, state.finish_head()?))
}

/// The members a writer puts in files/, in order, from the manifest: each directory just
/// before its first file (`true` for a directory).
fn expected_file_members(files: &[FileEntry]) -> Vec<(String, bool)> {
    let mut dirs = super::create::DirTracker::default();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        for d in dirs.new_parents(&f.path) {
            out.push((d, true));
        }
        out.push((f.path.clone(), false));
    }
    out
}

fn mtime_failure(name: &str, mtime: u64, created_at: &str) -> Failure {
    Failure::about(
        Code::TarMetadata,
        name.to_string(),
        format!("mtime {mtime} is not the manifest's created_at ({created_at})"),
    )
}

/// Verify a tar bundle as one stream, passing what it holds to `sink` as it goes.
///
/// Beyond the content, the archive must be exactly what the writer makes of the manifest: every
/// header in the canonical form (checked by the reader), every mtime equal to `created_at`, the
/// top folder named after the file, the members in the writer's order with no directory that
/// holds no listed file, and the end padded to one record.
///
/// This thread reads and checks the archive; the members' data is hashed on every core by a
/// [`pipeline::Pool`] while reading goes on. Failures are reported as reading it in order would
/// find them: a hash mismatch in a member before the point where reading stopped comes first.
pub fn verify_tar(
    path: &Path,
    opts: &VerifyOptions,
    progress: &ProgressBar,
    sink: &mut dyn Sink,
) -> Result<Verified> {
    std::thread::scope(|scope| {
        let mut pool = pipeline::Pool::start(scope, pipeline::hashing_threads());
        let mut hashing = Hashing::default();
        let read = read_tar(path, opts, progress, sink, &mut pool, &mut hashing);
        let rest = pool.finish()?.into_iter().enumerate();
        hashing.take(rest.filter_map(|(id, d)| Some((id, d?))));
        hashing.first_mismatch()?;
        read
    })
}

/// The members handed to the hashing pool, in archive order, and the first mismatch found.
#[derive(Default)]
struct Hashing {
    /// What each job id must hash to.
    expected: Vec<FileEntry>,
    /// The mismatch with the lowest job id seen so far (digests arrive in any order).
    mismatch: Option<(pipeline::JobId, Failure)>,
}

impl Hashing {
    fn submitted(&mut self, id: pipeline::JobId, entry: &FileEntry) {
        debug_assert_eq!(id, self.expected.len());
        self.expected.push(entry.clone());
    }

    /// Compare digests with what their members must hash to (ids never submitted are the
    /// unfinished member of a failed read, and are ignored).
    fn take(&mut self, digests: impl IntoIterator<Item = (pipeline::JobId, hash::Digested)>) {
        for (id, d) in digests {
            let Some(entry) = self.expected.get(id) else {
                continue;
            };
            if let Err(f) = compare(entry, d)
                && self.mismatch.as_ref().is_none_or(|(first, _)| id < *first)
            {
                self.mismatch = Some((id, f));
            }
        }
    }

    /// The first member, in archive order, among those hashed so far, that does not match.
    fn first_mismatch(&self) -> Result<()> {
        match &self.mismatch {
            Some((_, f)) => Err(f.clone()),
            None => Ok(()),
        }
    }
}

/// Read and check a tar bundle, handing each file's data to `pool`.
fn read_tar(
    path: &Path,
    opts: &VerifyOptions,
    progress: &ProgressBar,
    sink: &mut dyn Sink,
    pool: &mut pipeline::Pool<'_>,
    hashing: &mut Hashing,
) -> Result<Verified> {
    let mut reader = tar_open(path)?;
    let mut state = TarState::for_path(path);
    let mut checked: Option<(ParsedManifest, Vec<Signer>, usize)> = None;
    let mut signature_files = Vec::new();
    let mut expected: Vec<(String, bool)> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut next = 0usize;
    let mut out_of_order: Option<Failure> = None;
    let mut created_secs = 0u64;
    let mut seen_files: HashSet<String> = HashSet::new();
    let mut seen_dirs: HashSet<String> = HashSet::new();
    let mut seen_dirs_exact: HashSet<String> = HashSet::new();

    while let Some(member) = reader.next_member()? {
        let slot = state.classify(&member)?;
        let Slot::Files(rel) = slot else {
            state.take(slot, &member, &mut reader)?;
            continue;
        };
        if checked.is_none() {
            let head = state.finish_head()?;
            let c = check_head(&head, opts)?;
            created_secs = u64::try_from(c.0.created_at.as_second()).unwrap_or(0);
            if let Some((name, mtime)) = state
                .mtimes
                .iter()
                .find(|(_, mtime)| *mtime != created_secs)
            {
                return Err(mtime_failure(name, *mtime, &c.0.manifest.created_at));
            }
            expected = expected_file_members(&c.0.manifest.files);
            position = expected
                .iter()
                .enumerate()
                .map(|(i, (p, _))| (p.clone(), i))
                .collect();
            progress.set_length(c.0.manifest.files.iter().map(|f| f.size).sum());
            sink.head(state.top.as_deref().unwrap_or_default(), &head)?;
            signature_files = head.signatures;
            checked = Some(c);
        }
        let Some((parsed, _, _)) = &checked else {
            continue;
        };
        if member.mtime != created_secs {
            return Err(mtime_failure(
                &member.name,
                member.mtime,
                &parsed.manifest.created_at,
            ));
        }
        let Some(rel) = rel else {
            // The files/ directory itself.
            continue;
        };
        let subject = format!("files/{rel}");
        let fold_key = paths::fold(&rel);
        let is_dir = member.kind == Kind::Dir;
        paths::check_path(&rel)?;
        let duplicate = if is_dir {
            seen_files.contains(&rel) || !seen_dirs.insert(fold_key)
        } else {
            seen_dirs.contains(&fold_key) || !seen_files.insert(rel.clone())
        };
        if duplicate {
            return Err(Failure::about(
                Code::DuplicateEntry,
                subject,
                "a second member of this name",
            ));
        }
        let Some(&at) = position.get(&rel) else {
            return Err(if is_dir {
                Failure::about(
                    Code::UnlistedDirectory,
                    subject,
                    "a directory that holds no file of the manifest",
                )
            } else {
                Failure::about(
                    Code::UnlistedFile,
                    subject,
                    "in files/ but not in the manifest",
                )
            });
        };
        match (is_dir, expected[at].1) {
            (true, false) => {
                return Err(Failure::about(
                    Code::NotARegularFile,
                    subject,
                    "a directory where the manifest lists a regular file",
                ));
            }
            (false, true) => {
                return Err(Failure::about(
                    Code::UnlistedFile,
                    subject,
                    "a file where the manifest's paths need a directory",
                ));
            }
            _ => {}
        }
        if at != next && out_of_order.is_none() {
            // Reported after missing files: a member left out also puts the rest out of step.
            out_of_order = Some(order(
                &subject,
                "not where the writer puts it: members follow the manifest's order, each \
                 directory just before its first file",
            ));
        }
        next = at + 1;
        if is_dir {
            seen_dirs_exact.insert(rel.clone());
            sink.dir(&rel)?;
            continue;
        }
        let entry = &parsed.manifest.files[position_in_files(&parsed.manifest.files, &rel)];
        if member.size != entry.size {
            return Err(size_mismatch(entry, member.size));
        }
        sink.file_start(&rel, entry.size)?;
        let id = pool.hash_member(
            entry.size,
            |buf| reader.read_data(buf),
            |chunk| {
                progress.inc(chunk.len() as u64);
                sink.data(chunk)
            },
        )?;
        hashing.submitted(id, entry);
        sink.file_end()?;
        // Stop reading at the first mismatch already found (the caller reports it).
        hashing.take(pool.ready());
        hashing.first_mismatch()?;
    }

    let (parsed, signers, threshold) = match checked {
        Some(c) => c,
        None => {
            // No files/ member at all.
            let head = state.finish_head()?;
            check_head(&head, opts)?;
            return Err(layout("files/", "the archive has no files/ directory"));
        }
    };
    if !state.saw_files_dir {
        return Err(layout(
            "files/",
            "the archive has no files/ directory member",
        ));
    }
    if let Some(missing) = parsed
        .manifest
        .files
        .iter()
        .find(|f| !seen_files.contains(&f.path))
    {
        return Err(Failure::about(
            Code::MissingFile,
            format!("files/{}", missing.path),
            "listed in the manifest but not in the archive",
        ));
    }
    if let Some(f) = out_of_order {
        return Err(f);
    }
    if let Some((d, _)) = expected
        .iter()
        .find(|(p, dir)| *dir && !seen_dirs_exact.contains(p))
    {
        return Err(Failure::about(
            Code::TarMetadata,
            format!("files/{d}/"),
            "the directory member is missing (the writer puts each directory before its first file)",
        ));
    }
    let bytes = parsed.manifest.files.iter().map(|f| f.size).sum();
    Ok(Verified {
        signature_files,
        files: parsed.manifest.files.len(),
        bytes,
        manifest: parsed,
        signers,
        threshold,
    })
}

/// The index of `path` in the manifest's files (sorted by path, as checked).
fn position_in_files(files: &[FileEntry], path: &str) -> usize {
    files
        .binary_search_by(|f| f.path.as_str().cmp(path))
        .unwrap_or(0)
}

/// Where a member belongs.
enum Slot {
    TopDir,
    Manifest,
    SignaturesDir,
    Signature(String),
    /// `None` for the files/ directory itself, else the path relative to files/.
    Files(Option<String>),
}

#[derive(Default)]
struct TarState {
    /// The top folder the writer would have used for this file name.
    expected_top: String,
    /// The name and mtime of each member read before the manifest could be parsed.
    mtimes: Vec<(String, u64)>,
    top: Option<String>,
    phase: Option<Phase>,
    manifest: Option<Vec<u8>>,
    saw_signatures_dir: bool,
    saw_files_dir: bool,
    signatures: Vec<SignatureFile>,
}

impl TarState {
    fn for_path(path: &Path) -> Self {
        Self {
            expected_top: super::create::top_folder_name(path),
            ..Self::default()
        }
    }

    fn phase(&self) -> Phase {
        self.phase.unwrap_or(Phase::Start)
    }

    fn classify(&mut self, member: &tar::Member) -> Result<Slot> {
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
                            paths::escape(first),
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
                if !dir {
                    return Err(Failure::about(
                        Code::NotARegularFile,
                        "signatures/",
                        "must be a directory",
                    ));
                }
                if self.saw_signatures_dir {
                    return Err(Failure::about(
                        Code::DuplicateEntry,
                        "signatures/",
                        "a second signatures/ member",
                    ));
                }
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
                if !dir {
                    return Err(Failure::about(
                        Code::NotARegularFile,
                        "files/",
                        "must be a directory",
                    ));
                }
                if self.saw_files_dir {
                    return Err(Failure::about(
                        Code::DuplicateEntry,
                        "files/",
                        "a second files/ member",
                    ));
                }
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

    fn take(
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

    fn finish_head(&mut self) -> Result<Head> {
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

fn read_member(reader: &mut tar::Reader<impl Read>, size: u64) -> Result<Vec<u8>> {
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
