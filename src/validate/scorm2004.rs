//! SCORM 2004 manifests (2nd, 3rd, 4th edition): edition from `schemaversion`, namespaces,
//! `adlcp:` values and constructs newer than the declared edition.

use roxmltree::{Document, Node};

use super::archive::Package;
use super::cp::{self, Codes, Flavour};
use super::files;
use super::findings::{Findings, Refine};
use super::rules::Level;
use super::xml::{child, tag, text};

pub const CP_NS: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
pub const ADLCP_NS: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const IMSSS_NS: &str = "http://www.imsglobal.org/xsd/imsss";

pub const FLAVOUR: Flavour = Flavour {
    name: "SCORM 2004",
    cp_ns: CP_NS,
    adlcp_ns: ADLCP_NS,
    scormtype: "scormType",
    codes: Codes {
        namespace: "S04-CP-01",
        ids: "S04-CP-06",
        default_org: "S04-CP-07",
        identifierref: "S04-CP-08",
        structure: "S04-CP-03",
        resource: "S04-CP-02",
        files: "S04-CP-09",
        unlisted: "S04-CP-10",
        values: "S04-CP-11",
    },
};

const ADLCP_ELEMENTS: [&str; 6] = [
    "location",
    "completionThreshold",
    "timeLimitAction",
    "dataFromLMS",
    "data",
    "map",
];
const TIME_LIMIT_ACTIONS: [&str; 4] = [
    "exit,message",
    "exit,no message",
    "continue,message",
    "continue,no message",
];

/// Checks a SCORM 2004 manifest and returns the edition it declares (2, 3 or 4).
pub fn check(doc: &Document, file: &str, pkg: &Package, f: &mut Findings) -> u8 {
    check_namespaces(doc, file, f);
    let edition = edition(doc, file, f);
    cp::check(doc, file, &FLAVOUR, f);
    for node in doc.descendants().filter(Node::is_element) {
        match node.tag_name().namespace() {
            Some(ADLCP_NS) => check_adlcp(node, edition, file, f),
            Some(IMSSS_NS) if node.tag_name().name() == "minNormalizedMeasure" => {
                let v = text(node);
                if !in_range(&v, -1.0, 1.0) {
                    f.add(
                        "S04-CP-11",
                        format!("minNormalizedMeasure `{v}` is not a decimal from -1 to 1"),
                    )
                    .place(file, node.range());
                }
            }
            _ => {}
        }
    }
    files::check(doc, file, &FLAVOUR, pkg, f);
    edition
}

fn check_namespaces(doc: &Document, file: &str, f: &mut Findings) {
    let root = doc.root_element();
    for ns in root.namespaces() {
        if ns.uri().contains("adlcp") && ns.uri() != ADLCP_NS {
            f.add_as(
                Level::Spec,
                "S04-CP-01",
                format!("namespace `{}` is not the SCORM 2004 adlcp namespace", ns.uri()),
            )
            .place(file, tag(root))
            .hint(format!(
                "SCORM 2004 uses xmlns:adlcp=\"{ADLCP_NS}\"; attributes in another namespace are not SCORM's"
            ));
        }
    }
}

fn edition(doc: &Document, file: &str, f: &mut Findings) -> u8 {
    let root = doc.root_element();
    let version = child(root, CP_NS, "metadata").and_then(|m| child(m, CP_NS, "schemaversion"));
    let Some(node) = version else {
        f.add_as(
            Level::Spec,
            "S04-CP-01",
            "the manifest has no <metadata><schemaversion>; assuming 2004 4th Edition",
        )
        .place(file, tag(root))
        .hint("add <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>");
        return 4;
    };
    match text(node).as_str() {
        "2004 4th Edition" => 4,
        "2004 3rd Edition" => 3,
        "CAM 1.3" => 2,
        other => {
            f.add_as(
                Level::Spec,
                "S04-CP-01",
                format!("schemaversion `{other}` is not a SCORM 2004 edition"),
            )
            .place(file, node.range())
            .hint("use `2004 4th Edition`, `2004 3rd Edition` or `CAM 1.3`");
            4
        }
    }
}

fn check_adlcp(node: Node, edition: u8, file: &str, f: &mut Findings) {
    let name = node.tag_name().name();
    if !ADLCP_ELEMENTS.contains(&name) {
        f.add("S04-CP-03", format!("adlcp:{name} is not a SCORM 2004 element"))
            .place(file, tag(node));
        return;
    }
    let newer = matches!(name, "data" | "map")
        || (name == "completionThreshold" && node.attributes().len() > 0)
        || node.attribute("sharedDataGlobalToSystem").is_some();
    if newer && edition < 4 {
        f.add_as(
            Level::Spec,
            "S04-CP-03",
            format!(
                "this form of adlcp:{name} is new in 2004 4th Edition, but the manifest declares edition {edition}"
            ),
        )
        .place(file, tag(node))
        .hint("declare `2004 4th Edition` or use the older form");
    }
    let value = text(node);
    let problem = match name {
        "timeLimitAction" => (!TIME_LIMIT_ACTIONS.contains(&value.as_str())).then(|| {
            format!(
                "timeLimitAction `{value}` is not one of {}",
                TIME_LIMIT_ACTIONS.join(" | ")
            )
        }),
        "completionThreshold" => {
            let v = node
                .attribute("minProgressMeasure")
                .map_or(value.clone(), str::to_owned);
            (!v.is_empty() && !in_range(&v, 0.0, 1.0))
                .then(|| format!("completion threshold `{v}` is not a decimal from 0 to 1"))
        }
        "dataFromLMS" => {
            (value.chars().count() > 4000).then(|| "dataFromLMS is longer than 4000 characters".to_owned())
        }
        _ => None,
    };
    if let Some(message) = problem {
        f.add("S04-CP-11", message).place(file, node.range());
    }
}

fn in_range(value: &str, min: f64, max: f64) -> bool {
    value.parse::<f64>().is_ok_and(|v| (min..=max).contains(&v))
}
