//! Table-driven tests: the shared vectors (also run against answers.js in tests/browser/answers-unit.test.mjs)
//! and the per-language number rules.

use serde::Deserialize;

use super::numeric::{self, NumberRules};
use super::{TextMatch, matches_any, normalize};

const VECTORS: &str = include_str!("../../tests/fixtures/answer-vectors.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vectors {
    normalize: Vec<NormalizeCase>,
    fill_in: Vec<FillInCase>,
    numeric: Vec<NumericCase>,
    rules: std::collections::BTreeMap<String, RulesCase>,
    range: Vec<RangeCase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NormalizeCase {
    input: String,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    ignore_accents: bool,
    expected: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FillInCase {
    answers: Vec<String>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    ignore_accents: bool,
    #[serde(default)]
    near_misses: Vec<NearMissCase>,
    input: String,
    correct: bool,
    #[serde(default)]
    near_miss: Option<String>,
}

#[derive(Deserialize)]
struct NearMissCase {
    answers: Vec<String>,
    feedback: String,
}

#[derive(Deserialize)]
struct NumericCase {
    input: String,
    rules: String,
    expected: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RulesCase {
    decimal_comma: bool,
    units: Vec<String>,
}

#[derive(Deserialize)]
struct RangeCase {
    input: String,
    rules: String,
    min: Option<f64>,
    max: Option<f64>,
    correct: bool,
}

fn vectors() -> Vectors {
    serde_json::from_str(VECTORS).expect("answer-vectors.json parses")
}

fn rules(v: &Vectors, name: &str) -> NumberRules {
    let r = v.rules.get(name).unwrap_or_else(|| panic!("no rules {name}"));
    NumberRules {
        decimal_comma: r.decimal_comma,
        units: r.units.clone(),
    }
}

#[test]
fn normalisation_follows_the_shared_vectors() {
    let v = vectors();
    assert!(v.normalize.len() > 20);
    let wrong: Vec<String> = v
        .normalize
        .iter()
        .filter_map(|c| {
            let how = TextMatch {
                case_sensitive: c.case_sensitive,
                ignore_accents: c.ignore_accents,
            };
            let got = normalize(&c.input, how);
            (got != c.expected).then(|| format!("{:?} → {got:?}, expected {:?}", c.input, c.expected))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn fill_in_grading_and_near_misses_follow_the_shared_vectors() {
    let v = vectors();
    for c in &v.fill_in {
        let how = TextMatch {
            case_sensitive: c.case_sensitive,
            ignore_accents: c.ignore_accents,
        };
        assert_eq!(
            matches_any(&c.input, &c.answers, how),
            c.correct,
            "{:?} against {:?}",
            c.input,
            c.answers
        );
        let typed = normalize(&c.input, how);
        let near = c
            .near_misses
            .iter()
            .find(|m| !typed.is_empty() && m.answers.iter().any(|a| normalize(a, how) == typed))
            .map(|m| m.feedback.clone());
        let expected = if c.correct { None } else { c.near_miss.clone() };
        assert_eq!(near.filter(|_| !c.correct), expected, "near miss for {:?}", c.input);
    }
}

#[test]
fn numbers_parse_as_the_shared_vectors_say() {
    let v = vectors();
    let wrong: Vec<String> = v
        .numeric
        .iter()
        .filter_map(|c| {
            let got = numeric::parse(&c.input, &rules(&v, &c.rules));
            (got != c.expected).then(|| format!("{:?} ({}) → {got:?}, expected {:?}", c.input, c.rules, c.expected))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn ranges_grade_as_the_shared_vectors_say() {
    let v = vectors();
    for c in &v.range {
        let got = numeric::parse(&c.input, &rules(&v, &c.rules))
            .and_then(|t| numeric::value(&t))
            .is_some_and(|x| numeric::within(x, c.min, c.max));
        assert_eq!(got, c.correct, "{:?} in {:?}..{:?}", c.input, c.min, c.max);
    }
}

#[test]
fn number_rules_per_language_are_the_ones_the_vectors_use() {
    let v = vectors();
    let units = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let cases: [(&str, Option<Vec<String>>, &str); 6] = [
        ("nl", None, "nl"),
        ("nl-BE", Some(units(&["%"])), "nl"),
        ("en", None, "en"),
        ("en-GB", Some(units(&[" % ", "Percent"])), "en"),
        ("nl", Some(units(&["Jaar", "jr."])), "nl-jaar"),
        ("nl", Some(units(&["€", "Euro", "euro"])), "nl-euro"),
    ];
    for (language, given, expected) in cases {
        assert_eq!(
            NumberRules::new(language, given.as_deref()),
            rules(&v, expected),
            "{language} {given:?}"
        );
    }
    assert!(
        !NumberRules::new("fr", None).decimal_comma,
        "other languages follow English"
    );
}

#[test]
fn number_words_are_not_numbers() {
    let nl = NumberRules::new("nl", None);
    for words in ["veertig", "veertig procent", "tien", "twintig %", "forty"] {
        assert_eq!(numeric::parse(words, &nl), None, "{words}");
    }
}

#[test]
fn numbers_are_written_without_exponent() {
    for (v, text) in [
        (40.0, "40"),
        (39.5, "39.5"),
        (-0.25, "-0.25"),
        (1e21, "1000000000000000000000"),
        (1e-7, "0.0000001"),
    ] {
        assert_eq!(numeric::format_number(v), text);
    }
}
