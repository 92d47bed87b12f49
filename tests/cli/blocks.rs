//! Interactive blocks and embeds (issue 13): what the build packages and renders, and the course
//! errors for blocks used wrongly, through the real binary on small courses.

use std::fs;
use std::path::Path;

use crate::content::{check, course, page};
use crate::support::{run, text, zip_entries};

const WIDGET: &[(&str, &str)] = &[
    (
        "media/widget/index.html",
        "<!DOCTYPE html><title>w</title><script src=\"js/app.js\"></script>",
    ),
    ("media/widget/js/app.js", "document.title = 'ready';"),
    ("media/widget/css/deep/style.css", "p { color: red }"),
    ("media/widget/.git/config", "secret"),
    ("media/widget/notes.md", "# notes"),
    ("media/other.png", "png"),
];

/// Builds `root` into `root/dist`: (exit code, stderr, the page HTML, the zip's entry names).
fn build(root: &Path) -> (Option<i32>, String, String, Vec<String>) {
    let o = run(root, &["build", ".", "--out", "dist", "--quiet"]);
    let zip = root.join("dist/c-1.0.0-scorm12.zip");
    if !zip.is_file() {
        return (o.status.code(), text(&o.stderr), String::new(), Vec::new());
    }
    let entries = zip_entries(&zip);
    let html = entries
        .iter()
        .find(|(n, _)| n == "index.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let names = entries.into_iter().map(|(n, _)| n).collect();
    (o.status.code(), text(&o.stderr), html, names)
}

fn with_page(dir: &Path, body: &str, extra: &[(&str, &str)]) -> std::path::PathBuf {
    let page = page(body);
    let mut files = vec![("01-s/01-p.md", page.as_str())];
    files.extend_from_slice(extra);
    course(dir, "", &files)
}

#[test]
fn embed_packages_the_whole_widget_folder_but_no_hidden_or_source_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = with_page(
        tmp.path(),
        "::: embed src=\"../media/widget/index.html\" title=\"Fire triangle\" height=\"320\"\n:::\n",
        WIDGET,
    );
    let (status, stderr, html, names) = build(&root);
    assert_eq!(status, Some(0), "{stderr}");
    let media: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.starts_with("media/"))
        .collect();
    assert_eq!(
        media,
        [
            "media/widget/css/deep/style.css",
            "media/widget/index.html",
            "media/widget/js/app.js"
        ],
        "the widget folder, recursively, without .git/ or .md; nothing else from media/"
    );
    assert!(names.iter().any(|n| n == "assets/blocks.js"), "{names:?}");
    assert!(
        html.contains("<iframe data-embed=\"media/widget/index.html\" title=\"Fire triangle\" height=\"320\" sandbox=\"allow-scripts\"></iframe>"),
        "{html}"
    );
}

#[test]
fn embed_without_title_outside_the_course_or_on_the_web_is_a_course_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "::: embed src=\"../media/widget/index.html\"\n:::\n\n\
                ::: embed src=\"../../elsewhere/index.html\" title=\"Away\"\n:::\n\n\
                ::: embed src=\"https://h5p.example.org/w/1\" title=\"Web\"\n:::\n";
    let root = with_page(tmp.path(), body, WIDGET);
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    for needle in [
        "error[E0322]: `::: embed` needs a title",
        "--> 01-s/01-p.md:4:1",
        "error[E0305]: `../../elsewhere/index.html` is outside the course folder",
        "--> 01-s/01-p.md:7:1",
        "error[E0305]: embed points outside the package: `https://h5p.example.org/w/1`",
        "--> 01-s/01-p.md:10:1",
        "::: video with external=\"true\"",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
}

#[test]
fn external_video_uses_the_privacy_friendly_host_and_warns_that_it_needs_the_internet() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "::: video external=\"true\" src=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10\" title=\"Fire drill\"\nThe speaker walks to the exit.\n:::\n\n\
                ::: video external=\"true\" src=\"https://vimeo.com/76979871\" title=\"Extinguisher\" transcript=\"../media/t.txt\"\n:::\n";
    let root = with_page(tmp.path(), body, &[("media/t.txt", "words")]);
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(0), "warnings only: {stderr}");
    assert_eq!(
        stderr
            .matches("warning[W0301]: external video needs the internet")
            .count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("played from www.youtube-nocookie.com"), "{stderr}");
    let (status, stderr, html, names) = build(&root);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(
        html.contains("src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Fire drill\""),
        "{html}"
    );
    assert!(
        html.contains("src=\"https://player.vimeo.com/video/76979871?dnt=1\" title=\"Extinguisher\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"media/t.txt\">"), "transcript link: {html}");
    assert!(names.iter().any(|n| n == "media/t.txt"), "{names:?}");
}

#[test]
fn external_video_needs_a_transcript_and_a_known_host() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "::: video external=\"true\" src=\"https://youtu.be/dQw4w9WgXcQ\" title=\"Drill\"\n:::\n\n\
                ::: video external=\"true\" src=\"https://videos.example.com/v/1\" title=\"Other\"\nWords.\n:::\n\n\
                ::: video src=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" captions=\"../media/c.vtt\"\n:::\n";
    let root = with_page(tmp.path(), body, &[("media/c.vtt", "WEBVTT\n")]);
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    for needle in [
        "error[E0306]: external video needs a transcript",
        "--> 01-s/01-p.md:4:1",
        "error[E0305]: external video must be a YouTube or Vimeo address: `https://videos.example.com/v/1`",
        "--> 01-s/01-p.md:7:1",
        "error[E0305]: video points outside the package",
        "--> 01-s/01-p.md:11:1",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
}

#[test]
fn tabs_accordion_reveal_and_reflection_render_as_plain_sections() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "::: tabs \"Kinds\"\n::: tab \"Water\"\nPaper.\n:::\n::: tab \"Foam\"\nLiquids.\n:::\n:::\n\n\
                ::: accordion\n::: panel \"First\"\nAlarm.\n:::\n:::\n\n\
                ::: reveal \"Show\"\n112\n:::\n\n::: reflection \"Your plan?\"\n:::\n";
    let root = with_page(tmp.path(), body, &[]);
    let (status, stderr, html, _) = build(&root);
    assert_eq!(status, Some(0), "{stderr}");
    for needle in [
        "<div class=\"cp-tabs\" data-block=\"tabs\" id=\"cp-b-01-s-01-p-md-",
        "data-label=\"Kinds\">",
        "<section class=\"cp-tab\" data-block=\"tab\"",
        "-h\">Water</h2>",
        "<p>Paper.</p>",
        "<section class=\"cp-panel\" data-block=\"panel\"",
        "<p class=\"cp-reveal-label\">Show</p>",
        "<label for=\"cp-b-01-s-01-p-md-",
        "data-reflection=\"Your plan?\"",
        "What you type here stays in this browser only",
    ] {
        assert!(html.contains(needle), "{needle:?} in {html}");
    }
}

#[test]
fn blocks_used_wrongly_are_course_errors_at_their_position() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "::: tab \"Alone\"\nText.\n:::\n\n\
                ::: tabs\n:::\n\n\
                ::: accordion\nStray text.\n::: panel\nNo title.\n:::\n:::\n\n\
                ::: reflection\n:::\n";
    let root = with_page(tmp.path(), body, &[]);
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    for needle in [
        "error[E0320]: `::: tab` outside `::: tabs`",
        "--> 01-s/01-p.md:4:1",
        "error[E0321]: `::: tabs` is empty",
        "--> 01-s/01-p.md:8:1",
        "error[E0320]: `::: accordion` may only hold `::: panel` blocks",
        "--> 01-s/01-p.md:12:1",
        "error[E0322]: `::: panel` needs a title",
        "--> 01-s/01-p.md:13:1",
        "error[E0322]: `::: reflection` needs a prompt",
        "--> 01-s/01-p.md:18:1",
    ] {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    fs::remove_dir_all(&root).expect("clean up");
}
