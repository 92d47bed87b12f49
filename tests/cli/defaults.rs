//! `check`, `build` and `preview` without a folder argument work on the current folder.

use crate::preview::{get, scaffold, start};
use crate::support::{run, text};

#[test]
fn check_and_build_default_to_the_current_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = scaffold(tmp.path());
    let o = run(&course, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(&course, &["build", "--out", "../dist"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(tmp.path().join("dist/demo-0.1.0-scorm12.zip").is_file());
}

#[test]
fn preview_defaults_to_the_current_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let course = scaffold(tmp.path());
    let server = start(&course, &[]);
    let r = get(server.port, "/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("cp-data"), "the course page");
}
