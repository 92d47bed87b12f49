//! Text from packages and folders made safe to print: control characters (C0, DEL, C1) and bidirectional
//! formatting characters become visible `\u{…}` escapes, so a file name can neither drive a terminal (move the
//! cursor, recolour, ring, reorder a line) nor make an XML report ill-formed.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or report as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character written as `\u{HEX}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Like [`escape`], but line breaks stay: for text of several lines (a diagnostic's help), where a newline
/// can only start a new line.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_unsafe(c))
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A serialized JSON document with the unsafe characters serde leaves raw (DEL, C1, bidirectional formatting)
/// written as `\uXXXX` escapes: the same strings once parsed, and safe to print. They can only occur inside
/// strings, where such escapes are valid.
pub fn json(document: String) -> String {
    if !document.chars().any(is_unsafe_in_json) {
        return document;
    }
    let mut out = String::with_capacity(document.len() + 16);
    for c in document.chars() {
        if is_unsafe_in_json(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Unsafe characters except the newlines and spaces of pretty-printed JSON (serde escapes C0 in strings).
fn is_unsafe_in_json(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_stay_in_text_of_several_lines() {
        assert_eq!(escape_lines("start with\n+++\u{1B}"), "start with\n+++\\u{1B}");
        assert_eq!(escape("a\nb"), "a\\u{A}b");
    }

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(escape("a\u{1B}[2Jb\u{7}"), "a\\u{1B}[2Jb\\u{7}");
        assert_eq!(escape("evil\u{202E}lmth.exe"), "evil\\u{202E}lmth.exe");
        assert_eq!(escape("\u{9B}\u{7F}\u{2066}"), "\\u{9B}\\u{7F}\\u{2066}");
        assert!(matches!(escape("café/photo 1.png"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_strings() {
        let doc = serde_json::to_string(&["a\u{1B}\u{9B}\u{202E}z"]).expect("json");
        let safe = json(doc);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: Vec<String> = serde_json::from_str(&safe).expect("valid json");
        assert_eq!(back, ["a\u{1B}\u{9B}\u{202E}z"]);
    }
}
