//! The format reference travels with the binary: `coursepack help format` prints it, `--help` points there.

use std::fs;

use crate::support::{repo, run, text};

#[test]
fn help_format_prints_the_built_in_reference() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["help", "format"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("# The coursepack source format"), "{out}");
    assert!(out.contains("## `course.toml`"), "a known heading of the reference");
    let reference = fs::read_to_string(repo().join("course-src/README.md")).expect("reference");
    assert_eq!(out.trim_end(), reference.trim_end(), "the whole reference, as built in");
}

#[test]
fn help_points_to_help_format_and_still_explains_commands() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.contains("coursepack help format"), "{out}");
    assert!(
        !out.contains("course-src/README.md"),
        "an installed binary has no course-src/: {out}"
    );

    let o = run(tmp.path(), &["help", "build"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("--target"), "help <command> still works");
    let o = run(tmp.path(), &["help", "nonsense"]);
    assert_eq!(o.status.code(), Some(2), "an unknown topic is a usage error");
    assert!(
        text(&o.stderr).contains("format"),
        "it lists the topics: {}",
        text(&o.stderr)
    );
}

#[test]
fn the_scaffold_and_toml_errors_point_to_help_format() {
    let tmp = tempfile::tempdir().expect("temp dir");
    assert_eq!(run(tmp.path(), &["new", "demo"]).status.code(), Some(0));
    let toml = fs::read_to_string(tmp.path().join("demo/course.toml")).expect("course.toml");
    assert!(toml.contains("coursepack help format"), "{toml}");
    fs::write(tmp.path().join("demo/course.toml"), format!("{toml}\n[broken\n")).expect("break");
    let o = run(tmp.path(), &["check", "demo"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("`coursepack help format` lists the keys"), "{stderr}");
    assert!(!stderr.contains("course-src/README.md"), "{stderr}");
}
