//! Directory bundles: manifest.json, signatures/ and files/ on disk, read without following a
//! link or blocking on a FIFO; every file hashed on every core, largest first.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::content::{compare, size_mismatch};
use super::head::{
    check_head, read_bounded, signature_file, too_large_manifest, too_large_signature,
};
use super::{Head, Verified, VerifyOptions};
use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::hash;
use crate::bundle::keys::{MAX_SIGNATURE_FILE_BYTES, MAX_SIGNATURES};
use crate::bundle::manifest::{FileEntry, MAX_MANIFEST_BYTES};
use crate::bundle::open::create_new_file;
use crate::bundle::paths;
use crate::files::{OpenError, open_regular_nofollow};
use crate::progress::Progress;

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
    progress: &dyn Progress,
    copy_to: Option<&Path>,
) -> Result<Verified> {
    let head = read_dir_head(root)?;
    let (parsed, signers, threshold) = check_head(&head, opts)?;
    let entries = &parsed.manifest.files;
    let files_dir = root.join("files");
    let total: u64 = entries.iter().map(|f| f.size).sum();
    progress.set_total(total);

    // The walk (a stat of every file) runs while the files are hashed, not before: one core
    // would otherwise hash alone for as long as it takes. Its findings still come first, and
    // each file must be the one the walk found. Once the walk has failed, no further file is
    // hashed: its failure is the one reported.
    let walk_failed = AtomicBool::new(false);
    let (walked, checked) = rayon::join(
        || {
            let walked = walk_files(&files_dir, entries);
            walk_failed.store(walked.is_err(), Ordering::Relaxed);
            walked
        },
        || {
            largest_first(entries, |entry| {
                if walk_failed.load(Ordering::Relaxed) {
                    return Err(Failure::new(
                        Code::Io,
                        "not checked: files/ is not as listed",
                    ));
                }
                check_dir_file(&files_dir, entry, progress, copy_to)
            })
        },
    );
    let identities = walked?;
    for (entry, checked) in entries.iter().zip(checked) {
        let (opened, content) = checked?;
        if identities.get(entry.path.as_str()) != Some(&opened) {
            return Err(changed(entry));
        }
        content?;
    }
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
fn largest_first<T: Send>(entries: &[FileEntry], check: impl Fn(&FileEntry) -> T + Sync) -> Vec<T> {
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
    let mut results: Vec<(usize, T)> = per_thread.into_iter().flatten().collect();
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

fn changed(entry: &FileEntry) -> Failure {
    Failure::about(
        Code::NotARegularFile,
        format!("files/{}", entry.path),
        "the file changed into something else while it was being verified",
    )
}

/// Open, hash and compare one listed file: the identity of the file opened (for the caller to
/// compare with the walk's) and whether its content matches. Only a file that cannot be opened
/// as a regular file fails outright.
fn check_dir_file(
    files_dir: &Path,
    entry: &FileEntry,
    progress: &dyn Progress,
    copy_to: Option<&Path>,
) -> Result<(Identity, Result<()>)> {
    let subject = || format!("files/{}", entry.path);
    let path = files_dir.join(&entry.path);
    let file = open_untrusted(&path, &subject())?;
    let meta = file
        .metadata()
        .map_err(|e| Failure::about(Code::Io, subject(), e.to_string()))?;
    if !meta.is_file() {
        return Err(changed(entry));
    }
    let opened = identity(&meta);
    Ok((opened, check_content(file, &meta, entry, progress, copy_to)))
}

fn check_content(
    file: std::fs::File,
    meta: &std::fs::Metadata,
    entry: &FileEntry,
    progress: &dyn Progress,
    copy_to: Option<&Path>,
) -> Result<()> {
    let subject = || format!("files/{}", entry.path);
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
