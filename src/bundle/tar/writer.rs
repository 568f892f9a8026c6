//! The deterministic tar writer: ustar headers, local pax records for long or non-ASCII names
//! and large sizes, uid/gid 0, one mtime, padded to a whole record.

use std::io::{self, Write};

use super::{BLOCK, RECORD, USTAR_MAX_SIZE};

/// Writes members with deterministic metadata: uid/gid 0, no user or group names, one mtime.
#[derive(Debug)]
pub struct Writer<W: Write> {
    out: W,
    mtime: u64,
    written: u64,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, mtime: u64) -> Self {
        Self {
            out,
            mtime,
            written: 0,
        }
    }

    pub fn dir(&mut self, name: &str) -> io::Result<()> {
        let name = if name.ends_with('/') {
            name.to_string()
        } else {
            format!("{name}/")
        };
        self.header(&name, b'5', 0, 0o755)
    }

    /// Write a regular file member whose content comes from `data` (exactly `size` bytes).
    pub fn file(&mut self, name: &str, size: u64, data: &[u8]) -> io::Result<()> {
        if data.len() as u64 != size {
            return Err(io::Error::other("file size does not match its data"));
        }
        self.header(name, b'0', size, 0o644)?;
        self.write_data(data)?;
        self.pad()
    }

    /// Start a regular file member; the caller then writes exactly `size` bytes with
    /// [`Self::write_data`] and calls [`Self::pad`].
    pub fn file_header(&mut self, name: &str, size: u64) -> io::Result<()> {
        self.header(name, b'0', size, 0o644)
    }

    pub fn write_data(&mut self, data: &[u8]) -> io::Result<()> {
        self.out.write_all(data)?;
        self.written += data.len() as u64;
        Ok(())
    }

    /// Pad the current member's data to a whole block.
    pub fn pad(&mut self) -> io::Result<()> {
        let rem = (self.written % BLOCK as u64) as usize;
        if rem != 0 {
            self.write_data(&[0u8; BLOCK][..BLOCK - rem])?;
        }
        Ok(())
    }

    /// End the archive: two zero blocks, then zeros up to a whole 10 KiB record, as tar does.
    pub fn finish(mut self) -> io::Result<W> {
        self.write_data(&[0u8; 2 * BLOCK])?;
        let rem = (self.written % RECORD) as usize;
        if rem != 0 {
            let zeros = vec![0u8; RECORD as usize - rem];
            self.write_data(&zeros)?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn header(&mut self, name: &str, typeflag: u8, size: u64, mode: u32) -> io::Result<()> {
        let split = split_ustar_name(name);
        let mut records = Vec::new();
        if split.is_none() {
            records.push(pax_record("path", name));
        }
        if size > USTAR_MAX_SIZE {
            records.push(pax_record("size", &size.to_string()));
        }
        if !records.is_empty() {
            let body: Vec<u8> = records.concat();
            let block = ustar_block(
                ("", "././@PaxHeader"),
                b'x',
                body.len() as u64,
                0o644,
                self.mtime,
            );
            self.write_data(&block)?;
            self.write_data(&body)?;
            self.pad()?;
        }
        let fallback = fallback_name(name);
        let (prefix, short) = split.unwrap_or(("", fallback.as_str()));
        let size_field = if size > USTAR_MAX_SIZE { 0 } else { size };
        let block = ustar_block((prefix, short), typeflag, size_field, mode, self.mtime);
        self.write_data(&block)
    }
}

/// The header (with its pax header, if any) the writer makes for a member: what the reader
/// compares each header it reads with.
pub(super) fn canonical_header(
    name: &str,
    typeflag: u8,
    size: u64,
    mode: u32,
    mtime: u64,
) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new(Vec::new(), mtime);
    writer.header(name, typeflag, size, mode)?;
    Ok(writer.out)
}

/// Split an ASCII name into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes), if it fits.
fn split_ustar_name(name: &str) -> Option<(&str, &str)> {
    if !name.is_ascii() {
        return None;
    }
    if name.len() <= 100 {
        return Some(("", name));
    }
    // Split at a slash so that both parts fit.
    let bytes = name.as_bytes();
    (0..bytes.len())
        .rev()
        .filter(|&i| bytes[i] == b'/')
        .find(|&i| i <= 155 && bytes.len() - i - 1 <= 100 && i > 0 && i + 1 < bytes.len())
        .map(|i| (&name[..i], &name[i + 1..]))
}

/// The ustar name written beside a pax `path` record (readers that know pax ignore it).
fn fallback_name(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect();
    let start = ascii.len().saturating_sub(99);
    ascii[start..].to_string()
}

pub(super) fn pax_record(key: &str, value: &str) -> Vec<u8> {
    // "<len> <key>=<value>\n" where <len> counts the whole record, itself included.
    let body = key.len() + value.len() + 3; // space, '=', '\n'
    let mut len = body + 1;
    while len != body + len.to_string().len() {
        len = body + len.to_string().len();
    }
    format!("{len} {key}={value}\n").into_bytes()
}

fn octal(field: &mut [u8], value: u64) {
    // Zero-padded octal, NUL-terminated, filling the field.
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
    field[digits] = 0;
}

fn ustar_block(
    (prefix, name): (&str, &str),
    typeflag: u8,
    size: u64,
    mode: u32,
    mtime: u64,
) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = typeflag;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    octal(&mut h[329..337], 0);
    octal(&mut h[337..345], 0);
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}
