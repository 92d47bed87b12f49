//! Interactive blocks: `::: tabs` of `::: tab "…"`, `::: accordion` of `::: panel "…"`, `::: reveal "…"`
//! and `::: reflection "…"`. They render as plain sections; assets/blocks.js makes them interactive.

use std::ops::Range;

use super::callout::{Inner, Opening, attr, line_spans, matching_close};
use super::{LinkContext, Rendered, escape};
use crate::diag::Diagnostic;

/// The child kind each group holds.
fn child_of(group: &str) -> Option<&'static str> {
    match group {
        "tabs" => Some("tab"),
        "accordion" => Some("panel"),
        _ => None,
    }
}

/// Whether a callout of `kind` may stand inside `enclosing`; reports why not.
pub(super) fn placed_well(
    kind: &str,
    enclosing: &str,
    open_range: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
) -> bool {
    let group = match kind {
        "tab" => "tabs",
        "panel" => "accordion",
        _ => return true,
    };
    if enclosing == group {
        return true;
    }
    out.diagnostics.push(
        Diagnostic::error("E0320", format!("`::: {kind}` outside `::: {group}`"))
            .at(ctx.file, open_range)
            .label(format!("a {kind} belongs in a `::: {group}` block"))
            .help(format!(
                "put it between `::: {group}` and its closing `:::`, e.g.\n::: {group}\n::: {kind} \"Title\"\n…\n:::\n:::"
            )),
    );
    false
}

/// The HTML id stem of the block opened at `open_range`: the page file and the position, so it is
/// unique in a SCO that holds many pages.
fn block_id(ctx: &LinkContext, open_range: &Range<usize>) -> String {
    let file: String = ctx
        .file
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("cp-b-{file}-{}", open_range.start)
}

/// The block's title, or an error that it needs one (`what` is how the title is called).
fn required_title(
    open: &Opening,
    what: &str,
    open_range: &Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
) -> String {
    match open.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => escape(t),
        None => {
            out.diagnostics.push(
                Diagnostic::error("E0322", format!("`::: {}` needs a {what}", open.kind))
                    .at(ctx.file, open_range.clone())
                    .label(format!("no {what} in quotes"))
                    .help(format!(
                        "write it in quotes after the kind: ::: {} \"Your {what}\"",
                        open.kind
                    )),
            );
            String::new()
        }
    }
}

/// `::: tabs` / `::: accordion`: only child blocks of the right kind inside, at least one.
pub(super) fn group(open: &Opening, inner: &Inner, open_range: Range<usize>, ctx: &LinkContext, out: &mut Rendered) {
    let kind = open.kind.as_str();
    let Some(child) = child_of(kind) else { return };
    let children = top_level_children(inner.text);
    for (line, _) in children.iter().filter(|(_, k)| k.as_deref() != Some(child)) {
        let at = inner.offset + line.start..inner.offset + line.end;
        out.diagnostics.push(
            Diagnostic::error("E0320", format!("`::: {kind}` may only hold `::: {child}` blocks"))
                .at(ctx.file, at)
                .label(format!("this is outside any `::: {child}`"))
                .help(format!("move it into a `::: {child} \"Title\"` … `:::` block")),
        );
    }
    if !children.iter().any(|(_, k)| k.as_deref() == Some(child)) {
        out.diagnostics.push(
            Diagnostic::error("E0321", format!("`::: {kind}` is empty"))
                .at(ctx.file, open_range.clone())
                .label(format!("no `::: {child}` inside"))
                .help(format!(
                    "add at least one `::: {child} \"Title\"` … `:::` block inside it"
                )),
        );
    }
    let label = open
        .title
        .as_deref()
        .map(|t| format!(" data-label=\"{}\"", escape(t)))
        .unwrap_or_default();
    out.html.push_str(&format!(
        "<div class=\"cp-{kind}\" data-block=\"{kind}\" id=\"{}\"{label}>\n",
        block_id(ctx, &open_range)
    ));
    inner.render(ctx, out);
    out.html.push_str("</div>\n");
}

/// The top-level lines of a group's inside: each child opening with its kind, and each other line
/// that holds text (kind `None`).
fn top_level_children(text: &str) -> Vec<(Range<usize>, Option<String>)> {
    let lines = line_spans(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = text[lines[i].clone()].trim();
        if let Some(rest) = trimmed.strip_prefix(":::").filter(|r| !r.trim().is_empty()) {
            let kind = rest.split_whitespace().next().unwrap_or_default().to_owned();
            found.push((lines[i].clone(), Some(kind)));
            i = matching_close(text, &lines, i).map_or(lines.len(), |c| c + 1);
            continue;
        }
        if !trimmed.is_empty() {
            found.push((lines[i].clone(), None));
        }
        i += 1;
    }
    found
}

/// `::: tab "Title"` / `::: panel "Title"`: a heading and its content.
pub(super) fn item(open: &Opening, inner: &Inner, open_range: Range<usize>, ctx: &LinkContext, out: &mut Rendered) {
    let title = required_title(open, "title", &open_range, ctx, out);
    let level = inner.depth.clamp(2, 6);
    let id = block_id(ctx, &open_range);
    out.html.push_str(&format!(
        "<section class=\"cp-{kind}\" data-block=\"{kind}\" id=\"{id}\">\n<h{level} class=\"cp-block-title\" id=\"{id}-h\">{title}</h{level}>\n<div class=\"cp-block-body\" id=\"{id}-body\">\n",
        kind = open.kind
    ));
    inner.render(ctx, out);
    out.html.push_str("</div>\n</section>\n");
}

/// `::: reveal "Button text"`: the text, then the content (hidden behind a button with script).
pub(super) fn reveal(open: &Opening, inner: &Inner, open_range: Range<usize>, ctx: &LinkContext, out: &mut Rendered) {
    let title = required_title(open, "button text", &open_range, ctx, out);
    let id = block_id(ctx, &open_range);
    out.html.push_str(&format!(
        "<div class=\"cp-reveal\" data-block=\"reveal\" id=\"{id}\">\n<p class=\"cp-reveal-label\">{title}</p>\n<div class=\"cp-block-body\" id=\"{id}-body\">\n"
    ));
    inner.render(ctx, out);
    out.html.push_str("</div>\n</div>\n");
}

/// `::: reflection "Prompt"`: the prompt as the label of a text box whose text stays in the
/// browser; `id="…"` names its stored text (default: the prompt).
pub(super) fn reflection(
    open: &Opening,
    inner: &Inner,
    open_range: Range<usize>,
    ctx: &LinkContext,
    out: &mut Rendered,
) {
    let prompt = required_title(open, "prompt", &open_range, ctx, out);
    let key = attr(open, "id")
        .or(open.title.as_deref())
        .unwrap_or_default()
        .trim()
        .to_owned();
    let id = block_id(ctx, &open_range);
    out.html.push_str(&format!(
        "<div class=\"cp-reflection\" data-block=\"reflection\" data-reflection=\"{key}\" data-unkept=\"{unkept}\">\n<label for=\"{id}-text\" class=\"cp-block-title\">{prompt}</label>\n",
        key = escape(&key),
        unkept = escape(&(ctx.label)("reflection_unkept")),
    ));
    if !inner.text.trim().is_empty() {
        out.html
            .push_str(&format!("<div class=\"cp-block-body\" id=\"{id}-hint\">\n"));
        inner.render(ctx, out);
        out.html.push_str("</div>\n");
    }
    let described = if inner.text.trim().is_empty() {
        format!("{id}-note")
    } else {
        format!("{id}-hint {id}-note")
    };
    out.html.push_str(&format!(
        "<textarea id=\"{id}-text\" rows=\"5\" aria-describedby=\"{described}\"></textarea>\n<p class=\"cp-reflection-note\" id=\"{id}-note\">{}</p>\n</div>\n",
        escape(&(ctx.label)("reflection_note"))
    ));
}
