//! The `.partial` zips being written right now, so that an interrupted run (Ctrl-C, a cancelled CI
//! job) can delete them instead of leaving hundreds of megabytes behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Holds one partial file in the registry while it lives.
pub(super) struct Registered(PathBuf);

impl Registered {
    pub(super) fn new(path: &Path) -> Self {
        OPEN.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path.to_path_buf());
        Self(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = open.iter().position(|p| *p == self.0) {
            open.swap_remove(i);
        }
    }
}

/// Deletes every partial zip still being written (for a signal handler, just before exiting) and
/// returns how many there were.
pub fn remove_all() -> usize {
    let open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
    for path in open.iter() {
        let _ = fs::remove_file(path);
    }
    open.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_files_are_removed_and_dropped_ones_are_forgotten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a.zip.partial"), dir.path().join("b.zip.partial"));
        fs::write(&a, "a").expect("write");
        fs::write(&b, "b").expect("write");
        let keep = Registered::new(&a);
        drop(Registered::new(&b));
        assert_eq!(remove_all(), 1);
        assert!(!a.exists(), "a registered partial file is deleted");
        assert!(b.exists(), "a file no longer registered is left alone");
        drop(keep);
    }
}
