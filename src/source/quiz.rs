//! Quiz files (`NN-name.quiz.toml`): knowledge checks and assessments with typed questions.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use crate::model::{Choice, Feedback, Pair, Question, QuestionKind, Quiz, QuizKind, Step};

use super::IdSource;
use super::naming::id_problem;
use super::schema::{self, Key, Table, Ty, Variant};

const TYPES: &str = "single-choice, multiple-choice, true-false, fill-in, matching, sequencing";

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
    #[serde(default)]
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    prompt: String,
    weight: Option<Spanned<i64>>,
    choices: Option<Spanned<Vec<RawChoice>>>,
    answer: Option<bool>,
    answers: Option<Spanned<Vec<String>>>,
    case_sensitive: Option<bool>,
    max_length: Option<Spanned<i64>>,
    pairs: Option<Spanned<Vec<RawPair>>>,
    steps: Option<Spanned<Vec<RawStep>>>,
    feedback: Option<RawFeedback>,
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
                Key::optional("max_length", Ty::Integer, "max_length = 50"),
            ],
            answer_hint: "a fill-in question lists what it accepts: answers = [\"…\"]",
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
struct QuizReader<'a> {
    file: &'a str,
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
    if raw.questions.is_empty() {
        reader.error(
            Diagnostic::error("E0405", "quiz has no questions")
                .at(file, 0..0)
                .help("add at least one [[questions]] table"),
        );
    }
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
            questions,
        },
    })
}

impl QuizReader<'_> {
    fn error(&mut self, d: Diagnostic) {
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

    fn check_id(&mut self, id: &Spanned<String>) {
        if let Some(problem) = id_problem(id.get_ref()) {
            self.error(
                Diagnostic::error("E0201", format!("invalid id `{}`: it {problem}", id.get_ref()))
                    .at(self.file, id.span())
                    .help(format!("try \"{}\"", super::naming::suggest_id(id.get_ref()))),
            );
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
        let kind = match type_name {
            "single-choice" | "multiple-choice" => {
                let choices = self.choices(q, type_name == "single-choice", whole)?;
                if type_name == "single-choice" {
                    QuestionKind::SingleChoice(choices)
                } else {
                    QuestionKind::MultipleChoice(choices)
                }
            }
            "true-false" => QuestionKind::TrueFalse(self.require(q.answer, "answer = true", whole)?),
            "fill-in" => self.fill_in(q, whole)?,
            "matching" => {
                let pairs = self.require(
                    q.pairs.as_ref(),
                    "pairs = [{ id = \"a\", source = \"…\", target = \"…\" }, …]",
                    whole,
                )?;
                self.count(pairs.span(), pairs.get_ref().len(), 2, 10, "pairs");
                pairs.get_ref().iter().for_each(|p| self.check_id(&p.id));
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

    fn require<T>(&mut self, value: Option<T>, example: &str, whole: std::ops::Range<usize>) -> Option<T> {
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

    fn fill_in(&mut self, q: &RawQuestion, whole: std::ops::Range<usize>) -> Option<QuestionKind> {
        let answers = self.require(q.answers.as_ref(), "answers = [\"…\"]", whole)?;
        if answers.get_ref().iter().all(|a| a.trim().is_empty()) {
            self.error(
                Diagnostic::error("E0404", "a fill-in question needs at least one accepted answer")
                    .at(self.file, answers.span()),
            );
        }
        let max_length = match &q.max_length {
            None => 50,
            Some(m) => match u16::try_from(*m.get_ref()) {
                Ok(m) if (1..=200).contains(&m) => m,
                _ => {
                    self.error(
                        Diagnostic::error("E0403", "`max_length` must be from 1 to 200").at(self.file, m.span()),
                    );
                    50
                }
            },
        };
        if let Some(long) = answers
            .get_ref()
            .iter()
            .find(|a| a.chars().count() > usize::from(max_length))
        {
            self.error(
                Diagnostic::error(
                    "E0403",
                    format!("accepted answer \"{long}\" is longer than max_length ({max_length})"),
                )
                .at(self.file, answers.span()),
            );
        }
        Some(QuestionKind::FillIn {
            answers: answers.get_ref().iter().map(|a| a.trim().to_owned()).collect(),
            case_sensitive: q.case_sensitive.unwrap_or(false),
            max_length,
        })
    }
}

#[cfg(test)]
mod tests {
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
    }

    #[test]
    fn every_question_type_has_a_variant() {
        let names: Vec<&str> = QUESTION.variants.iter().map(|v| v.name).collect();
        assert_eq!(names.join(", "), TYPES);
    }
}
