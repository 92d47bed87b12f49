//! The deterministic zip writer: sorted entries, fixed timestamps and permissions, media stored and
//! text deflated, files streamed from disk. Writes to a temporary file and renames it into place
//! (`out_folder` names, locks and publishes them); a source file that changes meanwhile is an error.
//!
//! The fast path writes the zip format itself, in one sequential pass, for one or several
//! packages at once, and never reads back what it wrote:
//! - text entries are deflated (zlib-rs, level 6) on worker threads a bounded window ahead of
//!   the writer, large ones cut into 1 MiB blocks, and appended in sorted order, so the bytes do
//!   not depend on thread timing;
//! - stored (already compressed) media are never read whole into memory. Small ones are read into
//!   pooled 256 KiB buffers and their CRC-32 computed from the same bytes; for a large one a worker
//!   computes the CRC-32 ahead of the writer (its local header needs it first), and the writer then
//!   streams the file, checking that the bytes it wrote have the same CRC. A file held by several
//!   packages is read once for all of them;
//! - every buffer written is also handed to a hashing thread, so the SHA-256 of each zip comes from
//!   the bytes in memory, in order.
//!
//! Like `cp` and `zip`, it leaves flushing to disk to the OS (no fsync): an `fsync` of a 1 GB
//! package costs more than writing it, and a build can always be run again.
//!
//! Packages that would need ZIP64 (≥ 4 GiB or ≥ 65,535 entries) take the zip crate's writer.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::out_folder::{self, Staged, Sums};
use super::{Content, PackagePlan, PlanEntry};

/// Extensions whose content is already compressed: stored, not deflated.
const STORED: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "avif", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "oga", "woff", "woff2",
    "zip", "pdf", "gz",
];

/// Read buffer of the zip crate's path and of [`hash_file`] (the fast path writes and hashes in
/// `sink::PIECE` pieces).
const CHUNK: usize = 1 << 20;
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
    #[error("cannot lock the output folder {path}: {source}")]
    Lock { path: PathBuf, source: io::Error },
    /// Putting the zips in place or updating `SHA256SUMS` failed; `state` says what is on disk.
    #[error("cannot write {path}: {source}{state}")]
    Publish {
        path: PathBuf,
        source: io::Error,
        state: String,
    },
    #[error(
        "{0} changed while it was being packaged (its size or modification time differ): build again once it is no longer being written"
    )]
    Changed(PathBuf),
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
/// A `SHA256SUMS` beside it is kept true ([`Sums::IfPresent`]).
pub fn write(plan: &PackagePlan, dest: &Path) -> Result<Written, ZipError> {
    write_with_progress(plan, dest, &|_| {})
}

/// [`write`], reporting progress as it goes.
pub fn write_with_progress(plan: &PackagePlan, dest: &Path, progress: Progress<'_>) -> Result<Written, ZipError> {
    write_many(&[(plan, dest)], Sums::IfPresent, progress, ZIP32_LIMIT)?
        .pop()
        .ok_or_else(|| ZipError::Write {
            path: dest.to_path_buf(),
            source: io::Error::other("the writer returned no package"),
        })
}

/// Writes several packages (all in one folder) in one pass (a media file they share is read once),
/// each atomically, and updates `SHA256SUMS` as `sums` says; progress counts the contents of all of
/// them. On error no temporary file is left behind.
pub fn write_all(
    plans: &[(&PackagePlan, &Path)],
    sums: Sums,
    progress: Progress<'_>,
) -> Result<Vec<Written>, ZipError> {
    write_many(plans, sums, progress, ZIP32_LIMIT)
}

/// A plan's entries sorted by path, refusing duplicates; and whether the fast writer can take it.
fn sorted(plan: &PackagePlan, limit: u64) -> Result<(Vec<&PlanEntry>, bool), ZipError> {
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
    Ok((entries, fast))
}

fn write_many(
    plans: &[(&PackagePlan, &Path)],
    sums: Sums,
    progress: Progress<'_>,
    limit: u64,
) -> Result<Vec<Written>, ZipError> {
    let mut sorted_plans = Vec::with_capacity(plans.len());
    for (plan, _) in plans {
        sorted_plans.push(sorted(plan, limit)?);
    }
    let dests: Vec<&Path> = plans.iter().map(|(_, d)| *d).collect();
    // Dropped on any error below: each temporary file deletes itself.
    let staged = out_folder::stage(&dests)?;
    let hashed = if sorted_plans.iter().all(|(_, fast)| *fast) {
        let outputs: Vec<fast::Output<'_>> = sorted_plans
            .iter()
            .zip(&staged)
            .map(|((entries, _), s)| fast::Output {
                entries: entries.clone(),
                tmp: s.path(),
                file: s.file(),
            })
            .collect();
        fast::write(&outputs, progress)?
    } else {
        // ZIP64 needed somewhere: one package after another, each by the writer that fits it.
        let mut before = 0;
        let mut hashed = Vec::new();
        for (((entries, fast), s), (plan, _)) in sorted_plans.iter().zip(&staged).zip(plans) {
            let shifted = |n| progress(before + n);
            let h = if *fast {
                let output = fast::Output {
                    entries: entries.clone(),
                    tmp: s.path(),
                    file: s.file(),
                };
                fast::write(std::slice::from_ref(&output), &shifted).map(|mut v| v.remove(0))?
            } else {
                write_entries_zip_crate(entries, s, &shifted)?;
                hash_file(s.path())?
            };
            hashed.push(h);
            before += input_size(plan);
        }
        hashed
    };
    let done = staged
        .into_iter()
        .zip(plans)
        .zip(sorted_plans.iter().zip(hashed))
        .map(|((s, (_, dest)), ((entries, _), (bytes, sha256)))| {
            let w = Written {
                path: dest.to_path_buf(),
                files: entries.len(),
                bytes,
                sha256,
            };
            (s, w)
        })
        .collect();
    out_folder::publish(done, sums)
}

/// The ZIP64-capable path: the zip crate's writer, one entry after another.
fn write_entries_zip_crate(entries: &[&PlanEntry], staged: &Staged, progress: Progress<'_>) -> Result<(), ZipError> {
    let tmp = staged.path();
    let werr = |source| ZipError::Write {
        path: tmp.to_path_buf(),
        source,
    };
    let zerr = |source| ZipError::Zip {
        path: tmp.to_path_buf(),
        source,
    };
    let file = staged.file().try_clone().map_err(werr)?;
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
                let before = steady::Snapshot::take(&f, source)?;
                let mut reader = BufReader::with_capacity(CHUNK, f);
                let read = io::copy(&mut reader, &mut zip).map_err(werr)?;
                steady::ensure(reader.get_ref(), source, before, Some(read))?;
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

/// Deflate jobs, large entries cut into blocks.
mod deflate;
/// The single-pass writer for packages under 4 GiB.
mod fast;
/// Local headers, central directory and end record.
mod format;
/// Deflating and checksumming ahead of the writer, on worker threads.
mod jobs;
/// Partial zips being written, for cleanup when the run is interrupted.
pub mod partial;
/// A zip's bytes to its file and to its hashing thread.
mod sink;
/// Source files that change while they are read.
mod steady;

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

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
        // The last is over fast::HOLD: its CRC-32 comes from a worker's pass over the file.
        for (i, len) in [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 17, (5 << 20) + 4097]
            .into_iter()
            .enumerate()
        {
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
        // Large text, cut into blocks deflated on their own (one in memory, one on disk).
        let long: String = (0..90_000)
            .map(|i| format!("<li>item {i} of {}</li>\n", i % 97))
            .collect();
        assert!(long.len() as u64 > 2 * deflate::BLOCK);
        plan.add_bytes("pages/long.html", long.clone());
        expected.push(("pages/long.html".into(), long.clone().into_bytes()));
        let long_file = dir.join("long.css");
        let css = long.replace("li", "p").repeat(2);
        fs::write(&long_file, &css).expect("write css");
        plan.add_file("assets/long.css", long_file);
        expected.push(("assets/long.css".into(), css.into_bytes()));
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
        let wc = write_many(&[(&plan, &c)], Sums::IfPresent, &|_| {}, 0)
            .expect("writes")
            .remove(0);
        assert_eq!(contents(&c), expected);
        assert_eq!(hash_file(&c).expect("hash"), (wc.bytes, wc.sha256));
    }

    #[test]
    fn several_packages_in_one_pass_match_one_at_a_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (first, expected) = big_plan(dir.path());
        // A second package sharing the media files, with its own text and one media file of its own.
        let mut second = PackagePlan::default();
        for e in &first.entries {
            match &e.content {
                Content::File(p) if is_stored(&e.path) => second.add_file(e.path.clone(), p.clone()),
                _ => {}
            }
        }
        second.add_bytes("index.html", "<p>second</p>".repeat(10_000));
        let own = dir.path().join("own.webm");
        fs::write(&own, noise(CHUNK + 5, 7)).expect("write media");
        second.add_file("media/zz-own.webm", own);
        let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
        let both =
            write_all(&[(&first, a.as_path()), (&second, b.as_path())], Sums::Update, &|_| {}).expect("writes both");
        assert_eq!(contents(&a), expected);
        let alone_a = write(&first, &dir.path().join("a1.zip")).expect("writes");
        let alone_b = write(&second, &dir.path().join("b1.zip")).expect("writes");
        assert_eq!(both[0].sha256, alone_a.sha256, "same bytes as written alone");
        assert_eq!(both[1].sha256, alone_b.sha256, "same bytes as written alone");
        assert_eq!(hash_file(&b).expect("hash"), (both[1].bytes, both[1].sha256.clone()));
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
        assert!(!dest.exists());
        assert_eq!(
            fs::read_dir(dir.path()).expect("list").count(),
            1,
            "only the folder.svg folder"
        );
    }
}
