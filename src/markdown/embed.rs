//! `::: embed src="…" title="…"`: an HTML widget folder packaged whole and shown in a sandboxed
//! iframe; `::: video external="true"`: a YouTube/Vimeo player on its privacy-friendly host.

use std::ops::Range;

use super::callout::{Inner, Opening, attr, push_transcript};
use super::links::{never_packaged, scheme};
use super::{LinkContext, Rendered, escape, resolve_file};
use crate::diag::Diagnostic;

/// The iframe sandbox of a packaged widget: scripts run, but in an opaque origin, so the widget
/// cannot reach the player, the LMS API or the learner's stored data (adding `allow-same-origin`
/// to `allow-scripts` would let it remove its own sandbox). Under `file://` only, where browsers
/// refuse an opaque origin every file, assets/blocks.js adds `allow-same-origin`.
const WIDGET_SANDBOX: &str = "allow-scripts";

/// Height of an embed without `height`, in CSS pixels.
const DEFAULT_HEIGHT: u32 = 400;

fn is_web(dest: &str) -> bool {
    matches!(scheme(dest).as_deref(), Some("http" | "https")) || dest.starts_with("//")
}

/// Whether a `::: video` block asks for an external player (`external="true"`).
pub(super) fn is_external(open: &Opening) -> bool {
    attr(open, "external").is_some_and(|v| v == "true")
}

/// The `title` attribute (or quoted title), or an error: an iframe needs a name for screen readers.
fn frame_title(open: &Opening, open_range: &Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> String {
    let title = attr(open, "title").or(open.title.as_deref()).map(str::trim);
    match title.filter(|t| !t.is_empty()) {
        Some(t) => t.to_owned(),
        None => {
            out.diagnostics.push(
                Diagnostic::error("E0322", format!("`::: {}` needs a title", open.kind))
                    .at(ctx.file, open_range.clone())
                    .label("screen readers announce a frame by its title")
                    .help("add title=\"What the frame shows\""),
            );
            String::new()
        }
    }
}

fn height(open: &Opening, open_range: &Range<usize>, ctx: &LinkContext, out: &mut Rendered) -> u32 {
    let Some(raw) = attr(open, "height") else {
        return DEFAULT_HEIGHT;
    };
    match raw.trim_end_matches("px").parse::<u32>() {
        Ok(h) if (50..=4000).contains(&h) => h,
        _ => {
            out.diagnostics.push(
                Diagnostic::error(
                    "E0323",
                    format!("embed height `{raw}` is not a number of pixels from 50 to 4000"),
                )
                .at(ctx.file, open_range.clone())
                .help("write e.g. height=\"480\""),
            );
            DEFAULT_HEIGHT
        }
    }
}

/// `::: embed`: the widget's folder (the folder of `src`, with everything under it that may be
/// packaged) goes into the package; the page shows `src` in a sandboxed iframe.
pub(super) fn embed(open: &Opening, open_range: Range<usize>, ctx: &LinkContext, out: &mut Rendered) {
    let title = frame_title(open, &open_range, ctx, out);
    let height = height(open, &open_range, ctx, out);
    let Some(src) = attr(open, "src") else {
        out.diagnostics.push(
            Diagnostic::error("E0306", "embed block needs `src=\"…\"`")
                .at(ctx.file, open_range)
                .help("give the widget's start page, e.g. src=\"../media/widget/index.html\""),
        );
        return;
    };
    if is_web(src) {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("embed points outside the package: `{src}`"))
                .at(ctx.file, open_range)
                .label("packages must work offline")
                .help("put the widget's folder in media/; for YouTube or Vimeo use ::: video with external=\"true\""),
        );
        return;
    }
    let Some(path) = resolve_file(src, open_range.clone(), ctx, out, "embed") else {
        return;
    };
    let folder = match path.rfind('/') {
        Some(slash) => &path[..slash + 1],
        None => "",
    };
    if folder.is_empty() || ctx.pages.keys().any(|f| f.starts_with(folder)) {
        out.diagnostics.push(
            Diagnostic::error("E0323", format!("the widget `{path}` is not in a folder of its own"))
                .at(ctx.file, open_range)
                .label("its whole folder goes into the package")
                .help("put the widget in its own folder, e.g. media/widget/index.html"),
        );
        return;
    }
    let widget_files = ctx
        .files
        .range(folder.to_owned()..)
        .take_while(|f| f.starts_with(folder))
        .filter(|f| never_packaged(f).is_none());
    out.media.extend(widget_files.cloned());
    let (path, title) = (escape(&path), escape(&title));
    let attrs = format!("title=\"{title}\" height=\"{height}\" sandbox=\"{WIDGET_SANDBOX}\"");
    // assets/blocks.js sets `src` once the sandbox flags are final; <noscript> covers views without script.
    out.html.push_str(&format!(
        "<figure class=\"cp-embed\"><iframe data-embed=\"{path}\" {attrs}></iframe><noscript><iframe src=\"{path}\" {attrs}></iframe></noscript></figure>\n"
    ));
}

/// The embed address on the privacy-friendly host for a YouTube or Vimeo URL.
fn player_url(src: &str) -> Option<String> {
    let rest = src.split_once("://").map_or(src, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let id_ok =
        |id: &str, extra: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c));
    let youtube = |id: &str| id_ok(id, "-_").then(|| format!("https://www.youtube-nocookie.com/embed/{id}"));
    let vimeo = |id: &str| {
        (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
            .then(|| format!("https://player.vimeo.com/video/{id}?dnt=1"))
    };
    let first = |s: &str| s.split(['?', '&', '#', '/']).next().unwrap_or_default().to_owned();
    match host {
        "youtube.com" | "youtube-nocookie.com" => {
            if let Some(query) = path.strip_prefix("watch?") {
                let v = query.split('&').find_map(|p| p.strip_prefix("v="))?;
                youtube(&first(v))
            } else {
                let id = path.strip_prefix("embed/").or_else(|| path.strip_prefix("shorts/"))?;
                youtube(&first(id))
            }
        }
        "youtu.be" => youtube(&first(path)),
        "vimeo.com" => vimeo(&first(path)),
        "player.vimeo.com" => vimeo(&first(path.strip_prefix("video/")?)),
        _ => None,
    }
}

/// `::: video external="true" src="https://…"`: YouTube or Vimeo only, with a title, a transcript
/// (the block's text or `transcript="…"`), and a warning that it needs the internet.
pub(super) fn external_video(
    open: &Opening,
    inner: &Inner,
    open_range: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
) {
    let title = frame_title(open, &open_range, ctx, out);
    let src = attr(open, "src").unwrap_or_default();
    let Some(url) = is_web(src).then(|| player_url(src)).flatten() else {
        out.diagnostics.push(
            Diagnostic::error("E0305", format!("external video must be a YouTube or Vimeo address: `{src}`"))
                .at(ctx.file, open_range)
                .label("only these players are allowed from outside the package")
                .help("write src=\"https://www.youtube.com/watch?v=…\" or src=\"https://vimeo.com/…\"; put other video in media/"),
        );
        return;
    };
    let transcript_link = attr(open, "transcript").map(|t| {
        if is_web(t) {
            Some(t.to_owned())
        } else {
            resolve_file(t, open_range.clone(), ctx, out, "transcript")
        }
    });
    if transcript_link.is_none() && inner.text.trim().is_empty() {
        out.diagnostics.push(
            Diagnostic::error("E0306", "external video needs a transcript")
                .at(ctx.file, open_range.clone())
                .label("deaf and hard-of-hearing learners need the words")
                .help("write the transcript inside the block, or add transcript=\"../media/clip-transcript.html\""),
        );
    }
    out.diagnostics.push(
        Diagnostic::warning("W0301", "external video needs the internet when the course runs")
            .at(ctx.file, open_range.clone())
            .label(format!("played from {}", url.split('/').nth(2).unwrap_or_default()))
            .help("learners offline or behind a strict firewall see no video: keep the transcript complete"),
    );
    out.html.push_str(&format!(
        "<figure class=\"cp-media cp-external-video\"><iframe src=\"{}\" title=\"{}\" allow=\"fullscreen; picture-in-picture\" allowfullscreen referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>",
        escape(&url),
        escape(&title)
    ));
    if let Some(Some(link)) = transcript_link {
        let external = if is_web(&link) {
            " target=\"_blank\" rel=\"noopener\""
        } else {
            ""
        };
        out.html.push_str(&format!(
            "<p><a href=\"{}\"{external}>{}</a></p>",
            escape(&link),
            escape(&(ctx.label)("transcript"))
        ));
    }
    push_transcript(inner, ctx, out);
    out.html.push_str("</figure>\n");
}
