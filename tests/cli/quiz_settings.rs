//! The quiz keys `reveal` and `feedback` reach the player: `#cp-data` carries them, with the defaults per kind,
//! and every package ships `assets/review.js` (results screen and answer marks) before `player.js`.

use std::path::{Path, PathBuf};

use crate::support::{cp_data, repo, run, text, zip_entries};

/// Builds a browser fixture course for SCORM 1.2 and returns the zip's path.
fn build_fixture(name: &str, out: &Path) -> PathBuf {
    let course = repo().join("tests/browser/fixtures/courses").join(name);
    let o = run(
        &repo(),
        &[
            "build",
            course.to_str().expect("utf-8 path"),
            "--out",
            out.to_str().expect("utf-8 path"),
            "--target",
            "scorm12",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "build failed:\n{}", text(&o.stderr));
    out.join(format!("{name}-1.0.0-scorm12.zip"))
}

/// `(id, reveal, feedbackMode)` of every quiz in the launch page's `#cp-data`.
fn quiz_settings(zip: &Path) -> Vec<(String, String, String)> {
    let data = cp_data(zip);
    data["quizzes"]
        .as_array()
        .expect("quizzes")
        .iter()
        .map(|q| {
            let s = |k: &str| q[k].as_str().unwrap_or("(missing)").to_owned();
            (s("id"), s("reveal"), s("feedbackMode"))
        })
        .collect()
}

#[test]
fn written_settings_and_defaults_reach_the_player() {
    let out = tempfile::tempdir().expect("temp dir");
    let own = |id: &str, reveal: &str, mode: &str| (id.to_owned(), reveal.to_owned(), mode.to_owned());
    let en = build_fixture("review-en", out.path());
    assert_eq!(quiz_settings(&en), [own("check", "never", "per-question")]);
    let nl = build_fixture("review-nl", out.path());
    assert_eq!(
        quiz_settings(&nl),
        [
            own("kennischeck", "always", "per-quiz"),
            own("eindtoets", "after-pass", "per-quiz")
        ],
        "defaults: knowledge checks reveal, assessments only after a pass"
    );
}

#[test]
fn packages_load_review_js_before_the_player() {
    let out = tempfile::tempdir().expect("temp dir");
    let entries = zip_entries(&build_fixture("review-en", out.path()));
    assert!(entries.iter().any(|(n, _)| n == "assets/review.js"));
    let (_, html) = entries.iter().find(|(n, _)| n == "index.html").expect("index.html");
    let html = text(html);
    let review = html.find(r#"src="assets/review.js""#).expect("review.js is loaded");
    let player = html.find(r#"src="assets/player.js""#).expect("player.js is loaded");
    assert!(review < player, "review.js defines what player.js uses");
}
