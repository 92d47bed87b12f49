//! `course.toml`: course identity, language, completion and reporting rules.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use std::collections::BTreeMap;

use crate::model::{Completion, CompletionRule, CourseTimeLimit, ReportingMode, ScoLayout};
use crate::theme::RawTheme;

use super::schema::{self, Key, Table, Ty};

pub const FILE: &str = "course.toml";

/// Said once when course.toml cannot be read: without its settings no page content is checked.
const SKIPPED: &str = "the other checks of course.toml, and those of the pages' content (links, images, \
                       callouts), were skipped; they run once it reads cleanly";

/// The keys of `course.toml` (one line per key; a test keeps these lists equal to the structs below).
const COURSE: Table = Table {
    what: "course.toml",
    keys: &[
        Key::required("id", Ty::Text, "id = \"https://example.org/courses/my-course\""),
        Key::required("title", Ty::Text, "title = \"…\""),
        Key::required("language", Ty::Text, "language = \"en\""),
        Key::required("version", Ty::Text, "version = \"1.0.0\""),
        Key::optional("description", Ty::Text, "description = \"…\""),
        Key::optional("authors", Ty::Texts, "authors = [\"…\"]"),
        Key::optional("publisher", Ty::Text, "publisher = \"…\""),
        Key::optional(
            "completion",
            Ty::Table(&COMPLETION),
            "a [completion] line with rule = \"…\" below it",
        ),
        Key::optional(
            "scorm",
            Ty::Table(&SCORM),
            "a [scorm] line with sco_layout = \"…\" below it",
        ),
        Key::optional(
            "theme",
            Ty::Table(&THEME),
            "a [theme] line with primary = \"#1f5f99\" below it",
        ),
        Key::optional("strings", Ty::TextTable, "a [strings] line with next = \"…\" below it"),
    ],
    variants: &[],
};

const THEME: Table = Table {
    what: "`[theme]`",
    keys: &[
        Key::optional("logo", Ty::Text, "logo = \"media/logo.svg\""),
        Key::optional("logo_alt", Ty::Text, "logo_alt = \"…\""),
        Key::optional("primary", Ty::Text, "primary = \"#1f5f99\""),
        Key::optional("accent", Ty::Text, "accent = \"#174a78\""),
        Key::optional("primary_dark", Ty::Text, "primary_dark = \"#8ab8e6\""),
        Key::optional("accent_dark", Ty::Text, "accent_dark = \"#b3d1ef\""),
        Key::optional("font", Ty::Text, "font = \"system-ui, sans-serif\""),
        Key::optional("radius", Ty::Text, "radius = \"6px\""),
    ],
    variants: &[],
};

const COMPLETION: Table = Table {
    what: "`[completion]`",
    keys: &[
        Key::optional("rule", Ty::Text, "rule = \"all-pages\""),
        Key::optional("mastery_score", Ty::Integer, "mastery_score = 80"),
        Key::optional("reporting", Ty::Text, "reporting = \"passed-incomplete\""),
    ],
    variants: &[],
};

const SCORM: Table = Table {
    what: "`[scorm]`",
    keys: &[
        Key::optional("sco_layout", Ty::Text, "sco_layout = \"single\""),
        Key::optional("time_limit", Ty::Text, "time_limit = \"2h\""),
        Key::optional(
            "time_limit_action",
            Ty::Text,
            "time_limit_action = \"continue,message\"",
        ),
    ],
    variants: &[],
};

/// The longest title a manifest can carry: SCORM 1.2's `<title>` has `maxLength` 200 (characters).
pub const TITLE_LIMIT: usize = 200;

/// E0113 for a title longer than [`TITLE_LIMIT`] characters (the manifest would fail the schema).
pub fn check_title(file: &str, title: &Spanned<String>, offset: usize, report: &mut Report) {
    let n = title.get_ref().chars().count();
    if n > TITLE_LIMIT {
        let span = title.span();
        report.push(
            Diagnostic::error(
                "E0113",
                format!("title is {n} characters long; at most {TITLE_LIMIT} fit a SCORM manifest"),
            )
            .at(file, span.start + offset..span.end + offset)
            .label("the LMS would reject imsmanifest.xml")
            .help("shorten the title; put the rest in `description`"),
        );
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    id: Spanned<String>,
    title: Spanned<String>,
    language: Spanned<String>,
    version: Spanned<String>,
    description: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    publisher: Option<String>,
    #[serde(default)]
    completion: RawCompletion,
    #[serde(default)]
    scorm: RawScorm,
    theme: Option<RawTheme>,
    #[serde(default)]
    strings: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCompletion {
    rule: Option<Spanned<String>>,
    mastery_score: Option<Spanned<i64>>,
    reporting: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScorm {
    sco_layout: Option<Spanned<String>>,
    time_limit: Option<Spanned<String>>,
    time_limit_action: Option<Spanned<String>>,
}

/// The course-level settings read from `course.toml`.
pub struct CourseFile {
    pub id: String,
    pub title: String,
    pub language: String,
    pub version: String,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub completion: Completion,
    pub sco_layout: ScoLayout,
    pub time_limit: Option<CourseTimeLimit>,
    /// `[theme]` as written; checked against the course's files by the loader.
    pub theme: Option<RawTheme>,
    /// `[strings]`, checked: overrides of the player's UI strings.
    pub strings: BTreeMap<String, String>,
}

pub fn parse(text: &str, report: &mut Report) -> Option<CourseFile> {
    let raw: RawCourse = schema::read(FILE, text, 0, &COURSE, SKIPPED, report)?;
    check_iri(&raw.id, report);
    check_title(FILE, &raw.title, 0, report);
    if raw.title.get_ref().trim().is_empty() {
        report.push(
            Diagnostic::error("E0113", "the course title is empty")
                .at(FILE, raw.title.span())
                .label("shown in the LMS course list and as the page title")
                .help("write the course's name, e.g. title = \"Samenwerken in projecten\""),
        );
    }
    check_language(&raw.language, report);
    let strings = super::strings::check(raw.strings, &raw.language, report);
    if let Some(problem) = version_problem(raw.version.get_ref()) {
        report.push(
            Diagnostic::error("E0105", format!("version must be SemVer-like: it {problem}"))
                .at(FILE, raw.version.span())
                .label("used in package file names")
                .help("write a version such as \"1.0.0\" or \"2.1.0-beta.1+build.7\" (letters, digits, `.`, `+`, `-`)"),
        );
    }
    let completion = Completion {
        rule: choose(
            raw.completion.rule.as_ref(),
            &[
                ("all-pages", CompletionRule::AllPages),
                ("assessment-passed", CompletionRule::AssessmentPassed),
                ("both", CompletionRule::Both),
            ],
            CompletionRule::AllPages,
            "completion.rule",
            report,
        ),
        mastery_score: mastery(raw.completion.mastery_score.as_ref(), report),
        reporting: choose(
            raw.completion.reporting.as_ref(),
            &[
                ("passed-incomplete", ReportingMode::PassedIncomplete),
                ("passed-failed", ReportingMode::PassedFailed),
                ("completed-incomplete", ReportingMode::CompletedIncomplete),
                ("completed-failed", ReportingMode::CompletedFailed),
            ],
            ReportingMode::PassedIncomplete,
            "completion.reporting",
            report,
        ),
    };
    let sco_layout = choose(
        raw.scorm.sco_layout.as_ref(),
        &[("single", ScoLayout::Single), ("per-section", ScoLayout::PerSection)],
        ScoLayout::Single,
        "scorm.sco_layout",
        report,
    );
    let time_limit = super::course_time::read(
        raw.scorm.time_limit.as_ref(),
        raw.scorm.time_limit_action.as_ref(),
        sco_layout,
        report,
    );
    Some(CourseFile {
        id: raw.id.into_inner(),
        title: raw.title.into_inner(),
        language: raw.language.into_inner(),
        version: raw.version.into_inner(),
        description: raw.description,
        authors: raw.authors,
        publisher: raw.publisher,
        completion,
        sco_layout,
        time_limit,
        theme: raw.theme,
        strings,
    })
}

/// Why `version` cannot be part of a file name, or `None`: it must be SemVer-like, ASCII letters,
/// digits, `.`, `+` and `-`, starting with a letter or digit, without `..`.
pub fn version_problem(version: &str) -> Option<String> {
    if version.is_empty() {
        return Some("is empty".to_owned());
    }
    if let Some(c) = version
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || ".+-".contains(*c)))
    {
        return Some(format!("contains `{}`", c.escape_default()));
    }
    if !version.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some("must start with a letter or digit".to_owned());
    }
    if version.contains("..") {
        return Some("contains `..`".to_owned());
    }
    None
}

fn choose<T: Copy>(
    value: Option<&Spanned<String>>,
    options: &[(&str, T)],
    default: T,
    key: &str,
    report: &mut Report,
) -> T {
    let Some(value) = value else { return default };
    if let Some((_, v)) = options.iter().find(|(name, _)| *name == value.get_ref()) {
        return *v;
    }
    let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    report.push(
        Diagnostic::error("E0104", format!("unknown value for `{key}`"))
            .at(FILE, value.span())
            .label("not one of the accepted values")
            .help(format!("use one of {}", names.join(", "))),
    );
    default
}

fn mastery(value: Option<&Spanned<i64>>, report: &mut Report) -> u8 {
    let Some(value) = value else { return 80 };
    match u8::try_from(*value.get_ref()) {
        Ok(v) if v <= 100 => v,
        _ => {
            report.push(
                Diagnostic::error("E0104", "`completion.mastery_score` must be a percentage from 0 to 100")
                    .at(FILE, value.span())
                    .help("write for example `mastery_score = 80`"),
            );
            80
        }
    }
}

fn check_iri(id: &Spanned<String>, report: &mut Report) {
    let text = id.get_ref();
    let scheme_ok = text.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.len() >= 2
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.is_empty()
    });
    let clean = !text.chars().any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c));
    if !scheme_ok || !clean {
        report.push(
            Diagnostic::error("E0102", "course `id` must be an absolute IRI")
                .at(FILE, id.span())
                .label("every package identifier is derived from this")
                .help("use an address you control, e.g. \"https://example.org/courses/my-course\""),
        );
    }
}

fn check_language(lang: &Spanned<String>, report: &mut Report) {
    let ok = lang.get_ref().split('-').enumerate().all(|(i, part)| {
        let len_ok = if i == 0 {
            (2..=3).contains(&part.len())
        } else {
            (1..=8).contains(&part.len())
        };
        len_ok && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    if !ok {
        report.push(
            Diagnostic::error("E0103", "`language` must be a BCP 47 language tag")
                .at(FILE, lang.span())
                .help("write for example \"nl\", \"en\" or \"nl-BE\""),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::schema::introspect::fields;

    #[test]
    fn the_key_lists_name_every_field_of_the_structs() {
        assert_eq!(COURSE.all_names(), fields::<RawCourse>());
        assert_eq!(COMPLETION.all_names(), fields::<RawCompletion>());
        assert_eq!(SCORM.all_names(), fields::<RawScorm>());
        let mut theme: Vec<&str> = crate::theme::KEYS.to_vec();
        theme.sort_unstable();
        assert_eq!(THEME.all_names(), theme);
    }

    #[test]
    fn versions_are_semver_like_and_never_paths() {
        for ok in ["1.0.0", "0.1.0", "2.1.0-beta.1+build.7", "v3", "2024.12"] {
            assert_eq!(version_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "a/../../PWNED",
            "1.0\\x",
            "C:1",
            "1 0",
            "..",
            ".1",
            "-1",
            "1..2",
            "1.0/",
        ] {
            assert!(version_problem(bad).is_some(), "{bad:?} accepted");
        }
    }
}
