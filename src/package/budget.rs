//! Worst-case size of the player's saved state (state encoding v1 with attempt records, packaging/CONTRACT.md),
//! checked against a target's limits before anything is written.

use crate::model::{Page, QuestionKind, Quiz, QuizKind};
use crate::render::data::option_count;

/// The largest `suspend_data` the player can write for these pages, in characters.
pub fn worst_case_suspend_data(pages: &[&Page]) -> usize {
    let quizzes: Vec<_> = pages.iter().filter_map(|p| p.quiz()).collect();
    let questions: Vec<_> = quizzes.iter().flat_map(|q| q.questions.iter()).collect();
    let fields: usize = questions.iter().map(|q| max_field(&q.kind)).sum();
    let separators = questions.len().saturating_sub(1);
    // "1|" + fingerprint(4) + "|" + visited + "|" + quiz flags + "|" + answers
    let base = 2 + 4 + 1 + pages.len().div_ceil(6) + 1 + quizzes.len() + 1 + fields + separators;
    // "|" + attempt records per quiz joined by "."
    let records: usize = quizzes.iter().map(|q| attempt_records(q)).sum();
    base + 1 + records + quizzes.len().saturating_sub(1)
}

/// A 2-char attempt count, then 3 chars per kept record: every attempt when limited, else the best and the last.
fn attempt_records(quiz: &Quiz) -> usize {
    match (quiz.kind, quiz.max_attempts) {
        (QuizKind::KnowledgeCheck, _) => 0,
        (QuizKind::Assessment, Some(n)) => 2 + 3 * usize::from(n),
        (QuizKind::Assessment, None) => 2 + 3 * 2,
    }
}

fn max_field(kind: &QuestionKind) -> usize {
    match kind {
        QuestionKind::SingleChoice(_) | QuestionKind::TrueFalse(_) => 1,
        QuestionKind::FillIn { max_length, .. } => 3 * usize::from(*max_length),
        QuestionKind::Numeric(n) => 3 * usize::from(n.max_length),
        other => usize::try_from(option_count(other)).unwrap_or(usize::MAX),
    }
}

/// The longest bookmark (`lesson_location` holds a page id).
pub fn worst_case_location(pages: &[&Page]) -> usize {
    pages.iter().map(|p| p.id.len()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Feedback, FeedbackMode, PageBody, Question, Quiz, QuizKind, Reveal, ScorePolicy};

    fn page(id: &str, questions: Vec<QuestionKind>) -> Page {
        let body = if questions.is_empty() {
            PageBody::Markdown {
                text: "".into(),
                offset: 0,
            }
        } else {
            PageBody::Quiz(Quiz {
                kind: QuizKind::Assessment,
                intro: None,
                shuffle: false,
                seed: 0,
                pass_score: None,
                reveal: Reveal::AfterPass,
                feedback: FeedbackMode::PerQuiz,
                max_attempts: None,
                score_policy: ScorePolicy::Best,
                questions: questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, kind)| Question {
                        id: format!("q{i}"),
                        prompt: String::new(),
                        weight: 1,
                        feedback: Feedback::default(),
                        kind,
                    })
                    .collect(),
            })
        };
        Page {
            id: id.to_owned(),
            title: String::new(),
            file: String::new(),
            body,
        }
    }

    #[test]
    fn worst_case_counts_every_part_of_the_encoding() {
        let content = page("intro", vec![]);
        let quiz = page(
            "toets",
            vec![
                QuestionKind::TrueFalse(true),
                QuestionKind::FillIn {
                    answers: vec![],
                    case_sensitive: false,
                    ignore_accents: false,
                    near_misses: vec![],
                    max_length: 10,
                },
            ],
        );
        let pages = [&content, &quiz];
        // 2 + 4 + 1 + 1 (2 pages) + 1 + 1 quiz flag + 1 + (1 + 30) + 1 separator
        // + "|" + unlimited attempts: count 2 + best and last 2 * 3
        assert_eq!(worst_case_suspend_data(&pages), 43 + 1 + 8);
        assert_eq!(worst_case_location(&pages), 5);
    }

    #[test]
    fn limited_attempts_keep_one_record_each() {
        let mut quiz = page("toets", vec![QuestionKind::TrueFalse(true)]);
        let unlimited = worst_case_suspend_data(&[&quiz]);
        if let PageBody::Quiz(q) = &mut quiz.body {
            q.max_attempts = Some(5);
        }
        // 2 + 5 * 3 instead of 2 + 2 * 3
        assert_eq!(worst_case_suspend_data(&[&quiz]), unlimited + 9);
    }
}
