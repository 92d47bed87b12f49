//! What `build` and `wrap` do in `--out`: parallel runs, `SHA256SUMS` always true, no link followed,
//! leftovers of killed runs removed, and failures that say what is on disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::support::{run, text};

/// `coursepack new <name>` in `dir`, returning the course folder.
#[track_caller]
fn new_course(dir: &Path, name: &str) -> PathBuf {
    let o = run(dir, &["new", name]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    dir.join(name)
}

/// `SHA256SUMS` of `out` as name → hash.
fn sums(out: &Path) -> BTreeMap<String, String> {
    fs::read_to_string(out.join("SHA256SUMS"))
        .expect("SHA256SUMS")
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(h, n)| (n.to_owned(), h.to_owned())))
        .collect()
}

fn sha256(path: &Path) -> String {
    Sha256::digest(fs::read(path).expect("zip"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every line of `SHA256SUMS` matches its file (checked here and by `sha256sum -c` when installed).
#[track_caller]
fn assert_sums_true(out: &Path) {
    for (name, hash) in sums(out) {
        assert_eq!(sha256(&out.join(&name)), hash, "{name} does not match its line");
    }
    if let Ok(o) = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(out)
        .output()
    {
        assert!(
            o.status.success(),
            "sha256sum -c: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
    }
}

/// Names in `out` that are temporary files.
fn partials(out: &Path) -> Vec<String> {
    fs::read_dir(out)
        .expect("out folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

#[test]
fn parallel_builds_of_different_and_same_courses_keep_every_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let courses: Vec<PathBuf> = (0..9).map(|i| new_course(tmp.path(), &format!("course-{i}"))).collect();
    let out = tmp.path().join("dist");
    // 8 different courses and 8 builds of course-0, all at once
    let jobs: Vec<&PathBuf> = courses[1..].iter().chain(std::iter::repeat_n(&courses[0], 8)).collect();
    let children: Vec<_> = jobs
        .iter()
        .map(|course| {
            Command::new(env!("CARGO_BIN_EXE_coursepack"))
                .arg("build")
                .arg(course)
                .args(["--quiet", "--target", "scorm12,xapi", "--out"])
                .arg(&out)
                .stderr(Stdio::piped())
                .spawn()
                .expect("the coursepack binary runs")
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().expect("wait");
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    let listed = sums(&out);
    for i in 0..9 {
        for target in ["scorm12", "xapi"] {
            let name = format!("course-{i}-0.1.0-{target}.zip");
            assert!(listed.contains_key(&name), "{name} missing from SHA256SUMS: {listed:?}");
        }
    }
    assert_eq!(listed.len(), 18, "{listed:?}");
    assert_sums_true(&out);
    assert_eq!(partials(&out), Vec::<String>::new(), "no temporary file left");
}

#[cfg(unix)]
#[test]
fn links_planted_in_out_are_replaced_never_written_through() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    let out = tmp.path().join("dist");
    fs::create_dir(&out).expect("mkdir");
    let notes = tmp.path().join("notes.txt");
    let victim = tmp.path().join("victim.txt");
    let victim2 = tmp.path().join("victim2.txt");
    for f in [&notes, &victim, &victim2] {
        fs::write(f, "precious\n").expect("write");
    }
    symlink(&notes, out.join("SHA256SUMS")).expect("link");
    symlink(&victim, out.join("c-0.1.0-scorm12.zip")).expect("link");
    // the fixed temporary name of earlier versions, and a dot name like the current ones
    symlink(&victim2, out.join("c-0.1.0-scorm12.zip.partial")).expect("link");
    symlink(&victim2, out.join(".c-0.1.0-scorm12.zip.abcdef.partial")).expect("link");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for f in [&notes, &victim, &victim2] {
        assert_eq!(
            fs::read_to_string(f).expect("target"),
            "precious\n",
            "{} unchanged",
            f.display()
        );
    }
    for name in ["SHA256SUMS", "c-0.1.0-scorm12.zip"] {
        let meta = fs::symlink_metadata(out.join(name)).expect("there");
        assert!(meta.file_type().is_file(), "{name} is now a regular file");
    }
    for name in ["c-0.1.0-scorm12.zip.partial", ".c-0.1.0-scorm12.zip.abcdef.partial"] {
        let meta = fs::symlink_metadata(out.join(name)).expect("left alone");
        assert!(
            meta.file_type().is_symlink(),
            "{name}: a link is not a leftover of ours"
        );
    }
    assert_sums_true(&out);
}

#[test]
fn leftovers_of_a_killed_build_are_removed_but_not_files_another_build_writes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    let out = tmp.path().join("dist");
    fs::create_dir(&out).expect("mkdir");
    let stale = [
        ".c-0.1.0-scorm12.zip.Ab12Cd.partial",
        ".SHA256SUMS.Zz99Yy.partial",
        "c-0.1.0-scorm12.zip.partial",
    ];
    for name in stale {
        fs::write(out.join(name), "half a zip").expect("write");
    }
    // a file that a running build holds locked, as every build holds its temporary files
    let busy = out.join(".other-1.0.0-xapi.zip.Qq77Rr.partial");
    let held = fs::File::create(&busy).expect("create");
    held.lock().expect("lock");
    fs::write(out.join("notes.partial"), "not ours").expect("write");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut left = partials(&out);
    left.sort();
    assert_eq!(left, [".other-1.0.0-xapi.zip.Qq77Rr.partial", "notes.partial"]);
    drop(held);
}

#[test]
fn a_failure_before_the_zips_are_placed_says_nothing_was_replaced_and_leaves_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    let out = tmp.path().join("dist");
    fs::create_dir_all(out.join("SHA256SUMS")).expect("a folder where SHA256SUMS goes");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("SHA256SUMS") && stderr.contains("nothing was replaced"),
        "{stderr}"
    );
    assert!(!out.join("c-0.1.0-scorm12.zip").exists(), "no zip placed");
    assert_eq!(partials(&out), Vec::<String>::new(), "no temporary file left");
}

#[test]
fn wrap_keeps_an_existing_sha256sums_true_and_creates_none() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    fs::create_dir(&site).expect("mkdir");
    fs::write(site.join("index.html"), "<!DOCTYPE html><title>x</title><p>hi</p>").expect("write");
    let wrap = |out: &str| {
        run(
            tmp.path(),
            &["wrap", "site", "--title", "Site", "--quiet", "--out", out],
        )
    };
    let o = wrap("alone");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        !tmp.path().join("alone/SHA256SUMS").exists(),
        "wrap writes no SHA256SUMS of its own"
    );

    new_course(tmp.path(), "c");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // a stale line for the wrapped zip, as an earlier wrap of other files would leave it
    let out = tmp.path().join("dist");
    let mut lines = fs::read_to_string(out.join("SHA256SUMS")).expect("sums");
    lines.push_str(&format!("{}  site-scorm12.zip\n", "0".repeat(64)));
    fs::write(out.join("SHA256SUMS"), lines).expect("write");
    let o = wrap("dist");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let listed = sums(&out);
    assert!(listed.contains_key("site-scorm12.zip") && listed.contains_key("c-0.1.0-scorm12.zip"));
    assert_sums_true(&out);
}

#[test]
fn a_failure_after_a_zip_was_placed_names_it_and_sha256sums_stays_true() {
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    new_course(tmp.path(), "other");
    let out = tmp.path().join("dist");
    for course in ["other", "c"] {
        let o = run(tmp.path(), &["build", course, "--out", "dist"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    // the xapi zip cannot be renamed into place: a folder has its name
    fs::create_dir(out.join("c-0.1.0-xapi.zip")).expect("mkdir");
    let o = run(tmp.path(), &["build", "c", "--target", "scorm12,xapi", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("c-0.1.0-xapi.zip")
            && stderr.contains("; c-0.1.0-scorm12.zip in place but not listed in SHA256SUMS"),
        "the message says the scorm12 zip was replaced: {stderr}"
    );
    let listed = sums(&out);
    assert!(!listed.contains_key("c-0.1.0-scorm12.zip"), "{listed:?}");
    assert!(
        listed.contains_key("other-0.1.0-scorm12.zip"),
        "other lines kept: {listed:?}"
    );
    assert_sums_true(&out);
    assert_eq!(partials(&out), Vec::<String>::new(), "no temporary file left");
}

#[test]
fn a_failure_after_old_lines_were_dropped_says_so() {
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    new_course(tmp.path(), "other");
    let out = tmp.path().join("dist");
    for course in ["other", "c"] {
        let o = run(tmp.path(), &["build", course, "--out", "dist"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    }
    // the listed zip was replaced by a folder of the same name, which no zip can be renamed over
    fs::remove_file(out.join("c-0.1.0-scorm12.zip")).expect("rm");
    fs::create_dir(out.join("c-0.1.0-scorm12.zip")).expect("mkdir");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("; no zip was replaced, but SHA256SUMS no longer lists the old c-0.1.0-scorm12.zip"),
        "{stderr}"
    );
    assert_eq!(sums(&out).keys().collect::<Vec<_>>(), ["other-0.1.0-scorm12.zip"]);
    assert_sums_true(&out);
    assert_eq!(partials(&out), Vec::<String>::new(), "no temporary file left");
}

/// The advisory lock is the folder's own `flock`: a build waits while another process holds it.
#[cfg(unix)]
#[test]
fn a_build_waits_for_the_out_folder_lock() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    let out = tmp.path().join("dist");
    fs::create_dir(&out).expect("mkdir");
    let held = fs::File::open(&out).expect("open the folder");
    held.lock().expect("lock");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("build")
        .arg(&course)
        .args(["--quiet", "--out"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the coursepack binary runs");
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "the build waits for the lock"
    );
    assert!(!out.join("c-0.1.0-scorm12.zip").exists());
    drop(held);
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_sums_true(&out);
}

#[cfg(unix)]
#[test]
fn zips_and_sha256sums_get_the_mode_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    new_course(tmp.path(), "c");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = tmp.path().join("dist");
    let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    fs::write(out.join("plain.txt"), "x").expect("write");
    let plain = mode(&out.join("plain.txt"));
    assert_eq!(
        mode(&out.join("c-0.1.0-scorm12.zip")),
        plain,
        "not a private temporary file's mode"
    );
    assert_eq!(mode(&out.join("SHA256SUMS")), plain);
}
