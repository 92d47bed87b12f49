//! xAPI (Tin Can) target: `tincan.xml` with the course as the one launchable activity, its sections, pages and
//! questions as activities with stable IRIs, and the same definitions handed to the runtime so that statements
//! and `tincan.xml` never disagree.

use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde::Serialize;

use crate::answers::numeric::format_number;
use crate::i18n::Strings;
use crate::model::{Course, Page, Question, QuestionKind, QuizKind};
use crate::render::RenderedSco;
use crate::render::data::interaction_id;

use super::{PackagePlan, assets};

mod runtime;
pub use runtime::RuntimeActivities;

pub const TINCAN_NS: &str = "http://projecttincan.com/tincan.xsd";
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
const TYPE_MODULE: &str = "http://adlnet.gov/expapi/activities/module";
const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

type LangMap = BTreeMap<String, String>;

/// An xAPI Activity (`id` + `definition`), as it appears in statements.
#[derive(Debug, Serialize)]
pub struct Activity {
    pub id: String,
    pub definition: Definition,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Definition {
    pub name: LangMap,
    pub description: LangMap,
    #[serde(rename = "type")]
    pub type_iri: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interaction_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correct_responses_pattern: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Component>,
}

/// One choice, matching source/target or sequencing step of an interaction.
#[derive(Debug, Serialize)]
pub struct Component {
    pub id: String,
    pub description: LangMap,
}

/// Every activity of the course: what `tincan.xml` lists and what the runtime puts in statements.
#[derive(Debug, Serialize)]
pub struct Activities {
    pub course: Activity,
    pub sections: BTreeMap<String, Activity>,
    pub pages: BTreeMap<String, Activity>,
    /// Keyed by interaction id (`<quiz>_<question>`).
    pub questions: BTreeMap<String, Activity>,
    /// Activities in `tincan.xml` order (course, then per section: the section, its pages, their questions).
    #[serde(skip)]
    order: Vec<(Kind, String)>,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Section,
    Page,
    Question,
}

/// The IRI of a matching target component: pair ids name the sources, so targets get a prefix.
pub fn target_id(pair: &str) -> String {
    format!("target-{pair}")
}

fn base(course: &Course) -> &str {
    course.id.trim_end_matches('/')
}

fn lang(course: &Course, text: &str) -> LangMap {
    BTreeMap::from([(course.language.clone(), text.to_owned())])
}

fn definition(course: &Course, name: &str, description: &str, type_iri: &'static str) -> Definition {
    Definition::plain(&course.language, name, description, type_iri)
}

impl Definition {
    /// A definition with a name and description in one language, and no interaction fields.
    pub fn plain(language: &str, name: &str, description: &str, type_iri: &'static str) -> Self {
        let map = |text: &str| BTreeMap::from([(language.to_owned(), text.to_owned())]);
        Self {
            name: map(name),
            description: map(description),
            type_iri,
            interaction_type: None,
            correct_responses_pattern: Vec::new(),
            choices: Vec::new(),
            source: Vec::new(),
            target: Vec::new(),
            steps: Vec::new(),
        }
    }
}

impl Activities {
    pub fn of(course: &Course) -> Self {
        let strings = course.ui_strings();
        let base = base(course);
        let course_desc = course.description.as_deref().unwrap_or(&course.title);
        let mut all = Self {
            course: Activity {
                id: course.id.clone(),
                definition: definition(course, &course.title, course_desc, TYPE_COURSE),
            },
            sections: BTreeMap::new(),
            pages: BTreeMap::new(),
            questions: BTreeMap::new(),
            order: Vec::new(),
        };
        for section in &course.sections {
            let desc = section.description.as_deref().unwrap_or(&section.title);
            let activity = Activity {
                id: format!("{base}/sections/{}", section.id),
                definition: definition(course, &section.title, desc, TYPE_MODULE),
            };
            all.sections.insert(section.id.clone(), activity);
            all.order.push((Kind::Section, section.id.clone()));
            for page in &section.pages {
                all.add_page(course, &strings, &section.title, page);
            }
        }
        all
    }

    fn add_page(&mut self, course: &Course, strings: &Strings, section_title: &str, page: &Page) {
        let base = base(course);
        let page_iri = format!("{base}/pages/{}", page.id);
        let (type_iri, desc) = match page.quiz() {
            Some(q) if q.kind == QuizKind::Assessment => (
                TYPE_ASSESSMENT,
                format!("{}: {section_title}", strings.get("assessment")),
            ),
            Some(_) => (
                TYPE_ASSESSMENT,
                format!("{}: {section_title}", strings.get("knowledge_check")),
            ),
            None => (TYPE_LESSON, format!("{section_title}: {}", page.title)),
        };
        let activity = Activity {
            id: page_iri.clone(),
            definition: definition(course, &page.title, &desc, type_iri),
        };
        self.pages.insert(page.id.clone(), activity);
        self.order.push((Kind::Page, page.id.clone()));
        let Some(quiz) = page.quiz() else { return };
        for (n, q) in quiz.questions.iter().enumerate() {
            let name = format!(
                "{} — {}",
                page.title,
                strings.fill("question_n", &[("x", &(n + 1).to_string())])
            );
            let mut def = definition(course, &name, &q.prompt, TYPE_INTERACTION);
            interaction(course, q, &mut def);
            let key = interaction_id(&page.id, &q.id);
            let id = format!("{page_iri}/questions/{}", q.id);
            self.questions.insert(key.clone(), Activity { id, definition: def });
            self.order.push((Kind::Question, key));
        }
    }

    /// Activities in document order, the course first.
    pub fn iter(&self) -> impl Iterator<Item = &Activity> {
        std::iter::once(&self.course).chain(self.order.iter().filter_map(|(kind, key)| match kind {
            Kind::Section => self.sections.get(key),
            Kind::Page => self.pages.get(key),
            Kind::Question => self.questions.get(key),
        }))
    }
}

/// Fills the interaction fields: type, correct response patterns (xAPI syntax) and components.
fn interaction(course: &Course, q: &Question, def: &mut Definition) {
    let comp = |id: &str, text: &str| Component {
        id: id.to_owned(),
        description: lang(course, text),
    };
    match &q.kind {
        QuestionKind::SingleChoice(c) | QuestionKind::MultipleChoice(c) => {
            def.interaction_type = Some("choice");
            let correct: Vec<&str> = c.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect();
            def.correct_responses_pattern = vec![correct.join("[,]")];
            def.choices = c.iter().map(|c| comp(&c.id, &c.text)).collect();
        }
        QuestionKind::TrueFalse(b) => {
            def.interaction_type = Some("true-false");
            def.correct_responses_pattern = vec![b.to_string()];
        }
        QuestionKind::FillIn {
            answers,
            case_sensitive,
            ..
        } => {
            def.interaction_type = Some("fill-in");
            def.correct_responses_pattern = answers
                .iter()
                .map(|a| format!("{{case_matters={case_sensitive}}}{a}"))
                .collect();
        }
        QuestionKind::Numeric(n) => {
            // xAPI 1.0.3 §2.4.4.1: a range `min[:]max`, an open side left empty (exact: `40[:]40`)
            def.interaction_type = Some("numeric");
            let side = |b: Option<f64>| b.map(format_number).unwrap_or_default();
            def.correct_responses_pattern = vec![format!("{}[:]{}", side(n.min), side(n.max))];
        }
        QuestionKind::Matching(pairs) => {
            def.interaction_type = Some("matching");
            let pattern: Vec<String> = pairs
                .iter()
                .map(|p| format!("{}[.]{}", p.id, target_id(&p.id)))
                .collect();
            def.correct_responses_pattern = vec![pattern.join("[,]")];
            def.source = pairs.iter().map(|p| comp(&p.id, &p.source)).collect();
            def.target = pairs.iter().map(|p| comp(&target_id(&p.id), &p.target)).collect();
        }
        QuestionKind::Sequencing(steps) => {
            def.interaction_type = Some("sequencing");
            let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            def.correct_responses_pattern = vec![ids.join("[,]")];
            // xAPI lists sequencing items as `choices` (`steps` belong to performance interactions)
            def.choices = steps.iter().map(|s| comp(&s.id, &s.text)).collect();
        }
    }
}

/// The package plan: the one launch file, runtime assets (the adapter carries the activity definitions),
/// media and `tincan.xml`.
pub fn plan(course: &Course, mut scos: Vec<RenderedSco>) -> io::Result<PackagePlan> {
    let activities = Activities::of(course);
    let launch = scos.first().map_or("index.html", |s| s.launch_file.as_str());
    let tincan = tincan_xml(course, &activities, launch)?;
    let mut plan = PackagePlan::content(
        course,
        &mut scos,
        assets::ADAPTER_XAPI,
        adapter_script(&RuntimeActivities::of(course, &activities))?,
    );
    plan.add_bytes("tincan.xml", tincan);
    Ok(plan)
}

/// `assets/adapter-xapi.js`: the activity definitions of this course (content pages by rule), then the adapter.
pub fn adapter_script(activities: &RuntimeActivities) -> io::Result<Vec<u8>> {
    let json = serde_json::to_string(activities).map_err(io::Error::other)?;
    let mut out = format!(
        "/* generated by coursepack: the xAPI activities of this course, as in tincan.xml */\nwindow.CoursepackXapiActivities = {json};\n"
    )
    .into_bytes();
    out.extend_from_slice(assets::adapter(assets::ADAPTER_XAPI).unwrap_or_default());
    Ok(out)
}

fn lang_el(w: &mut Writer<Vec<u8>>, name: &str, map: &LangMap) -> io::Result<()> {
    for (lang, text) in map {
        w.create_element(name)
            .with_attribute(("lang", lang.as_str()))
            .write_text_content(BytesText::new(text))?;
    }
    Ok(())
}

fn components(w: &mut Writer<Vec<u8>>, name: &str, list: &[Component]) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    w.create_element(name).write_inner_content(|w| {
        for c in list {
            w.create_element("component").write_inner_content(|w| {
                w.create_element("id").write_text_content(BytesText::new(&c.id))?;
                lang_el(w, "description", &c.description)
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn activity(w: &mut Writer<Vec<u8>>, a: &Activity, launch: Option<(&str, &str)>) -> io::Result<()> {
    let d = &a.definition;
    w.create_element("activity")
        .with_attributes([("id", a.id.as_str()), ("type", d.type_iri)])
        .write_inner_content(|w| {
            lang_el(w, "name", &d.name)?;
            lang_el(w, "description", &d.description)?;
            if let Some((lang, href)) = launch {
                w.create_element("launch")
                    .with_attribute(("lang", lang))
                    .write_text_content(BytesText::new(href))?;
            }
            if let Some(t) = d.interaction_type {
                w.create_element("interactionType")
                    .write_text_content(BytesText::new(t))?;
                w.create_element("correctResponsePatterns").write_inner_content(|w| {
                    for p in &d.correct_responses_pattern {
                        w.create_element("correctResponsePattern")
                            .write_text_content(BytesText::new(p))?;
                    }
                    Ok(())
                })?;
            }
            components(w, "choices", &d.choices)?;
            components(w, "source", &d.source)?;
            components(w, "target", &d.target)?;
            components(w, "steps", &d.steps)
        })?;
    Ok(())
}

/// `tincan.xml`: exactly one activity (the course) has a `<launch>`.
pub fn tincan_xml(course: &Course, activities: &Activities, launch: &str) -> io::Result<Vec<u8>> {
    tincan_document(activities.iter(), &course.language, launch)
}

/// `tincan.xml` listing `activities` in order; the first one gets `<launch lang=…>` with `launch` (a URI).
pub fn tincan_document<'a>(
    activities: impl Iterator<Item = &'a Activity>,
    language: &str,
    launch: &str,
) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("tincan")
        .with_attribute(("xmlns", TINCAN_NS))
        .write_inner_content(|w| {
            w.create_element("activities").write_inner_content(|w| {
                for (i, a) in activities.enumerate() {
                    let l = (i == 0).then_some((language, launch));
                    activity(w, a, l)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}
