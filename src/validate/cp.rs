//! IMS Content Packaging checks shared by SCORM 1.2 and 2004: structure, identifiers and the
//! references between organizations, items and resources. Each flavour brings its own codes.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::findings::{Findings, Refine};
use super::rules::Level;
use super::xml::{attr_range, elements, is, is_ncname, tag};

/// Rule codes one flavour uses for the shared checks.
#[derive(Debug)]
pub struct Codes {
    pub namespace: &'static str,
    pub ids: &'static str,
    pub default_org: &'static str,
    pub identifierref: &'static str,
    pub structure: &'static str,
    pub resource: &'static str,
    pub files: &'static str,
    pub unlisted: &'static str,
    pub values: &'static str,
}

/// What differs between SCORM 1.2 and 2004 for the shared checks.
#[derive(Debug)]
pub struct Flavour {
    pub name: &'static str,
    pub cp_ns: &'static str,
    pub adlcp_ns: &'static str,
    /// Local name of the scormtype attribute (`scormtype` in 1.2, `scormType` in 2004).
    pub scormtype: &'static str,
    pub codes: Codes,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Occurs {
    Optional,
    One,
    Many,
}

use Occurs::{Many, One, Optional};

/// Everything that needs the shared structure: called once per manifest.
pub fn check(doc: &Document, file: &str, fl: &Flavour, f: &mut Findings) {
    let root = doc.root_element();
    require_attr(root, "identifier", file, fl, f);
    let manifest_order = [
        ("metadata", Optional),
        ("organizations", One),
        ("resources", One),
        ("manifest", Many),
    ];
    check_order(root, &manifest_order, file, fl, f);
    check_identifiers(doc, file, fl, f);
    let resources = resource_ids(doc, fl);
    for node in doc.descendants().filter(|n| n.tag_name().namespace() == Some(fl.cp_ns)) {
        match node.tag_name().name() {
            "organizations" => check_organizations(node, file, fl, f),
            "organization" => check_organization(node, file, fl, f),
            "item" => check_item(node, &resources, file, fl, f),
            "resources" => check_order(node, &[("resource", Many)], file, fl, f),
            "resource" => check_resource(node, file, fl, f),
            "file" => {
                require_attr(node, "href", file, fl, f);
            }
            "dependency" => check_dependency(node, &resources, file, fl, f),
            _ => {}
        }
    }
}

fn require_attr(node: Node, name: &str, file: &str, fl: &Flavour, f: &mut Findings) -> bool {
    if node.attribute(name).is_some() {
        return true;
    }
    f.add(
        fl.codes.structure,
        format!(
            "<{}> has no `{name}` attribute, which the schema requires",
            node.tag_name().name()
        ),
    )
    .place(file, tag(node));
    false
}

/// Child elements of the CP namespace in schema order and number; foreign elements last.
fn check_order(node: Node, order: &[(&str, Occurs)], file: &str, fl: &Flavour, f: &mut Findings) {
    let parent = node.tag_name().name();
    let mut counts = vec![0usize; order.len()];
    let mut highest = 0;
    let mut seen_foreign = false;
    for child in elements(node) {
        if child.tag_name().namespace() != Some(fl.cp_ns) {
            seen_foreign = true;
            continue;
        }
        let name = child.tag_name().name();
        let Some(index) = order.iter().position(|(n, _)| *n == name) else {
            f.add(fl.codes.structure, format!("<{name}> is not allowed inside <{parent}>"))
                .place(file, tag(child));
            continue;
        };
        if index < highest || seen_foreign {
            let after = if seen_foreign {
                "extension elements".to_owned()
            } else {
                format!("<{}>", order[highest].0)
            };
            f.add(
                fl.codes.structure,
                format!("<{name}> must come before {after} inside <{parent}>"),
            )
            .place(file, tag(child))
            .hint(schema_order_hint(parent, order));
        }
        highest = highest.max(index);
        counts[index] += 1;
        if counts[index] == 2 && order[index].1 != Many {
            f.add(fl.codes.structure, format!("<{parent}> may have only one <{name}>"))
                .place(file, tag(child));
        }
    }
    for ((name, occurs), count) in order.iter().zip(&counts) {
        if *occurs == One && *count == 0 {
            f.add(
                fl.codes.structure,
                format!("<{parent}> has no <{name}>, which the schema requires"),
            )
            .place(file, tag(node));
        }
    }
}

fn schema_order_hint(parent: &str, order: &[(&str, Occurs)]) -> String {
    let names: Vec<String> = order.iter().map(|(n, _)| format!("<{n}>")).collect();
    format!("inside <{parent}> the order is {}, then extensions", names.join(", "))
}

fn check_identifiers(doc: &Document, file: &str, fl: &Flavour, f: &mut Findings) {
    let mut seen: HashMap<&str, Node> = HashMap::new();
    let holders = ["manifest", "organization", "item", "resource"];
    for node in doc.descendants().filter(|n| n.tag_name().namespace() == Some(fl.cp_ns)) {
        if !holders.contains(&node.tag_name().name()) {
            continue;
        }
        let Some(id) = node.attribute("identifier") else {
            continue;
        };
        if !is_ncname(id) {
            f.add_as(
                Level::Spec,
                fl.codes.ids,
                format!("identifier `{id}` is not an xs:ID (NCName)"),
            )
            .place(file, attr_range(node, "identifier"))
            .hint("start identifiers with a letter or `_` and use only letters, digits, `.`, `-`, `_`");
        }
        if let Some(first) = seen.insert(id, node) {
            let line = doc.text_pos_at(first.range().start).row;
            f.add_as(
                Level::Error,
                fl.codes.ids,
                format!("identifier `{id}` is used twice (first on line {line})"),
            )
            .place(file, attr_range(node, "identifier"));
        }
    }
}

fn resource_ids<'a>(doc: &'a Document, fl: &Flavour) -> HashSet<&'a str> {
    doc.descendants()
        .filter(|n| is(*n, fl.cp_ns, "resource"))
        .filter_map(|n| n.attribute("identifier"))
        .collect()
}

fn check_organizations(node: Node, file: &str, fl: &Flavour, f: &mut Findings) {
    check_order(node, &[("organization", Many)], file, fl, f);
    let orgs: Vec<&str> = elements(node)
        .filter(|c| is(*c, fl.cp_ns, "organization"))
        .filter_map(|c| c.attribute("identifier"))
        .collect();
    match node.attribute("default") {
        // Both schemas type `default` as an IDREF: an LMS that honours it cannot pick the default.
        Some(default) if !orgs.contains(&default) => {
            f.add(
                fl.codes.default_org,
                format!("organizations/@default `{default}` names no organization"),
            )
            .place(file, attr_range(node, "default"))
            .hint(match orgs.first() {
                Some(first) => format!("use the identifier of an organization, such as `{first}`"),
                None => "add an <organization> with this identifier".to_owned(),
            });
        }
        Some(_) => {}
        None if orgs.is_empty() => {
            f.add_as(
                Level::Advice,
                fl.codes.default_org,
                "<organizations> is empty: the package has no table of contents",
            )
            .place(file, tag(node))
            .hint("some LMSs import it as a single resource; add an <organization> with items");
        }
        None => {
            f.add_as(
                Level::Spec,
                fl.codes.default_org,
                "<organizations> has no `default` attribute",
            )
            .place(file, tag(node))
            .hint(format!("add default=\"{}\"", orgs[0]));
        }
    }
}

fn check_organization(node: Node, file: &str, fl: &Flavour, f: &mut Findings) {
    require_attr(node, "identifier", file, fl, f);
    let order = [("title", Optional), ("item", Many), ("metadata", Optional)];
    check_order(node, &order, file, fl, f);
    require_title(node, file, fl, f);
    if !elements(node).any(|c| is(c, fl.cp_ns, "item")) {
        f.add(
            fl.codes.structure,
            "<organization> has no <item>: there is nothing to launch",
        )
        .place(file, tag(node));
    }
}

fn require_title(node: Node, file: &str, fl: &Flavour, f: &mut Findings) {
    if !elements(node).any(|c| is(c, fl.cp_ns, "title")) {
        f.add(
            fl.codes.structure,
            format!("<{}> has no <title>, which SCORM requires", node.tag_name().name()),
        )
        .place(file, tag(node))
        .hint("LMSs show the title in the course list and the table of contents");
    }
}

fn check_item(node: Node, resources: &HashSet<&str>, file: &str, fl: &Flavour, f: &mut Findings) {
    require_attr(node, "identifier", file, fl, f);
    let order = [("title", Optional), ("item", Many), ("metadata", Optional)];
    check_order(node, &order, file, fl, f);
    require_title(node, file, fl, f);
    let has_children = elements(node).any(|c| is(c, fl.cp_ns, "item"));
    match node.attribute("identifierref") {
        Some(r) if !resources.contains(r) => {
            f.add(
                fl.codes.identifierref,
                format!("item references resource `{r}`, which does not exist"),
            )
            .place(file, attr_range(node, "identifierref"));
        }
        Some(_) => {}
        None if !has_children => {
            f.add(
                fl.codes.identifierref,
                "a leaf <item> has no `identifierref`: it launches nothing",
            )
            .place(file, tag(node));
        }
        None => {}
    }
    if let Some(v) = node.attribute("isvisible")
        && !matches!(v, "true" | "false" | "1" | "0")
    {
        f.add(fl.codes.structure, format!("isvisible `{v}` is not a boolean"))
            .place(file, attr_range(node, "isvisible"));
    }
}

fn check_resource(node: Node, file: &str, fl: &Flavour, f: &mut Findings) {
    require_attr(node, "identifier", file, fl, f);
    let order = [("metadata", Optional), ("file", Many), ("dependency", Many)];
    check_order(node, &order, file, fl, f);
    if require_attr(node, "type", file, fl, f) && node.attribute("type") != Some("webcontent") {
        let v = node.attribute("type").unwrap_or_default();
        f.add_as(
            Level::Spec,
            fl.codes.resource,
            format!("resource type `{v}` is not `webcontent`"),
        )
        .place(file, attr_range(node, "type"));
    }
    let attr = node.attributes().find(|a| a.name().eq_ignore_ascii_case("scormtype"));
    match attr {
        None => {
            f.add_as(
                Level::Spec,
                fl.codes.resource,
                format!("resource has no adlcp:{}", fl.scormtype),
            )
            .place(file, tag(node))
            .hint(format!("add adlcp:{}=\"sco\" (tracked) or \"asset\"", fl.scormtype));
        }
        Some(a) if a.name() != fl.scormtype => {
            f.add(
                fl.codes.resource,
                format!(
                    "`{}` is spelled `{}` in {}; LMSs ignore this attribute",
                    a.name(),
                    fl.scormtype,
                    fl.name
                ),
            )
            .place(file, a.range_qname());
        }
        Some(a) if !matches!(a.value(), "sco" | "asset") => {
            f.add(
                fl.codes.resource,
                format!("{} `{}` is neither `sco` nor `asset`", a.name(), a.value()),
            )
            .place(file, a.range_value());
        }
        Some(_) => {}
    }
    if let Some(href) = node.attribute("href")
        && href.chars().count() > 2000
    {
        f.add(fl.codes.resource, "resource href is longer than 2000 characters")
            .place(file, attr_range(node, "href"));
    }
}

fn check_dependency(node: Node, resources: &HashSet<&str>, file: &str, fl: &Flavour, f: &mut Findings) {
    if !require_attr(node, "identifierref", file, fl, f) {
        return;
    }
    let r = node.attribute("identifierref").unwrap_or_default();
    if !resources.contains(r) {
        f.add(
            fl.codes.identifierref,
            format!("dependency references resource `{r}`, which does not exist"),
        )
        .place(file, attr_range(node, "identifierref"));
    }
}
