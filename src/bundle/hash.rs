//! Streaming SHA-256 with a fixed buffer. sha2 picks SHA-NI at run time where the CPU has it.

use std::io::{self, Read, Write};

use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

/// The read buffer per file being hashed (one per worker thread at a time).
pub const BUFFER_BYTES: usize = 256 * 1024;

/// What a stream held: its length and SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digested {
    pub size: u64,
    pub sha256: [u8; 32],
}

/// Hash at most `limit + 1` bytes of `input` (so that "longer than expected" is seen without
/// reading an unbounded stream), copying them to `tee` if given, and counting them on `progress`.
pub fn digest(
    input: impl Read,
    limit: u64,
    progress: &ProgressBar,
    mut tee: Option<&mut dyn Write>,
) -> io::Result<Digested> {
    let mut input = input.take(limit.saturating_add(1));
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUFFER_BYTES];
    let mut size = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        hasher.update(chunk);
        if let Some(t) = tee.as_deref_mut() {
            t.write_all(chunk)?;
        }
        size += n as u64;
        progress.inc(n as u64);
    }
    Ok(Digested {
        size,
        sha256: hasher.finalize().into(),
    })
}
