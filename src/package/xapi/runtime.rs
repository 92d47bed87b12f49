//! The activities the xAPI adapter gets at start (`window.CoursepackXapiActivities`): the course, the sections, the
//! quiz pages and the questions. A content page's activity follows from `#cp-data` (its title and section) by one
//! rule, `lessons`, so the adapter derives it when a statement needs it instead of every page's definition being
//! parsed at launch (packaging/CONTRACT.md, "xAPI").

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Activities, Activity, TYPE_LESSON};
use crate::model::Course;

/// The rule for content pages: id `<base><page-id>`, type lesson, name `{lang: title}`, description
/// `{lang: "<section title>: <title>"}` (the section title is its activity's name).
#[derive(Serialize)]
pub struct Lessons<'a> {
    pub base: String,
    pub lang: &'a str,
    #[serde(rename = "type")]
    pub type_iri: &'static str,
}

#[derive(Serialize)]
pub struct RuntimeActivities<'a> {
    pub course: &'a Activity,
    pub sections: &'a BTreeMap<String, Activity>,
    /// Only the pages the rule does not give (quiz pages).
    pub pages: BTreeMap<&'a str, &'a Activity>,
    pub lessons: Lessons<'a>,
    pub questions: &'a BTreeMap<String, Activity>,
}

impl<'a> RuntimeActivities<'a> {
    pub fn of(course: &'a Course, all: &'a Activities) -> Self {
        let lessons = Lessons {
            base: format!("{}/pages/", course.id.trim_end_matches('/')),
            lang: &course.language,
            type_iri: TYPE_LESSON,
        };
        let mut pages = BTreeMap::new();
        for section in &course.sections {
            let section_title = &section.title;
            for page in &section.pages {
                let Some(a) = all.pages.get(&page.id) else { continue };
                if !lessons.gives(a, &page.id, &page.title, section_title) {
                    pages.insert(page.id.as_str(), a);
                }
            }
        }
        Self {
            course: &all.course,
            sections: &all.sections,
            pages,
            lessons,
            questions: &all.questions,
        }
    }
}

impl Lessons<'_> {
    /// Whether the rule gives exactly `a` for this page (what the adapter's `pageActivity` computes).
    fn gives(&self, a: &Activity, id: &str, title: &str, section_title: &str) -> bool {
        let d = &a.definition;
        let one =
            |m: &BTreeMap<String, String>, text: &str| m.len() == 1 && m.get(self.lang).is_some_and(|t| t == text);
        a.id == format!("{}{id}", self.base)
            && d.type_iri == self.type_iri
            && one(&d.name, title)
            && one(&d.description, &format!("{section_title}: {title}"))
            && d.interaction_type.is_none()
            && d.correct_responses_pattern.is_empty()
            && d.choices.is_empty()
            && d.source.is_empty()
            && d.target.is_empty()
            && d.steps.is_empty()
    }
}
