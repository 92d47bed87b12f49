//! Worst-case size of the player's saved state (state encoding v1 with attempt records, packaging/CONTRACT.md),
//! checked against a target's limits before anything is written.

use crate::model::{Page, QuestionKind, Quiz, QuizKind};
use crate::render::data::option_count;

/// The largest `suspend_data` the player can write for these pages, in characters.
pub fn worst_case_suspend_data(pages: &[&Page]) -> usize {
    let quizzes: Vec<_> = pages.iter().filter_map(|p| p.quiz()).collect();
    let questions: usize = quizzes.iter().map(|q| q.questions.len()).sum();
    let fields: usize = quizzes.iter().map(|q| answer_fields(q)).sum();
    let separators = questions.saturating_sub(1);
    // "1|" + fingerprint(4) + "|" + visited + "|" + quiz flags + "|" + answers
    let base = 2 + 4 + 1 + pages.len().div_ceil(6) + 1 + quizzes.len() + 1 + fields + separators;
    // "|" + attempt records per quiz joined by "."
    let records: usize = quizzes.iter().map(|q| attempt_records(q)).sum();
    let attempts = 1 + records + quizzes.len().saturating_sub(1);
    // "|" + per quiz its attempt's seed and time used, joined by "."; left out when no quiz has either
    let timing: usize = quizzes.iter().map(|q| attempt_timing(q)).sum();
    let timing = if timing == 0 { 0 } else { 1 + timing + quizzes.len() - 1 };
    base + attempts + timing
}

/// The answers of one attempt at their longest: the longest `draw` questions of each group, or all questions.
fn answer_fields(quiz: &Quiz) -> usize {
    if quiz.bank.groups.is_empty() {
        return quiz.questions.iter().map(|q| max_field(&q.kind)).sum();
    }
    quiz.bank
        .groups
        .iter()
        .map(|g| {
            let mut sizes: Vec<usize> = g
                .questions
                .iter()
                .map(|&k| max_field(&quiz.questions[k].kind))
                .collect();
            sizes.sort_unstable_by(|a, b| b.cmp(a));
            sizes.iter().take(g.draw).sum::<usize>()
        })
        .sum()
}

/// A 5-char base36 seed when attempts differ, then `:` and the seconds used (base36) under a time limit.
fn attempt_timing(quiz: &Quiz) -> usize {
    let seed = if quiz.bank.randomised() { SEED_CHARS } else { 0 };
    let time = quiz.time_limit.map_or(0, |limit| 1 + base36_len(limit));
    seed + time
}

/// Characters of the attempt seed in the state.
pub const SEED_CHARS: usize = 5;

fn base36_len(mut n: u32) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
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
    use crate::model::{
        Feedback, FeedbackMode, PageBody, Question, QuestionGroup, Quiz, QuizKind, Reveal, ScorePolicy,
    };

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
                bank: Default::default(),
                time_limit: None,
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
    fn a_bank_counts_the_longest_drawn_answers_a_seed_and_the_time_used() {
        let fill_in = |max_length| QuestionKind::FillIn {
            answers: vec![],
            case_sensitive: false,
            ignore_accents: false,
            near_misses: vec![],
            max_length,
        };
        let mut quiz = page(
            "toets",
            vec![fill_in(10), fill_in(20), QuestionKind::TrueFalse(true), fill_in(5)],
        );
        let all = worst_case_suspend_data(&[&quiz]);
        if let PageBody::Quiz(q) = &mut quiz.body {
            q.bank.groups = vec![QuestionGroup {
                id: "g".into(),
                draw: 2,
                questions: vec![0, 1, 2, 3],
            }];
            q.time_limit = Some(20 * 60);
        }
        // the two longest drawn fields are 60 + 30 instead of 30 + 60 + 1 + 15;
        // "|" + seed 5 + ":" + 1200 in base36 ("xc", 2)
        assert_eq!(worst_case_suspend_data(&[&quiz]), all - 16 + 1 + 5 + 1 + 2);
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
