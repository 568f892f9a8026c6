//! Hashing a tar bundle's members on every core while one thread reads the archive.
//!
//! A tar is one stream, so one thread (the caller) reads it, in order, and does every structural
//! check. A member's data reaches the hashing threads in one of two ways:
//!
//! - **By position** ([`Pool::submit`]): when nothing but its digest is wanted, the reader skips
//!   the data and queues a task that reads it where it lies in the file (`pread`), so each core
//!   reads and hashes its own members as a directory bundle's files are, and nothing is copied
//!   twice or passed between threads. One task may hash several small members, so that handing
//!   work over costs little next to hashing it. This is how `bundle verify` reads a tar.
//! - **Through buffers** ([`Pool::hash_member`]): when the data must also be written somewhere
//!   in order (extracting, re-signing), the reader copies it into buffers taken from a fixed pool
//!   and hands them over: a member that fits in one buffer is one job; a larger one is streamed,
//!   in order, to the one thread hashing it (SHA-256 of one stream cannot be split), while the
//!   reader reads ahead into the following members for the other threads. The pool bounds
//!   memory ([`BUFFERS`] × [`BUFFER_BYTES`]) whatever the archive holds: a reader that outpaces
//!   the hashers waits for a buffer to come back.
//!
//! The job queue is bounded too ([`QUEUED_JOBS`]), so a reader skipping over data stays a few
//! members ahead of the hashers instead of racing to the end of the archive: on a cold disk,
//! reads stay close together.
//!
//! Deadlock-free by construction: every job queued before the member being read holds all its
//! data (or reads it itself), so the hashers always drain them and return their buffers.

use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Mutex, PoisonError};
use std::thread::{Scope, ScopedJoinHandle};

use sha2::{Digest, Sha256};

use super::code::{Code, Failure, Result};
use super::hash::Digested;

/// The size of one buffer handed to a hashing thread: large enough that per-chunk overhead
/// (a channel message, a wake-up) is negligible next to hashing it.
pub const BUFFER_BYTES: usize = 1024 * 1024;
/// How many buffers may be in flight at once (the pool's memory bound: 24 MiB).
pub const BUFFERS: usize = 24;
/// How many jobs may wait for a hashing thread: enough that none ever idles while the reader
/// parses the next header, few enough that the reader stays near the hashers.
pub const QUEUED_JOBS: usize = 16;

/// Which submitted member a digest belongs to, numbered from 0 in submission order.
pub type JobId = usize;

struct Chunk {
    buf: Vec<u8>,
    len: usize,
}

/// A digest, or why a member could not be hashed (an I/O error reading it by position).
pub type Outcome = Result<Digested>;

/// Members that a hashing thread reads and hashes itself, reporting each one's outcome under
/// its id.
type Task<'scope> = Box<dyn FnOnce(&mut dyn FnMut(JobId, Outcome)) + Send + 'scope>;

enum Job<'scope> {
    /// A member that fits in one buffer.
    Whole { id: JobId, chunk: Chunk },
    /// A larger member, whose chunks follow on `chunks` in order until the sender is dropped.
    Stream { id: JobId, chunks: Receiver<Chunk> },
    /// Members the thread reads itself.
    Task(Task<'scope>),
}

/// Hashing threads fed by the calling thread.
pub struct Pool<'scope> {
    jobs: Option<SyncSender<Job<'scope>>>,
    free: Receiver<Vec<u8>>,
    results: Receiver<(JobId, Outcome)>,
    threads: Vec<ScopedJoinHandle<'scope, ()>>,
    allocated: usize,
    next_id: JobId,
}

impl std::fmt::Debug for Pool<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("threads", &self.threads.len())
            .field("buffers", &self.allocated)
            .field("submitted", &self.next_id)
            .finish()
    }
}

impl<'scope> Pool<'scope> {
    /// Start `threads` hashing threads (at least one) in `scope`.
    pub fn start<'env>(scope: &'scope Scope<'scope, 'env>, threads: usize) -> Self {
        let (jobs_tx, jobs_rx) = mpsc::sync_channel::<Job<'scope>>(QUEUED_JOBS);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let (results_tx, results_rx) = mpsc::channel::<(JobId, Outcome)>();
        let jobs_rx = std::sync::Arc::new(Mutex::new(jobs_rx));
        let threads = (0..threads.max(1))
            .map(|_| {
                let jobs = std::sync::Arc::clone(&jobs_rx);
                let free = free_tx.clone();
                let results = results_tx.clone();
                scope.spawn(move || hash_jobs(&jobs, &free, &results))
            })
            .collect();
        Self {
            jobs: Some(jobs_tx),
            free: free_rx,
            results: results_rx,
            threads,
            allocated: 0,
            next_id: 0,
        }
    }

    /// The id of a member that a task will hash (see [`Self::submit`]).
    pub fn reserve(&mut self) -> JobId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Queue a task that a hashing thread runs while this thread reads on: it reads and hashes
    /// members itself (by their position in the file) and reports each one's outcome, under the
    /// id [`Self::reserve`] gave it, to the function it is passed. The outcomes come later
    /// through [`Self::ready`] or [`Self::finish`].
    pub fn submit(
        &mut self,
        run: impl FnOnce(&mut dyn FnMut(JobId, Outcome)) + Send + 'scope,
    ) -> Result<()> {
        self.send(Job::Task(Box::new(run)))
    }

    /// Hash a member of `size` bytes whose data `fill` reads (as `Read::read` does: 0 only at
    /// the end), calling `on_chunk` with each piece in order (to copy it, count progress).
    /// Returns the member's job id once all its data has been handed over; its digest comes
    /// later through [`Self::ready`] or [`Self::finish`]. On an error, the digest of the part
    /// read may still be reported under the id the caller never received, so never asked for.
    pub fn hash_member(
        &mut self,
        size: u64,
        mut fill: impl FnMut(&mut [u8]) -> Result<usize>,
        mut on_chunk: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<JobId> {
        let id = self.next_id;
        self.next_id += 1;
        let mut stream: Option<Sender<Chunk>> = None;
        let mut remaining = size;
        loop {
            let mut buf = self.take_buffer()?;
            let want = usize::try_from(remaining).map_or(buf.len(), |r| r.min(buf.len()));
            let mut len = 0;
            while len < want {
                let n = fill(&mut buf[len..want])?;
                if n == 0 {
                    break;
                }
                len += n;
            }
            remaining -= len as u64;
            on_chunk(&buf[..len])?;
            let chunk = Chunk { buf, len };
            let done = remaining == 0 || len < want;
            match &stream {
                None if done => {
                    self.send(Job::Whole { id, chunk })?;
                    return Ok(id);
                }
                None => {
                    let (tx, rx) = mpsc::channel();
                    self.send(Job::Stream { id, chunks: rx })?;
                    stream = Some(tx);
                }
                Some(_) => {}
            }
            if let Some(tx) = &stream {
                tx.send(chunk).map_err(|_| stopped())?;
            }
            if done {
                return Ok(id);
            }
        }
    }

    /// Outcomes finished so far (without waiting).
    pub fn ready(&self) -> impl Iterator<Item = (JobId, Outcome)> + '_ {
        self.results.try_iter()
    }

    /// Wait for every submitted member and return all outcomes not yet taken by
    /// [`Self::ready`], indexed by job id.
    pub fn finish(mut self) -> Result<Vec<Option<Outcome>>> {
        self.jobs = None;
        let mut failed = false;
        for t in self.threads.drain(..) {
            failed |= t.join().is_err();
        }
        if failed {
            return Err(stopped());
        }
        let mut out = vec![None; self.next_id];
        for (id, d) in self.results.try_iter() {
            if let Some(slot) = out.get_mut(id) {
                *slot = Some(d);
            }
        }
        Ok(out)
    }

    /// A free buffer: a returned one, a new one while fewer than [`BUFFERS`] exist, or else the
    /// next one a hasher returns.
    fn take_buffer(&mut self) -> Result<Vec<u8>> {
        if let Ok(buf) = self.free.try_recv() {
            return Ok(buf);
        }
        if self.allocated < BUFFERS {
            self.allocated += 1;
            return Ok(vec![0u8; BUFFER_BYTES]);
        }
        self.free.recv().map_err(|_| stopped())
    }

    fn send(&self, job: Job<'scope>) -> Result<()> {
        self.jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())
    }
}

fn stopped() -> Failure {
    Failure::new(Code::Io, "a hashing thread stopped unexpectedly")
}

/// One hashing thread: take jobs until the pool is finished. A send fails only when the pool
/// is gone, and then nobody wants the result.
fn hash_jobs(
    jobs: &Mutex<Receiver<Job<'_>>>,
    free: &Sender<Vec<u8>>,
    results: &Sender<(JobId, Outcome)>,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        let (id, outcome) = match job {
            Job::Task(run) => {
                run(&mut |id, outcome| {
                    let _ = results.send((id, outcome));
                });
                continue;
            }
            Job::Whole { id, chunk } => {
                let d = Digested {
                    size: chunk.len as u64,
                    sha256: Sha256::digest(&chunk.buf[..chunk.len]).into(),
                };
                let _ = free.send(chunk.buf);
                (id, Ok(d))
            }
            Job::Stream { id, chunks } => {
                let mut hasher = Sha256::new();
                let mut size = 0u64;
                for chunk in chunks {
                    hasher.update(&chunk.buf[..chunk.len]);
                    size += chunk.len as u64;
                    let _ = free.send(chunk.buf);
                }
                let d = Digested {
                    size,
                    sha256: hasher.finalize().into(),
                };
                (id, Ok(d))
            }
        };
        let _ = results.send((id, outcome));
    }
}

/// How many threads hash: one per core.
pub fn hashing_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }

    #[test]
    fn members_of_every_size_hash_as_one_stream_each() {
        let sizes = [
            0,
            1,
            BUFFER_BYTES - 1,
            BUFFER_BYTES,
            BUFFER_BYTES + 1,
            5 * BUFFER_BYTES + 7,
        ];
        let data: Vec<Vec<u8>> = sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n).map(|j| (j * 31 + i) as u8).collect())
            .collect();
        // Many members, more than the pool has buffers, so the reader must wait for some.
        let members: Vec<&Vec<u8>> = data.iter().cycle().take(60).collect();
        let digests = std::thread::scope(|s| {
            let mut pool = Pool::start(s, 2);
            for m in &members {
                let mut pos = 0;
                let mut seen = 0;
                pool.hash_member(
                    m.len() as u64,
                    |buf| {
                        // Short reads, as a pipe gives them.
                        let n = buf.len().min(m.len() - pos).min(70_000);
                        buf[..n].copy_from_slice(&m[pos..pos + n]);
                        pos += n;
                        Ok(n)
                    },
                    |chunk| {
                        seen += chunk.len();
                        Ok(())
                    },
                )
                .unwrap();
                assert_eq!(seen, m.len());
            }
            pool.finish().unwrap()
        });
        assert_eq!(digests.len(), members.len());
        for (d, m) in digests.into_iter().zip(&members) {
            let d = d.unwrap().unwrap();
            assert_eq!(d.size, m.len() as u64);
            assert_eq!(d.sha256, sha(m));
        }
    }

    #[test]
    fn tasks_and_copied_members_report_under_their_own_ids() {
        let data: Vec<u8> = (0..3 * BUFFER_BYTES + 5).map(|j| (j % 253) as u8).collect();
        let outcomes = std::thread::scope(|s| {
            let mut pool = Pool::start(s, 2);
            let mut ids = Vec::new();
            // More tasks than the queue holds, so submitting waits for the hashers.
            for i in 0..3 * QUEUED_JOBS {
                let part = &data[..i * 1000];
                let id = pool.reserve();
                let mut batch = vec![id];
                let failed = (i % 7 == 0).then(|| pool.reserve());
                batch.extend(failed);
                ids.extend(&batch);
                pool.submit(move |report| {
                    report(id, Ok(crate::hash::sha256_reader(part).unwrap()));
                    if let Some(f) = failed {
                        report(f, Err(Failure::new(Code::Io, "unreadable")));
                    }
                })
                .unwrap();
                if i % 11 == 0 {
                    let mut pos = 0;
                    let id = pool
                        .hash_member(
                            data.len() as u64,
                            |buf| {
                                let n = buf.len().min(data.len() - pos);
                                buf[..n].copy_from_slice(&data[pos..pos + n]);
                                pos += n;
                                Ok(n)
                            },
                            |_| Ok(()),
                        )
                        .unwrap();
                    ids.push(id);
                }
            }
            assert_eq!(ids, (0..ids.len()).collect::<Vec<_>>());
            pool.finish().unwrap()
        });
        let mut tasks = 0;
        let mut failures = 0;
        let mut whole = 0;
        for outcome in outcomes {
            match outcome.unwrap() {
                Err(f) => {
                    assert_eq!(f.code, Code::Io);
                    failures += 1;
                }
                Ok(d) if d.size == data.len() as u64 => {
                    assert_eq!(d.sha256, sha(&data));
                    whole += 1;
                }
                Ok(d) => {
                    assert_eq!(d.size, tasks * 1000);
                    assert_eq!(d.sha256, sha(&data[..d.size as usize]));
                    tasks += 1;
                }
            }
        }
        assert_eq!((tasks as usize, failures, whole), (3 * QUEUED_JOBS, 7, 5));
    }

    #[test]
    fn a_read_error_stops_the_member_without_hanging() {
        std::thread::scope(|s| {
            let mut pool = Pool::start(s, 2);
            let mut calls = 0;
            let err = pool.hash_member(
                10 * BUFFER_BYTES as u64,
                |buf| {
                    calls += 1;
                    if calls > 3 {
                        return Err(Failure::new(Code::TarMalformed, "truncated"));
                    }
                    Ok(buf.len())
                },
                |_| Ok(()),
            );
            assert!(err.is_err());
            let ok = pool
                .hash_member(3, |b| Ok(b.len().min(3)), |_| Ok(()))
                .unwrap();
            let digests = pool.finish().unwrap();
            let digest = digests.into_iter().nth(ok).unwrap().unwrap().unwrap();
            assert_eq!(digest.sha256, sha(&[0, 0, 0]));
        });
    }
}
