//! A small POSIX (pax) tar writer and a strict, bounded, streaming tar reader.
//!
//! Why not a general tar crate: the format needs exactly one dialect (ustar headers, local pax
//! records for long or non-ASCII names and large sizes), deterministic metadata, and a reader
//! that treats every byte as hostile: it never follows or creates anything, bounds every
//! allocation (a pax header is at most [`MAX_PAX_BYTES`]), refuses what the format excludes
//! (GNU long names, global pax headers, sparse files, base-256 numbers) and reports links and
//! devices as what they are instead of skipping them.

//!
//! [`writer`] makes archives, [`reader`] reads them; the reader checks every header against the
//! one the writer would have made of it.

mod reader;
mod writer;

pub use reader::Reader;
pub use writer::Writer;

const BLOCK: usize = 512;
/// The writer pads the archive to a whole record of this size.
const RECORD: u64 = 10240;
/// The largest pax extended header the reader accepts.
pub const MAX_PAX_BYTES: u64 = 64 * 1024;
/// Largest size a ustar octal field holds (8 GiB − 1); larger files get a pax `size` record.
const USTAR_MAX_SIZE: u64 = 0o77777777777;

/// What a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// Anything else, with its type flag: `1` hard link, `2` symlink, `3`/`4` devices, `6` FIFO.
    Other(u8),
}

impl Kind {
    pub fn describe(self) -> String {
        match self {
            Kind::File => "regular file".into(),
            Kind::Dir => "directory".into(),
            Kind::Other(b'1') => "hard link".into(),
            Kind::Other(b'2') => "symbolic link".into(),
            Kind::Other(b'3') => "character device".into(),
            Kind::Other(b'4') => "block device".into(),
            Kind::Other(b'6') => "FIFO".into(),
            Kind::Other(b'7') => "contiguous file".into(),
            Kind::Other(t) => format!("member of type {:?}", char::from(t)),
        }
    }
}

/// A member's header, as the reader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub kind: Kind,
    pub size: u64,
    pub mode: u32,
    pub mtime: u64,
}

#[cfg(test)]
mod tests {
    use super::writer::pax_record;
    use super::*;
    use crate::bundle::code::{Code, Result};

    fn build(f: impl FnOnce(&mut Writer<&mut Vec<u8>>)) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, 1_700_000_000);
        f(&mut w);
        w.finish().unwrap();
        out
    }

    fn members(bytes: &[u8]) -> Result<Vec<(Member, Vec<u8>)>> {
        let mut r = Reader::new(bytes);
        let mut out = Vec::new();
        while let Some(m) = r.next_member()? {
            let mut data = Vec::new();
            let mut buf = [0u8; 100];
            loop {
                let n = r.read_data(&mut buf)?;
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
            }
            out.push((m, data));
        }
        Ok(out)
    }

    #[test]
    fn round_trip_with_long_and_unicode_names() {
        let long = format!("top/{}/{}", "d".repeat(120), "f".repeat(90));
        let bytes = build(|w| {
            w.dir("top").unwrap();
            w.file("top/a.txt", 3, b"abc").unwrap();
            w.file(&long, 1, b"x").unwrap();
            w.file("top/é.txt", 0, b"").unwrap();
            w.file(&format!("top/{}", "g".repeat(300)), 2, b"hi")
                .unwrap();
        });
        assert_eq!(bytes.len() % 10240, 0);
        let m = members(&bytes).unwrap();
        let names: Vec<&str> = m.iter().map(|(m, _)| m.name.as_str()).collect();
        assert_eq!(names[0], "top/");
        assert_eq!(names[1], "top/a.txt");
        assert_eq!(names[2], long);
        assert_eq!(names[3], "top/é.txt");
        assert_eq!(m[1].1, b"abc");
        assert_eq!(m[4].1, b"hi");
        assert_eq!(m[1].0.mode, 0o644);
        assert_eq!(m[0].0.mode, 0o755);
        assert_eq!(m[0].0.kind, Kind::Dir);
    }

    #[test]
    fn truncation_and_corruption_are_malformed() {
        let bytes = build(|w| w.file("top/a.txt", 3, b"abc").unwrap());
        for cut in [0usize, 100, 512, 515, 1024, 1536] {
            let r = members(&bytes[..cut]);
            if cut == 0 {
                // An empty file has no end marker either.
                assert!(r.is_err());
            } else {
                assert_eq!(r.unwrap_err().code, Code::TarMalformed, "cut at {cut}");
            }
        }
        let mut bad = bytes.clone();
        bad[10] ^= 1;
        assert_eq!(members(&bad).unwrap_err().code, Code::TarMalformed);
        let mut trailing = bytes;
        trailing.push(1);
        assert_eq!(members(&trailing).unwrap_err().code, Code::TarMalformed);
    }

    /// Members read by skipping their data and taking it from the input at its offset, as
    /// `bundle verify` does.
    fn members_by_position(bytes: &[u8]) -> Result<Vec<(Member, Vec<u8>)>> {
        let mut r = Reader::new(std::io::Cursor::new(bytes));
        let mut out = Vec::new();
        while let Some(m) = r.next_member()? {
            let at = usize::try_from(r.data_offset()).unwrap();
            r.skip_data(bytes.len() as u64)?;
            let data = bytes[at..at + usize::try_from(m.size).unwrap()].to_vec();
            out.push((m, data));
        }
        Ok(out)
    }

    #[test]
    fn skipping_data_finds_each_member_where_reading_it_would() {
        let bytes = build(|w| {
            w.dir("top").unwrap();
            w.file("top/a.txt", 3, b"abc").unwrap();
            w.file(&format!("top/{}", "g".repeat(300)), 700, &[7; 700])
                .unwrap();
            w.file("top/empty", 0, b"").unwrap();
            w.file("top/b.txt", 2, b"hi").unwrap();
        });
        assert_eq!(
            members_by_position(&bytes).unwrap(),
            members(&bytes).unwrap()
        );
        // Cut anywhere, it fails where reading would, with the same failure.
        for cut in (0..bytes.len()).step_by(97) {
            let skipped = members_by_position(&bytes[..cut]).map(|_| ());
            let read = members(&bytes[..cut]).map(|_| ());
            assert_eq!(skipped, read, "cut at {cut}");
        }
        // Padding that is not zero is still seen.
        let mut dirty = bytes.clone();
        let end_of_abc = 3 + bytes.windows(3).position(|w| w == b"abc").unwrap();
        dirty[end_of_abc + 1] = 1;
        assert_eq!(
            members_by_position(&dirty).unwrap_err().code,
            Code::TarMalformed
        );
    }

    #[test]
    fn pax_records_are_self_describing() {
        assert_eq!(pax_record("path", "a"), b"9 path=a\n");
        let r = pax_record("path", &"x".repeat(95));
        assert_eq!(r.len(), 105);
        assert!(r.starts_with(b"105 "));
    }
}
