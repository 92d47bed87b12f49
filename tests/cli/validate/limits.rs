//! Issue 10, items 21–26 and the schema rules of items 3 and 5: inputs that kept `validate` busy for a minute,
//! took hundreds of MB, gave a false finding, drove the terminal, or were let through. Small inputs from
//! `tests/hostile/corpus.rs`; the full-size ones are timed in `scripts/bench-hostile.sh`.

use std::process::Command;

use super::hostile::rejected_with;
use super::{codes, corpus, put, scorm12, validate_json};
use crate::support::{repo, run, text};

/// The message of the first finding with `code`.
fn message(json: &serde_json::Value, code: &str) -> String {
    json["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == code))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn namespace_and_attribute_floods_are_refused_before_parsing() {
    rejected_with("namespaces.zip", &corpus::namespace_flood(100, 10), "XML-03");
    rejected_with("attributes.zip", &corpus::attribute_flood(300), "XML-03");
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_, json) = validate_json(&[&put(tmp.path(), "a.zip", &corpus::attribute_flood(300))]);
    assert!(
        message(&json, "XML-03").contains("an element has 300 attributes, more than the 256 accepted"),
        "{json:#}"
    );
    // the issue's 41 KB zip: over a minute before the cap
    rejected_with("issue-namespaces.zip", &corpus::namespace_flood(8000, 2000), "XML-03");
}

#[test]
fn long_entry_names_are_refused_from_the_headers() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (exit, json) = validate_json(&[&put(tmp.path(), "long.zip", &corpus::long_names(3, 5000))]);
    assert_eq!((exit, codes(&json)), (1, vec!["ZIP-10!".to_owned()]), "{json:#}");
    assert!(
        message(&json, "ZIP-10").contains("entry 0 has a name of 5000 bytes, more than the 4096 accepted"),
        "{json:#}"
    );
}

#[test]
fn more_than_50000_entries_say_too_many_entries_not_no_manifest() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (exit, json) = validate_json(&[&put(tmp.path(), "many.zip", &corpus::many_entries(50_001))]);
    assert_eq!((exit, codes(&json)), (1, vec!["ZIP-10!".to_owned()]), "{json:#}");
    assert!(
        message(&json, "ZIP-10").starts_with("too many entries: the archive declares 50001, more than the 50000"),
        "{json:#}"
    );
}

#[test]
fn entry_names_cannot_drive_the_terminal_or_break_the_reports() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let zip = put(tmp.path(), "escapes.zip", &corpus::escape_names(&scorm12("", "")));
    let human = run(&repo(), &["validate", &zip]);
    let out = text(&human.stdout);
    assert_eq!(human.status.code(), Some(1), "{out}");
    let unsafe_chars: Vec<char> = out
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(unsafe_chars.is_empty(), "raw {unsafe_chars:?} in\n{out}");
    assert!(
        out.contains("`evil\\\\u{1B}[2K\\u{1B}[1A\\u{D}\\u{7}.html` (uses a backslash)"),
        "{out}"
    );
    assert!(
        out.contains("report\\u{202E}lmth.exe") && out.contains("csi\\u{9B}31m\\u{1}.js"),
        "{out}"
    );

    let junit = run(&repo(), &["validate", "--format", "junit", &zip]);
    let report = put(tmp.path(), "report.xml", &junit.stdout);
    let lint = Command::new("xmllint")
        .args(["--noout", &report])
        .output()
        .expect("xmllint runs");
    assert!(
        lint.status.success(),
        "xmllint: {}\n{}",
        text(&lint.stderr),
        text(&junit.stdout)
    );

    let json = run(&repo(), &["validate", "--format", "json", &zip]);
    let raw = text(&json.stdout);
    assert!(!raw.contains('\u{202e}') && !raw.contains('\u{9b}'), "{raw}");
    let parsed: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    assert!(
        parsed.to_string().contains("report\u{202e}lmth.exe"),
        "the JSON keeps the real name"
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_is_not_a_seekable_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let zip = put(tmp.path(), "ok.zip", &corpus::manifest_zip(&scorm12("", "")));
    let o = Command::new("bash")
        .args([
            "-c",
            r#"exec "$0" validate <(cat "$1")"#,
            env!("CARGO_BIN_EXE_coursepack"),
            &zip,
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{}{err}", text(&o.stdout));
    assert!(err.contains("it is not a seekable file (a pipe or a device)"), "{err}");
}

#[test]
fn a_scorm12_default_naming_no_organization_is_an_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    put(tmp.path(), "index.html", b"<p>hi</p>");
    let m = scorm12("", "").replace(r#"default="org1""#, r#"default="nope""#);
    put(tmp.path(), "imsmanifest.xml", m.as_bytes());
    let (exit, json) = validate_json(&[tmp.path().to_str().expect("utf-8")]);
    assert_eq!((exit, codes(&json)), (1, vec!["S12-CP-05!".to_owned()]), "{json:#}");
}
