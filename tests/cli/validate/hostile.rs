//! A hostile-archive corpus made at test time: each input gets its own finding, never a panic
//! or a hang, and each is validated in well under a second.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;

use super::{codes, put, scorm12, validate_json, zip_bytes};

/// Validates `bytes` written as `name` and checks the code, the exit code and the time taken.
#[track_caller]
pub(super) fn rejected_with(name: &str, bytes: &[u8], code: &str) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = put(tmp.path(), name, bytes);
    let start = Instant::now();
    let (exit, json) = validate_json(&[&path]);
    let took = start.elapsed();
    let found = codes(&json);
    assert_eq!(exit, 1, "{name}: exit code, findings {found:?}");
    assert!(
        found.contains(&format!("{code}!")),
        "{name}: expected {code} as an error, got {found:?}"
    );
    assert!(took < Duration::from_secs(3), "{name}: took {took:?}");
}

fn manifest_zip(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let manifest = scorm12("", "");
    let mut entries: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", manifest.as_bytes()), ("index.html", b"<p>hi</p>")];
    entries.extend_from_slice(extra);
    zip_bytes(&entries)
}

/// Writes `value` at `offset` after every occurrence of `signature` (zip header patching).
fn patch_headers(bytes: &mut [u8], signature: &[u8], offset: usize, value: &[u8]) {
    let mut i = 0;
    while i + signature.len() <= bytes.len() {
        if &bytes[i..i + signature.len()] == signature {
            bytes[i + offset..i + offset + value.len()].copy_from_slice(value);
        }
        i += 1;
    }
}

#[test]
fn zip_slip_is_rejected() {
    rejected_with("slip.zip", &manifest_zip(&[("../../evil.sh", b"rm -rf /")]), "ZIP-02");
}

#[test]
fn absolute_paths_are_rejected() {
    rejected_with("absolute.zip", &manifest_zip(&[("/etc/cron.d/evil", b"x")]), "ZIP-02");
}

#[test]
fn symlinks_are_rejected() {
    let manifest = scorm12("", "");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    writer.start_file("imsmanifest.xml", options).expect("start");
    writer.write_all(manifest.as_bytes()).expect("write");
    writer.start_file("index.html", options).expect("start");
    writer.write_all(b"<p>hi</p>").expect("write");
    writer.add_symlink("passwd", "/etc/passwd", options).expect("symlink");
    let bytes = writer.finish().expect("finish").into_inner();
    rejected_with("symlink.zip", &bytes, "ZIP-11");
}

#[test]
fn zip_bombs_are_rejected_without_inflating() {
    let zeros = vec![0u8; 8 << 20];
    rejected_with("bomb.zip", &manifest_zip(&[("big.bin", &zeros)]), "ZIP-09");
    // A lying header: the central directory claims a 4 GB entry.
    let mut bytes = manifest_zip(&[("small.bin", b"tiny")]);
    let tail = bytes.len() - 200;
    patch_headers(&mut bytes[tail..], b"PK\x01\x02", 24, &0xF000_0000u32.to_le_bytes());
    rejected_with("lying-sizes.zip", &bytes, "ZIP-09");
}

#[test]
fn duplicate_entries_are_rejected() {
    let mut bytes = manifest_zip(&[("a.html", b"one"), ("b.html", b"two")]);
    let from = b"b.html";
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(b"a.html");
        }
        i += 1;
    }
    rejected_with("duplicates.zip", &bytes, "ZIP-13");
}

#[test]
fn encrypted_entries_are_rejected() {
    let mut bytes = manifest_zip(&[("secret.html", b"x")]);
    patch_headers(&mut bytes, b"PK\x03\x04", 6, &[0x01]);
    patch_headers(&mut bytes, b"PK\x01\x02", 8, &[0x01]);
    rejected_with("encrypted.zip", &bytes, "ZIP-12");
}

#[test]
fn billion_laughs_and_external_entities_are_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<manifest identifier="m">&lol2;</manifest>"#;
    rejected_with(
        "laughs.zip",
        &zip_bytes(&[("imsmanifest.xml", laughs.as_bytes())]),
        "XML-02",
    );
    let external = r#"<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<manifest identifier="m">&xxe;</manifest>"#;
    rejected_with(
        "xxe.zip",
        &zip_bytes(&[("imsmanifest.xml", external.as_bytes())]),
        "XML-02",
    );
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!(
        "<manifest>{}{}</manifest>",
        "<item>".repeat(5000),
        "</item>".repeat(5000)
    );
    rejected_with(
        "deep.zip",
        &zip_bytes(&[("imsmanifest.xml", deep.as_bytes())]),
        "XML-03",
    );
}

#[test]
fn a_hundred_thousand_entries_are_refused() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..100_000 {
        writer.start_file(format!("f{i}"), options).expect("start");
    }
    let bytes = writer.finish().expect("finish").into_inner();
    rejected_with("many.zip", &bytes, "ZIP-10");
}

#[test]
fn truncated_and_garbage_archives_are_rejected() {
    let bytes = manifest_zip(&[]);
    rejected_with("truncated.zip", &bytes[..bytes.len() - 40], "ZIP-08");
    rejected_with("garbage.zip", b"this is not a zip file at all", "ZIP-08");
}

#[test]
fn invalid_utf8_manifest_is_rejected() {
    rejected_with(
        "latin1.zip",
        &zip_bytes(&[("imsmanifest.xml", b"<manifest>\xE9</manifest>")]),
        "XML-01",
    );
}

#[test]
fn names_that_are_not_utf8_are_rejected() {
    let mut bytes = manifest_zip(&[("a.html", b"x")]);
    let mut i = 0;
    while i + 6 <= bytes.len() {
        if &bytes[i..i + 6] == b"a.html" {
            bytes[i] = 0xFF;
        }
        i += 1;
    }
    // Claim UTF-8 names (general purpose flag bit 11) in every local and central header.
    patch_headers(&mut bytes, b"PK\x03\x04", 7, &[0x08]);
    patch_headers(&mut bytes, b"PK\x01\x02", 9, &[0x08]);
    rejected_with("bad-names.zip", &bytes, "ZIP-02");
}

/// Found by the `tincan_manifest` fuzz target: a span at the end of a line of carriage returns
/// made the renderer panic.
#[test]
fn carriage_returns_around_an_error_render() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = put(tmp.path(), "tincan.xml", b"\xef\xbb\xbf<!-->\r\n<t<!--\r\r");
    let o = crate::support::run(&crate::support::repo(), &["validate", &path]);
    assert_eq!(o.status.code(), Some(1), "{}", crate::support::text(&o.stderr));
    assert!(crate::support::text(&o.stdout).contains("error[XML-01]"));
}

/// Found by the `cmi5_manifest` fuzz target: tabs and control characters on the line of an
/// error made the renderer's margin arithmetic overflow.
#[test]
fn tabs_and_control_characters_around_an_error_render() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let bytes = b"\x09\x09\x09\x09\x09\x09<?ur\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09<i\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x15\x09\x09\x09\x09\x09\x09\x09\x09\x09\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x01c\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x22\x09/\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09<it\x0d\x00";
    let path = put(tmp.path(), "cmi5.xml", bytes);
    let o = crate::support::run(&crate::support::repo(), &["validate", &path]);
    assert_eq!(o.status.code(), Some(1), "{}", crate::support::text(&o.stderr));
    assert!(crate::support::text(&o.stdout).contains("error[XML-01]"));
}

#[test]
fn corrupt_entry_data_is_found_by_its_crc() {
    // incompressible bytes, so deflate keeps them verbatim and the marker can be found and damaged
    let mut seed: u32 = 7;
    let mut data: Vec<u8> = (0..4096)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        })
        .collect();
    data[2000..2012].copy_from_slice(b"XYZMARKERXYZ");
    let mut bytes = manifest_zip(&[("photo.bin", &data)]);
    let at = bytes
        .windows(12)
        .position(|w| w == b"XYZMARKERXYZ")
        .expect("marker kept verbatim");
    bytes[at + 5] ^= 0xFF;
    rejected_with("corrupt.zip", &bytes, "ZIP-08");
}

#[test]
fn a_package_that_inflates_beyond_100_to_1_overall_is_a_bomb() {
    // four incompressible 700 KB entries whose central directory claims 300 MB each: every entry stays under
    // the per-entry ratio, the package as a whole (1.2 GB from 2.8 MB) does not
    let mut seed: u32 = 11;
    let noise: Vec<u8> = (0..700_000)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        })
        .collect();
    let mut bytes = manifest_zip(&[
        ("big1.bin", &noise),
        ("big2.bin", &noise),
        ("big3.bin", &noise),
        ("big4.bin", &noise),
    ]);
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if &bytes[i..i + 4] == b"PK\x01\x02" && bytes[i + 46..].starts_with(b"big") {
            bytes[i + 24..i + 28].copy_from_slice(&300_000_000u32.to_le_bytes());
        }
        i += 1;
    }
    rejected_with("package-bomb.zip", &bytes, "ZIP-09");
    let tmp = tempfile::tempdir().expect("temp dir");
    let (_, json) = validate_json(&[&put(tmp.path(), "package-bomb.zip", &bytes)]);
    assert!(json.to_string().contains("more than 100:1"), "{json:#}");
}
