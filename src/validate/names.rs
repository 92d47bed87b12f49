//! Path hygiene shared by zip entries and manifest `href`s: unsafe paths, risky names, OS junk.

use std::collections::HashMap;

use super::archive::{Entry, report_list};
use super::findings::Findings;

/// Why a path is unsafe to unpack or to serve, if it is.
pub fn unsafe_path(path: &str) -> Option<&'static str> {
    let bytes = path.as_bytes();
    if path.contains('\\') {
        Some("uses a backslash")
    } else if path.starts_with('/') {
        Some("is absolute")
    } else if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        Some("starts with a drive letter")
    } else if path.split('/').any(|segment| segment == "..") {
        Some("climbs out of the package with `..`")
    } else if path.contains('\0') {
        Some("contains a NUL character")
    } else {
        None
    }
}

/// Whether a file name (one path) has characters some LMSs or servers mangle.
pub fn risky_name(path: &str) -> bool {
    path.chars()
        .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
}

/// Whether an entry is operating-system junk.
pub fn is_junk(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/")
        || path.contains("/__MACOSX/")
        || matches!(file, ".DS_Store" | "Thumbs.db" | "desktop.ini")
        || file.starts_with("._")
}

/// Device names Windows reserves whatever the extension (`CON.html` cannot be created there).
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether a segment of `path` is a name Windows cannot create: a reserved device name (any extension) or one
/// ending in a dot or a space.
pub fn windows_reserved(path: &str) -> bool {
    path.split('/').any(|segment| {
        let stem = segment.split('.').next().unwrap_or(segment).trim_end_matches(' ');
        WINDOWS_RESERVED.contains(&stem.to_ascii_lowercase().as_str()) || segment.ends_with(['.', ' '])
    })
}

/// ZIP-02/03/04 over every entry of the package.
pub fn check_entries(entries: &[Entry], findings: &mut Findings) {
    check_names(entries.iter().map(|e| e.name.as_str()), findings);
}

/// ZIP-02/03/04 over these entry names (also run by `wrap` on the package it plans, before writing it).
pub fn check_names<'a>(names: impl IntoIterator<Item = &'a str>, findings: &mut Findings) {
    let (mut unsafe_names, mut risky, mut junk) = (Vec::new(), Vec::new(), Vec::new());
    let mut folded: HashMap<String, &str> = HashMap::new();
    let (mut collisions, mut reserved) = (Vec::new(), Vec::new());
    for name in names {
        if let Some(why) = unsafe_path(name) {
            unsafe_names.push(format!("`{name}` ({why})"));
            continue;
        }
        if is_junk(name) {
            junk.push(name.to_owned());
            continue;
        }
        if risky_name(name) {
            risky.push(name.to_owned());
        }
        if windows_reserved(name) {
            reserved.push(name.to_owned());
        }
        if let Some(other) = folded.insert(name.to_lowercase(), name) {
            collisions.push(format!("`{other}` and `{name}`"));
        }
    }
    report_list(findings, "ZIP-02", "unsafe entry paths", &unsafe_names);
    report_list(
        findings,
        "ZIP-03",
        "file names with spaces or characters LMSs may mangle",
        &risky,
    );
    report_list(findings, "ZIP-03", "names that differ only in case", &collisions);
    report_list(
        findings,
        "ZIP-03",
        "names Windows cannot create (reserved device names such as CON, or a trailing dot or space)",
        &reserved,
    );
    report_list(findings, "ZIP-04", "operating-system junk files", &junk);
}

/// ZIP-05: the package's uncompressed size against the chosen LMS limit.
pub fn check_size(entries: &[Entry], limit: Option<(&str, u64)>, findings: &mut Findings) {
    let Some((profile, max)) = limit else { return };
    let total: u64 = entries.iter().map(|e| e.size).sum();
    if total > max {
        findings.add(
            "ZIP-05",
            format!(
                "the package holds {} MB uncompressed; the {profile} profile allows {} MB",
                total / 1_000_000,
                max / 1_000_000
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_named() {
        assert!(unsafe_path("../evil.sh").is_some());
        assert!(unsafe_path("a/../../b").is_some());
        assert!(unsafe_path("/etc/passwd").is_some());
        assert!(unsafe_path("libs/C:\\Users\\x.js").is_some());
        assert!(unsafe_path("C:/x").is_some());
        assert!(unsafe_path("shared/launch.html").is_none());
        assert!(unsafe_path("a..b/c").is_none());
    }

    #[test]
    fn risky_and_junk_names() {
        assert!(risky_name("AC TEST.swf"));
        assert!(risky_name("café.html"));
        assert!(risky_name("a&b.html"));
        assert!(!risky_name("html5/data/js/data.js"));
        assert!(is_junk("__MACOSX/._index.html"));
        assert!(is_junk("img/.DS_Store"));
        assert!(!is_junk("img/logo.png"));
        for reserved in ["CON.html", "a/nul", "lpt1.tar.gz", "x/aux /y", "dot."] {
            assert!(windows_reserved(reserved), "{reserved}");
        }
        for fine in ["console.html", "icon.png", "com10.js", "a.b/c"] {
            assert!(!windows_reserved(fine), "{fine}");
        }
    }
}
