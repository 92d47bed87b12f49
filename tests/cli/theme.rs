//! `[theme]` (issue 13): colours checked for WCAG 2.1 AA contrast in both schemes, the logo with its alt text,
//! font stacks without downloads, and the generated and the course's stylesheets in the package.

use std::fs;

use crate::content::{check, course, page};
use crate::support::{repo, run, text, zip_entries};

fn themed(dir: &std::path::Path, theme: &str) -> std::path::PathBuf {
    course(
        dir,
        &format!("\n[theme]\n{theme}"),
        &[
            ("01-s/01-p.md", &page("Hello.")),
            (
                "media/logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"/>",
            ),
        ],
    )
}

#[test]
fn a_primary_colour_with_too_little_contrast_fails_with_the_pair_the_ratio_and_a_passing_shade() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = themed(tmp.path(), "primary = \"#777777\"\n");
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stderr.contains("error[E0152]"), "{stderr}");
    assert!(
        stderr.contains("primary #777777 as text on the light background #ffffff: 4.48:1"),
        "{stderr}"
    );
    assert!(stderr.contains("course.toml:7:11"), "at the value: {stderr}");
    // The suggestion is computed, and it passes: checking the suggested colour gives no error.
    let suggested = stderr
        .split("use `primary = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a suggested colour")
        .to_owned();
    assert_ne!(suggested, "#777777");
    let root = themed(&tmp.path().join("fixed"), &format!("primary = \"{suggested}\"\n"));
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(0), "{suggested} passes: {stderr}");
}

#[test]
fn an_explicit_dark_colour_is_checked_against_the_dark_backgrounds() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = themed(tmp.path(), "primary = \"#1d6b52\"\nprimary_dark = \"#1d6b52\"\n");
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stderr.contains("`theme.primary_dark` #1d6b52 fails"), "{stderr}");
    assert!(stderr.contains("on the dark background #121417"), "{stderr}");
    assert!(stderr.contains("nearest lighter shade"), "{stderr}");
}

#[test]
fn a_logo_needs_alt_text_and_an_existing_svg_or_png() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = themed(tmp.path(), "logo = \"media/logo.svg\"\n");
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("error[E0153]: `theme.logo` needs `theme.logo_alt`"),
        "{stderr}"
    );
    let root = themed(&tmp.path().join("b"), "logo = \"media/gone.png\"\nlogo_alt = \"Org\"\n");
    let (_, stderr) = check(&root);
    assert!(stderr.contains("logo file `media/gone.png` not found"), "{stderr}");
    let root = themed(&tmp.path().join("c"), "logo = \"media/logo.gif\"\nlogo_alt = \"Org\"\n");
    let (_, stderr) = check(&root);
    assert!(stderr.contains("must be an SVG or PNG file"), "{stderr}");
}

#[test]
fn a_font_that_downloads_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = themed(
        tmp.path(),
        "font = \"Inter, url(https://fonts.example.org/inter.woff2)\"\n",
    );
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1));
    assert!(stderr.contains("error[E0155]"), "{stderr}");
    let root = themed(
        &tmp.path().join("b"),
        "font = \"x; } @import 'https://example.org/a.css'\"\n",
    );
    let (status, _) = check(&root);
    assert_eq!(status, Some(1));
}

#[test]
fn the_theme_logo_and_course_stylesheet_are_packaged_after_the_players_css() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = themed(
        tmp.path(),
        "logo = \"media/logo.svg\"\nlogo_alt = \"Example Org\"\nprimary = \"#5b3f8c\"\nfont = \"Georgia, serif\"\nradius = \"0\"\n",
    );
    fs::write(root.join("theme.css"), ".cp-course-title { letter-spacing: 0.02em; }\n").expect("write theme.css");
    let o = run(tmp.path(), &["build", "course", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let entries = zip_entries(&tmp.path().join("dist/c-1.0.0-scorm12.zip"));
    let get = |name: &str| {
        entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| panic!("{name} in the package"))
    };
    let css = get("assets/theme.css");
    assert!(css.contains("--accent: #5b3f8c;"), "{css}");
    assert!(css.contains("font-family: Georgia, serif;"), "{css}");
    assert!(css.contains("--r: 0;"), "{css}");
    assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
    assert!(get("assets/course.css").contains("letter-spacing"));
    assert!(get("media/logo.svg").contains("<svg"));
    let html = get("index.html");
    let player = html.find("assets/coursepack.css").expect("player css");
    let theme = html.find("assets/theme.css").expect("theme css");
    let own = html.find("assets/course.css").expect("course css");
    assert!(player < theme && theme < own, "order: player, theme, course");
    assert!(html.contains("alt=\"Example Org\""), "logo alt");
    let manifest = get("imsmanifest.xml");
    assert!(manifest.contains("assets/theme.css") && manifest.contains("assets/course.css"));
}

#[test]
fn module6_and_the_scaffold_build_clean_with_their_themes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m6 = repo().join("course-src/module-6");
    let toml = fs::read_to_string(m6.join("course.toml")).expect("course.toml");
    assert!(toml.contains("[theme]") && toml.contains("logo_alt"));
    let o = run(tmp.path(), &["check", m6.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "", "no warnings");
    let o = run(tmp.path(), &["new", "fresh"]);
    assert_eq!(o.status.code(), Some(0));
    let toml = fs::read_to_string(tmp.path().join("fresh/course.toml")).expect("course.toml");
    assert!(toml.contains("[theme]") && toml.contains("primary ="), "{toml}");
    let o = run(tmp.path(), &["build", "fresh", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let entries = zip_entries(&tmp.path().join("dist/fresh-0.1.0-scorm12.zip"));
    assert!(entries.iter().any(|(n, _)| n == "assets/theme.css"));
    assert!(entries.iter().any(|(n, _)| n == "media/logo.svg"));
}
