//! The deterministic zip writer: sorted entries, fixed timestamps and permissions, media stored and
//! text deflated, files streamed from disk. Writes to a temporary file and renames it into place.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{Content, PackagePlan};

/// Extensions whose content is already compressed: stored, not deflated.
const STORED: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "oga", "woff", "woff2",
    "zip", "pdf", "gz",
];

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

fn options_for(path: &str) -> SimpleFileOptions {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    if STORED.contains(&ext.as_str()) {
        base.compression_method(CompressionMethod::Stored)
    } else {
        base.compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
    }
}

/// Writes `plan` to `dest` atomically (temporary file + rename); nothing is left behind on error.
pub fn write(plan: &PackagePlan, dest: &Path) -> Result<Written, ZipError> {
    let mut entries: Vec<_> = plan.entries.iter().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(w) = entries.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(ZipError::Duplicate(w[0].path.clone()));
    }
    let tmp = dest.with_extension("zip.partial");
    let result = write_entries(&entries, &tmp).and_then(|()| {
        fs::rename(&tmp, dest).map_err(|source| ZipError::Write {
            path: dest.to_path_buf(),
            source,
        })
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    let (bytes, sha256) = hash_file(dest)?;
    Ok(Written {
        path: dest.to_path_buf(),
        files: entries.len(),
        bytes,
        sha256,
    })
}

fn write_entries(entries: &[&super::PlanEntry], tmp: &Path) -> Result<(), ZipError> {
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
    for entry in entries {
        zip.start_file(entry.path.as_str(), options_for(&entry.path))
            .map_err(zerr)?;
        match &entry.content {
            Content::Bytes(bytes) => zip.write_all(bytes).map_err(werr)?,
            Content::File(source) => {
                let f = File::open(source).map_err(|e| ZipError::Read {
                    path: source.clone(),
                    source: e,
                })?;
                io::copy(&mut BufReader::with_capacity(256 * 1024, f), &mut zip).map_err(werr)?;
            }
        }
    }
    let mut inner = zip.finish().map_err(zerr)?;
    inner.flush().map_err(werr)?;
    inner
        .into_inner()
        .map_err(|e| werr(e.into_error()))?
        .sync_all()
        .map_err(werr)
}

/// Size and SHA-256 (hex) of a file, streamed.
pub fn hash_file(path: &Path) -> Result<(u64, String), ZipError> {
    let rerr = |source| ZipError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(rerr)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(rerr)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()))
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
}
