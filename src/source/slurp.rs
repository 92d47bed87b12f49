//! Reading a source file (size limit, byte-order mark, UTF-8), and reading them all ahead on every
//! core, so that the loader, which builds the model in order, finds them in memory.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::SOURCE_SIZE_LIMIT;

/// A source file's text, or why it has none.
pub(super) enum Source {
    Text(Arc<str>),
    /// Over [`SOURCE_SIZE_LIMIT`].
    TooLarge,
    /// Not UTF-8 from byte `at` (which is `byte`); `lossy` is the text with replacement characters.
    NotUtf8 {
        at: usize,
        byte: u8,
        lossy: Arc<str>,
    },
}

/// Reads one file, at most one byte past the size limit.
pub(super) fn read(path: &Path) -> io::Result<Source> {
    let file = File::open(path)?;
    let limit = u64::try_from(SOURCE_SIZE_LIMIT).unwrap_or(u64::MAX);
    let expected = file.metadata().map_or(0, |m| m.len().min(limit + 1));
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() > SOURCE_SIZE_LIMIT {
        return Ok(Source::TooLarge);
    }
    // A byte-order mark (Windows editors write one) is not part of the text.
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Source::Text(text.into()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[at];
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned().into();
            Source::NotUtf8 { at, byte, lossy }
        }
    })
}

/// The files of `files` (paths under `root`) the loader may read, read in parallel: the TOML files
/// at the top and the Markdown and TOML files one folder down (sections, pages, quizzes).
pub(super) fn read_ahead(root: &Path, files: &BTreeSet<String>) -> HashMap<String, io::Result<Source>> {
    let wanted: Vec<&String> = files
        .iter()
        .filter(|f| match f.matches('/').count() {
            0 => f.ends_with(".toml"),
            1 => f.ends_with(".md") || f.ends_with(".toml"),
            _ => false,
        })
        .collect();
    wanted
        .into_par_iter()
        .map(|f| (f.clone(), read(&root.join(f))))
        .collect()
}
