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
