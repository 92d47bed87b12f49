//! Markdown pages: TOML front matter between `+++` lines, then the body.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Report};

use super::IdSource;
use super::schema::{self, Key, Table, Ty};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    id: Option<Spanned<String>>,
}

/// The keys of a page's front matter (a test keeps this list equal to `FrontMatter`).
const FRONT_MATTER: Table = Table {
    what: "the front matter",
    keys: &[
        Key::required("title", Ty::Text, "title = \"…\""),
        Key::optional("id", Ty::Text, "id = \"my-page\""),
    ],
    variants: &[],
};

/// A page as read from disk, before cross-file checks.
pub struct PageFile {
    pub title: String,
    pub id: IdSource,
    /// Where the body starts in the file (after the front matter).
    pub body_offset: usize,
}

pub fn parse(file: &str, text: &str, stem: &str, report: &mut Report) -> Option<PageFile> {
    let Some((front, front_offset, body_offset)) = split_front_matter(text) else {
        report.push(
            Diagnostic::error("E0106", "page has no front matter")
                .at(file, 0..text.lines().next().map_or(0, str::len))
                .label("a page must start with a `+++` line")
                .help("start the file with\n+++\ntitle = \"Page title\"\n+++"),
        );
        return None;
    };
    if body_offset == usize::MAX {
        report.push(
            Diagnostic::error("E0106", "front matter is not closed")
                .at(file, 0..3)
                .label("opened here")
                .help("end the front matter with a line that holds only `+++`"),
        );
        return None;
    }
    super::control::in_toml(file, front, front_offset, report);
    let fm: FrontMatter = schema::read(file, front, front_offset, &FRONT_MATTER, super::SKIPPED, report)?;
    let id = IdSource::from_field(fm.id, front_offset, stem);
    Some(PageFile {
        title: fm.title,
        id,
        body_offset,
    })
}

/// Returns (front matter text, its offset, body offset); body offset `usize::MAX` when unclosed.
fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "+++" {
        return None;
    }
    let start = first_end + 1;
    let mut pos = start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "+++" {
            let body = (line_end + 1).min(text.len());
            return Some((&text[start..pos], start, body));
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    Some(("", start, usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let (front, fo, bo) = split_front_matter(text).expect("has front matter");
        assert_eq!(front, "title = \"A\"\n");
        assert_eq!(&text[fo..fo + 5], "title");
        assert_eq!(&text[bo..], "Body\n");
    }

    #[test]
    fn the_key_list_names_every_field_of_the_front_matter() {
        assert_eq!(
            FRONT_MATTER.all_names(),
            crate::source::schema::introspect::fields::<FrontMatter>()
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let mut report = Report::default();
        assert!(parse("p.md", "+++\ntitle = \"A\"\n", "p", &mut report).is_none());
        assert_eq!(report.diagnostics[0].message, "front matter is not closed");
    }
}
