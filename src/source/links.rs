//! The walk over the course folder and its symbolic links. Dot-files and dot-folders are skipped; links are
//! followed, one that leads out of the folder with a warning; a broken link matters only where the
//! course uses it (a page, a section, an image), and then it is a course error.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::Path;

use crate::diag::{Diagnostic, Report};

use super::{LoadError, naming, rel_string, walk_failure};

/// The files of a course folder (`/`-separated relative paths), and its broken links with the
/// target each one names.
#[derive(Default)]
pub struct Inventory {
    pub files: BTreeSet<String>,
    pub broken: BTreeMap<String, String>,
}

fn is_dot(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

fn target_of(link: &Path) -> String {
    fs::read_link(link).map_or_else(|_| "?".to_owned(), |t| t.display().to_string())
}

/// Walks `root`: every regular file and every broken link (dot-files and dot-folders skipped,
/// the latter not entered), and a warning for each link that leads out of the folder.
pub fn walk(root: &Path, report: &mut Report) -> Result<Inventory, LoadError> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut found = Inventory::default();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_dot(e.file_name()));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A link the walk could not follow because its target is missing.
                let broken = e.loop_ancestor().is_none()
                    && e.path().is_some_and(|p| {
                        fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                            && fs::metadata(p).is_err_and(|m| {
                                matches!(m.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
                            })
                    });
                match e.path().filter(|_| broken).map(Path::to_path_buf) {
                    Some(link) => {
                        if let (false, Ok(rel)) = (link.file_name().is_some_and(is_dot), link.strip_prefix(root)) {
                            found.broken.insert(rel_string(rel), target_of(&link));
                        }
                        continue;
                    }
                    None => {
                        let (path, source) = walk_failure(e, root);
                        return Err(LoadError::Io { path, source });
                    }
                }
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        if entry.depth() > 0
            && entry.path_is_symlink()
            && let Some(real) = leads_out_to(entry.path(), &real_root)
        {
            report.push(leads_out(&rel_string(rel), &target_of(entry.path()), &real));
        }
        if entry.file_type().is_file() {
            match rel.to_str() {
                Some(_) => {
                    found.files.insert(rel_string(rel));
                }
                None => name_not_utf8(&rel_string(rel), report),
            }
        }
    }
    Ok(found)
}

/// A file whose name is not UTF-8 cannot be named from a page or put in a zip; it is left out,
/// and reported when it would be a source file (E0112), so it is not silently missing.
fn name_not_utf8(lossy: &str, report: &mut Report) {
    let source = [".md", ".quiz.toml", "section.toml", super::course_file::FILE]
        .iter()
        .any(|ext| lossy.ends_with(ext));
    if source {
        report.push(
            Diagnostic::error("E0112", format!("the file name `{lossy}` is not UTF-8 text")).help(
                "rename the file using UTF-8 (ideally only a-z, 0-9, - and _); `\u{fffd}` marks the bytes that are not",
            ),
        );
    }
}

/// Where `link` points, one step resolved, if the link lies in the course folder and its target
/// does not (a link inside a folder that is already outside was warned about with that folder).
fn leads_out_to(link: &Path, real_root: &Path) -> Option<std::path::PathBuf> {
    let home = link.parent()?.canonicalize().ok()?;
    if !home.starts_with(real_root) {
        return None;
    }
    let joined = home.join(fs::read_link(link).ok()?);
    let target = match (joined.parent().map(Path::canonicalize), joined.file_name()) {
        (Some(Ok(dir)), Some(name)) => dir.join(name),
        _ => joined.canonicalize().ok()?,
    };
    (!target.starts_with(real_root)).then_some(target)
}

/// W0110: a followed link whose target is outside the course folder.
fn leads_out(rel: &str, target: &str, real: &Path) -> Diagnostic {
    let resolved = real.display().to_string();
    let shown = if resolved == target {
        format!("`{target}`")
    } else {
        format!("`{target}` ({resolved})")
    };
    Diagnostic::warning(
        "W0110",
        format!("symbolic link `{rel}` leads out of the course folder, to {shown}"),
    )
    .help("what it points at is packaged as if it were in the course folder: make sure that is meant")
}

/// Whether the loader would read `rel` as part of the course: course.toml, a section folder, its
/// section.toml, or a page or quiz in it.
fn is_course_source(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        [name] => *name == super::course_file::FILE || naming::ordered_stem(name, "").is_some(),
        [dir, name] => {
            naming::ordered_stem(dir, "").is_some()
                && (*name == "section.toml"
                    || naming::ordered_stem(name, ".md").is_some()
                    || naming::ordered_stem(name, ".quiz.toml").is_some())
        }
        _ => false,
    }
}

/// E0316 for each broken link the loader would read as part of the course.
pub fn report_broken_sources(broken: &BTreeMap<String, String>, report: &mut Report) {
    for (rel, target) in broken.iter().filter(|(rel, _)| is_course_source(rel)) {
        report.push(
            Diagnostic::error(
                "E0316",
                format!("`{rel}` is a symbolic link to `{target}`, which does not exist"),
            )
            .help("point the link at an existing file or folder, or delete it"),
        );
    }
}

/// E0315: a page refers to a broken link.
pub fn used_broken(file: &str, at: std::ops::Range<usize>, dest: &str, target: &str) -> Diagnostic {
    Diagnostic::error(
        "E0315",
        format!("`{dest}` is a symbolic link to `{target}`, which does not exist"),
    )
    .at(file, at)
    .label("broken link")
    .help("point the link at an existing file, or put the file itself in its place")
}

#[cfg(test)]
mod tests {
    use super::is_course_source;

    #[test]
    fn course_sources_are_what_the_loader_reads() {
        for rel in [
            "course.toml",
            "01-intro",
            "01-intro/section.toml",
            "01-intro/02-a.md",
            "02-x/01-q.quiz.toml",
        ] {
            assert!(is_course_source(rel), "{rel}");
        }
        for rel in [
            "media",
            "media/a.png",
            "01-intro/notes.md",
            "01-intro/.#02-a.md",
            "README.md",
            "a/b/c",
        ] {
            assert!(!is_course_source(rel), "{rel}");
        }
    }
}
