//! Stable ids from file names and the id rules every section, page, quiz and question follows.

/// Splits `02-begrippen.md` into its order prefix and the id stem `begrippen`.
/// Returns `None` when the name has no numeric prefix (then it is not a course entry).
pub fn ordered_stem(name: &str, extension: &str) -> Option<String> {
    let stem = name.strip_suffix(extension)?;
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = stem[digits..].strip_prefix('-')?;
    Some(rest.to_owned())
}

/// Why an id is not acceptable, or `None` if it is fine.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("is empty");
    }
    if id.len() > 64 {
        return Some("is longer than 64 characters");
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Some("must start with a lowercase letter");
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some("may only contain lowercase letters a-z, digits and dashes");
    }
    None
}

/// A suggestion for a valid id made from any text.
pub fn suggest_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out
        .trim_matches('-')
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    let mut id: String = trimmed.chars().take(64).collect();
    if id.is_empty() {
        id.push_str("item");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_need_a_numeric_prefix() {
        assert_eq!(ordered_stem("02-begrippen.md", ".md").as_deref(), Some("begrippen"));
        assert_eq!(ordered_stem("10-x.quiz.toml", ".quiz.toml").as_deref(), Some("x"));
        assert_eq!(ordered_stem("media", ""), None);
        assert_eq!(ordered_stem("README.md", ".md"), None);
        assert_eq!(ordered_stem("02begrippen.md", ".md"), None);
    }

    #[test]
    fn id_rules() {
        assert_eq!(id_problem("wat-is-samenwerking"), None);
        assert!(id_problem("1-page").is_some());
        assert!(id_problem("Page").is_some());
        assert!(id_problem("a b").is_some());
        assert_eq!(suggest_id("Wat is Samenwerking?"), "wat-is-samenwerking");
        assert_eq!(suggest_id("01 Intro"), "intro");
    }
}
