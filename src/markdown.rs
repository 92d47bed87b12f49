//! The one place that configures the Markdown dialect: CommonMark + tables/footnotes, `:::` callouts,
//! links to pages and media rewritten for the package. Reports every problem it meets as a diagnostic.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use crate::diag::Diagnostic;

mod blocks;
mod callout;
mod embed;
mod links;
mod raw_html;

use links::resolve_file;
use raw_html::{Pieces, RawHtml};

/// What a page's Markdown may refer to, and how references become addresses in the package.
pub struct LinkContext<'a> {
    /// The page's source file, relative to the course root.
    pub file: &'a str,
    /// Page source file → page id, for every page of the course.
    pub pages: &'a BTreeMap<String, String>,
    /// Every file in the course folder.
    pub files: &'a BTreeSet<String>,
    /// Broken symbolic links in the course folder → their targets (a reference to one is an error).
    pub broken: &'a BTreeMap<String, String>,
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
    /// Figures (lone images): the image file (course-root relative) and where the page refers to it.
    pub figures: Vec<(String, Range<usize>)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn render(text: &str, offset: usize, ctx: &LinkContext) -> Rendered {
    let mut out = Rendered::default();
    callout::render_blocks(text, offset, ctx, &mut out);
    out
}

/// Renders plain Markdown (no callouts) starting at `offset` in the page file. Events are rewritten
/// as they stream out of the parser, never collected, so memory stays near the size of the page.
fn render_markdown(text: &str, offset: usize, ctx: &LinkContext, out: &mut Rendered) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    let mut rewriter = Rewriter {
        events: Parser::new_ext(text, opts).into_offset_iter().peekable(),
        offset,
        ctx,
        side: Rendered::default(),
        raw: RawHtml::default(),
        queued: None,
        done: false,
    };
    html::push_html(&mut out.html, &mut rewriter);
    out.media.append(&mut rewriter.side.media);
    out.figures.append(&mut rewriter.side.figures);
    out.diagnostics.append(&mut rewriter.side.diagnostics);
}

type Events<'a> = std::iter::Peekable<pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>>;

/// Turns the parser's events into the page's: images, links and raw HTML checked and rewritten.
/// `side` collects the media and diagnostics (the HTML goes straight into the page).
struct Rewriter<'a, 'c> {
    events: Events<'a>,
    offset: usize,
    ctx: &'c LinkContext<'c>,
    side: Rendered,
    raw: RawHtml,
    queued: Option<Event<'a>>,
    done: bool,
}

impl<'a> Iterator for Rewriter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(queued) = self.queued.take() {
            return Some(queued);
        }
        let Some((event, range)) = self.events.next() else {
            if !self.done {
                self.done = true;
                self.raw.finish(self.ctx, &mut self.side);
            }
            return None;
        };
        let abs = range.start + self.offset..range.end + self.offset;
        Some(match event {
            Event::Start(Tag::Paragraph)
                if matches!(self.events.peek(), Some((Event::Start(Tag::Image { .. }), _))) =>
            {
                let image = self.image_events(Vec::new());
                let image_abs = image.first().map_or(abs.clone(), |(_, r)| r.clone());
                if matches!(self.events.peek(), Some((Event::End(TagEnd::Paragraph), _))) {
                    self.events.next();
                    Event::Html(image_html(&image, image_abs, self.ctx, &mut self.side, true).into())
                } else {
                    self.raw.markdown_start();
                    self.queued = Some(Event::InlineHtml(
                        image_html(&image, image_abs, self.ctx, &mut self.side, false).into(),
                    ));
                    Event::Start(Tag::Paragraph)
                }
            }
            Event::Start(Tag::Image { .. }) => {
                let image = self.image_events(vec![(event, abs.clone())]);
                Event::InlineHtml(image_html(&image, abs, self.ctx, &mut self.side, false).into())
            }
            Event::Start(Tag::Link { dest_url, title, .. }) => {
                self.raw.markdown_start();
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                Event::InlineHtml(links::link_open(&dest_url, &title_attr, abs, self.ctx, &mut self.side).into())
            }
            Event::End(TagEnd::Link) => {
                self.raw.markdown_end(self.ctx, &mut self.side);
                Event::InlineHtml("</a>".into())
            }
            Event::Start(Tag::HtmlBlock) => Event::Html(self.html_block().into()),
            Event::Html(fragment) | Event::InlineHtml(fragment) => {
                let mut pieces = Pieces::new();
                pieces.push(0, abs.start);
                Event::InlineHtml(self.raw.fragment(&fragment, &pieces, self.ctx, &mut self.side).into())
            }
            Event::Start(tag) => {
                self.raw.markdown_start();
                Event::Start(tag)
            }
            Event::End(tag) => {
                self.raw.markdown_end(self.ctx, &mut self.side);
                Event::End(tag)
            }
            other => other,
        })
    }
}

impl<'a> Rewriter<'a, '_> {
    /// The events of an image through its end, with file positions; `image` holds its start
    /// when that was already taken (else the start is the next event).
    fn image_events(&mut self, mut image: Vec<(Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
        let mut depth = image.len();
        for (event, range) in self.events.by_ref() {
            let abs = range.start + self.offset..range.end + self.offset;
            match &event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth = depth.saturating_sub(1),
                _ => {}
            }
            image.push((event, abs));
            if depth == 0 {
                break;
            }
        }
        image
    }

    /// The lines of an HTML block (up to its end) checked and rewritten as one fragment.
    fn html_block(&mut self) -> String {
        let mut text = String::new();
        let mut pieces = Pieces::new();
        for (event, range) in self.events.by_ref() {
            match event {
                Event::Html(line) | Event::Text(line) => {
                    pieces.push(text.len(), range.start + self.offset);
                    text.push_str(&line);
                }
                Event::End(TagEnd::HtmlBlock) => break,
                _ => {}
            }
        }
        self.raw.fragment(&text, &pieces, self.ctx, &mut self.side)
    }
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
    let src = match resolve_file(&dest, abs.clone(), ctx, out, "image") {
        Some(path) => {
            if block {
                out.figures.push((path.clone(), abs));
            }
            path
        }
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
