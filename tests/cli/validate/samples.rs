//! The 49 real third-party samples of `../shared/samples`, read in place: each verdict must agree
//! with column 3 of EXPECTED.tsv (`ok`: exit 0, no warning; `warn`: exit 0 and a warning;
//! `reject`: exit 1).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::{codes, validate_json, zip_bytes};
use crate::support::shared;

/// Samples whose listing is not the package (see the samples' README, "Caveats"): Captivate's
/// repository lacks most files, CATAPULT `lts-*` folders are sources completed by a build, ADL
/// CTS packages get their SCOs from SCODepot. Listings of only the manifest are manifest-only
/// fixtures or bare XML files. These are validated as bare manifests.
fn listing_is_complete(name: &str, files: &[(String, String)], manifests: &[String]) -> bool {
    let partial = [
        "scorm12-captivate-classic",
        "cmi5-catapult-lts-",
        "scorm2004-4th-adl-cts-",
    ];
    let manifest_only = files.len() == 1 && manifests.iter().any(|m| m.ends_with(&files[0].1));
    !partial.iter().any(|p| name.starts_with(p)) && !manifest_only && name != "scorm2004-4th-cts-broken-default-org"
}

/// Expected disagreements, each with the reason (kept honest: the test fails if one starts to agree).
const KNOWN: &[(&str, &str)] = &[(
    "scorm12-scorm-debugger-complex",
    "its organizations/@default names no organization: EXPECTED.tsv says warn because Moodle falls back to the \
     only organization, but both SCORM schemas type `default` as an IDREF and an LMS that honours it cannot pick \
     the default, so SCORM 1.2 rejects it as SCORM 2004 does (issue 10, item 26)",
)];

#[test]
fn verdicts_on_the_49_samples_agree_with_expected() {
    let root = shared().join("samples");
    let expected = fs::read_to_string(root.join("EXPECTED.tsv")).expect("EXPECTED.tsv reads");
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut results = BTreeMap::new();
    for line in expected.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, want) = (cols[0], cols[2]);
        let target = target_for(&root.join(name), name, tmp.path());
        let (code, json) = validate_json(&[&target]);
        let warnings = json["summary"]["warnings"].as_u64().unwrap_or(0);
        let got = match (code, warnings) {
            (1, _) => "reject",
            (0, 0) => "ok",
            (0, _) => "warn",
            _ => "failed",
        };
        results.insert(name.to_owned(), (want.to_owned(), got, codes(&json)));
    }
    assert_eq!(results.len(), 49, "EXPECTED.tsv lists 49 samples");
    let mut report = String::new();
    let mut agree = 0;
    for (name, (want, got, codes)) in &results {
        let known = KNOWN.iter().find(|(k, _)| k == name);
        if want == got {
            agree += 1;
            assert!(known.is_none(), "{name} agrees now: remove it from KNOWN");
        } else if known.is_none() {
            report.push_str(&format!("{name}: expected {want}, got {got} {codes:?}\n"));
        }
    }
    eprintln!("samples: {agree} of {} agree with EXPECTED.tsv", results.len());
    assert!(report.is_empty(), "verdicts differ:\n{report}");
    assert_eq!(agree, results.len() - KNOWN.len());
}

fn target_for(dir: &Path, name: &str, tmp: &Path) -> String {
    let listing = fs::read_to_string(dir.join("FILES.txt")).expect("FILES.txt reads");
    let files: Vec<(String, String)> = listing
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(size, path)| (size.to_owned(), path.to_owned()))
        .collect();
    let mut manifests: Vec<String> = fs::read_dir(dir)
        .expect("sample folder lists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "FILES.txt" && n != "SOURCE.txt")
        .collect();
    manifests.sort();
    if !listing_is_complete(name, &files, &manifests) {
        let manifest = manifests.first().expect("a stored manifest");
        return dir.join(manifest).to_str().expect("utf-8 path").to_owned();
    }
    rebuild(dir, name, &files, &manifests, tmp)
}

/// The package rebuilt from FILES.txt: stored manifests byte for byte (a nested one under its
/// listed path), every other file a small placeholder.
fn rebuild(dir: &Path, name: &str, files: &[(String, String)], manifests: &[String], tmp: &Path) -> String {
    let contents: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(_, path)| {
            let base = path.rsplit('/').next().unwrap_or(path);
            let stored = manifests.iter().find(|m| *m == base || **m == format!("nested-{base}"));
            let bytes = match stored {
                Some(m) => fs::read(dir.join(m)).expect("manifest reads"),
                None => b"placeholder".to_vec(),
            };
            (path.clone(), bytes)
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = contents.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let zip = tmp.join(format!("{name}.zip"));
    fs::write(&zip, zip_bytes(&entries)).expect("zip writes");
    zip.to_str().expect("utf-8 path").to_owned()
}

/// The same package gives the same report, byte for byte: the "N more paths break" summaries of
/// several rules once came out in hash order. The sample's folder, validated as it is (a manifest
/// without its files), has two: ZIP-02 and S12-CP-09.
#[test]
fn reports_are_deterministic_when_several_rules_overflow() {
    let folder = shared().join("samples/scorm12-exelearning-sustainable-estepona");
    let target = folder.to_string_lossy().into_owned();
    let (_, first) = validate_json(&[&target]);
    let overflow: Vec<&str> = first["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["message"].as_str().is_some_and(|m| m.contains(" more paths break ")))
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(overflow, ["S12-CP-09", "ZIP-02"], "one summary per rule, in code order");
    for _ in 0..6 {
        let again = validate_json(&[&target]).1;
        assert!(again == first, "a second run reported something else");
    }
}
