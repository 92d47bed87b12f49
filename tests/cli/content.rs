//! Content that reaches the player (issue 10): option ids, titles, empty sections, page size,
//! links, file names and the messages about them, through the real binary on small courses.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{run, text};

/// A course folder at `dir/course` with course.toml (title `title`, extra lines `toml`), one
/// section `01-s` and the given files (paths relative to the course).
pub fn course(dir: &Path, toml: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = dir.join("course");
    fs::create_dir_all(root.join("01-s")).expect("mkdir");
    fs::write(
        root.join("course.toml"),
        format!("id = \"https://example.org/c\"\ntitle = \"C\"\nlanguage = \"en\"\nversion = \"1.0.0\"\n{toml}"),
    )
    .expect("write course.toml");
    fs::write(root.join("01-s/section.toml"), "title = \"S\"\n").expect("write section.toml");
    for (path, body) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
        fs::write(path, body).expect("write");
    }
    root
}

/// A page with front matter and `body`.
pub fn page(body: &str) -> String {
    format!("+++\ntitle = \"P\"\n+++\n{body}")
}

/// `check` on `root`: (exit code, stderr).
#[track_caller]
pub fn check(root: &Path) -> (Option<i32>, String) {
    let o = run(root, &["check", "."]);
    (o.status.code(), text(&o.stderr))
}

#[track_caller]
fn assert_error(root: &Path, code: &str, needles: &[&str]) -> String {
    let (status, stderr) = check(root);
    assert_eq!(status, Some(1), "a course error: {stderr}");
    assert!(stderr.contains(&format!("error[{code}]")), "{code} in {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} in {stderr}");
    }
    stderr
}

const QUESTION: &str = "title = \"Q\"\nkind = \"knowledge-check\"\n\n[[questions]]\nid = \"q\"\nprompt = \"?\"\n";

#[test]
fn duplicate_choice_pair_and_step_ids_are_course_errors_at_the_second_id() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let choices = format!(
        "{QUESTION}type = \"single-choice\"\nchoices = [\n  {{ id = \"x\", text = \"x\", correct = true }},\n  {{ id = \"x\", text = \"y\" }},\n]\n"
    );
    let root = course(tmp.path(), "", &[("01-s/01-q.quiz.toml", &choices)]);
    assert_error(
        &root,
        "E0202",
        &[
            "duplicate choice id `x`",
            "01-s/01-q.quiz.toml:10:10",
            "give every choice",
        ],
    );

    let tmp = tempfile::tempdir().expect("temp dir");
    let pairs = format!(
        "{QUESTION}type = \"matching\"\npairs = [{{ id = \"a\", source = \"1\", target = \"2\" }}, {{ id = \"a\", source = \"3\", target = \"4\" }}]\n"
    );
    let steps = format!(
        "{QUESTION}type = \"sequencing\"\nsteps = [{{ id = \"s\", text = \"1\" }}, {{ id = \"s\", text = \"2\" }}]\n"
    );
    let root = course(
        tmp.path(),
        "",
        &[("01-s/01-m.quiz.toml", &pairs), ("01-s/02-s.quiz.toml", &steps)],
    );
    assert_error(&root, "E0202", &["duplicate pair id `a`", "duplicate step id `s`"]);
}

#[test]
fn an_empty_section_is_a_course_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course(
        tmp.path(),
        "",
        &[("02-t/section.toml", "title = \"T\"\n"), ("01-s/01-p.md", &page("x\n"))],
    );
    assert_error(&root, "E0114", &["section `02-t` has no pages", "02-t/section.toml"]);
}

#[test]
fn a_course_without_pages_is_a_course_error_and_builds_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course(tmp.path(), "", &[]);
    assert_error(&root, "E0114", &["section `01-s` has no pages"]);
    let o = run(&root, &["build", ".", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(!root.join("dist").exists());
}

#[test]
fn a_course_title_over_200_characters_is_an_error_at_its_position() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let long = "é".repeat(201);
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page("x\n"))]);
    let toml = fs::read_to_string(root.join("course.toml")).expect("read");
    fs::write(
        root.join("course.toml"),
        toml.replace("title = \"C\"", &format!("title = \"{long}\"")),
    )
    .expect("write");
    assert_error(&root, "E0113", &["title is 201 characters long", "course.toml:2:9"]);
    // 200 characters fit
    fs::write(
        root.join("course.toml"),
        toml.replace("title = \"C\"", &format!("title = \"{}\"", &long[2..])),
    )
    .expect("write");
    assert_eq!(check(&root).0, Some(0));
}

#[test]
fn a_long_section_title_is_an_error_only_when_the_section_is_its_own_sco() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let long = format!("title = \"{}\"\n", "s".repeat(250));
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page("x\n"))]);
    fs::write(root.join("01-s/section.toml"), &long).expect("write");
    assert_eq!(
        check(&root).0,
        Some(0),
        "a single SCO does not put section titles in the manifest"
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course(
        tmp.path(),
        "[scorm]\nsco_layout = \"per-section\"\n",
        &[("01-s/01-p.md", &page("x\n"))],
    );
    fs::write(root.join("01-s/section.toml"), &long).expect("write");
    assert_error(
        &root,
        "E0113",
        &["title is 250 characters long", "01-s/section.toml:1:9"],
    );
}

#[test]
fn a_page_over_the_size_limit_is_refused_with_a_hint_to_split_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let big = page(&"word ".repeat(1024 * 1024 / 5 + 10));
    let root = course(tmp.path(), "", &[("01-s/01-big.md", &big)]);
    let stderr = assert_error(&root, "E0111", &["01-s/01-big.md is larger than 1024 KiB", "split it"]);
    assert!(!stderr.contains("E0114"), "the section is not called empty: {stderr}");
    let o = run(&root, &["build", ".", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(1));
    // just under the limit builds
    fs::write(root.join("01-s/01-big.md"), &big[..1024 * 1024]).expect("write");
    let o = run(&root, &["build", ".", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn scheme_links_are_case_insensitive_and_tel_and_mailto_are_fine() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "[a](HTTPS://example.org) [b](Http://example.org) [c](tel:+31201234567) [d](MAILTO:a@example.org)\n";
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page(body))]);
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(0), "{stderr}");
    let o = run(&root, &["build", ".", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = crate::support::zip_entries(&root.join("dist/c-1.0.0-scorm12.zip"));
    let index = zip.iter().find(|(n, _)| n == "index.html").expect("index.html");
    let html = text(&index.1);
    assert!(html.contains("href=\"tel:+31201234567\""), "tel link kept");
    assert!(!html.contains("tel:+31201234567\" download"), "tel is not a download");
}

#[test]
fn other_link_schemes_are_refused_by_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "[a](javascript:alert(1)) [b](data:text/html,x)\n";
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page(body))]);
    let stderr = assert_error(&root, "E0309", &["`javascript:`", "`data:`"]);
    assert!(!stderr.contains("file not found"), "{stderr}");
}

#[test]
fn a_page_file_name_that_is_not_utf8_is_a_course_error() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page("x\n"))]);
    let name = std::ffi::OsStr::from_bytes(b"02-caf\xe9.md");
    fs::write(root.join("01-s").join(name), page("y\n")).expect("write");
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "a course error, not a tool failure: {stderr}");
    assert!(
        stderr.contains("error[E0112]") && stderr.contains("is not UTF-8"),
        "{stderr}"
    );
    assert!(!stderr.contains("No such file"), "{stderr}");
}

#[test]
fn the_suspend_data_hint_fits_the_course() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut quiz = String::from("title = \"Many\"\nkind = \"knowledge-check\"\n");
    for i in 0..400 {
        let pairs: Vec<String> = (0..10)
            .map(|p| format!("{{ id = \"p{p}\", source = \"s{p}\", target = \"t{p}\" }}"))
            .collect();
        quiz.push_str(&format!(
            "\n[[questions]]\nid = \"q{i}\"\ntype = \"matching\"\nprompt = \"Match\"\npairs = [{}]\n",
            pairs.join(", ")
        ));
    }
    let root = course(tmp.path(), "", &[("01-s/01-q.quiz.toml", &quiz)]);
    let o = run(&root, &["build", ".", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E0501]"), "{stderr}");
    assert!(!stderr.contains("SCORM 2004"), "SCORM 2004 is not a target: {stderr}");
    assert!(!stderr.contains("max_length"), "the course has no fill-ins: {stderr}");
    assert!(stderr.contains("per-section"), "{stderr}");
}

#[test]
fn check_with_json_output_prints_a_json_error_when_the_tool_fails() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["check", "does-not-exist", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let error = doc["error"].as_str().expect("an error string");
    assert!(error.contains("does-not-exist"), "{error}");
    assert!(text(&o.stderr).starts_with("error: "), "stderr still says it");
}

#[test]
fn callouts_nested_3000_deep_are_a_course_error_not_a_crash() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = format!("{}deep\n{}", "::: note\n".repeat(3000), ":::\n".repeat(3000));
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page(&body))]);
    assert_error(&root, "E0313", &["nested more than 16 deep", "01-s/01-p.md:20:1"]);
    // 16 deep is fine
    let body = format!("{}deep\n{}", "::: note\n".repeat(16), ":::\n".repeat(16));
    fs::write(root.join("01-s/01-p.md"), page(&body)).expect("write");
    assert_eq!(check(&root).0, Some(0));
}

#[test]
fn markdown_nested_thousands_deep_builds_without_overflowing_the_stack() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let lists: String = (0..400).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    let body = format!(
        "{} deep\n\n{lists}\n{}x{}\n\n{}x\n",
        ">".repeat(50_000),
        "<span>".repeat(20_000),
        "</span>".repeat(20_000),
        "- * ".repeat(50_000)
    );
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page(&body))]);
    let o = run(&root, &["build", ".", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn hidden_files_and_course_sources_are_never_packaged() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "[a](../.git/config) [b](../.env) ![c](../media/.hidden.png) [d](02-q.quiz.toml) [e](../course.toml)\n";
    let quiz = format!("{QUESTION}type = \"true-false\"\nanswer = true\n");
    let root = course(
        tmp.path(),
        "",
        &[
            ("01-s/01-p.md", &page(body)),
            ("01-s/02-q.quiz.toml", &quiz),
            (".git/config", "[http]\nextraheader = AUTHORIZATION: basic c2VjcmV0\n"),
            (".env", "TOKEN=secret\n"),
            ("media/.hidden.png", "png"),
        ],
    );
    let stderr = assert_error(
        &root,
        "E0314",
        &[
            "`.git/config` is a hidden file",
            "`course.toml` is a course source file",
        ],
    );
    assert_eq!(stderr.matches("error[E0314]").count(), 5, "{stderr}");
    let o = run(&root, &["build", ".", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!root.join("dist").exists());
}

#[test]
fn a_file_used_only_by_raw_html_goes_into_the_package() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "<figure><img src=\"../media/only-html.svg\" alt=\"A figure\"></figure>\n\n<a href=\"../media/sheet.pdf\">sheet</a>\n";
    let root = course(
        tmp.path(),
        "",
        &[
            ("01-s/01-p.md", &page(body)),
            ("media/only-html.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            ("media/sheet.pdf", "%PDF"),
        ],
    );
    let o = run(&root, &["build", ".", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let names: Vec<String> = crate::support::zip_entries(&root.join("dist/c-1.0.0-scorm12.zip"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(names.iter().any(|n| n == "media/only-html.svg"), "{names:?}");
    assert!(names.iter().any(|n| n == "media/sheet.pdf"), "{names:?}");
}

#[test]
fn raw_html_pointing_outside_the_folder_or_at_missing_or_web_media_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let body = "<img src=\"../../outside.png\" alt=\"a\"> <img src=\"../media/none.png\" alt=\"b\"> <img src=\"https://cdn.example/x.png\" alt=\"c\">\n";
    let root = course(tmp.path(), "", &[("01-s/01-p.md", &page(body))]);
    fs::write(tmp.path().join("outside.png"), "png").expect("write");
    assert_error(
        &root,
        "E0305",
        &[
            "is outside the course folder",
            "file not found: `../media/none.png`",
            "points outside the package",
        ],
    );
}
