//! `coursepack new`: the files of a small example course (one section, two pages, a quiz, an image).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::source::naming::suggest_id;

const FILES: &[(&str, &str)] = &[
    ("course.toml", include_str!("../packaging/scaffold/course.toml")),
    (
        "01-getting-started/section.toml",
        include_str!("../packaging/scaffold/section.toml"),
    ),
    (
        "01-getting-started/01-welcome.md",
        include_str!("../packaging/scaffold/page1.md"),
    ),
    (
        "01-getting-started/02-next-steps.md",
        include_str!("../packaging/scaffold/page2.md"),
    ),
    (
        "01-getting-started/03-check.quiz.toml",
        include_str!("../packaging/scaffold/quiz.toml"),
    ),
    ("media/flow.svg", include_str!("../packaging/scaffold/flow.svg")),
    ("media/logo.svg", include_str!("../packaging/scaffold/logo.svg")),
];

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} exists and is not empty: choose a new folder")]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// Writes the example course into `dir` (created; must be absent or empty). Returns the number of files.
pub fn create(dir: &Path, title: Option<&str>) -> Result<usize, ScaffoldError> {
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "my-course".to_owned());
    let slug = suggest_id(&name);
    let title = title
        .map(str::to_owned)
        .unwrap_or_else(|| name.replace(['-', '_'], " "));
    let toml_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| ScaffoldError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let text = text.replace("{{slug}}", &slug).replace("{{title}}", &toml_title);
        fs::write(&path, text).map_err(|source| ScaffoldError::Write { path, source })?;
    }
    Ok(FILES.len())
}
