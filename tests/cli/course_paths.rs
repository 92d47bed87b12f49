//! What the course folder can make `build` do with paths: versions in file names, links that are
//! broken or lead out of the folder, dot-folders, and media that change while they are packaged.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{run, text};

/// `coursepack new <name>` in `dir`, returning the course folder.
#[track_caller]
fn new_course(dir: &Path, name: &str) -> PathBuf {
    let o = run(dir, &["new", name]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    dir.join(name)
}

/// Replaces the `key = …` line of the course's course.toml.
fn set_course_key(course: &Path, key: &str, line: &str) {
    let path = course.join("course.toml");
    let toml = fs::read_to_string(&path).expect("course.toml");
    let old = toml
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .expect("the key is there");
    fs::write(&path, toml.replace(old, line)).expect("write course.toml");
}

#[test]
fn a_version_that_is_not_semver_like_is_a_course_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    fs::create_dir_all(tmp.path().join("a/b/c/d")).expect("mkdir");
    for version in ["a/../../../../PWNED", "1.0\\\\x", "1:0", "..", "1.0/"] {
        set_course_key(&course, "version", &format!("version = \"{version}\""));
        let o = run(tmp.path(), &["build", "c", "--out", "a/b/c/d/dist"]);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{version}: {stderr}");
        assert!(
            stderr.contains("error[E0105]: version must be SemVer-like") && stderr.contains("course.toml:5:"),
            "{version}: {stderr}"
        );
        assert!(!tmp.path().join("a/b/c/d/dist").exists(), "{version}: nothing written");
        let stray: Vec<_> = fs::read_dir(tmp.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("PWNED"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }
}

#[cfg(unix)]
#[test]
fn broken_links_that_nothing_uses_are_ignored_and_dot_folders_not_entered() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    // what Emacs leaves while a page is open, a virtualenv, an unused stale media link
    symlink(
        "user@host.1234:1700000000",
        course.join("01-getting-started/.#01-welcome.md"),
    )
    .expect("link");
    fs::create_dir_all(course.join(".venv/bin")).expect("mkdir");
    symlink("/nonexistent/python3.12", course.join(".venv/bin/python")).expect("link");
    symlink("gone.png", course.join("media/old.png")).expect("link");
    symlink("nowhere", course.join("notes")).expect("link");
    // a dot-folder is not entered at all, not even to find a loop
    symlink("..", course.join(".venv/up")).expect("link");
    for command in ["check", "build"] {
        let o = run(
            tmp.path(),
            &[command, "c", "--out", "dist"][..if command == "check" { 2 } else { 4 }],
        );
        assert_eq!(o.status.code(), Some(0), "{command}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr), "", "{command}: nothing to say about unused paths");
    }
    assert!(tmp.path().join("dist/c-0.1.0-scorm12.zip").is_file());
}

#[cfg(unix)]
#[test]
fn a_broken_link_the_course_uses_is_a_course_error_with_its_position() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    fs::remove_file(course.join("media/flow.svg")).expect("remove");
    symlink("../../exports/flow.svg", course.join("media/flow.svg")).expect("link");
    symlink("drafts/04-extra.md", course.join("01-getting-started/04-extra.md")).expect("link");
    let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[E0315]: `../media/flow.svg` is a symbolic link to `../../exports/flow.svg`, which does not exist"
        ) && stderr.contains("01-getting-started/01-welcome.md:8:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error[E0316]: `01-getting-started/04-extra.md` is a symbolic link to `drafts/04-extra.md`, which does not exist"
        ),
        "{stderr}"
    );
    assert!(!tmp.path().join("dist").exists(), "nothing written");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_course_folder_is_followed_with_a_warning() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    fs::rename(course.join("media/flow.svg"), elsewhere.join("flow.svg")).expect("move");
    symlink(elsewhere.join("flow.svg"), course.join("media/flow.svg")).expect("link");
    // a link inside the folder is no news
    symlink("flow.svg", course.join("media/same.svg")).expect("link");
    for command in ["check", "build"] {
        let o = run(tmp.path(), &[command, "c"]);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{command}: {stderr}");
        assert!(
            stderr.contains("warning[W0110]: symbolic link `media/flow.svg` leads out of the course folder, to `")
                && stderr.contains("elsewhere/flow.svg`"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("same.svg"), "{command}: {stderr}");
        assert_eq!(stderr.matches("W0110").count(), 1, "{command}: {stderr}");
    }
    let zip = tmp.path().join("dist/c-0.1.0-scorm12.zip");
    let entries = crate::support::zip_entries(&zip);
    assert!(
        entries.iter().any(|(n, _)| n == "media/flow.svg"),
        "the target is packaged"
    );
}

/// A media file that grows while it is packaged (as when a video is still being exported): the
/// build fails naming it and writes no zip. The file grows all the time, so the copy sees it grow.
#[test]
fn a_media_file_that_changes_while_packaged_fails_the_build_naming_it() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = new_course(tmp.path(), "c");
    let page = course.join("01-getting-started/01-welcome.md");
    let mut markdown = fs::read_to_string(&page).expect("page");
    markdown.push_str("\n[The recording](../media/talk.mp4)\n");
    fs::write(&page, markdown).expect("write page");
    let video = course.join("media/talk.mp4");
    fs::write(&video, vec![7u8; 32 << 20]).expect("write video");
    let stop = AtomicBool::new(false);
    let o = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut f = fs::OpenOptions::new().append(true).open(&video).expect("open");
            while !stop.load(Ordering::Relaxed) {
                f.write_all(&[1u8; 4096]).expect("append");
                std::thread::sleep(std::time::Duration::from_micros(300));
            }
        });
        let o = run(tmp.path(), &["build", "c", "--out", "dist"]);
        stop.store(true, Ordering::Relaxed);
        o
    });
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("media/talk.mp4 changed while it was being packaged"),
        "{stderr}"
    );
    let left: Vec<_> = fs::read_dir(tmp.path().join("dist"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "no zip and no temporary file: {left:?}");
}
