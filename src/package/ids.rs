//! Package identifiers derived deterministically from the course id: the same course gets the same
//! identifiers on every build, so an LMS recognises a re-upload as the same course.

use sha2::{Digest, Sha256};

/// 16 hex digits of the course id's SHA-256.
pub fn course_hash(course_id: &str) -> String {
    Sha256::digest(course_id.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An `xs:ID` (NCName): a letter prefix, then characters from ids (`a-z0-9-`).
pub fn ncname(prefix: &str, id: &str) -> String {
    format!("{prefix}-{id}")
}

/// A short file-name slug for the course: the last segment of its id IRI.
pub fn slug(course_id: &str) -> String {
    let last = course_id
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("course");
    let slug: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if slug.is_empty() { "course".to_owned() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_and_ncnames() {
        let a = course_hash("https://example.org/c/module-6");
        assert_eq!(a, course_hash("https://example.org/c/module-6"));
        assert_ne!(a, course_hash("https://example.org/c/module-7"));
        assert_eq!(a.len(), 16);
        assert!(ncname("ITEM", "intro").starts_with(|c: char| c.is_ascii_alphabetic()));
        assert_eq!(slug("https://example.org/c/module-6/"), "module-6");
        assert_eq!(slug("urn:uuid:ABC"), "abc");
    }

    #[test]
    fn a_slug_never_holds_a_path_separator() {
        for id in [
            "https://x.org/a\\..\\b",
            "urn:x:..",
            "https://x.org/%2F..%2F",
            "https://x.org/a/b/",
            "x:C:\\",
        ] {
            let s = slug(id);
            assert!(!s.contains(['/', '\\', ':']) && !s.is_empty(), "{id} gives {s}");
        }
    }
}
