//! The strict, bounded, streaming tar reader: every byte is hostile; it never follows or creates
//! anything, bounds every allocation and accepts only headers in the writer's canonical form.

use std::io::{self, Read, Seek, SeekFrom};

use super::writer::canonical_header;
use super::{BLOCK, Kind, MAX_PAX_BYTES, Member, RECORD};
use crate::bundle::code::{Code, Failure, Result};

fn malformed(message: impl Into<String>) -> Failure {
    Failure::new(Code::TarMalformed, message)
}

fn unsupported(message: impl Into<String>) -> Failure {
    Failure::new(Code::TarUnsupported, message)
}

fn metadata(message: impl Into<String>) -> Failure {
    Failure::new(Code::TarMetadata, message)
}

/// Reads members one after another. Call [`Reader::next_member`], then read its data with
/// [`Reader::read_data`] (unread data is skipped by the next call).
#[derive(Debug)]
pub struct Reader<R: Read> {
    input: R,
    /// Bytes of the current member's data not yet read.
    remaining: u64,
    /// Padding after the current member's data.
    padding: u64,
    finished: bool,
    /// Bytes read so far (to check that the archive ends exactly as the writer ends it).
    consumed: u64,
}

impl<R: Read> Reader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            remaining: 0,
            padding: 0,
            finished: false,
            consumed: 0,
        }
    }

    /// The next member, or `None` at the end of the archive.
    pub fn next_member(&mut self) -> Result<Option<Member>> {
        if self.finished {
            return Ok(None);
        }
        self.skip_rest()?;
        let mut pax_path: Option<String> = None;
        let mut pax_size: Option<u64> = None;
        let mut saw_pax = false;
        // The pax header block and its records as read, to compare with the canonical form.
        let mut raw_pax: Vec<u8> = Vec::new();
        loop {
            let mut block = [0u8; BLOCK];
            if !self.read_block(&mut block)? {
                return Err(malformed(
                    "the archive ends without its end-of-archive marker (truncated)",
                ));
            }
            if block.iter().all(|&b| b == 0) {
                if saw_pax {
                    return Err(malformed("a pax header is not followed by a member"));
                }
                let mut second = [0u8; BLOCK];
                if !self.read_block(&mut second)? || second.iter().any(|&b| b != 0) {
                    return Err(malformed("a lone zero block inside the archive"));
                }
                self.check_trailing_zeros()?;
                self.finished = true;
                return Ok(None);
            }
            verify_checksum(&block)?;
            if &block[257..263] != b"ustar\0" || &block[263..265] != b"00" {
                return Err(unsupported(
                    "not a POSIX ustar/pax header (GNU or v7 tar formats are not accepted)",
                ));
            }
            let typeflag = block[156];
            let header_size = parse_octal(&block[124..136], "size")?;
            match typeflag {
                b'x' => {
                    if saw_pax {
                        return Err(malformed("two pax headers in a row"));
                    }
                    if header_size > MAX_PAX_BYTES {
                        return Err(unsupported(format!(
                            "a pax header of {header_size} bytes (at most {MAX_PAX_BYTES})"
                        )));
                    }
                    let mut body = vec![0u8; header_size as usize];
                    self.read_exact_or_truncated(&mut body)?;
                    self.skip_padding(header_size)?;
                    let (path, size) = parse_pax(&body)?;
                    raw_pax.extend_from_slice(&block);
                    raw_pax.extend_from_slice(&body);
                    raw_pax.resize(raw_pax.len().next_multiple_of(BLOCK), 0);
                    pax_path = path;
                    pax_size = size;
                    saw_pax = true;
                }
                b'g' => return Err(unsupported("global pax headers are not accepted")),
                b'L' | b'K' | b'N' | b'S' | b'V' | b'M' | b'D' => {
                    return Err(unsupported(format!(
                        "GNU tar extension member of type {:?}",
                        char::from(typeflag)
                    )));
                }
                _ => {
                    let name = match pax_path.take() {
                        Some(p) => p,
                        None => ustar_name(&block)?,
                    };
                    let size = pax_size.take().unwrap_or(header_size);
                    let kind = match typeflag {
                        b'0' | 0 => Kind::File,
                        b'5' => Kind::Dir,
                        b'1'..=b'7' => Kind::Other(typeflag),
                        other => {
                            return Err(unsupported(format!(
                                "member {name:?} has unknown type {:?}",
                                char::from(other)
                            )));
                        }
                    };
                    // Links and devices carry no data even if the size field says otherwise
                    // (hard links may): the caller rejects them before reading, but keep
                    // the stream aligned either way.
                    let data = match kind {
                        Kind::File | Kind::Other(b'7') => size,
                        Kind::Dir if size == 0 => 0,
                        Kind::Dir => {
                            return Err(malformed(format!("directory member {name:?} has a size")));
                        }
                        Kind::Other(_) => size,
                    };
                    self.remaining = data;
                    self.padding = (BLOCK as u64 - data % BLOCK as u64) % BLOCK as u64;
                    let mode = u32::try_from(parse_octal(&block[100..108], "mode")?)
                        .map_err(|_| malformed("mode out of range"))?;
                    let mtime = parse_octal(&block[136..148], "mtime")?;
                    if matches!(kind, Kind::File | Kind::Dir) {
                        require_canonical_headers(&raw_pax, &block, &name, kind, size, mtime)?;
                    }
                    return Ok(Some(Member {
                        name,
                        kind,
                        size,
                        mode,
                        mtime,
                    }));
                }
            }
        }
    }

    /// Read the current member's data (0 at its end).
    pub fn read_data(&mut self, buf: &mut [u8]) -> Result<usize> {
        if self.remaining == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = loop {
            match self.input.read(&mut buf[..want]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::new(Code::Io, e.to_string())),
            }
        };
        if n == 0 {
            return Err(malformed("the archive ends inside a member (truncated)"));
        }
        self.remaining -= n as u64;
        self.consumed += n as u64;
        Ok(n)
    }

    /// Where the current member's data begins in the archive.
    pub fn data_offset(&self) -> u64 {
        self.consumed
    }

    fn skip_rest(&mut self) -> Result<()> {
        let mut buf = [0u8; 8192];
        while self.read_data(&mut buf)? > 0 {}
        let padding = self.padding;
        self.padding = 0;
        self.skip_exact(padding)
    }

    fn skip_padding(&mut self, size: u64) -> Result<()> {
        self.skip_exact((BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64)
    }

    /// Skip `n` bytes of padding, which must be zeros (so that no byte of the archive goes
    /// unchecked).
    fn skip_exact(&mut self, n: u64) -> Result<()> {
        let mut buf = [0u8; BLOCK];
        let len = usize::try_from(n).unwrap_or(BLOCK).min(BLOCK);
        self.read_exact_or_truncated(&mut buf[..len])?;
        if buf[..len].iter().any(|&b| b != 0) {
            return Err(malformed("padding after a member is not zero"));
        }
        Ok(())
    }

    fn read_exact_or_truncated(&mut self, buf: &mut [u8]) -> Result<()> {
        self.input.read_exact(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                malformed("the archive is truncated")
            } else {
                Failure::new(Code::Io, e.to_string())
            }
        })?;
        self.consumed += buf.len() as u64;
        Ok(())
    }

    /// Read one block; `false` at a clean end of input.
    fn read_block(&mut self, block: &mut [u8; BLOCK]) -> Result<bool> {
        let mut filled = 0;
        while filled < BLOCK {
            match self.input.read(&mut block[filled..]) {
                Ok(0) if filled == 0 => return Ok(false),
                Ok(0) => return Err(malformed("the archive ends inside a header (truncated)")),
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Failure::new(Code::Io, e.to_string())),
            }
        }
        self.consumed += BLOCK as u64;
        Ok(true)
    }

    /// After the end-of-archive marker come exactly the zeros that pad the archive to a whole
    /// 10 KiB record, as the writer writes them, and then the end of the input. The read is
    /// bounded: a long tail of zero blocks is refused after at most one record, not read.
    fn check_trailing_zeros(&mut self) -> Result<()> {
        let rem = ((RECORD - self.consumed % RECORD) % RECORD) as usize;
        let mut buf = vec![0u8; rem];
        self.input.read_exact(&mut buf).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                metadata("the archive is not padded with zeros to a whole 10 KiB record")
            } else {
                Failure::new(Code::Io, e.to_string())
            }
        })?;
        if buf.iter().any(|&b| b != 0) {
            return Err(malformed("data after the end-of-archive marker"));
        }
        let mut one = [0u8; 1];
        loop {
            match self.input.read(&mut one) {
                Ok(0) => return Ok(()),
                Ok(_) if one[0] == 0 => {
                    return Err(metadata(
                        "zero blocks beyond the 10 KiB record that ends the archive",
                    ));
                }
                Ok(_) => return Err(malformed("data after the end-of-archive marker")),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Failure::new(Code::Io, e.to_string())),
            }
        }
    }
}

impl<R: Read + Seek> Reader<R> {
    /// Skip the current member's data without reading it, for a caller that reads it by its
    /// position ([`Self::data_offset`], taken before). `archive_len` is the input's length, so
    /// that a member running past the end fails here as reading it would; its padding is still
    /// read and checked by the next call.
    pub fn skip_data(&mut self, archive_len: u64) -> Result<()> {
        let end = self.consumed.saturating_add(self.remaining);
        if end > archive_len {
            return Err(malformed("the archive ends inside a member (truncated)"));
        }
        let step = i64::try_from(self.remaining)
            .map_err(|_| malformed("the archive ends inside a member (truncated)"))?;
        self.input
            .seek(SeekFrom::Current(step))
            .map_err(|e| Failure::new(Code::Io, e.to_string()))?;
        self.consumed = end;
        self.remaining = 0;
        Ok(())
    }
}

/// Every byte of a bundle is checked: a member's headers (pax and ustar) must be exactly what
/// the writer produces for a member of its name, kind and size: type flag `0` or `5`, mode 0644
/// or 0755, uid/gid 0, no user or group names, a directory name ending in `/` and a file name
/// not ending in one. The header is rebuilt from those canonical values, never from the fields
/// just read (which would compare the header with itself). The mtime is taken from the member
/// here; the verifier requires it to equal the manifest's `created_at`.
fn require_canonical_headers(
    raw_pax: &[u8],
    block: &[u8; BLOCK],
    name: &str,
    kind: Kind,
    size: u64,
    mtime: u64,
) -> Result<()> {
    let shown = crate::terminal::escape(name);
    let (typeflag, mode) = match kind {
        Kind::Dir => {
            if !name.ends_with('/') {
                return Err(metadata(format!(
                    "directory member {shown} is not written with a trailing '/'"
                )));
            }
            (b'5', 0o755)
        }
        _ => {
            if name.ends_with('/') {
                return Err(metadata(format!(
                    "regular-file member {shown} has a name ending in '/' (tar would make it a \
                     directory)"
                )));
            }
            (b'0', 0o644)
        }
    };
    let expected = canonical_header(name, typeflag, size, mode, mtime)
        .map_err(|e| malformed(format!("cannot rebuild the header of {shown}: {e}")))?;
    let actual: Vec<u8> = [raw_pax, block.as_slice()].concat();
    if expected != actual {
        let what = if block[156] != typeflag {
            format!(
                "type flag {:?}, expected {:?}",
                char::from(block[156]),
                char::from(typeflag)
            )
        } else if parse_octal(&block[100..108], "mode").ok() != Some(u64::from(mode)) {
            format!("mode is not {mode:04o}")
        } else {
            "a field differs from the deterministic form (uid/gid 0, no owner names, \
             zero-padded octal, NUL-filled names)"
                .to_string()
        };
        return Err(metadata(format!(
            "the header of {shown} is not what the writer produces: {what}"
        )));
    }
    Ok(())
}

fn verify_checksum(block: &[u8; BLOCK]) -> Result<()> {
    let stored = parse_octal(&block[148..156], "checksum")?;
    let sum: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    if stored != sum {
        return Err(malformed("a header checksum does not match"));
    }
    Ok(())
}

fn parse_octal(field: &[u8], what: &str) -> Result<u64> {
    if field.first().is_some_and(|&b| b & 0x80 != 0) {
        return Err(unsupported(format!("base-256 {what} field")));
    }
    let text: &[u8] = {
        let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
        &field[..end]
    };
    let text = std::str::from_utf8(text)
        .map_err(|_| malformed(format!("the {what} field is not octal")))?
        .trim_matches(' ');
    if text.is_empty() {
        return Ok(0);
    }
    u64::from_str_radix(text, 8).map_err(|_| malformed(format!("the {what} field is not octal")))
}

fn field_str(field: &[u8]) -> Result<&str> {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    std::str::from_utf8(&field[..end]).map_err(|_| malformed("a member name is not UTF-8"))
}

fn ustar_name(block: &[u8; BLOCK]) -> Result<String> {
    let name = field_str(&block[..100])?;
    let prefix = field_str(&block[345..500])?;
    Ok(if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    })
}

/// Parse local pax records; return the `path` and `size` records.
fn parse_pax(mut body: &[u8]) -> Result<(Option<String>, Option<u64>)> {
    let mut path = None;
    let mut size = None;
    while !body.is_empty() {
        let space = body
            .iter()
            .position(|&b| b == b' ')
            .ok_or_else(|| malformed("a pax record has no length"))?;
        let len: usize = std::str::from_utf8(&body[..space])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| malformed("a pax record length is not a number"))?;
        if len <= space + 1 || len > body.len() || body[len - 1] != b'\n' {
            return Err(malformed("a pax record has a wrong length"));
        }
        let record = &body[space + 1..len - 1];
        let eq = record
            .iter()
            .position(|&b| b == b'=')
            .ok_or_else(|| malformed("a pax record has no '='"))?;
        let key =
            std::str::from_utf8(&record[..eq]).map_err(|_| malformed("a pax key is not UTF-8"))?;
        let value = std::str::from_utf8(&record[eq + 1..])
            .map_err(|_| malformed("a pax value is not UTF-8"))?;
        match key {
            "path" => {
                if path.replace(value.to_string()).is_some() {
                    return Err(malformed("two pax path records"));
                }
            }
            "size" => {
                let v: u64 = value
                    .parse()
                    .map_err(|_| malformed("a pax size is not a number"))?;
                if size.replace(v).is_some() {
                    return Err(malformed("two pax size records"));
                }
            }
            // Metadata that does not change what a member holds or where it goes.
            "mtime" | "atime" | "ctime" | "uid" | "gid" | "uname" | "gname" | "comment"
            | "linkpath" => {}
            other => {
                return Err(unsupported(format!("pax record {other:?} is not accepted")));
            }
        }
        body = &body[len..];
    }
    Ok((path, size))
}
