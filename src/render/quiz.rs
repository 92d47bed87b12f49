//! Quiz views for the template: options in display order (seeded shuffle, so every build is identical).

use serde::Serialize;

use crate::i18n::Strings;
use crate::model::{Question, QuestionKind, Quiz};

use super::data::quiz_kind;

#[derive(Serialize)]
pub struct QuizView {
    pub kind: &'static str,
    pub intro_html: String,
    pub questions: Vec<QuestionView>,
}

#[derive(Serialize)]
pub struct QuestionView {
    pub id: String,
    pub type_name: &'static str,
    pub prompt: String,
    /// Choices, matching targets or sequencing steps, in display order.
    pub options: Vec<OptionView>,
    /// Matching sources in source order.
    pub sources: Vec<OptionView>,
    pub max_length: u16,
}

#[derive(Serialize)]
pub struct OptionView {
    pub id: String,
    pub text: String,
    pub up_label: String,
    pub down_label: String,
}

pub fn quiz_view(quiz: &Quiz, intro_html: String, strings: &Strings) -> QuizView {
    QuizView {
        kind: quiz_kind(quiz.kind),
        intro_html,
        questions: quiz.questions.iter().map(|q| question_view(q, quiz, strings)).collect(),
    }
}

fn option(id: &str, text: &str, strings: &Strings) -> OptionView {
    OptionView {
        id: id.to_owned(),
        text: text.to_owned(),
        up_label: strings.fill("move_up", &[("item", text)]),
        down_label: strings.fill("move_down", &[("item", text)]),
    }
}

fn question_view(q: &Question, quiz: &Quiz, strings: &Strings) -> QuestionView {
    let mut rng = SplitMix64(quiz.seed ^ fnv1a(q.id.as_bytes()));
    let mut sources = Vec::new();
    let mut max_length = 0;
    let options = match &q.kind {
        QuestionKind::SingleChoice(c) | QuestionKind::MultipleChoice(c) => {
            let mut o: Vec<_> = c.iter().map(|c| option(&c.id, &c.text, strings)).collect();
            if quiz.shuffle {
                rng.shuffle(&mut o);
            }
            o
        }
        QuestionKind::Matching(pairs) => {
            sources = pairs.iter().map(|p| option(&p.id, &p.source, strings)).collect();
            let mut o: Vec<_> = pairs.iter().map(|p| option(&p.id, &p.target, strings)).collect();
            if quiz.shuffle {
                rng.shuffle(&mut o);
            } else {
                o.sort_by(|a, b| a.text.cmp(&b.text));
            }
            o
        }
        QuestionKind::Sequencing(steps) => {
            let mut o: Vec<_> = steps.iter().map(|s| option(&s.id, &s.text, strings)).collect();
            rng.shuffle(&mut o);
            if o.iter().zip(steps).all(|(a, b)| a.id == b.id) {
                o.rotate_left(1);
            }
            o
        }
        QuestionKind::FillIn { max_length: m, .. } => {
            max_length = *m;
            Vec::new()
        }
        QuestionKind::Numeric(n) => {
            max_length = n.max_length;
            Vec::new()
        }
        QuestionKind::TrueFalse(_) => Vec::new(),
    };
    QuestionView {
        id: q.id.clone(),
        type_name: q.kind.type_name(),
        prompt: q.prompt.clone(),
        options,
        sources,
        max_length,
    }
}

/// A tiny, well-known PRNG (SplitMix64): enough for a fixed, reproducible display order.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).unwrap_or(0);
            items.swap(i, j);
        }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
