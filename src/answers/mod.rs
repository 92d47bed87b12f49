//! How typed answers are compared: the same rules as `packaging/assets/answers.js`, which grades in the
//! player. Rust needs them for `check` (ambiguous answer lists) and to prove both sides agree (shared vectors).

pub mod numeric;
#[cfg(test)]
mod tests;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// How a fill-in question compares text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextMatch {
    pub case_sensitive: bool,
    pub ignore_accents: bool,
}

/// The text as it is compared: NFC; lower case unless case-sensitive; without combining marks when
/// accents are ignored; whitespace runs as one space; no punctuation or space at either end.
pub fn normalize(text: &str, how: TextMatch) -> String {
    let mut s: String = text.nfc().collect();
    if !how.case_sensitive {
        s = s.to_lowercase().nfc().collect();
    }
    if how.ignore_accents {
        s = s
            .nfd()
            .filter(|c| c.general_category() != GeneralCategory::NonspacingMark)
            .nfc()
            .collect();
    }
    let collapsed = collapse_whitespace(&s);
    collapsed
        .trim_matches(|c: char| is_punctuation(c) || c == ' ')
        .to_owned()
}

/// Runs of Unicode White_Space as one space, none at either end.
pub fn collapse_whitespace(text: &str) -> String {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_punctuation(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// Whether `typed` matches one of `answers` (both normalised the same way).
pub fn matches_any(typed: &str, answers: &[String], how: TextMatch) -> bool {
    let typed = normalize(typed, how);
    !typed.is_empty() && answers.iter().any(|a| normalize(a, how) == typed)
}
