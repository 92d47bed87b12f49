//! Questions the learner answers by typing: fill-in (accepted answers, near misses) and numeric (a value with a
//! tolerance, or a range). Answer lists that normalisation makes ambiguous are refused here, with positions.

use std::ops::Range;

use toml::Spanned;

use crate::answers::{TextMatch, normalize};
use crate::diag::Diagnostic;
use crate::model::{NearMiss, NumericAnswer, QuestionKind};

use super::quiz::{QuizReader, RawAnswer, RawQuestion};

const FILL_IN_MAX_LENGTH: u16 = 50;
const NUMERIC_MAX_LENGTH: u16 = 20;

impl QuizReader<'_> {
    pub(super) fn true_false(&mut self, q: &RawQuestion, whole: Range<usize>) -> Option<bool> {
        match q.answer.as_ref().map(|a| (*a.get_ref(), a.span())) {
            Some((RawAnswer::Bool(b), _)) => Some(b),
            Some((RawAnswer::Number(_), span)) => {
                self.error(
                    Diagnostic::error("E0403", "a true-false answer is `true` or `false`")
                        .at(self.file, span)
                        .help("use type = \"numeric\" for a question answered with a number"),
                );
                None
            }
            None => self.require(None, "answer = true", whole),
        }
    }

    /// Fields that only one type reads, given on another: said, not silently ignored.
    pub(super) fn misplaced(&mut self, q: &RawQuestion, type_name: &str) {
        let near = q.near_misses.as_ref().and_then(|m| m.first());
        if let (Some(first), false) = (near, type_name == "fill-in") {
            self.error(
                Diagnostic::error("E0403", "`near_misses` are for fill-in questions")
                    .at(self.file, first.span())
                    .help("remove the near misses or use type = \"fill-in\""),
            );
        }
    }

    fn max_length(&mut self, q: &RawQuestion, default: u16) -> u16 {
        match &q.max_length {
            None => default,
            Some(m) => match u16::try_from(*m.get_ref()) {
                Ok(m) if (1..=200).contains(&m) => m,
                _ => {
                    self.error(
                        Diagnostic::error("E0403", "`max_length` must be from 1 to 200").at(self.file, m.span()),
                    );
                    default
                }
            },
        }
    }

    pub(super) fn fill_in(&mut self, q: &RawQuestion, whole: Range<usize>) -> Option<QuestionKind> {
        let answers = self.require(q.answers.as_ref(), "answers = [\"…\"]", whole)?;
        let how = TextMatch {
            case_sensitive: q.case_sensitive.unwrap_or(false),
            ignore_accents: q.ignore_accents.unwrap_or(false),
        };
        if let Some(blank) = answers.get_ref().iter().find(|a| normalize(a, how).is_empty()) {
            self.error(
                Diagnostic::error(
                    "E0404",
                    format!("accepted answer \"{blank}\" is empty once spaces and punctuation at its ends are ignored"),
                )
                .at(self.file, answers.span())
                .help("every accepted answer needs a letter or digit"),
            );
        }
        let max_length = self.max_length(q, FILL_IN_MAX_LENGTH);
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
        let near_misses = self.near_misses(q, answers.get_ref(), how);
        Some(QuestionKind::FillIn {
            answers: answers.get_ref().iter().map(|a| a.trim().to_owned()).collect(),
            case_sensitive: how.case_sensitive,
            ignore_accents: how.ignore_accents,
            near_misses,
            max_length,
        })
    }

    /// The near misses; one that normalises like an accepted answer, or like another near miss, is an error.
    fn near_misses(&mut self, q: &RawQuestion, accepted: &[String], how: TextMatch) -> Vec<NearMiss> {
        let accepted: Vec<(String, &String)> = accepted.iter().map(|a| (normalize(a, how), a)).collect();
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for raw in q.near_misses.iter().flatten() {
            let m = raw.get_ref();
            let (texts, span) = match (&m.answer, &m.answers) {
                (Some(a), None) => (vec![a.get_ref().clone()], a.span()),
                (None, Some(list)) if !list.get_ref().is_empty() => (list.get_ref().clone(), list.span()),
                _ => {
                    self.error(
                        Diagnostic::error("E0403", "a near miss needs `answer = \"…\"` or `answers = [\"…\", …]`")
                            .at(self.file, raw.span())
                            .help("give exactly one of the two"),
                    );
                    continue;
                }
            };
            for text in &texts {
                let n = normalize(text, how);
                if let Some((_, same)) = accepted.iter().find(|(a, _)| *a == n) {
                    self.error(
                        Diagnostic::error(
                            "E0408",
                            format!("near miss \"{text}\" is also an accepted answer (\"{same}\")"),
                        )
                        .at(self.file, span.clone())
                        .label(format!("both read as \"{n}\" once normalised"))
                        .help("remove it from `answers` or from `near_misses`: an answer cannot be right and wrong"),
                    );
                } else if n.is_empty() {
                    self.error(
                        Diagnostic::error(
                            "E0408",
                            format!("near miss \"{text}\" is empty once punctuation is ignored"),
                        )
                        .at(self.file, span.clone())
                        .help("give the wrong answer a learner might type"),
                    );
                } else if seen.contains(&n) {
                    self.error(
                        Diagnostic::error("E0408", format!("near miss \"{text}\" is given twice"))
                            .at(self.file, span.clone())
                            .label(format!("\"{n}\" once normalised, like an earlier near miss"))
                            .help("give each wrong answer once, so that its feedback is certain"),
                    );
                }
                seen.push(n);
            }
            if m.feedback.trim().is_empty() {
                self.error(Diagnostic::error("E0403", "a near miss needs `feedback`").at(self.file, raw.span()));
            }
            out.push(NearMiss {
                answers: texts.iter().map(|t| t.trim().to_owned()).collect(),
                feedback: m.feedback.clone(),
            });
        }
        out
    }

    pub(super) fn numeric(&mut self, q: &RawQuestion, whole: Range<usize>) -> Option<QuestionKind> {
        let answer = match q.answer.as_ref().map(|a| (*a.get_ref(), a.span())) {
            Some((RawAnswer::Number(v), span)) => Some(self.finite(v, span, "answer")?),
            Some((RawAnswer::Bool(_), span)) => {
                self.error(
                    Diagnostic::error("E0403", "a numeric answer is a number, e.g. `answer = 40`").at(self.file, span),
                );
                return None;
            }
            None => None,
        };
        let (min, max) = self.range(q, answer, whole)?;
        if let Some(u) = q
            .units
            .as_ref()
            .filter(|u| u.get_ref().iter().any(|x| x.trim().is_empty()))
        {
            self.error(Diagnostic::error("E0403", "a unit cannot be empty").at(self.file, u.span()));
        }
        Some(QuestionKind::Numeric(NumericAnswer {
            answer,
            min,
            max,
            units: q.units.as_ref().map(|u| u.get_ref().clone()),
            max_length: self.max_length(q, NUMERIC_MAX_LENGTH),
        }))
    }

    /// The accepted range: `answer ± tolerance`, or `min`/`max` (one side may be open).
    fn range(
        &mut self,
        q: &RawQuestion,
        answer: Option<f64>,
        whole: Range<usize>,
    ) -> Option<(Option<f64>, Option<f64>)> {
        let bound = |r: &mut Self, b: &Option<Spanned<f64>>, name: &str| match b {
            Some(b) => r.finite(*b.get_ref(), b.span(), name).map(Some),
            None => Some(None),
        };
        let (min, max) = (bound(self, &q.min, "min")?, bound(self, &q.max, "max")?);
        let fail = |r: &mut Self, d: Diagnostic| {
            r.error(d);
            None
        };
        match (answer, &q.tolerance) {
            (Some(_), _) if min.is_some() || max.is_some() => fail(
                self,
                Diagnostic::error(
                    "E0403",
                    "give `answer` (with an optional `tolerance`) or `min`/`max`, not both",
                )
                .at(self.file, whole.start..whole.start),
            ),
            (None, Some(t)) => fail(
                self,
                Diagnostic::error("E0403", "`tolerance` needs `answer`")
                    .at(self.file, t.span())
                    .help("add answer = <value>, or use min and max for a range"),
            ),
            (Some(a), t) => {
                let t = match t {
                    Some(t) => self.tolerance(t)?,
                    None => 0.0,
                };
                Some((Some(tidy(a - t)), Some(tidy(a + t))))
            }
            (None, None) if min.is_none() && max.is_none() => {
                self.require(None, "answer = 40 (or min = … and/or max = …)", whole)
            }
            (None, None) => match (min, max, q.min.as_ref()) {
                (Some(lo), Some(hi), Some(at)) if lo > hi => fail(
                    self,
                    Diagnostic::error(
                        "E0409",
                        format!("the range is empty: min ({lo}) is greater than max ({hi})"),
                    )
                    .at(self.file, at.span())
                    .help("swap min and max"),
                ),
                _ => Some((min, max)),
            },
        }
    }

    fn finite(&mut self, v: f64, span: Range<usize>, name: &str) -> Option<f64> {
        if v.is_finite() {
            return Some(v);
        }
        self.error(
            Diagnostic::error("E0409", format!("`{name}` must be a finite number, not {v}"))
                .at(self.file, span)
                .help("write a number such as 40 or 39.5"),
        );
        None
    }

    fn tolerance(&mut self, t: &Spanned<f64>) -> Option<f64> {
        let v = self.finite(*t.get_ref(), t.span(), "tolerance")?;
        if v < 0.0 {
            self.error(
                Diagnostic::error("E0409", format!("`tolerance` cannot be negative ({v})"))
                    .at(self.file, t.span())
                    .help("the tolerance is how far either side of `answer` still counts, e.g. tolerance = 0.5"),
            );
            return None;
        }
        Some(v)
    }
}

/// `answer ± tolerance` to twelve significant digits, so that 0.3 − 0.1 is 0.2 and not 0.19999999999999998.
fn tidy(v: f64) -> f64 {
    format!("{v:.11e}").parse().unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn answer_plus_or_minus_tolerance_is_the_decimal_the_author_meant() {
        for (a, t, lo, hi) in [
            (1.1, 0.1, 1.0, 1.2),
            (40.0, 0.5, 39.5, 40.5),
            (0.3, 0.1, 0.2, 0.4),
            (-2.5, 0.25, -2.75, -2.25),
        ] {
            assert_eq!((tidy(a - t), tidy(a + t)), (lo, hi), "{a} ± {t}");
        }
        assert_ne!(0.3 - 0.1, 0.2, "what tidy is for");
    }
}
