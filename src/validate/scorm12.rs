//! SCORM 1.2 manifests: namespaces, `schemaversion`, the `adlcp:` extensions and their values,
//! on top of the shared content-packaging checks.

use roxmltree::{Document, Node};

use super::archive::Package;
use super::cp::{self, Codes, Flavour};
use super::files;
use super::findings::{Findings, Refine};
use super::rules::Level;
use super::xml::{attr_range, child, tag, text};

pub const CP_NS: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const ADLCP_NS: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

pub const FLAVOUR: Flavour = Flavour {
    name: "SCORM 1.2",
    cp_ns: CP_NS,
    adlcp_ns: ADLCP_NS,
    scormtype: "scormtype",
    codes: Codes {
        namespace: "S12-CP-02",
        ids: "S12-CP-03",
        default_org: "S12-CP-05",
        identifierref: "S12-CP-06",
        structure: "S12-CP-07",
        resource: "S12-CP-08",
        files: "S12-CP-09",
        unlisted: "S12-CP-10",
        values: "S12-CP-11",
    },
};

const ITEM_EXTENSIONS: [&str; 5] = [
    "prerequisites",
    "maxtimeallowed",
    "timelimitaction",
    "datafromlms",
    "masteryscore",
];
const TIME_LIMIT_ACTIONS: [&str; 4] = [
    "exit,message",
    "exit,no message",
    "continue,message",
    "continue,no message",
];

/// Checks a SCORM 1.2 manifest (root already known to be imscp_rootv1p1p2 `manifest`).
pub fn check(doc: &Document, file: &str, pkg: &Package, f: &mut Findings) {
    check_namespaces(doc, file, f);
    check_schemaversion(doc, file, f);
    cp::check(doc, file, &FLAVOUR, f);
    for node in doc.descendants().filter(|n| n.tag_name().namespace() == Some(ADLCP_NS)) {
        check_extension(node, file, f);
    }
    check_lengths(doc, file, f);
    files::check(doc, file, &FLAVOUR, pkg, f);
}

/// `maxLength` facets of the SCORM 1.2 schemas (imscp_rootv1p1p2.xsd, adlcp_rootv1p2.xsd), in characters: element
/// texts by namespace and name. A resource's `href` is S12-CP-08's.
const TEXT_LENGTHS: [(&str, &str, usize); 8] = [
    (CP_NS, "title", 200),
    (CP_NS, "schema", 100),
    (CP_NS, "schemaversion", 20),
    (ADLCP_NS, "location", 2000),
    (ADLCP_NS, "maxtimeallowed", 13),
    (ADLCP_NS, "datafromlms", 255),
    (ADLCP_NS, "masteryscore", 200),
    (ADLCP_NS, "prerequisites", 200),
];
/// The same for attributes: element (in the CP namespace), attribute, length.
const ATTRIBUTE_LENGTHS: [(&str, &str, usize); 7] = [
    ("file", "href", 2000),
    ("item", "identifierref", 2000),
    ("dependency", "identifierref", 2000),
    ("item", "parameters", 1000),
    ("resource", "type", 1000),
    ("organization", "structure", 200),
    ("manifest", "version", 20),
];

/// S12-CP-12: texts and attributes within the schema's `maxLength` (a schema-validating LMS rejects the package).
fn check_lengths(doc: &Document, file: &str, f: &mut Findings) {
    for node in doc.descendants().filter(Node::is_element) {
        let (ns, name) = (node.tag_name().namespace().unwrap_or(""), node.tag_name().name());
        for (_, _, max) in TEXT_LENGTHS.iter().filter(|(n, e, _)| *n == ns && *e == name) {
            let n = text(node).chars().count();
            if n > *max {
                f.add(
                    "S12-CP-12",
                    format!("<{name}> has {n} characters; the SCORM 1.2 schema allows {max}"),
                )
                .place(file, tag(node))
                .hint("shorten it: schema-validating LMSs reject the manifest");
            }
        }
        if ns != CP_NS {
            continue;
        }
        for (_, attr, max) in ATTRIBUTE_LENGTHS.iter().filter(|(e, _, _)| *e == name) {
            let n = node.attribute(*attr).map_or(0, |v| v.chars().count());
            if n > *max {
                f.add(
                    "S12-CP-12",
                    format!("{name}/@{attr} has {n} characters; the SCORM 1.2 schema allows {max}"),
                )
                .place(file, attr_range(node, attr));
            }
        }
    }
}

fn check_namespaces(doc: &Document, file: &str, f: &mut Findings) {
    let root = doc.root_element();
    for ns in root.namespaces() {
        if ns.uri().contains("adlcp") && ns.uri() != ADLCP_NS {
            f.add_as(
                Level::Spec,
                "S12-CP-02",
                format!("namespace `{}` is not the SCORM 1.2 adlcp namespace", ns.uri()),
            )
            .place(file, tag(root))
            .hint(format!("SCORM 1.2 uses xmlns:adlcp=\"{ADLCP_NS}\""));
        }
    }
}

fn check_schemaversion(doc: &Document, file: &str, f: &mut Findings) {
    let root = doc.root_element();
    let Some(metadata) = child(root, CP_NS, "metadata") else {
        f.add_as(
            Level::Spec,
            "S12-CP-04",
            "the manifest has no <metadata> with schema and schemaversion",
        )
        .place(file, tag(root))
        .hint("add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>");
        return;
    };
    for (name, expected) in [("schema", "ADL SCORM"), ("schemaversion", "1.2")] {
        match child(metadata, CP_NS, name) {
            None => {
                f.add_as(Level::Spec, "S12-CP-04", format!("<metadata> has no <{name}>"))
                    .place(file, tag(metadata))
                    .hint(format!("add <{name}>{expected}</{name}>"));
            }
            Some(node) if text(node) != expected => {
                f.add_as(
                    Level::Spec,
                    "S12-CP-04",
                    format!("<{name}> is `{}`, not `{expected}`", text(node)),
                )
                .place(file, node.range());
            }
            Some(_) => {}
        }
    }
}

fn check_extension(node: Node, file: &str, f: &mut Findings) {
    let name = node.tag_name().name();
    let value = text(node);
    if name == "location" {
        return;
    }
    if !ITEM_EXTENSIONS.contains(&name) {
        f.add("S12-CP-07", format!("adlcp:{name} is not a SCORM 1.2 element"))
            .place(file, tag(node))
            .hint(spelling_hint(name));
        return;
    }
    let problem = match name {
        "masteryscore" => (!is_score(&value)).then(|| format!("masteryscore `{value}` is not a number from 0 to 100")),
        "maxtimeallowed" => (!is_timespan(&value)).then(|| format!("maxtimeallowed `{value}` is not HHHH:MM:SS.SS")),
        "timelimitaction" => (!TIME_LIMIT_ACTIONS.contains(&value.as_str())).then(|| {
            format!(
                "timelimitaction `{value}` is not one of {}",
                TIME_LIMIT_ACTIONS.join(" | ")
            )
        }),
        "datafromlms" => {
            (value.chars().count() > 4096).then(|| "datafromlms is longer than 4096 characters".to_owned())
        }
        "prerequisites" => (node.attribute("type") != Some("aicc_script"))
            .then(|| "adlcp:prerequisites needs type=\"aicc_script\"".to_owned()),
        _ => None,
    };
    if let Some(message) = problem {
        f.add("S12-CP-11", message).place(file, node.range());
    }
}

fn spelling_hint(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if ITEM_EXTENSIONS.contains(&lower.as_str()) {
        format!("SCORM 1.2 spells it adlcp:{lower} (the mixed case is SCORM 2004)")
    } else {
        format!("SCORM 1.2 items allow adlcp:{}", ITEM_EXTENSIONS.join(", adlcp:"))
    }
}

fn is_score(value: &str) -> bool {
    value.parse::<f64>().is_ok_and(|v| (0.0..=100.0).contains(&v))
}

/// CMITimespan: `HHHH:MM:SS[.SS]` with 2–4 hour digits.
pub fn is_timespan(value: &str) -> bool {
    let parts: Vec<&str> = value.split(':').collect();
    let [h, m, s] = parts.as_slice() else { return false };
    let digits =
        |t: &str, n: std::ops::RangeInclusive<usize>| n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let (secs, frac) = s.split_once('.').unwrap_or((s, "0"));
    digits(h, 2..=4) && digits(m, 2..=2) && digits(secs, 2..=2) && digits(frac, 1..=2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timespans() {
        assert!(is_timespan("00:30:00"));
        assert!(is_timespan("0001:02:03.5"));
        assert!(!is_timespan("1:00:00"));
        assert!(!is_timespan("PT30M"));
    }
}
