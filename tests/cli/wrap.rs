//! `coursepack wrap` on a web folder: a valid manifest listing every file, stable identifiers,
//! byte-identical zips, and clear errors.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::support::{run, text, validate_manifest, zip_entries};

/// A small web folder with subfolders, a binary file and a name that needs escaping.
fn web_folder(dir: &Path) {
    fs::create_dir_all(dir.join("css")).expect("mkdir");
    fs::create_dir_all(dir.join("img")).expect("mkdir");
    fs::create_dir_all(dir.join(".git")).expect("mkdir");
    fs::write(
        dir.join("index.html"),
        "<html><head><title>x</title></head><body>Hi</body></html>",
    )
    .expect("write");
    fs::write(dir.join("css/site.css"), "body { color: black }").expect("write");
    fs::write(dir.join("img/photo 1.png"), [0x89, b'P', b'N', b'G', 0, 1, 2, 3]).expect("write");
    fs::write(dir.join(".git/config"), "secret").expect("write");
}

fn wrap(cwd: &Path, folder: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "wrap",
        folder.to_str().expect("utf-8"),
        "--title",
        "Wrapped site",
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    run(cwd, &args)
}

fn manifest(zip: &Path) -> String {
    let entries = zip_entries(zip);
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == "imsmanifest.xml")
        .expect("has a manifest");
    text(bytes)
}

#[test]
fn wraps_a_folder_with_a_schema_valid_manifest_listing_every_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let out = tmp.path().join("dist");
    let o = wrap(tmp.path(), &site, &out, &["--launch", "index.html"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    let zip = out.join("wrapped-site-scorm12.zip");
    assert!(zip.is_file(), "{}", text(&o.stdout));
    let names: BTreeSet<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    let expected: BTreeSet<String> = ["css/site.css", "img/photo 1.png", "imsmanifest.xml", "index.html"]
        .map(String::from)
        .into();
    assert_eq!(names, expected, "every file, no dot-folders");
    let m = manifest(&zip);
    for href in ["css/site.css", "img/photo%201.png", "index.html"] {
        assert!(m.contains(&format!("<file href=\"{href}\"/>")), "{href} listed:\n{m}");
    }
    assert!(m.contains("adlcp:scormtype=\"sco\" href=\"index.html\""), "{m}");
    let out = validate_manifest(&zip);
    assert!(out.starts_with("VALID scorm12"), "{out}");
}

#[test]
fn identifiers_and_bytes_are_stable_and_follow_the_id() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    for out in [&a, &b] {
        let o = wrap(tmp.path(), &site, out, &["--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(o.stdout.is_empty() && o.stderr.is_empty(), "quiet prints nothing");
    }
    let name = "wrapped-site-scorm12.zip";
    assert_eq!(
        fs::read(a.join(name)).expect("zip a"),
        fs::read(b.join(name)).expect("zip b"),
        "two wraps, same bytes"
    );
    let o = wrap(tmp.path(), &site, &c, &["--id", "https://example.org/courses/site"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let with_id = manifest(&c.join("site-scorm12.zip"));
    let without = manifest(&a.join(name));
    let ident = |m: &str| m.split("identifier=\"MANIFEST-").nth(1).map(|s| s[..16].to_owned());
    assert!(ident(&without).is_some());
    assert_ne!(ident(&with_id), ident(&without), "the id decides the identifiers");
}

#[test]
fn completion_script_is_added_and_listed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let out = tmp.path().join("dist");
    let o = wrap(tmp.path(), &site, &out, &["--completion"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = out.join("wrapped-site-scorm12.zip");
    let entries = zip_entries(&zip);
    let index = entries.iter().find(|(n, _)| n == "index.html").expect("index");
    assert!(text(&index.1).contains("<script src=\"coursepack-completion.js\"></script>\n</head>"));
    assert!(entries.iter().any(|(n, _)| n == "coursepack-completion.js"));
    assert!(manifest(&zip).contains("<file href=\"coursepack-completion.js\"/>"));
    assert!(
        !fs::read_to_string(site.join("index.html"))
            .expect("read")
            .contains("script"),
        "source untouched"
    );
}

#[test]
fn a_missing_launch_page_or_an_existing_manifest_is_an_input_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let out = tmp.path().join("dist");
    let o = wrap(tmp.path(), &site, &out, &["--launch", "start.html"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("start.html"), "{}", text(&o.stderr));
    fs::write(site.join("imsmanifest.xml"), "<manifest/>").expect("write");
    let o = wrap(tmp.path(), &site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("imsmanifest.xml"), "{}", text(&o.stderr));
    assert!(!out.join("wrapped-site-scorm12.zip").exists());
}

fn entry(zip: &Path, name: &str) -> String {
    let entries = zip_entries(zip);
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} in {}", zip.display()));
    text(bytes)
}

#[test]
fn xapi_wrap_lists_every_file_with_a_schema_valid_tincan_xml_that_validates_strictly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let out = tmp.path().join("dist");
    let o = wrap(tmp.path(), &site, &out, &["--target", "xapi"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    let zip = out.join("wrapped-site-xapi.zip");
    let names: BTreeSet<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    let expected: BTreeSet<String> = ["css/site.css", "img/photo 1.png", "index.html", "tincan.xml"]
        .map(String::from)
        .into();
    assert_eq!(
        names, expected,
        "every file, tincan.xml instead of imsmanifest.xml, no dot-folders"
    );
    let t = entry(&zip, "tincan.xml");
    let id = "urn:coursepack:wrap:Wrapped%20site:index.html";
    assert!(
        t.contains(&format!(
            "<activity id=\"{id}\" type=\"http://adlnet.gov/expapi/activities/course\">"
        )),
        "{t}"
    );
    for line in [
        "<name lang=\"und\">Wrapped site</name>",
        "<description lang=\"und\">Wrapped site</description>",
        "<launch lang=\"und\">index.html</launch>",
    ] {
        assert!(t.contains(line), "{line} in\n{t}");
    }
    assert_eq!(t.matches("<activity ").count(), 1, "one activity:\n{t}");
    let schema = validate_manifest(&zip);
    assert!(schema.starts_with("VALID tincan"), "{schema}");
    let v = validate_strict(&zip);
    assert!(v.contains("0 errors, 1 warning\n"), "{v}");
    assert!(
        v.contains("warning[ZIP-03]") && v.contains("`img/photo 1.png`"),
        "only the file name with a space: {v}"
    );
    // the same folder without that name, with the completion script: nothing to report at all
    fs::rename(site.join("img/photo 1.png"), site.join("img/photo-1.png")).expect("rename");
    let clean = tmp.path().join("clean");
    let o = wrap(tmp.path(), &site, &clean, &["--target", "xapi", "--completion"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = validate_strict(&clean.join("wrapped-site-xapi.zip"));
    assert!(v.contains("0 errors, 0 warnings"), "{v}");
}

/// `coursepack validate --strict` on a zip must exit 0; returns its stdout.
#[track_caller]
fn validate_strict(zip: &Path) -> String {
    let dir = zip.parent().expect("zip folder");
    let v = run(dir, &["validate", "--strict", zip.to_str().expect("utf-8")]);
    assert_eq!(v.status.code(), Some(0), "{}{}", text(&v.stdout), text(&v.stderr));
    text(&v.stdout)
}

#[test]
fn xapi_wrap_takes_the_id_lang_and_a_launch_page_in_a_subfolder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    fs::create_dir_all(site.join("start here")).expect("mkdir");
    fs::write(
        site.join("start here/page.html"),
        "<html><head></head><body>x</body></html>",
    )
    .expect("write");
    let out = tmp.path().join("dist");
    let args = [
        "--target",
        "xapi",
        "--id",
        "https://example.org/courses/site",
        "--lang",
        "nl-BE",
        "--launch",
        "start here/page.html",
        "--completion",
    ];
    let o = wrap(tmp.path(), &site, &out, &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let zip = out.join("site-xapi.zip");
    let t = entry(&zip, "tincan.xml");
    assert!(t.contains("<activity id=\"https://example.org/courses/site\""), "{t}");
    assert!(t.contains("<name lang=\"nl-BE\">Wrapped site</name>"), "{t}");
    assert!(
        t.contains("<launch lang=\"nl-BE\">start%20here/page.html</launch>"),
        "{t}"
    );
    let page = entry(&zip, "start here/page.html");
    assert!(
        page.contains("<script src=\"../coursepack-completion-xapi.js\"></script>\n</head>"),
        "{page}"
    );
    let script = entry(&zip, "coursepack-completion-xapi.js");
    assert!(
        script.contains(r#"({"id":"https://example.org/courses/site","definition":{"name":{"nl-BE":"Wrapped site"}"#),
        "the script carries the course activity:\n{script}"
    );
    assert!(!script.contains("/*COURSEPACK_ACTIVITY*/"), "slot filled");
    assert!(script.len() < 8 * 1024, "small: {} bytes", script.len());
    assert!(
        !script.contains("import") && !script.contains("createElement"),
        "loads nothing"
    );
    assert!(validate_manifest(&zip).starts_with("VALID tincan"));
    let v = validate_strict(&zip);
    assert!(v.contains("0 errors"), "{v}");
}

#[test]
fn two_xapi_wraps_give_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = wrap(tmp.path(), &site, out, &["--target", "xapi", "--completion", "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(o.stdout.is_empty() && o.stderr.is_empty(), "quiet prints nothing");
    }
    let name = "wrapped-site-xapi.zip";
    assert_eq!(
        fs::read(a.join(name)).expect("zip a"),
        fs::read(b.join(name)).expect("zip b"),
        "two wraps, same bytes"
    );
}

/// Runs a wrap that must be refused: exit code 1, `needle` in the message, no zip and no output folder.
#[track_caller]
fn refused(site: &Path, extra: &[&str], needle: &str) {
    let out = site.with_file_name("refused-dist");
    let o = wrap(site.parent().expect("parent"), site, &out, extra);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{extra:?}: {}{err}", text(&o.stdout));
    assert!(err.starts_with("error: ") && err.contains(needle), "{extra:?}: {err}");
    assert!(!out.exists(), "{extra:?}: nothing written");
}

#[test]
fn a_folder_that_is_a_package_already_is_refused_for_either_target() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    fs::write(site.join("tincan.xml"), "<tincan/>").expect("write");
    refused(
        &site,
        &["--target", "xapi"],
        "already has tincan.xml at its root: it is a Tin Can (xAPI) package",
    );
    refused(&site, &["--target", "scorm12"], "already has tincan.xml");
    fs::remove_file(site.join("tincan.xml")).expect("rm");
    fs::write(site.join("imsmanifest.xml"), "<manifest/>").expect("write");
    refused(
        &site,
        &["--target", "xapi"],
        "already has imsmanifest.xml at its root: it is a SCORM package",
    );
    fs::remove_file(site.join("imsmanifest.xml")).expect("rm");
    fs::write(site.join("cmi5.xml"), "<courseStructure/>").expect("write");
    refused(&site, &["--target", "xapi"], "cmi5.xml");
}

#[test]
fn xapi_wrap_refuses_a_bad_id_lang_title_or_script_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    refused(&site, &["--target", "xapi", "--id", "my course"], "not an absolute IRI");
    refused(
        &site,
        &["--target", "xapi", "--id", "example.org/c"],
        "not an absolute IRI",
    );
    refused(&site, &["--target", "xapi", "--lang", "english!"], "BCP 47");
    let out = tmp.path().join("untitled");
    let args = ["wrap", "site", "--title", " ", "--target", "xapi", "--out", "untitled"];
    let o = run(tmp.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("--title is empty"), "{}", text(&o.stderr));
    assert!(!out.exists());
    fs::write(site.join("coursepack-completion-xapi.js"), "").expect("write");
    refused(
        &site,
        &["--target", "xapi", "--completion"],
        "already has a file named coursepack-completion-xapi.js",
    );
}

#[test]
fn an_output_folder_inside_the_site_is_left_out_so_a_rerun_gives_the_same_zip() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    // named relative to the working directory, so the exclusion must compare real paths
    let out = Path::new("site/./dist");
    let zip = site.join("dist/wrapped-site-scorm12.zip");
    let o = wrap(tmp.path(), Path::new("site"), out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let first = fs::read(&zip).expect("first zip");
    let o = wrap(tmp.path(), &site, out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let names: Vec<String> = zip_entries(&zip).into_iter().map(|(n, _)| n).collect();
    assert!(!names.iter().any(|n| n.starts_with("dist/")), "{names:?}");
    assert!(
        fs::read(&zip).expect("second zip") == first,
        "the second run packs the same files"
    );
}

/// A cancelled run (Ctrl-C, a CI job stopped with SIGTERM) deletes its `.partial` zip. The media
/// file here is a named pipe that nobody writes to, so the writer waits inside the zip until the
/// signal comes: no timing guesses.
#[cfg(unix)]
#[test]
fn a_signal_while_writing_deletes_the_partial_zip_and_exits_130() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let fifo = site.join("video.mp4");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for signal in ["TERM", "INT"] {
        let out = tmp.path().join(format!("dist-{signal}"));
        let child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
            .args(["wrap", "site", "--title", "Wrapped site", "--quiet", "--out"])
            .arg(&out)
            .current_dir(tmp.path())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the coursepack binary runs");
        // `.wrapped-site-scorm12.zip.XXXXXX.partial`: a unique name per run
        let partial_in = |out: &Path| {
            fs::read_dir(out).ok().and_then(|d| {
                d.flatten().map(|e| e.path()).find(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
                    name.starts_with(".wrapped-site-scorm12.zip.") && name.ends_with(".partial")
                })
            })
        };
        let start = Instant::now();
        let partial = loop {
            if let Some(p) = partial_in(&out) {
                break p;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no partial zip appeared");
            std::thread::sleep(Duration::from_millis(20));
        };
        // the shell's built-in kill: no procps needed
        let sent = Command::new("sh")
            .args(["-c", &format!("kill -{signal} {}", child.id())])
            .status()
            .expect("sh runs");
        assert!(sent.success());
        let output = child.wait_with_output().expect("wait");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(130), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted: the 1 unfinished zip(s) were deleted"),
            "{stderr}"
        );
        assert!(!partial.exists(), "SIG{signal}: the partial zip is deleted");
        assert!(!out.join("wrapped-site-scorm12.zip").exists(), "SIG{signal}: no zip");
    }
}
