//! `::: kind "title" key="value"` … `:::` blocks: quotes, examples, activities, notes, video and audio;
//! the interactive blocks (tabs, accordion, reveal, reflection) and embeds are in `blocks` and `embed`.

use std::ops::Range;

use super::{LinkContext, Rendered, blocks, embed, escape, render_markdown, resolve_file};
use crate::diag::Diagnostic;

const KINDS: &str = "quote, example, activity, note, video, audio, tabs, accordion, reveal, reflection, embed";

/// How deeply callouts may nest (course-src/README.md); deeper is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 16;

/// The opening line of a callout, parsed.
pub(super) struct Opening {
    pub(super) kind: String,
    pub(super) title: Option<String>,
    pub(super) attrs: Vec<(String, String)>,
}

/// Renders `text` (which starts at `offset` in the page file), turning callout blocks into HTML.
pub(super) fn render_blocks(text: &str, offset: usize, ctx: &LinkContext, out: &mut Rendered) {
    callouts(text, offset, 0, "", ctx, out);
}

/// [`render_blocks`] for text inside `depth` callouts, the innermost of kind `enclosing` (`""` at
/// the top of a page).
fn callouts(text: &str, offset: usize, depth: usize, enclosing: &str, ctx: &LinkContext, out: &mut Rendered) {
    let lines = line_spans(text);
    let mut segment_start = 0;
    let mut i = 0;
    let mut fence: Option<&str> = None;
    while i < lines.len() {
        let line = &text[lines[i].clone()];
        let trimmed = line.trim();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(rest) = trimmed.strip_prefix(":::").filter(|r| !r.trim().is_empty()) {
            render_markdown(&text[segment_start..lines[i].start], offset + segment_start, ctx, out);
            let open_range = offset + lines[i].start..offset + lines[i].end;
            let close = matching_close(text, &lines, i);
            let inner_start = lines.get(i + 1).map_or(text.len(), |l| l.start);
            let inner_end = close.map_or(text.len(), |c| lines[c].start);
            if close.is_none() {
                out.diagnostics.push(
                    Diagnostic::error("E0308", "callout is not closed")
                        .at(ctx.file, open_range.clone())
                        .label("opened here")
                        .help("end the block with a line that holds only `:::`"),
                );
            }
            let opening = parse_opening(rest.trim());
            let inner = &text[inner_start..inner_end.max(inner_start)];
            if depth >= MAX_DEPTH {
                out.diagnostics.push(
                    Diagnostic::error("E0313", format!("callouts are nested more than {MAX_DEPTH} deep"))
                        .at(ctx.file, open_range)
                        .label("this callout is too deep")
                        .help("close the callouts around it first: nest fewer `:::` blocks"),
                );
            } else {
                let inner = Inner {
                    text: inner,
                    offset: offset + inner_start,
                    depth: depth + 1,
                    kind: &opening.kind,
                };
                render_callout(&opening, &inner, enclosing, open_range, ctx, out);
            }
            i = close.map_or(lines.len(), |c| c + 1);
            segment_start = lines.get(i).map_or(text.len(), |l| l.start);
            continue;
        }
        i += 1;
    }
    render_markdown(&text[segment_start..], offset + segment_start, ctx, out);
}

/// The Markdown inside a callout: its text, where it starts in the page file, and how many
/// callouts are around it.
pub(super) struct Inner<'t> {
    pub(super) text: &'t str,
    pub(super) offset: usize,
    pub(super) depth: usize,
    /// The kind of the callout this is the inside of.
    pub(super) kind: &'t str,
}

impl Inner<'_> {
    pub(super) fn render(&self, ctx: &LinkContext, out: &mut Rendered) {
        callouts(self.text, self.offset, self.depth, self.kind, ctx, out);
    }
}

pub(super) fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    // A byte search: a line feed byte is never part of a multi-byte character.
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        spans.push(start..i);
        start = i + 1;
    }
    if start < text.len() {
        spans.push(start..text.len());
    }
    spans
}

pub(super) fn matching_close(text: &str, lines: &[Range<usize>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, span) in lines.iter().enumerate().skip(open + 1) {
        let t = text[span.clone()].trim();
        if t == ":::" {
            if depth == 0 {
                return Some(j);
            }
            depth -= 1;
        } else if t.starts_with(":::") {
            depth += 1;
        }
    }
    None
}

fn parse_opening(rest: &str) -> Opening {
    let (kind, mut tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let mut title = None;
    let mut attrs = Vec::new();
    tail = tail.trim_start();
    if let Some((q, end)) = tail.strip_prefix('"').and_then(|q| q.find('"').map(|end| (q, end))) {
        title = Some(q[..end].to_owned());
        tail = &q[end + 1..];
    }
    for part in split_attrs(tail) {
        if let Some((k, v)) = part.split_once('=') {
            attrs.push((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()));
        }
    }
    Opening {
        kind: kind.to_owned(),
        title,
        attrs,
    }
}

fn split_attrs(tail: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in tail.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

fn render_callout(
    open: &Opening,
    inner: &Inner,
    enclosing: &str,
    open_range: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
) {
    if !blocks::placed_well(&open.kind, enclosing, open_range.clone(), ctx, out) {
        inner.render(ctx, out);
        return;
    }
    let title = open.title.as_deref().map(escape);
    match open.kind.as_str() {
        "quote" => {
            out.html
                .push_str("<figure class=\"cp-callout cp-callout-quote\"><blockquote>\n");
            inner.render(ctx, out);
            out.html.push_str("</blockquote>");
            if let Some(t) = title {
                out.html.push_str(&format!("<figcaption>— {t}</figcaption>"));
            }
            out.html.push_str("</figure>\n");
        }
        "example" | "activity" | "note" => {
            out.html.push_str(&format!(
                "<div class=\"cp-callout cp-callout-{}\" role=\"note\">",
                open.kind
            ));
            if let Some(t) = title {
                out.html.push_str(&format!("<p class=\"cp-callout-title\">{t}</p>\n"));
            }
            inner.render(ctx, out);
            out.html.push_str("</div>\n");
        }
        "tabs" | "accordion" => blocks::group(open, inner, open_range, ctx, out),
        "tab" | "panel" => blocks::item(open, inner, open_range, ctx, out),
        "reveal" => blocks::reveal(open, inner, open_range, ctx, out),
        "reflection" => blocks::reflection(open, inner, open_range, ctx, out),
        "embed" => embed::embed(open, open_range, ctx, out),
        "video" if embed::is_external(open) => embed::external_video(open, inner, open_range, ctx, out),
        "video" | "audio" => media_block(open, inner, open_range, ctx, out),
        other => {
            out.diagnostics.push(
                Diagnostic::error("E0307", format!("unknown callout kind `{other}`"))
                    .at(ctx.file, open_range)
                    .help(format!("use one of: {KINDS}")),
            );
            inner.render(ctx, out);
        }
    }
}

/// The captions file to suggest for a video: its own name with `.<lang>.vtt` (`../media/clip.<lang>.vtt`
/// without `src`).
fn captions_name(src: Option<&str>, lang: &str) -> String {
    let video = src.filter(|s| !s.is_empty()).unwrap_or("../media/clip.mp4");
    let name_start = video.rfind('/').map_or(0, |i| i + 1);
    let stem = match video[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &video[..name_start + dot],
        _ => video,
    };
    format!("{stem}.{lang}.vtt")
}

pub(super) fn attr<'a>(open: &'a Opening, key: &str) -> Option<&'a str> {
    open.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn media_block(open: &Opening, inner: &Inner, open_range: Range<usize>, ctx: &LinkContext, out: &mut Rendered) {
    let video = open.kind == "video";
    let src = attr(open, "src").and_then(|s| resolve_file(s, open_range.clone(), ctx, out, &open.kind));
    if attr(open, "src").is_none() {
        out.diagnostics.push(
            Diagnostic::error("E0306", format!("{} block needs `src=\"…\"`", open.kind))
                .at(ctx.file, open_range.clone())
                .help("give the media file, e.g. src=\"../media/clip.mp4\""),
        );
    }
    let captions = attr(open, "captions").and_then(|s| resolve_file(s, open_range.clone(), ctx, out, "captions"));
    if video && attr(open, "captions").is_none() {
        out.diagnostics.push(
            Diagnostic::error("E0306", "video needs captions")
                .at(ctx.file, open_range.clone())
                .label("deaf and hard-of-hearing learners need captions")
                .help(format!(
                    "add captions=\"{}\" (a WebVTT file in the course language)",
                    captions_name(attr(open, "src"), ctx.lang)
                )),
        );
    }
    let poster = attr(open, "poster").and_then(|s| resolve_file(s, open_range, ctx, out, "poster"));
    let src = escape(src.as_deref().unwrap_or(""));
    out.html.push_str("<figure class=\"cp-media\">");
    if video {
        let poster = poster
            .map(|p| format!(" poster=\"{}\"", escape(&p)))
            .unwrap_or_default();
        out.html
            .push_str(&format!("<video controls preload=\"metadata\" src=\"{src}\"{poster}>"));
    } else {
        out.html
            .push_str(&format!("<audio controls preload=\"metadata\" src=\"{src}\">"));
    }
    if let Some(c) = captions {
        out.html.push_str(&format!(
            "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\" default>",
            escape(&c),
            escape(ctx.lang),
            escape(ctx.lang)
        ));
    }
    out.html.push_str(if video { "</video>" } else { "</audio>" });
    if let Some(t) = open.title.as_deref() {
        out.html.push_str(&format!("<figcaption>{}</figcaption>", escape(t)));
    }
    push_transcript(inner, ctx, out);
    out.html.push_str("</figure>\n");
}

/// The block's Markdown, if any, as a transcript the learner can open below the player.
pub(super) fn push_transcript(inner: &Inner, ctx: &LinkContext, out: &mut Rendered) {
    if !inner.text.trim().is_empty() {
        out.html.push_str(&format!(
            "<details><summary>{}</summary>",
            escape(&(ctx.label)("transcript"))
        ));
        inner.render(ctx, out);
        out.html.push_str("</details>");
    }
}
