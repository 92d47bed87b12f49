//! Tin Can `tincan.xml`: root and namespace, activity ids and types as IRIs, exactly one
//! launchable activity whose launch file exists.

use roxmltree::{Document, Node};

use super::archive::Package;
use super::files::{is_external, percent_decode, strip_query};
use super::findings::{Findings, Refine};
use super::iri;
use super::names::unsafe_path;
use super::rules::Level;
use super::xml::{attr_range, child, elements, tag, text};

pub const NS: &str = "http://projecttincan.com/tincan.xsd";

/// Checks a `tincan.xml` whose root element is `tincan`.
pub fn check(doc: &Document, file: &str, pkg: &Package, f: &mut Findings) {
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(NS) {
        f.add("TC-01", format!("<tincan> is not in namespace `{NS}`"))
            .place(file, tag(root))
            .hint(format!("write <tincan xmlns=\"{NS}\">"));
        return;
    }
    let activities: Vec<Node> = elements(root)
        .filter(|n| n.tag_name().name() == "activities")
        .flat_map(elements)
        .filter(|n| n.tag_name().name() == "activity")
        .collect();
    if activities.is_empty() {
        f.add("TC-01", "tincan.xml declares no <activities><activity>")
            .place(file, tag(root));
        return;
    }
    let mut launches = Vec::new();
    for activity in &activities {
        check_activity(*activity, file, f);
        check_component_ids(*activity, file, "TC-04", f);
        launches.extend(elements(*activity).filter(|n| n.tag_name().name() == "launch"));
    }
    match launches.as_slice() {
        [] => {
            f.add("TC-02", "no activity has a <launch>: the LMS has nothing to start")
                .place(file, tag(root));
        }
        [launch] => check_launch(*launch, file, pkg, f),
        [_, second, ..] => {
            f.add(
                "TC-02",
                format!(
                    "{} <launch> elements; exactly one activity may be launchable",
                    launches.len()
                ),
            )
            .place(file, tag(*second))
            .hint("keep <launch> on the course activity only");
        }
    }
}

/// The interaction component lists of the xAPI activity definition, as `tincan.xml` and cmi5 extensions write
/// them.
const COMPONENT_LISTS: [&str; 5] = ["choices", "scale", "source", "target", "steps"];

/// Component ids are unique within each list of an interaction (`choices`, `scale`, `source`, `target`,
/// `steps`): a response names components by id, so two alike make a wrong answer grade as right.
pub fn check_component_ids(node: Node, file: &str, code: &'static str, f: &mut Findings) {
    let lists = node
        .descendants()
        .filter(|n| n.is_element() && COMPONENT_LISTS.contains(&n.tag_name().name()));
    for list in lists {
        let mut seen = std::collections::HashSet::new();
        let components = elements(list).filter(|c| c.tag_name().name() == "component");
        for id in components.filter_map(|c| elements(c).find(|n| n.tag_name().name() == "id")) {
            let value = text(id);
            if !seen.insert(value.clone()) {
                f.add(
                    code,
                    format!("component id `{value}` is used twice in <{}>", list.tag_name().name()),
                )
                .place(file, id.range())
                .hint("give every choice, source, target, step or scale point its own id");
            }
        }
    }
}

fn check_activity(activity: Node, file: &str, f: &mut Findings) {
    match activity.attribute("id") {
        None => {
            f.add("TC-03", "<activity> has no `id`").place(file, tag(activity));
        }
        Some(id) if !iri::is_absolute(id) => {
            f.add("TC-03", format!("activity id `{id}` is not an absolute IRI"))
                .place(file, attr_range(activity, "id"))
                .hint("use an IRI with a scheme, such as https://example.com/courses/my-course");
        }
        Some(_) => {}
    }
    if let Some(kind) = activity.attribute("type")
        && !iri::is_absolute(kind)
    {
        f.add_as(Level::Spec, "TC-03", format!("activity type `{kind}` is not an IRI"))
            .place(file, attr_range(activity, "type"))
            .hint("for a course use http://adlnet.gov/expapi/activities/course");
    }
    if child(activity, NS, "name").is_none() {
        f.add_as(Level::Spec, "TC-02", "<activity> has no <name>")
            .place(file, tag(activity));
    }
}

fn check_launch(launch: Node, file: &str, pkg: &Package, f: &mut Findings) {
    let href = text(launch);
    if href.is_empty() {
        f.add("TC-02", "<launch> is empty").place(file, launch.range());
        return;
    }
    if is_external(&href) {
        return;
    }
    let path = percent_decode(strip_query(&href));
    if let Some(why) = unsafe_path(&path) {
        f.add("ZIP-02", format!("launch path `{path}` {why}"))
            .place(file, launch.range());
    } else if pkg.has_files() && !pkg.has_file(&path) {
        f.add("TC-02", format!("launch file `{path}` is not in the package"))
            .place(file, launch.range());
    }
}
