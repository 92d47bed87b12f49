//! Lints over the loaded course: links, media, alt text, figure text size, assessments, language. Reports all,
//! not the first.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Report};
use crate::markdown::{self, LinkContext};
use crate::model::{CompletionRule, Course, PageBody, QuizKind, ScoLayout};

mod figure_text;

use figure_text::FigureRef;

/// Page source file → page id for the whole course.
pub fn page_files(course: &Course) -> BTreeMap<String, String> {
    course.pages().map(|(_, p)| (p.file.clone(), p.id.clone())).collect()
}

/// Section folder → section title, when every section is its own SCO.
fn sco_sections(course: &Course) -> Option<BTreeMap<String, String>> {
    (course.sco_layout == ScoLayout::PerSection).then(|| {
        course
            .pages()
            .filter_map(|(s, p)| p.file.split_once('/').map(|(dir, _)| (dir.to_owned(), s.title.clone())))
            .collect()
    })
}

/// Checks the loaded course. `incomplete` names the pages and quizzes left out because of their own
/// errors: links to them are not reported as broken, and a missing assessment is not reported.
/// `broken`: the course folder's broken links (a page that uses one gets an error).
pub fn check(
    course: &Course,
    files: &BTreeSet<String>,
    incomplete: &BTreeSet<String>,
    broken: &BTreeMap<String, String>,
    report: &mut Report,
) {
    let mut pages = page_files(course);
    // a placeholder id: nothing is rendered while a file is incomplete
    pages.extend(incomplete.iter().map(|f| (f.clone(), f.clone())));
    let sections = sco_sections(course);
    let strings = course.ui_strings();
    let href = |id: &str, _: Option<&str>| format!("#p-{id}");
    let label = |k: &str| strings.get(k);
    // Pages are rendered on all cores; their diagnostics are added in page order.
    let all: Vec<&crate::model::Page> = course.pages().map(|(_, p)| p).collect();
    let found: Vec<(Vec<Diagnostic>, Vec<FigureRef>)> = all
        .par_iter()
        .map(|page| {
            let ctx = LinkContext {
                file: &page.file,
                pages: &pages,
                files,
                broken,
                page_href: &href,
                lang: &course.language,
                label: &label,
                sco_sections: sections.as_ref(),
            };
            match &page.body {
                PageBody::Markdown { text, offset } => {
                    let rendered = markdown::render(text, *offset, &ctx);
                    let figures = rendered
                        .figures
                        .into_iter()
                        .map(|(file, at)| FigureRef {
                            page: page.file.clone(),
                            file,
                            at,
                        })
                        .collect();
                    (rendered.diagnostics, figures)
                }
                PageBody::Quiz(quiz) => {
                    let diagnostics = quiz.intro.as_ref().map_or_else(Vec::new, |intro| {
                        markdown::render(intro, 0, &ctx)
                            .diagnostics
                            .into_iter()
                            .map(|d| {
                                let at = d.span.as_ref().map(|s| s.file.clone()).unwrap_or_default();
                                d.at(&at, 0..0)
                            })
                            .collect()
                    });
                    (diagnostics, Vec::new())
                }
            }
        })
        .collect();
    let mut figures = Vec::new();
    for (diagnostics, page_figures) in found {
        report.extend(diagnostics);
        figures.extend(page_figures);
    }
    report.extend(figure_text::check(&course.root, &figures));
    let quiz_left_out = incomplete.iter().any(|f| f.ends_with(".quiz.toml"));
    check_assessments(course, quiz_left_out, report);
}

fn check_assessments(course: &Course, quiz_left_out: bool, report: &mut Report) {
    let scopes: Vec<Vec<&crate::model::Page>> = match course.sco_layout {
        ScoLayout::Single => vec![course.pages().map(|(_, p)| p).collect()],
        ScoLayout::PerSection => course.sections.iter().map(|s| s.pages.iter().collect()).collect(),
    };
    let mut any = false;
    for pages in scopes {
        let assessments: Vec<_> = pages
            .iter()
            .filter(|p| p.quiz().is_some_and(|q| q.kind == QuizKind::Assessment))
            .collect();
        any |= !assessments.is_empty();
        for extra in assessments.iter().skip(1) {
            report.push(
                Diagnostic::error("E0406", "more than one assessment in one SCO")
                    .at(&extra.file, 0..0)
                    .label(format!("the first is {}", assessments[0].file))
                    .help(
                        "make this a knowledge check (kind = \"knowledge-check\") or use sco_layout = \"per-section\"",
                    ),
            );
        }
    }
    if !any && !quiz_left_out && course.completion.rule != CompletionRule::AllPages {
        report.push(
            Diagnostic::error(
                "E0407",
                format!(
                    "completion rule `{}` needs an assessment, but the course has none",
                    course.completion.rule.as_str()
                ),
            )
            .at("course.toml", 0..0)
            .help("add a quiz with kind = \"assessment\" or use rule = \"all-pages\""),
        );
    }
}
