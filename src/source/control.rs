//! Control characters (U+0000–U+001F other than tab, line feed and carriage return, and U+007F) cannot
//! be written in XML, and every package manifest is XML: they are refused wherever a course has them.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Report};

/// At most this many findings per file: one pasted block can hold hundreds.
const PER_FILE: usize = 3;

fn forbidden(c: char) -> bool {
    u8::try_from(c).is_ok_and(forbidden_byte)
}

/// Every forbidden character is ASCII, and no byte of a multi-byte UTF-8 sequence is: a byte scan
/// finds them all (and is what keeps this check cheap on 20 MB of pages).
fn forbidden_byte(b: u8) -> bool {
    (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

fn finding(file: &str, at: std::ops::Range<usize>, c: char, what: &str, why: &str) -> Diagnostic {
    Diagnostic::error("E0109", format!("control character U+{:04X} in {what}", u32::from(c)))
        .at(file, at)
        .label("not allowed here")
        .help(format!("delete it (it often comes with pasted text): {why}"))
}

/// Control characters typed into `text` (a Markdown body), which starts at `base` in `file`.
pub fn in_text(file: &str, text: &str, base: usize, report: &mut Report) {
    // Whole 64-byte blocks without an early exit, which the compiler turns into vector code.
    let any = text
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | forbidden_byte(b)));
    if !any {
        return;
    }
    let found = text.bytes().enumerate().filter(|(_, b)| forbidden_byte(*b));
    for (i, b) in found.take(PER_FILE) {
        report.push(finding(
            file,
            base + i..base + i + 1,
            char::from(b),
            "the page text",
            "it means nothing in a web page and browsers treat it as an error",
        ));
    }
}

/// Control characters in the string values of `toml` (written as escapes such as `\u0001`; TOML
/// itself refuses them raw), which starts at `base` in `file`. Syntax errors are left to the loader.
pub fn in_toml(file: &str, toml: &str, base: usize, report: &mut Report) {
    let Ok(table) = DeTable::parse(toml) else { return };
    let mut found = Vec::new();
    table_strings(table.get_ref(), &mut found);
    for (at, c) in found.into_iter().take(PER_FILE) {
        report.push(finding(
            file,
            base + at.start..base + at.end,
            c,
            "a text value",
            "titles and texts go into the package manifest, and XML cannot hold control characters",
        ));
    }
}

fn table_strings(table: &DeTable<'_>, found: &mut Vec<(std::ops::Range<usize>, char)>) {
    for value in table.values() {
        value_strings(value, found);
    }
}

fn value_strings(value: &Spanned<DeValue<'_>>, found: &mut Vec<(std::ops::Range<usize>, char)>) {
    match value.get_ref() {
        DeValue::String(s) => {
            if let Some(c) = s.chars().find(|c| forbidden(*c)) {
                found.push((value.span(), c));
            }
        }
        DeValue::Array(items) => {
            for item in items {
                value_strings(item, found);
            }
        }
        DeValue::Table(table) => table_strings(table, found),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_in_nested_values_are_found_with_their_span() {
        let toml = "title = \"ok\"\n[[q]]\nchoices = [\"a\", \"b\\u0007\"]\nnote = 'C:\\u0001 is literal'\n";
        let mut report = Report::default();
        in_toml("x.toml", toml, 10, &mut report);
        assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
        let d = &report.diagnostics[0];
        assert_eq!(d.message, "control character U+0007 in a text value");
        let span = d.span.as_ref().expect("span").range.clone();
        assert_eq!(&toml[span.start - 10..span.end - 10], "\"b\\u0007\"");
    }

    /// Where `in_text` finds something in `text` (which starts at `base`), with its message.
    fn found_in_text(text: &str, base: usize) -> Vec<(std::ops::Range<usize>, String)> {
        let mut report = Report::default();
        in_text("p.md", text, base, &mut report);
        report
            .diagnostics
            .iter()
            .map(|d| (d.span.as_ref().expect("span").range.clone(), d.message.clone()))
            .collect()
    }

    #[test]
    fn raw_characters_in_text_but_not_tabs_or_line_ends() {
        let at: Vec<_> = found_in_text("a\tb\r\nc\u{1}d\u{7f}", 5)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(at, [11..12, 13..14]);
    }

    #[test]
    fn offsets_are_bytes_after_multibyte_text_and_c1_or_emoji_are_allowed() {
        assert_eq!(
            found_in_text("één 🌱 \u{85}x\u{1b}", 0),
            [(14..15, "control character U+001B in the page text".to_owned())]
        );
    }
}
