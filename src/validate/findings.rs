//! Collects the findings about one package and turns rule levels into severities (`--strict`).

use std::ops::Range;

use crate::diag::{Diagnostic, Severity, Span};

use super::rules::{self, Level};

/// The findings of one package, in the order they were made.
#[derive(Debug)]
pub struct Findings {
    strict: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Findings {
    pub fn new(strict: bool) -> Self {
        Self {
            strict,
            diagnostics: Vec::new(),
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
