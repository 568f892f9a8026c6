//! Progress of long operations (hashing gigabytes of evidence), reported through a small trait so
//! that the library does not depend on how it is shown: the CLI draws a bar on a terminal
//! (`cli/progress.rs`), tests and internal callers pass `&()` to show nothing.
//!
//! Implementations are called from every hashing thread at once, so they must be cheap and
//! lock-free (the CLI's bar keeps an atomic counter).

/// Receives the byte counts of an operation as it goes.
pub trait Progress: Sync {
    /// The number of bytes the operation will process.
    fn set_total(&self, bytes: u64);
    /// `bytes` more have been processed.
    fn advance(&self, bytes: u64);
}

/// Shows nothing.
impl Progress for () {
    fn set_total(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}
