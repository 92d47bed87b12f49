//! `[strings]` in course.toml: overrides of the player's UI strings, checked against the built-in key set, and
//! the full set a language without built-in strings must supply.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use crate::i18n;

use super::course_file::FILE;

/// The closest known key to `key`, if it is close enough to be a likely typo.
fn closest<'a>(key: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.as_str())
}

/// Checks `[strings]` for a course in `language` (whose span is `language_span`); returns the overrides.
pub fn check(
    raw: BTreeMap<String, Spanned<String>>,
    language: &Spanned<String>,
    report: &mut Report,
) -> BTreeMap<String, String> {
    let english = i18n::english();
    let known: Vec<String> = english.keys().cloned().collect();
    let mut out = BTreeMap::new();
    for (key, value) in raw {
        if !known.contains(&key) {
            let help = match closest(&key, &known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "the keys are those of the player's English strings; see `[strings]` in the format reference"
                    .to_owned(),
            };
            report.push(
                Diagnostic::error("E0160", format!("unknown player string `{key}` in [strings]"))
                    .at(FILE, value.span())
                    .label("not a key of the player's strings")
                    .help(help),
            );
            continue;
        }
        let en = english.get(&key).map(String::as_str).unwrap_or_default();
        let want = i18n::placeholders(en);
        let span = value.span();
        let text = value.into_inner();
        // The placeholders the player fills in must survive a translation.
        if i18n::placeholders(&text) != want {
            let names: Vec<String> = want.iter().map(|p| format!("{{{p}}}")).collect();
            let message = if names.is_empty() {
                format!("[strings] `{key}` takes no {{…}} placeholders")
            } else {
                format!(
                    "[strings] `{key}` must hold exactly the placeholders {}",
                    names.join(" ")
                )
            };
            report.push(
                Diagnostic::error("E0161", message)
                    .at(FILE, span)
                    .label("placeholders differ from the player's")
                    .help(format!("the English text is \"{en}\"")),
            );
        }
        out.insert(key, text);
    }
    let missing = i18n::missing_keys(language.get_ref(), &out);
    if !missing.is_empty() {
        report.push(
            Diagnostic::error(
                "E0162",
                format!(
                    "no built-in player strings for language `{}`: [strings] lacks {} of {} keys: {}",
                    language.get_ref(),
                    missing.len(),
                    known.len(),
                    missing.join(", ")
                ),
            )
            .at(FILE, language.span())
            .label("no built-in strings for this language")
            .help(format!(
                "built-in languages: {}; for another language add every key to a [strings] table in course.toml",
                i18n::built_in_names()
            )),
        );
    }
    out
}
