//! Absolute IRIs, as Tin Can and cmi5 require for activity, course, block and AU ids.

/// Whether `value` is an absolute IRI: a scheme, `:`, a non-empty rest, no whitespace.
pub fn is_absolute(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !value.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_iris() {
        assert!(is_absolute("https://w3id.org/xapi/cmi5/course/1"));
        assert!(is_absolute("urn:uuid:1234"));
        assert!(is_absolute("http://example.com/кафедра"));
        assert!(!is_absolute("w3id.org/xapi/cmi5/course"));
        assert!(!is_absolute("course"));
        assert!(!is_absolute("http://example.com index.html"));
        assert!(!is_absolute("1http://x"));
    }
}
