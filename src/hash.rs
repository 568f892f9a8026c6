//! SHA-256 of streams and files, and lowercase hexadecimal: the one hashing loop and the one hex
//! encoder that evidence files, bundles, attestations and exports share. sha2 picks SHA-NI at run
//! time where the CPU has it.

use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

/// The read buffer of one stream being hashed (one per worker thread at a time).
pub const BUFFER_BYTES: usize = 256 * 1024;

/// What a stream held: its length and SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digested {
    pub size: u64,
    pub sha256: [u8; 32],
}

impl Digested {
    /// The SHA-256 as lowercase hex.
    pub fn hex(&self) -> String {
        hex(&self.sha256)
    }
}

/// Hash all of `input`, handing each chunk read to `each` (to copy or count it) before the next
/// read.
pub fn sha256_stream(
    input: impl Read,
    each: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Digested> {
    // Verifying a bundle hashes thousands of small files on each worker thread: a fresh zeroed
    // buffer per file cost about a tenth of the CPU that hashing them did, so each thread keeps
    // one. A nested call (a callback that hashes) gets a buffer of its own.
    READ_BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.resize(BUFFER_BYTES, 0);
            hash_with(&mut buf, input, each)
        }
        Err(_) => hash_with(&mut vec![0u8; BUFFER_BYTES], input, each),
    })
}

thread_local! {
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn hash_with(
    buf: &mut [u8],
    mut input: impl Read,
    mut each: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Digested> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        let n = match input.read(buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        hasher.update(chunk);
        each(chunk)?;
        size += n as u64;
    }
    Ok(Digested {
        size,
        sha256: hasher.finalize().into(),
    })
}

/// The SHA-256 of everything `input` holds.
pub fn sha256_reader(input: impl Read) -> io::Result<Digested> {
    sha256_stream(input, |_| Ok(()))
}

/// The SHA-256 of the file at `path`, streamed.
pub fn sha256_file(path: &Path) -> io::Result<Digested> {
    sha256_reader(std::fs::File::open(path)?)
}

/// The SHA-256 of bytes in memory, as lowercase hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// Lowercase hexadecimal, the only case our formats write.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // FIPS 180-2 "abc".
        let d = sha256_reader(&b"abc"[..]).unwrap();
        assert_eq!(d.size, 3);
        assert_eq!(
            d.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
    }

    #[test]
    fn every_chunk_is_handed_on_in_order() {
        let data: Vec<u8> = (0..BUFFER_BYTES * 2 + 7).map(|i| i as u8).collect();
        let mut copy = Vec::new();
        let d = sha256_stream(&data[..], |c| {
            copy.extend_from_slice(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(copy, data);
        assert_eq!(d, sha256_reader(&data[..]).unwrap());
        assert_eq!(d.size, data.len() as u64);
    }

    #[test]
    fn a_callback_that_hashes_gets_its_own_buffer() {
        let outer = vec![7u8; BUFFER_BYTES + 3];
        let mut inner = Vec::new();
        let d = sha256_stream(&outer[..], |chunk| {
            inner.push(sha256_reader(chunk)?);
            Ok(())
        })
        .unwrap();
        assert_eq!(d, sha256_reader(&outer[..]).unwrap());
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[1], sha256_reader(&outer[..3]).unwrap());
    }
}
