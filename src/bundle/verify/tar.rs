//! Tar bundles: one pax archive read as one stream and never extracted. This thread reads and
//! checks the archive while the members' data is hashed on every core; what the archive holds
//! is passed to a [`TarObserver`] as it goes (to rewrite or extract it).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::by_position::{Batch, POSITIONAL_READS, Positioned};
use super::content::{compare, size_mismatch};
use super::head::check_head;
use super::tar_members::{Slot, TarState, layout, order};
use super::{Head, Signer, Verified, VerifyOptions};
use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::manifest::{FileEntry, ParsedManifest};
use crate::bundle::paths;
use crate::bundle::pipeline;
use crate::bundle::tar::{self, Kind};
use crate::files::open_regular;
use crate::progress::Progress;

/// Receives a tar bundle's content as it is verified (to rewrite or extract it). Nothing it
/// writes may become visible before verification has finished.
pub trait TarObserver {
    /// The head, after it has been authenticated and checked.
    fn head(&mut self, top: &str, head: &Head) -> Result<()>;
    fn dir(&mut self, rel: &str) -> Result<()>;
    fn file_start(&mut self, rel: &str, size: u64) -> Result<()>;
    fn data(&mut self, bytes: &[u8]) -> Result<()>;
    fn file_end(&mut self) -> Result<()>;
    /// Whether [`Self::data`] must see the members' data. When it need not, the hashing threads
    /// read each member by its position in the file instead of receiving copies from the reader.
    fn needs_data(&self) -> bool {
        true
    }
}

/// An observer that keeps nothing.
#[derive(Debug)]
pub struct NoObserver;

impl TarObserver for NoObserver {
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
    fn needs_data(&self) -> bool {
        false
    }
}

/// The tar reader's own buffer when it reads members' data too. Small on purpose: a member's
/// data is read into the hashing pool's larger buffers, and `BufReader` hands a read at least
/// this large straight to the file once its buffer is empty, so data is copied once, not twice.
const TAR_READ_BUFFER_BYTES: usize = 16 * 1024;
/// The tar reader's buffer when it reads only headers and skips the data (read by position):
/// after each skip it refills, so anything beyond the next headers would be read for nothing.
const HEADER_READ_BUFFER_BYTES: usize = 4 * 1024;

fn open_tar(path: &Path) -> Result<File> {
    open_regular(path).map_err(|e| {
        Failure::about(
            Code::BundleNotFound,
            path.display().to_string(),
            e.to_string(),
        )
    })
}

fn tar_reader(file: &File, buffer_bytes: usize) -> tar::Reader<BufReader<&File>> {
    tar::Reader::new(BufReader::with_capacity(buffer_bytes, file))
}

/// Read only the head of a tar bundle (for `bundle inspect`): returns it with the top folder.
pub fn read_tar_head(path: &Path) -> Result<(String, Head)> {
    let file = open_tar(path)?;
    let mut reader = tar_reader(&file, HEADER_READ_BUFFER_BYTES);
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
    let mut dirs = crate::bundle::create::DirTracker::default();
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

/// Verify a tar bundle as one stream, passing what it holds to `observer` as it goes.
///
/// Beyond the content, the archive must be exactly what the writer makes of the manifest: every
/// header in the canonical form (checked by the reader), every mtime equal to `created_at`, the
/// top folder named after the file, the members in the writer's order with no directory that
/// holds no listed file, and the end padded to one record.
///
/// This thread reads and checks the archive; the members' data is hashed on every core by a
/// [`pipeline::Pool`] while reading goes on: read by position by the hashing threads themselves
/// unless the observer needs the data. Failures are reported as reading it in order would find
/// them: a hash mismatch in a member before the point where reading stopped comes first.
pub fn verify_tar(
    path: &Path,
    opts: &VerifyOptions,
    progress: &dyn Progress,
    observer: &mut dyn TarObserver,
) -> Result<Verified> {
    let file = open_tar(path)?;
    let data = if POSITIONAL_READS && !observer.needs_data() {
        let archive_len = file
            .metadata()
            .map_err(|e| Failure::about(Code::Io, path.display().to_string(), e.to_string()))?
            .len();
        MemberData::ByPosition { archive_len }
    } else {
        MemberData::Copied
    };
    let archive = Archive {
        path,
        file: &file,
        data,
    };
    std::thread::scope(|scope| {
        let mut pool = pipeline::Pool::start(scope, pipeline::hashing_threads());
        let mut hashing = Hashing::default();
        let mut batch = Batch::default();
        let read = read_tar(
            &archive,
            opts,
            progress,
            observer,
            &mut pool,
            &mut hashing,
            &mut batch,
        );
        // Members read before a failure are hashed too: a mismatch among them comes first.
        batch.submit(&mut pool, archive.file, progress)?;
        let rest = pool.finish()?.into_iter().enumerate();
        hashing.take(rest.filter_map(|(id, d)| Some((id, d?))));
        hashing.first_mismatch()?;
        read
    })
}

/// The tar bundle being verified.
struct Archive<'a> {
    path: &'a Path,
    file: &'a File,
    data: MemberData,
}

/// How the hashing threads get a member's data.
#[derive(Clone, Copy)]
enum MemberData {
    /// The reader copies it to them (the observer sees it too).
    Copied,
    /// They read it from the file at its position; the reader skips it. `archive_len` is the
    /// file's length, to fail on a member that runs past the end as reading it would.
    ByPosition { archive_len: u64 },
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
    fn take(&mut self, outcomes: impl IntoIterator<Item = (pipeline::JobId, pipeline::Outcome)>) {
        for (id, outcome) in outcomes {
            let Some(entry) = self.expected.get(id) else {
                continue;
            };
            if let Err(f) = outcome.and_then(|d| compare(entry, d))
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

/// Read and check a tar bundle, handing each file's data (or where it lies) to `pool`.
fn read_tar<'scope>(
    archive: &Archive<'scope>,
    opts: &VerifyOptions,
    progress: &'scope dyn Progress,
    observer: &mut dyn TarObserver,
    pool: &mut pipeline::Pool<'scope>,
    hashing: &mut Hashing,
    batch: &mut Batch,
) -> Result<Verified> {
    let buffer_bytes = match archive.data {
        MemberData::Copied => TAR_READ_BUFFER_BYTES,
        MemberData::ByPosition { .. } => HEADER_READ_BUFFER_BYTES,
    };
    let file = archive.file;
    let mut reader = tar_reader(file, buffer_bytes);
    let mut state = TarState::for_path(archive.path);
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
            progress.set_total(c.0.manifest.files.iter().map(|f| f.size).sum());
            observer.head(state.top.as_deref().unwrap_or_default(), &head)?;
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
            observer.dir(&rel)?;
            continue;
        }
        let entry = &parsed.manifest.files[position_in_files(&parsed.manifest.files, &rel)];
        if member.size != entry.size {
            return Err(size_mismatch(entry, member.size));
        }
        observer.file_start(&rel, entry.size)?;
        let id = match archive.data {
            MemberData::Copied => pool.hash_member(
                entry.size,
                |buf| reader.read_data(buf),
                |chunk| {
                    progress.advance(chunk.len() as u64);
                    observer.data(chunk)
                },
            )?,
            MemberData::ByPosition { archive_len } => {
                let offset = reader.data_offset();
                reader.skip_data(archive_len)?;
                let id = pool.reserve();
                let member = Positioned {
                    id,
                    offset,
                    size: entry.size,
                    subject,
                };
                batch.add(member, pool, file, progress)?;
                id
            }
        };
        hashing.submitted(id, entry);
        observer.file_end()?;
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
