//! The central directory's size, read from the end-of-central-directory record (and its zip64 form) and from
//! each header's name length before the zip reader materialises any entry: memory stays bounded whatever the
//! archive declares.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use super::archive::MAX_ENTRIES;

/// Largest central directory read (a 50,000-file course with long paths needs under 10 MiB).
pub const MAX_CENTRAL_DIRECTORY: u64 = 16 << 20;
/// Longest entry name accepted, in bytes (`PATH_MAX` on Linux; no LMS unpacks a longer path).
pub const MAX_NAME_BYTES: usize = 4096;

/// What makes an archive too large to list.
#[derive(Debug, PartialEq, Eq)]
pub enum Limit {
    TooManyEntries(u64),
    DirectoryTooLarge(u64),
    NameTooLong { entry: u64, bytes: usize },
}

impl Limit {
    /// The finding's message.
    pub fn message(&self) -> String {
        match self {
            Limit::TooManyEntries(n) => format!(
                "too many entries: the archive declares {n}, more than the {MAX_ENTRIES} accepted; nothing in it was checked"
            ),
            Limit::DirectoryTooLarge(n) => format!(
                "the central directory is {n} bytes, more than the {MAX_CENTRAL_DIRECTORY} accepted; nothing in it was checked"
            ),
            Limit::NameTooLong { entry, bytes } => format!(
                "entry {entry} has a name of {bytes} bytes, more than the {MAX_NAME_BYTES} accepted; nothing in the archive was checked"
            ),
        }
    }
}

const EOCD: &[u8; 4] = b"PK\x05\x06";
const EOCD64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const EOCD64: &[u8; 4] = b"PK\x06\x06";
const HEADER: &[u8; 4] = b"PK\x01\x02";

fn u16_at(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// The first limit the archive breaks, if any. An archive without a readable end record passes: the zip reader
/// then reports it as unreadable.
pub fn check<R: Read + Seek>(reader: &mut R) -> io::Result<Option<Limit>> {
    let len = reader.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 0xFFFF);
    reader.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::new();
    reader.by_ref().take(tail_len).read_to_end(&mut tail)?;
    let Some(at) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(EOCD))
    else {
        return Ok(None);
    };
    let record = &tail[at..at + 22];
    let mut entries = u16_at(record, 10).max(u16_at(record, 8));
    let mut size = u32_at(record, 12);
    // The directory ends where the (zip64) end record begins.
    let mut directory_end = len - tail_len + at as u64;
    if at >= 20 && tail[at - 20..].starts_with(EOCD64_LOCATOR) {
        let offset = u64_at(&tail, at - 20 + 8);
        let mut eocd64 = [0u8; 56];
        if offset < len
            && reader.seek(SeekFrom::Start(offset)).is_ok()
            && reader.read_exact(&mut eocd64).is_ok()
            && eocd64.starts_with(EOCD64)
        {
            entries = entries.max(u64_at(&eocd64, 32)).max(u64_at(&eocd64, 24));
            size = size.max(u64_at(&eocd64, 40));
            directory_end = offset;
        }
    }
    if entries > MAX_ENTRIES as u64 {
        return Ok(Some(Limit::TooManyEntries(entries)));
    }
    if size > MAX_CENTRAL_DIRECTORY {
        return Ok(Some(Limit::DirectoryTooLarge(size)));
    }
    let Some(start) = directory_end.checked_sub(size) else {
        return Ok(None);
    };
    reader.seek(SeekFrom::Start(start))?;
    long_name(&mut BufReader::new(reader.by_ref().take(size)), entries)
}

/// Walks the headers of the central directory (already bounded in size) for a name over the limit.
fn long_name(reader: &mut impl Read, entries: u64) -> io::Result<Option<Limit>> {
    let mut header = [0u8; 46];
    for entry in 0..entries {
        if reader.read_exact(&mut header).is_err() || !header.starts_with(HEADER) {
            return Ok(None);
        }
        let name = u16_at(&header, 28);
        if name as usize > MAX_NAME_BYTES {
            return Ok(Some(Limit::NameTooLong {
                entry,
                bytes: name as usize,
            }));
        }
        let skip = name + u16_at(&header, 30) + u16_at(&header, 32);
        if io::copy(&mut reader.by_ref().take(skip), &mut io::sink())? < skip {
            return Ok(None);
        }
    }
    Ok(None)
}
