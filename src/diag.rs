//! Diagnostics about a course folder: what is wrong, where (`file:line:col`), and how to fix it.
//! Rendered for people in compiler style (annotate-snippets) and as JSON for machines.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{Level, Renderer, Snippet};
use serde::Serialize;

use crate::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: path relative to the course root and a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub file: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
    /// Context that is not a fix, such as which checks were skipped because of this problem.
    pub note: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            help: None,
            note: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn at(mut self, file: &str, range: Range<usize>) -> Self {
        self.span = Some(Span {
            file: file.to_owned(),
            range,
        });
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// The text of every source file read, so diagnostics can show lines.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<String, Source>,
}

/// One file's text and, once a position is asked for, its [`LineIndex`].
#[derive(Debug, Clone)]
struct Source {
    text: Arc<str>,
    index: std::sync::OnceLock<LineIndex>,
}

impl SourceMap {
    /// Keeps `text` for `file`; an `Arc` so the course model can share it rather than copy it.
    pub fn insert(&mut self, file: &str, text: impl Into<Arc<str>>) {
        let source = Source {
            text: text.into(),
            index: std::sync::OnceLock::new(),
        };
        self.files.insert(file.to_owned(), source);
    }

    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|s| &*s.text)
    }

    /// Forgets every file but those `keep` names (to free memory once the diagnostics are known).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|file, _| keep(file));
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: &str, offset: usize) -> Option<(usize, usize)> {
        let source = self.files.get(file)?;
        let text = &*source.text;
        let offset = offset.min(text.len());
        text.get(..offset)?;
        Some(source.index.get_or_init(|| LineIndex::new(text)).line_col(text, offset))
    }
}

/// Counts at every [`LineIndex::BLOCK`] bytes, so a position costs one block of scanning whatever the file's size
/// and line lengths (a validated manifest may be 16 MiB on one line, with thousands of findings).
#[derive(Debug, Clone)]
struct LineIndex {
    /// Per block start: newlines before it, characters before it, and the start of its line.
    newlines: Vec<usize>,
    chars: Vec<usize>,
    line_starts: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 4096;

    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let (mut newlines, mut chars, mut line_start) = (0, 0, 0);
        let mut index = Self {
            newlines: Vec::new(),
            chars: Vec::new(),
            line_starts: Vec::new(),
        };
        for (k, block) in bytes.chunks(Self::BLOCK).enumerate() {
            index.newlines.push(newlines);
            index.chars.push(chars);
            index.line_starts.push(line_start);
            newlines += block.iter().filter(|&&b| b == b'\n').count();
            chars += char_starts(block);
            if let Some(i) = block.iter().rposition(|&b| b == b'\n') {
                line_start = k * Self::BLOCK + i + 1;
            }
        }
        index.newlines.push(newlines);
        index.chars.push(chars);
        index.line_starts.push(line_start);
        index
    }

    fn chars_before(&self, bytes: &[u8], at: usize) -> usize {
        let k = at / Self::BLOCK;
        self.chars[k] + char_starts(&bytes[k * Self::BLOCK..at])
    }

    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let k = offset / Self::BLOCK;
        let block = &bytes[k * Self::BLOCK..offset];
        let line = self.newlines[k] + block.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = block
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(self.line_starts[k], |i| k * Self::BLOCK + i + 1);
        let col = self.chars_before(bytes, offset) - self.chars_before(bytes, line_start) + 1;
        (line, col)
    }
}

/// Characters that start in `bytes` (bytes that are not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Every diagnostic of one run, in a stable order (file, position, code).
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.span
                    .as_ref()
                    .map(|s| (s.file.clone(), s.range.start))
                    .unwrap_or_default()
            };
            key(a).cmp(&key(b)).then(a.code.cmp(b.code))
        });
    }

    /// Human rendering: one compiler-style block per diagnostic and a summary line.
    pub fn render_human(&self, sources: &SourceMap, color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&render_one(d, sources, &renderer));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    pub fn summary(&self) -> String {
        let (e, w) = (self.error_count(), self.warning_count());
        format!("{} error{}, {} warning{}", e, plural(e), w, plural(w))
    }

    /// Machine rendering: a JSON array of findings with stable field names.
    pub fn render_json(&self, sources: &SourceMap) -> String {
        serde_json::to_string_pretty(&self.json_value(sources)).unwrap_or_else(|_| "[]".to_owned())
    }

    /// The findings as a JSON array value, for embedding in a larger document.
    pub fn json_value(&self, sources: &SourceMap) -> serde_json::Value {
        let items: Vec<JsonDiagnostic> = self
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic::new(d, sources))
            .collect();
        serde_json::to_value(items).unwrap_or_default()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    }
}

fn render_one(d: &Diagnostic, sources: &SourceMap, renderer: &Renderer) -> String {
    let lvl = level(d.severity);
    let title = printable::escape(&d.message);
    let label = d.label.as_deref().map(printable::escape);
    let help = d.help.as_deref().map(printable::escape_lines);
    let mut message = lvl.title(&title).id(d.code);
    let located = d.span.as_ref().and_then(|s| sources.get(&s.file).map(|text| (s, text)));
    let origin = d.span.as_ref().map(|s| printable::escape(&s.file));
    let source = located.map(|(_, text)| same_length_printable(text));
    if let (Some((span, _)), Some(text), Some(origin)) = (located, &source, &origin) {
        let end = span.range.end.min(text.len());
        let start = span.range.start.min(end);
        let mut annotation = lvl.span(start..end);
        if let Some(label) = &label {
            annotation = annotation.label(label);
        }
        message = message.snippet(
            Snippet::source(text)
                .line_start(1)
                .origin(origin)
                .fold(true)
                .annotation(annotation),
        );
    }
    if let Some(help) = &help {
        message = message.footer(Level::Help.title(help));
    }
    let note = d.note.as_deref().map(printable::escape_lines);
    if let Some(note) = &note {
        message = message.footer(Level::Note.title(note));
    }
    let mut rendered = renderer.render(message).to_string();
    if let (Some(origin), None) = (&origin, located) {
        rendered.push_str(&format!("\n  --> {origin}"));
    }
    rendered
}

/// The source text with every character that could drive a terminal (other than tab and line breaks)
/// replaced by a visible one of the same UTF-8 length, so the spans of the diagnostics still fit.
fn same_length_printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| printable::is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match (unsafe_char(c), c.len_utf8()) {
            (false, _) => c,
            (true, 1) => '?',
            (true, 2) => '\u{BF}',
            (true, _) => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

/// One diagnostic as JSON: the same fields for `check`/`build` and, after its `package`, for `validate`.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    label: Option<&'a str>,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(d: &'a Diagnostic, sources: &SourceMap) -> Self {
        let pos = d.span.as_ref().and_then(|s| sources.line_col(&s.file, s.range.start));
        Self {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            file: d.span.as_ref().map(|s| s.file.as_str()),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
            label: d.label.as_deref(),
            help: d.help.as_deref(),
            note: d.note.as_deref(),
        }
    }
}

#[cfg(test)]
mod line_index_tests {
    use super::SourceMap;

    #[test]
    fn positions_agree_with_a_plain_count_across_blocks() {
        let text: String = (0..3000)
            .map(|i| {
                if i % 7 == 0 {
                    "é\n".to_owned()
                } else {
                    format!("ab{i}")
                }
            })
            .collect();
        let mut sources = SourceMap::default();
        sources.insert("f", text.as_str());
        for offset in (0..text.len()).filter(|o| text.is_char_boundary(*o)).step_by(97) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[start..].chars().count() + 1;
            assert_eq!(sources.line_col("f", offset), Some((line, col)), "at {offset}");
        }
        assert_eq!(sources.line_col("f", 1), None, "inside `é`");
    }
}
