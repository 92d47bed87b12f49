//! A package's table of contents and single-file reads, without unpacking anything to disk.
//! Zip header sizes are never trusted: reads are capped, entry counts and totals are bounded.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::ValidateError;
use super::findings::{Findings, Refine};

/// At most this many entries are read from a package.
pub const MAX_ENTRIES: usize = 50_000;
/// Declared uncompressed size of the whole package that is still accepted. Courses carry gigabytes of
/// video, stored at ratio 1, so the limits are generous; bombs are caught by their ratio.
pub const MAX_TOTAL_SIZE: u64 = 64 << 30;
/// Declared uncompressed size of one entry that is still accepted.
pub const MAX_ENTRY_SIZE: u64 = 16 << 30;
/// Compression ratio above which an entry (of at least 1 MiB) counts as a bomb.
pub const MAX_RATIO: u64 = 500;
/// Whole-package compression ratio above which a package of more than 1 GiB counts as a bomb (courses are
/// mostly stored media, near 1:1); it bounds the work of reading every entry to the archive's own size.
pub const MAX_PACKAGE_RATIO: u64 = 100;

/// One file of the package: its `/`-separated path and declared size.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    index: usize,
}

/// What the user pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Zip,
    Folder,
    /// A bare manifest file: checks that need the package's files are skipped.
    Manifest,
}

/// Anything a zip can be read from: a file on disk or bytes in memory.
pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

enum Source {
    Zip(Box<ZipArchive<Box<dyn ReadSeek>>>),
    Folder(PathBuf),
    Manifest(PathBuf),
    Memory(Vec<u8>),
}

/// An opened package: its entries and a way to read a few of them.
pub struct Package {
    pub container: Container,
    pub entries: Vec<Entry>,
    names: HashSet<String>,
    source: Source,
}

/// Why a file of the package could not be read.
#[derive(Debug)]
pub enum ReadError {
    TooLarge,
    Unreadable(String),
}

impl Package {
    /// Opens a zip, folder or bare manifest; archive-level problems become findings and
    /// `Ok(None)` when nothing more can be checked.
    pub fn open(path: &Path, findings: &mut Findings) -> Result<Option<Package>, ValidateError> {
        let meta = std::fs::metadata(path).map_err(|e| ValidateError::io(path, e))?;
        if meta.is_dir() {
            return folder(path, findings);
        }
        // A zip is read from its end (the central directory) and then by offsets: a pipe cannot be.
        if !meta.is_file() {
            return Err(ValidateError::NotSeekable {
                path: path.display().to_string(),
            });
        }
        let is_xml = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"));
        if is_xml {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entries = vec![Entry {
                name,
                size: meta.len(),
                index: 0,
            }];
            return Ok(Some(Package::new(
                Container::Manifest,
                entries,
                Source::Manifest(path.to_owned()),
            )));
        }
        let file = File::open(path).map_err(|e| ValidateError::io(path, e))?;
        Ok(Package::from_zip(Box::new(BufReader::new(file)), findings))
    }

    /// Opens a zip from any reader; `None` (with a ZIP-08 finding) when it is no readable zip.
    pub fn from_zip(mut reader: Box<dyn ReadSeek>, findings: &mut Findings) -> Option<Package> {
        match super::eocd::check(&mut reader) {
            Ok(None) => {}
            Ok(Some(limit)) => {
                findings
                    .add("ZIP-10", limit.message())
                    .hint("no course needs this; LMSs time out or run out of memory unpacking it");
                return None;
            }
            Err(e) => {
                findings.add("ZIP-08", format!("not a readable zip archive: {e}"));
                return None;
            }
        }
        match ZipArchive::new(reader) {
            Ok(archive) => zip_package(archive, findings),
            Err(e) => {
                findings
                    .add("ZIP-08", format!("not a readable zip archive: {e}"))
                    .hint("re-export the package; a truncated download or a renamed file gives this");
                None
            }
        }
    }

    /// A zip held in memory.
    pub fn from_zip_bytes(bytes: Vec<u8>, findings: &mut Findings) -> Option<Package> {
        Package::from_zip(Box::new(Cursor::new(bytes)), findings)
    }

    /// A bare manifest held in memory, under its file name.
    pub fn from_manifest_bytes(name: &str, bytes: Vec<u8>) -> Package {
        let entry = Entry {
            name: name.to_owned(),
            size: bytes.len() as u64,
            index: 0,
        };
        Package::new(Container::Manifest, vec![entry], Source::Memory(bytes))
    }

    fn new(container: Container, entries: Vec<Entry>, source: Source) -> Self {
        let names = entries.iter().map(|e| e.name.clone()).collect();
        Self {
            container,
            entries,
            names,
            source,
        }
    }

    /// Whether a file with exactly this path is in the package.
    pub fn has_file(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Whether the package's files are known (not a bare manifest).
    pub fn has_files(&self) -> bool {
        self.container != Container::Manifest
    }

    /// Reads one entry, at most `limit` bytes whatever its header says.
    pub fn read(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let Some(entry) = self.entries.iter().find(|e| e.name == name) else {
            return Err(ReadError::Unreadable("no such entry".to_owned()));
        };
        let index = entry.index;
        let mut bytes = Vec::new();
        let result = match &mut self.source {
            Source::Zip(archive) => match archive.by_index(index) {
                Ok(file) => file.take(limit + 1).read_to_end(&mut bytes),
                Err(e) => return Err(ReadError::Unreadable(e.to_string())),
            },
            Source::Folder(root) => read_capped(&root.join(name), limit, &mut bytes),
            Source::Manifest(path) => read_capped(path, limit, &mut bytes),
            Source::Memory(data) => (&data[..]).take(limit + 1).read_to_end(&mut bytes),
        };
        match result {
            Err(e) => Err(ReadError::Unreadable(e.to_string())),
            Ok(_) if bytes.len() as u64 > limit => Err(ReadError::TooLarge),
            Ok(_) => Ok(bytes),
        }
    }
}

fn read_capped(path: &Path, limit: u64, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    File::open(path)?.take(limit + 1).read_to_end(bytes)
}

fn zip_package(mut archive: ZipArchive<Box<dyn ReadSeek>>, findings: &mut Findings) -> Option<Package> {
    if archive.len() > MAX_ENTRIES {
        findings.add(
            "ZIP-10",
            super::eocd::Limit::TooManyEntries(archive.len() as u64).message(),
        );
        return None;
    }
    if archive.has_duplicate_names() {
        findings
            .add("ZIP-13", "the archive has two or more entries with the same name")
            .hint("rebuild the zip; only one of the copies would reach the learner");
    }
    let mut entries = Vec::new();
    let mut total: u64 = 0;
    let mut packed_total: u64 = 0;
    let mut bombs = Vec::new();
    let (mut links, mut encrypted, mut bad_names) = (Vec::new(), Vec::new(), Vec::new());
    let mut unsafe_to_read = std::collections::BTreeSet::new();
    for index in 0..archive.len() {
        let Ok(data) = archive.by_index_data(index) else {
            findings.add(
                "ZIP-08",
                format!("entry {index} of the central directory is unreadable"),
            );
            continue;
        };
        // Names are UTF-8 or plain ASCII in any zip a web server can serve from; legacy code-page
        // names cannot match a UTF-8 manifest's hrefs, so they are reported, never decoded.
        let name = match std::str::from_utf8(data.name_raw()) {
            Ok(n) => n.to_owned(),
            Err(_) => {
                let lossy = String::from_utf8_lossy(data.name_raw()).into_owned();
                bad_names.push(lossy.clone());
                lossy
            }
        };
        let (size, packed) = (data.size(), data.compressed_size());
        total = total.saturating_add(size);
        packed_total = packed_total.saturating_add(packed);
        if size > MAX_ENTRY_SIZE || (size >= 1 << 20 && size / packed.max(1) > MAX_RATIO) {
            bombs.push(format!("{name} ({size} bytes from {packed})"));
            unsafe_to_read.insert(index);
        }
        if data.is_symlink() {
            links.push(name);
            continue;
        }
        if data.encrypted() {
            encrypted.push(name.clone());
            unsafe_to_read.insert(index);
        }
        if !data.is_dir() {
            entries.push(Entry { name, size, index });
        }
    }
    report_list(findings, "ZIP-11", "symbolic links", &links);
    report_list(findings, "ZIP-12", "encrypted entries", &encrypted);
    report_list(findings, "ZIP-09", "entries that inflate beyond the limits", &bombs);
    report_list(findings, "ZIP-02", "entry names that are not valid UTF-8", &bad_names);
    if total > MAX_TOTAL_SIZE {
        findings.add(
            "ZIP-09",
            format!("the entries declare {total} bytes uncompressed, more than the {MAX_TOTAL_SIZE} accepted"),
        );
    }
    let package_ratio_ok = total <= 1 << 30 || total / packed_total.max(1) <= MAX_PACKAGE_RATIO;
    if !package_ratio_ok {
        findings.add(
            "ZIP-09",
            format!("the entries declare {total} bytes uncompressed from {packed_total} compressed, more than {MAX_PACKAGE_RATIO}:1"),
        );
    }
    if total <= MAX_TOTAL_SIZE && package_ratio_ok {
        let corrupt = corrupt_entries(&mut archive, &entries, &unsafe_to_read);
        report_list(
            findings,
            "ZIP-08",
            "entries whose data is corrupt (CRC or deflate error)",
            &corrupt,
        );
    }
    Some(Package::new(Container::Zip, entries, Source::Zip(Box::new(archive))))
}

/// Reads every entry to its end, as an LMS unpacking the package would, so the zip crate checks its CRC-32;
/// streamed into a sink (bounded memory). Bombs and encrypted entries are never read.
fn corrupt_entries(
    archive: &mut ZipArchive<Box<dyn ReadSeek>>,
    entries: &[Entry],
    skip: &std::collections::BTreeSet<usize>,
) -> Vec<String> {
    let mut corrupt = Vec::new();
    for entry in entries.iter().filter(|e| !skip.contains(&e.index)) {
        let ok = match archive.by_index(entry.index) {
            Ok(mut file) => std::io::copy(&mut file, &mut std::io::sink()).is_ok(),
            Err(_) => false,
        };
        if !ok {
            corrupt.push(entry.name.clone());
        }
    }
    corrupt
}

fn folder(root: &Path, findings: &mut Findings) -> Result<Option<Package>, ValidateError> {
    let mut entries = Vec::new();
    let mut links = Vec::new();
    let walk = walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name();
    for item in walk.into_iter() {
        let item = item.map_err(|e| ValidateError::walk(root, e))?;
        let Ok(rel) = item.path().strip_prefix(root) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if item.path_is_symlink() {
            links.push(name);
        } else if item.file_type().is_file() {
            if entries.len() == MAX_ENTRIES {
                findings.add(
                    "ZIP-10",
                    format!(
                        "too many files: the folder has more than the {MAX_ENTRIES} accepted; nothing in it was checked"
                    ),
                );
                return Ok(None);
            }
            let size = item.metadata().map(|m| m.len()).unwrap_or(0);
            entries.push(Entry { name, size, index: 0 });
        }
    }
    report_list(findings, "ZIP-11", "symbolic links", &links);
    Ok(Some(Package::new(
        Container::Folder,
        entries,
        Source::Folder(root.to_owned()),
    )))
}

/// One finding for a list of offending names (`what` in the plural): count and the first few,
/// each in backticks unless it already holds some.
pub fn report_list(findings: &mut Findings, code: &'static str, what: &str, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let shown: Vec<String> = names
        .iter()
        .take(5)
        .map(|n| if n.contains('`') { n.clone() } else { format!("`{n}`") })
        .collect();
    let more = if names.len() > 5 {
        format!(" and {} more", names.len() - 5)
    } else {
        String::new()
    };
    findings.add(code, format!("{what} ({}): {}{more}", names.len(), shown.join(", ")));
}
