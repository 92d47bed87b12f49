//! SCORM 1.2 target: `imsmanifest.xml` (IMS CP 1.1.2 + ADL CP 1.2) and the package plan.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::diag::Diagnostic;
use crate::model::{CompletionRule, Course, QuestionKind, QuizKind, ReportingMode};
use crate::render::RenderedSco;

use super::{PackagePlan, assets, budget, ids};

pub const SUSPEND_DATA_LIMIT: usize = 4096;
pub const LOCATION_LIMIT: usize = 255;

/// What can make a SCO's state smaller: fewer fill-in characters (only when it has fill-ins), fewer
/// attempt records (only when an assessment keeps more than two) and smaller SCOs.
fn budget_hint(sco: &RenderedSco) -> String {
    let fill_ins = sco.pages.iter().filter_map(|p| p.quiz()).any(|q| {
        q.questions
            .iter()
            .any(|question| matches!(question.kind, QuestionKind::FillIn { .. }))
    });
    let attempts = sco
        .pages
        .iter()
        .filter_map(|p| p.quiz())
        .any(|q| q.max_attempts.is_some_and(|n| n > 2));
    let draws = sco
        .pages
        .iter()
        .filter_map(|p| p.quiz())
        .any(|q| !q.bank.groups.is_empty());
    let split = "split the course with sco_layout = \"per-section\", or move questions into fewer quizzes";
    let mut fixes = Vec::new();
    if fill_ins {
        fixes.push("lower `max_length` of fill-in questions");
    }
    if attempts {
        fixes.push("lower `max_attempts` (3 characters per attempt)");
    }
    if draws {
        fixes.push("draw fewer questions per attempt (`draw`)");
    }
    fixes.push(split);
    fixes.join(", or ")
}

/// The worst-case `cmi.suspend_data` of one SCO, as `build --format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateBudget {
    pub sco: String,
    pub suspend_data: usize,
}

/// The worst-case state of every SCO.
pub fn state_budgets(scos: &[RenderedSco]) -> Vec<StateBudget> {
    scos.iter()
        .map(|sco| StateBudget {
            sco: sco.id.clone(),
            suspend_data: budget::worst_case_suspend_data(&sco.pages),
        })
        .collect()
}

/// Checks that every SCO's worst-case state fits SCORM 1.2's limits.
pub fn check_budget(scos: &[RenderedSco]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for sco in scos {
        let worst = budget::worst_case_suspend_data(&sco.pages);
        if worst > SUSPEND_DATA_LIMIT {
            found.push(
                Diagnostic::error("E0501", format!("SCO `{}` may need {worst} characters of cmi.suspend_data; SCORM 1.2 allows {SUSPEND_DATA_LIMIT}", sco.id))
                    .at("course.toml", 0..0)
                    .label("learners would lose their progress in the LMS")
                    .help(budget_hint(sco)),
            );
        }
        let location = budget::worst_case_location(&sco.pages);
        if location > LOCATION_LIMIT {
            found.push(Diagnostic::error(
                "E0502",
                format!("a page id of {location} characters does not fit cmi.core.lesson_location ({LOCATION_LIMIT})"),
            ));
        }
    }
    found
}

/// The package plan: launch files, runtime assets, media and the manifest.
pub fn plan(course: &Course, mut scos: Vec<RenderedSco>) -> io::Result<PackagePlan> {
    let adapter = assets::adapter(assets::ADAPTER_SCORM12).unwrap_or_default();
    let manifest = manifest(course, &scos)?;
    let mut plan = PackagePlan::content(course, &mut scos, assets::ADAPTER_SCORM12, adapter.to_vec());
    plan.add_bytes("imsmanifest.xml", manifest);
    Ok(plan)
}

/// The mastery score to declare for a SCO, when an assessment decides its status.
fn mastery_score(course: &Course, sco: &RenderedSco) -> Option<u8> {
    let c = course.completion;
    if !sco.has_assessment || (c.rule == CompletionRule::AllPages && c.reporting == ReportingMode::CompletedIncomplete)
    {
        return None;
    }
    let pass = sco
        .pages
        .iter()
        .filter_map(|p| p.quiz())
        .find(|q| q.kind == QuizKind::Assessment)
        .and_then(|q| q.pass_score);
    Some(pass.unwrap_or(c.mastery_score))
}

/// IMS Content Packaging 1.1.2 (the manifest's default namespace in SCORM 1.2).
pub const IMSCP_NS: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
/// ADL's SCORM 1.2 extensions (`adlcp:scormtype`, `adlcp:masteryscore`).
pub const ADLCP_NS: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// `<name>value</name>`.
pub fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
        .map(|_| ())
}

fn lang_text(w: &mut Writer<Vec<u8>>, name: &str, lang: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_inner_content(|w| {
            w.create_element("imsmd:langstring")
                .with_attribute(("xml:lang", lang))
                .write_text_content(BytesText::new(value))
                .map(|_| ())
        })
        .map(|_| ())
}

/// `imsmanifest.xml` for SCORM 1.2: one item and one SCO resource per SCO, one shared asset resource.
pub fn manifest(course: &Course, scos: &[RenderedSco]) -> io::Result<Vec<u8>> {
    let hash = ids::course_hash(&course.id);
    let org_id = format!("ORG-{hash}");
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("manifest")
        .with_attributes([
            ("identifier", format!("MANIFEST-{hash}").as_str()),
            ("version", course.version.as_str()),
            ("xmlns", IMSCP_NS),
            ("xmlns:adlcp", ADLCP_NS),
            ("xmlns:imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"),
            ("xmlns:xsi", XSI_NS),
            (
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ),
        ])
        .write_inner_content(|w| {
            w.create_element("metadata").write_inner_content(|w| {
                text(w, "schema", "ADL SCORM")?;
                text(w, "schemaversion", "1.2")?;
                w.create_element("imsmd:lom").write_inner_content(|w| {
                    w.create_element("imsmd:general").write_inner_content(|w| {
                        lang_text(w, "imsmd:title", &course.language, &course.title)?;
                        text(w, "imsmd:language", &course.language)?;
                        if let Some(d) = &course.description {
                            lang_text(w, "imsmd:description", &course.language, d)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("organizations").with_attribute(("default", org_id.as_str())).write_inner_content(|w| {
                w.create_element("organization").with_attribute(("identifier", org_id.as_str())).write_inner_content(|w| {
                    text(w, "title", &course.title)?;
                    for sco in scos {
                        item(w, course, sco)?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("resources").write_inner_content(|w| {
                for sco in scos {
                    sco_resource(w, sco)?;
                }
                shared_resource(w, course)
            })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn item(w: &mut Writer<Vec<u8>>, course: &Course, sco: &RenderedSco) -> io::Result<()> {
    w.create_element("item")
        .with_attributes([
            ("identifier", ids::ncname("ITEM", &sco.id).as_str()),
            ("identifierref", ids::ncname("RES", &sco.id).as_str()),
            ("isvisible", "true"),
        ])
        .write_inner_content(|w| {
            text(w, "title", &sco.title)?;
            if let Some(limit) = course.time_limit {
                text(w, "adlcp:maxtimeallowed", &timespan(limit.seconds))?;
                text(w, "adlcp:timelimitaction", limit.action)?;
            }
            if let Some(score) = mastery_score(course, sco) {
                text(w, "adlcp:masteryscore", &score.to_string())?;
            }
            Ok(())
        })
        .map(|_| ())
}

/// A CMITimespan, `HH:MM:SS` (at least two hour digits).
fn timespan(seconds: u32) -> String {
    format!("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// `<file href="…"/>`; `href` must already be percent-encoded.
pub fn file(w: &mut Writer<Vec<u8>>, href: &str) -> io::Result<()> {
    w.create_element("file")
        .with_attribute(("href", href))
        .write_empty()
        .map(|_| ())
}

fn sco_resource(w: &mut Writer<Vec<u8>>, sco: &RenderedSco) -> io::Result<()> {
    w.create_element("resource")
        .with_attributes([
            ("identifier", ids::ncname("RES", &sco.id).as_str()),
            ("type", "webcontent"),
            ("adlcp:scormtype", "sco"),
            ("href", sco.launch_file.as_str()),
        ])
        .write_inner_content(|w| {
            file(w, &sco.launch_file)?;
            for (path, _) in &sco.fragments {
                file(w, path)?;
            }
            for m in &sco.media {
                file(w, m)?;
            }
            w.create_element("dependency")
                .with_attribute(("identifierref", "RES-runtime"))
                .write_empty()?;
            Ok(())
        })
        .map(|_| ())
}

fn shared_resource(w: &mut Writer<Vec<u8>>, course: &Course) -> io::Result<()> {
    w.create_element("resource")
        .with_attributes([
            ("identifier", "RES-runtime"),
            ("type", "webcontent"),
            ("adlcp:scormtype", "asset"),
        ])
        .write_inner_content(|w| {
            let mut names: Vec<&str> = assets::COMMON.iter().map(|(n, _)| *n).collect();
            names.push(assets::ADAPTER_SCORM12);
            names.extend(course.theme.assets());
            names.sort_unstable();
            for name in names {
                file(w, &format!("assets/{name}"))?;
            }
            Ok(())
        })
        .map(|_| ())
}
