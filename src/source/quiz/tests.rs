//! The quiz-level `reveal` and `feedback` keys: defaults per kind, accepted values, errors.

use super::parse;
use crate::diag::Report;
use crate::model::{FeedbackMode, Reveal};

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
        let (q, report) = quiz(&format!("kind = \"assessment\"\nreveal = \"{name}\""));
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
            ("E0410", "use reveal = \"never\" or \"after-pass\" or \"always\""),
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
