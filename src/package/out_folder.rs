//! Writing into the out folder: unique temporary names, an advisory lock while names change, and
//! `SHA256SUMS` true at every moment. No symbolic link in the folder is ever written through.
//!
//! Order of a publish, under the lock: (1) `SHA256SUMS` without the lines of the zips about to be
//! replaced, (2) each zip renamed into place, (3) `SHA256SUMS` with their new lines. Each
//! `SHA256SUMS` is written to a temporary file, synced and renamed. Whenever the process stops, a
//! zip that `SHA256SUMS` lists is the one its line describes; at worst a new zip is in place but
//! not listed yet (and the interrupt message or the error says so).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::zip_writer::partial::{self, Registered};
use super::zip_writer::{Written, ZipError};

/// The checksum file in the out folder.
pub const SUMS: &str = "SHA256SUMS";
/// Temporary files end so; a build removes those of a killed run.
const PARTIAL: &str = ".partial";

/// Whether a publish maintains `SHA256SUMS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sums {
    /// Create or update it (`build`).
    Update,
    /// Update it if the folder has one (`wrap`): a zip it lists never goes stale.
    IfPresent,
}

#[cfg(unix)]
fn lock_handle(dir: &Path) -> io::Result<File> {
    // The folder itself: no lock file to leave behind or to plant a link at.
    File::open(dir)
}

#[cfg(not(unix))]
fn lock_handle(dir: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".coursepack.lock"))
}

/// Takes an exclusive advisory lock on the out folder, held while the returned handle lives (or
/// until the process dies), waiting for other runs to release it.
fn lock(dir: &Path) -> Result<File, ZipError> {
    let err = |source| ZipError::Lock {
        path: dir.to_path_buf(),
        source,
    };
    let file = lock_handle(dir).map_err(err)?;
    file.lock().map_err(err)?;
    Ok(file)
}

fn folder_of(dest: &Path) -> &Path {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether `name` can name a file in the out folder: one plain name, no separator, not `..`.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0'])
}

/// The file name of `dest`, which must be a plain name.
fn plain_name(dest: &Path) -> Result<String, ZipError> {
    match dest.file_name().and_then(|n| n.to_str()) {
        Some(n) if is_plain_name(n) => Ok(n.to_owned()),
        _ => Err(ZipError::Write {
            path: dest.to_path_buf(),
            source: io::Error::other("an output file name must be one plain name"),
        }),
    }
}

/// A temporary file `.<name>.XXXXXX.partial` in the out folder, created new (never through a
/// link) and locked while its writer lives, so that another build sees it is not a leftover.
pub struct Staged {
    tmp: NamedTempFile,
    registered: Registered,
    dest: PathBuf,
}

impl Staged {
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn file(&self) -> &File {
        self.tmp.as_file()
    }
}

fn temp_in(dir: &Path, name: &str, zip: bool) -> io::Result<(NamedTempFile, Registered)> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(PARTIAL);
    // The mode of any new file (0666 less the umask), not tempfile's private 0600: the zip is
    // uploaded or served from here.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir)?;
    tmp.as_file().lock()?;
    let registered = Registered::new(tmp.path(), zip);
    Ok((tmp, registered))
}

/// Temporary files for zips that will replace `dests` (all in one folder), after removing what
/// killed runs left there.
pub fn stage(dests: &[&Path]) -> Result<Vec<Staged>, ZipError> {
    let Some(first) = dests.first() else {
        return Ok(Vec::new());
    };
    let dir = folder_of(first);
    let _lock = lock(dir)?;
    remove_leftovers(dir);
    dests
        .iter()
        .map(|dest| {
            let name = plain_name(dest)?;
            if folder_of(dest) != dir {
                return Err(ZipError::Write {
                    path: dest.to_path_buf(),
                    source: io::Error::other("the packages of one run go to one folder"),
                });
            }
            let (tmp, registered) = temp_in(dir, &name, true).map_err(|source| ZipError::Write {
                path: dir.join(format!(".{name}.*{PARTIAL}")),
                source,
            })?;
            Ok(Staged {
                tmp,
                registered,
                dest: dest.to_path_buf(),
            })
        })
        .collect()
}

/// Whether `name` is a temporary file of ours: `.<name>.XXXXXX.partial`, or `<name>.zip.partial`
/// from versions that used one fixed name.
fn is_ours(name: &str) -> bool {
    name.ends_with(PARTIAL) && (name.starts_with('.') || name.ends_with(".zip.partial"))
}

/// Deletes temporary files of runs that were killed (their lock is gone with them). Links and
/// files another run still writes (it holds their lock) stay.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if !regular || !is_ours(&name) {
            continue;
        }
        let free = File::open(entry.path()).is_ok_and(|f| f.try_lock().is_ok());
        if free {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The lines of `SHA256SUMS`, kept as bytes; `None` when this publish does not maintain it. A
/// link at its name is not read through: it is replaced by the new file.
fn read_sums(path: &Path, sums: Sums) -> io::Result<Option<Vec<Vec<u8>>>> {
    let kind = match fs::symlink_metadata(path) {
        Ok(m) => Some(m.file_type()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    match kind {
        Some(k) if k.is_file() => {
            let bytes = fs::read(path)?;
            let lines = bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty());
            Ok(Some(lines.map(<[u8]>::to_vec).collect()))
        }
        _ if sums == Sums::IfPresent => Ok(None),
        None => Ok(Some(Vec::new())),
        Some(k) if k.is_symlink() => Ok(Some(Vec::new())),
        Some(_) => Err(io::Error::other("it is not a regular file")),
    }
}

/// The file name a `SHA256SUMS` line is about (`<hash>  <name>` or `<hash> *<name>`; a line end
/// written on Windows is not part of it).
fn line_name(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let at = line.iter().position(|b| *b == b' ')?;
    line.get(at + 2..)
        .filter(|_| matches!(line.get(at + 1), Some(b' ' | b'*')))
}

/// Writes `lines` (sorted by name) to a temporary file, syncs it and renames it over `SHA256SUMS`;
/// `then` runs in the same step as the rename.
fn write_sums(dir: &Path, lines: &mut [Vec<u8>], then: impl FnOnce(&mut partial::Registry)) -> io::Result<()> {
    lines.sort_by(|a, b| line_name(a).cmp(&line_name(b)));
    let (mut tmp, registered) = temp_in(dir, SUMS, false)?;
    for line in lines.iter() {
        tmp.write_all(line)?;
        tmp.write_all(b"\n")?;
    }
    tmp.as_file().sync_all()?;
    partial::step(|reg| {
        tmp.persist(dir.join(SUMS)).map_err(|e| e.error)?;
        reg.forget(registered.path());
        then(reg);
        Ok(())
    })
}

/// What is on disk when publishing stops: the zips already `placed`, whether `SHA256SUMS` had
/// already lost the old lines of the zips being replaced (`dropped`), and whether it is maintained.
struct Publishing<'a> {
    placed: Vec<String>,
    dropped: bool,
    listing: bool,
    names: &'a [String],
}

impl Publishing<'_> {
    fn error(&self, path: PathBuf, source: io::Error) -> ZipError {
        let state = match (self.placed.as_slice(), self.listing) {
            ([], _) if self.dropped => format!(
                "; no zip was replaced, but {SUMS} no longer lists the old {}",
                self.names.join(", ")
            ),
            ([], _) => "; nothing was replaced".to_owned(),
            (names, true) => format!(
                "; {} in place but not listed in {SUMS} (build again to list {})",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" }
            ),
            (names, false) => format!("; {} in place", names.join(", ")),
        };
        ZipError::Publish { path, source, state }
    }
}

/// Puts the written zips in place and keeps `SHA256SUMS` true (see the module docs for the order).
pub fn publish(done: Vec<(Staged, Written)>, sums: Sums) -> Result<Vec<Written>, ZipError> {
    let Some((first, _)) = done.first() else {
        return Ok(Vec::new());
    };
    let dir = folder_of(&first.dest).to_path_buf();
    let sums_path = dir.join(SUMS);
    let _lock = lock(&dir)?;
    let names: Vec<String> = done
        .iter()
        .map(|(s, _)| plain_name(&s.dest))
        .collect::<Result<_, _>>()?;
    let mut progress = Publishing {
        placed: Vec::new(),
        dropped: false,
        listing: sums == Sums::Update,
        names: &names,
    };
    let mut kept = read_sums(&sums_path, sums).map_err(|e| progress.error(sums_path.clone(), e))?;
    progress.listing = kept.is_some();
    if let Some(lines) = &mut kept {
        let before = lines.len();
        lines.retain(|l| line_name(l).is_none_or(|n| !names.iter().any(|m| m.as_bytes() == n)));
        if lines.len() != before {
            write_sums(&dir, lines, |_| {}).map_err(|e| progress.error(sums_path.clone(), e))?;
            progress.dropped = true;
        }
    }
    let mut written = Vec::new();
    for ((staged, w), name) in done.into_iter().zip(&names) {
        let Staged { tmp, registered, dest } = staged;
        partial::step(|reg| {
            tmp.persist(&dest).map_err(|e| e.error)?;
            reg.forget(registered.path());
            if progress.listing {
                reg.placed_unlisted(&dest);
            }
            Ok::<(), io::Error>(())
        })
        .map_err(|e| progress.error(dest.clone(), e))?;
        progress.placed.push(name.clone());
        written.push(w);
    }
    if let Some(mut lines) = kept {
        for (w, name) in written.iter().zip(&names) {
            lines.push(format!("{}  {name}", w.sha256).into_bytes());
        }
        write_sums(&dir, &mut lines, partial::Registry::all_listed).map_err(|e| progress.error(sums_path, e))?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_lines_name_their_file_in_text_or_binary_mode() {
        assert_eq!(line_name(b"abc  a.zip"), Some(&b"a.zip"[..]));
        assert_eq!(line_name(b"abc *a b.zip\r"), Some(&b"a b.zip"[..]));
        assert_eq!(line_name(b"# a comment"), None);
    }

    #[test]
    fn output_names_are_one_plain_name() {
        for ok in ["m-1.0.0-scorm12.zip", "..x", "a.b"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "a/b.zip", "a\\b.zip", "c:x.zip"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
