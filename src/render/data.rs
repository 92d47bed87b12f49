//! The `#cp-data` JSON the player reads: pages, quizzes with their answers, rules and UI strings.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::answers::numeric::{NumberRules, format_number};
use crate::i18n::Strings;
use crate::model::{Course, Page, QuestionKind, Quiz, QuizKind};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoData<'a> {
    pub state_version: u8,
    pub fingerprint: String,
    pub course_id: &'a str,
    pub sco_id: &'a str,
    pub title: &'a str,
    pub lang: &'a str,
    pub version: &'a str,
    pub completion: CompletionData,
    pub pages: Vec<PageData<'a>>,
    pub quizzes: Vec<QuizData<'a>>,
    pub strings: &'a Strings,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionData {
    pub rule: &'static str,
    pub mastery_score: u8,
    pub reporting: &'static str,
}

#[derive(Serialize)]
pub struct PageData<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub section: &'a str,
    pub quiz: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizData<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub pass_score: u8,
    pub title: &'a str,
    /// `never` | `after-pass` | `after-last-attempt` | `always`: when the player shows the correct answers.
    pub reveal: &'static str,
    /// Attempts a learner has; absent: unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u8>,
    /// `best` | `last`: which attempt's score goes to the LMS.
    pub score_policy: &'static str,
    /// `per-quiz` | `per-question`: one check button for the quiz, or one per question.
    pub feedback_mode: &'static str,
    /// The groups an attempt draws from: how many, of which question indices; absent: every question.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupData<'a>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shuffle_questions: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shuffle_choices: bool,
    /// Seconds an attempt may take; absent: no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<u32>,
    pub questions: Vec<QuestionData<'a>>,
}

#[derive(Serialize)]
pub struct GroupData<'a> {
    pub draw: usize,
    pub questions: &'a [usize],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionData<'a> {
    pub id: &'a str,
    pub interaction_id: String,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub weight: u32,
    pub prompt: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<&'a str>,
    pub correct: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_accents: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMissData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numeric: Option<NumericData>,
    pub feedback: FeedbackData<'a>,
}

/// A fill-in near miss: the texts (compared as accepted answers are) and the feedback shown for them.
#[derive(Serialize)]
pub struct NearMissData<'a> {
    pub answers: &'a [String],
    pub feedback: &'a str,
}

/// What a numeric question accepts: the closed range (a missing bound is open) and how numbers are written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumericData {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub decimal_comma: bool,
    pub units: Vec<String>,
}

#[derive(Serialize)]
pub struct FeedbackData<'a> {
    pub correct: Option<&'a str>,
    pub incorrect: Option<&'a str>,
    pub choices: std::collections::BTreeMap<&'a str, &'a str>,
}

/// `value` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026`, so course text such as `<!--` followed later by `<script` cannot
/// move the HTML parser into a state where `</script>` no longer ends the element, and U+2028 /
/// U+2029 as escapes too (older JavaScript engines end a line there). JSON only has these
/// characters inside strings, where the escapes mean the same.
pub fn script_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

pub fn quiz_kind(kind: QuizKind) -> &'static str {
    match kind {
        QuizKind::KnowledgeCheck => "knowledge-check",
        QuizKind::Assessment => "assessment",
    }
}

/// The interaction id of a question: `<quiz>_<question>` with dashes kept (a valid CMIIdentifier).
pub fn interaction_id(quiz_id: &str, question_id: &str) -> String {
    format!("{quiz_id}_{question_id}")
}

pub fn quiz_data<'a>(page: &'a Page, quiz: &'a Quiz, course: &Course) -> QuizData<'a> {
    QuizData {
        id: &page.id,
        kind: quiz_kind(quiz.kind),
        pass_score: quiz.pass_score.unwrap_or(course.completion.mastery_score),
        title: &page.title,
        reveal: quiz.reveal.as_str(),
        max_attempts: quiz.max_attempts,
        score_policy: quiz.score_policy.as_str(),
        feedback_mode: quiz.feedback.as_str(),
        groups: quiz
            .bank
            .groups
            .iter()
            .map(|g| GroupData {
                draw: g.draw,
                questions: &g.questions,
            })
            .collect(),
        shuffle_questions: quiz.bank.shuffle_questions,
        shuffle_choices: quiz.bank.shuffle_choices,
        time_limit: quiz.time_limit,
        questions: quiz
            .questions
            .iter()
            .map(|q| {
                let (choices, correct, case_sensitive, max_length) = answers(&q.kind);
                let (ignore_accents, near_misses) = match &q.kind {
                    QuestionKind::FillIn {
                        ignore_accents,
                        near_misses,
                        ..
                    } => (
                        Some(*ignore_accents),
                        near_misses
                            .iter()
                            .map(|m| NearMissData {
                                answers: &m.answers,
                                feedback: &m.feedback,
                            })
                            .collect(),
                    ),
                    _ => (None, Vec::new()),
                };
                let numeric = match &q.kind {
                    QuestionKind::Numeric(n) => {
                        let rules = NumberRules::new(&course.language, n.units.as_deref());
                        Some(NumericData {
                            min: n.min,
                            max: n.max,
                            decimal_comma: rules.decimal_comma,
                            units: rules.units,
                        })
                    }
                    _ => None,
                };
                let choice_feedback = match &q.kind {
                    QuestionKind::SingleChoice(c) | QuestionKind::MultipleChoice(c) => c
                        .iter()
                        .filter_map(|c| c.feedback.as_deref().map(|f| (c.id.as_str(), f)))
                        .collect(),
                    _ => Default::default(),
                };
                QuestionData {
                    id: &q.id,
                    interaction_id: interaction_id(&page.id, &q.id),
                    type_name: q.kind.type_name(),
                    weight: q.weight,
                    prompt: &q.prompt,
                    choices,
                    correct,
                    case_sensitive,
                    ignore_accents,
                    max_length,
                    near_misses,
                    numeric,
                    feedback: FeedbackData {
                        correct: q.feedback.correct.as_deref(),
                        incorrect: q.feedback.incorrect.as_deref(),
                        choices: choice_feedback,
                    },
                }
            })
            .collect(),
    }
}

type Answers<'a> = (Vec<&'a str>, Vec<serde_json::Value>, Option<bool>, Option<u16>);

fn answers(kind: &QuestionKind) -> Answers<'_> {
    use serde_json::Value;
    let ids = |v: Vec<&str>| v.into_iter().map(|s| Value::String(s.to_owned())).collect();
    match kind {
        QuestionKind::SingleChoice(c) | QuestionKind::MultipleChoice(c) => (
            c.iter().map(|c| c.id.as_str()).collect(),
            ids(c.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect()),
            None,
            None,
        ),
        QuestionKind::TrueFalse(b) => (vec![], vec![Value::Bool(*b)], None, None),
        QuestionKind::FillIn {
            answers,
            case_sensitive,
            max_length,
            ..
        } => (
            vec![],
            ids(answers.iter().map(String::as_str).collect()),
            Some(*case_sensitive),
            Some(*max_length),
        ),
        QuestionKind::Numeric(n) => (
            vec![],
            n.answer.map(|a| Value::String(format_number(a))).into_iter().collect(),
            None,
            Some(n.max_length),
        ),
        QuestionKind::Matching(p) => (vec![], ids(p.iter().map(|p| p.id.as_str()).collect()), None, None),
        QuestionKind::Sequencing(s) => (vec![], ids(s.iter().map(|s| s.id.as_str()).collect()), None, None),
    }
}

/// Four base64url characters that change when the state layout (pages, questions, options) changes.
pub fn fingerprint(pages: &[&Page]) -> String {
    let mut h = Sha256::new();
    for p in pages {
        h.update(p.id.as_bytes());
        h.update([0]);
        if let Some(q) = p.quiz() {
            for question in &q.questions {
                h.update(question.id.as_bytes());
                h.update(question.kind.type_name().as_bytes());
                h.update(option_count(&question.kind).to_le_bytes());
            }
            // an attempt's seed means other questions once the bank changes
            if q.bank.randomised() {
                h.update([u8::from(q.bank.shuffle_questions), u8::from(q.bank.shuffle_choices)]);
                for g in &q.bank.groups {
                    h.update(g.draw.to_le_bytes());
                    g.questions.iter().for_each(|k| h.update(k.to_le_bytes()));
                }
            }
            if let Some(limit) = q.time_limit {
                h.update(limit.to_le_bytes());
            }
        }
    }
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    h.finalize()
        .iter()
        .take(4)
        .map(|b| char::from(ALPHABET[usize::from(b & 63)]))
        .collect()
}

/// How many options a question has (choices, pairs or steps); fill-in and true-false have none.
pub fn option_count(kind: &QuestionKind) -> u32 {
    let n = match kind {
        QuestionKind::SingleChoice(c) | QuestionKind::MultipleChoice(c) => c.len(),
        QuestionKind::Matching(p) => p.len(),
        QuestionKind::Sequencing(s) => s.len(),
        QuestionKind::TrueFalse(_) | QuestionKind::FillIn { .. } | QuestionKind::Numeric(_) => 0,
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_what_could_end_or_bend_a_script_element() {
        let text = "<!-- a </script> <script> & \u{2028}\u{2029}";
        let json = script_json(&serde_json::json!({ "prompt": text })).expect("serialises");
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!json.contains(raw), "{raw:?} left in {json}");
        }
        assert!(json.contains("\\u003c!-- a \\u003c/script\\u003e"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back["prompt"], text, "the escapes mean the same text");
    }
}
