//! UI strings and languages (issue 13): `[strings]` overrides checked against the player's keys, built-in
//! nl/en/de/fr/es, and right-to-left languages that must supply every string.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::{check, page};
use crate::support::{repo, run, text, zip_entries};

/// A one-page course in `language` with `extra` TOML after the required keys.
fn course_in(dir: &Path, language: &str, extra: &str) -> PathBuf {
    let root = dir.join("course");
    fs::create_dir_all(root.join("01-s")).expect("mkdir");
    fs::write(
        root.join("course.toml"),
        format!(
            "id = \"https://example.org/c\"\ntitle = \"C\"\nlanguage = \"{language}\"\nversion = \"1.0.0\"\n{extra}"
        ),
    )
    .expect("write course.toml");
    fs::write(root.join("01-s/section.toml"), "title = \"S\"\n").expect("write section.toml");
    fs::write(root.join("01-s/01-p.md"), page("Hello.")).expect("write page");
    root
}

/// Every player key with its English text (the reference set).
fn english() -> serde_json::Map<String, serde_json::Value> {
    let json = fs::read_to_string(repo().join("packaging/i18n/en.json")).expect("en.json");
    serde_json::from_str(&json).expect("en.json parses")
}

/// A `[strings]` table with every key but `skip`, each value `prefix` + the English text (placeholders kept).
fn strings_table(prefix: &str, skip: &[&str]) -> String {
    let mut out = String::from("\n[strings]\n");
    for (key, value) in english() {
        if !skip.contains(&key.as_str()) {
            let text = value.as_str().expect("a string");
            out.push_str(&format!("{key} = {:?}\n", format!("{prefix}{text}")));
        }
    }
    out
}

fn build_index(root: &Path) -> String {
    let dist = root.join("../dist");
    let o = run(root, &["build", ".", "--out", dist.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = fs::read_dir(&dist)
        .expect("dist")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .expect("a zip");
    let entries = zip_entries(&zip);
    let (_, html) = entries.iter().find(|(n, _)| n == "index.html").expect("index.html");
    String::from_utf8_lossy(html).into_owned()
}

#[test]
fn an_unknown_strings_key_is_an_error_with_did_you_mean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course_in(
        tmp.path(),
        "en",
        "\n[strings]\nnxet = \"Onward\"\nprevious = \"Back\"\n",
    );
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0160]: unknown player string `nxet` in [strings]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `next`?"), "{stderr}");
    assert!(stderr.contains("course.toml:7:8"), "{stderr}");
}

#[test]
fn an_override_must_keep_the_placeholders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course_in(tmp.path(), "en", "\n[strings]\npage_x_of_n = \"Page {x}\"\n");
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains("`page_x_of_n` must hold exactly the placeholders {n} {x}"),
        "{stderr}"
    );
}

#[test]
fn overrides_reach_the_player_buttons_and_its_data() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course_in(tmp.path(), "en", "\n[strings]\nnext = \"Onward\"\n");
    let html = build_index(&root);
    assert!(
        html.contains("<button type=\"button\" class=\"cp-next\">Onward</button>"),
        "button"
    );
    assert!(html.contains("\"next\":\"Onward\""), "#cp-data strings");
}

#[test]
fn arabic_without_strings_is_an_error_listing_the_missing_keys() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course_in(tmp.path(), "ar", &strings_table("", &["next", "finish"]));
    let (status, stderr) = check(&root);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stderr.contains("error[E0162]"), "{stderr}");
    assert!(stderr.contains("[strings] lacks 2 of"), "{stderr}");
    assert!(stderr.contains(": finish, next"), "{stderr}");
    assert!(stderr.contains("built-in languages: nl, en, de, fr, es"), "{stderr}");
}

#[test]
fn arabic_with_every_string_builds_right_to_left() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = course_in(tmp.path(), "ar", &strings_table("ع ", &[]));
    let html = build_index(&root);
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\""), "{}", &html[..200]);
    assert!(html.contains("class=\"cp-next\">ع Next</button>"));
}

#[test]
fn german_french_and_spanish_build_with_their_own_buttons_left_to_right() {
    for (lang, next, previous) in [
        ("de", "Weiter", "Zurück"),
        ("fr", "Suivant", "Précédent"),
        ("es", "Siguiente", "Anterior"),
    ] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = course_in(tmp.path(), lang, "");
        let (status, stderr) = check(&root);
        assert_eq!((status, stderr.as_str()), (Some(0), ""), "{lang}");
        let html = build_index(&root);
        assert!(html.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\"")), "{lang}");
        assert!(html.contains(&format!("class=\"cp-next\">{next}</button>")), "{lang}");
        assert!(
            html.contains(&format!("class=\"cp-prev\">{previous}</button>")),
            "{lang}"
        );
    }
}
