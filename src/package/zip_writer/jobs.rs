//! Work done ahead of the zip writer on worker threads, in the order the writer takes it: text
//! entries deflated, and the CRC-32 of large stored files (their local header needs it before their
//! bytes). Workers run ahead by at most [`AHEAD`] bytes of input not yet taken by the writer.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::deflate::{self, Deflated, Job};
use super::steady::{self, Snapshot};
use super::{PlanEntry, ZipError};

/// How many bytes of deflate input may be in work or done but not yet written (checksums of stored
/// files hold no memory and do not count).
const AHEAD: u64 = 48 << 20;
/// Read buffer of the CRC-32 pass over a large stored file: small enough to stay in the worker's
/// CPU cache. Large SCORM 1.2 build, 11 interleaved runs on 2 cores: medians 1.05 s (CPU 2.04 s) at
/// 64 KiB against 1.09 s (2.14 s) at 1 MiB; 32 and 128 KiB were within 0.02 s of 64 KiB.
const CHECK_BUFFER: usize = 64 << 10;

/// One unit of work.
pub(super) enum Task<'a> {
    /// A deflate job of a text entry.
    Deflate(&'a PlanEntry, Job),
    /// The CRC-32 of a stored file, read once ahead of the writer.
    Check(&'a Path),
}

/// What a task produced.
pub(super) enum Done {
    Deflated(Deflated),
    Checked(Checked),
}

/// A stored file's CRC-32 and size, and the file's snapshot while it was read.
pub(super) struct Checked {
    pub crc: u32,
    pub size: u64,
    pub snapshot: Snapshot,
}

pub(super) struct Jobs<'a> {
    list: Vec<Task<'a>>,
    state: Mutex<State>,
    cv: Condvar,
    abort: AtomicBool,
}

#[derive(Default)]
struct State {
    next: usize,
    consumed: usize,
    ahead: u64,
    ready: HashMap<usize, Result<Done, ZipError>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<'a> Jobs<'a> {
    pub(super) fn new(list: Vec<Task<'a>>) -> Self {
        Self {
            list,
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            abort: AtomicBool::new(false),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// The deflate job of task `k` (for the writer to see whether it ends its entry).
    pub(super) fn job(&self, k: usize) -> Option<Job> {
        match self.list.get(k) {
            Some(Task::Deflate(_, job)) => Some(*job),
            _ => None,
        }
    }

    fn cost(&self, k: usize) -> u64 {
        match &self.list[k] {
            Task::Deflate(_, job) => job.input,
            Task::Check(_) => 0,
        }
    }

    /// A worker: takes tasks in order while the window allows, until none are left.
    pub(super) fn work(&self) {
        yield_to_the_writer();
        loop {
            let k = {
                let mut s = lock(&self.state);
                loop {
                    if self.abort.load(Ordering::Relaxed) || s.next >= self.list.len() {
                        return;
                    }
                    let cost = self.cost(s.next);
                    if s.next == s.consumed || s.ahead + cost <= AHEAD {
                        s.ahead += cost;
                        break;
                    }
                    s = self.cv.wait(s).unwrap_or_else(PoisonError::into_inner);
                }
                s.next += 1;
                s.next - 1
            };
            let result = match &self.list[k] {
                Task::Deflate(entry, job) => deflate::run(entry, *job).map(Done::Deflated),
                Task::Check(path) => check(path).map(Done::Checked),
            };
            lock(&self.state).ready.insert(k, result);
            self.cv.notify_all();
        }
    }

    /// The result of task `k`, waiting for it; tasks are taken in order.
    pub(super) fn take(&self, k: usize) -> Result<Done, ZipError> {
        let cost = self.cost(k);
        let mut s = lock(&self.state);
        loop {
            if let Some(r) = s.ready.remove(&k) {
                s.consumed = k + 1;
                s.ahead = s.ahead.saturating_sub(cost);
                self.cv.notify_all();
                return r;
            }
            s = self.cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
    }

    pub(super) fn stop(&self) {
        self.abort.store(true, Ordering::Relaxed);
        let _guard = lock(&self.state);
        self.cv.notify_all();
    }
}

/// Reads a stored file once for its CRC-32; it must not change meanwhile.
fn check(path: &Path) -> Result<Checked, ZipError> {
    let rerr = |source| ZipError::Read {
        path: PathBuf::from(path),
        source,
    };
    let mut f = File::open(path).map_err(rerr)?;
    let snapshot = Snapshot::take(&f, path)?;
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0u8; CHECK_BUFFER];
    let mut size = 0u64;
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(rerr(e)),
        };
        crc.update(&buf[..n]);
        size += n as u64;
    }
    steady::ensure(&f, path, snapshot, Some(size))?;
    Ok(Checked {
        crc: crc.finalize(),
        size,
        snapshot,
    })
}

/// Workers run at the lowest priority (nice 19), below the writer and the hashing threads, which
/// carry the one stream the whole write waits for: they take the CPU time those leave, and the
/// writer waits for a result only when it is not there yet (Linux only). On 2 cores the large
/// build took 0.94 s at nice 19 against 0.98 s at nice 5 (medians of 5 interleaved runs).
fn yield_to_the_writer() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}
