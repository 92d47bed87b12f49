//! The one place that configures the Markdown dialect: CommonMark + tables/footnotes, `:::` callouts,
//! links to pages and media rewritten for the package. Reports every problem it meets as a diagnostic.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::diag::Diagnostic;

mod callout;

/// What a page's Markdown may refer to, and how references become addresses in the package.
pub struct LinkContext<'a> {
    /// The page's source file, relative to the course root.
    pub file: &'a str,
    /// Page source file → page id, for every page of the course.
    pub pages: &'a BTreeMap<String, String>,
    /// Every file in the course folder.
    pub files: &'a BTreeSet<String>,
    /// Turns a page id (and optional anchor) into an `href`.
    pub page_href: &'a (dyn Fn(&str, Option<&str>) -> String + Sync),
    /// Course language, for captions.
    pub lang: &'a str,
    /// Localised labels: "opens_new_window", "transcript", "download".
    pub label: &'a (dyn Fn(&str) -> String + Sync),
    /// In the per-section layout, section folder → section title: each section is its own SCO, and
    /// a page link into another folder is an error. `None` when the course is one SCO.
    pub sco_sections: Option<&'a BTreeMap<String, String>>,
}

/// A page body turned into HTML, with the media files it uses and the problems found.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Media files (course-root relative) the page uses.
    pub media: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn render(text: &str, offset: usize, ctx: &LinkContext) -> Rendered {
    let mut out = Rendered::default();
    callout::render_blocks(text, offset, ctx, &mut out);
    out
}

/// Renders plain Markdown (no callouts) starting at `offset` in the page file.
fn render_markdown(text: &str, offset: usize, ctx: &LinkContext, out: &mut Rendered) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, opts).into_offset_iter().collect();
    let mut rewritten: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let abs = range.start + offset..range.end + offset;
        match event {
            Event::Start(Tag::Paragraph) if lone_image(&events[i..]).is_some() => {
                let end = lone_image(&events[i..]).unwrap_or(0);
                let html = image_html(&events[i + 1..i + end], abs, ctx, out, true);
                rewritten.push(Event::Html(html.into()));
                i += end + 1;
                continue;
            }
            Event::Start(Tag::Image { .. }) => {
                let end = closing(&events[i..], |e| matches!(e, Event::End(TagEnd::Image)));
                let html = image_html(&events[i..=i + end], abs, ctx, out, false);
                rewritten.push(Event::InlineHtml(html.into()));
                i += end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                rewritten.push(Event::InlineHtml(link_open(dest_url, title, abs, ctx, out).into()));
            }
            Event::End(TagEnd::Link) => rewritten.push(Event::InlineHtml("</a>".into())),
            other => rewritten.push(other.clone()),
        }
        i += 1;
    }
    html::push_html(&mut out.html, rewritten.into_iter());
}

/// If events start with a paragraph holding only one image, the index of the paragraph's end.
fn lone_image(events: &[(Event, Range<usize>)]) -> Option<usize> {
    if !matches!(events.get(1)?.0, Event::Start(Tag::Image { .. })) {
        return None;
    }
    let img_end = 1 + closing(&events[1..], |e| matches!(e, Event::End(TagEnd::Image)));
    matches!(events.get(img_end + 1)?.0, Event::End(TagEnd::Paragraph)).then_some(img_end + 1)
}

fn closing(events: &[(Event, Range<usize>)], is_end: impl Fn(&Event) -> bool) -> usize {
    events
        .iter()
        .position(|(e, _)| is_end(e))
        .unwrap_or(events.len().saturating_sub(1))
}

fn image_html(
    events: &[(Event, Range<usize>)],
    abs: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
    block: bool,
) -> String {
    let (dest, title) = match events.first().map(|(e, _)| e) {
        Some(Event::Start(Tag::Image { dest_url, title, .. })) => (dest_url.to_string(), title.to_string()),
        _ => return String::new(),
    };
    let alt: String = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    if alt.trim().is_empty() {
        out.diagnostics.push(
            Diagnostic::error("E0301", "image has no alt text")
                .at(ctx.file, abs.clone())
                .label("screen-reader users cannot see this image")
                .help(format!(
                    "describe the image between the brackets: ![What the image shows]({dest})"
                )),
        );
    }
    let src = match resolve_file(&dest, abs, ctx, out, "image") {
        Some(path) => path,
        None => dest.clone(),
    };
    let img = format!("<img src=\"{}\" alt=\"{}\">", escape(&src), escape(alt.trim()));
    if block {
        let caption = if title.is_empty() {
            String::new()
        } else {
            format!("<figcaption>{}</figcaption>", escape(&title))
        };
        format!("<figure class=\"cp-figure\">{img}{caption}</figure>\n")
    } else {
        img
    }
}

fn link_open(dest: &CowStr, title: &CowStr, abs: Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let dest = dest.as_ref();
    if is_external(dest) {
        return format!(
            "<a href=\"{}\"{title_attr} target=\"_blank\" rel=\"noopener\" data-external>",
            escape(dest)
        );
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return format!("<a href=\"#{}\"{title_attr}>", escape(anchor));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if path.ends_with(".md") {
        let target = join(ctx.file, path);
        match target.as_ref().and_then(|t| ctx.pages.get(t).map(|id| (t, id))) {
            Some((target, id)) => {
                if let Some(d) = other_sco(path, target, &abs, ctx) {
                    out.diagnostics.push(d);
                }
                return format!("<a href=\"{}\"{title_attr}>", escape(&(ctx.page_href)(id, anchor)));
            }
            None => out.diagnostics.push(
                Diagnostic::error("E0303", format!("link to a page that does not exist: `{path}`"))
                    .at(ctx.file, abs)
                    .label("no page at this path")
                    .help("link to a page's .md file by its path relative to this page, e.g. ../02-section/01-page.md"),
            ),
        }
        return format!("<a href=\"{}\"{title_attr}>", escape(dest));
    }
    let href = resolve_file(path, abs, ctx, out, "link").unwrap_or_else(|| path.to_owned());
    format!("<a href=\"{}\"{title_attr} download>", escape(&href))
}

/// E0309: in the per-section layout, a link from this page to a page of another section (another SCO).
fn other_sco(path: &str, target: &str, abs: &Range<usize>, ctx: &LinkContext) -> Option<Diagnostic> {
    let sections = ctx.sco_sections?;
    let folder = |file: &str| file.split('/').next().unwrap_or("").to_owned();
    let (here, there) = (folder(ctx.file), folder(target));
    if here == there {
        return None;
    }
    let title = sections.get(&there).unwrap_or(&there);
    Some(
        Diagnostic::error("E0309", format!("link to a page of another section: `{path}`"))
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

/// Resolves a relative media reference to a course-root path that exists, or reports why not.
fn resolve_file(dest: &str, abs: Range<usize>, ctx: &LinkContext, out: &mut Rendered, what: &str) -> Option<String> {
    if is_external(dest) {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("{what} points outside the package: `{dest}`"))
                .at(ctx.file, abs)
                .label("packages must work offline")
                .help("download the file into media/ and refer to it with a relative path"),
        );
        return None;
    }
    let Some(path) = join(ctx.file, dest) else {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("`{dest}` is outside the course folder"))
                .at(ctx.file, abs)
                .help("keep media inside the course folder, e.g. in media/"),
        );
        return None;
    };
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

fn is_external(dest: &str) -> bool {
    dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with("mailto:") || dest.starts_with("//")
}

/// Joins a relative reference to the directory of `file`; `None` if it leaves the course root.
pub fn join(file: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
