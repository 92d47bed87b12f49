use super::*;

const INNER: Table = Table {
    what: "`[inner]`",
    keys: &[Key::optional("depth", Ty::Integer, "depth = 2")],
    variants: &[],
};

const DOC: Table = Table {
    what: "the file",
    keys: &[
        Key::required("title", Ty::Text, "title = \"…\""),
        Key::optional("shown", Ty::Bool, "shown = true"),
        Key::optional("tags", Ty::Texts, "tags = [\"…\"]"),
        Key::optional("inner", Ty::Table(&INNER), "[inner]"),
    ],
    variants: &[],
};

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Doc {
    title: String,
    shown: Option<bool>,
}

fn problems(text: &str) -> Vec<(String, Option<String>, String)> {
    let mut report = Report::default();
    let read: Option<Doc> = read("f.toml", text, 0, &DOC, "skipped", &mut report);
    assert!(read.is_none() || report.diagnostics.is_empty());
    report
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.span.as_ref().map(|s| s.range.clone()).unwrap_or_default();
            (text[span].to_owned(), d.help.clone(), d.message.clone())
        })
        .collect()
}

#[test]
fn every_problem_of_a_file_is_found_in_one_walk_in_file_order() {
    let found = problems("tags = \"a\"\nshown = \"yes\"\nheading = \"x\"\ndepth = 3\n");
    let at: Vec<&str> = found.iter().map(|(at, _, _)| at.as_str()).collect();
    assert_eq!(at, ["", "\"a\"", "\"yes\"", "heading", "depth"]);
    assert_eq!(found[0].2, "missing key `title` in the file");
    assert_eq!(
        found[3].1.as_deref(),
        Some("the file accepts `title`, `shown`, `tags`, `inner`")
    );
    assert_eq!(found[2].2, "`shown` in the file must be true or false, without quotes");
    assert_eq!(found[1].1.as_deref(), Some("put it in a list: tags = [\"a\"]"));
    assert_eq!(found[4].1.as_deref(), Some("`depth` belongs in `[inner]`"));
}

#[test]
fn the_note_is_given_once_on_the_last_problem() {
    let mut report = Report::default();
    let _: Option<Doc> = read(
        "f.toml",
        "title = 1\nshown = \"true\"\n",
        0,
        &DOC,
        "skipped",
        &mut report,
    );
    let notes: Vec<Option<&str>> = report.diagnostics.iter().map(|d| d.note.as_deref()).collect();
    assert_eq!(notes, [None, Some("skipped")]);
    assert_eq!(
        report.diagnostics[1].help.as_deref(),
        Some("write it without quotes: shown = true")
    );
}

#[test]
fn a_clean_file_is_read() {
    let mut report = Report::default();
    let doc: Option<Doc> = read(
        "f.toml",
        "title = \"x\"\n[inner]\ndepth = 1\n",
        0,
        &DOC,
        "",
        &mut report,
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    assert_eq!(doc.map(|d| d.title).as_deref(), Some("x"));
}

#[test]
fn typos_are_matched_by_edit_distance_only_when_close() {
    let keys = ["prompt", "weight", "id", "answers"];
    assert_eq!(closest("promt", keys.into_iter()), Some("prompt"));
    assert_eq!(closest("Weigth", keys.into_iter()), Some("weight"));
    assert_eq!(closest("answer", keys.into_iter()), Some("answers"));
    assert_eq!(closest("colour", keys.into_iter()), None);
}

#[test]
fn a_typo_for_a_required_key_is_not_also_reported_missing() {
    let found = problems("titel = \"x\"\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.as_deref(), Some("did you mean `title`?"));
}

const MEASURE: Table = Table {
    what: "a measure",
    keys: &[Key::optional("size", Ty::Number, "size = 0.5")],
    variants: &[],
};

#[derive(serde::Deserialize)]
struct Measure {
    size: f64,
}

#[test]
fn a_number_is_whole_or_decimal_and_a_quoted_one_is_said_without_quotes() {
    for (text, size) in [("size = 40\n", 40.0), ("size = 0.25\n", 0.25)] {
        let mut report = Report::default();
        let m: Option<Measure> = read("f.toml", text, 0, &MEASURE, "", &mut report);
        assert!(report.diagnostics.is_empty(), "{text}: {:?}", report.diagnostics);
        assert_eq!(m.map(|m| m.size), Some(size));
    }
    let mut report = Report::default();
    let m: Option<Measure> = read("f.toml", "size = \"0.5\"\n", 0, &MEASURE, "", &mut report);
    assert!(m.is_none());
    assert_eq!(report.diagnostics[0].message, "`size` in a measure must be a number");
    assert_eq!(
        report.diagnostics[0].help.as_deref(),
        Some("write it without quotes: size = 0.5")
    );
}
