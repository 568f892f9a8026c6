//! Comparing what a member or file holds with its manifest entry (size, then SHA-256).

use crate::bundle::code::{Code, Failure, Result};
use crate::bundle::hash;
use crate::bundle::hex;
use crate::bundle::manifest::FileEntry;

pub(super) fn size_mismatch(entry: &FileEntry, actual: u64) -> Failure {
    Failure::about(
        Code::SizeMismatch,
        format!("files/{}", entry.path),
        format!("{actual} bytes, the manifest says {}", entry.size),
    )
}

pub(super) fn compare(entry: &FileEntry, d: hash::Digested) -> Result<()> {
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
