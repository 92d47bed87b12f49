//! The single-pass writer for packages under 4 GiB (see the parent module for the design).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use sha2::{Digest, Sha256};

use super::deflate::{self, Deflated, Job};
use super::{CHUNK, COPY_SLICE, Content, PlanEntry, Progress, WINDOW, ZIP32_LIMIT, ZipError, hex, is_stored};

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
/// 1980-01-01 00:00:00 in MS-DOS format (the zip crate's `DateTime::default()`).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;

/// One entry as the central directory needs it.
struct Central {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn wait<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(g).unwrap_or_else(PoisonError::into_inner)
}

/// Deflate jobs (text entries in sorted order), run by workers at most [`WINDOW`] ahead.
struct Jobs<'a> {
    entries: &'a [&'a PlanEntry],
    list: Vec<Job>,
    state: Mutex<JobState>,
    cv: Condvar,
    abort: AtomicBool,
}

#[derive(Default)]
struct JobState {
    next: usize,
    consumed: usize,
    ready: HashMap<usize, Result<Deflated, ZipError>>,
}

impl Jobs<'_> {
    fn work(&self) {
        loop {
            let k = {
                let mut s = lock(&self.state);
                loop {
                    if self.abort.load(Ordering::Relaxed) || s.next >= self.list.len() {
                        return;
                    }
                    if s.next < s.consumed + WINDOW {
                        break;
                    }
                    s = wait(&self.cv, s);
                }
                s.next += 1;
                s.next - 1
            };
            let job = self.list[k];
            let result = deflate::run(self.entries[job.entry], job);
            lock(&self.state).ready.insert(k, result);
            self.cv.notify_all();
        }
    }

    fn take(&self, k: usize) -> Result<Deflated, ZipError> {
        let mut s = lock(&self.state);
        loop {
            if let Some(r) = s.ready.remove(&k) {
                s.consumed = k + 1;
                self.cv.notify_all();
                return r;
            }
            s = wait(&self.cv, s);
        }
    }

    fn stop(&self) {
        self.abort.store(true, Ordering::Relaxed);
        let _guard = lock(&self.state);
        self.cv.notify_all();
    }
}

/// How far the zip file is final (flushed and never patched again), for the hashing thread.
#[derive(Default)]
struct Follow {
    state: Mutex<(u64, bool)>,
    cv: Condvar,
}

impl Follow {
    fn publish(&self, upto: u64, done: bool) {
        let mut s = lock(&self.state);
        s.0 = s.0.max(upto);
        s.1 |= done;
        self.cv.notify_all();
    }

    /// Reads the file back as it becomes final and returns its size and SHA-256.
    fn hash(&self, path: &Path) -> io::Result<(u64, String)> {
        let mut f = File::open(path)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; CHUNK];
        let mut hashed = 0u64;
        loop {
            let (upto, done) = {
                let mut s = lock(&self.state);
                while s.0 <= hashed && !s.1 {
                    s = wait(&self.cv, s);
                }
                *s
            };
            while hashed < upto {
                let n = (upto - hashed).min(CHUNK as u64) as usize;
                f.read_exact(&mut buf[..n])?;
                hasher.update(&buf[..n]);
                hashed += n as u64;
            }
            if done {
                return Ok((hashed, hex(&hasher.finalize())));
            }
        }
    }
}

/// The output file with a small write buffer; tells [`Follow`] what is final.
struct Out<'a> {
    file: File,
    /// A second handle on the zip, to read back stored entries for their CRC.
    reader: File,
    buf: Vec<u8>,
    flushed: u64,
    /// A local header before `flushed` still waits for its CRC and sizes.
    holding: bool,
    follow: &'a Follow,
}

impl Out<'_> {
    fn crc_of(&mut self, start: u64, len: u64, chunk: &mut [u8]) -> io::Result<u32> {
        self.reader.seek(SeekFrom::Start(start))?;
        let mut crc = crc32fast::Hasher::new();
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            self.reader.read_exact(&mut chunk[..n])?;
            crc.update(&chunk[..n]);
            left -= n as u64;
        }
        Ok(crc.finalize())
    }

    fn pos(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.buf.len() + bytes.len() > CHUNK {
            self.flush()?;
        }
        if bytes.len() >= CHUNK {
            self.file.write_all(bytes)?;
            self.flushed += bytes.len() as u64;
            self.publish();
        } else {
            self.buf.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        self.publish();
        Ok(())
    }

    fn publish(&self) {
        if !self.holding {
            self.follow.publish(self.flushed, false);
        }
    }

    /// Writes `bytes` at `offset` (before the current end), then releases the hold.
    fn patch(&mut self, offset: u64, bytes: &[u8]) -> io::Result<()> {
        self.flush()?;
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.write_all(bytes)?;
        self.file.seek(SeekFrom::Start(self.flushed))?;
        self.holding = false;
        self.publish();
        Ok(())
    }
}

fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn flags(name: &str) -> u16 {
    if name.is_ascii() { 0 } else { 1 << 11 }
}

fn version_needed(method: u16) -> u16 {
    if method == METHOD_DEFLATED { 20 } else { 10 }
}

fn local_header(c: &Central) -> Vec<u8> {
    let mut v = Vec::with_capacity(30 + c.name.len());
    u32le(&mut v, LOCAL_SIG);
    u16le(&mut v, version_needed(c.method));
    u16le(&mut v, flags(&c.name));
    u16le(&mut v, c.method);
    u16le(&mut v, DOS_TIME);
    u16le(&mut v, DOS_DATE);
    u32le(&mut v, c.crc);
    u32le(&mut v, c.compressed);
    u32le(&mut v, c.size);
    u16le(&mut v, c.name.len() as u16);
    u16le(&mut v, 0);
    v.extend_from_slice(c.name.as_bytes());
    v
}

fn central_record(v: &mut Vec<u8>, c: &Central) {
    u32le(v, CENTRAL_SIG);
    u16le(v, (3 << 8) | 20); // made by: Unix, zip 2.0
    u16le(v, version_needed(c.method));
    u16le(v, flags(&c.name));
    u16le(v, c.method);
    u16le(v, DOS_TIME);
    u16le(v, DOS_DATE);
    u32le(v, c.crc);
    u32le(v, c.compressed);
    u32le(v, c.size);
    u16le(v, c.name.len() as u16);
    u16le(v, 0); // extra
    u16le(v, 0); // comment
    u16le(v, 0); // disk
    u16le(v, 0); // internal attributes
    u32le(v, 0o100_644 << 16); // regular file, rw-r--r--
    u32le(v, c.offset);
    v.extend_from_slice(c.name.as_bytes());
}

fn small(n: u64, tmp: &Path) -> Result<u32, ZipError> {
    u32::try_from(n)
        .ok()
        .filter(|n| u64::from(*n) <= ZIP32_LIMIT)
        .ok_or_else(|| ZipError::Write {
            path: tmp.to_path_buf(),
            source: io::Error::other("a file grew past 4 GiB while it was being packaged"),
        })
}

pub(super) fn write(entries: &[&PlanEntry], tmp: &Path, progress: Progress<'_>) -> Result<(u64, String), ZipError> {
    let werr = |source| ZipError::Write {
        path: tmp.to_path_buf(),
        source,
    };
    let file = File::create(tmp).map_err(werr)?;
    let reader = File::open(tmp).map_err(werr)?;
    let jobs = Jobs {
        entries,
        list: deflate::plan(entries),
        state: Mutex::new(JobState::default()),
        cv: Condvar::new(),
        abort: AtomicBool::new(false),
    };
    let follow = Follow::default();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.list.len()) {
            scope.spawn(|| jobs.work());
        }
        let hasher = scope.spawn(|| follow.hash(tmp));
        let mut out = Out {
            file,
            reader,
            buf: Vec::with_capacity(CHUNK),
            flushed: 0,
            holding: false,
            follow: &follow,
        };
        let written = write_entries(entries, &jobs, &mut out, tmp, progress);
        jobs.stop();
        let end = out.pos();
        let synced = written.and_then(|()| out.flush().map_err(werr));
        follow.publish(if synced.is_ok() { end } else { 0 }, true);
        let hashed = hasher
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the hashing thread panicked")));
        synced?;
        hashed.map_err(|source| ZipError::Read {
            path: tmp.to_path_buf(),
            source,
        })
    })
}

fn write_entries(
    entries: &[&PlanEntry],
    jobs: &Jobs<'_>,
    out: &mut Out<'_>,
    tmp: &Path,
    progress: Progress<'_>,
) -> Result<(), ZipError> {
    let werr = |source| ZipError::Write {
        path: tmp.to_path_buf(),
        source,
    };
    let mut central = Vec::with_capacity(entries.len());
    let mut next_job = 0;
    let mut done = 0u64;
    let mut chunk = Vec::new();
    for entry in entries {
        let offset = small(out.pos(), tmp)?;
        let name = entry.path.clone();
        if !is_stored(&entry.path) {
            // An entry's blocks come one after another; the header needs them all.
            let mut blocks = Vec::new();
            loop {
                let last = jobs.list[next_job].last;
                blocks.push(jobs.take(next_job)?);
                next_job += 1;
                if last {
                    break;
                }
            }
            let mut crc = crc32fast::Hasher::new();
            let (mut size, mut compressed) = (0u64, 0u64);
            for b in &blocks {
                crc.combine(&b.crc);
                size += b.size;
                compressed += b.data.len() as u64;
            }
            let c = Central {
                name,
                method: METHOD_DEFLATED,
                crc: crc.finalize(),
                compressed: small(compressed, tmp)?,
                size: small(size, tmp)?,
                offset,
            };
            out.put(&local_header(&c)).map_err(werr)?;
            for b in &blocks {
                out.put(&b.data).map_err(werr)?;
            }
            done += size;
            central.push(c);
        } else if let Content::Bytes(b) = &entry.content {
            let size = small(b.len() as u64, tmp)?;
            let c = Central {
                name,
                method: METHOD_STORED,
                crc: crc32fast::hash(b),
                compressed: size,
                size,
                offset,
            };
            out.put(&local_header(&c)).map_err(werr)?;
            out.put(b).map_err(werr)?;
            done += b.len() as u64;
            central.push(c);
        } else if let Content::File(p) = &entry.content {
            let rerr = |source| ZipError::Read {
                path: p.clone(),
                source,
            };
            let mut f = File::open(p).map_err(rerr)?;
            let mut c = Central {
                name,
                method: METHOD_STORED,
                crc: 0,
                compressed: 0,
                size: 0,
                offset,
            };
            out.holding = true;
            out.put(&local_header(&c)).map_err(werr)?;
            out.flush().map_err(werr)?;
            // Kernel-side copy (copy_file_range on Linux, as `cp` does), in slices so
            // progress moves; then the CRC of what landed in the zip, read back from the
            // page cache, so a file that changes meanwhile cannot give a wrong CRC.
            let start = out.flushed;
            let mut size = 0u64;
            loop {
                let n = io::copy(&mut (&mut f).take(COPY_SLICE), &mut out.file).map_err(|e| {
                    if matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::WriteZero) {
                        werr(e)
                    } else {
                        rerr(e)
                    }
                })?;
                size += n;
                out.flushed += n;
                progress(done + size);
                if n < COPY_SLICE {
                    break;
                }
            }
            if chunk.is_empty() {
                chunk = vec![0u8; CHUNK];
            }
            let crc = out.crc_of(start, size, &mut chunk).map_err(werr)?;
            done += size;
            c.crc = crc;
            c.size = small(size, tmp)?;
            c.compressed = c.size;
            let mut patch = Vec::with_capacity(12);
            u32le(&mut patch, c.crc);
            u32le(&mut patch, c.compressed);
            u32le(&mut patch, c.size);
            out.patch(u64::from(offset) + 14, &patch).map_err(werr)?;
            central.push(c);
        }
        progress(done);
    }
    let start = small(out.pos(), tmp)?;
    let mut dir = Vec::new();
    for c in &central {
        central_record(&mut dir, c);
    }
    let dir_len = small(dir.len() as u64, tmp)?;
    u32le(&mut dir, END_SIG);
    u16le(&mut dir, 0);
    u16le(&mut dir, 0);
    u16le(&mut dir, central.len() as u16);
    u16le(&mut dir, central.len() as u16);
    u32le(&mut dir, dir_len);
    u32le(&mut dir, start);
    u16le(&mut dir, 0);
    out.put(&dir).map_err(werr)?;
    small(out.pos(), tmp)?;
    Ok(())
}
