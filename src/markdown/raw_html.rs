//! Raw HTML in Markdown: tokenized (html5gum, the WHATWG tokenizer), checked against an allow-list of
//! tags and attributes, balanced, and written out again from the tokens; URLs resolve like Markdown's.

use std::collections::BTreeMap;
use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::links::{link_open, resolve_file};
use super::{LinkContext, Rendered, escape};
use crate::diag::Diagnostic;

/// Tags raw HTML may use (course-src/README.md lists them); the void ones have no end tag.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];
const VOID: &[&str] = &["br", "col", "hr", "img", "source", "wbr"];

/// Attributes every allowed tag may carry (and `aria-*`).
const GLOBAL_ATTRS: &[&str] = &["class", "dir", "id", "lang", "role", "title"];

/// Attributes of particular tags.
fn tag_attrs(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href"],
        "img" => &["alt", "height", "loading", "sizes", "src", "srcset", "width"],
        "source" => &["height", "media", "sizes", "srcset", "type", "width"],
        "td" => &["colspan", "headers", "rowspan"],
        "th" => &["abbr", "colspan", "headers", "rowspan", "scope"],
        "col" | "colgroup" => &["span"],
        "ol" => &["reversed", "start", "type"],
        "li" => &["value"],
        "details" => &["open"],
        "time" | "del" | "ins" => &["datetime"],
        _ => &[],
    }
}

/// Element ids the player uses for its own elements (pages, headings, questions, `#cp-data`).
const RESERVED_ID_PREFIXES: &[&str] = &["cp-", "p-", "h-", "q-"];

/// A raw HTML element left open: its name, its start tag, and how many Markdown blocks (paragraph,
/// list item, …) were open around it, which it must be closed inside.
struct Open {
    name: String,
    at: Range<usize>,
    blocks: usize,
}

/// Checks and rewrites the raw HTML of one stretch of Markdown, keeping the open elements across
/// fragments (`<details>` in one HTML block, `</details>` in a later one). Markdown blocks are
/// counted, not stacked: a page nested a million quotes deep costs no memory here.
#[derive(Default)]
pub(super) struct RawHtml {
    open: Vec<Open>,
    blocks: usize,
}

/// Where each piece of a fragment's text starts in the page file (an HTML block inside a list or
/// quote comes in lines whose prefixes are not part of the HTML).
pub(super) struct Pieces {
    /// (offset in the fragment text, offset in the file), in order.
    starts: Vec<(usize, usize)>,
}

impl Pieces {
    pub(super) fn new() -> Self {
        Self { starts: Vec::new() }
    }

    pub(super) fn push(&mut self, at_in_text: usize, at_in_file: usize) {
        self.starts.push((at_in_text, at_in_file));
    }

    fn file_range(&self, r: Range<usize>) -> Range<usize> {
        self.file_offset(r.start)..self.file_offset(r.end.max(r.start))
    }

    fn file_offset(&self, at: usize) -> usize {
        let i = self.starts.partition_point(|(t, _)| *t <= at).saturating_sub(1);
        self.starts.get(i).map_or(at, |(t, f)| f + (at - t))
    }
}

impl RawHtml {
    /// A Markdown block starts: raw HTML opened inside it must be closed inside it.
    pub(super) fn markdown_start(&mut self) {
        self.blocks += 1;
    }

    /// A Markdown block ends: every raw HTML element still open in it is unclosed.
    pub(super) fn markdown_end(&mut self, ctx: &LinkContext, out: &mut Rendered) {
        while let Some(open) = self.open.pop_if(|o| o.blocks == self.blocks) {
            out.diagnostics.push(unclosed(
                &open.name,
                open.at,
                ctx,
                "before the Markdown block around it ends",
            ));
        }
        self.blocks = self.blocks.saturating_sub(1);
    }

    /// The end of the stretch of Markdown: what is still open was never closed.
    pub(super) fn finish(&mut self, ctx: &LinkContext, out: &mut Rendered) {
        for open in std::mem::take(&mut self.open) {
            let where_ = "before the next `:::` line or the end of the page";
            out.diagnostics.push(unclosed(&open.name, open.at, ctx, where_));
        }
    }

    /// Checks one fragment of raw HTML and returns it written out again from its tokens (comments
    /// dropped); problems go to `out` with their position in the page file.
    pub(super) fn fragment(&mut self, text: &str, pieces: &Pieces, ctx: &LinkContext, out: &mut Rendered) -> String {
        let mut html = String::with_capacity(text.len());
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        // <script>, <style> and the like switch the tokenizer to their text states as a browser
        // would, so what follows a refused tag is read as the browser reads it.
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    let at = pieces.file_range(tag.span.start..tag.span.end);
                    let attrs: BTreeMap<String, (String, Range<usize>)> = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| {
                            let value = String::from_utf8_lossy(&v.value).into_owned();
                            let span = pieces.file_range(v.span.start..v.span.end);
                            (String::from_utf8_lossy(k).into_owned(), (value, span))
                        })
                        .collect();
                    html.push_str(&self.start_tag(&name, &attrs, at, ctx, out));
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    let at = pieces.file_range(tag.span.start..tag.span.end);
                    if self.end_tag(&name, at, ctx, out) {
                        html.push_str(&format!("</{name}>"));
                    }
                }
                Token::String(s) => html.push_str(&escape(&String::from_utf8_lossy(&s.value))),
                Token::Comment(_) => {}
                Token::Doctype(d) => out.diagnostics.push(
                    Diagnostic::error("E0311", "a `<!DOCTYPE>` cannot be part of a page")
                        .at(ctx.file, pieces.file_range(d.span.start..d.span.end))
                        .help("remove it: the page is already an HTML document"),
                ),
                Token::Error(e) => {
                    let code = e.value.as_str();
                    let at = pieces.file_range(error_span(text, code, e.span.start..e.span.end));
                    out.diagnostics.push(malformed(code, at, ctx));
                }
            }
        }
        html
    }

    fn start_tag(
        &mut self,
        name: &str,
        attrs: &BTreeMap<String, (String, Range<usize>)>,
        at: Range<usize>,
        ctx: &LinkContext,
        out: &mut Rendered,
    ) -> String {
        if !TAGS.contains(&name) {
            out.diagnostics.push(refused_tag(name, at, ctx));
            return String::new();
        }
        let mut written = String::new();
        let mut href = None;
        for (attr, (value, span)) in attrs {
            if let Some(problem) = attr_problem(name, attr, value) {
                out.diagnostics.push(problem.at(ctx.file, span.clone()));
                continue;
            }
            match attr.as_str() {
                "href" => href = Some((value.as_str(), span.clone())),
                "src" => {
                    let path = resolve_file(value, span.clone(), ctx, out, "image").unwrap_or_default();
                    written.push_str(&format!(" src=\"{}\"", escape(&path)));
                }
                "srcset" => {
                    let set = srcset(value, span.clone(), ctx, out);
                    written.push_str(&format!(" srcset=\"{}\"", escape(&set)));
                }
                _ => written.push_str(&format!(" {attr}=\"{}\"", escape(value))),
            }
        }
        if name == "img" {
            if !attrs.contains_key("src") {
                out.diagnostics.push(
                    Diagnostic::error("E0306", "`<img>` needs `src`")
                        .at(ctx.file, at.clone())
                        .help("name the image file, e.g. src=\"../media/figure.png\""),
                );
            }
            if attrs.get("alt").is_none_or(|(alt, _)| alt.trim().is_empty()) {
                out.diagnostics.push(
                    Diagnostic::error("E0301", "image has no alt text")
                        .at(ctx.file, at.clone())
                        .label("screen-reader users cannot see this image")
                        .help("describe the image in the alt attribute: <img alt=\"What the image shows\" …>"),
                );
            }
        }
        if !VOID.contains(&name) {
            self.open.push(Open {
                name: name.to_owned(),
                at: at.clone(),
                blocks: self.blocks,
            });
        }
        match (name, href) {
            ("a", Some((dest, span))) => link_open(dest, &written, span, ctx, out),
            _ => format!("<{name}{written}>"),
        }
    }

    /// Closes the innermost element if `name` is it; `false` (and a diagnostic) otherwise.
    fn end_tag(&mut self, name: &str, at: Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> bool {
        if !TAGS.contains(&name) {
            // dropped; its start tag (if any) was reported
            return false;
        }
        if VOID.contains(&name) {
            out.diagnostics.push(
                Diagnostic::error(
                    "E0310",
                    format!("`</{name}>` closes nothing: `<{name}>` has no end tag"),
                )
                .at(ctx.file, at)
                .help("remove the end tag"),
            );
            return false;
        }
        match self.open.last().filter(|o| o.blocks == self.blocks) {
            Some(open) if open.name == name => {
                self.open.pop();
                true
            }
            Some(open) => {
                let open = open.name.clone();
                out.diagnostics.push(
                    Diagnostic::error("E0310", format!("`</{name}>` does not close the open `<{open}>`"))
                        .at(ctx.file, at)
                        .label(format!("the innermost open element is `<{open}>`"))
                        .help(format!("close `<{open}>` first, or remove this end tag")),
                );
                false
            }
            _ => {
                out.diagnostics.push(
                    Diagnostic::error("E0310", format!("`</{name}>` has no matching `<{name}>`"))
                        .at(ctx.file, at)
                        .help("remove the end tag, or open the element in the same Markdown block (a blank line ends a paragraph)"),
                );
                false
            }
        }
    }
}

/// Why `attr="value"` may not be on `<tag>`, as a diagnostic without position.
fn attr_problem(tag: &str, attr: &str, value: &str) -> Option<Diagnostic> {
    if attr.starts_with("on") {
        return Some(
            Diagnostic::error("E0312", format!("event handler `{attr}` is not allowed"))
                .label("pages run no scripts of their own")
                .help("remove the attribute; use a callout or a quiz for interaction"),
        );
    }
    if attr == "style" {
        return Some(
            Diagnostic::error("E0312", "the `style` attribute is not allowed")
                .help("remove it; the player's style sheet styles pages (use `class` for a hook)"),
        );
    }
    let allowed = GLOBAL_ATTRS.contains(&attr) || attr.starts_with("aria-") || tag_attrs(tag).contains(&attr);
    if !allowed {
        let mut names: Vec<&str> = GLOBAL_ATTRS.iter().chain(tag_attrs(tag)).copied().collect();
        names.sort_unstable();
        return Some(
            Diagnostic::error("E0312", format!("`<{tag}>` may not have the attribute `{attr}`"))
                .help(format!("allowed: {}, aria-*", names.join(", "))),
        );
    }
    if attr == "id"
        && let Some(prefix) = RESERVED_ID_PREFIXES.iter().find(|p| value.starts_with(**p))
    {
        return Some(
            Diagnostic::error(
                "E0312",
                format!("the id `{value}` starts with `{prefix}`, which the player uses"),
            )
            .help("choose an id that starts otherwise"),
        );
    }
    if attr == "class" && value.split_whitespace().any(|c| c.starts_with("cp-")) {
        return Some(
            Diagnostic::error("E0312", "classes starting with `cp-` belong to the player")
                .help("choose a class name that starts otherwise"),
        );
    }
    None
}

/// Each image candidate of a `srcset` ("file 2x, other 640w") resolved like `src`.
fn srcset(value: &str, span: Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> String {
    let mut written = Vec::new();
    for candidate in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let (url, descriptor) = candidate.split_once(char::is_whitespace).unwrap_or((candidate, ""));
        let path = resolve_file(url, span.clone(), ctx, out, "image").unwrap_or_default();
        written.push(format!("{path} {}", descriptor.trim()).trim_end().to_owned());
    }
    written.join(", ")
}

fn refused_tag(name: &str, at: Range<usize>, ctx: &LinkContext) -> Diagnostic {
    let help = match name {
        "script" | "noscript" => "pages run no scripts of their own (and a package loads nothing from the web)",
        "style" | "link" => "the player's style sheet styles pages; use `class` on allowed tags",
        "iframe" | "object" | "embed" | "frame" | "frameset" => {
            "embedded content is not allowed; link to it, or use a `::: video` / `::: audio` block for media"
        }
        "video" | "audio" | "track" => "use a `::: video` or `::: audio` block (it checks captions and files)",
        "h1" => "the page title is the level-1 heading; start at `##` (or <h2>)",
        _ => "see the list of allowed tags in course-src/README.md (raw HTML)",
    };
    Diagnostic::error("E0311", format!("`<{name}>` is not allowed in a page"))
        .at(ctx.file, at)
        .help(help)
}

fn unclosed(name: &str, at: Range<usize>, ctx: &LinkContext, where_: &str) -> Diagnostic {
    Diagnostic::error("E0310", format!("`<{name}>` is not closed"))
        .at(ctx.file, at)
        .label("opened here")
        .help(format!(
            "add `</{name}>` {where_}; every element but void ones (br, hr, img, …) needs its end tag"
        ))
}

/// Where to point at a tokenizer error: the error's own place, or for an error at the end of the
/// input (`eof-in-comment`, `eof-in-tag`) the start of the comment or tag left open.
fn error_span(text: &str, code: &str, span: Range<usize>) -> Range<usize> {
    let end = span.end.min(text.len());
    let start = span.start.min(end);
    if !code.starts_with("eof-") {
        return start..end;
    }
    let before = text.get(..start).unwrap_or(text);
    let opened = if code == "eof-in-comment" {
        before.rfind("<!--").map(|i| i..i + 4)
    } else {
        before.rfind('<').map(|i| i..i + 1)
    };
    opened.unwrap_or(start..end)
}

fn malformed(code: &str, at: Range<usize>, ctx: &LinkContext) -> Diagnostic {
    let help = match code {
        "eof-in-comment" => "end the comment with `-->` (an open comment hides the rest of the course)",
        "eof-in-tag" => "end the tag with `>`",
        "invalid-first-character-of-tag-name" => "write `&lt;` for a literal `<` in HTML",
        _ => "fix the markup, or write `&lt;` and `&amp;` for literal `<` and `&`",
    };
    Diagnostic::error("E0310", format!("malformed HTML ({code})"))
        .at(ctx.file, at)
        .label("a browser would read the rest of the page differently")
        .help(help)
}
