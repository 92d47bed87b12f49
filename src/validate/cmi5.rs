//! cmi5 `cmi5.xml` course structures: schema order, unique absolute IRIs, titles and
//! descriptions, AU `url` rules and attribute values.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::archive::Package;
use super::files::{is_external, percent_decode, strip_query};
use super::findings::{Findings, Refine};
use super::iri;
use super::names::unsafe_path;
use super::rules::Level;
use super::xml::{attr_range, elements, tag, text};

pub const NS: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
const RESERVED: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];
const MOVE_ON: [&str; 5] = [
    "Passed",
    "Completed",
    "CompletedAndPassed",
    "CompletedOrPassed",
    "NotApplicable",
];

struct Ctx<'a, 'd, 'i> {
    file: &'a str,
    doc: &'d Document<'i>,
    ids: HashMap<&'d str, Node<'d, 'i>>,
}

/// Checks a `cmi5.xml` whose root element is `courseStructure`.
pub fn check(doc: &Document, file: &str, pkg: &Package, f: &mut Findings) {
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(NS) {
        f.add("C5-CS-01", format!("<courseStructure> is not in namespace `{NS}`"))
            .place(file, tag(root));
        return;
    }
    let mut ctx = Ctx {
        file,
        doc,
        ids: HashMap::new(),
    };
    order(root, &["course", "objectives", "au|block"], &mut ctx, f);
    for node in root.descendants().filter(|n| n.tag_name().namespace() == Some(NS)) {
        match node.tag_name().name() {
            "course" => check_titled(node, &mut ctx, f),
            "block" => {
                check_titled(node, &mut ctx, f);
                order(node, &["title", "description", "objectives", "au|block"], &mut ctx, f);
            }
            "au" => check_au(node, pkg, &mut ctx, f),
            "objective" if node.parent_element().and_then(|p| p.parent_element()) == Some(root) => {
                check_titled(node, &mut ctx, f)
            }
            "langstring" if node.attribute("lang").is_none() => {
                f.add_as(Level::Spec, "C5-CS-03", "<langstring> has no `lang`")
                    .place(file, tag(node));
            }
            _ => {}
        }
    }
    check_objective_refs(root, file, f);
    super::tincan::check_component_ids(root, file, "C5-CS-06", f);
}

/// Objectives of AUs and blocks refer (`idref`) to objectives defined at the top.
fn check_objective_refs(root: Node, file: &str, f: &mut Findings) {
    let defined: Vec<&str> = elements(root)
        .filter(|n| n.tag_name().name() == "objectives")
        .flat_map(elements)
        .filter_map(|n| n.attribute("id"))
        .collect();
    for node in root.descendants().filter(|n| n.tag_name().name() == "objective") {
        if let Some(idref) = node.attribute("idref")
            && !defined.contains(&idref)
        {
            f.add(
                "C5-CS-02",
                format!("objective idref `{idref}` names no objective of the course"),
            )
            .place(file, attr_range(node, "idref"));
        }
    }
}

/// Children in schema order; `a|b` is a repeatable choice, all other names at most once.
fn order(node: Node, expected: &[&str], ctx: &mut Ctx, f: &mut Findings) {
    let mut highest = 0;
    for c in elements(node) {
        let name = c.tag_name().name();
        let Some(index) = expected.iter().position(|e| e.split('|').any(|n| n == name)) else {
            if c.tag_name().namespace() == Some(NS) {
                f.add(
                    "C5-CS-01",
                    format!("<{name}> is not allowed inside <{}>", node.tag_name().name()),
                )
                .place(ctx.file, tag(c));
            }
            continue;
        };
        if index < highest {
            f.add(
                "C5-CS-01",
                format!(
                    "<{name}> must come before <{}>",
                    expected[highest].replace('|', "> or <")
                ),
            )
            .place(ctx.file, tag(c))
            .hint(format!(
                "the schema order is <{}>",
                expected.join(">, <").replace('|', "> or <")
            ));
        }
        highest = highest.max(index);
    }
}

/// An element with an id, a title and a description (course, block, au, objective).
fn check_titled<'d, 'i>(node: Node<'d, 'i>, ctx: &mut Ctx<'_, 'd, 'i>, f: &mut Findings) {
    let what = node.tag_name().name();
    for part in ["title", "description"] {
        if !elements(node).any(|c| c.tag_name().name() == part) {
            f.add("C5-CS-03", format!("<{what}> has no <{part}>"))
                .place(ctx.file, tag(node));
        }
    }
    let Some(id) = node.attribute("id") else {
        f.add("C5-CS-02", format!("<{what}> has no `id`"))
            .place(ctx.file, tag(node));
        return;
    };
    if !iri::is_absolute(id) {
        f.add("C5-CS-02", format!("{what} id `{id}` is not an absolute IRI"))
            .place(ctx.file, attr_range(node, "id"))
            .hint("ids need a scheme, e.g. https://example.com/course/1 (cmi5 requirement 3.0.0.0-1)");
    }
    if let Some(first) = ctx.ids.insert(id, node) {
        let line = ctx.doc.text_pos_at(first.range().start).row;
        f.add("C5-CS-02", format!("id `{id}` is used twice (first on line {line})"))
            .place(ctx.file, attr_range(node, "id"));
    }
}

fn check_au<'d, 'i>(au: Node<'d, 'i>, pkg: &Package, ctx: &mut Ctx<'_, 'd, 'i>, f: &mut Findings) {
    check_titled(au, ctx, f);
    order(
        au,
        &[
            "title",
            "description",
            "objectives",
            "url",
            "launchParameters",
            "entitlementKey",
        ],
        ctx,
        f,
    );
    check_au_attributes(au, ctx.file, f);
    let urls: Vec<Node> = elements(au).filter(|c| c.tag_name().name() == "url").collect();
    match urls.as_slice() {
        [] => {
            f.add("C5-CS-04", "<au> has no <url>").place(ctx.file, tag(au));
        }
        [url, rest @ ..] => {
            for extra in rest {
                f.add("C5-CS-04", "<au> has more than one <url>")
                    .place(ctx.file, tag(*extra));
            }
            check_url(*url, pkg, ctx.file, f);
        }
    }
}

fn check_au_attributes(au: Node, file: &str, f: &mut Findings) {
    if let Some(v) = au.attribute("moveOn")
        && !MOVE_ON.contains(&v)
    {
        f.add("C5-CS-05", format!("moveOn `{v}` is not one of {}", MOVE_ON.join(", ")))
            .place(file, attr_range(au, "moveOn"));
    }
    if let Some(v) = au.attribute("launchMethod")
        && !matches!(v, "AnyWindow" | "OwnWindow")
    {
        f.add(
            "C5-CS-05",
            format!("launchMethod `{v}` is neither AnyWindow nor OwnWindow"),
        )
        .place(file, attr_range(au, "launchMethod"));
    }
    if let Some(v) = au.attribute("masteryScore") {
        let decimals = v.split_once('.').map_or(0, |(_, d)| d.len());
        if !v.parse::<f64>().is_ok_and(|s| (0.0..=1.0).contains(&s)) || decimals > 4 {
            f.add(
                "C5-CS-05",
                format!("masteryScore `{v}` is not a decimal from 0 to 1 with at most 4 decimals"),
            )
            .place(file, attr_range(au, "masteryScore"));
        }
    }
    if let Some(v) = au.attribute("activityType")
        && !iri::is_absolute(v)
    {
        f.add_as(Level::Spec, "C5-CS-05", format!("activityType `{v}` is not an IRI"))
            .place(file, attr_range(au, "activityType"));
    }
}

fn check_url(url: Node, pkg: &Package, file: &str, f: &mut Findings) {
    let value = text(url);
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        f.add("C5-CS-04", format!("AU url `{value}` is empty or contains whitespace"))
            .place(file, url.range())
            .hint("URLs may not contain spaces; write %20 (RFC 1738)");
        return;
    }
    if let Some((_, query)) = value.split_once('?') {
        for pair in query.split('&') {
            let key = pair.split('=').next().unwrap_or_default();
            if RESERVED.contains(&key) {
                f.add("C5-CS-04", format!("AU url uses the reserved launch parameter `{key}`"))
                    .place(file, url.range())
                    .hint("the LMS adds endpoint, fetch, actor, registration and activityId itself");
            }
        }
    }
    if is_external(&value) {
        return;
    }
    let path = percent_decode(strip_query(&value));
    if let Some(why) = unsafe_path(&path) {
        f.add("ZIP-02", format!("AU url `{path}` {why}"))
            .place(file, url.range());
    } else if pkg.has_files() && !pkg.has_file(&path) {
        f.add("C5-CS-04", format!("AU file `{path}` is not in the package"))
            .place(file, url.range());
    }
}
