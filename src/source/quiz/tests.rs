//! The quiz-level `reveal`, `feedback`, `max_attempts` and `score_policy` keys: defaults, accepted values, errors.

use super::parse;
use crate::diag::Report;
use crate::model::{FeedbackMode, Reveal, ScorePolicy};

const QUESTION: &str = "\n[[questions]]\nid = \"q\"\ntype = \"true-false\"\nprompt = \"P\"\nanswer = true\n";

fn quiz(head: &str) -> (Option<super::QuizFile>, Report) {
    let mut report = Report::default();
    let text = format!("title = \"T\"\n{head}\n{QUESTION}");
    (parse("q.quiz.toml", &text, "q", &mut report), report)
}

#[test]
fn defaults_reveal_after_a_pass_for_assessments_and_always_for_knowledge_checks() {
    let (kc, _) = quiz("kind = \"knowledge-check\"");
    let kc = kc.expect("valid quiz").quiz;
    assert_eq!((kc.reveal, kc.feedback), (Reveal::Always, FeedbackMode::PerQuiz));
    let (asm, _) = quiz("kind = \"assessment\"");
    assert_eq!(asm.expect("valid quiz").quiz.reveal, Reveal::AfterPass);
}

#[test]
fn every_documented_value_is_read() {
    for name in Reveal::NAMES {
        let (q, report) = quiz(&format!("kind = \"assessment\"\nmax_attempts = 3\nreveal = \"{name}\""));
        assert!(report.diagnostics.is_empty(), "{name}: {:?}", report.diagnostics);
        assert_eq!(q.expect("valid quiz").quiz.reveal.as_str(), name);
    }
    let (q, _) = quiz("kind = \"knowledge-check\"\nfeedback = \"per-question\"");
    assert_eq!(q.expect("valid quiz").quiz.feedback, FeedbackMode::PerQuestion);
}

#[test]
fn unknown_values_are_errors_that_name_the_accepted_ones() {
    let (q, report) = quiz("kind = \"knowledge-check\"\nreveal = \"later\"\nfeedback = \"instant\"");
    assert!(q.is_none());
    let found: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [
            (
                "E0410",
                "use reveal = \"never\" or \"after-pass\" or \"after-last-attempt\" or \"always\"",
            ),
            ("E0410", "use feedback = \"per-quiz\" or \"per-question\""),
        ]
    );
}

#[test]
fn per_question_feedback_is_refused_on_an_assessment() {
    let (q, report) = quiz("kind = \"assessment\"\nfeedback = \"per-question\"");
    assert!(q.is_none());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, "E0411");
}

#[test]
fn attempts_default_to_unlimited_and_the_best_score() {
    let (q, _) = quiz("kind = \"assessment\"");
    let q = q.expect("valid quiz").quiz;
    assert_eq!((q.max_attempts, q.score_policy), (None, ScorePolicy::Best));
    let (q, report) = quiz("kind = \"assessment\"\nmax_attempts = 3\nscore_policy = \"last\"");
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let q = q.expect("valid quiz").quiz;
    assert_eq!((q.max_attempts, q.score_policy), (Some(3), ScorePolicy::Last));
}

#[test]
fn attempt_settings_that_cannot_work_are_errors() {
    for (head, code, message) in [
        (
            "kind = \"assessment\"\nmax_attempts = 0",
            "E0412",
            "`max_attempts` must be a whole number from 1 to 99",
        ),
        (
            "kind = \"assessment\"\nmax_attempts = 100",
            "E0412",
            "`max_attempts` must be a whole number from 1 to 99",
        ),
        (
            "kind = \"knowledge-check\"\nmax_attempts = 2",
            "E0412",
            "a knowledge check cannot limit its attempts",
        ),
        (
            "kind = \"assessment\"\nreveal = \"after-last-attempt\"",
            "E0412",
            "`reveal = \"after-last-attempt\"` needs `max_attempts`",
        ),
        (
            "kind = \"assessment\"\nscore_policy = \"first\"",
            "E0410",
            "unknown `score_policy` value `first`",
        ),
    ] {
        let (q, report) = quiz(head);
        assert!(q.is_none(), "{head}");
        let found: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert_eq!(found, [(code, message)], "{head}");
    }
}
