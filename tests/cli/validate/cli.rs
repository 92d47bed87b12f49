//! The command itself: round trip of our own build, `--explain`, formats, exit codes, and
//! pinned human output for representative findings.

use super::{put, scorm12, validate_json};
use crate::support::{build_module6, build_module6_for, repo, run, text};

#[test]
fn our_module6_scorm12_zip_is_clean_under_strict() {
    let (_tmp, zip, _) = build_module6();
    let (code, json) = validate_json(&[zip.to_str().expect("utf-8"), "--strict"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
    assert_eq!(json["packages"][0]["standards"][0], "SCORM 1.2");
    assert_eq!(json["packages"][0]["files_checked"], true);
}

#[test]
fn our_module6_xapi_zip_is_clean_under_strict() {
    let (_tmp, zip, _) = build_module6_for("xapi");
    let (code, json) = validate_json(&[zip.to_str().expect("utf-8"), "--strict"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");
    assert_eq!(json["packages"][0]["standards"][0], "Tin Can (tincan.xml)");
    assert_eq!(json["packages"][0]["files_checked"], true);
}

#[test]
fn explain_prints_the_rule() {
    let o = run(&repo(), &["validate", "--explain", "s12-cp-06"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("S12-CP-06: identifierref resolves\nlevel: error\n"),
        "{out}"
    );
    let o = run(&repo(), &["validate", "--explain", "NOPE-1"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unreadable_paths_exit_2_and_several_paths_are_reported() {
    let tmp = tempfile::tempdir().expect("temp dir");
    put(tmp.path(), "index.html", b"x");
    let good = put(tmp.path(), "imsmanifest.xml", scorm12("", "").as_bytes());
    let o = run(&repo(), &["validate", &good, "does-not-exist.zip"]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o.stdout);
    assert!(
        out.contains("does-not-exist.zip: could not validate: cannot read"),
        "{out}"
    );
    assert!(
        out.ends_with("validated 2 packages: 0 errors, 0 warnings, 1 could not be read\n"),
        "{out}"
    );
    assert!(o.stderr.starts_with(b"error: does-not-exist.zip"));
    let o = run(&repo(), &["validate"]);
    assert_eq!(o.status.code(), Some(2), "no path is a usage error");
}

#[test]
fn bare_manifest_says_file_checks_were_skipped() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let manifest = put(tmp.path(), "imsmanifest.xml", scorm12("", "").as_bytes());
    let o = run(&repo(), &["validate", &manifest]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("SCORM 1.2 (bare manifest; checks that need the package's files were skipped)\nno problems found"),
        "{out}"
    );
}

#[test]
fn json_findings_have_stable_fields_and_positions() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m = scorm12("", "").replace(r#"identifierref="res1""#, r#"identifierref="nope""#);
    let manifest = put(tmp.path(), "imsmanifest.xml", m.as_bytes());
    let (code, json) = validate_json(&[&manifest]);
    assert_eq!(code, 1);
    let finding = &json["findings"][0];
    let mut keys: Vec<&str> = finding
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code", "column", "file", "help", "label", "line", "message", "package", "severity"
        ]
    );
    assert_eq!(finding["code"], "S12-CP-06");
    assert_eq!(finding["file"], "imsmanifest.xml");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(10), Some(47))
    );
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn junit_has_a_failure_per_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m = scorm12("", "").replace(r#"identifierref="res1""#, r#"identifierref="nope""#);
    let manifest = put(tmp.path(), "imsmanifest.xml", m.as_bytes());
    let o = run(&repo(), &["validate", "--format", "junit", &manifest]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains(r#"<testcase name="S12-CP-06 imsmanifest.xml:10:47""#),
        "{out}"
    );
    assert!(
        out.contains(r#"<failure message="item references resource `nope`, which does not exist" type="S12-CP-06"/>"#),
        "{out}"
    );
}

/// Pinned human output (the path is redacted to [DIR]).
#[track_caller]
fn human(manifest: &str, args: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = put(tmp.path(), "imsmanifest.xml", manifest.as_bytes());
    let mut all = vec!["validate", path.as_str()];
    all.extend_from_slice(args);
    let o = run(&repo(), &all);
    text(&o.stdout).replace(tmp.path().to_str().expect("utf-8"), "[DIR]")
}

#[test]
fn human_output_dangling_identifierref() {
    let m = scorm12("", "").replace(r#"identifierref="res1""#, r#"identifierref="nope""#);
    let expected = "\
[DIR]/imsmanifest.xml: SCORM 1.2 (bare manifest; checks that need the package's files were skipped)
error[S12-CP-06]: item references resource `nope`, which does not exist
  --> imsmanifest.xml:10:47
   |
10 |       <item identifier=\"item1\" identifierref=\"nope\">
   |                                               ^^^^
   |

1 error, 0 warnings

validated 1 package: 1 error, 0 warnings
";
    assert_eq!(human(&m, &[]), expected);
}

#[test]
fn human_output_malformed_xml_and_strict_id() {
    let m = scorm12("", "").replace("<title>Lesson</title>", "<title>Q&A</title>");
    let out = human(&m, &[]);
    assert!(
        out.contains("error[XML-01]: the manifest is not well-formed XML"),
        "{out}"
    );
    assert!(out.contains("--> imsmanifest.xml:11:17"), "{out}");
    assert!(out.contains("= help: write a literal `&` as `&amp;`"), "{out}");
    let digit = scorm12("", "").replace("org1", "5-Why_ORG");
    let out = human(&digit, &["--strict"]);
    assert!(
        out.contains("error[S12-CP-03]: identifier `5-Why_ORG` is not an xs:ID (NCName)"),
        "{out}"
    );
    let out = human(&digit, &[]);
    assert!(out.contains("warning[S12-CP-03]"), "{out}");
}

#[test]
fn many_findings_on_one_long_line_render_quickly() {
    let items: String = (0..2000)
        .map(|i| format!(r#"<item identifier="i{i}" identifierref="missing{i}"><title>T</title></item>"#))
        .collect();
    let m = scorm12("", "").replace('\n', "").replace(
        r#"<item identifier="item1" identifierref="res1">"#,
        &format!(r#"{items}<item identifier="item1" identifierref="res1">"#),
    );
    let start = std::time::Instant::now();
    let out = human(&m, &[]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    // at most 100 findings per code are listed; the rest are counted in one closing error
    assert!(
        out.contains("101 errors, 0 warnings") && out.contains("1900 more S12-CP-06 findings were not listed"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    assert!(out.contains("--> imsmanifest.xml:1:"), "positions on the one line");
}
