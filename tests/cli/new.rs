//! `coursepack new` scaffolds a course that builds cleanly, and refuses to overwrite.

use crate::support::{run, text};

#[test]
fn scaffold_builds_without_errors_or_warnings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["new", "my-course"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(tmp.path(), &["build", "my-course", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "", "no warnings");
    assert!(tmp.path().join("dist/my-course-0.1.0-scorm12.zip").is_file());
}

#[test]
fn scaffold_shows_a_tabs_block_and_an_accordion() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["new", "my-course"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(tmp.path(), &["build", "my-course", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let entries = crate::support::zip_entries(&tmp.path().join("dist/my-course-0.1.0-scorm12.zip"));
    // the launch page and every page fragment (`window.CoursepackPage(id, html);`)
    let html: String = entries
        .iter()
        .filter_map(|(n, b)| {
            let text = String::from_utf8_lossy(b);
            if n == "index.html" {
                return Some(text.into_owned());
            }
            let call = text
                .strip_prefix("window.CoursepackPage(")?
                .trim_end()
                .strip_suffix(");")?;
            let [_, html]: [String; 2] = serde_json::from_str(&format!("[{call}]")).ok()?;
            n.starts_with("pages/").then_some(html)
        })
        .collect();
    assert_eq!(
        html.matches("<section class=\"cp-tab\" data-block=\"tab\"").count(),
        3,
        "{html}"
    );
    assert_eq!(
        html.matches("<section class=\"cp-panel\" data-block=\"panel\"").count(),
        2,
        "{html}"
    );
    assert!(
        html.contains("data-block=\"tabs\"") && html.contains("data-block=\"accordion\""),
        "{html}"
    );
}

#[test]
fn scaffold_shows_a_question_bank_with_draw() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["new", "my-course"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(tmp.path(), &["build", "my-course", "--out", "dist", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let data = crate::support::cp_data(&tmp.path().join("dist/my-course-0.1.0-scorm12.zip"));
    let quiz = &data["quizzes"][0];
    assert_eq!(
        quiz["groups"],
        serde_json::json!([{ "draw": 3, "questions": [0, 1, 2, 3] }]),
        "{quiz}"
    );
    assert_eq!(quiz["shuffleQuestions"], serde_json::json!(true));
}

#[test]
fn scaffold_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("keep.txt"), "mine").expect("write");
    let o = run(tmp.path(), &["new", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).expect("still there"),
        "mine"
    );
}

#[test]
fn a_path_that_leads_back_into_an_existing_course_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["new", "mycourse"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let toml = tmp.path().join("mycourse/course.toml");
    std::fs::write(&toml, "# my own edits\n").expect("edit");
    for path in ["mycourse/typo/..", "mycourse/./a/b/../..", "other/../mycourse"] {
        let o = run(tmp.path(), &["new", path]);
        assert_eq!(o.status.code(), Some(2), "{path}: {}", text(&o.stdout));
        assert!(text(&o.stderr).contains("is not empty"), "{path}: {}", text(&o.stderr));
        assert_eq!(std::fs::read_to_string(&toml).expect("still there"), "# my own edits\n");
    }
    assert!(!tmp.path().join("mycourse/typo").exists() && !tmp.path().join("other").exists());
}

#[test]
fn an_empty_title_is_refused_by_new_and_by_check() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for title in ["", "   "] {
        let o = run(tmp.path(), &["new", "c", "--title", title]);
        assert_eq!(o.status.code(), Some(2), "{title:?}: {}", text(&o.stdout));
        assert!(text(&o.stderr).contains("must not be empty"), "{}", text(&o.stderr));
        assert!(!tmp.path().join("c").exists(), "nothing written");
    }
    let o = run(tmp.path(), &["new", "c"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let path = tmp.path().join("c/course.toml");
    let toml = std::fs::read_to_string(&path).expect("course.toml");
    let line = toml.lines().find(|l| l.starts_with("title = ")).expect("a title line");
    std::fs::write(&path, toml.replace(line, "title = \" \"")).expect("write");
    let o = run(tmp.path(), &["check", "c"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E0113]: the course title is empty"), "{stderr}");
    assert!(stderr.contains("course.toml:"), "with a position: {stderr}");
}
