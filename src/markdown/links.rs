//! Where a link or media reference leads: another page, the web, or a course file that goes into the
//! package. Markdown links and images, callout media and raw HTML attributes all resolve here.

use std::ops::Range;

use super::{LinkContext, Rendered, escape};
use crate::diag::Diagnostic;

/// Schemes a link may use; `http`/`https` open in a new window.
const LINK_SCHEMES: &str = "https:, http:, mailto: and tel:";

/// The opening `<a …>` of a link to `dest`, with `extra` attributes (already escaped, each with a
/// leading space) kept as written.
pub(super) fn link_open(dest: &str, extra: &str, abs: Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> String {
    match scheme(dest).as_deref() {
        Some("http" | "https") => {
            return format!(
                "<a href=\"{}\"{extra} target=\"_blank\" rel=\"noopener\" data-external>",
                escape(dest)
            );
        }
        Some("mailto" | "tel") => return format!("<a href=\"{}\"{extra}>", escape(dest)),
        Some(other) => {
            out.diagnostics.push(refused_scheme(other, abs, ctx, "link"));
            return format!("<a{extra}>");
        }
        None if dest.starts_with("//") => {
            return format!(
                "<a href=\"https:{}\"{extra} target=\"_blank\" rel=\"noopener\" data-external>",
                escape(dest)
            );
        }
        None => {}
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return format!("<a href=\"#{}\"{extra}>", escape(anchor));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if path.ends_with(".md") {
        let target = super::join(ctx.file, path);
        match target.as_ref().and_then(|t| ctx.pages.get(t).map(|id| (t, id))) {
            Some((target, id)) => {
                if let Some(d) = other_sco(path, target, &abs, ctx) {
                    out.diagnostics.push(d);
                }
                return format!("<a href=\"{}\"{extra}>", escape(&(ctx.page_href)(id, anchor)));
            }
            None => out.diagnostics.push(
                Diagnostic::error("E0303", format!("link to a page that does not exist: `{path}`"))
                    .at(ctx.file, abs)
                    .label("no page at this path")
                    .help("link to a page's .md file by its path relative to this page, e.g. ../02-section/01-page.md"),
            ),
        }
        return format!("<a href=\"{}\"{extra}>", escape(dest));
    }
    let href = resolve_file(path, abs, ctx, out, "link").unwrap_or_else(|| path.to_owned());
    format!("<a href=\"{}\"{extra} download>", escape(&href))
}

/// E0317: in the per-section layout, a link from this page to a page of another section (another SCO).
fn other_sco(path: &str, target: &str, abs: &Range<usize>, ctx: &LinkContext) -> Option<Diagnostic> {
    let sections = ctx.sco_sections?;
    let folder = |file: &str| file.split('/').next().unwrap_or("").to_owned();
    let (here, there) = (folder(ctx.file), folder(target));
    if here == there {
        return None;
    }
    let title = sections.get(&there).unwrap_or(&there);
    Some(
        Diagnostic::error("E0317", format!("link to a page of another section: `{path}`"))
            .at(ctx.file, abs.clone())
            .label(format!(
                "section “{title}” is another SCO with sco_layout = \"per-section\""
            ))
            .help(format!(
                "an LMS does not let a link jump from one SCO into another: name the section in the text \
                 (“see the section {title}”) so learners open it from the LMS menu, or set \
                 sco_layout = \"single\" in course.toml"
            )),
    )
}

/// Resolves a relative media reference to a course-root path that exists and may be packaged (it
/// is then added to the page's media), or reports why not.
pub(super) fn resolve_file(
    dest: &str,
    abs: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
    what: &str,
) -> Option<String> {
    let web = matches!(scheme(dest).as_deref(), Some("http" | "https")) || dest.starts_with("//");
    if web {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("{what} points outside the package: `{dest}`"))
                .at(ctx.file, abs)
                .label("packages must work offline")
                .help("download the file into media/ and refer to it with a relative path"),
        );
        return None;
    }
    if let Some(other) = scheme(dest) {
        out.diagnostics.push(refused_scheme(&other, abs, ctx, what));
        return None;
    }
    let Some(path) = super::join(ctx.file, dest) else {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("`{dest}` is outside the course folder"))
                .at(ctx.file, abs)
                .help("keep media inside the course folder, e.g. in media/"),
        );
        return None;
    };
    if let Some(why) = never_packaged(&path) {
        out.diagnostics.push(
            Diagnostic::error("E0314", format!("`{path}` {why}: it is never put in a package"))
                .at(ctx.file, abs)
                .label(format!("this {what} would publish it"))
                .help("refer to a file in media/ instead (link to another page by its .md file)"),
        );
        return None;
    }
    if let Some(target) = ctx.broken.get(&path) {
        out.diagnostics
            .push(crate::source::links::used_broken(ctx.file, abs, dest, target));
        return None;
    }
    if !ctx.files.contains(&path) {
        out.diagnostics.push(
            Diagnostic::error("E0302", format!("file not found: `{dest}`"))
                .at(ctx.file, abs)
                .label(format!("looked for {path}"))
                .help("check the file name and that the path is relative to this page"),
        );
        return None;
    }
    if let Some(bad) = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_./".contains(*c)))
    {
        out.diagnostics.push(
            Diagnostic::error("E0304", format!("media file name `{path}` contains `{bad}`"))
                .at(ctx.file, abs)
                .help("LMSs rename or reject such names: use only a-z, 0-9, -, _ and ."),
        );
    }
    out.media.insert(path.clone());
    Some(path)
}

/// Why a course-root path may never be packaged: hidden files and folders (`.git/config`, `.env`)
/// and the course's own sources (its answers are in the quiz files).
pub(super) fn never_packaged(path: &str) -> Option<&'static str> {
    if path.split('/').any(|part| part.starts_with('.')) {
        return Some("is a hidden file or in a hidden folder");
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let source =
        name == "course.toml" || name == "section.toml" || name.ends_with(".md") || name.ends_with(".quiz.toml");
    source.then_some("is a course source file")
}

/// The scheme of an absolute URL, lower-cased (`HTTPS://` is `https`), or `None` for a relative
/// reference. A scheme is a letter followed by letters, digits, `+`, `-` or `.`, then `:`.
pub(super) fn scheme(dest: &str) -> Option<String> {
    let (head, _) = dest.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| head.to_ascii_lowercase())
}

fn refused_scheme(scheme: &str, abs: Range<usize>, ctx: &LinkContext, what: &str) -> Diagnostic {
    let help = if what == "link" {
        format!("links may use {LINK_SCHEMES}; refer to course files by a relative path")
    } else {
        "refer to a file in the course folder by a relative path, e.g. ../media/figure.png".to_owned()
    };
    Diagnostic::error("E0309", format!("{what} uses `{scheme}:`, which a package may not use"))
        .at(ctx.file, abs)
        .label("not allowed in a course")
        .help(help)
}
