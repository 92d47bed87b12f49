//! `coursepack new`: the files of a small example course (one section, two pages, a quiz, an image).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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
];

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} exists and is not empty: choose a new folder")]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// The folder `dir` really names: absolute, its existing part with links resolved
/// (canonicalised), the rest (`typo/..`) applied as written. `existing/typo/..` is `existing`.
pub fn resolve(dir: &Path) -> io::Result<PathBuf> {
    let abs = std::env::current_dir()?.join(dir);
    let parts: Vec<Component> = abs.components().collect();
    for known in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..known].iter().collect();
        let Ok(mut real) = prefix.canonicalize() else { continue };
        for part in &parts[known..] {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    Ok(abs)
}

/// Writes the example course into `dir` (created; must be absent or empty). Returns the number of files.
pub fn create(dir: &Path, title: Option<&str>) -> Result<usize, ScaffoldError> {
    let real = resolve(dir).map_err(|source| ScaffoldError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    if fs::read_dir(&real).is_ok_and(|mut d| d.next().is_some()) {
        return Err(ScaffoldError::NotEmpty(real));
    }
    let dir = real.as_path();
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "my-course".to_owned());
    let slug = suggest_id(&name);
    let derived = name.replace(['-', '_'], " ");
    let title = title.map(str::to_owned).unwrap_or_else(|| {
        if derived.trim().is_empty() {
            "My course".to_owned()
        } else {
            derived.trim().to_owned()
        }
    });
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
