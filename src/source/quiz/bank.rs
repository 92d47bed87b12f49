//! Question banks: `draw`, `[[groups]]` with their `draw`, a question's `group`, and the shuffle keys.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::model::{Bank, QuestionGroup};
use crate::source::schema::{self, Key, Table, Ty};

use super::{QuizReader, RawQuiz};

/// `[[groups]]`: questions of which each attempt draws `draw` (all of them when left out).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    id: Spanned<String>,
    draw: Option<Spanned<i64>>,
}

pub(super) const GROUP: Table = Table {
    what: "a group",
    keys: &[
        Key::required("id", Ty::Text, "id = \"section-1\""),
        Key::optional("draw", Ty::Integer, "draw = 4"),
    ],
    variants: &[],
};

impl QuizReader<'_> {
    /// The bank of a quiz: its groups (a quiz-level `draw` is one group of every question) and shuffles.
    pub(super) fn bank(&mut self, raw: &RawQuiz) -> Bank {
        let groups = if raw.groups.is_empty() {
            self.no_groups(raw)
        } else {
            self.groups(raw)
        };
        Bank {
            groups,
            shuffle_questions: raw.shuffle_questions.unwrap_or(false),
            shuffle_choices: raw.shuffle_choices.unwrap_or(raw.shuffle),
        }
    }

    fn no_groups(&mut self, raw: &RawQuiz) -> Vec<QuestionGroup> {
        for q in &raw.questions {
            if let Some(g) = &q.get_ref().group {
                self.error(
                    Diagnostic::error(
                        "E0413",
                        format!("question names group `{}`, but the quiz has no groups", g.get_ref()),
                    )
                    .at(self.file, g.span())
                    .help(format!(
                        "add a [[groups]] table with id = \"{}\", or remove `group`",
                        g.get_ref()
                    )),
                );
            }
        }
        let total = raw.questions.len();
        let Some(draw) = &raw.draw else { return Vec::new() };
        match self.draw_count(draw, total, "the quiz") {
            Some(n) => vec![QuestionGroup {
                id: String::new(),
                draw: n,
                questions: (0..total).collect(),
            }],
            None => Vec::new(),
        }
    }

    fn groups(&mut self, raw: &RawQuiz) -> Vec<QuestionGroup> {
        if let Some(draw) = &raw.draw {
            self.error(
                Diagnostic::error("E0413", "`draw` of the whole quiz cannot be combined with [[groups]]")
                    .at(self.file, draw.span())
                    .label("each group says how many of its questions an attempt draws")
                    .help("remove this `draw` and give each [[groups]] table its own draw = …"),
            );
        }
        let mut groups: Vec<(QuestionGroup, &Spanned<RawGroup>)> = Vec::new();
        for g in &raw.groups {
            let id = &g.get_ref().id;
            self.check_id(id);
            if groups.iter().any(|(other, _)| other.id == *id.get_ref()) {
                self.error(
                    Diagnostic::error("E0202", format!("duplicate group id `{}`", id.get_ref()))
                        .at(self.file, id.span())
                        .help("group ids must be unique within their quiz"),
                );
                continue;
            }
            let group = QuestionGroup {
                id: id.get_ref().clone(),
                draw: 0,
                questions: Vec::new(),
            };
            groups.push((group, g));
        }
        for (k, q) in raw.questions.iter().enumerate() {
            let q = q.get_ref();
            let Some(name) = &q.group else {
                self.error(
                    Diagnostic::error("E0413", format!("question `{}` belongs to no group", q.id.get_ref()))
                        .at(self.file, q.id.span())
                        .label("in a quiz with [[groups]] every question is drawn from one")
                        .help(format!("add group = \"{}\" (or another group's id)", groups[0].0.id)),
                );
                continue;
            };
            match groups.iter_mut().find(|(g, _)| g.id == *name.get_ref()) {
                Some((g, _)) => g.questions.push(k),
                None => {
                    let ids: Vec<&str> = groups.iter().map(|(g, _)| g.id.as_str()).collect();
                    let hint = schema::closest(name.get_ref(), ids.iter().copied())
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    self.error(
                        Diagnostic::error("E0413", format!("unknown group `{}`", name.get_ref()))
                            .at(self.file, name.span())
                            .help(format!("{hint}the groups of this quiz are: {}", ids.join(", "))),
                    );
                }
            }
        }
        let mut out = Vec::new();
        for (mut group, raw_group) in groups {
            let size = group.questions.len();
            if size == 0 {
                self.error(
                    Diagnostic::error("E0413", format!("group `{}` has no questions", group.id))
                        .at(self.file, raw_group.get_ref().id.span())
                        .help(format!(
                            "add group = \"{}\" to its questions, or remove the group",
                            group.id
                        )),
                );
                continue;
            }
            group.draw = match &raw_group.get_ref().draw {
                None => size,
                Some(d) => match self.draw_count(d, size, &format!("group `{}`", group.id)) {
                    Some(n) => n,
                    None => continue,
                },
            };
            out.push(group);
        }
        out
    }

    /// A `draw` of 1 to `available` questions.
    fn draw_count(&mut self, draw: &Spanned<i64>, available: usize, of: &str) -> Option<usize> {
        match usize::try_from(*draw.get_ref()) {
            Ok(n) if (1..=available).contains(&n) => Some(n),
            _ => {
                self.error(
                    Diagnostic::error("E0413", format!("`draw` must be a whole number from 1 to {available}"))
                        .at(self.file, draw.span())
                        .label(format!(
                            "{of} has {available} question{}",
                            if available == 1 { "" } else { "s" }
                        ))
                        .help("add questions, or draw fewer"),
                );
                None
            }
        }
    }
}
