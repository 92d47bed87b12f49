//! Collects the findings about one package and turns rule levels into severities (`--strict`).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diag::{Diagnostic, Severity, Span};

use super::rules::{self, Level};

/// Findings listed per code; the rest are counted in one closing finding, so that a manifest of a million
/// broken items costs a million counts, not a million rendered excerpts.
pub const MAX_PER_CODE: usize = 100;

/// The findings of one package, in the order they were made.
#[derive(Debug)]
pub struct Findings {
    strict: bool,
    pub diagnostics: Vec<Diagnostic>,
    listed: BTreeMap<&'static str, usize>,
    /// Per code beyond the cap: how many, and whether one of them was an error.
    unlisted: BTreeMap<&'static str, (usize, bool)>,
    /// Where findings beyond the cap are refined, then dropped.
    scratch: Diagnostic,
}

impl Findings {
    pub fn new(strict: bool) -> Self {
        Self {
            strict,
            diagnostics: Vec::new(),
            listed: BTreeMap::new(),
            unlisted: BTreeMap::new(),
            scratch: Diagnostic::warning("", ""),
        }
    }

    /// Whether another finding of `code` would still be listed (callers skip costly messages otherwise).
    pub fn lists(&self, code: &str) -> bool {
        self.listed.get(code).is_none_or(|n| *n < MAX_PER_CODE)
    }

    /// Adds one closing finding per code whose findings went over [`MAX_PER_CODE`].
    pub fn close(&mut self) {
        for (code, (n, error)) in std::mem::take(&mut self.unlisted) {
            let message = format!("{n} more {code} findings were not listed (at most {MAX_PER_CODE} are)");
            self.diagnostics.push(if error {
                Diagnostic::error(code, message)
            } else {
                Diagnostic::warning(code, message)
            });
        }
    }

    /// Adds a finding at the rule's default level and returns it for `help`/`label`.
    pub fn add(&mut self, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.add_as(rules::level(code), code, message)
    }

    /// Adds a finding at an explicit level (a rule may have lenient and hard cases).
    pub fn add_as(&mut self, level: Level, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        let severity = match level {
            Level::Error => Severity::Error,
            Level::Spec if self.strict => Severity::Error,
            Level::Spec | Level::Advice => Severity::Warning,
        };
        let listed = self.listed.entry(code).or_insert(0);
        if *listed >= MAX_PER_CODE {
            let over = self.unlisted.entry(code).or_insert((0, false));
            over.0 += 1;
            over.1 |= severity == Severity::Error;
            self.scratch = Diagnostic::warning(code, "");
            return &mut self.scratch;
        }
        *listed += 1;
        let diagnostic = match severity {
            Severity::Error => Diagnostic::error(code, message),
            Severity::Warning => Diagnostic::warning(code, message),
        };
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Refines a finding just added: where it is and what to do about it.
pub trait Refine {
    fn place(self, file: &str, range: Range<usize>) -> Self;
    fn hint(self, help: impl Into<String>) -> Self;
}

impl Refine for &mut Diagnostic {
    fn place(self, file: &str, range: Range<usize>) -> Self {
        self.span = Some(Span {
            file: file.to_owned(),
            range,
        });
        self
    }

    fn hint(self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
