//! A tar's members hashed where they lie in the file, by the hashing threads themselves, while
//! the reading thread goes on through the headers: what `bundle verify` does when nothing but
//! the digests is wanted (see [`super::tar::verify_tar`]).

use std::fs::File;
use std::io::{self, Read};

use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::hash;
use crate::bundle::pipeline;
use crate::progress::Progress;

/// Whether a file can be read at a position without moving its cursor, which the archive's
/// reader is using: `pread` on Unix (Windows' `seek_read` moves the cursor).
pub(super) const POSITIONAL_READS: bool = cfg!(unix);

/// `len` bytes of a file from `offset`, read by position (the file's cursor is left alone).
struct FileRange<'a> {
    file: &'a File,
    offset: u64,
    len: u64,
}

impl Read for FileRange<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = usize::try_from(self.len).map_or(buf.len(), |left| left.min(buf.len()));
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(self.file, &mut buf[..want], self.offset)?;
        self.offset += n as u64;
        self.len -= n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "reading by position is not used on this platform",
    ))
}

/// A member to be hashed where it lies in the archive.
pub(super) struct Positioned {
    pub id: pipeline::JobId,
    pub offset: u64,
    pub size: u64,
    /// `files/<path>`, for an I/O error.
    pub subject: String,
}

/// Members read by position, gathered into one task until they are worth handing over: a
/// task costs a queue hand-off and a wake-up, which for thousands of small members would be a
/// noticeable share of the work.
#[derive(Default)]
pub(super) struct Batch {
    members: Vec<Positioned>,
    bytes: u64,
}

/// A task holds members until they reach this many bytes...
const BATCH_BYTES: u64 = 1024 * 1024;
/// ...or this many members.
const BATCH_MEMBERS: usize = 64;

impl Batch {
    /// Add a member, handing the batch over once it is large enough.
    pub(super) fn add<'scope>(
        &mut self,
        member: Positioned,
        pool: &mut pipeline::Pool<'scope>,
        file: &'scope File,
        progress: &'scope dyn Progress,
    ) -> Result<()> {
        self.bytes += member.size;
        self.members.push(member);
        if self.bytes >= BATCH_BYTES || self.members.len() >= BATCH_MEMBERS {
            self.submit(pool, file, progress)?;
        }
        Ok(())
    }

    /// Hand over the members gathered so far as one task.
    pub(super) fn submit<'scope>(
        &mut self,
        pool: &mut pipeline::Pool<'scope>,
        file: &'scope File,
        progress: &'scope dyn Progress,
    ) -> Result<()> {
        if self.members.is_empty() {
            return Ok(());
        }
        let members = std::mem::take(&mut self.members);
        self.bytes = 0;
        pool.submit(move |report| {
            for m in members {
                report(m.id, hash_by_position(file, &m, progress));
            }
        })
    }
}

/// Hash a member where it lies in `file` (a file shortened meanwhile hashes short, and then
/// fails as a size mismatch).
fn hash_by_position(
    file: &File,
    member: &Positioned,
    progress: &dyn Progress,
) -> pipeline::Outcome {
    let range = FileRange {
        file,
        offset: member.offset,
        len: member.size,
    };
    hash::digest(range, member.size, progress, None)
        .map_err(|e| Failure::about(Code::Io, member.subject.clone(), e.to_string()))
}
