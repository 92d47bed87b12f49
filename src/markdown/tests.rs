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
