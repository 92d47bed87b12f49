//! Course-source errors: one fixture folder per error kind, the exact rendered diagnostic pinned in
//! `expected.txt` beside it (run with `UPDATE_EXPECT=1` to rewrite after an intended change).

use std::fs;

use crate::support::{repo, run, text};

#[track_caller]
fn check_fixture(name: &str, codes: &[&str]) {
    let dir = repo().join("tests/fixtures/errors").join(name);
    let o = run(&dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(1), "content errors exit with 1");
    let stderr = text(&o.stderr);
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(&expected_path, &stderr).expect("write expected.txt");
    }
    let expected = fs::read_to_string(&expected_path).expect("expected.txt exists");
    assert_eq!(stderr, expected, "diagnostic for {name} changed");
    for code in codes {
        assert!(
            stderr.contains(&format!("error[{code}]")),
            "{name}: expected {code} in\n{stderr}"
        );
    }
    let json = run(&dir, &["check", ".", "--format", "json"]);
    let json_path = dir.join("expected.json");
    if json_path.is_file() {
        // this fixture pins the JSON form too
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            fs::write(&json_path, &json.stdout).expect("write expected.json");
        }
        let expected = fs::read_to_string(&json_path).expect("expected.json");
        assert_eq!(text(&json.stdout), expected, "JSON diagnostics for {name} changed");
    }
    let found: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    let json_codes: Vec<&str> = found
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(json_codes, codes, "{name}: JSON findings");
    assert!(
        found[0]["line"].as_u64().is_some_and(|l| l >= 1),
        "JSON has line numbers"
    );
}

#[test]
fn control_characters() {
    check_fixture("control-character", &["E0109", "E0109"]);
}

#[test]
fn missing_alt_text() {
    check_fixture("missing-alt-text", &["E0301"]);
}

#[test]
fn unknown_question_type() {
    check_fixture("unknown-question-type", &["E0402"]);
}

#[test]
fn unknown_quiz_setting_values() {
    check_fixture("unknown-quiz-setting", &["E0410", "E0412", "E0411"]);
}

#[test]
fn broken_internal_link() {
    check_fixture("broken-internal-link", &["E0303"]);
}

#[test]
fn bad_toml() {
    check_fixture("bad-toml", &["E0101"]);
}

#[test]
fn duplicate_id() {
    check_fixture("duplicate-id", &["E0202"]);
}

#[test]
fn every_error_is_reported_at_once() {
    check_fixture("several-errors", &["E0301", "E0302", "E0303", "E0307"]);
}

#[test]
fn every_key_and_type_mistake_of_every_toml_file_is_reported_at_once() {
    // five mistakes in two files: a typo and a quoted number in course.toml; a typo, another
    // type's key and a near miss in the quiz
    check_fixture("toml-mistakes", &["E0115", "E0115", "E0115", "E0116", "E0115"]);
}

#[test]
fn unknown_keys_get_the_closest_key_and_the_question_types_own_form() {
    let dir = repo().join("tests/fixtures/errors/toml-mistakes");
    let stderr = text(&run(&dir, &["check", "."]).stderr);
    for expected in [
        "help: did you mean `prompt`?",
        "help: did you mean `reporting`?",
        "help: did you mean `answers`? a fill-in question takes answers = [\"112\"]",
        "error[E0115]: a single-choice question has no `answer`",
        "help: write it without quotes: mastery_score = 80",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in\n{stderr}");
    }
    assert!(
        !stderr.contains("missing key `prompt`"),
        "a typo is not also a missing key"
    );
    assert!(!stderr.contains("invalid type"), "no raw serde messages:\n{stderr}");
}

#[test]
fn a_file_that_cannot_be_read_causes_no_follow_on_errors_and_says_so_once() {
    // the assessment and a linked page fail to read: no "needs an assessment", no broken link
    check_fixture("no-follow-on", &["E0116", "E0115"]);
    let dir = repo().join("tests/fixtures/errors/no-follow-on");
    let stderr = text(&run(&dir, &["check", "."]).stderr);
    assert_eq!(
        stderr
            .matches("note: the other checks of this file were skipped")
            .count(),
        2,
        "one note per file:\n{stderr}"
    );
}

#[test]
fn a_link_into_another_sco_is_an_error_in_the_per_section_layout() {
    // two cross-section links are errors; the same-section link with an anchor is fine
    check_fixture("cross-section-link", &["E0317", "E0317"]);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = repo().join("tests/fixtures/errors/cross-section-link");
    let o = std::process::Command::new("cp")
        .arg("-r")
        .arg(&dir)
        .arg(tmp.path().join("c"))
        .output()
        .expect("cp");
    assert!(o.status.success());
    let toml = tmp.path().join("c/course.toml");
    let single = fs::read_to_string(&toml)
        .expect("course.toml")
        .replace("per-section", "single");
    fs::write(&toml, single).expect("write");
    let o = run(&tmp.path().join("c"), &["check", "."]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "in one SCO the links are fine: {}",
        text(&o.stderr)
    );
}

#[test]
fn build_with_errors_writes_nothing() {
    let dir = repo().join("tests/fixtures/errors/missing-alt-text");
    let out = tempfile::tempdir().expect("temp dir");
    let dist = out.path().join("dist");
    let o = run(&dir, &["build", ".", "--out", dist.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dist.exists(), "no output folder after a failed build");
    assert!(text(&o.stderr).contains("nothing was written"));
}

#[test]
fn unreadable_folder_is_a_tool_failure() {
    let o = run(&repo(), &["build", "does/not/exist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).starts_with("error: "), "{}", text(&o.stderr));
    let o = run(&repo(), &["build", "--target", "nonsense", "course-src/module-6"]);
    assert_eq!(o.status.code(), Some(2), "bad arguments exit with 2");
}

#[test]
fn an_output_path_that_is_a_file_fails_once_with_its_cause_said_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("taken"), "not a folder").expect("write");
    let course = repo().join("course-src/module-6");
    let o = run(
        tmp.path(),
        &["build", course.to_str().expect("utf-8"), "--out", "taken"],
    );
    assert_eq!(o.status.code(), Some(2), "a tool failure, not a course problem");
    let stderr = text(&o.stderr);
    assert!(
        stderr.starts_with("error: cannot create output folder taken: "),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("os error").count(),
        1,
        "the cause is printed once: {stderr}"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("taken")).expect("read"),
        "not a folder"
    );
}

#[test]
fn a_page_that_is_not_utf8_is_a_course_error_and_a_byte_order_mark_is_fine() {
    // 01-welcome.md holds a Latin-1 byte; section.toml and 02-bom.md start with a UTF-8 BOM
    check_fixture("not-utf8", &["E0110"]);
}

#[test]
fn the_captions_hint_uses_the_course_language_and_the_video_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    assert_eq!(run(tmp.path(), &["new", "demo"]).status.code(), Some(0));
    let course = tmp.path().join("demo");
    fs::write(course.join("media/intro.mp4"), b"not really a video").expect("media");
    let page = course.join("01-getting-started/02-next-steps.md");
    let source = fs::read_to_string(&page).expect("page");
    let video = "::: video \"Intro\" src=\"../media/intro.mp4\"\nThe transcript.\n:::\n";
    fs::write(&page, format!("{source}\n{video}")).expect("edit");
    let o = run(&course, &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("captions=\"../media/intro.en.vtt\""), "{stderr}");
    assert!(
        !stderr.contains(".nl.vtt"),
        "an English course gets no Dutch file name: {stderr}"
    );
}

#[test]
fn raw_html_is_checked_tag_by_tag_with_positions() {
    // onclick, <script src>, <iframe src="javascript:">, <img> without alt, links to .env and
    // course.toml, an unclosed <div> and a `<!-- TODO` without `-->`
    check_fixture(
        "raw-html",
        &["E0312", "E0311", "E0311", "E0301", "E0314", "E0314", "E0310", "E0310"],
    );
}

#[test]
fn a_near_miss_that_normalises_like_an_accepted_answer_is_an_error() {
    // "Critical." reads as the accepted "critical"; "CRITIC" repeats "critic"
    check_fixture("near-miss-is-accepted", &["E0408", "E0408"]);
}

#[test]
fn impossible_numeric_answers_are_errors() {
    // min > max, a negative tolerance, answer = nan
    check_fixture("impossible-numeric", &["E0409", "E0409", "E0409"]);
}
