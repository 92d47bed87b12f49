//! Typed answers (tests/fixtures/answer-matching): equal variants pass `check`, numeric questions become numeric
//! interactions with range patterns in tincan.xml, and the player gets the number rules of the course language.

use std::path::{Path, PathBuf};

use crate::support::{repo, run, text, validate_manifest, zip_entries};

fn course() -> PathBuf {
    repo().join("tests/fixtures/answer-matching")
}

#[track_caller]
fn build(out: &Path, target: &str) -> PathBuf {
    let dir = out.to_str().expect("utf-8");
    let course = course();
    let o = run(
        &repo(),
        &[
            "build",
            course.to_str().expect("utf-8"),
            "--out",
            dir,
            "--target",
            target,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    out.join(format!("answer-matching-1.0.0-{target}.zip"))
}

fn entry(zip: &Path, name: &str) -> String {
    let entries = zip_entries(zip);
    let (_, bytes) = entries.iter().find(|(n, _)| n == name).expect("entry in the zip");
    text(bytes)
}

#[test]
fn accepted_answers_that_normalise_alike_are_fine() {
    // 02-oefenen accepts "kritische" and "Kritische.", which read the same
    let o = run(&course(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "", "no warnings");
}

#[test]
fn numeric_questions_are_numeric_interactions_with_range_patterns() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let zip = build(tmp.path(), "xapi");
    validate_manifest(&zip);
    let xml = entry(&zip, "tincan.xml");
    for (question, pattern) in [("besparing", "40[:]40"), ("temperatuur", "3.5[:]5"), ("jaren", "2[:]3")] {
        let at = xml
            .find(&format!("/questions/{question}\""))
            .expect("question activity");
        let body = &xml[at..at + xml[at..].find("</activity>").expect("closed")];
        assert!(body.contains("<interactionType>numeric</interactionType>"), "{body}");
        assert!(
            body.contains(&format!("<correctResponsePattern>{pattern}</correctResponsePattern>")),
            "{question}: {body}"
        );
    }
    let o = run(&repo(), &["validate", zip.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}

#[test]
fn the_player_gets_the_number_rules_of_the_course_language() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let zip = build(tmp.path(), "scorm12");
    let html = entry(&zip, "index.html");
    let data = crate::support::cp_data(&zip);
    let questions = data["quizzes"][1]["questions"].as_array().expect("questions");
    let besparing = &questions[0];
    assert_eq!(besparing["type"], "numeric");
    assert_eq!(besparing["correct"], serde_json::json!(["40"]));
    assert_eq!(
        besparing["numeric"],
        serde_json::json!({"min": 40.0, "max": 40.0, "decimalComma": true, "units": ["%", "procent", "pct"]})
    );
    assert_eq!(
        questions[2]["correct"],
        serde_json::json!([]),
        "a range has no single answer"
    );
    assert_eq!(
        questions[3]["numeric"]["units"],
        serde_json::json!(["jaar"]),
        "own units replace percent"
    );
    let names: Vec<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(names.iter().any(|n| n == "assets/answers.js"), "{names:?}");
    assert!(html.contains("<script src=\"assets/answers.js\" defer></script>\n<script src=\"assets/bank.js\" defer></script>\n<script src=\"assets/player.js\""));
}

/// A copy of the fixture course whose final assessment is `quiz`.
fn with_assessment(dir: &Path, quiz: &str) -> PathBuf {
    let o = std::process::Command::new("cp")
        .arg("-r")
        .arg(course())
        .arg(dir.join("c"))
        .output()
        .expect("cp");
    assert!(o.status.success(), "cp: {}", text(&o.stderr));
    let file = dir.join("c/01-toetsen/03-eindtoets.quiz.toml");
    std::fs::write(&file, format!("title = \"Eindtoets\"\nkind = \"assessment\"\n\n{quiz}")).expect("write quiz");
    dir.join("c")
}

#[test]
fn answer_must_suit_the_question_type() {
    let cases = [
        (
            "type = \"true-false\"\nanswer = 40",
            "help: answer = 40 is for a numeric question: use type = \"numeric\"",
        ),
        (
            "type = \"numeric\"\nanswer = true",
            "help: answer = true is for a true-false question: use type = \"true-false\"",
        ),
        (
            "type = \"numeric\"\nanswer = \"40\"",
            "help: write it without quotes: answer = 40",
        ),
        (
            "type = \"numeric\"\nanswer = 40\nmin = 39",
            "give `answer` (with an optional `tolerance`) or `min`/`max`",
        ),
        (
            "type = \"numeric\"\ntolerance = 1",
            "error[E0403]: `tolerance` needs `answer`",
        ),
        ("type = \"numeric\"", "error[E0403]: this question needs `answer`"),
        (
            "type = \"single-choice\"\nchoices = [{ id = \"a\", text = \"A\", correct = true }, { id = \"b\", text = \"B\" }]\n\n[[questions.near_misses]]\nanswer = \"c\"\nfeedback = \"No.\"",
            "error[E0115]: a single-choice question has no `near_misses`",
        ),
    ];
    for (fields, expected) in cases {
        let tmp = tempfile::tempdir().expect("temp dir");
        let quiz = format!("[[questions]]\nid = \"q\"\nprompt = \"?\"\n{fields}\n");
        let o = run(&with_assessment(tmp.path(), &quiz), &["check", "."]);
        assert_eq!(o.status.code(), Some(1), "{fields}");
        let stderr = text(&o.stderr);
        assert!(stderr.contains(expected), "{fields}:\n{stderr}");
    }
}
