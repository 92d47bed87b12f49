//! The only code that reads course files: `course.toml`, sections, pages and quizzes → `model::Course`.
//! Content problems become diagnostics (all of them); only I/O failures are errors.

mod control;
mod course_file;
mod course_time;
mod duration;
pub mod links;
pub mod naming;
mod page;
mod quiz;
mod schema;
mod slurp;
mod strings;
mod typed_answers;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use self::slurp::Source;
use crate::diag::{Diagnostic, Report, SourceMap};
use crate::model::{Course, Page, PageBody, ScoLayout, Section, SharedText};

/// Where and why a folder walk failed. Links are followed, so a walk can also stop at a link that
/// leads back up; that is said in words, with how to fix it.
pub fn walk_failure(e: walkdir::Error, root: &Path) -> (PathBuf, std::io::Error) {
    let path = e.path().unwrap_or(root).to_path_buf();
    let source = e.into_io_error().unwrap_or_else(|| {
        std::io::Error::other(
            "a symbolic link here leads back to a folder that contains it (remove the link or point it elsewhere)",
        )
    });
    (path, source)
}

/// The largest source file (page, quiz, TOML) read, in bytes. Bounds the memory a build needs
/// (see scripts/bench.sh): any page under it builds in well under 200 MB.
pub const SOURCE_SIZE_LIMIT: usize = 1024 * 1024;

/// I/O failures while reading a course folder (the tool failed, not the content).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
}

/// What loading produced: the course (when its structure could be read), every source text and the file inventory.
pub struct Loaded {
    pub course: Option<Course>,
    pub sources: SourceMap,
    /// Every regular file under the course root (dot-files and dot-folders skipped), as `/`-separated relative paths.
    pub files: BTreeSet<String>,
    /// Page and quiz files left out of the course because of their own errors: checks across the
    /// course must not report what their absence causes (a link to them, a missing assessment).
    pub incomplete: BTreeSet<String>,
    /// Broken symbolic links under the course root (dot names skipped) → the target each names.
    pub broken: BTreeMap<String, String>,
}

/// An id written in a file or derived from its name.
pub enum IdSource {
    Written { value: String, span: Range<usize> },
    Derived(String),
}

impl IdSource {
    fn from_field(field: Option<Spanned<String>>, offset: usize, stem: &str) -> Self {
        match field {
            Some(s) => {
                let span = s.span();
                Self::Written {
                    value: s.into_inner(),
                    span: span.start + offset..span.end + offset,
                }
            }
            None => Self::Derived(stem.to_owned()),
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Self::Written { value, .. } | Self::Derived(value) => value,
        }
    }

    fn span(&self) -> Range<usize> {
        match self {
            Self::Written { span, .. } => span.clone(),
            Self::Derived(_) => 0..0,
        }
    }
}

/// Said once for a file that could not be read, in place of the problems its absence would cause.
const SKIPPED: &str = "the other checks of this file were skipped; they run once it reads cleanly";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    title: Spanned<String>,
    id: Option<Spanned<String>>,
    description: Option<String>,
}

/// The keys of `section.toml` (a test keeps this list equal to `SectionFile`).
const SECTION: schema::Table = schema::Table {
    what: "section.toml",
    keys: &[
        schema::Key::required("title", schema::Ty::Text, "title = \"…\""),
        schema::Key::optional("id", schema::Ty::Text, "id = \"my-section\""),
        schema::Key::optional("description", schema::Ty::Text, "description = \"…\""),
    ],
    variants: &[],
};

/// E0110: a source file that is not UTF-8, pointed at its first bad byte (U+FFFD in the quoted text).
fn not_utf8(file: &str, at: usize, byte: u8) -> Diagnostic {
    let guess = if byte >= 0xa0 {
        format!(
            " (byte 0x{byte:02X} is `{}` in Latin-1 or Windows-1252)",
            char::from(byte)
        )
    } else {
        String::new()
    };
    Diagnostic::error("E0110", format!("{file} is not UTF-8 text"))
        .at(file, at..at + '\u{fffd}'.len_utf8())
        .label("not UTF-8")
        .help(format!("save the file as UTF-8 in your editor{guess}"))
}

/// Reads a course folder. Content problems go to `report`; `Err` only for I/O failures.
pub fn load(root: &Path, report: &mut Report) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let links::Inventory { files, broken } = links::walk(root, report)?;
    let mut reader = Reader {
        root,
        ahead: slurp::read_ahead(root, &files),
        sources: SourceMap::default(),
        report,
        ids: Vec::new(),
        incomplete: BTreeSet::new(),
    };
    links::report_broken_sources(&broken, reader.report);
    let course = reader.course(&files)?;
    Ok(Loaded {
        course,
        sources: reader.sources,
        files,
        incomplete: reader.incomplete,
        broken,
    })
}

struct Reader<'a> {
    root: &'a Path,
    /// The course's Markdown and TOML files, read ahead in parallel; each is taken when needed.
    ahead: HashMap<String, io::Result<Source>>,
    sources: SourceMap,
    report: &'a mut Report,
    /// Every section and page id with where it was written, for the duplicate check.
    ids: Vec<(String, String, Range<usize>)>,
    /// Pages and quizzes left out because of their own errors.
    incomplete: BTreeSet<String>,
}

impl Reader<'_> {
    /// Reads a source file once; the model shares the text with the source map. Bytes that are not
    /// UTF-8 are a course problem (E0110, at the first one), not a tool failure: the text goes on with
    /// U+FFFD in their place so other problems still show. A file over [`SOURCE_SIZE_LIMIT`] is not
    /// read at all (E0111, `None`).
    fn read(&mut self, rel: &str) -> Result<Option<Arc<str>>, LoadError> {
        let path = self.root.join(rel);
        let read = match self.ahead.remove(rel) {
            Some(read) => read,
            None => slurp::read(&path),
        };
        let text = match read.map_err(|source| LoadError::Io { path, source })? {
            Source::Text(text) => text,
            Source::TooLarge => {
                self.report.push(
                    Diagnostic::error(
                        "E0111",
                        format!("{rel} is larger than {} KiB", SOURCE_SIZE_LIMIT / 1024),
                    )
                    .at(rel, 0..0)
                    .help("split it into several pages (or quizzes); a page this long is hard to read and to load"),
                );
                return Ok(None);
            }
            Source::NotUtf8 { at, byte, lossy } => {
                self.report.push(not_utf8(rel, at, byte));
                lossy
            }
        };
        self.sources.insert(rel, text.clone());
        Ok(Some(text))
    }

    fn course(&mut self, files: &BTreeSet<String>) -> Result<Option<Course>, LoadError> {
        if !files.contains(course_file::FILE) {
            self.report.push(
                Diagnostic::error("E0100", "no course.toml in this folder").help(
                    "run `coursepack new <dir>` to start a course, or point at the folder that holds course.toml",
                ),
            );
            return Ok(None);
        }
        let Some(text) = self.read(course_file::FILE)? else {
            return Ok(None);
        };
        control::in_toml(course_file::FILE, &text, 0, self.report);
        let settings = course_file::parse(&text, self.report);
        let layout = settings.as_ref().map(|s| s.sco_layout);
        let mut sections = Vec::new();
        for (dir, stem) in prefixed(files.iter().filter_map(|f| f.split_once('/').map(|(d, _)| d)), "") {
            if let Some(section) = self.section(files, &dir, &stem, layout)? {
                sections.push(section);
            }
        }
        self.report_duplicate_ids();
        if sections.is_empty() {
            self.report.push(
                Diagnostic::error("E0107", "the course has no sections")
                    .at(course_file::FILE, 0..0)
                    .help("add a folder such as `01-introduction/` with a section.toml and pages"),
            );
        }
        let Some(s) = settings else { return Ok(None) };
        Ok(Some(Course {
            id: s.id,
            title: s.title,
            language: s.language,
            version: s.version,
            description: s.description,
            authors: s.authors,
            publisher: s.publisher,
            completion: s.completion,
            sco_layout: s.sco_layout,
            time_limit: s.time_limit,
            theme: crate::theme::resolve(s.theme, files, self.report),
            strings: s.strings,
            sections,
            root: self.root.to_path_buf(),
        }))
    }

    fn section(
        &mut self,
        files: &BTreeSet<String>,
        dir: &str,
        stem: &str,
        layout: Option<ScoLayout>,
    ) -> Result<Option<Section>, LoadError> {
        let toml_path = format!("{dir}/section.toml");
        let mut ids = Vec::new();
        let (title, description, id) = if files.contains(&toml_path) {
            match self.read(&toml_path)? {
                None => (String::new(), None, IdSource::Derived(stem.to_owned())),
                Some(text) => {
                    control::in_toml(&toml_path, &text, 0, self.report);
                    match schema::read::<SectionFile>(&toml_path, &text, 0, &SECTION, SKIPPED, self.report) {
                        Some(s) => {
                            // Only a section that is its own SCO puts its title in the manifest.
                            if layout == Some(ScoLayout::PerSection) {
                                course_file::check_title(&toml_path, &s.title, 0, self.report);
                            }
                            (s.title.into_inner(), s.description, IdSource::from_field(s.id, 0, stem))
                        }
                        None => (String::new(), None, IdSource::Derived(stem.to_owned())),
                    }
                }
            }
        } else {
            self.report.push(
                Diagnostic::error("E0108", format!("section folder `{dir}` has no section.toml"))
                    .help(format!("create {toml_path} with a line: title = \"…\"")),
            );
            (String::new(), None, IdSource::Derived(stem.to_owned()))
        };
        ids.push((id.value().to_owned(), toml_path.clone(), id.span()));
        let in_dir: Vec<&str> = files
            .iter()
            .filter_map(|f| f.strip_prefix(dir).and_then(|r| r.strip_prefix('/')))
            .filter(|r| !r.contains('/'))
            .collect();
        let mut pages = Vec::new();
        let mut names: BTreeMap<String, &str> = BTreeMap::new();
        for name in &in_dir {
            names.insert((*name).to_owned(), name);
        }
        // Page files found, whether or not they could be read: an empty section has none.
        let mut page_files = 0usize;
        for name in names.keys() {
            let rel = format!("{dir}/{name}");
            if let Some(stem) = naming::ordered_stem(name, ".quiz.toml") {
                page_files += 1;
                let Some(text) = self.read(&rel)? else {
                    self.incomplete.insert(rel);
                    continue;
                };
                control::in_toml(&rel, &text, 0, self.report);
                let Some(q) = quiz::parse(&rel, &text, &stem, self.report) else {
                    self.incomplete.insert(rel);
                    continue;
                };
                ids.push((q.id.value().to_owned(), rel.clone(), q.id.span()));
                pages.push(Page {
                    id: q.id.value().to_owned(),
                    title: q.title,
                    file: rel,
                    body: PageBody::Quiz(q.quiz),
                });
            } else if let Some(stem) = naming::ordered_stem(name, ".md") {
                page_files += 1;
                let Some(text) = self.read(&rel)? else {
                    self.incomplete.insert(rel);
                    continue;
                };
                let Some(p) = page::parse(&rel, &text, &stem, self.report) else {
                    self.incomplete.insert(rel);
                    continue;
                };
                control::in_text(
                    &rel,
                    text.get(p.body_offset..).unwrap_or(""),
                    p.body_offset,
                    self.report,
                );
                ids.push((p.id.value().to_owned(), rel.clone(), p.id.span()));
                pages.push(Page {
                    id: p.id.value().to_owned(),
                    title: p.title,
                    file: rel,
                    body: PageBody::Markdown {
                        text: SharedText::new(text.clone(), p.body_offset),
                        offset: p.body_offset,
                    },
                });
            }
        }
        for (id, file, span) in ids {
            self.ids.push((id.clone(), file.clone(), span.clone()));
            if let Some(problem) = naming::id_problem(&id) {
                self.report.push(
                    Diagnostic::error("E0201", format!("invalid id `{id}`: it {problem}"))
                        .at(&file, span)
                        .help(format!(
                            "write `id = \"{}\"` or rename the file",
                            naming::suggest_id(&id)
                        )),
                );
            }
        }
        if page_files == 0 {
            // An empty section would be an empty SCO (per-section) or a heading with nothing under it.
            self.report.push(
                Diagnostic::error("E0114", format!("section `{dir}` has no pages"))
                    .at(&toml_path, 0..0)
                    .help("add a page named like `01-name.md` or `02-check.quiz.toml`, or remove the folder"),
            );
        }
        Ok(Some(Section {
            id: id.value().to_owned(),
            title,
            description,
            pages,
        }))
    }
}

impl Reader<'_> {
    fn report_duplicate_ids(&mut self) {
        let mut first: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, file, span) in &self.ids {
            match first.get(id.as_str()) {
                Some(other) => self.report.push(
                    Diagnostic::error("E0202", format!("duplicate id `{id}`"))
                        .at(file, span.clone())
                        .label(format!("also used by {other}"))
                        .help("section and page ids must be unique in the course: write another `id = \"…\"` or rename the file"),
                ),
                None => {
                    first.insert(id, file);
                }
            }
        }
    }
}

/// Distinct names with a numeric prefix, in name order, with their id stems.
fn prefixed<'a>(names: impl Iterator<Item = &'a str>, ext: &str) -> Vec<(String, String)> {
    let unique: BTreeSet<&str> = names.collect();
    unique
        .into_iter()
        .filter_map(|n| naming::ordered_stem(n, ext).map(|stem| (n.to_owned(), stem)))
        .collect()
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_key_list_names_every_field_of_section_toml() {
        assert_eq!(
            super::SECTION.all_names(),
            super::schema::introspect::fields::<super::SectionFile>()
        );
    }
}
