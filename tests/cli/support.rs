//! Helpers: run the binary, locate fixtures and shared standards, read zips.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the checkout (third-party standards, read in place).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

/// Runs `coursepack` with `args` in `cwd`.
#[track_caller]
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the coursepack binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Builds Module 6 into a fresh folder and returns (temp dir, zip path, stdout).
#[track_caller]
pub fn build_module6() -> (tempfile::TempDir, PathBuf, String) {
    build_module6_for("scorm12")
}

/// Builds Module 6 for one target into a fresh folder and returns (temp dir, zip path, stdout).
#[track_caller]
pub fn build_module6_for(target: &str) -> (tempfile::TempDir, PathBuf, String) {
    let out = tempfile::tempdir().expect("temp dir");
    let course = repo().join("course-src/module-6");
    let o = run(
        &repo(),
        &[
            "build",
            course.to_str().expect("utf-8 path"),
            "--out",
            out.path().to_str().expect("utf-8 path"),
            "--target",
            target,
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "build failed:\n{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    let zip = out.path().join(format!("module-6-1.0.0-{target}.zip"));
    assert!(zip.is_file(), "expected {}", zip.display());
    (out, zip, text(&o.stdout))
}

/// Every entry name and the bytes of the named entries.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).expect("zip opens");
    let mut archive = zip::ZipArchive::new(file).expect("zip reads");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry reads");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("entry inflates");
            (entry.name().expect("utf-8 name").into_owned(), bytes)
        })
        .collect()
}

/// Runs `../shared/standards/validate-manifest.sh` on a zip and returns its stdout; the script must succeed.
#[track_caller]
pub fn validate_manifest(zip: &Path) -> String {
    let o = Command::new("bash")
        .arg(shared().join("standards/validate-manifest.sh"))
        .arg(zip)
        .output()
        .expect("bash runs validate-manifest.sh (needs xmllint and unzip)");
    let out = text(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "validate-manifest.sh: {out}{}",
        text(&o.stderr)
    );
    out
}

/// A copy of Module 6 at `dir/m6`, to change in a test.
#[track_caller]
pub fn copy_module6(dir: &Path) -> PathBuf {
    let course = dir.join("m6");
    let o = Command::new("cp")
        .arg("-r")
        .arg(repo().join("course-src/module-6"))
        .arg(&course)
        .output()
        .expect("cp");
    assert!(o.status.success(), "cp: {}", text(&o.stderr));
    course
}

/// A copy of Module 6 in `dir/m6` with `sco_layout = "per-section"`.
#[track_caller]
pub fn per_section_module6(dir: &Path) -> PathBuf {
    let course = copy_module6(dir);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("course.toml");
    let layout = toml.replace("sco_layout = \"single\"", "sco_layout = \"per-section\"");
    assert_ne!(layout, toml, "Module 6 names its sco_layout");
    std::fs::write(course.join("course.toml"), layout).expect("write course.toml");
    for entry in walkdir::WalkDir::new(&course) {
        let path = entry.expect("walk").into_path();
        if path.extension().is_some_and(|e| e == "md") {
            let page = std::fs::read_to_string(&path).expect("page");
            std::fs::write(&path, unlink_other_sections(&page)).expect("write page");
        }
    }
    course
}

/// `page` with its links to other section folders (`[text](../NN-…)`) turned into their text:
/// one SCO cannot link into another, so a per-section course names such pages instead.
fn unlink_other_sections(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(at) = rest.find("](../") {
        let (Some(open), Some(close)) = (rest[..at].rfind('['), rest[at..].find(')')) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..at]);
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The `#cp-data` JSON of the launch page `index.html` in `zip`.
#[track_caller]
pub fn cp_data(zip: &Path) -> serde_json::Value {
    let entries = zip_entries(zip);
    let (_, html) = entries
        .iter()
        .find(|(n, _)| n == "index.html")
        .expect("index.html in the zip");
    let html = text(html);
    let start = html.find(r#"id="cp-data">"#).expect("#cp-data") + r#"id="cp-data">"#.len();
    let json = &html[start..start + html[start..].find("</script>").expect("end of #cp-data")];
    serde_json::from_str(json).expect("#cp-data is JSON")
}

/// Builds the course in `course` for `target` into `out` with `--format json`; asserts exit 0, returns the report.
#[track_caller]
pub fn build_json(course: &Path, target: &str, out: &Path) -> serde_json::Value {
    let out = out.to_str().expect("utf-8 path");
    let o = run(
        course,
        &["build", ".", "--target", target, "--out", out, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("build --format json prints JSON")
}
