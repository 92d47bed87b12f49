//! Numbers typed by a learner: "40", "40,0", "40.0", "40 %", "40 procent", "1.000" → one canonical decimal text
//! ("40", "1000"), or nothing when the text is not a number with at most one accepted unit around it.

use unicode_normalization::UnicodeNormalization;

use super::collapse_whitespace;

/// What a numeric question accepts around and inside the number (computed at build time, sent to the player).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRules {
    /// A lone `,` followed by three digits is a decimal comma (`nl`), not a thousands separator.
    pub decimal_comma: bool,
    /// Units that may stand before or after the number, normalised (lower case).
    pub units: Vec<String>,
}

/// The percent sign and words of a language (by primary subtag); English for other languages.
pub fn percent_words(language: &str) -> &'static [&'static str] {
    match primary(language).as_str() {
        "nl" => &["%", "procent", "pct"],
        _ => &["%", "percent", "per cent", "pct"],
    }
}

/// Whether the language writes a decimal comma (only the built-in languages are known: nl yes, en no).
pub fn uses_decimal_comma(language: &str) -> bool {
    primary(language) == "nl"
}

fn primary(language: &str) -> String {
    language.split('-').next().unwrap_or(language).to_ascii_lowercase()
}

impl NumberRules {
    /// The rules for a question: without `units` the percent sign and words are accepted; with `units`, exactly
    /// those, where `"%"` stands for the percent sign and words of the course language.
    pub fn new(language: &str, units: Option<&[String]>) -> Self {
        let mut out: Vec<String> = Vec::new();
        let mut add = |u: &str| {
            let u = normalize_unit(u);
            if !u.is_empty() && !out.contains(&u) {
                out.push(u);
            }
        };
        match units {
            None => percent_words(language).iter().for_each(|u| add(u)),
            Some(list) => {
                for u in list {
                    if u.trim() == "%" {
                        percent_words(language).iter().for_each(|u| add(u));
                    } else {
                        add(u);
                    }
                }
            }
        }
        Self {
            decimal_comma: uses_decimal_comma(language),
            units: out,
        }
    }
}

/// A unit as it is compared: NFC, lower case, whitespace collapsed, no `.`, `!` or `?` at the end.
pub fn normalize_unit(unit: &str) -> String {
    let s: String = unit.nfc().collect::<String>().to_lowercase().nfc().collect();
    collapse_whitespace(&s)
        .trim_end_matches(['.', '!', '?'])
        .trim_end()
        .to_owned()
}

const SIGNS: [char; 3] = ['-', '+', '\u{2212}'];

/// The canonical decimal text of a typed number ("-0.5", "1000", "40"), or `None` when it is not one.
pub fn parse(typed: &str, rules: &NumberRules) -> Option<String> {
    let s: Vec<char> = normalize_unit(typed).chars().collect();
    let is_digit = |i: usize| s.get(i).is_some_and(char::is_ascii_digit);
    let start = (0..s.len()).find(|&i| is_digit(i) || (matches!(s[i], '.' | ',') && is_digit(i + 1)))?;
    let mut end = start;
    while end < s.len() && (is_digit(end) || matches!(s[end], '.' | ',') || (s[end] == ' ' && is_digit(end + 1))) {
        end += 1;
    }
    let token: String = s[start..end].iter().collect();
    let signed = start > 0 && SIGNS.contains(&s[start - 1]);
    let negative = signed && s[start - 1] != '+';
    let before = if signed { start - 1 } else { start };
    let pre: String = s[..before].iter().collect();
    let post: String = s[end..].iter().collect();
    let (pre, post) = (pre.trim(), post.trim());
    let unit_ok = |u: &str| u.is_empty() || rules.units.iter().any(|x| x == u);
    if !unit_ok(pre) || !unit_ok(post) || (!pre.is_empty() && !post.is_empty()) {
        return None;
    }
    let digits = canonical_digits(&token, rules.decimal_comma)?;
    Some(if negative && digits != "0" {
        format!("-{digits}")
    } else {
        digits
    })
}

/// The value of a canonical decimal text (as produced by `parse`), when finite.
pub fn value(canonical: &str) -> Option<f64> {
    canonical.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether `v` lies in the closed range; a missing bound is open.
pub fn within(v: f64, min: Option<f64>, max: Option<f64>) -> bool {
    min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m)
}

/// Digits with `.`/`,`/space separators → "int[.frac]" without leading or trailing zeros.
fn canonical_digits(token: &str, decimal_comma: bool) -> Option<String> {
    let count = |c: char| token.matches(c).count();
    let (dots, commas) = (count('.'), count(','));
    let (group, decimal) = if token.contains(' ') {
        match (dots, commas) {
            (0, 0) => (Some(' '), None),
            (1, 0) => (Some(' '), Some('.')),
            (0, 1) => (Some(' '), Some(',')),
            _ => return None,
        }
    } else if dots > 0 && commas > 0 {
        let last = if token.rfind('.') > token.rfind(',') { '.' } else { ',' };
        let other = if last == '.' { ',' } else { '.' };
        if count(last) != 1 {
            return None;
        }
        (Some(other), Some(last))
    } else if dots + commas == 0 {
        (None, None)
    } else {
        let c = if dots > 0 { '.' } else { ',' };
        if dots + commas > 1 {
            (Some(c), None)
        } else {
            let (int, frac) = token.split_once(c).unwrap_or((token, ""));
            let grouping = if decimal_comma { '.' } else { ',' };
            let looks_grouped = frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
            if looks_grouped && c == grouping {
                (Some(c), None)
            } else {
                (None, Some(c))
            }
        }
    };
    let (int, frac) = match decimal {
        Some(d) => token.split_once(d)?,
        None => (token, ""),
    };
    let int = match group {
        Some(g) => ungroup(int, g)?,
        None => int.to_owned(),
    };
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if !all_digits(&int) || !all_digits(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Some(if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    })
}

/// "1.234.567" → "1234567" when every group after the first has three digits and the first has one to three
/// (not starting with 0).
fn ungroup(int: &str, group: char) -> Option<String> {
    let mut parts = int.split(group);
    let first = parts.next()?;
    if !(1..=3).contains(&first.len()) || first.starts_with('0') {
        return None;
    }
    let mut out = first.to_owned();
    for p in parts {
        if p.len() != 3 {
            return None;
        }
        out.push_str(p);
    }
    Some(out)
}

/// A bound or value as decimal text without exponent ("40", "39.5", "-0.25").
pub fn format_number(v: f64) -> String {
    format!("{v}")
}
