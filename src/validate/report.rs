//! Rendering the outcomes of one `validate` run: compiler-style text, JSON for CI, JUnit XML
//! for dashboards, and the one-line summary.

use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};
use quick_xml::escape::escape;
use serde::Serialize;

use crate::diag::{Diagnostic, JsonDiagnostic, Report, Severity, SourceMap, Span};
use crate::printable::{self, escape as safe};

use super::Outcome;
use super::archive::Container;

/// A path that could not be validated at all, with the reason.
#[derive(Debug, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

/// Human text: per package a header, its findings and counts; then the summary line.
pub fn human(outcomes: &[Outcome], failures: &[Failure], color: bool) -> String {
    let mut out = String::new();
    for o in outcomes {
        out.push_str(&format!("{}: {}\n", safe(&o.path), describe(o)));
        let mut report = Report {
            diagnostics: o.findings.diagnostics.clone(),
        };
        report.sort();
        if report.diagnostics.is_empty() {
            out.push_str("no problems found\n\n");
            continue;
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        for d in &report.diagnostics {
            out.push_str(&render_finding(d, &o.sources, &renderer));
            out.push_str("\n\n");
        }
        out.push_str(&report.summary());
        out.push_str("\n\n");
    }
    for failure in failures {
        out.push_str(&format!(
            "{}: could not validate: {}\n\n",
            safe(&failure.path),
            safe(&failure.error)
        ));
    }
    out.push_str(&summary(outcomes, failures));
    out.push('\n');
    out
}

/// One finding in compiler style. Only the finding's line is handed to the renderer, cut to a
/// window around the span when long, so output time stays linear on one-line manifests.
fn render_finding(d: &Diagnostic, sources: &SourceMap, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let text = safe(&d.message);
    let mut message = level.title(&text).id(d.code);
    let excerpt = d.span.as_ref().and_then(|s| Excerpt::new(sources, s));
    if let Some(ex) = &excerpt {
        message = message.snippet(
            Snippet::source(&ex.text)
                .line_start(ex.line)
                .annotation(level.span(ex.range.clone())),
        );
    }
    let help = d.help.as_deref().map(safe);
    if let Some(help) = &help {
        message = message.footer(Level::Help.title(help));
    }
    let rendered = renderer.render(message).to_string();
    let location = match (&d.span, &excerpt) {
        (Some(s), Some(ex)) => format!(
            "{}--> {}:{}:{}",
            " ".repeat(ex.line.to_string().len()),
            safe(&s.file),
            ex.line,
            ex.column
        ),
        (Some(s), None) => format!(" --> {}", safe(&s.file)),
        (None, _) => return rendered,
    };
    match rendered.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{location}\n{rest}"),
        None => format!("{rendered}\n{location}"),
    }
}

/// The source line of a span (or a window of it), with the span relative to that text.
struct Excerpt {
    text: String,
    line: usize,
    column: usize,
    range: Range<usize>,
}

/// Bytes of context kept on each side of a span in a long line.
const CONTEXT: usize = 80;

impl Excerpt {
    fn new(sources: &SourceMap, span: &Span) -> Option<Self> {
        let text = sources.get(&span.file)?;
        let start = boundary(text, span.range.start.min(text.len()));
        let (line, column) = sources.line_col(&span.file, start)?;
        // Newlines are looked for only within the context shown, so each excerpt costs the same on a 16 MiB line.
        let bytes = text.as_bytes();
        let lo = boundary(text, start.saturating_sub(CONTEXT));
        let (from, lead) = match text[lo..start].rfind('\n') {
            Some(i) => (lo + i + 1, ""),
            None if lo > 0 && bytes[lo - 1] != b'\n' => (lo, "..."),
            None => (lo, ""),
        };
        let end_cap = boundary(text, span.range.end.clamp(start, text.len()).min(start + 4 * CONTEXT));
        let end = text[start..end_cap].find('\n').map_or(end_cap, |i| start + i);
        let hi = boundary(text, (end + CONTEXT).min(text.len()));
        let (to, trail) = match text[end..hi].find('\n') {
            Some(i) => (end + i, ""),
            None if hi < text.len() && bytes[hi] != b'\n' => (hi, "..."),
            None => (hi, ""),
        };
        // Control and bidirectional formatting characters (tabs, carriage returns, ESC, U+202E…) become
        // spaces: same length, so the span keeps its place, and the renderer's width arithmetic sees plain text.
        let clean: String = text[from..to]
            .chars()
            .map(|c| {
                if printable::is_unsafe(c) {
                    " ".repeat(c.len_utf8())
                } else {
                    c.to_string()
                }
            })
            .collect();
        let shown = format!("{lead}{clean}{trail}");
        let offset = (lead.len() + start - from).min(shown.len());
        let range_end = (offset + (end - start)).min(shown.len());
        Some(Self {
            text: shown,
            line,
            column,
            range: offset..range_end,
        })
    }
}

/// The nearest char boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What was found in a package, in words.
pub fn describe(o: &Outcome) -> String {
    let what = if o.standards.is_empty() {
        "no supported manifest".to_owned()
    } else {
        o.standards.join(" + ")
    };
    let container = match o.container {
        Some(Container::Zip) => "zip",
        Some(Container::Folder) => "folder",
        Some(Container::Manifest) => "bare manifest; checks that need the package's files were skipped",
        None => "unreadable",
    };
    format!("{what} ({container})")
}

/// The one-line summary of a run.
pub fn summary(outcomes: &[Outcome], failures: &[Failure]) -> String {
    let errors: usize = outcomes.iter().map(|o| o.findings.error_count()).sum();
    let warnings: usize = outcomes.iter().map(|o| o.findings.warning_count()).sum();
    let n = outcomes.len() + failures.len();
    let mut line = format!(
        "validated {n} package{}: {errors} error{}, {warnings} warning{}",
        plural(n),
        plural(errors),
        plural(warnings)
    );
    if !failures.is_empty() {
        line.push_str(&format!(", {} could not be read", failures.len()));
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[derive(Serialize)]
struct JsonRun<'a> {
    version: u32,
    summary: JsonSummary,
    packages: Vec<JsonPackage<'a>>,
    findings: Vec<JsonFinding<'a>>,
    failures: &'a [Failure],
}

#[derive(Serialize)]
struct JsonSummary {
    packages: usize,
    errors: usize,
    warnings: usize,
    failed: usize,
}

#[derive(Serialize)]
struct JsonPackage<'a> {
    path: &'a str,
    container: Option<&'static str>,
    standards: &'a [String],
    files_checked: bool,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    package: &'a str,
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
}

/// JSON: summary, one object per package and one per finding, with stable field names.
pub fn json(outcomes: &[Outcome], failures: &[Failure]) -> String {
    let packages = outcomes
        .iter()
        .map(|o| JsonPackage {
            path: &o.path,
            container: o.container.map(container_name),
            standards: &o.standards,
            files_checked: o.files_checked(),
            errors: o.findings.error_count(),
            warnings: o.findings.warning_count(),
        })
        .collect();
    let findings = outcomes
        .iter()
        .flat_map(|o| o.findings.diagnostics.iter().map(move |d| finding(o, d)))
        .collect();
    let run = JsonRun {
        version: 1,
        summary: JsonSummary {
            packages: outcomes.len() + failures.len(),
            errors: outcomes.iter().map(|o| o.findings.error_count()).sum(),
            warnings: outcomes.iter().map(|o| o.findings.warning_count()).sum(),
            failed: failures.len(),
        },
        packages,
        findings,
        failures,
    };
    printable::json(serde_json::to_string_pretty(&run).unwrap_or_else(|_| "{}".to_owned()))
}

fn container_name(c: Container) -> &'static str {
    match c {
        Container::Zip => "zip",
        Container::Folder => "folder",
        Container::Manifest => "manifest",
    }
}

fn finding<'a>(o: &'a Outcome, d: &'a Diagnostic) -> JsonFinding<'a> {
    JsonFinding {
        package: &o.path,
        diagnostic: JsonDiagnostic::new(d, &o.sources),
    }
}

fn position(sources: &SourceMap, d: &Diagnostic) -> Option<(usize, usize)> {
    d.span.as_ref().and_then(|s| sources.line_col(&s.file, s.range.start))
}

/// Text for a JUnit attribute or element: unsafe characters as visible escapes (XML 1.0 forbids most C0
/// controls even as character references), then XML-escaped.
fn xml(text: &str) -> String {
    escape(safe(text).as_ref()).into_owned()
}

/// JUnit XML: a test suite per package, a failing test case per error, warnings as output.
pub fn junit(outcomes: &[Outcome], failures: &[Failure]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"coursepack validate\">\n");
    for o in outcomes {
        let errors = o.findings.error_count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{errors}\" errors=\"0\">\n",
            xml(&o.path),
            o.findings.diagnostics.len().max(1)
        ));
        if o.findings.diagnostics.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"package\" classname=\"{}\"/>\n",
                xml(&o.path)
            ));
        }
        for d in &o.findings.diagnostics {
            out.push_str(&junit_case(o, d));
        }
        out.push_str("  </testsuite>\n");
    }
    for failure in failures {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"read\" classname=\"{0}\"><error message=\"{}\"/></testcase>\n  </testsuite>\n",
            xml(&failure.path),
            xml(&failure.error)
        ));
    }
    out.push_str("</testsuites>\n");
    out
}

fn junit_case(o: &Outcome, d: &Diagnostic) -> String {
    let place = match (d.span.as_ref(), position(&o.sources, d)) {
        (Some(s), Some((l, c))) => format!(" {}:{l}:{c}", s.file),
        (Some(s), None) => format!(" {}", s.file),
        _ => String::new(),
    };
    let name = xml(&format!("{}{place}", d.code));
    let class = xml(&o.path);
    let message = xml(&d.message);
    match d.severity {
        Severity::Error => format!(
            "    <testcase name=\"{name}\" classname=\"{class}\"><failure message=\"{message}\" type=\"{}\"/></testcase>\n",
            d.code
        ),
        Severity::Warning => format!(
            "    <testcase name=\"{name}\" classname=\"{class}\"><system-out>warning: {message}</system-out></testcase>\n"
        ),
    }
}
