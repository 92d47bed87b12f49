//! `wrap` on awkward folders (issue 10, items 5 and 17–20): launch pages a text search would break, titles that
//! collide or are too long, special files, and names `validate` rejects.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{run, text, zip_entries};
use crate::wrap::{PHOTO_WARNING, entry, web_folder, wrap};

/// The launch page's bytes in the zip after `wrap --completion` of a folder holding only `page`.
#[track_caller]
fn wrapped_page(page: &[u8]) -> Vec<u8> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).expect("mkdir");
    fs::write(site.join("index.html"), page).expect("write");
    let out = tmp.path().join("dist");
    let o = wrap(tmp.path(), &site, &out, &["--completion"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let entries = zip_entries(&out.join("wrapped-site-scorm12.zip"));
    entries
        .into_iter()
        .find(|(n, _)| n == "index.html")
        .expect("index.html")
        .1
}

const TAG: &str = "<script src=\"coursepack-completion.js\"></script>\n";

#[test]
fn the_completion_script_goes_into_the_head_of_any_page() {
    // valid HTML5 without </head>: inside <head>, after the doctype (no quirks mode)
    let html5 = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>t</title><p>hi";
    assert_eq!(
        text(&wrapped_page(html5.as_bytes())),
        html5.replace("<head>", &format!("<head>{TAG}"))
    );
    // no <head> at all: still after the doctype
    let bare = "<!DOCTYPE html>\n<p>hi</p>";
    assert_eq!(
        text(&wrapped_page(bare.as_bytes())),
        format!("<!DOCTYPE html>\n{TAG}<p>hi</p>")
    );
    // "</head>" inside a script string is JavaScript, not the end of the head
    let script = "<html><head><script>var s = \"</head>\";</script></head><body></body></html>";
    assert_eq!(
        text(&wrapped_page(script.as_bytes())),
        script.replace("</script></head>", &format!("</script>{TAG}</head>"))
    );
    // a windows-1252 page keeps every byte
    let latin: &[u8] =
        b"<html><head><meta charset=windows-1252><title>Caf\xe9</title></head><body>\x93\xe9\x94</body></html>";
    let mut expected = latin.to_vec();
    let at = expected.windows(7).position(|w| w == b"</head>").expect("head end");
    expected.splice(at..at, TAG.bytes());
    assert_eq!(wrapped_page(latin), expected);
}

#[test]
fn titles_in_any_script_get_their_own_zip_and_another_package_is_never_replaced() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let out = tmp.path().join("dist");
    let titled = |title: &str| {
        let args = ["wrap", "site", "--title", title, "--out", "dist", "--quiet"];
        run(tmp.path(), &args)
    };
    for title in ["Курс первый", "Курс второй"] {
        let o = titled(title);
        assert_eq!(o.status.code(), Some(0), "{title}: {}", text(&o.stderr));
    }
    let first = out.join("kurs-pervyi-scorm12.zip");
    assert!(first.is_file() && out.join("kurs-vtoroi-scorm12.zip").is_file());
    let before = fs::read(&first).expect("zip");
    // the same title again replaces its own zip; another title with the same file name is refused
    assert_eq!(titled("Курс первый").status.code(), Some(0));
    let o = titled("Kurs pervyi");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kurs-pervyi-scorm12.zip already exists and holds another package"),
        "{err}"
    );
    assert_eq!(
        fs::read(&first).expect("zip"),
        before,
        "the first course's zip is untouched"
    );
    // long titles and ids make short names
    let o = titled(&"Щ".repeat(200));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let id = format!("https://example.org/{}", "x".repeat(300));
    let o = run(
        tmp.path(),
        &["wrap", "site", "--title", "T", "--id", &id, "--out", "dist", "--quiet"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let names: Vec<String> = fs::read_dir(&out)
        .expect("dist")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 80 + "-scorm12.zip".len()), "{names:?}");
}

#[test]
fn a_title_longer_than_the_scorm12_schema_allows_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let o = run(
        tmp.path(),
        &["wrap", "site", "--title", &"T".repeat(201), "--out", "dist"],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--title has 201 characters; at most 200 fit"), "{err}");
    assert!(!tmp.path().join("dist").exists());
    let o = run(
        tmp.path(),
        &["wrap", "site", "--title", &"é".repeat(200), "--out", "dist", "--quiet"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// Runs `wrap` and kills it if it has not finished in 30 s (a FIFO or /dev/zero once hung it).
#[track_caller]
fn wrap_within_30s(cwd: &Path) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(["wrap", "site", "--title", "Wrapped site", "--out", "dist", "--quiet"])
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the coursepack binary runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("wrap hung on a special file");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_left_out_with_a_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    let made = Command::new("mkfifo")
        .arg(site.join("live.mp4"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", site.join("zeros.bin")).expect("symlink");
    let o = wrap_within_30s(tmp.path());
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for name in ["live.mp4", "zeros.bin"] {
        assert!(
            err.contains(&format!(
                "warning: `{name}` is not a regular file (a pipe, socket or device); it was left out"
            )),
            "{err}"
        );
    }
    let names: Vec<String> = zip_entries(&tmp.path().join("dist/wrapped-site-scorm12.zip"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        ["css/site.css", "img/photo 1.png", "imsmanifest.xml", "index.html"]
    );
}

#[cfg(unix)]
#[test]
fn names_validate_rejects_are_refused_and_what_it_warns_about_is_a_warning() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    web_folder(&site);
    fs::write(site.join("back\\slash.html"), "x").expect("write");
    let o = run(
        tmp.path(),
        &["wrap", "site", "--title", "Wrapped site", "--out", "dist"],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the package would break `coursepack validate`, so nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("error[ZIP-02]: unsafe entry paths (1): `back\\slash.html` (uses a backslash)"),
        "{err}"
    );
    assert!(!tmp.path().join("dist").exists(), "nothing written");

    fs::remove_file(site.join("back\\slash.html")).expect("rm");
    fs::write(site.join("CON.html"), "x").expect("write");
    fs::write(site.join("Index.html"), "x").expect("write");
    let o = run(
        tmp.path(),
        &["wrap", "site", "--title", "Wrapped site", "--out", "dist", "--quiet"],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains(PHOTO_WARNING), "{err}");
    assert!(
        err.contains("warning[ZIP-03]: names that differ only in case (1): `Index.html` and `index.html`"),
        "{err}"
    );
    assert!(err.contains("warning[ZIP-03]: names Windows cannot create"), "{err}");
    assert!(err.contains("`CON.html`"), "{err}");
    let zip = tmp.path().join("dist/wrapped-site-scorm12.zip");
    let v = run(tmp.path(), &["validate", zip.to_str().expect("utf-8")]);
    assert_eq!(v.status.code(), Some(0), "validate agrees: {}", text(&v.stdout));
    assert!(entry(&zip, "imsmanifest.xml").contains("CON.html"));
}
