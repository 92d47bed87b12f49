//! Quiz files (`NN-name.quiz.toml`): knowledge checks and assessments with typed questions.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use crate::model::{
    Choice, Feedback, FeedbackMode, Pair, Question, QuestionKind, Quiz, QuizKind, Reveal, ScorePolicy, Step,
};

use super::IdSource;
use super::naming::id_problem;
use super::schema::{self, Key, Table, Ty, Variant};

const TYPES: &str = "single-choice, multiple-choice, true-false, fill-in, numeric, matching, sequencing";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    title: String,
    kind: Spanned<String>,
    id: Option<Spanned<String>>,
    intro: Option<String>,
    #[serde(default)]
    shuffle: bool,
    #[serde(default)]
    seed: u64,
    pass_score: Option<Spanned<i64>>,
    reveal: Option<Spanned<String>>,
    feedback: Option<Spanned<String>>,
    max_attempts: Option<Spanned<i64>>,
    score_policy: Option<Spanned<String>>,
    draw: Option<Spanned<i64>>,
    shuffle_questions: Option<bool>,
    shuffle_choices: Option<bool>,
    time_limit: Option<Spanned<String>>,
    #[serde(default)]
    groups: Vec<Spanned<bank::RawGroup>>,
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    prompt: String,
    weight: Option<Spanned<i64>>,
    group: Option<Spanned<String>>,
    choices: Option<Spanned<Vec<RawChoice>>>,
    /// `true`/`false` for true-false, a number for numeric.
    pub(super) answer: Option<Spanned<RawAnswer>>,
    pub(super) answers: Option<Spanned<Vec<String>>>,
    pub(super) case_sensitive: Option<bool>,
    pub(super) ignore_accents: Option<bool>,
    pub(super) near_misses: Option<Vec<Spanned<RawNearMiss>>>,
    pub(super) tolerance: Option<Spanned<f64>>,
    pub(super) min: Option<Spanned<f64>>,
    pub(super) max: Option<Spanned<f64>>,
    pub(super) units: Option<Spanned<Vec<String>>>,
    pub(super) max_length: Option<Spanned<i64>>,
    pairs: Option<Spanned<Vec<RawPair>>>,
    steps: Option<Spanned<Vec<RawStep>>>,
    feedback: Option<RawFeedback>,
}

#[derive(Clone, Copy)]
pub(super) enum RawAnswer {
    Bool(bool),
    Number(f64),
}

impl<'de> Deserialize<'de> for RawAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Answer;
        impl serde::de::Visitor<'_> for Answer {
            type Value = RawAnswer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`true`, `false` (true-false) or a number (numeric)")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawAnswer, E> {
                Ok(RawAnswer::Number(v))
            }
        }
        d.deserialize_any(Answer)
    }
}

/// A wrong fill-in answer with its own feedback: `answer = "…"` or `answers = ["…", …]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNearMiss {
    pub(super) answer: Option<Spanned<String>>,
    pub(super) answers: Option<Spanned<Vec<String>>>,
    pub(super) feedback: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Spanned<String>,
    text: String,
    #[serde(default)]
    correct: bool,
    feedback: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    id: Spanned<String>,
    source: String,
    target: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    correct: Option<String>,
    incorrect: Option<String>,
}

/// The keys of a quiz file, of a question per `type`, and of their parts: one line per key (a test
/// keeps these lists equal to the structs above). A new question type is one more `Variant`.
const QUIZ: Table = Table {
    what: "the quiz",
    keys: &[
        Key::required("title", Ty::Text, "title = \"…\""),
        Key::required("kind", Ty::Text, "kind = \"knowledge-check\""),
        Key::optional("id", Ty::Text, "id = \"my-quiz\""),
        Key::optional("intro", Ty::Text, "intro = \"…\""),
        Key::optional("shuffle", Ty::Bool, "shuffle = false"),
        Key::optional("seed", Ty::Integer, "seed = 6"),
        Key::optional("pass_score", Ty::Integer, "pass_score = 80"),
        Key::optional("reveal", Ty::Text, "reveal = \"after-pass\""),
        Key::optional("feedback", Ty::Text, "feedback = \"per-quiz\""),
        Key::optional("max_attempts", Ty::Integer, "max_attempts = 3"),
        Key::optional("score_policy", Ty::Text, "score_policy = \"best\""),
        Key::optional("draw", Ty::Integer, "draw = 10"),
        Key::optional("shuffle_questions", Ty::Bool, "shuffle_questions = true"),
        Key::optional("shuffle_choices", Ty::Bool, "shuffle_choices = true"),
        Key::optional("time_limit", Ty::Text, "time_limit = \"20m\""),
        Key::optional(
            "groups",
            Ty::Tables(&bank::GROUP),
            "a [[groups]] line with id = \"…\" and draw = 2 below it",
        ),
        Key::optional(
            "questions",
            Ty::Tables(&QUESTION),
            "a [[questions]] line with the question's keys below it",
        ),
    ],
    variants: &[],
};

const QUESTION: Table = Table {
    what: "a question",
    keys: &[
        Key::required("id", Ty::Text, "id = \"q1\""),
        Key::required("type", Ty::Text, "type = \"single-choice\""),
        Key::required("prompt", Ty::Text, "prompt = \"…\""),
        Key::optional("weight", Ty::Integer, "weight = 1"),
        Key::optional("group", Ty::Text, "group = \"section-1\""),
        Key::optional(
            "feedback",
            Ty::Table(&QUESTION_FEEDBACK),
            "feedback = { correct = \"…\", incorrect = \"…\" }",
        ),
    ],
    variants: &[
        Variant {
            name: "single-choice",
            what: "a single-choice question",
            keys: &[CHOICES],
            answer_hint: "a single-choice question marks its one right choice in `choices`: \
                          choices = [{ id = \"a\", text = \"…\", correct = true }, { id = \"b\", text = \"…\" }]",
        },
        Variant {
            name: "multiple-choice",
            what: "a multiple-choice question",
            keys: &[CHOICES],
            answer_hint: "a multiple-choice question marks each right choice in `choices` with correct = true",
        },
        Variant {
            name: "true-false",
            what: "a true-false question",
            keys: &[Key::optional("answer", Ty::Bool, "answer = true")],
            answer_hint: "a true-false question takes answer = true or answer = false",
        },
        Variant {
            name: "fill-in",
            what: "a fill-in question",
            keys: &[
                Key::optional("answers", Ty::Texts, "answers = [\"…\"]"),
                Key::optional("case_sensitive", Ty::Bool, "case_sensitive = false"),
                Key::optional("ignore_accents", Ty::Bool, "ignore_accents = false"),
                Key::optional(
                    "near_misses",
                    Ty::Tables(&NEAR_MISS),
                    "near_misses = [{ answer = \"…\", feedback = \"…\" }]",
                ),
                MAX_LENGTH,
            ],
            answer_hint: "a fill-in question lists what it accepts: answers = [\"…\"]",
        },
        Variant {
            name: "numeric",
            what: "a numeric question",
            keys: &[
                Key::optional("answer", Ty::Number, "answer = 40"),
                Key::optional("tolerance", Ty::Number, "tolerance = 0.5"),
                Key::optional("min", Ty::Number, "min = 38"),
                Key::optional("max", Ty::Number, "max = 42"),
                Key::optional("units", Ty::Texts, "units = [\"km\"]"),
                MAX_LENGTH,
            ],
            answer_hint: "a numeric question takes answer = 40 (with an optional tolerance = 0.5), \
                          or min = … and/or max = …",
        },
        Variant {
            name: "matching",
            what: "a matching question",
            keys: &[Key::optional(
                "pairs",
                Ty::Tables(&PAIR),
                "pairs = [{ id = \"a\", source = \"…\", target = \"…\" }, …]",
            )],
            answer_hint: "a matching question lists pairs = [{ id = \"a\", source = \"…\", target = \"…\" }, …]",
        },
        Variant {
            name: "sequencing",
            what: "a sequencing question",
            keys: &[Key::optional(
                "steps",
                Ty::Tables(&STEP),
                "steps = [{ id = \"first\", text = \"…\" }, …]",
            )],
            answer_hint: "a sequencing question lists steps = [{ id = \"first\", text = \"…\" }, …] in the right order",
        },
    ],
};

const CHOICES: Key = Key::optional(
    "choices",
    Ty::Tables(&CHOICE),
    "choices = [{ id = \"a\", text = \"…\", correct = true }, …]",
);

const MAX_LENGTH: Key = Key::optional("max_length", Ty::Integer, "max_length = 50");

/// A wrong fill-in answer with its own feedback.
const NEAR_MISS: Table = Table {
    what: "a near miss",
    keys: &[
        Key::optional("answer", Ty::Text, "answer = \"…\""),
        Key::optional("answers", Ty::Texts, "answers = [\"…\", …]"),
        Key::required("feedback", Ty::Text, "feedback = \"…\""),
    ],
    variants: &[],
};

const CHOICE: Table = Table {
    what: "a choice",
    keys: &[
        Key::required("id", Ty::Text, "id = \"a\""),
        Key::required("text", Ty::Text, "text = \"…\""),
        Key::optional("correct", Ty::Bool, "correct = true"),
        Key::optional("feedback", Ty::Text, "feedback = \"…\""),
    ],
    variants: &[],
};

const PAIR: Table = Table {
    what: "a pair",
    keys: &[
        Key::required("id", Ty::Text, "id = \"a\""),
        Key::required("source", Ty::Text, "source = \"…\""),
        Key::required("target", Ty::Text, "target = \"…\""),
    ],
    variants: &[],
};

const STEP: Table = Table {
    what: "a step",
    keys: &[
        Key::required("id", Ty::Text, "id = \"first\""),
        Key::required("text", Ty::Text, "text = \"…\""),
    ],
    variants: &[],
};

const QUESTION_FEEDBACK: Table = Table {
    what: "a question's `feedback`",
    keys: &[
        Key::optional("correct", Ty::Text, "correct = \"…\""),
        Key::optional("incorrect", Ty::Text, "incorrect = \"…\""),
    ],
    variants: &[],
};

/// A quiz as read from disk, with its title and id.
pub struct QuizFile {
    pub title: String,
    pub id: IdSource,
    pub quiz: Quiz,
}

/// Reports problems in one quiz file; keeps going so that every problem is found.
pub(super) struct QuizReader<'a> {
    pub(super) file: &'a str,
    report: &'a mut Report,
    ok: bool,
}

pub fn parse(file: &str, text: &str, stem: &str, report: &mut Report) -> Option<QuizFile> {
    let raw: RawQuiz = schema::read(file, text, 0, &QUIZ, super::SKIPPED, report)?;
    let mut reader = QuizReader { file, report, ok: true };
    let kind = match raw.kind.get_ref().as_str() {
        "knowledge-check" => QuizKind::KnowledgeCheck,
        "assessment" => QuizKind::Assessment,
        _ => {
            reader.error(
                Diagnostic::error("E0401", "unknown quiz kind")
                    .at(file, raw.kind.span())
                    .help("use kind = \"knowledge-check\" or kind = \"assessment\""),
            );
            QuizKind::KnowledgeCheck
        }
    };
    let pass_score = raw.pass_score.as_ref().and_then(|p| reader.percent(p));
    let reveal = raw
        .reveal
        .as_ref()
        .and_then(|r| reader.choice(r, "reveal", &Reveal::NAMES, Reveal::parse))
        .unwrap_or(Reveal::default_for(kind));
    let feedback = raw
        .feedback
        .as_ref()
        .and_then(|f| reader.choice(f, "feedback", &FeedbackMode::NAMES, FeedbackMode::parse))
        .unwrap_or(FeedbackMode::PerQuiz);
    if let (QuizKind::Assessment, FeedbackMode::PerQuestion, Some(f)) = (kind, feedback, &raw.feedback) {
        reader.error(
            Diagnostic::error("E0411", "an assessment cannot give feedback per question")
                .at(file, f.span())
                .label("the learner could check each answer before the score counts")
                .help("remove `feedback`, or make this quiz kind = \"knowledge-check\""),
        );
    }
    let max_attempts = reader.attempts(&raw, kind, reveal);
    let score_policy = raw
        .score_policy
        .as_ref()
        .and_then(|p| reader.choice(p, "score_policy", &ScorePolicy::NAMES, ScorePolicy::parse))
        .unwrap_or_default();
    if raw.questions.is_empty() {
        reader.error(
            Diagnostic::error("E0405", "quiz has no questions")
                .at(file, 0..0)
                .help("add at least one [[questions]] table"),
        );
    }
    let bank = reader.bank(&raw);
    let time_limit = reader.time_limit(&raw, kind);
    let mut questions = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for q in &raw.questions {
        let id = q.get_ref().id.get_ref();
        if !seen.insert(id.clone()) {
            reader.error(
                Diagnostic::error("E0202", format!("duplicate question id `{id}`"))
                    .at(file, q.get_ref().id.span())
                    .help("question ids must be unique within their quiz"),
            );
        }
        if let Some(question) = reader.question(q) {
            questions.push(question);
        }
    }
    let ok = reader.ok;
    ok.then(|| QuizFile {
        title: raw.title,
        id: IdSource::from_field(raw.id, 0, stem),
        quiz: Quiz {
            kind,
            intro: raw.intro,
            shuffle: raw.shuffle,
            seed: raw.seed,
            pass_score,
            reveal,
            feedback,
            max_attempts,
            score_policy,
            bank,
            time_limit,
            questions,
        },
    })
}

impl QuizReader<'_> {
    pub(super) fn error(&mut self, d: Diagnostic) {
        self.ok = false;
        self.report.push(d);
    }

    fn percent(&mut self, v: &Spanned<i64>) -> Option<u8> {
        match u8::try_from(*v.get_ref()) {
            Ok(p) if p <= 100 => Some(p),
            _ => {
                self.error(
                    Diagnostic::error("E0104", "`pass_score` must be a percentage from 0 to 100")
                        .at(self.file, v.span()),
                );
                None
            }
        }
    }

    /// One of a fixed set of names (`reveal`, `feedback`), or an error listing them.
    fn choice<T>(
        &mut self,
        value: &Spanned<String>,
        key: &str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let found = parse(value.get_ref());
        if found.is_none() {
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let help = format!("use {key} = {}", quoted.join(" or "));
            self.error(
                Diagnostic::error("E0410", format!("unknown `{key}` value `{}`", value.get_ref()))
                    .at(self.file, value.span())
                    .help(help),
            );
        }
        found
    }

    /// `max_attempts` (1 to 99, assessments only); `reveal = "after-last-attempt"` needs it (E0412).
    fn attempts(&mut self, raw: &RawQuiz, kind: QuizKind, reveal: Reveal) -> Option<u8> {
        let Some(max) = &raw.max_attempts else {
            if let (Reveal::AfterLastAttempt, Some(r)) = (reveal, &raw.reveal) {
                self.error(
                    Diagnostic::error("E0412", "`reveal = \"after-last-attempt\"` needs `max_attempts`")
                        .at(self.file, r.span())
                        .label("attempts are unlimited, so there is no last attempt")
                        .help("add max_attempts = 3 (or another number), or use reveal = \"after-pass\""),
                );
            }
            return None;
        };
        if kind == QuizKind::KnowledgeCheck {
            self.error(
                Diagnostic::error("E0412", "a knowledge check cannot limit its attempts")
                    .at(self.file, max.span())
                    .label("a knowledge check does not count towards the result")
                    .help("remove `max_attempts`, or make this quiz kind = \"assessment\""),
            );
            return None;
        }
        match u8::try_from(*max.get_ref()) {
            Ok(n) if (1..=99).contains(&n) => Some(n),
            _ => {
                self.error(
                    Diagnostic::error("E0412", "`max_attempts` must be a whole number from 1 to 99")
                        .at(self.file, max.span())
                        .help("leave `max_attempts` out for unlimited attempts"),
                );
                None
            }
        }
    }

    fn check_id(&mut self, id: &Spanned<String>) {
        if let Some(problem) = id_problem(id.get_ref()) {
            self.error(
                Diagnostic::error("E0201", format!("invalid id `{}`: it {problem}", id.get_ref()))
                    .at(self.file, id.span())
                    .help(format!("try \"{}\"", super::naming::suggest_id(id.get_ref()))),
            );
        }
    }

    /// E0202 for an option id used twice in one question: the player would give both the same
    /// element id (a click on one label selects the other) and grade one for the other.
    fn unique_ids<'i>(&mut self, ids: impl Iterator<Item = &'i Spanned<String>>, what: &str) {
        let mut seen = std::collections::BTreeSet::new();
        for id in ids {
            if !seen.insert(id.get_ref().as_str()) {
                self.error(
                    Diagnostic::error("E0202", format!("duplicate {what} id `{}`", id.get_ref()))
                        .at(self.file, id.span())
                        .label(format!("another {what} of this question already has this id"))
                        .help(format!("give every {what} of a question its own id")),
                );
            }
        }
    }

    fn question(&mut self, spanned: &Spanned<RawQuestion>) -> Option<Question> {
        let q = spanned.get_ref();
        self.check_id(&q.id);
        let weight = match &q.weight {
            None => 1,
            Some(w) => match u32::try_from(*w.get_ref()) {
                Ok(w) if (1..=100).contains(&w) => w,
                _ => {
                    self.error(
                        Diagnostic::error("E0403", "question weight must be a whole number from 1 to 100")
                            .at(self.file, w.span()),
                    );
                    1
                }
            },
        };
        let kind = self.kind(q, spanned.span())?;
        let fb = q.feedback.as_ref();
        Some(Question {
            id: q.id.get_ref().clone(),
            prompt: q.prompt.clone(),
            weight,
            feedback: Feedback {
                correct: fb.and_then(|f| f.correct.clone()),
                incorrect: fb.and_then(|f| f.incorrect.clone()),
            },
            kind,
        })
    }

    fn kind(&mut self, q: &RawQuestion, whole: std::ops::Range<usize>) -> Option<QuestionKind> {
        let type_name = q.kind.get_ref().as_str();
        self.misplaced(q, type_name);
        let kind = match type_name {
            "single-choice" | "multiple-choice" => {
                let choices = self.choices(q, type_name == "single-choice", whole)?;
                if type_name == "single-choice" {
                    QuestionKind::SingleChoice(choices)
                } else {
                    QuestionKind::MultipleChoice(choices)
                }
            }
            "true-false" => QuestionKind::TrueFalse(self.true_false(q, whole)?),
            "fill-in" => self.fill_in(q, whole)?,
            "numeric" => self.numeric(q, whole)?,
            "matching" => {
                let pairs = self.require(
                    q.pairs.as_ref(),
                    "pairs = [{ id = \"a\", source = \"…\", target = \"…\" }, …]",
                    whole,
                )?;
                self.count(pairs.span(), pairs.get_ref().len(), 2, 10, "pairs");
                pairs.get_ref().iter().for_each(|p| self.check_id(&p.id));
                self.unique_ids(pairs.get_ref().iter().map(|p| &p.id), "pair");
                QuestionKind::Matching(
                    pairs
                        .get_ref()
                        .iter()
                        .map(|p| Pair {
                            id: p.id.get_ref().clone(),
                            source: p.source.clone(),
                            target: p.target.clone(),
                        })
                        .collect(),
                )
            }
            "sequencing" => {
                let steps = self.require(q.steps.as_ref(), "steps = [{ id = \"first\", text = \"…\" }, …]", whole)?;
                self.count(steps.span(), steps.get_ref().len(), 2, 10, "steps");
                steps.get_ref().iter().for_each(|s| self.check_id(&s.id));
                self.unique_ids(steps.get_ref().iter().map(|s| &s.id), "step");
                QuestionKind::Sequencing(
                    steps
                        .get_ref()
                        .iter()
                        .map(|s| Step {
                            id: s.id.get_ref().clone(),
                            text: s.text.clone(),
                        })
                        .collect(),
                )
            }
            other => {
                self.error(
                    Diagnostic::error("E0402", format!("unknown question type `{other}`"))
                        .at(self.file, q.kind.span())
                        .label("not a question type coursepack knows")
                        .help(format!("use one of: {TYPES}")),
                );
                return None;
            }
        };
        Some(kind)
    }

    pub(super) fn require<T>(&mut self, value: Option<T>, example: &str, whole: std::ops::Range<usize>) -> Option<T> {
        if value.is_none() {
            let field = example.split(' ').next().unwrap_or(example);
            self.error(
                Diagnostic::error("E0403", format!("this question needs `{field}`"))
                    .at(self.file, whole.start..whole.start)
                    .help(format!("add {example}")),
            );
        }
        value
    }

    fn count(&mut self, span: std::ops::Range<usize>, n: usize, min: usize, max: usize, what: &str) {
        if !(min..=max).contains(&n) {
            self.error(
                Diagnostic::error(
                    "E0403",
                    format!("a question needs {min} to {max} {what}, this one has {n}"),
                )
                .at(self.file, span),
            );
        }
    }

    fn choices(&mut self, q: &RawQuestion, single: bool, whole: std::ops::Range<usize>) -> Option<Vec<Choice>> {
        let choices = self.require(
            q.choices.as_ref(),
            "choices = [{ id = \"a\", text = \"…\", correct = true }, …]",
            whole,
        )?;
        self.count(choices.span(), choices.get_ref().len(), 2, 26, "choices");
        let correct = choices.get_ref().iter().filter(|c| c.correct).count();
        if (single && correct != 1) || correct == 0 {
            let need = if single { "exactly one" } else { "at least one" };
            self.error(
                Diagnostic::error(
                    "E0404",
                    format!("{need} choice must be marked `correct = true`, found {correct}"),
                )
                .at(self.file, choices.span())
                .help(if single {
                    "use type = \"multiple-choice\" when several answers are right"
                } else {
                    "mark the right answers with correct = true"
                }),
            );
        }
        choices.get_ref().iter().for_each(|c| self.check_id(&c.id));
        self.unique_ids(choices.get_ref().iter().map(|c| &c.id), "choice");
        Some(
            choices
                .get_ref()
                .iter()
                .map(|c| Choice {
                    id: c.id.get_ref().clone(),
                    text: c.text.clone(),
                    correct: c.correct,
                    feedback: c.feedback.clone(),
                })
                .collect(),
        )
    }
}

mod bank;
#[cfg(test)]
mod tests;
mod time_limit;

#[cfg(test)]
mod key_lists {
    use super::*;
    use crate::source::schema::introspect::fields;

    #[test]
    fn the_key_lists_name_every_field_of_the_structs() {
        assert_eq!(QUIZ.all_names(), fields::<RawQuiz>());
        assert_eq!(QUESTION.all_names(), fields::<RawQuestion>());
        assert_eq!(CHOICE.all_names(), fields::<RawChoice>());
        assert_eq!(PAIR.all_names(), fields::<RawPair>());
        assert_eq!(STEP.all_names(), fields::<RawStep>());
        assert_eq!(QUESTION_FEEDBACK.all_names(), fields::<RawFeedback>());
        assert_eq!(NEAR_MISS.all_names(), fields::<RawNearMiss>());
        assert_eq!(bank::GROUP.all_names(), fields::<bank::RawGroup>());
    }

    #[test]
    fn the_answer_matching_keys_are_checked_too() {
        let text = "title = \"T\"\nkind = \"knowledge-check\"\nreveal = 1\n\n\
                    [[questions]]\nid = \"a\"\ntype = \"numeric\"\nprompt = \"P\"\nanswer = 4.5\ntolerence = 0.5\n\n\
                    [[questions]]\nid = \"b\"\ntype = \"fill-in\"\nprompt = \"P\"\nanswers = [\"x\"]\n\
                    near_misses = [{ answer = \"y\", feedbak = \"No.\" }]\n";
        let mut report = Report::default();
        assert!(parse("q.quiz.toml", text, "q", &mut report).is_none());
        let found: Vec<(&str, &str, Option<&str>)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "E0116",
                    "`reveal` in the quiz must be text in quotes",
                    Some("put it in quotes: \"1\"")
                ),
                (
                    "E0115",
                    "unknown key `tolerence` in a numeric question",
                    Some("did you mean `tolerance`? a numeric question takes tolerance = 0.5")
                ),
                (
                    "E0115",
                    "unknown key `feedbak` in a near miss",
                    Some("did you mean `feedback`?")
                ),
            ]
        );
    }

    #[test]
    fn every_question_type_has_a_variant() {
        let names: Vec<&str> = QUESTION.variants.iter().map(|v| v.name).collect();
        assert_eq!(names.join(", "), TYPES);
    }
}
