//! The deterministic zip writer: sorted entries, fixed timestamps and permissions, media stored and
//! text deflated, files streamed from disk. Writes to a temporary file and renames it into place.
//!
//! The fast path writes the zip format itself, in one sequential pass:
//! - text entries are deflated (zlib-rs, level 6) on worker threads a bounded window ahead of
//!   the writer, and appended in sorted order, so the bytes do not depend on thread timing;
//! - stored (already compressed) media are copied by the kernel (`copy_file_range` on Linux, as
//!   `cp` does; a plain chunked copy elsewhere), never read whole into memory; their CRC-32 is
//!   computed from the bytes that landed in the zip (read back in 1 MiB chunks from the page
//!   cache) and the local header patched;
//! - the SHA-256 of the zip is computed on another thread that follows the writer, reading back
//!   each finished stretch of the file (still in the page cache).
//!
//! Like `cp` and `zip`, it leaves flushing to disk to the OS (no fsync): an `fsync` of a 1 GB
//! package costs more than writing it, and a build can always be run again.
//!
//! Packages that would need ZIP64 (≥ 4 GiB or ≥ 65,535 entries) take the zip crate's writer.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

use flate2::Compression;
use flate2::write::DeflateEncoder;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{Content, PackagePlan, PlanEntry};

/// Extensions whose content is already compressed: stored, not deflated.
const STORED: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "oga", "woff", "woff2",
    "zip", "pdf", "gz",
];

/// Chunk size for streaming media and reading back for the hash.
const CHUNK: usize = 1 << 20;
/// Stored files are copied in slices of this size (progress moves between slices).
const COPY_SLICE: u64 = 64 << 20;
/// How many deflated entries the workers may hold ready ahead of the writer.
const WINDOW: usize = 64;
/// Largest offset or size the fast path writes (ZIP64 above).
const ZIP32_LIMIT: u64 = 0xFFFF_FFFE;

#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot write zip {path}: {source}")]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error("two entries have the same path `{0}`")]
    Duplicate(String),
}

/// A written package: where, how big, and its SHA-256.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub files: usize,
    pub bytes: u64,
    pub sha256: String,
}

/// Told how many input bytes (entry contents) have been written so far, as the write goes.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

fn is_stored(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    STORED.contains(&ext.as_str())
}

fn options_for(path: &str) -> SimpleFileOptions {
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    if is_stored(path) {
        base.compression_method(CompressionMethod::Stored)
    } else {
        base.compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
    }
}

/// Total size of the plan's contents (what [`Progress`] counts up to); unreadable files count 0.
pub fn input_size(plan: &PackagePlan) -> u64 {
    plan.entries
        .iter()
        .map(|e| match &e.content {
            Content::Bytes(b) => b.len() as u64,
            Content::File(p) => fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

/// Writes `plan` to `dest` atomically (temporary file + rename); nothing is left behind on error.
pub fn write(plan: &PackagePlan, dest: &Path) -> Result<Written, ZipError> {
    write_with_progress(plan, dest, &|_| {})
}

/// [`write`], reporting progress as it goes.
pub fn write_with_progress(plan: &PackagePlan, dest: &Path, progress: Progress<'_>) -> Result<Written, ZipError> {
    write_inner(plan, dest, progress, ZIP32_LIMIT)
}

fn write_inner(plan: &PackagePlan, dest: &Path, progress: Progress<'_>, limit: u64) -> Result<Written, ZipError> {
    let mut entries: Vec<_> = plan.entries.iter().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(w) = entries.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(ZipError::Duplicate(w[0].path.clone()));
    }
    let mut bound = 22u64;
    for e in &entries {
        let len = match &e.content {
            Content::Bytes(b) => b.len() as u64,
            Content::File(p) => fs::metadata(p)
                .map_err(|source| ZipError::Read {
                    path: p.clone(),
                    source,
                })?
                .len(),
        };
        // Deflate never grows data by more than ~0.1 % + a few bytes.
        bound += 76 + 2 * e.path.len() as u64 + len + len / 500 + 64;
    }
    let fast = bound < limit && entries.len() < 0xFFFF && entries.iter().all(|e| e.path.len() < 0xFFFF);
    let tmp = dest.with_extension("zip.partial");
    let result = if fast {
        fast::write(&entries, &tmp, progress)
    } else {
        write_entries_zip_crate(&entries, &tmp, progress).and_then(|()| hash_file(&tmp))
    }
    .and_then(|hashed| {
        fs::rename(&tmp, dest).map_err(|source| ZipError::Write {
            path: dest.to_path_buf(),
            source,
        })?;
        Ok(hashed)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let (bytes, sha256) = result?;
    Ok(Written {
        path: dest.to_path_buf(),
        files: entries.len(),
        bytes,
        sha256,
    })
}

/// The ZIP64-capable path: the zip crate's writer, one entry after another.
fn write_entries_zip_crate(entries: &[&PlanEntry], tmp: &Path, progress: Progress<'_>) -> Result<(), ZipError> {
    let werr = |source| ZipError::Write {
        path: tmp.to_path_buf(),
        source,
    };
    let zerr = |source| ZipError::Zip {
        path: tmp.to_path_buf(),
        source,
    };
    let file = File::create(tmp).map_err(werr)?;
    let mut zip = ZipWriter::new(io::BufWriter::new(file));
    let mut done = 0u64;
    for entry in entries {
        let len = match &entry.content {
            Content::Bytes(b) => b.len() as u64,
            Content::File(p) => fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        };
        zip.start_file(
            entry.path.as_str(),
            options_for(&entry.path).large_file(len >= ZIP32_LIMIT),
        )
        .map_err(zerr)?;
        match &entry.content {
            Content::Bytes(bytes) => zip.write_all(bytes).map_err(werr)?,
            Content::File(source) => {
                let f = File::open(source).map_err(|e| ZipError::Read {
                    path: source.clone(),
                    source: e,
                })?;
                io::copy(&mut BufReader::with_capacity(CHUNK, f), &mut zip).map_err(werr)?;
            }
        }
        done += len;
        progress(done);
    }
    let mut inner = zip.finish().map_err(zerr)?;
    inner.flush().map_err(werr)
}

/// Size and SHA-256 (hex) of a file, streamed.
pub fn hash_file(path: &Path) -> Result<(u64, String), ZipError> {
    let rerr = |source| ZipError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(rerr)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(rerr)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The single-pass writer for packages under 4 GiB.
mod fast {
    use super::*;

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

    struct Deflated {
        crc: u32,
        size: u64,
        data: Vec<u8>,
    }

    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn wait<'a, T>(cv: &Condvar, g: std::sync::MutexGuard<'a, T>) -> std::sync::MutexGuard<'a, T> {
        cv.wait(g).unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Deflate jobs (text entries in sorted order), run by workers at most [`WINDOW`] ahead.
    struct Jobs<'a> {
        entries: &'a [&'a PlanEntry],
        list: Vec<usize>,
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
                let result = deflate(self.entries[self.list[k]]);
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

    fn deflate(entry: &PlanEntry) -> Result<Deflated, ZipError> {
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::new(6));
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
            }
        }
        let data = enc.finish().map_err(mem)?;
        Ok(Deflated {
            crc: crc.finalize(),
            size,
            data,
        })
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
            list: (0..entries.len()).filter(|&i| !is_stored(&entries[i].path)).collect(),
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
                let d = jobs.take(next_job)?;
                next_job += 1;
                let c = Central {
                    name,
                    method: METHOD_DEFLATED,
                    crc: d.crc,
                    compressed: small(d.data.len() as u64, tmp)?,
                    size: small(d.size, tmp)?,
                    offset,
                };
                out.put(&local_header(&c)).map_err(werr)?;
                out.put(&d.data).map_err(werr)?;
                done += d.size;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(path: &Path) -> Vec<(String, CompressionMethod)> {
        let mut archive = zip::ZipArchive::new(File::open(path).expect("open")).expect("read");
        (0..archive.len())
            .map(|i| {
                let e = archive.by_index(i).expect("entry");
                (e.name().expect("name").into_owned(), e.compression())
            })
            .collect()
    }

    /// Every entry's name and inflated bytes (the zip crate checks each CRC while reading).
    fn contents(path: &Path) -> Vec<(String, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(File::open(path).expect("open")).expect("read");
        (0..archive.len())
            .map(|i| {
                let mut e = archive.by_index(i).expect("entry");
                let mut bytes = Vec::new();
                e.read_to_end(&mut bytes).expect("inflates with a good CRC");
                (e.name().expect("name").into_owned(), bytes)
            })
            .collect()
    }

    /// Pseudo-random bytes (xorshift), incompressible.
    fn noise(len: usize, mut seed: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    }

    /// A plan with many text pages, a few media files larger than a chunk, and a non-ASCII name.
    fn big_plan(dir: &Path) -> (PackagePlan, Vec<(String, Vec<u8>)>) {
        let mut plan = PackagePlan::default();
        let mut expected = Vec::new();
        for i in 0..150 {
            let text = format!("<p>page {i}</p>\n").repeat(i * 7 + 1);
            plan.add_bytes(format!("pages/p{i:03}.html"), text.clone());
            expected.push((format!("pages/p{i:03}.html"), text.into_bytes()));
        }
        for (i, len) in [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 17].into_iter().enumerate() {
            let path = dir.join(format!("m{i}.mp4"));
            let bytes = noise(len, i as u64 + 1);
            fs::write(&path, &bytes).expect("write media");
            plan.add_file(format!("media/m{i}.mp4"), path);
            expected.push((format!("media/m{i}.mp4"), bytes));
        }
        let svg = dir.join("diagram.svg");
        fs::write(&svg, "<svg/>".repeat(5000)).expect("write svg");
        plan.add_file("media/diagram.svg", svg);
        expected.push(("media/diagram.svg".into(), "<svg/>".repeat(5000).into_bytes()));
        plan.add_bytes("media/inline.png", noise(3000, 99));
        expected.push(("media/inline.png".into(), noise(3000, 99)));
        plan.add_bytes("über/ß.txt", "ünïcödé");
        expected.push(("über/ß.txt".into(), "ünïcödé".as_bytes().to_vec()));
        expected.sort();
        (plan, expected)
    }

    #[test]
    fn media_is_stored_text_deflated_and_entries_sorted() {
        let dir = tempfile::tempdir().expect("temp dir");
        let photo = dir.path().join("photo.png");
        fs::write(&photo, [0x89, b'P', b'N', b'G']).expect("write");
        let mut plan = PackagePlan::default();
        plan.add_bytes("index.html", "<p>hi</p>");
        plan.add_file("media/photo.png", photo);
        let dest = dir.path().join("out.zip");
        let written = write(&plan, &dest).expect("writes");
        assert_eq!(written.files, 2);
        assert_eq!(
            read_back(&dest),
            [
                ("index.html".to_owned(), CompressionMethod::Deflated),
                ("media/photo.png".to_owned(), CompressionMethod::Stored)
            ]
        );
    }

    #[test]
    fn fast_writer_round_trips_is_deterministic_and_hashes_what_it_wrote() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (plan, expected) = big_plan(dir.path());
        let seen = std::sync::atomic::AtomicU64::new(0);
        let a = dir.path().join("a.zip");
        let wa = write_with_progress(&plan, &a, &|n| {
            seen.fetch_max(n, Ordering::Relaxed);
        })
        .expect("writes");
        assert_eq!(
            seen.load(Ordering::Relaxed),
            input_size(&plan),
            "progress reaches the total"
        );
        assert_eq!(contents(&a), expected);
        assert_eq!(hash_file(&a).expect("hash"), (wa.bytes, wa.sha256.clone()));
        let b = dir.path().join("b.zip");
        let wb = write(&plan, &b).expect("writes");
        assert_eq!(wa.sha256, wb.sha256, "same plan, same bytes");
        // The ZIP64-capable fallback writes the same contents.
        let c = dir.path().join("c.zip");
        let wc = write_inner(&plan, &c, &|_| {}, 0).expect("writes");
        assert_eq!(contents(&c), expected);
        assert_eq!(hash_file(&c).expect("hash"), (wc.bytes, wc.sha256));
    }

    #[test]
    fn fast_writer_output_passes_unzip_test() {
        if std::process::Command::new("unzip").arg("-v").output().is_err() {
            eprintln!("unzip not installed; skipped");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let (plan, _) = big_plan(dir.path());
        let dest = dir.path().join("t.zip");
        write(&plan, &dest).expect("writes");
        let o = std::process::Command::new("unzip")
            .arg("-tq")
            .arg(&dest)
            .output()
            .expect("unzip runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }

    #[test]
    fn failures_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut plan = PackagePlan::default();
        plan.add_bytes("a.html", "x");
        plan.add_file("media/gone.png", dir.path().join("gone.png"));
        let dest = dir.path().join("out.zip");
        assert!(matches!(write(&plan, &dest), Err(ZipError::Read { .. })));
        assert_eq!(
            fs::read_dir(dir.path()).expect("list").count(),
            0,
            "no partial zip left"
        );
        plan.entries.truncate(1);
        plan.add_bytes("a.html", "y");
        assert!(matches!(write(&plan, &dest), Err(ZipError::Duplicate(_))));
    }

    #[test]
    fn a_text_file_that_cannot_be_read_fails_cleanly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut plan = PackagePlan::default();
        for i in 0..200 {
            plan.add_bytes(format!("p{i:03}.html"), "<p>x</p>");
        }
        let folder = dir.path().join("folder.svg");
        fs::create_dir(&folder).expect("mkdir");
        plan.add_file("z.svg", folder);
        let dest = dir.path().join("out.zip");
        assert!(write(&plan, &dest).is_err());
        assert!(!dest.exists() && !dest.with_extension("zip.partial").exists());
    }
}
