//! The single-pass writer for packages under 4 GiB (see the parent module for the design). It writes
//! one or several zips at once: a media file shared by several packages is read once and its bytes
//! go to each of them.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use sha2::{Digest, Sha256};

use super::deflate::{self, Deflated, Job};
use super::format::{
    Central, LOCAL_CRC_AT, METHOD_DEFLATED, METHOD_STORED, central_record, end_record, local_header, u32le,
};
use super::{CHUNK, COPY_SLICE, Content, PlanEntry, Progress, WINDOW, ZIP32_LIMIT, ZipError, hex, is_stored, steady};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn wait<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(g).unwrap_or_else(PoisonError::into_inner)
}

/// One package to write: its entries (sorted by path) and its temporary file (path and handle).
pub(super) struct Output<'a> {
    pub entries: Vec<&'a PlanEntry>,
    pub tmp: &'a Path,
    pub file: &'a File,
}

/// Deflate jobs (text entries in writing order, for every package), run by workers at most
/// [`WINDOW`] ahead of the writer.
struct Jobs<'a> {
    /// (package, job) in the order the writer takes them.
    list: Vec<(usize, Job)>,
    outputs: &'a [Output<'a>],
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
            let (package, job) = self.list[k];
            let result = deflate::run(self.outputs[package].entries[job.entry], job);
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

/// One zip being written, with a small write buffer; tells [`Follow`] what is final.
struct Out<'a> {
    file: File,
    /// A second handle on the zip, to read back stored entries for their CRC.
    reader: File,
    tmp: &'a Path,
    buf: Vec<u8>,
    flushed: u64,
    /// A local header before `flushed` still waits for its CRC and sizes.
    holding: bool,
    follow: &'a Follow,
    central: Vec<Central>,
}

impl Out<'_> {
    fn werr(&self, source: io::Error) -> ZipError {
        ZipError::Write {
            path: self.tmp.to_path_buf(),
            source,
        }
    }

    fn pos(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }

    /// The current offset, which must fit the 32-bit fields.
    fn offset(&self) -> Result<u32, ZipError> {
        small(self.pos(), self.tmp)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), ZipError> {
        self.put_io(bytes).map_err(|e| self.werr(e))
    }

    fn put_io(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.buf.len() + bytes.len() > CHUNK {
            self.flush_io()?;
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

    fn flush(&mut self) -> Result<(), ZipError> {
        self.flush_io().map_err(|e| self.werr(e))
    }

    fn flush_io(&mut self) -> io::Result<()> {
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
    fn patch(&mut self, offset: u64, bytes: &[u8]) -> Result<(), ZipError> {
        self.flush()?;
        let r = (|| {
            self.file.seek(SeekFrom::Start(offset))?;
            self.file.write_all(bytes)?;
            self.file.seek(SeekFrom::Start(self.flushed))?;
            Ok(())
        })();
        r.map_err(|e| self.werr(e))?;
        self.holding = false;
        self.publish();
        Ok(())
    }

    /// The central directory and end record.
    fn finish(&mut self) -> Result<(), ZipError> {
        let start = self.offset()?;
        let mut dir = Vec::new();
        for c in &self.central {
            central_record(&mut dir, c);
        }
        let dir_len = small(dir.len() as u64, self.tmp)?;
        let count = u16::try_from(self.central.len()).map_err(|e| self.werr(io::Error::other(e)))?;
        end_record(&mut dir, count, dir_len, start);
        self.put(&dir)?;
        small(self.pos(), self.tmp)?;
        self.flush()
    }
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

/// One step of the merged walk: a path and, per package holding it, the index of its entry.
struct Step {
    holders: Vec<(usize, usize)>,
}

impl Step {
    /// The index of this step's entry in package `p` (which holds it).
    fn index_in(&self, p: usize) -> usize {
        self.holders.iter().find(|(q, _)| *q == p).map_or(0, |(_, i)| *i)
    }
}

/// Walks every package's sorted entries together, path by path (each package in its own order).
fn merge(outputs: &[Output<'_>]) -> Vec<Step> {
    let mut cursors = vec![0usize; outputs.len()];
    let mut steps = Vec::new();
    loop {
        let next = outputs
            .iter()
            .zip(&cursors)
            .filter_map(|(o, &c)| o.entries.get(c).map(|e| e.path.as_str()))
            .min();
        let Some(path) = next else { return steps };
        let mut holders = Vec::new();
        for (p, o) in outputs.iter().enumerate() {
            if o.entries.get(cursors[p]).is_some_and(|e| e.path == path) {
                holders.push((p, cursors[p]));
            }
        }
        for &(p, _) in &holders {
            cursors[p] += 1;
        }
        steps.push(Step { holders });
    }
}

/// Writes every output; returns each one's size and SHA-256, in order.
pub(super) fn write(outputs: &[Output<'_>], progress: Progress<'_>) -> Result<Vec<(u64, String)>, ZipError> {
    let steps = merge(outputs);
    let mut list = Vec::new();
    for step in &steps {
        for &(p, i) in &step.holders {
            if !is_stored(&outputs[p].entries[i].path) {
                list.extend(
                    deflate::plan_entry(i, outputs[p].entries[i])
                        .into_iter()
                        .map(|job| (p, job)),
                );
            }
        }
    }
    let jobs = Jobs {
        list,
        outputs,
        state: Mutex::new(JobState::default()),
        cv: Condvar::new(),
        abort: AtomicBool::new(false),
    };
    let follows: Vec<Follow> = outputs.iter().map(|_| Follow::default()).collect();
    let mut outs = Vec::with_capacity(outputs.len());
    for (o, follow) in outputs.iter().zip(&follows) {
        let file = o.file.try_clone().map_err(|source| ZipError::Write {
            path: o.tmp.to_path_buf(),
            source,
        })?;
        let reader = File::open(o.tmp).map_err(|source| ZipError::Write {
            path: o.tmp.to_path_buf(),
            source,
        })?;
        outs.push(Out {
            file,
            reader,
            tmp: o.tmp,
            buf: Vec::with_capacity(CHUNK),
            flushed: 0,
            holding: false,
            follow,
            central: Vec::new(),
        });
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.list.len()) {
            scope.spawn(|| jobs.work());
        }
        let hashers: Vec<_> = outputs
            .iter()
            .zip(&follows)
            .map(|(o, follow)| scope.spawn(move || follow.hash(o.tmp)))
            .collect();
        let written = write_steps(outputs, &steps, &jobs, &mut outs, progress);
        jobs.stop();
        let mut results = Vec::with_capacity(outs.len());
        for ((out, follow), hasher) in outs.iter_mut().zip(&follows).zip(hashers) {
            let finished = match &written {
                Ok(()) => out.finish(),
                Err(_) => Ok(()),
            };
            let ok = written.is_ok() && finished.is_ok();
            follow.publish(if ok { out.pos() } else { 0 }, true);
            let hashed = hasher
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the hashing thread panicked")))
                .map_err(|source| ZipError::Read {
                    path: out.tmp.to_path_buf(),
                    source,
                });
            results.push(finished.and(hashed));
        }
        written?;
        results.into_iter().collect()
    })
}

fn write_steps(
    outputs: &[Output<'_>],
    steps: &[Step],
    jobs: &Jobs<'_>,
    outs: &mut [Out<'_>],
    progress: Progress<'_>,
) -> Result<(), ZipError> {
    let mut next_job = 0;
    let mut done = 0u64;
    let mut chunk = Vec::new();
    for step in steps {
        // (package, source file) of each stored file entry in this step
        let mut files: Vec<(usize, &Path)> = Vec::new();
        for &(p, i) in &step.holders {
            let entry = outputs[p].entries[i];
            let out = &mut outs[p];
            if !is_stored(&entry.path) {
                done += write_deflated(out, &entry.path, jobs, &mut next_job)?;
            } else if let Content::Bytes(b) = &entry.content {
                let size = small(b.len() as u64, out.tmp)?;
                let c = Central {
                    name: entry.path.clone(),
                    method: METHOD_STORED,
                    crc: crc32fast::hash(b),
                    compressed: size,
                    size,
                    offset: out.offset()?,
                };
                out.put(&local_header(&c))?;
                out.put(b)?;
                out.central.push(c);
                done += b.len() as u64;
            } else if let Content::File(source) = &entry.content {
                files.push((p, source));
            }
        }
        // Stored files: packages naming the same source file get its bytes from one read.
        while let Some(&(first, source)) = files.first() {
            let group: Vec<usize> = files.iter().filter(|(_, s)| *s == source).map(|(p, _)| *p).collect();
            files.retain(|(_, s)| *s != source);
            if chunk.is_empty() {
                chunk = vec![0u8; CHUNK];
            }
            let name = &outputs[first].entries[step.index_in(first)].path;
            done = copy_stored(outs, &group, name, source, &mut chunk, done, progress)?;
        }
        progress(done);
    }
    Ok(())
}

/// Takes the entry's deflate jobs (consecutive) and writes header and data; returns its size.
fn write_deflated(out: &mut Out<'_>, name: &str, jobs: &Jobs<'_>, next_job: &mut usize) -> Result<u64, ZipError> {
    let mut blocks = Vec::new();
    loop {
        let last = jobs.list[*next_job].1.last;
        blocks.push(jobs.take(*next_job)?);
        *next_job += 1;
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
        name: name.to_owned(),
        method: METHOD_DEFLATED,
        crc: crc.finalize(),
        compressed: small(compressed, out.tmp)?,
        size: small(size, out.tmp)?,
        offset: out.offset()?,
    };
    out.put(&local_header(&c))?;
    for b in &blocks {
        out.put(&b.data)?;
    }
    out.central.push(c);
    Ok(size)
}

/// Streams one source file, read once in chunks, into each package of `group` as a stored entry;
/// the CRC is computed from the same chunks and patched into each local header afterwards.
fn copy_stored(
    outs: &mut [Out<'_>],
    group: &[usize],
    name: &str,
    source: &Path,
    chunk: &mut [u8],
    mut done: u64,
    progress: Progress<'_>,
) -> Result<u64, ZipError> {
    let rerr = |e| ZipError::Read {
        path: source.to_path_buf(),
        source: e,
    };
    let mut f = File::open(source).map_err(rerr)?;
    let before = steady::Snapshot::take(&f, source)?;
    let mut offsets = Vec::with_capacity(group.len());
    for &p in group {
        let out = &mut outs[p];
        let c = Central {
            name: name.to_owned(),
            method: METHOD_STORED,
            crc: 0,
            compressed: 0,
            size: 0,
            offset: out.offset()?,
        };
        out.holding = true;
        out.put(&local_header(&c))?;
        out.flush()?;
        offsets.push(c);
    }
    let (crc, size) = if let [only] = group {
        kernel_copy(&mut outs[*only], &mut f, source, chunk, done, progress)?
    } else {
        shared_copy(outs, group, &mut f, source, chunk, done, progress)?
    };
    steady::ensure(&f, source, before, Some(size))?;
    for (&p, mut c) in group.iter().zip(offsets) {
        let out = &mut outs[p];
        c.crc = crc;
        c.size = small(size, out.tmp)?;
        c.compressed = c.size;
        let mut patch = Vec::with_capacity(12);
        u32le(&mut patch, c.crc);
        u32le(&mut patch, c.compressed);
        u32le(&mut patch, c.size);
        out.patch(u64::from(c.offset) + LOCAL_CRC_AT, &patch)?;
        out.central.push(c);
    }
    done += size * group.len() as u64;
    Ok(done)
}

/// One package: the kernel copies the file (`copy_file_range` on Linux, as `cp` does), then the
/// CRC-32 is computed from what landed in the zip, read back from the page cache.
fn kernel_copy(
    out: &mut Out<'_>,
    f: &mut File,
    source: &Path,
    chunk: &mut [u8],
    done: u64,
    progress: Progress<'_>,
) -> Result<(u32, u64), ZipError> {
    let start = out.flushed;
    let mut size = 0u64;
    loop {
        let n = io::copy(&mut f.take(COPY_SLICE), &mut out.file).map_err(|e| {
            if matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::WriteZero) {
                out.werr(e)
            } else {
                ZipError::Read {
                    path: source.to_path_buf(),
                    source: e,
                }
            }
        })?;
        size += n;
        out.flushed += n;
        progress(done + size);
        if n < COPY_SLICE {
            break;
        }
    }
    let crc = crc_of(&mut out.reader, start, size, chunk).map_err(|e| out.werr(e))?;
    Ok((crc, size))
}

fn crc_of(reader: &mut File, start: u64, len: u64, chunk: &mut [u8]) -> io::Result<u32> {
    reader.seek(SeekFrom::Start(start))?;
    let mut crc = crc32fast::Hasher::new();
    let mut left = len;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        reader.read_exact(&mut chunk[..n])?;
        crc.update(&chunk[..n]);
        left -= n as u64;
    }
    Ok(crc.finalize())
}

/// Several packages: the file is read once in chunks, each chunk written to every package.
fn shared_copy(
    outs: &mut [Out<'_>],
    group: &[usize],
    f: &mut File,
    source: &Path,
    chunk: &mut [u8],
    done: u64,
    progress: Progress<'_>,
) -> Result<(u32, u64), ZipError> {
    let rerr = |e| ZipError::Read {
        path: source.to_path_buf(),
        source: e,
    };
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    let mut reported = 0u64;
    loop {
        let n = match f.read(chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(rerr(e)),
        };
        crc.update(&chunk[..n]);
        for &p in group {
            let out = &mut outs[p];
            out.file.write_all(&chunk[..n]).map_err(|e| out.werr(e))?;
            out.flushed += n as u64;
        }
        size += n as u64;
        if size - reported >= 16 * CHUNK as u64 {
            reported = size;
            progress(done + size * group.len() as u64);
        }
    }
    Ok((crc.finalize(), size))
}
