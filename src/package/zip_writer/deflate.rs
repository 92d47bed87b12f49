//! Deflate jobs for text entries: a whole entry, or, for a large one, one block of it compressed on
//! its own with the 32 KiB before it as dictionary (as pigz does), so one big page uses every core.
//! Blocks are cut by size alone, so the bytes do not depend on the number of threads.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use flate2::write::DeflateEncoder;
use flate2::{Compress, Compression, FlushCompress, Status};

use super::steady::{self, Snapshot};
use super::{Content, PlanEntry, ZipError};

/// Size of the blocks a large entry is cut into.
pub(super) const BLOCK: u64 = 1 << 20;
/// Entries larger than this are cut into blocks.
const SPLIT_ABOVE: u64 = 2 * BLOCK;
/// Deflate's window: how much of the preceding text a block may refer back to.
const DICTIONARY: u64 = 32 << 10;
const LEVEL: u32 = 6;

/// One unit of compression work: bytes `start..end` of an entry (`None`: the whole entry).
#[derive(Debug, Clone, Copy)]
pub(super) struct Job {
    range: Option<(u64, u64)>,
    /// The entry's final block (or its only job).
    pub last: bool,
    /// How many bytes of input it compresses, as planned.
    pub input: u64,
    /// For the blocks of a file: the file when planned; each block checks it is still so.
    planned: Option<Snapshot>,
}

/// A compressed job: the CRC-32 and size of its input, and the deflate bytes.
pub(super) struct Deflated {
    pub crc: crc32fast::Hasher,
    pub size: u64,
    pub data: Vec<u8>,
}

/// The jobs for a text entry: one, or one per block for a large entry.
pub(super) fn plan_entry(entry: &PlanEntry) -> Vec<Job> {
    let (len, planned) = match &entry.content {
        Content::Bytes(b) => (Some(b.len() as u64), None),
        Content::File(p) => {
            let snapshot = fs::metadata(p).ok().map(|m| Snapshot::of(&m));
            (snapshot.map(Snapshot::len), snapshot)
        }
    };
    match len {
        Some(n) if n > SPLIT_ABOVE => {
            let blocks = n.div_ceil(BLOCK);
            (0..blocks)
                .map(|b| Job {
                    range: Some((b * BLOCK, ((b + 1) * BLOCK).min(n))),
                    last: b + 1 == blocks,
                    input: ((b + 1) * BLOCK).min(n) - b * BLOCK,
                    planned,
                })
                .collect()
        }
        _ => vec![Job {
            range: None,
            last: true,
            input: len.unwrap_or(0),
            planned: None,
        }],
    }
}

/// Runs one job.
pub(super) fn run(entry: &PlanEntry, job: Job) -> Result<Deflated, ZipError> {
    let mem = |source| ZipError::Write {
        path: PathBuf::from(&entry.path),
        source,
    };
    let Some((start, end)) = job.range else {
        return whole(entry);
    };
    let dict_start = start.saturating_sub(DICTIONARY);
    let owned;
    let (dict, input): (&[u8], &[u8]) = match &entry.content {
        Content::Bytes(b) => {
            let at = |x: u64| usize::try_from(x).unwrap_or(usize::MAX).min(b.len());
            (&b[at(dict_start)..at(start)], &b[at(start)..at(end)])
        }
        Content::File(p) => {
            owned = read_range(p, dict_start, end, job.planned)?;
            let split = usize::try_from(start - dict_start)
                .unwrap_or(usize::MAX)
                .min(owned.len());
            owned.split_at(split)
        }
    };
    let mut crc = crc32fast::Hasher::new();
    crc.update(input);
    let data = compress(dict, input, job.last).map_err(|e| mem(io::Error::other(e)))?;
    Ok(Deflated {
        crc,
        size: input.len() as u64,
        data,
    })
}

/// Raw deflate of `input` after a preset dictionary; a sync flush ends a block that is not the
/// last, so the blocks concatenate into one valid stream.
fn compress(dict: &[u8], input: &[u8], last: bool) -> Result<Vec<u8>, String> {
    let mut c = Compress::new(Compression::new(LEVEL), false);
    if !dict.is_empty() {
        c.set_dictionary(dict).map_err(|e| e.to_string())?;
    }
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(input.len() / 3 + 4096);
    loop {
        if out.capacity() - out.len() < 4096 {
            out.reserve(out.capacity().max(64 << 10));
        }
        let consumed = usize::try_from(c.total_in()).unwrap_or(usize::MAX).min(input.len());
        let status = c
            .compress_vec(&input[consumed..], &mut out, flush)
            .map_err(|e| e.to_string())?;
        let all_in = c.total_in() as usize >= input.len();
        let room_left = out.capacity() > out.len();
        match status {
            Status::StreamEnd => return Ok(out),
            _ if !last && all_in && room_left => return Ok(out),
            _ => {}
        }
    }
}

/// Bytes `from..to` of a file, which must be as it was when planned (`planned`) before and after.
fn read_range(path: &PathBuf, from: u64, to: u64, planned: Option<Snapshot>) -> Result<Vec<u8>, ZipError> {
    let rerr = |source| ZipError::Read {
        path: path.clone(),
        source,
    };
    let mut f = File::open(path).map_err(rerr)?;
    let before = Snapshot::take(&f, path)?;
    if planned.is_some_and(|p| p != before) {
        return Err(ZipError::Changed(path.clone()));
    }
    f.seek(SeekFrom::Start(from)).map_err(rerr)?;
    let mut buf = Vec::with_capacity(usize::try_from(to - from).unwrap_or(0));
    (&mut f).take(to - from).read_to_end(&mut buf).map_err(rerr)?;
    steady::ensure(&f, path, before, None)?;
    if buf.len() as u64 != to - from {
        return Err(ZipError::Changed(path.clone()));
    }
    Ok(buf)
}

/// A whole entry through one encoder, streamed from disk for files.
fn whole(entry: &PlanEntry) -> Result<Deflated, ZipError> {
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::new(LEVEL));
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    let mem = |source| ZipError::Write {
        path: PathBuf::from(&entry.path),
        source,
    };
    match &entry.content {
        Content::Bytes(b) => {
            crc.update(b);
            enc.write_all(b).map_err(mem)?;
            size = b.len() as u64;
        }
        Content::File(p) => {
            let rerr = |source| ZipError::Read {
                path: p.clone(),
                source,
            };
            let mut f = File::open(p).map_err(rerr)?;
            let before = Snapshot::take(&f, p)?;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = f.read(&mut buf).map_err(rerr)?;
                if n == 0 {
                    break;
                }
                crc.update(&buf[..n]);
                enc.write_all(&buf[..n]).map_err(mem)?;
                size += n as u64;
            }
            steady::ensure(&f, p, before, Some(size))?;
        }
    }
    let data = enc.finish().map_err(mem)?;
    Ok(Deflated { crc, size, data })
}
