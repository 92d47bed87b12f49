//! The single-pass writer for packages under 4 GiB (see the parent module for the design). It writes
//! one or several zips at once: a media file shared by several packages is read once and its bytes
//! go to each of them.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use super::format::{Central, METHOD_DEFLATED, METHOD_STORED, local_header};
use super::jobs::{Checked, Done, Jobs, Task};
use super::sink::{self, Out, PIECE, Piece, Pool, Shared, small};
use super::{CHUNK, Content, PlanEntry, Progress, ZipError, deflate, is_stored, steady};

/// Stored files up to this size are read into memory once (their CRC-32 comes from the same
/// bytes); larger ones get their CRC-32 from a worker that reads them ahead of the writer.
const HOLD: u64 = 4 << 20;
/// Pieces smaller than this are copied into the write buffer rather than written on their own.
const SMALL_PIECE: usize = PIECE / 4;

/// One package to write: its entries (sorted by path) and its temporary file (path and handle).
pub(super) struct Output<'a> {
    pub entries: Vec<&'a PlanEntry>,
    pub tmp: &'a Path,
    pub file: &'a File,
}

/// What the writer does, in order: each package's entries, a stored file shared by several
/// packages once for all of them.
enum Part<'a> {
    /// Entry `index` of `package`, deflated or stored from memory.
    Entry { package: usize, index: usize },
    /// A stored file, for each package in `group` (the entry's name in each is the same).
    File {
        group: Vec<usize>,
        name: &'a str,
        source: &'a Path,
        large: bool,
    },
}

/// Walks every package's sorted entries together, path by path, into the writer's parts.
fn parts<'a>(outputs: &[Output<'a>]) -> Vec<Part<'a>> {
    let mut cursors = vec![0usize; outputs.len()];
    let mut parts = Vec::new();
    loop {
        let next = outputs
            .iter()
            .zip(&cursors)
            .filter_map(|(o, &c)| o.entries.get(c).map(|e| e.path.as_str()))
            .min();
        let Some(path) = next else { return parts };
        let mut files: Vec<Part<'a>> = Vec::new();
        for (package, o) in outputs.iter().enumerate() {
            let Some(&entry) = o.entries.get(cursors[package]).filter(|e| e.path == path) else {
                continue;
            };
            let index = cursors[package];
            cursors[package] += 1;
            let Content::File(source) = &entry.content else {
                parts.push(Part::Entry { package, index });
                continue;
            };
            if !is_stored(&entry.path) {
                parts.push(Part::Entry { package, index });
                continue;
            }
            let same = files.iter_mut().find_map(|f| match f {
                Part::File { group, source: s, .. } if *s == source.as_path() => Some(group),
                _ => None,
            });
            match same {
                Some(group) => group.push(package),
                None => files.push(Part::File {
                    group: vec![package],
                    name: &entry.path,
                    source,
                    large: fs::metadata(source).is_ok_and(|m| m.len() > HOLD),
                }),
            }
        }
        parts.extend(files);
    }
}

/// The workers' tasks, in the order the writer takes them.
fn tasks<'a>(outputs: &[Output<'a>], parts: &[Part<'a>]) -> Vec<Task<'a>> {
    let mut list = Vec::new();
    for part in parts {
        match part {
            Part::Entry { package, index } => {
                let entry = outputs[*package].entries[*index];
                if !is_stored(&entry.path) {
                    list.extend(
                        deflate::plan_entry(entry)
                            .into_iter()
                            .map(|job| Task::Deflate(entry, job)),
                    );
                }
            }
            Part::File {
                source, large: true, ..
            } => list.push(Task::Check(source)),
            Part::File { .. } => {}
        }
    }
    list
}

/// Writes every output; returns each one's size and SHA-256, in order.
pub(super) fn write(outputs: &[Output<'_>], progress: Progress<'_>) -> Result<Vec<(u64, String)>, ZipError> {
    let parts = parts(outputs);
    let jobs = Jobs::new(tasks(outputs, &parts));
    let pool = Pool::default();
    let mut outs = Vec::with_capacity(outputs.len());
    let mut queues = Vec::with_capacity(outputs.len());
    for o in outputs {
        let file = o.file.try_clone().map_err(|source| ZipError::Write {
            path: o.tmp.to_path_buf(),
            source,
        })?;
        let (out, queue) = Out::new(file, o.tmp, &pool);
        outs.push(out);
        queues.push(queue);
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.len()) {
            scope.spawn(|| jobs.work());
        }
        let hashers: Vec<_> = queues
            .into_iter()
            .map(|queue| scope.spawn(move || sink::hash(queue)))
            .collect();
        let written = write_parts(outputs, &parts, &jobs, &mut outs, &pool, progress);
        jobs.stop();
        let mut results = Vec::with_capacity(outs.len());
        for (out, hasher) in outs.iter_mut().zip(hashers) {
            let finished = match &written {
                Ok(()) => out.finish(),
                Err(_) => Ok(()),
            };
            out.hang_up();
            let hashed = hasher.join().map_err(|_| ZipError::Write {
                path: out.tmp.to_path_buf(),
                source: io::Error::other("the hashing thread panicked"),
            });
            results.push(finished.and(hashed));
        }
        written?;
        results.into_iter().collect()
    })
}

fn write_parts<'p>(
    outputs: &[Output<'_>],
    parts: &[Part<'_>],
    jobs: &Jobs<'_>,
    outs: &mut [Out<'_, 'p>],
    pool: &'p Pool,
    progress: Progress<'_>,
) -> Result<(), ZipError> {
    let mut next_task = 0;
    let mut done = 0u64;
    for part in parts {
        match part {
            Part::Entry { package, index } => {
                let entry = outputs[*package].entries[*index];
                let out = &mut outs[*package];
                if !is_stored(&entry.path) {
                    done += write_deflated(out, &entry.path, jobs, &mut next_task)?;
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
                }
            }
            Part::File {
                group,
                name,
                source,
                large,
            } => {
                let checked = if *large {
                    next_task += 1;
                    match jobs.take(next_task - 1)? {
                        Done::Checked(c) => Some(c),
                        Done::Deflated(_) => None,
                    }
                } else {
                    None
                };
                let stored = Stored {
                    group,
                    name,
                    source,
                    pool,
                };
                done = stored.copy(outs, checked, done, progress)?;
            }
        }
        progress(done);
    }
    Ok(())
}

/// Takes the entry's deflate jobs (consecutive) and writes header and data; returns its size.
fn write_deflated(out: &mut Out<'_, '_>, name: &str, jobs: &Jobs<'_>, next: &mut usize) -> Result<u64, ZipError> {
    let mut blocks = Vec::new();
    loop {
        let last = jobs.job(*next).is_none_or(|j| j.last);
        if let Done::Deflated(d) = jobs.take(*next)? {
            blocks.push(d);
        }
        *next += 1;
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

/// A stored file going into the packages of `group`, read once for all of them.
struct Stored<'s, 'p> {
    group: &'s [usize],
    name: &'s str,
    source: &'s Path,
    pool: &'p Pool,
}

impl<'p> Stored<'_, 'p> {
    fn changed(&self) -> ZipError {
        ZipError::Changed(self.source.to_path_buf())
    }

    /// Writes the entry to each package; returns `done` plus what was written. A small file is
    /// read into memory first (its CRC-32 from those bytes); a large one streams after its header,
    /// with the CRC-32 a worker computed, which the streamed bytes must match.
    fn copy(
        &self,
        outs: &mut [Out<'_, 'p>],
        checked: Option<Checked>,
        done: u64,
        progress: Progress<'_>,
    ) -> Result<u64, ZipError> {
        let rerr = |source| ZipError::Read {
            path: self.source.to_path_buf(),
            source,
        };
        let mut f = File::open(self.source).map_err(rerr)?;
        let before = steady::Snapshot::take(&f, self.source)?;
        let mut crc = crc32fast::Hasher::new();
        let mut size = 0u64;
        let offsets = match checked {
            Some(c) => {
                if c.snapshot != before {
                    return Err(self.changed());
                }
                let offsets = self.headers(outs, c.crc, c.size)?;
                let mut reported = 0u64;
                while let Some(piece) = self.read_piece(&mut f)? {
                    crc.update(piece.bytes());
                    size += piece.bytes().len() as u64;
                    if size > c.size {
                        return Err(self.changed());
                    }
                    self.send(outs, piece)?;
                    if size - reported >= 16 * CHUNK as u64 {
                        reported = size;
                        progress(done + size * self.group.len() as u64);
                    }
                }
                if size != c.size || crc.finalize() != c.crc {
                    return Err(self.changed());
                }
                offsets
            }
            None => {
                let mut pieces = Vec::new();
                while let Some(piece) = self.read_piece(&mut f)? {
                    crc.update(piece.bytes());
                    size += piece.bytes().len() as u64;
                    if size > HOLD {
                        return Err(self.changed());
                    }
                    pieces.push(piece);
                }
                let offsets = self.headers(outs, crc.finalize(), size)?;
                for piece in pieces {
                    self.send(outs, piece)?;
                }
                offsets
            }
        };
        steady::ensure(&f, self.source, before, Some(size))?;
        for (&p, c) in self.group.iter().zip(offsets) {
            outs[p].central.push(c);
        }
        Ok(done + size * self.group.len() as u64)
    }

    /// Each package's local header for this entry; returns their central records.
    fn headers(&self, outs: &mut [Out<'_, 'p>], crc: u32, size: u64) -> Result<Vec<Central>, ZipError> {
        let mut records = Vec::with_capacity(self.group.len());
        for &p in self.group {
            let out = &mut outs[p];
            let size = small(size, out.tmp)?;
            let c = Central {
                name: self.name.to_owned(),
                method: METHOD_STORED,
                crc,
                compressed: size,
                size,
                offset: out.offset()?,
            };
            out.put(&local_header(&c))?;
            records.push(c);
        }
        Ok(records)
    }

    fn send(&self, outs: &mut [Out<'_, 'p>], piece: Shared<'p>) -> Result<(), ZipError> {
        for &p in self.group {
            if piece.bytes().len() < SMALL_PIECE {
                outs[p].put(piece.bytes())?;
            } else {
                outs[p].emit(piece.clone())?;
            }
        }
        Ok(())
    }

    /// Up to [`PIECE`] bytes of the file in a pooled buffer; `None` at its end.
    fn read_piece(&self, f: &mut File) -> Result<Option<Shared<'p>>, ZipError> {
        let mut buf = self.pool.get();
        let mut len = 0;
        while len < PIECE {
            match f.read(&mut buf[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(ZipError::Read {
                        path: self.source.to_path_buf(),
                        source,
                    });
                }
            }
        }
        let piece = Piece::new(buf, len, self.pool);
        Ok((len > 0).then_some(piece))
    }
}
