//! Question banks and time limits: `check` reports every mistake in `draw`, `[[groups]]`, `group` and
//! `time_limit` at its place; a valid bank reaches the player and the state budget; Module 6's bank stays within
//! SCORM 1.2's `suspend_data`.

use std::path::Path;

use crate::support::{build_json, cp_data, repo, run, text};

const COURSE: &str = "id = \"https://example.org/courses/b\"\ntitle = \"B\"\nlanguage = \"nl\"\nversion = \"1.0.0\"\n";

/// A course with one section: a page and the quiz file `quiz`.
fn course(dir: &Path, quiz: &str) {
    std::fs::write(dir.join("course.toml"), COURSE).expect("course.toml");
    let section = dir.join("01-deel");
    std::fs::create_dir(&section).expect("section");
    std::fs::write(section.join("section.toml"), "title = \"Deel\"\n").expect("section.toml");
    std::fs::write(section.join("01-start.md"), "+++\ntitle = \"Start\"\n+++\n\nTekst.\n").expect("page");
    std::fs::write(section.join("02-toets.quiz.toml"), quiz).expect("quiz");
}

fn question(id: &str, group: Option<&str>) -> String {
    let group = group.map(|g| format!("group = \"{g}\"\n")).unwrap_or_default();
    format!("\n[[questions]]\nid = \"{id}\"\n{group}type = \"true-false\"\nprompt = \"Waar?\"\nanswer = true\n")
}

/// `(code, file:line:col, message)` of every diagnostic of `check --format json`.
fn problems(dir: &Path) -> Vec<(String, String, String)> {
    let o = run(dir, &["check", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", text(&o.stdout), text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    doc.as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| {
            let at = format!(
                "{}:{}:{}",
                d["file"].as_str().unwrap_or("?"),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0)
            );
            (
                d["code"].as_str().unwrap_or("?").to_owned(),
                at,
                d["message"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_bank_mistake_is_reported_at_its_place() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let quiz = format!(
        "title = \"Toets\"\nkind = \"assessment\"\ndraw = 2\ntime_limit = \"20 min\"\n\n\
         [[groups]]\nid = \"een\"\ndraw = 3\n\n[[groups]]\nid = \"twee\"\n\n[[groups]]\nid = \"leeg\"\n{}{}{}{}",
        question("a", Some("een")),
        question("b", Some("een")),
        question("c", Some("twe")),
        question("d", None),
    );
    course(tmp.path(), &quiz);
    let file = "01-deel/02-toets.quiz.toml";
    let found = problems(tmp.path());
    let expect = |code: &str, line: u32, col: u32, message: &str| {
        (code.to_owned(), format!("{file}:{line}:{col}"), message.to_owned())
    };
    assert_eq!(
        found,
        [
            expect(
                "E0413",
                3,
                8,
                "`draw` of the whole quiz cannot be combined with [[groups]]"
            ),
            expect("E0414", 4, 14, "`time_limit` must be a duration from 30s to 24h"),
            expect("E0413", 8, 8, "`draw` must be a whole number from 1 to 2"),
            expect("E0413", 11, 6, "group `twee` has no questions"),
            expect("E0413", 14, 6, "group `leeg` has no questions"),
            expect("E0413", 32, 9, "unknown group `twe`"),
            expect("E0413", 38, 6, "question `d` belongs to no group"),
        ],
        "{found:#?}"
    );
    let o = run(tmp.path(), &["check", "."]);
    let stderr = text(&o.stderr);
    assert!(stderr.contains("did you mean `twee`?"), "{stderr}");
    assert!(
        stderr.contains("write hours, minutes and seconds with h, m and s"),
        "{stderr}"
    );
}

#[test]
fn a_group_without_groups_and_a_timed_knowledge_check_are_errors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let quiz = format!(
        "title = \"Check\"\nkind = \"knowledge-check\"\ntime_limit = \"5m\"\ndraw = 3\n{}{}",
        question("a", Some("een")),
        question("b", None),
    );
    course(tmp.path(), &quiz);
    let codes: Vec<(String, String)> = problems(tmp.path()).into_iter().map(|(c, _, m)| (c, m)).collect();
    assert_eq!(
        codes,
        [
            (
                "E0414".to_owned(),
                "a knowledge check cannot have a time limit".to_owned()
            ),
            (
                "E0413".to_owned(),
                "`draw` must be a whole number from 1 to 2".to_owned()
            ),
            (
                "E0413".to_owned(),
                "question names group `een`, but the quiz has no groups".to_owned()
            ),
        ]
    );
}

#[test]
fn a_bank_reaches_the_player_and_the_state_budget() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("dist");
    let report = build_json(&repo().join("tests/fixtures/bank"), "scorm12", &out);
    // 4 of 8 single-choice answers (1 char each) + 7 separators, the seed (5) and ":" + 600 s in base36 ("go")
    let worst = report["state"][0]["suspend_data_worst_case"]
        .as_u64()
        .expect("worst case");
    assert_eq!(worst, 43, "{report}");
    let quiz = &cp_data(&out.join("bank-1.0.0-scorm12.zip"))["quizzes"][0];
    assert_eq!(
        quiz["groups"],
        serde_json::json!([{ "draw": 2, "questions": [0, 1, 2, 3] }, { "draw": 2, "questions": [4, 5, 6, 7] }])
    );
    assert_eq!(
        (&quiz["shuffleQuestions"], &quiz["shuffleChoices"], &quiz["timeLimit"]),
        (
            &serde_json::json!(true),
            &serde_json::json!(true),
            &serde_json::json!(600)
        )
    );
}

#[test]
fn module6_draws_sixteen_questions_balanced_over_its_sections_within_the_state_budget() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("dist");
    let report = build_json(&repo().join("course-src/module-6"), "scorm12", &out);
    let worst = report["state"][0]["suspend_data_worst_case"]
        .as_u64()
        .expect("worst case");
    assert!(worst < 4096, "{worst}");
    let data = cp_data(&out.join("module-6-1.0.0-scorm12.zip"));
    let asm = data["quizzes"]
        .as_array()
        .expect("quizzes")
        .iter()
        .find(|q| q["kind"] == "assessment")
        .expect("assessment");
    let groups = asm["groups"].as_array().expect("groups");
    let draws: Vec<u64> = groups.iter().map(|g| g["draw"].as_u64().unwrap_or(0)).collect();
    assert_eq!(draws.iter().sum::<u64>(), 16);
    assert!(draws.iter().all(|&d| d >= 4), "{draws:?}");
    let bank: usize = groups
        .iter()
        .map(|g| g["questions"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(bank >= 24, "{bank} questions in the bank");
    assert_eq!(
        (asm["maxAttempts"].as_u64(), asm["reveal"].as_str()),
        (Some(3), Some("after-last-attempt"))
    );
    assert_eq!(
        (&asm["shuffleQuestions"], &asm["shuffleChoices"]),
        (&serde_json::json!(true), &serde_json::json!(true))
    );
}

#[test]
fn a_course_time_limit_is_written_for_the_lms_and_passes_the_schema() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("course");
    std::fs::create_dir(&dir).expect("course dir");
    course(
        &dir,
        &format!("title = \"Toets\"\nkind = \"assessment\"\n{}", question("a", None)),
    );
    let timed = format!("{COURSE}\n[scorm]\ntime_limit = \"1h30m\"\ntime_limit_action = \"exit,message\"\n");
    std::fs::write(dir.join("course.toml"), &timed).expect("course.toml");
    let out = tmp.path().join("dist");
    let o = run(
        &dir,
        &[
            "build",
            ".",
            "--target",
            "scorm12",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = out.join("b-1.0.0-scorm12.zip");
    crate::support::validate_manifest(&zip);
    let entries = crate::support::zip_entries(&zip);
    let (_, manifest) = entries.iter().find(|(n, _)| n == "imsmanifest.xml").expect("manifest");
    let manifest = text(manifest);
    assert!(
        manifest.contains("<adlcp:maxtimeallowed>01:30:00</adlcp:maxtimeallowed>"),
        "{manifest}"
    );
    assert!(
        manifest.contains("<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>"),
        "{manifest}"
    );

    // one SCO per section cannot share the course's limit; an unknown action is named
    let per_section = timed.replace("[scorm]\n", "[scorm]\nsco_layout = \"per-section\"\n");
    std::fs::write(dir.join("course.toml"), per_section).expect("course.toml");
    let found = problems(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "a time limit for the whole course needs one SCO");
    std::fs::write(dir.join("course.toml"), timed.replace("exit,message", "exit")).expect("course.toml");
    let found = problems(&dir);
    assert_eq!(
        (found[0].0.as_str(), found[0].2.as_str()),
        ("E0414", "unknown `time_limit_action` value `exit`")
    );
}

#[test]
fn the_state_budget_counts_what_a_bank_can_draw() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let fill_ins: String = (0..30)
        .map(|i| {
            format!(
                "\n[[questions]]\nid = \"q{i}\"\ngroup = \"alle\"\ntype = \"fill-in\"\nprompt = \"Vraag {i}?\"\n\
                 answers = [\"ja\"]\nmax_length = 200\n"
            )
        })
        .collect();
    let quiz = |draw: u32| {
        format!("title = \"Toets\"\nkind = \"assessment\"\n\n[[groups]]\nid = \"alle\"\ndraw = {draw}\n{fill_ins}")
    };
    // 30 answers of up to 600 characters would never fit; 5 drawn ones (3,000) do
    course(tmp.path(), &quiz(5));
    let o = run(
        tmp.path(),
        &["build", ".", "--target", "scorm12", "--out", "dist", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let worst = report["state"][0]["suspend_data_worst_case"]
        .as_u64()
        .expect("worst case");
    assert!((3000..4096).contains(&worst), "{worst}");
    std::fs::write(tmp.path().join("01-deel/02-toets.quiz.toml"), quiz(7)).expect("quiz");
    let o = run(tmp.path(), &["build", ".", "--target", "scorm12", "--out", "dist2"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("error[E0501]") && stderr.contains("draw fewer questions per attempt"),
        "{stderr}"
    );
    assert!(!tmp.path().join("dist2").join("b-1.0.0-scorm12.zip").exists());
}
