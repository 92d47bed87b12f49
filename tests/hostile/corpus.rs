//! Hostile inputs for `coursepack validate`, generated when a test or the benchmark runs (nothing big is
//! committed). Each function makes one kind of input at the scale asked: small in the CLI tests, full size in
//! `scripts/bench-hostile.sh` (through `tests/hostile/gen.rs`).

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

const CP_NS: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";

/// Zip bytes with these (name, content) entries.
pub fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("entry starts");
        writer.write_all(bytes).expect("entry writes");
    }
    writer.finish().expect("zip finishes").into_inner()
}

/// A zip whose only entry is `imsmanifest.xml` with this text.
pub fn manifest_zip(manifest: &str) -> Vec<u8> {
    zip_of(&[("imsmanifest.xml", manifest.as_bytes())], CompressionMethod::Deflated)
}

/// Item 21: `root` namespace declarations on the root, then `children` children declaring one more each (the
/// issue's 41 KB zip is `namespace_flood(8000, 2000)`).
pub fn namespace_flood(root: usize, children: usize) -> Vec<u8> {
    let mut m = format!("<manifest xmlns=\"{CP_NS}\"");
    for i in 0..root {
        m.push_str(&format!(" xmlns:n{i}=\"urn:n:{i}\""));
    }
    m.push('>');
    for i in 0..children {
        m.push_str(&format!("<x xmlns:c{i}=\"urn:c:{i}\"/>"));
    }
    m.push_str("</manifest>");
    manifest_zip(&m)
}

/// Item 21: one element with `n` attributes (the 345 KB zip is `attribute_flood(150_000)`).
pub fn attribute_flood(n: usize) -> Vec<u8> {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"\"")).collect();
    manifest_zip(&format!("<manifest xmlns=\"{CP_NS}\"><x{attrs}/></manifest>"))
}

/// Item 21, just under the caps: `elements` elements, each with `attrs` attributes (one of them a namespace
/// declaration).
pub fn attributes_under_the_caps(elements: usize, attrs: usize) -> Vec<u8> {
    let element: String = format!(
        "<x xmlns:q=\"urn:q\"{}/>",
        (0..attrs.saturating_sub(1))
            .map(|i| format!(" a{i}=\"\""))
            .collect::<String>()
    );
    let mut m = format!("<manifest xmlns=\"{CP_NS}\">");
    for _ in 0..elements {
        m.push_str(&element);
    }
    m.push_str("</manifest>");
    manifest_zip(&m)
}

/// Item 21: a one-line manifest of `items` items whose `identifierref` names no resource: a finding each.
pub fn findings_flood(items: usize) -> Vec<u8> {
    let mut m = format!(
        "<manifest identifier=\"m\" xmlns=\"{CP_NS}\"><organizations default=\"o\"><organization identifier=\"o\"><title>T</title>"
    );
    for i in 0..items {
        m.push_str(&format!(
            "<item identifier=\"i{i}\" identifierref=\"r{i}\"><title>T</title></item>"
        ));
    }
    m.push_str("</organization></organizations><resources/></manifest>");
    manifest_zip(&m)
}

/// Item 22: `entries` empty entries whose names are `name_len` bytes long (the 65 MB zip is
/// `long_names(1000, 65_000)`).
pub fn long_names(entries: usize, name_len: usize) -> Vec<u8> {
    let names: Vec<String> = (0..entries)
        .map(|i| {
            let mut n = format!("{i:08}/");
            n.push_str(&"a".repeat(name_len.saturating_sub(n.len())));
            n
        })
        .collect();
    let list: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    zip_of(&list, CompressionMethod::Stored)
}

/// Items 22 and 23: `entries` tiny entries, `imsmanifest.xml` last, so that it sorts after any cut-off.
pub fn many_entries(entries: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for i in 0..entries.saturating_sub(1) {
        writer.start_file(format!("f{i}"), options).expect("entry starts");
    }
    writer.start_file("imsmanifest.xml", options).expect("entry starts");
    writer.write_all(b"<manifest/>").expect("entry writes");
    writer.finish().expect("zip finishes").into_inner()
}

/// Item 24: a valid SCORM 1.2 package plus entries whose names carry ESC sequences, BEL, C1 and bidirectional
/// controls, one of them unsafe (a backslash), so that the ZIP-02 error line is what they would hide.
pub fn escape_names(manifest: &str) -> Vec<u8> {
    zip_of(
        &[
            ("imsmanifest.xml", manifest.as_bytes()),
            ("index.html", b"<p>hi</p>"),
            ("evil\\\u{1b}[2K\u{1b}[1A\r\u{7}.html", b"x"),
            ("report\u{202e}lmth.exe", b"x"),
            ("csi\u{9b}31m\u{1}.js", b"x"),
        ],
        CompressionMethod::Deflated,
    )
}

/// A zip of `total` bytes of incompressible data in entries of `entry` bytes, each stored: the cost of
/// reading every entry for its CRC.
pub fn stored_noise(total: usize, entry: usize) -> Vec<u8> {
    let mut seed: u32 = 17;
    let chunk: Vec<u8> = (0..entry)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        })
        .collect();
    let names: Vec<String> = (0..total / entry.max(1)).map(|i| format!("media/{i}.bin")).collect();
    let mut list: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", b"<manifest/>")];
    list.extend(names.iter().map(|n| (n.as_str(), chunk.as_slice())));
    zip_of(&list, CompressionMethod::Stored)
}

/// Entries of `entry` zero bytes, deflated, adding up to about `packed` bytes of zip: the most inflating work a
/// zip of that size can ask for while every entry stays under the per-entry bomb ratio.
pub fn deflated_zeros(packed: usize, entry: usize) -> Vec<u8> {
    let zeros = vec![0u8; entry];
    let one = zip_of(&[("x", zeros.as_slice())], CompressionMethod::Deflated)
        .len()
        .max(1);
    let names: Vec<String> = (0..packed / one).map(|i| format!("z/{i}.bin")).collect();
    let mut list: Vec<(&str, &[u8])> = vec![("imsmanifest.xml", b"<manifest/>")];
    list.extend(names.iter().map(|n| (n.as_str(), zeros.as_slice())));
    zip_of(&list, CompressionMethod::Deflated)
}

/// One generated input and what `validate` must say of it.
pub struct Case {
    pub name: &'static str,
    /// Exit code `validate` must return.
    pub exit: i32,
    /// A finding code that must be reported, or "" when the case only measures time and memory.
    pub code: &'static str,
    pub bytes: Vec<u8>,
}

/// Makes one case of the corpus.
pub type Maker = fn() -> Case;

/// The full-size corpus of issue 10 (items 21–25), about 400 MB in all, made one case at a time.
pub fn full_size() -> Vec<(&'static str, Maker)> {
    fn case(name: &'static str, exit: i32, code: &'static str, bytes: Vec<u8>) -> Case {
        Case {
            name,
            exit,
            code,
            bytes,
        }
    }
    vec![
        ("namespaces-issue", || {
            case("namespaces-issue.zip", 1, "XML-03", namespace_flood(8000, 2000))
        }),
        ("attributes-issue", || {
            case("attributes-issue.zip", 1, "XML-03", attribute_flood(150_000))
        }),
        ("namespaces-under-caps", || {
            case("namespaces-under-caps.zip", 1, "", namespace_flood(63, 9_937))
        }),
        ("attributes-under-caps", || {
            // 1,170 elements of 256 attributes: just under 300,000 attributes in all
            case(
                "attributes-under-caps.zip",
                1,
                "",
                attributes_under_the_caps(1_170, 256),
            )
        }),
        ("attributes-over-total", || {
            case(
                "attributes-over-total.zip",
                1,
                "XML-03",
                attributes_under_the_caps(16_000, 256),
            )
        }),
        // 3 nodes and 2 attributes per item: just under 400,000 nodes
        ("findings-one-line", || {
            case("findings-one-line.zip", 1, "S12-CP-06", findings_flood(133_000))
        }),
        ("nodes-over-limit", || {
            case("nodes-over-limit.zip", 1, "XML-03", findings_flood(200_000))
        }),
        ("long-names-1000", || {
            case("long-names-1000.zip", 1, "ZIP-10", long_names(1000, 65_000))
        }),
        ("million-entries", || {
            case("million-entries.zip", 1, "ZIP-10", many_entries(1_000_000))
        }),
        ("over-50000-entries", || {
            case("over-50000-entries.zip", 1, "ZIP-10", many_entries(50_001))
        }),
        ("escape-names", || {
            let manifest = include_str!("escape-manifest.xml");
            case("escape-names.zip", 1, "ZIP-02", escape_names(manifest))
        }),
        ("stored-100mb", || {
            case("stored-100mb.zip", 1, "", stored_noise(100 << 20, 1 << 20))
        }),
        ("inflate-1gib", || {
            case("inflate-1gib.zip", 1, "", deflated_zeros(1 << 20, (1 << 20) - 1))
        }),
    ]
}
