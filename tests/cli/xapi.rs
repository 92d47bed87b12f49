//! Building Module 6 for xAPI: a schema-valid tincan.xml with one launchable activity, stable IRIs, readable names,
//! full interaction definitions, no credentials, and reproducible bytes.

use std::collections::BTreeSet;
use std::fs;

use crate::support::{build_module6_for, per_section_module6, text, validate_manifest, zip_entries};

const COURSE: &str = "https://sustainablefutures.example.org/courses/enterprise-centres/module-6";

fn entry(zip: &std::path::Path, name: &str) -> String {
    let entries = zip_entries(zip);
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in the zip"));
    text(bytes)
}

/// The `<activity ...>` start tags and bodies of tincan.xml.
fn activities(xml: &str) -> Vec<(String, String)> {
    xml.split("<activity ")
        .skip(1)
        .map(|tail| {
            let end = tail.find("</activity>").expect("closed activity");
            let (tag, body) = tail[..end].split_once('>').expect("start tag");
            (tag.to_owned(), body.to_owned())
        })
        .collect()
}

fn attr(tag: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let i = tag.find(&key).unwrap_or_else(|| panic!("{name} in <activity {tag}>"));
    tag[i + key.len()..].split('"').next().unwrap_or("").to_owned()
}

#[test]
fn tincan_xml_is_valid_against_the_tincan_schema() {
    let (_tmp, zip, stdout) = build_module6_for("xapi");
    assert!(stdout.contains("xapi"), "{stdout}");
    let out = validate_manifest(&zip);
    assert!(out.starts_with("VALID tincan"), "{out}");
}

#[test]
fn one_launchable_activity_and_stable_readable_activities() {
    let (_tmp, zip, _) = build_module6_for("xapi");
    let xml = entry(&zip, "tincan.xml");
    assert!(xml.contains("<tincan xmlns=\"http://projecttincan.com/tincan.xsd\">"));
    let acts = activities(&xml);
    let launchable: Vec<_> = acts.iter().filter(|(_, body)| body.contains("<launch")).collect();
    assert_eq!(launchable.len(), 1, "exactly one activity has a <launch>");
    let (tag, body) = launchable[0];
    assert_eq!(attr(tag, "id"), COURSE);
    assert_eq!(attr(tag, "type"), "http://adlnet.gov/expapi/activities/course");
    assert!(body.contains("<launch lang=\"nl\">index.html</launch>"), "{body}");
    let names: BTreeSet<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains("index.html") && names.contains("assets/adapter-xapi.js"));
    assert!(
        !names.contains("imsmanifest.xml"),
        "no SCORM manifest in an xAPI package"
    );

    let mut ids = BTreeSet::new();
    for (tag, body) in &acts {
        let id = attr(tag, "id");
        assert!(id.starts_with(COURSE), "{id} derived from the course id");
        assert!(ids.insert(id.clone()), "{id} is unique");
        assert!(
            attr(tag, "type").starts_with("http://adlnet.gov/expapi/activities/"),
            "{id}: type IRI"
        );
        let name = body.split("<name lang=\"nl\">").nth(1).expect("a Dutch name");
        assert!(!name.starts_with("http"), "{id}: a readable name, not an IRI");
        assert!(body.contains("<description lang=\"nl\">"), "{id}: a Dutch description");
    }
    // 1 course + 4 sections + 29 pages + 45 questions (every question of the assessment's bank)
    assert_eq!(acts.len(), 79);
}

#[test]
fn questions_carry_full_interaction_definitions() {
    let (_tmp, zip, _) = build_module6_for("xapi");
    let xml = entry(&zip, "tincan.xml");
    let questions: Vec<_> = activities(&xml)
        .into_iter()
        .filter(|(tag, _)| tag.contains("cmi.interaction"))
        .collect();
    assert_eq!(questions.len(), 45);
    for (tag, body) in &questions {
        let id = attr(tag, "id");
        let kind = body
            .split("<interactionType>")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .unwrap_or_else(|| panic!("{id}: interactionType"));
        assert!(
            body.contains("<correctResponsePattern>"),
            "{id}: a correct response pattern"
        );
        let needs: &[&str] = match kind {
            "choice" | "sequencing" => &["<choices>"],
            "matching" => &["<source>", "<target>"],
            "true-false" | "fill-in" | "numeric" => &[],
            other => panic!("{id}: unexpected interactionType {other}"),
        };
        for n in needs {
            assert!(body.contains(n), "{id} ({kind}) lists {n}");
        }
        assert!(
            !body.contains("<steps>"),
            "{id}: steps belong to performance interactions only"
        );
        if !needs.is_empty() {
            assert!(
                body.contains("<component>\n") && body.contains("<id>") && body.contains("<description lang=\"nl\">"),
                "{id}: components with ids and descriptions"
            );
        }
    }
    assert!(
        xml.contains("[,]") && xml.contains("[.]"),
        "xAPI response pattern delimiters"
    );
}

/// Whether `needle` occurs followed by a token of at least `min` characters from `allowed`.
fn has_token(t: &str, needle: &str, min: usize, allowed: impl Fn(char) -> bool) -> bool {
    t.match_indices(needle)
        .any(|(i, _)| t[i + needle.len()..].chars().take_while(|c| allowed(*c)).count() >= min)
}

#[test]
fn no_credentials_or_learner_identity_in_the_package() {
    let (_tmp, zip, _) = build_module6_for("xapi");
    for (name, bytes) in zip_entries(&zip) {
        let t = text(&bytes);
        let base64 = |c: char| c.is_ascii_alphanumeric() || "+/=".contains(c);
        assert!(!has_token(&t, "Basic ", 8, base64), "{name} holds a Basic auth token");
        let address = t.match_indices("mailto:").any(|(i, _)| {
            let rest: String = t[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "._%+-".contains(*c))
                .collect();
            !rest.is_empty() && t[i + 7 + rest.len()..].starts_with('@')
        });
        assert!(!address, "{name} holds an e-mail address");
        for needle in ["\"endpoint\":", "\"auth\":", "\"actor\":"] {
            assert!(!t.contains(needle), "{name} contains {needle:?}");
        }
    }
}

#[test]
fn two_xapi_builds_give_the_same_sha256() {
    let (a_tmp, a, stdout) = build_module6_for("xapi");
    let (b_tmp, b, _) = build_module6_for("xapi");
    assert!(
        fs::read(&a).expect("zip a") == fs::read(&b).expect("zip b"),
        "builds differ"
    );
    let line = |dir: &std::path::Path| {
        fs::read_to_string(dir.join("SHA256SUMS"))
            .expect("SHA256SUMS")
            .lines()
            .find(|l| l.ends_with("  module-6-1.0.0-xapi.zip"))
            .expect("the xAPI zip listed")
            .to_owned()
    };
    assert_eq!(line(a_tmp.path()), line(b_tmp.path()));
    let hash = line(a_tmp.path()).split("  ").next().expect("hash").to_owned();
    assert!(stdout.contains(&hash), "summary prints the sha256");
}

#[test]
fn a_per_section_course_still_gives_one_launchable_activity() {
    let tmp = tempfile::tempdir().expect("temp dir");
    per_section_module6(tmp.path());
    let o = crate::support::run(
        tmp.path(),
        &["build", "m6", "--out", "dist", "--target", "scorm12,xapi"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = tmp.path().join("dist/module-6-1.0.0-xapi.zip");
    let names: BTreeSet<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains("index.html"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("sco-")), "{names:?}");
    let xml = entry(&zip, "tincan.xml");
    assert_eq!(
        activities(&xml).iter().filter(|(_, b)| b.contains("<launch")).count(),
        1
    );
    assert!(
        tmp.path().join("dist/module-6-1.0.0-scorm12.zip").is_file(),
        "SCORM keeps its layout"
    );
}

#[test]
fn the_adapter_lists_quiz_pages_and_derives_content_pages_as_in_tincan_xml() {
    let (_tmp, zip, _) = build_module6_for("xapi");
    let js = entry(&zip, "assets/adapter-xapi.js");
    let json = js
        .split("window.CoursepackXapiActivities = ")
        .nth(1)
        .and_then(|t| t.split(";\n").next())
        .expect("the activities prelude");
    let acts: serde_json::Value = serde_json::from_str(json).expect("activities JSON");
    let lessons = &acts["lessons"];
    let base = lessons["base"].as_str().expect("lessons.base");
    assert_eq!(base, format!("{COURSE}/pages/"));
    assert_eq!(lessons["lang"], "nl");
    assert_eq!(lessons["type"], "http://adlnet.gov/expapi/activities/lesson");
    let listed = acts["pages"].as_object().expect("pages");
    assert!(
        !listed.is_empty() && listed.values().all(|a| a["definition"]["type"] != lessons["type"]),
        "only quiz pages are listed: {listed:?}"
    );
    let xml = entry(&zip, "tincan.xml");
    let section_names: Vec<String> = acts["sections"]
        .as_object()
        .expect("sections")
        .values()
        .map(|s| s["definition"]["name"]["nl"].as_str().unwrap_or("").to_owned())
        .collect();
    let mut derived = 0;
    for (tag, body) in activities(&xml) {
        if attr(&tag, "type") != "http://adlnet.gov/expapi/activities/lesson" {
            continue;
        }
        let id = attr(&tag, "id");
        assert!(id.starts_with(base), "{id} = lessons.base + page id");
        let field = |name: &str| {
            let open = format!("<{name} lang=\"nl\">");
            body.split(&open)
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or("")
                .to_owned()
        };
        let (name, description) = (field("name"), field("description"));
        assert!(
            section_names.iter().any(|s| description == format!("{s}: {name}")),
            "{id}: description \"<section name>: <page name>\" ({description})"
        );
        derived += 1;
    }
    assert_eq!(derived + listed.len(), 29, "every page is listed or derived");
}
