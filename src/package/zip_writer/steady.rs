//! A source file must not change while it is packaged: its size and modification time when it is
//! opened are compared with those after it was read, and with the number of bytes read.

use std::fs::{File, Metadata};
use std::path::Path;
use std::time::SystemTime;

use super::ZipError;

/// Size and modification time of a file at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Snapshot {
    len: u64,
    modified: Option<SystemTime>,
}

impl Snapshot {
    pub(super) fn of(meta: &Metadata) -> Self {
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// The snapshot of an open file.
    pub(super) fn take(file: &File, path: &Path) -> Result<Self, ZipError> {
        let meta = file.metadata().map_err(|source| ZipError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self::of(&meta))
    }

    pub(super) fn len(self) -> u64 {
        self.len
    }
}

/// Whether a file changed between `before` and `after`; `read` is how many bytes were read when
/// the whole file was (it must be the size the file had).
pub(super) fn changed(before: Snapshot, after: Snapshot, read: Option<u64>) -> bool {
    before != after || read.is_some_and(|n| n != before.len)
}

/// An error naming `path` if the open `file` changed since `before`.
pub(super) fn ensure(file: &File, path: &Path, before: Snapshot, read: Option<u64>) -> Result<(), ZipError> {
    if changed(before, Snapshot::take(file, path)?, read) {
        return Err(ZipError::Changed(path.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(len: u64, secs: u64) -> Snapshot {
        Snapshot {
            len,
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
        }
    }

    #[test]
    fn a_change_of_size_time_or_bytes_read_is_a_change() {
        assert!(!changed(at(10, 5), at(10, 5), Some(10)), "steady, read whole");
        assert!(!changed(at(10, 5), at(10, 5), None), "steady, a range read");
        assert!(changed(at(10, 5), at(12, 5), None), "grew");
        assert!(changed(at(10, 5), at(10, 6), None), "rewritten in place, same size");
        assert!(
            changed(at(10, 5), at(10, 5), Some(12)),
            "appended and truncated back while read"
        );
        assert!(changed(at(10, 5), at(10, 5), Some(4)), "truncated while read");
    }

    #[test]
    fn a_file_appended_to_after_its_snapshot_is_reported_by_name() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("clip.mp4");
        std::fs::write(&path, b"0123456789").expect("write");
        let file = File::open(&path).expect("open");
        let before = Snapshot::take(&file, &path).expect("snapshot");
        ensure(&file, &path, before, Some(10)).expect("unchanged");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"more"))
            .expect("append");
        match ensure(&file, &path, before, Some(10)) {
            Err(ZipError::Changed(p)) => assert_eq!(p, path),
            other => panic!("expected Changed, got {other:?}"),
        }
    }
}
