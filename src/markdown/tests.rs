use std::collections::{BTreeMap, BTreeSet};

use super::*;

fn ctx_render(text: &str) -> Rendered {
    let pages: BTreeMap<String, String> = [("s/02-b.md".to_owned(), "b".to_owned())].into();
    let files: BTreeSet<String> = ["media/fig.svg".to_owned(), "media/clip.mp4".to_owned()].into();
    let href =
        |id: &str, anchor: Option<&str>| format!("#p-{id}{}", anchor.map(|a| format!("-{a}")).unwrap_or_default());
    let label = |k: &str| k.to_owned();
    let ctx = LinkContext {
        file: "s/01-a.md",
        pages: &pages,
        files: &files,
        broken: &BTreeMap::new(),
        page_href: &href,
        lang: "nl",
        label: &label,
        sco_sections: None,
    };
    render(text, 0, &ctx)
}

#[test]
fn lone_image_becomes_a_figure_with_caption() {
    let r = ctx_render("![Een schema](../media/fig.svg \"Figuur 1\")\n");
    assert!(r.html.contains("<figure class=\"cp-figure\"><img src=\"media/fig.svg\" alt=\"Een schema\"><figcaption>Figuur 1</figcaption></figure>"), "{}", r.html);
    assert!(r.diagnostics.is_empty());
    assert!(r.media.contains("media/fig.svg"));
}

#[test]
fn missing_alt_and_missing_file_are_reported_with_positions() {
    let r = ctx_render("Tekst\n\n![](../media/nope.png)\n");
    let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0301", "E0302"]);
    assert_eq!(r.diagnostics[0].span.as_ref().map(|s| s.range.start), Some(7));
}

#[test]
fn page_links_are_rewritten_and_broken_ones_reported() {
    let r = ctx_render("[b](02-b.md#x) en [c](03-c.md)\n");
    assert!(r.html.contains("href=\"#p-b-x\""), "{}", r.html);
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code, "E0303");
}

#[test]
fn callouts_nest_and_render_markdown_inside() {
    let r = ctx_render("::: example \"Interface\"\nTekst **vet**.\n\n::: quote \"Iemand\"\nCitaat\n:::\n:::\nNa\n");
    assert!(r.html.contains("cp-callout-example"));
    assert!(r.html.contains("<strong>vet</strong>"));
    assert!(r.html.contains("<figcaption>— Iemand</figcaption>"));
    assert!(r.html.ends_with("<p>Na</p>\n"), "{}", r.html);
    assert!(r.diagnostics.is_empty());
}

#[test]
fn video_needs_captions_and_unknown_kinds_are_errors() {
    let r = ctx_render("::: video \"Clip\" src=\"../media/clip.mp4\"\nTranscript\n:::\n::: warning\nx\n:::\n");
    let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0306", "E0307"]);
}

#[test]
fn external_links_open_in_a_new_window() {
    let r = ctx_render("[site](https://example.org)\n");
    assert!(r.html.contains("target=\"_blank\" rel=\"noopener\""));
}

fn codes(r: &Rendered) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn allowed_raw_html_is_written_again_from_its_tokens() {
    let r = ctx_render(
        "A <abbr title=\"x &amp; y\">HTML</abbr> <!-- note --> word.\n\n<figure><img src=\"../media/fig.svg\" srcset=\"../media/fig.svg 2x\" alt=\"Fig\"></figure>\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("<abbr title=\"x &amp; y\">HTML</abbr>"), "{}", r.html);
    assert!(!r.html.contains("note"), "comments are dropped: {}", r.html);
    assert!(
        r.html
            .contains("<img alt=\"Fig\" src=\"media/fig.svg\" srcset=\"media/fig.svg 2x\">"),
        "{}",
        r.html
    );
    assert!(
        r.media.contains("media/fig.svg"),
        "a file used only by raw HTML is packaged"
    );
}

#[test]
fn scripts_styles_handlers_and_unsafe_urls_in_raw_html_are_errors() {
    let r = ctx_render(
        "<style>p{}</style>\n\n<a href=\"javascript:alert(1)\">x</a> <img src=\"data:image/png;base64,AA\" alt=\"x\">\n",
    );
    assert_eq!(codes(&r), ["E0311", "E0309", "E0309"], "{:?}", r.diagnostics);
    assert!(!r.html.contains("javascript"), "{}", r.html);
    assert!(!r.html.contains("<style"), "{}", r.html);
    let r = ctx_render("<p style=\"color:red\" id=\"cp-data\" onmouseover=\"x()\">x</p>\n");
    assert_eq!(codes(&r), ["E0312", "E0312", "E0312"], "{:?}", r.diagnostics);
}

#[test]
fn raw_html_must_be_balanced_within_its_markdown_block() {
    // a <span> opened in one paragraph and closed in the next
    let r = ctx_render("a <span>b\n\nc</span> d\n");
    assert_eq!(codes(&r), ["E0310", "E0310"], "{:?}", r.diagnostics);
    // misnested end tags
    let r = ctx_render("<div><p>x</div></p>\n");
    assert!(codes(&r).contains(&"E0310"), "{:?}", r.diagnostics);
    // a block that opens and one that closes, with Markdown between, is fine
    let r = ctx_render("<details>\n<summary>S</summary>\n\n**x**\n\n</details>\n");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn unterminated_raw_html_is_reported_where_it_starts() {
    let text = "Text\n\n<!-- TODO\nrest of the page\n";
    let r = ctx_render(text);
    assert_eq!(codes(&r), ["E0310"]);
    let at = r.diagnostics[0].span.as_ref().map(|s| s.range.start);
    assert_eq!(at, text.find("<!--"));
}
