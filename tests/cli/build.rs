//! Building Module 6: schema-valid manifest, complete file list, reproducible bytes, state budget (also in JSON).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{
    build_module6, copy_module6, per_section_module6, repo, run, text, validate_manifest, zip_entries,
};

fn manifest_of(zip: &std::path::Path) -> String {
    let entries = zip_entries(zip);
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == "imsmanifest.xml")
        .expect("imsmanifest.xml at the root");
    text(bytes)
}

fn attribute_values(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .filter_map(|tail| {
            let tag = &tail[..tail.find('>').unwrap_or(tail.len())];
            let key = format!("{attribute}=\"");
            tag.find(&key)
                .map(|i| tag[i + key.len()..].split('"').next().unwrap_or("").to_owned())
        })
        .collect()
}

#[test]
fn manifest_is_valid_against_the_official_scorm12_schemas() {
    let (_tmp, zip, _) = build_module6();
    let out = validate_manifest(&zip);
    assert!(out.starts_with("VALID scorm12"), "{out}");
}

#[test]
fn every_file_is_listed_and_every_href_exists() {
    let (_tmp, zip, _) = build_module6();
    let manifest = manifest_of(&zip);
    let in_zip: BTreeSet<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    let listed: BTreeSet<String> = attribute_values(&manifest, "file", "href").into_iter().collect();
    for href in attribute_values(&manifest, "resource", "href").iter().chain(&listed) {
        assert!(in_zip.contains(href), "{href} is referenced but not in the zip");
    }
    let unlisted: Vec<_> = in_zip
        .iter()
        .filter(|n| *n != "imsmanifest.xml" && !listed.contains(*n))
        .collect();
    assert!(unlisted.is_empty(), "files not listed in the manifest: {unlisted:?}");
    assert!(
        in_zip.iter().any(|n| n.ends_with("ontwerpsprint.svg")),
        "figures are packaged"
    );
    assert!(
        !in_zip.iter().any(|n| n.ends_with(".xsd")),
        "no third-party schema files inside packages"
    );
}

#[test]
fn manifest_carries_stable_ids_mastery_score_and_metadata() {
    let (_tmp, zip, _) = build_module6();
    let manifest = manifest_of(&zip);
    assert!(manifest.contains("<schema>ADL SCORM</schema>") && manifest.contains("<schemaversion>1.2</schemaversion>"));
    assert!(
        manifest.contains("<adlcp:masteryscore>70</adlcp:masteryscore>"),
        "assessment decides the status"
    );
    assert!(manifest.contains("adlcp:scormtype=\"sco\" href=\"index.html\""));
    for id in attribute_values(&manifest, "item", "identifier")
        .iter()
        .chain(&attribute_values(&manifest, "resource", "identifier"))
    {
        assert!(
            id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{id} is not an NCName"
        );
    }
    let entries = zip_entries(&zip);
    let (_, index) = entries.iter().find(|(n, _)| n == "index.html").expect("index.html");
    assert!(text(index).contains("<html lang=\"nl\""), "lang from the course");
}

#[test]
fn two_builds_give_byte_identical_zips_and_sha256sums() {
    let (a_tmp, a, stdout) = build_module6();
    let (_b_tmp, b, _) = build_module6();
    let (a_bytes, b_bytes) = (fs::read(&a).expect("zip a"), fs::read(&b).expect("zip b"));
    assert!(a_bytes == b_bytes, "builds differ");
    let sums = fs::read_to_string(a_tmp.path().join("SHA256SUMS")).expect("SHA256SUMS");
    let line = sums
        .lines()
        .find(|l| l.ends_with("  module-6-1.0.0-scorm12.zip"))
        .expect("zip listed in SHA256SUMS");
    let hash = line.split("  ").next().expect("hash");
    assert_eq!(hash.len(), 64);
    assert!(stdout.contains(hash), "summary prints the sha256");
    let o = Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(a_tmp.path())
        .output()
        .expect("sha256sum");
    assert!(o.status.success(), "sha256sum -c: {}", text(&o.stdout));
}

#[test]
fn text_is_deflated_and_entries_are_sorted_with_fixed_times() {
    let (_tmp, zip, _) = build_module6();
    let file = fs::File::open(&zip).expect("open");
    let mut archive = zip::ZipArchive::new(file).expect("read");
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("utf-8 name").into_owned();
        names.push(name.clone());
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated, "{name} is text");
        assert_eq!(entry.last_modified().map(|t| t.year()), Some(1980));
        assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644));
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn a_state_that_cannot_fit_suspend_data_fails_the_build() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = tmp.path().join("big");
    fs::create_dir_all(course.join("01-quiz")).expect("mkdir");
    fs::write(
        course.join("course.toml"),
        "id = \"https://example.org/big\"\ntitle = \"Big\"\nlanguage = \"en\"\nversion = \"1\"\n",
    )
    .expect("write");
    fs::write(course.join("01-quiz/section.toml"), "title = \"Quiz\"\n").expect("write");
    let mut quiz = String::from("title = \"Long answers\"\nkind = \"knowledge-check\"\n");
    for i in 0..8 {
        quiz.push_str(&format!("\n[[questions]]\nid = \"q{i}\"\ntype = \"fill-in\"\nprompt = \"Say it\"\nanswers = [\"x\"]\nmax_length = 200\n"));
    }
    fs::write(course.join("01-quiz/01-long.quiz.toml"), quiz).expect("write");
    let o = run(tmp.path(), &["build", "big", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("error[E0501]") && stderr.contains("4096"), "{stderr}");
    assert!(
        stderr.contains("lower `max_length`"),
        "the course has fill-ins: {stderr}"
    );
    assert!(!tmp.path().join("dist").exists());
}

#[test]
fn module6_checks_clean() {
    let o = run(&repo(), &["check", "course-src/module-6"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "", "Module 6 has no warnings");
}

#[test]
fn per_section_layout_gives_one_sco_per_section_and_a_valid_manifest() {
    let tmp = tempfile::tempdir().expect("temp dir");
    per_section_module6(tmp.path());
    let o = run(tmp.path(), &["build", "m6", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = tmp.path().join("dist/module-6-1.0.0-scorm12.zip");
    let manifest = manifest_of(&zip);
    let launches = attribute_values(&manifest, "resource", "href");
    assert_eq!(launches.len(), 4, "{launches:?}");
    assert!(launches.iter().all(|h| h.starts_with("sco-") && h.ends_with(".html")));
    let scored: Vec<_> = manifest.match_indices("<adlcp:masteryscore>").collect();
    assert_eq!(
        scored.len(),
        1,
        "only the SCO with the assessment declares a mastery score"
    );
    let out = validate_manifest(&zip);
    assert!(out.starts_with("VALID scorm12"), "{out}");
}

#[test]
fn json_output_names_each_package_with_its_sha256() {
    use sha2::{Digest, Sha256};
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = repo().join("course-src/module-6");
    let o = run(
        tmp.path(),
        &[
            "build",
            course.to_str().expect("utf-8"),
            "--out",
            "dist",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
    let packages = doc["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), 1);
    let p = &packages[0];
    assert_eq!(p["target"], "scorm12");
    let zip = tmp.path().join(p["path"].as_str().expect("path"));
    let bytes = fs::read(&zip).expect("the named zip exists");
    assert_eq!(p["bytes"], bytes.len());
    assert_eq!(p["sha256"], format!("{:x}", Sha256::digest(&bytes)));
    let state = doc["state"].as_array().expect("state");
    assert_eq!(state.len(), 1, "one SCO: {state:?}");
    let worst = state[0]["suspend_data_worst_case"].as_u64().expect("a number");
    assert!(worst > 0 && worst < 4096, "Module 6 fits cmi.suspend_data: {worst}");
}

#[test]
fn json_output_of_a_broken_course_lists_errors_and_no_packages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = repo().join("tests/fixtures/errors/several-errors");
    let o = run(
        tmp.path(),
        &[
            "build",
            course.to_str().expect("utf-8"),
            "--out",
            "dist",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!(doc["packages"], serde_json::json!([]));
    let errors = doc["diagnostics"].as_array().expect("diagnostics");
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(errors.iter().all(|d| d["file"].is_string() && d["line"].is_u64()));
    assert!(!tmp.path().join("dist").exists(), "nothing written");
}

/// Shared media are often linked into a course: links are followed (the package holds the file's
/// bytes, the same zip as with a copy), and a link that leads back up stops the build with its path.
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_and_a_loop_is_named() {
    use std::os::unix::fs::symlink;
    let (_keep, zip, _) = build_module6();
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = copy_module6(tmp.path());
    let shared = tmp.path().join("shared-media");
    fs::rename(course.join("media"), &shared).expect("move media out");
    symlink(&shared, course.join("media")).expect("link the media folder");
    let o = run(tmp.path(), &["build", "m6", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let built = tmp.path().join("dist").join(zip.file_name().expect("zip name"));
    assert!(
        fs::read(&built).expect("zip") == fs::read(&zip).expect("zip"),
        "same bytes as the real folder"
    );

    symlink("..", shared.join("up")).expect("link back up");
    let o = run(tmp.path(), &["build", "m6", "--out", "dist2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("m6/media/up") && stderr.contains("leads back"),
        "{stderr}"
    );
    assert!(!tmp.path().join("dist2").exists(), "nothing written");
}

#[test]
fn later_pages_are_fragments_listed_in_the_manifest_and_validate_accepts_them() {
    let (tmp, zip, _) = build_module6();
    let entries = zip_entries(&zip);
    let fragments: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("pages/") && n.ends_with(".js"))
        .collect();
    assert!(
        fragments.len() >= 10,
        "one fragment per later page: {}",
        fragments.len()
    );
    let manifest = manifest_of(&zip);
    let listed = attribute_values(&manifest, "file", "href");
    let (_, launch) = entries.iter().find(|(n, _)| n == "index.html").expect("index.html");
    let launch = text(launch);
    for (name, bytes) in &fragments {
        assert!(listed.contains(name), "{name} is a <file> of the SCO");
        let script = text(bytes);
        assert!(script.starts_with("window.CoursepackPage("), "{name}: {script:.60}");
        let id = &name["pages/".len()..name.len() - ".js".len()];
        assert!(
            !launch.contains(&format!("id=\"h-{id}\"")),
            "{id}'s heading is only in its fragment"
        );
        assert!(
            !launch.contains(&format!("id=\"p-{id}\"")),
            "the player makes {id}'s section, not the launch page"
        );
    }
    let o = run(tmp.path(), &["validate", zip.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(text(&o.stdout).contains("0 errors, 0 warnings"), "{}", text(&o.stdout));
}

/// A course of one assessment with seven fill-ins of `max_length = 180`, and `extra` quiz keys.
fn attempts_course(dir: &Path, extra: &str) {
    let course = dir.join("att");
    fs::create_dir_all(course.join("01-toets")).expect("mkdir");
    fs::write(
        course.join("course.toml"),
        "id = \"https://example.org/att\"\ntitle = \"Attempts\"\nlanguage = \"en\"\nversion = \"1\"\n",
    )
    .expect("write");
    fs::write(course.join("01-toets/section.toml"), "title = \"Test\"\n").expect("write");
    let mut quiz = format!("title = \"Final\"\nkind = \"assessment\"\n{extra}\n");
    for i in 0..7 {
        quiz.push_str(&format!("\n[[questions]]\nid = \"q{i}\"\ntype = \"fill-in\"\nprompt = \"Say it\"\nanswers = [\"x\"]\nmax_length = 180\n"));
    }
    fs::write(course.join("01-toets/01-final.quiz.toml"), quiz).expect("write");
}

/// `build --format json` in `dir` on `att`: the exit code and the `state` entries.
fn json_state(dir: &Path) -> (Option<i32>, serde_json::Value) {
    let o = run(dir, &["build", "att", "--out", "dist", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    (o.status.code(), doc["state"].clone())
}

#[test]
fn json_output_prints_the_worst_case_suspend_data_per_sco_with_attempt_records() {
    let unlimited = tempfile::tempdir().expect("temp dir");
    attempts_course(unlimited.path(), "");
    let (code, state) = json_state(unlimited.path());
    assert_eq!(code, Some(0));
    assert_eq!(state[0]["sco"], "course", "a single SCO: {state}");
    assert_eq!(state[0]["suspend_data_limit"], 4096);
    let base = state[0]["suspend_data_worst_case"].as_u64().expect("a number");
    let limited = tempfile::tempdir().expect("temp dir");
    attempts_course(limited.path(), "max_attempts = 10");
    let (code, state) = json_state(limited.path());
    assert_eq!(code, Some(0));
    // ten kept records instead of the best and the last: 8 × 3 characters more
    assert_eq!(state[0]["suspend_data_worst_case"].as_u64(), Some(base + 24), "{state}");
}

#[test]
fn attempt_records_that_overflow_suspend_data_fail_the_build_and_say_what_to_lower() {
    let tmp = tempfile::tempdir().expect("temp dir");
    attempts_course(tmp.path(), "max_attempts = 99");
    let (code, state) = json_state(tmp.path());
    assert_eq!(code, Some(1));
    let worst = state[0]["suspend_data_worst_case"].as_u64().expect("a number");
    assert!(worst > 4096, "{state}");
    let o = run(tmp.path(), &["build", "att", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("error[E0501]") && stderr.contains(&format!("{worst} characters")),
        "{stderr}"
    );
    assert!(stderr.contains("lower `max_attempts`"), "{stderr}");
    assert!(!tmp.path().join("dist").exists());
}
