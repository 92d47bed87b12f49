//! `time_limit = "20m"` of an assessment: hours, minutes and seconds, read into seconds.

use crate::diag::Diagnostic;
use crate::model::QuizKind;

use super::{QuizReader, RawQuiz};
use crate::source::duration::parse_duration;

/// The shortest and the longest time limit, in seconds.
const RANGE: std::ops::RangeInclusive<u32> = 30..=24 * 3600;

impl QuizReader<'_> {
    pub(super) fn time_limit(&mut self, raw: &RawQuiz, kind: QuizKind) -> Option<u32> {
        let value = raw.time_limit.as_ref()?;
        if kind == QuizKind::KnowledgeCheck {
            self.error(
                Diagnostic::error("E0414", "a knowledge check cannot have a time limit")
                    .at(self.file, value.span())
                    .help("remove `time_limit`, or make this quiz kind = \"assessment\""),
            );
            return None;
        }
        match parse_duration(value.get_ref()) {
            Some(s) if RANGE.contains(&s) => Some(s),
            found => {
                let label = match found {
                    Some(s) => format!("that is {s} seconds"),
                    None => "not a duration coursepack reads".to_owned(),
                };
                self.error(
                    Diagnostic::error("E0414", "`time_limit` must be a duration from 30s to 24h")
                        .at(self.file, value.span())
                        .label(label)
                        .help("write hours, minutes and seconds with h, m and s: \"20m\", \"1h30m\", \"90s\""),
                );
                None
            }
        }
    }
}
