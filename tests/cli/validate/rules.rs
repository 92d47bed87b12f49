//! One focused case per rule family, from small manifests and folders made in the test.

use super::{codes, put, scorm12, validate_json};

/// Validates a folder holding `imsmanifest.xml` (or another manifest) and `index.html`.
#[track_caller]
fn folder(manifest_name: &str, manifest: &str, extra: &[&str], strict: bool) -> (i32, Vec<String>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    put(tmp.path(), manifest_name, manifest.as_bytes());
    put(tmp.path(), "index.html", b"<p>hi</p>");
    for name in extra {
        put(tmp.path(), name, b"x");
    }
    let dir = tmp.path().to_str().expect("utf-8").to_owned();
    let mut args = vec![dir.as_str()];
    if strict {
        args.push("--strict");
    }
    let (code, json) = validate_json(&args);
    (code, codes(&json))
}

#[test]
fn a_clean_scorm12_folder_has_no_findings() {
    assert_eq!(folder("imsmanifest.xml", &scorm12("", ""), &[], true), (0, vec![]));
}

#[test]
fn identifierref_must_resolve() {
    let m = scorm12("", "").replace(r#"identifierref="res1""#, r#"identifierref="nope""#);
    let (code, found) = folder("imsmanifest.xml", &m, &[], false);
    assert_eq!(code, 1);
    assert!(found.contains(&"S12-CP-06!".to_owned()), "{found:?}");
}

#[test]
fn leading_digit_ids_warn_and_fail_only_when_strict() {
    let m = scorm12("", "").replace("org1", "5-Why_ORG");
    assert_eq!(
        folder("imsmanifest.xml", &m, &[], false),
        (0, vec!["S12-CP-03".to_owned()])
    );
    assert_eq!(
        folder("imsmanifest.xml", &m, &[], true),
        (1, vec!["S12-CP-03!".to_owned()])
    );
}

#[test]
fn duplicate_identifiers_are_errors() {
    let m = scorm12("", "").replace(r#"identifier="item1""#, r#"identifier="res1""#);
    let (code, found) = folder("imsmanifest.xml", &m, &[], false);
    assert_eq!(code, 1);
    assert!(found.contains(&"S12-CP-03!".to_owned()), "{found:?}");
}

#[test]
fn missing_launch_file_is_an_error_and_unlisted_files_warn() {
    let m = scorm12("", "").replace(r#"href="index.html">"#, r#"href="start.html">"#);
    let (code, found) = folder("imsmanifest.xml", &m, &["extra.js"], false);
    assert_eq!(code, 1);
    assert!(found.contains(&"S12-CP-09!".to_owned()), "{found:?}");
    assert!(found.contains(&"S12-CP-10".to_owned()), "{found:?}");
}

#[test]
fn adlcp_values_and_spelling() {
    let bad_values = scorm12("<adlcp:masteryscore>170</adlcp:masteryscore>", "");
    assert!(
        folder("imsmanifest.xml", &bad_values, &[], false)
            .1
            .contains(&"S12-CP-11!".to_owned())
    );
    let spelled_2004 = scorm12("<adlcp:dataFromLMS>x</adlcp:dataFromLMS>", "");
    assert!(
        folder("imsmanifest.xml", &spelled_2004, &[], false)
            .1
            .contains(&"S12-CP-07!".to_owned())
    );
    let capital_t = scorm12("", "").replace("adlcp:scormtype", "adlcp:scormType");
    assert!(
        folder("imsmanifest.xml", &capital_t, &[], false)
            .1
            .contains(&"S12-CP-08!".to_owned())
    );
}

#[test]
fn child_order_and_titles() {
    let m = scorm12("", "").replace("<title>Lesson</title>", "").replace(
        r#"<item identifier="item1" identifierref="res1">"#,
        r#"<item identifier="item1" identifierref="res1"><metadata/><title>Late</title>"#,
    );
    let (code, found) = folder("imsmanifest.xml", &m, &[], false);
    assert_eq!(code, 1);
    assert_eq!(found, vec!["S12-CP-07!".to_owned()]);
}

#[test]
fn risky_names_and_junk_warn() {
    let m = scorm12("", r#"<file href="my%20file.html"/><file href=".DS_Store"/>"#);
    let (code, found) = folder("imsmanifest.xml", &m, &["my file.html", ".DS_Store"], true);
    assert_eq!((code, found), (0, vec!["ZIP-03".to_owned(), "ZIP-04".to_owned()]));
}

const SCORM2004: &str = r#"<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>I</title>EXTRA</item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

#[test]
fn scorm2004_edition_values_and_default() {
    assert_eq!(
        folder("imsmanifest.xml", &SCORM2004.replace("EXTRA", ""), &[], true),
        (0, vec![])
    );
    let newer = SCORM2004.replace("EXTRA", r#"<adlcp:completionThreshold minProgressMeasure="0.5"/>"#);
    assert_eq!(
        folder("imsmanifest.xml", &newer, &[], false),
        (0, vec!["S04-CP-03".to_owned()])
    );
    let bad = SCORM2004.replace("EXTRA", "<adlcp:timeLimitAction>stop</adlcp:timeLimitAction>");
    assert_eq!(
        folder("imsmanifest.xml", &bad, &[], false).1,
        vec!["S04-CP-11!".to_owned()]
    );
    let dangling = SCORM2004
        .replace("EXTRA", "")
        .replace(r#"default="o""#, r#"default="x""#);
    assert_eq!(
        folder("imsmanifest.xml", &dangling, &[], false).1,
        vec!["S04-CP-07!".to_owned()]
    );
}

const TINCAN: &str = r#"<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="ID" type="http://adlnet.gov/expapi/activities/course"><name>C</name><description lang="en">d</description>LAUNCH</activity>
</activities></tincan>"#;

#[test]
fn tincan_launch_and_iris() {
    let good = TINCAN
        .replace("ID", "https://example.com/c")
        .replace("LAUNCH", r#"<launch lang="en">index.html</launch>"#);
    assert_eq!(folder("tincan.xml", &good, &[], true), (0, vec![]));
    let relative_id = good.replace("https://example.com/c", "course-1");
    assert_eq!(
        folder("tincan.xml", &relative_id, &[], false).1,
        vec!["TC-03!".to_owned()]
    );
    let no_launch = TINCAN.replace("ID", "https://example.com/c").replace("LAUNCH", "");
    assert_eq!(
        folder("tincan.xml", &no_launch, &[], false).1,
        vec!["TC-02!".to_owned()]
    );
}

const CMI5: &str = r#"<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/c"><title><langstring lang="en">C</langstring></title><description><langstring lang="en">D</langstring></description></course>
  <au id="https://example.com/au" ATTRS><title><langstring lang="en">A</langstring></title><description><langstring lang="en">D</langstring></description><url>URL</url></au>
</courseStructure>"#;

#[test]
fn cmi5_urls_and_attributes() {
    let good = CMI5
        .replace("ATTRS", r#"moveOn="Passed" masteryScore="0.8""#)
        .replace("URL", "index.html");
    assert_eq!(folder("cmi5.xml", &good, &[], true), (0, vec![]));
    let reserved = good.replace("index.html", "index.html?endpoint=x");
    assert_eq!(
        folder("cmi5.xml", &reserved, &[], false).1,
        vec!["C5-CS-04!".to_owned()]
    );
    let bad_attrs = CMI5
        .replace("ATTRS", r#"moveOn="Done" masteryScore="80""#)
        .replace("URL", "index.html");
    assert_eq!(
        folder("cmi5.xml", &bad_attrs, &[], false).1,
        vec!["C5-CS-05!".to_owned()]
    );
    let dangling_objective = good.replace(
        "<url>",
        r#"<objectives><objective idref="https://example.com/o"/></objectives><url>"#,
    );
    assert_eq!(
        folder("cmi5.xml", &dangling_objective, &[], false).1,
        vec!["C5-CS-02!".to_owned()]
    );
    let same_id = good.replace("https://example.com/au", "https://example.com/c");
    assert_eq!(folder("cmi5.xml", &same_id, &[], false).1, vec!["C5-CS-02!".to_owned()]);
}

#[test]
fn missing_manifest_is_explained() {
    let tmp = tempfile::tempdir().expect("temp dir");
    put(tmp.path(), "course/imsmanifest.xml", scorm12("", "").as_bytes());
    let (code, json) = validate_json(&[tmp.path().to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    let message = json["findings"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("in folder `course/`"), "{message}");
    let aicc = tempfile::tempdir().expect("temp dir");
    put(aicc.path(), "course.crs", b"x");
    put(aicc.path(), "course.au", b"x");
    let (_, json) = validate_json(&[aicc.path().to_str().expect("utf-8")]);
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("AICC")
    );
}

#[test]
fn interaction_component_ids_are_unique_per_list() {
    let components = |ids: [&str; 2]| {
        format!(
            "<choices><component><id>{}</id><description lang=\"en\">x</description></component>\
             <component><id>{}</id><description lang=\"en\">y</description></component></choices>",
            ids[0], ids[1]
        )
    };
    let tincan = |ids| {
        TINCAN.replace("ID", "https://example.com/c").replace(
            "LAUNCH",
            &format!(
                r#"<launch lang="en">index.html</launch></activity><activity id="https://example.com/c/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction"><name>Q</name><description lang="en">q</description><interactionType>choice</interactionType>{}"#,
                components(ids)
            ),
        )
    };
    assert_eq!(folder("tincan.xml", &tincan(["x", "y"]), &[], true), (0, vec![]));
    assert_eq!(
        folder("tincan.xml", &tincan(["x", "x"]), &[], false).1,
        vec!["TC-04!".to_owned()]
    );
    let cmi5 = |ids| {
        CMI5.replace("ATTRS", "").replace("URL", "index.html").replace(
            "</au>",
            &format!(
                r#"<x:interaction xmlns:x="https://example.com/ext">{}</x:interaction></au>"#,
                components(ids)
            ),
        )
    };
    assert_eq!(folder("cmi5.xml", &cmi5(["a", "b"]), &[], false), (0, vec![]));
    assert_eq!(
        folder("cmi5.xml", &cmi5(["a", "a"]), &[], false).1,
        vec!["C5-CS-06!".to_owned()]
    );
}

#[test]
fn scorm12_values_longer_than_the_schema_allows() {
    let long = "T".repeat(201);
    let m = scorm12("", "").replace("<title>Course</title>", &format!("<title>{long}</title>"));
    assert_eq!(
        folder("imsmanifest.xml", &m, &[], false),
        (0, vec!["S12-CP-12".to_owned()])
    );
    assert_eq!(
        folder("imsmanifest.xml", &m, &[], true),
        (1, vec!["S12-CP-12!".to_owned()])
    );
    let at_limit = scorm12("", "").replace("<title>Course</title>", &format!("<title>{}</title>", "é".repeat(200)));
    assert_eq!(folder("imsmanifest.xml", &at_limit, &[], true), (0, vec![]));
    let version = scorm12("", "").replace(r#"version="1""#, &format!(r#"version="{}""#, "1".repeat(21)));
    assert_eq!(
        folder("imsmanifest.xml", &version, &[], true),
        (1, vec!["S12-CP-12!".to_owned()])
    );
}
