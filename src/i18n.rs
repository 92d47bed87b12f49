//! The player's UI strings per language (`packaging/i18n/*.json`), chosen by the course language.

use std::collections::BTreeMap;

const NL: &str = include_str!("../packaging/i18n/nl.json");
const EN: &str = include_str!("../packaging/i18n/en.json");

/// UI strings keyed as in `packaging/i18n/en.json`.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The strings for a BCP 47 tag (by primary subtag), and whether that language is built in.
    pub fn for_language(tag: &str) -> (Self, bool) {
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let (json, known) = match primary.as_str() {
            "nl" => (NL, true),
            "en" => (EN, true),
            _ => (EN, false),
        };
        let mut map: BTreeMap<String, String> = serde_json::from_str(EN).unwrap_or_default();
        let own: BTreeMap<String, String> = serde_json::from_str(json).unwrap_or_default();
        map.extend(own);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_languages_have_every_english_key() {
        let en: BTreeMap<String, String> = serde_json::from_str(EN).expect("en.json parses");
        let nl: BTreeMap<String, String> = serde_json::from_str(NL).expect("nl.json parses");
        let missing: Vec<_> = en.keys().filter(|k| !nl.contains_key(*k)).collect();
        assert!(missing.is_empty(), "nl.json lacks {missing:?}");
    }

    #[test]
    fn unknown_languages_fall_back_to_english() {
        let (s, known) = Strings::for_language("fr-BE");
        assert!(!known);
        assert_eq!(s.get("next"), "Next");
        let (s, known) = Strings::for_language("nl-BE");
        assert!(known);
        assert_eq!(s.fill("page_x_of_n", &[("x", "2"), ("n", "9")]), "Pagina 2 van 9");
    }
}
