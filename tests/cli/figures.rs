//! `check` warns (W0302) when a figure's SVG text would render under 12 px in a phone's 358 px column.

use std::fs;

use crate::support::{copy_module6, run, text};

/// A figure drawn for a desktop: 1,040 user units wide, the smallest text 14 (inherited from a `<g>`).
const WIDE_SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1040 330" role="img" aria-labelledby="t">
  <title id="t">Zes stappen</title>
  <g font-size="14"><text x="20" y="40" font-size="22">Zes stappen voor samenwerking</text>
    <text x="20" y="80">Voorbeeld: EICC</text></g>
</svg>
"#;

#[test]
fn a_figure_with_small_text_on_a_phone_is_a_warning_naming_it_its_size_and_a_fix() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = copy_module6(tmp.path());
    fs::write(course.join("media/bsr-zes-stappen.svg"), WIDE_SVG).expect("write svg");
    let o = run(tmp.path(), &["check", "m6"]);
    let out = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "a warning, not an error: {out}");
    // 14 × 358 ÷ 1040 = 4.8 px
    assert!(
        out.contains("warning[W0302]: text in figure `media/bsr-zes-stappen.svg` renders at 4.8 px on a phone"),
        "{out}"
    );
    assert!(
        out.contains("--> 01-samenwerken/06-zes-stappen-bsr.md:13:1"),
        "points at the image: {out}"
    );
    assert!(
        out.contains("“Voorbeeld: EICC”: font-size 14 in a viewBox 1040 wide"),
        "{out}"
    );
    // 12 × 1040 ÷ 358 = 34.9 → 35; 14 × 358 ÷ 12 = 417.7 → 417
    assert!(
        out.contains("at least font-size 35") && out.contains("viewBox at most 417 wide"),
        "{out}"
    );
    assert!(out.contains("0 errors, 1 warning"), "only this figure: {out}");
}

#[test]
fn style_font_sizes_count_and_json_output_carries_the_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = copy_module6(tmp.path());
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 440 200" role="img" aria-label="x">
  <text x="10" y="40" style="fill:#000; font-size: 10px">Kleine noot</text></svg>"#;
    fs::write(course.join("media/ontwerpsprint.svg"), svg).expect("write svg");
    let o = run(tmp.path(), &["check", "m6", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let found: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let w0302: Vec<&serde_json::Value> = found
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "W0302")
        .collect();
    assert_eq!(w0302.len(), 1, "{found}");
    // 10 × 358 ÷ 440 = 8.1 px
    let message = w0302[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`media/ontwerpsprint.svg` renders at 8.1 px"),
        "{message}"
    );
}

#[test]
fn module6_figures_are_readable_on_a_phone() {
    let o = run(&crate::support::repo(), &["check", "course-src/module-6"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(!out.contains("W0302"), "{out}");
}
