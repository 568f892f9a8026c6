//! A bundle member's digest: SHA-256 (through [`crate::hash`]) of at most one byte more than the
//! manifest allows, copied as it is read and counted on the progress bar.

use std::io::{self, Read, Write};

pub use crate::hash::{BUFFER_BYTES, Digested};
use crate::progress::Progress;

/// Hash at most `limit + 1` bytes of `input` (so that "longer than expected" is seen without
/// reading an unbounded stream), copying them to `tee` if given, and counting them on `progress`.
pub fn digest(
    input: impl Read,
    limit: u64,
    progress: &dyn Progress,
    mut tee: Option<&mut dyn Write>,
) -> io::Result<Digested> {
    crate::hash::sha256_stream(input.take(limit.saturating_add(1)), |chunk| {
        if let Some(t) = tee.as_deref_mut() {
            t.write_all(chunk)?;
        }
        progress.advance(chunk.len() as u64);
        Ok(())
    })
}
