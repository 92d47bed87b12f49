//! The player's UI strings per language (`packaging/i18n/*.json`), chosen by the course language and overridden
//! by `[strings]` in course.toml.

use std::collections::BTreeMap;

const EN: &str = include_str!("../packaging/i18n/en.json");

/// The languages with built-in strings: (primary subtag, JSON).
const BUILT_IN: &[(&str, &str)] = &[
    ("nl", include_str!("../packaging/i18n/nl.json")),
    ("en", EN),
    ("de", include_str!("../packaging/i18n/de.json")),
    ("fr", include_str!("../packaging/i18n/fr.json")),
    ("es", include_str!("../packaging/i18n/es.json")),
];

/// Languages written right to left (primary subtags): the player gets `dir="rtl"`.
const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb"];

/// UI strings keyed as in `packaging/i18n/en.json`.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

fn parse(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The built-in language codes, for messages.
pub fn built_in_names() -> String {
    BUILT_IN.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", ")
}

/// The English strings: every key the player uses, with its placeholders.
pub fn english() -> BTreeMap<String, String> {
    parse(EN)
}

/// Every key the player uses (those of `en.json`).
pub fn keys() -> Vec<String> {
    english().into_keys().collect()
}

/// Whether a language is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    RIGHT_TO_LEFT.contains(&primary(tag).as_str())
}

/// The built-in strings of a language (by primary subtag), if any.
fn built_in(tag: &str) -> Option<BTreeMap<String, String>> {
    let p = primary(tag);
    BUILT_IN.iter().find(|(l, _)| *l == p).map(|(_, json)| parse(json))
}

/// The keys a course in `tag` must supply in `[strings]`: all of them unless the language is built in.
pub fn missing_keys(tag: &str, overrides: &BTreeMap<String, String>) -> Vec<String> {
    if built_in(tag).is_some() {
        return Vec::new();
    }
    keys().into_iter().filter(|k| !overrides.contains_key(k)).collect()
}

impl Strings {
    /// The strings for a BCP 47 tag (by primary subtag), and whether that language is built in.
    pub fn for_language(tag: &str) -> (Self, bool) {
        Self::for_course(tag, &BTreeMap::new())
    }

    /// The strings for a course: English underneath, the built-in language, then the course's `[strings]`.
    pub fn for_course(tag: &str, overrides: &BTreeMap<String, String>) -> (Self, bool) {
        let mut map = parse(EN);
        let own = built_in(tag);
        let known = own.is_some();
        map.extend(own.unwrap_or_default());
        map.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        (Self(map), known)
    }

    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// A string with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
    }
}

/// The `{name}` placeholders of a string, sorted.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_english_keys_and_placeholders() {
        let en = parse(EN);
        assert!(en.len() > 50);
        for (lang, json) in BUILT_IN {
            let own: BTreeMap<String, String> = serde_json::from_str(json).expect("language file parses");
            let mine: Vec<_> = own.keys().collect();
            let theirs: Vec<_> = en.keys().collect();
            assert_eq!(mine, theirs, "{lang}.json keys differ from en.json");
            for (key, text) in &own {
                assert_eq!(
                    placeholders(text),
                    placeholders(&en[key]),
                    "{lang}.json `{key}` placeholders"
                );
                assert!(!text.trim().is_empty(), "{lang}.json `{key}` is empty");
            }
        }
    }

    /// A key written twice parses silently (the last one wins), so count the written keys.
    #[test]
    fn no_language_file_writes_a_key_twice() {
        for (lang, json) in BUILT_IN.iter().chain([&("en", EN)]) {
            let own: BTreeMap<String, String> = serde_json::from_str(json).expect("language file parses");
            let written = json.lines().filter(|l| l.trim_start().starts_with('"')).count();
            assert_eq!(written, own.len(), "{lang}.json writes a key twice");
        }
    }

    #[test]
    fn languages_resolve_by_primary_subtag_and_overrides_win() {
        let (s, known) = Strings::for_language("fr-BE");
        assert!(known);
        assert_eq!(s.get("next"), "Suivant");
        let (s, known) = Strings::for_language("nl-BE");
        assert!(known);
        assert_eq!(s.fill("page_x_of_n", &[("x", "2"), ("n", "9")]), "Pagina 2 van 9");
        let overrides = BTreeMap::from([("next".to_owned(), "Verder".to_owned())]);
        let (s, _) = Strings::for_course("nl", &overrides);
        assert_eq!(s.get("next"), "Verder");
    }

    #[test]
    fn unknown_languages_must_supply_every_key() {
        assert!(missing_keys("de-AT", &BTreeMap::new()).is_empty());
        let missing = missing_keys("ar", &BTreeMap::from([("next".to_owned(), "التالي".to_owned())]));
        assert_eq!(missing.len(), keys().len() - 1);
        assert!(!missing.contains(&"next".to_owned()));
        assert!(is_rtl("ar-EG") && is_rtl("he") && is_rtl("fa") && !is_rtl("fr"));
    }
}
