//! Model → HTML: one launch file per SCO (shell, navigation, first page, quiz forms, `#cp-data`) and one
//! script fragment per later Markdown page (`pages/<id>.js`), loaded when shown. minijinja, strict undefined.

pub mod data;
mod quiz;

use std::collections::{BTreeMap, BTreeSet};

use minijinja::{Environment, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;

use crate::check::page_files;
use crate::i18n::{Strings, is_rtl};
use crate::markdown::{self, LinkContext};
use crate::model::{Course, Page, PageBody, QuizKind, ScoLayout, Section};
use crate::theme::Logo;

const SCO_TEMPLATE: &str = include_str!("../../packaging/templates/sco.html");

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error: {0}")]
    Template(#[from] minijinja::Error),
    #[error("cannot serialise course data: {0}")]
    Json(#[from] serde_json::Error),
    #[error("page {0}'s body marker is missing from the rendered page (a title holding a NUL character?)")]
    Marker(usize),
}

/// One launchable unit (SCO / AU): its launch file, the HTML, and what it needs from the course folder.
pub struct RenderedSco<'a> {
    pub id: String,
    pub title: String,
    pub launch_file: String,
    pub html: String,
    /// The page fragments this SCO loads when a page is shown.
    pub fragments: Vec<Fragment>,
    pub media: BTreeSet<String>,
    pub pages: Vec<&'a Page>,
    pub has_assessment: bool,
}

/// Which SCOs a course has when cut up by `layout`: (id, title, launch file, sections).
pub fn sco_split(course: &Course, layout: ScoLayout) -> Vec<(String, String, String, Vec<&Section>)> {
    match layout {
        ScoLayout::Single => vec![(
            "course".to_owned(),
            course.title.clone(),
            "index.html".to_owned(),
            course.sections.iter().collect(),
        )],
        ScoLayout::PerSection => course
            .sections
            .iter()
            .map(|s| (s.id.clone(), s.title.clone(), format!("sco-{}.html", s.id), vec![s]))
            .collect(),
    }
}

/// Renders every SCO of the course, cut up by `layout` (the course's own, or one SCO for xAPI), on
/// all cores; `adapter_script` is the runtime adapter file under `assets/`.
pub fn render<'a>(
    course: &'a Course,
    layout: ScoLayout,
    files: &BTreeSet<String>,
    adapter_script: &str,
) -> Result<Vec<RenderedSco<'a>>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("sco.html", SCO_TEMPLATE)?;
    let strings = course.ui_strings();
    let split = sco_split(course, layout);
    let home: BTreeMap<&str, &str> = split
        .iter()
        .flat_map(|(_, _, launch, sections)| {
            sections
                .iter()
                .flat_map(move |s| s.pages.iter().map(move |p| (p.id.as_str(), launch.as_str())))
        })
        .collect();
    let pages_by_file = page_files(course);
    let label = |k: &str| strings.get(k);
    split
        .par_iter()
        .map(|(id, title, launch, sections)| {
            let page_href = |page: &str, anchor: Option<&str>| {
                let file = home
                    .get(page)
                    .filter(|f| *f != launch)
                    .map(|f| f.to_string())
                    .unwrap_or_default();
                match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None => format!("{file}#p-{page}"),
                }
            };
            let renderer = ScoRenderer {
                course,
                files,
                pages_by_file: &pages_by_file,
                strings: &strings,
                page_href: &page_href,
                label: &label,
            };
            renderer.sco(&env, id, title, launch, sections, adapter_script)
        })
        .collect()
}

struct ScoRenderer<'a> {
    course: &'a Course,
    files: &'a BTreeSet<String>,
    pages_by_file: &'a BTreeMap<String, String>,
    strings: &'a Strings,
    page_href: &'a (dyn Fn(&str, Option<&str>) -> String + Sync),
    label: &'a (dyn Fn(&str) -> String + Sync),
}

#[derive(Serialize)]
struct ScoContext<'a> {
    lang: &'a str,
    title: &'a str,
    course_title: &'a str,
    generator_version: &'static str,
    adapter_script: &'a str,
    /// `rtl` for right-to-left languages, else `ltr`.
    dir: &'static str,
    /// Link `assets/theme.css` (from `[theme]`) and `assets/course.css` (the course's `theme.css`).
    theme_css: bool,
    course_css: bool,
    logo: Option<&'a Logo>,
    s: &'a Strings,
    toc: Vec<TocSection<'a>>,
    pages: Vec<PageView<'a>>,
    progress_label: String,
    first_page_count: String,
    data_json: String,
}

#[derive(Serialize)]
struct TocSection<'a> {
    id: &'a str,
    title: &'a str,
    pages: Vec<TocPage<'a>>,
}

#[derive(Serialize)]
struct TocPage<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    section_title: &'a str,
    html: String,
    quiz: Option<quiz::QuizView>,
    /// The page's content is in this fragment file, not in the launch page.
    fragment: Option<String>,
}

/// A page fragment: (package path, script text).
pub type Fragment = (String, String);

/// The package path of page `id`'s fragment.
pub fn fragment_path(id: &str) -> String {
    format!("pages/{id}.js")
}

/// Whether page `i` of a SCO is left out of its launch page: every Markdown page but the first (quiz
/// pages stay in, so grading and resuming never wait for a fragment).
fn is_lazy(i: usize, page: &Page) -> bool {
    i > 0 && matches!(page.body, PageBody::Markdown { .. })
}

/// A fragment script: hands the page's inner HTML to the player (`window.CoursepackPage`), so it
/// loads with a `<script src>` from `file://` and in LMS frames alike.
fn fragment_script(id: &str, section_title: &str, title: &str, body: &str) -> Result<String, RenderError> {
    let html = format!(
        "<p class=\"cp-section-label\">{}</p>\n<h1 id=\"h-{}\" tabindex=\"-1\">{}</h1>\n{body}",
        markdown::escape(section_title),
        markdown::escape(id),
        markdown::escape(title),
    );
    let (id, html) = (serde_json::to_string(id)?, serde_json::to_string(&html)?);
    // `concat` allocates the exact length: every target's fragments are held until written, and `format!` can
    // leave up to twice their length allocated (massif, large course, two targets: heap peak 114 → 72 MB).
    Ok(["window.CoursepackPage(", &id, ", ", &html, ");\n"].concat())
}

/// The table of contents of a launch page: every section, with links to the pages in that file only (a fragment
/// page's link is made by the player when its section is opened), so the file does not grow with the pages.
fn toc<'a>(sections: &[&'a Section]) -> Vec<TocSection<'a>> {
    let mut i = 0;
    sections
        .iter()
        .map(|s| TocSection {
            id: &s.id,
            title: &s.title,
            pages: s
                .pages
                .iter()
                .filter(|p| {
                    i += 1;
                    !is_lazy(i - 1, p)
                })
                .map(|p| TocPage {
                    id: &p.id,
                    title: &p.title,
                })
                .collect(),
        })
        .collect()
}

/// How many Markdown bodies are rendered at once (in parallel) when filling a SCO page.
const BODIES_AT_ONCE: usize = 64;

/// Stands in for the body of page `i` in the first pass. NUL never comes out of Markdown
/// rendering (CommonMark turns it into U+FFFD), and no title holds one (the loader refuses control
/// characters, E0109), so a marker cannot be confused with course text.
fn body_marker(i: usize) -> String {
    format!("\u{0}cp-body-{i}\u{0}")
}

impl ScoRenderer<'_> {
    /// Replaces each body marker in `skeleton` with the page's rendered Markdown, in order.
    fn fill_bodies(
        &self,
        skeleton: &str,
        pages: &[&Page],
        media: &mut BTreeSet<String>,
    ) -> Result<String, RenderError> {
        let bodies: Vec<(usize, &str, &str, usize)> = pages
            .iter()
            .enumerate()
            .filter(|(i, p)| !is_lazy(*i, p))
            .filter_map(|(i, p)| match &p.body {
                PageBody::Markdown { text, offset } => Some((i, p.file.as_str(), &**text, *offset)),
                PageBody::Quiz(_) => None,
            })
            .collect();
        // HTML is about the size of its Markdown; a quarter more avoids most regrowth.
        let guess = skeleton.len() + bodies.iter().map(|b| b.2.len() + b.2.len() / 4).sum::<usize>();
        let mut out = String::with_capacity(guess);
        let mut rest = skeleton;
        for batch in bodies.chunks(BODIES_AT_ONCE) {
            let done: Vec<(String, BTreeSet<String>)> = batch
                .par_iter()
                .map(|(_, file, text, offset)| {
                    let mut found = BTreeSet::new();
                    (self.markdown(file, text, *offset, &mut found), found)
                })
                .collect();
            for ((i, ..), (html, found)) in batch.iter().zip(done) {
                let marker = body_marker(*i);
                let at = rest.find(&marker).ok_or(RenderError::Marker(*i))?;
                out.push_str(&rest[..at]);
                out.push_str(&html);
                rest = &rest[at + marker.len()..];
                media.extend(found);
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The fragment scripts of the SCO's lazy pages, rendered on all cores, in page order.
    fn fragments(
        &self,
        pages: &[(&Section, &Page)],
        media: &mut BTreeSet<String>,
    ) -> Result<Vec<Fragment>, RenderError> {
        let done: Vec<Result<(Fragment, BTreeSet<String>), RenderError>> = pages
            .par_iter()
            .enumerate()
            .filter(|(i, (_, p))| is_lazy(*i, p))
            .filter_map(|(_, (s, p))| match &p.body {
                PageBody::Markdown { text, offset } => Some((s, p, text, offset)),
                PageBody::Quiz(_) => None,
            })
            .map(|(s, p, text, offset)| {
                let mut found = BTreeSet::new();
                let body = self.markdown(&p.file, text, *offset, &mut found);
                let script = fragment_script(&p.id, &s.title, &p.title, &body)?;
                Ok(((fragment_path(&p.id), script), found))
            })
            .collect();
        let mut out = Vec::with_capacity(done.len());
        for d in done {
            let (fragment, found) = d?;
            out.push(fragment);
            media.extend(found);
        }
        Ok(out)
    }

    fn markdown(&self, file: &str, text: &str, offset: usize, media: &mut BTreeSet<String>) -> String {
        let ctx = LinkContext {
            file,
            pages: self.pages_by_file,
            files: self.files,
            // Only a checked course is rendered, and `check` refuses references to broken links.
            broken: &BTreeMap::new(),
            page_href: self.page_href,
            lang: &self.course.language,
            label: self.label,
            // links across SCOs are refused by `check` before anything is rendered
            sco_sections: None,
        };
        let rendered = markdown::render(text, offset, &ctx);
        media.extend(rendered.media);
        rendered.html
    }

    fn sco<'c>(
        &self,
        env: &Environment,
        id: &str,
        title: &str,
        launch: &str,
        sections: &[&'c Section],
        adapter: &str,
    ) -> Result<RenderedSco<'c>, RenderError> {
        let pages: Vec<(&'c Section, &'c Page)> = sections
            .iter()
            .flat_map(|s| s.pages.iter().map(move |p| (*s, p)))
            .collect();
        // Markdown bodies are left out of the first pass (a marker stands in for each) and
        // rendered afterwards straight into the page, a few dozen at a time on all cores: the
        // bodies of a large SCO are then never held twice.
        let rendered: Vec<(PageView<'c>, BTreeSet<String>, Option<data::QuizData>)> = pages
            .par_iter()
            .enumerate()
            .map(|(i, (section, page))| {
                let mut media = BTreeSet::new();
                let (html, quiz, quiz_data) = match &page.body {
                    PageBody::Markdown { .. } if is_lazy(i, page) => (String::new(), None, None),
                    PageBody::Markdown { .. } => (body_marker(i), None, None),
                    PageBody::Quiz(q) => {
                        let intro = q
                            .intro
                            .as_deref()
                            .map(|i| self.markdown(&page.file, i, 0, &mut media))
                            .unwrap_or_default();
                        (
                            String::new(),
                            Some(quiz::quiz_view(q, intro, self.strings)),
                            Some(data::quiz_data(page, q, self.course)),
                        )
                    }
                };
                let view = PageView {
                    id: &page.id,
                    title: &page.title,
                    section_title: &section.title,
                    html,
                    quiz,
                    fragment: is_lazy(i, page).then(|| fragment_path(&page.id)),
                };
                (view, media, quiz_data)
            })
            .collect();
        let mut media: BTreeSet<String> = self.course.theme.logo.iter().map(|l| l.path.clone()).collect();
        let mut views = Vec::with_capacity(rendered.len());
        let mut quizzes = Vec::new();
        for (view, page_media, quiz_data) in rendered {
            views.push(view);
            media.extend(page_media);
            quizzes.extend(quiz_data);
        }
        let page_refs: Vec<&'c Page> = pages.iter().map(|(_, p)| *p).collect();
        let has_assessment = page_refs
            .iter()
            .any(|p| p.quiz().is_some_and(|q| q.kind == QuizKind::Assessment));
        let data = data::ScoData {
            state_version: 1,
            fingerprint: data::fingerprint(&page_refs),
            course_id: &self.course.id,
            sco_id: id,
            title,
            lang: &self.course.language,
            version: &self.course.version,
            completion: data::CompletionData {
                rule: self.course.completion.rule.as_str(),
                mastery_score: self.course.completion.mastery_score,
                reporting: self.course.completion.reporting.as_str(),
            },
            pages: pages
                .iter()
                .map(|(s, p)| data::PageData {
                    id: &p.id,
                    title: &p.title,
                    section: &s.id,
                    quiz: p.quiz().map(|_| p.id.as_str()),
                })
                .collect(),
            quizzes,
            strings: self.strings,
        };
        let n = pages.len().to_string();
        let ctx = ScoContext {
            lang: &self.course.language,
            title,
            course_title: &self.course.title,
            generator_version: env!("CARGO_PKG_VERSION"),
            adapter_script: adapter,
            dir: if is_rtl(&self.course.language) { "rtl" } else { "ltr" },
            theme_css: self.course.theme.has_css(),
            course_css: self.course.theme.course_css,
            logo: self.course.theme.logo.as_ref(),
            s: self.strings,
            toc: toc(sections),
            pages: views,
            progress_label: self.strings.fill("pages_viewed", &[("x", "0"), ("n", &n)]),
            first_page_count: self.strings.fill("page_x_of_n", &[("x", "1"), ("n", &n)]),
            data_json: data::script_json(&data)?,
        };
        let skeleton = env.get_template("sco.html")?.render(&ctx)?;
        drop(ctx);
        let html = self.fill_bodies(&skeleton, &page_refs, &mut media)?;
        let fragments = self.fragments(&pages, &mut media)?;
        Ok(RenderedSco {
            id: id.to_owned(),
            title: title.to_owned(),
            launch_file: launch.to_owned(),
            html,
            fragments,
            media,
            pages: page_refs,
            has_assessment,
        })
    }
}
