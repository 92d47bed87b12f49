//! Performance-related guarantees that are cheap to check: the synthetic course generator makes a
//! valid course, and the fixed runtime files stay small.

use std::io::Write;

use crate::support::{repo, run, text};

#[test]
fn the_small_synthetic_course_is_valid_and_deterministic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let made = coursepack::synth::generate(coursepack::synth::SMALL, &a, 7).expect("generates");
    assert_eq!(made.pages, 50);
    coursepack::synth::generate(coursepack::synth::SMALL, &b, 7).expect("generates");
    let o = run(tmp.path(), &["check", a.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    assert!(!text(&o.stderr).contains("warning"), "{}", text(&o.stderr));
    let files = |d: &std::path::Path| {
        walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("entry"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(d).expect("inside").to_path_buf();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect::<Vec<_>>()
    };
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.len(), made.files);
    assert!(fa == fb, "same seed, same course");
    let images = fa
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "png"))
        .count();
    assert_eq!(images, 20);
    assert!(fa.iter().any(|(p, _)| p.ends_with("SUMMARY.md")));
    let out = tmp.path().join("dist");
    let o = run(
        tmp.path(),
        &[
            "build",
            a.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(o.stderr.is_empty(), "no progress bar when stderr is not a terminal");
}

/// The runtime every package carries (player, adapter, styles) stays under 60 KB compressed.
#[test]
fn fixed_runtime_files_compress_under_60_kb() {
    let mut total = 0;
    for entry in std::fs::read_dir(repo().join("packaging/assets")).expect("assets folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read asset");
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
        enc.write_all(&bytes).expect("deflate");
        total += enc.finish().expect("deflate").len();
    }
    println!("fixed runtime files: {total} bytes deflated");
    assert!(
        total < 60 * 1024,
        "the fixed runtime files take {total} bytes compressed"
    );
}
