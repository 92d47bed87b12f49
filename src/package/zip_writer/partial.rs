//! The temporary files being written right now and the new zips not yet listed in `SHA256SUMS`, so
//! that an interrupted run (Ctrl-C, a cancelled CI job) deletes the first and says the truth about
//! the second. Every change of state and the signal handler take the same lock: what the handler
//! reports is what is on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What is in flight: temporary files (and whether each is a zip), and zips put in place whose
/// `SHA256SUMS` line is not written yet.
#[derive(Default)]
pub struct Registry {
    open: Vec<(PathBuf, bool)>,
    unlisted: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    open: Vec::new(),
    unlisted: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Registry {
    /// The temporary file `path` is gone (renamed into place or deleted).
    pub fn forget(&mut self, path: &Path) {
        if let Some(i) = self.open.iter().position(|(p, _)| p == path) {
            self.open.swap_remove(i);
        }
    }

    /// `dest` is in place but `SHA256SUMS` does not list it yet.
    pub fn placed_unlisted(&mut self, dest: &Path) {
        self.unlisted.push(dest.to_path_buf());
    }

    /// `SHA256SUMS` now lists every zip put in place.
    pub fn all_listed(&mut self) {
        self.unlisted.clear();
    }
}

/// Runs one change of state (a rename and its bookkeeping) with the registry held, so a signal
/// that arrives meanwhile is handled before or after it, never in the middle.
pub fn step<T>(change: impl FnOnce(&mut Registry) -> T) -> T {
    change(&mut registry())
}

/// Holds one temporary file in the registry while it lives.
pub(crate) struct Registered(PathBuf);

impl Registered {
    pub(crate) fn new(path: &Path, zip: bool) -> Self {
        registry().open.push((path.to_path_buf(), zip));
        Self(path.to_path_buf())
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        registry().forget(&self.0);
    }
}

/// What [`remove_all`] found and did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Interrupted {
    /// Unfinished zips deleted.
    pub deleted: usize,
    /// New zips already in place that `SHA256SUMS` does not list (their old lines are gone).
    pub unlisted: Vec<PathBuf>,
}

impl Interrupted {
    /// One line for stderr that says what was deleted and what is in place.
    pub fn message(&self) -> String {
        let mut line = "interrupted".to_owned();
        if self.deleted > 0 {
            line.push_str(&format!(": the {} unfinished zip(s) were deleted", self.deleted));
        }
        if !self.unlisted.is_empty() {
            let names: Vec<String> = self
                .unlisted
                .iter()
                .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned())
                .collect();
            line.push_str(&format!(
                "; {} already replaced the old zip(s) but SHA256SUMS does not list them yet: build again to list them",
                names.join(", ")
            ));
        }
        line
    }
}

/// Deletes every temporary file still being written (for a signal handler, just before exiting;
/// the registry stays locked, so no rename follows) and says what happened.
pub fn remove_all() -> Interrupted {
    let reg = registry();
    let found = reg.clean();
    // Held until the process exits: the main thread must not rename anything after this.
    std::mem::forget(reg);
    found
}

impl Registry {
    fn clean(&self) -> Interrupted {
        let deleted = self
            .open
            .iter()
            .filter(|(path, zip)| fs::remove_file(path).is_ok() && *zip)
            .count();
        Interrupted {
            deleted,
            unlisted: self.unlisted.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_files_are_deleted_forgotten_ones_kept_and_unlisted_zips_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b, s) = (
            dir.path().join(".a.zip.1.partial"),
            dir.path().join(".b.zip.2.partial"),
            dir.path().join(".SHA256SUMS.3.partial"),
        );
        for p in [&a, &b, &s] {
            fs::write(p, "x").expect("write");
        }
        let mut reg = Registry {
            open: vec![(a.clone(), true), (b.clone(), true), (s.clone(), false)],
            ..Registry::default()
        };
        reg.forget(&b);
        reg.placed_unlisted(Path::new("dist/c.zip"));
        assert_eq!(
            reg.clean(),
            Interrupted {
                deleted: 1,
                unlisted: vec![PathBuf::from("dist/c.zip")]
            },
            "one zip deleted (the SHA256SUMS draft is not counted), one placed zip named"
        );
        assert!(!a.exists() && !s.exists(), "open files are deleted");
        assert!(b.exists(), "a forgotten file is left alone");
        assert_eq!(
            reg.clean().message(),
            "interrupted; c.zip already replaced the old zip(s) but SHA256SUMS does not list them yet: build again to list them"
        );
        reg.all_listed();
        assert_eq!(reg.clean().message(), "interrupted");
    }

    #[test]
    fn a_registered_file_is_in_the_registry_while_it_lives() {
        let path = PathBuf::from("registered-while-alive.partial");
        let held = Registered::new(&path, true);
        assert!(registry().open.iter().any(|(p, _)| *p == path));
        drop(held);
        assert!(!registry().open.iter().any(|(p, _)| *p == path));
    }
}
