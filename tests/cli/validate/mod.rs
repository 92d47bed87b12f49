//! `coursepack validate`: the 49 third-party samples, hostile archives, rule families, output.

mod cli;
// shared with the benchmark's generator (tests/hostile/gen.rs), which uses every case at full size
#[allow(dead_code)]
#[path = "../../hostile/corpus.rs"]
mod corpus;
mod hostile;
mod limits;
mod rules;
mod samples;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use zip::write::SimpleFileOptions;

use crate::support::{repo, run, text};

/// Runs `coursepack validate ARGS --format json` and returns (exit code, parsed output).
#[track_caller]
pub fn validate_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&repo(), &all);
    let json = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}):\n{}{}", text(&o.stdout), text(&o.stderr)));
    (o.status.code().unwrap_or(-1), json)
}

/// The codes of all findings, with `!` appended to errors.
pub fn codes(json: &Value) -> Vec<String> {
    let mut codes: Vec<String> = json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    let bang = if f["severity"] == "error" { "!" } else { "" };
                    format!("{}{bang}", f["code"].as_str().unwrap_or("?"))
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    codes.dedup();
    codes
}

/// Zip bytes with these (name, content) entries, deflated.
pub fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer
            .start_file(*name, SimpleFileOptions::default())
            .expect("entry starts");
        writer.write_all(bytes).expect("entry writes");
    }
    writer.finish().expect("zip finishes").into_inner()
}

/// Writes `bytes` as `name` in `dir` and returns the path as a string.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&path, bytes).expect("file writes");
    path.to_str().expect("utf-8 path").to_owned()
}

/// A small valid SCORM 1.2 manifest launching `index.html`; `item` and `resource` extras are
/// spliced in so tests can break one thing at a time.
pub fn scorm12(item_extra: &str, resource_extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m1" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>Course</title>
      <item identifier="item1" identifierref="res1">
        <title>Lesson</title>{item_extra}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>{resource_extra}
    </resource>
  </resources>
</manifest>
"#
    )
}
