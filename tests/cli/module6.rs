//! Module 6's quizzes as written: a final assessment balanced over the three content sections with three attempts,
//! multiple-choice items that do not give the answer away by their pattern, and no fill-ins whose answer is a bare
//! number.

use std::fs;
use std::path::PathBuf;

use crate::support::repo;

fn module6() -> PathBuf {
    repo().join("course-src/module-6")
}

/// Every quiz of Module 6 as (file name, parsed table), in path order.
fn quizzes() -> Vec<(String, toml::Table)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(module6())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".quiz.toml"))
        .map(|e| {
            let text = fs::read_to_string(e.path()).expect("quiz file");
            let table: toml::Table = toml::from_str(&text).expect("quiz TOML");
            (e.file_name().to_string_lossy().into_owned(), table)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn questions(table: &toml::Table) -> Vec<&toml::Table> {
    let list = table.get("questions").and_then(|q| q.as_array()).expect("questions");
    list.iter().map(|q| q.as_table().expect("question table")).collect()
}

fn str_of<'a>(q: &'a toml::Table, key: &str) -> &'a str {
    q.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

#[test]
fn the_final_assessment_has_at_least_eight_questions_per_section_each_tagged_with_its_section() {
    let text = fs::read_to_string(module6().join("04-afsluiting/01-eindtoets.quiz.toml")).expect("eindtoets");
    let lines: Vec<&str> = text.lines().collect();
    let mut per_section = [0usize; 3];
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "[[questions]]" {
            continue;
        }
        let above = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .copied()
            .unwrap_or("");
        let section = above
            .strip_prefix("# sectie ")
            .and_then(|rest| rest.chars().next())
            .and_then(|c| c.to_digit(10))
            .unwrap_or_else(|| panic!("line {}: no `# sectie N` comment above the question: {above:?}", i + 1));
        assert!((1..=3).contains(&section), "line {}: section {section}", i + 1);
        per_section[section as usize - 1] += 1;
    }
    let total: usize = per_section.iter().sum();
    assert!(total >= 24, "{total} questions, want at least 24");
    assert!(
        per_section.iter().all(|n| *n >= 8),
        "questions per section: {per_section:?}"
    );
}

#[test]
fn no_multiple_choice_item_marks_every_option_or_every_option_but_one_correct() {
    for (file, quiz) in quizzes() {
        for q in questions(&quiz)
            .into_iter()
            .filter(|q| str_of(q, "type") == "multiple-choice")
        {
            let choices = q.get("choices").and_then(|c| c.as_array()).expect("choices");
            let correct = choices
                .iter()
                .filter(|c| c.get("correct").and_then(|v| v.as_bool()) == Some(true))
                .count();
            assert!(
                correct + 1 < choices.len(),
                "{file} / {}: {correct} of {} choices are correct",
                str_of(q, "id"),
                choices.len()
            );
        }
    }
}

#[test]
fn no_fill_in_accepts_a_bare_number() {
    for (file, quiz) in quizzes() {
        for q in questions(&quiz).into_iter().filter(|q| str_of(q, "type") == "fill-in") {
            let answers = q.get("answers").and_then(|a| a.as_array()).expect("answers");
            assert!(
                answers.len() >= 2,
                "{file} / {}: give several accepted spellings",
                str_of(q, "id")
            );
            for a in answers.iter().filter_map(|a| a.as_str()) {
                let digits = a.trim().trim_end_matches('%').trim();
                assert!(
                    digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'),
                    "{file} / {}: accepted answer {a:?} is a bare number",
                    str_of(q, "id")
                );
            }
        }
    }
}

#[test]
fn the_final_assessment_allows_three_attempts_and_reveals_after_the_last() {
    let (_, quiz) = quizzes()
        .into_iter()
        .find(|(_, q)| str_of(q, "kind") == "assessment")
        .expect("an assessment");
    assert_eq!(quiz.get("max_attempts").and_then(|v| v.as_integer()), Some(3));
    assert_eq!(str_of(&quiz, "reveal"), "after-last-attempt");
}
