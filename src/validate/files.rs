//! The files a SCORM manifest points at: launch `href`s, `<file>`s and `adlcp:location`s must
//! be safe relative paths that exist in the package; files nobody lists are reported too.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use roxmltree::{Document, Node};

use super::archive::{Package, report_list};
use super::cp::Flavour;
use super::findings::{Findings, Refine};
use super::names::{is_junk, risky_name, unsafe_path};
use super::rules::Level;
use super::xml::{attr_range, is, tag, text};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Positioned findings per code and manifest; the rest are counted in one summary finding.
const CAP: usize = 20;

struct Refs<'p> {
    pkg: &'p Package,
    fl: &'p Flavour,
    file: &'p str,
    listed: HashSet<String>,
    risky: Vec<String>,
    shown: BTreeMap<&'static str, usize>,
}

/// Checks every path the manifest references, then files the manifest does not list.
pub fn check(doc: &Document, file: &str, fl: &Flavour, pkg: &Package, f: &mut Findings) {
    let launched: HashSet<&str> = doc
        .descendants()
        .filter(|n| is(*n, fl.cp_ns, "item"))
        .filter_map(|n| n.attribute("identifierref"))
        .collect();
    let mut refs = Refs {
        pkg,
        fl,
        file,
        listed: HashSet::new(),
        risky: Vec::new(),
        shown: BTreeMap::new(),
    };
    for resource in doc.descendants().filter(|n| is(*n, fl.cp_ns, "resource")) {
        let base = xml_base(resource);
        let is_launched = resource.attribute("identifier").is_some_and(|id| launched.contains(id));
        match resource.attribute("href") {
            Some(href) => {
                let level = if is_launched { Level::Error } else { Level::Spec };
                refs.path(href, &base, attr_range(resource, "href"), level, f);
            }
            None if is_launched => {
                f.add(
                    fl.codes.resource,
                    "this resource is launched by an item but has no `href`",
                )
                .place(file, tag(resource));
            }
            None => {}
        }
        for child in resource.children().filter(|c| is(*c, fl.cp_ns, "file")) {
            if let Some(href) = child.attribute("href") {
                refs.path(href, &base, attr_range(child, "href"), Level::Spec, f);
            }
        }
    }
    for location in doc.descendants().filter(|n| is(*n, fl.adlcp_ns, "location")) {
        let path = text(location);
        refs.path(&path, "", tag(location), Level::Spec, f);
    }
    refs.finish(f);
}

impl Refs<'_> {
    /// One reference: `href` (relative to `base`), found at `range` of the manifest.
    fn path(&mut self, href: &str, base: &str, range: Range<usize>, level: Level, f: &mut Findings) {
        let fl = self.fl;
        if href.is_empty() || is_external(href) {
            return;
        }
        let joined = format!("{base}{}", strip_query(href));
        if let Some(why) = unsafe_path(&joined) {
            if self.take("ZIP-02") {
                f.add("ZIP-02", format!("path `{joined}` {why}"))
                    .place(self.file, range)
                    .hint("references must be relative, `/`-separated paths inside the package");
            }
            return;
        }
        let path = percent_decode(&joined);
        if risky_name(&path) {
            self.risky.push(path.clone());
        }
        if self.pkg.has_files() && !self.pkg.has_file(&path) && self.take(fl.codes.files) {
            let what = if level == Level::Error {
                "launch file"
            } else {
                "referenced file"
            };
            f.add_as(level, fl.codes.files, format!("{what} `{path}` is not in the package"))
                .place(self.file, range);
        }
        self.listed.insert(path);
    }

    fn take(&mut self, code: &'static str) -> bool {
        let n = self.shown.entry(code).or_insert(0);
        *n += 1;
        *n <= CAP
    }

    fn finish(self, f: &mut Findings) {
        let fl = self.fl;
        for (code, n) in &self.shown {
            if *n > CAP {
                let level = if *code == "ZIP-02" { Level::Error } else { Level::Spec };
                f.add_as(
                    level,
                    code,
                    format!("{} more paths break {code}; only the first {CAP} are shown", n - CAP),
                );
            }
        }
        if !self.pkg.has_files() {
            let mut risky = self.risky;
            risky.sort();
            risky.dedup();
            report_list(
                f,
                "ZIP-03",
                "referenced file names with spaces or characters LMSs may mangle",
                &risky,
            );
            return;
        }
        let names: Vec<String> = self.pkg.entries.iter().map(|e| e.name.to_ascii_lowercase()).collect();
        let unlisted: Vec<String> = self
            .pkg
            .entries
            .iter()
            .map(|e| e.name.clone())
            .filter(|n| !self.listed.contains(n) && !exempt(n) && !is_schema_companion(n, &names))
            .collect();
        report_list(f, fl.codes.unlisted, "files not listed in any <resource>", &unlisted);
    }
}

/// Files that need no `<file>` entry: root manifests, schema files (controlling documents), junk
/// (reported apart).
fn exempt(name: &str) -> bool {
    let root = !name.contains('/');
    let lower = name.to_ascii_lowercase();
    is_junk(name)
        || (root && matches!(lower.as_str(), "imsmanifest.xml" | "tincan.xml" | "cmi5.xml"))
        || lower.ends_with(".xsd")
        || lower.ends_with(".dtd")
}

/// XMLSpy's design-view file (`x.xsx`) beside a shipped schema `x.xsd`: part of the schema files, as the
/// Rustici golf examples carry it.
fn is_schema_companion(name: &str, lower_names: &[String]) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .strip_suffix(".xsx")
        .is_some_and(|stem| lower_names.iter().any(|n| n.strip_suffix(".xsd") == Some(stem)))
}

fn xml_base(resource: Node) -> String {
    let mut base = String::new();
    for node in [resource.parent_element(), Some(resource)].into_iter().flatten() {
        if let Some(b) = node.attribute((XML_NS, "base")) {
            base.push_str(b);
        }
    }
    base
}

/// Whether a reference is a URL with a scheme (not a file of the package).
pub fn is_external(href: &str) -> bool {
    let Some(colon) = href.find(':') else { return false };
    let scheme = &href[..colon];
    colon > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !href.contains('\\')
}

/// The path part of a reference (no `?query` or `#fragment`).
pub fn strip_query(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or(href)
}

/// Decodes `%XX` escapes; malformed escapes stay as they are.
pub fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xsx_counts_as_a_schema_file_only_beside_its_xsd() {
        let names = ["adlcp_v1p3.xsd".to_owned(), "imsmanifest.xml".to_owned()];
        assert!(is_schema_companion("adlcp_v1p3.xsx", &names));
        assert!(!is_schema_companion("other.xsx", &names));
        assert!(!is_schema_companion("adlcp_v1p3.xsd", &names));
    }

    #[test]
    fn references() {
        assert!(is_external("https://example.com/a"));
        assert!(!is_external("shared/launch.html"));
        assert!(!is_external("C:\\Users\\x"));
        assert_eq!(strip_query("a/b.html?x=1#top"), "a/b.html");
        assert_eq!(percent_decode("AC%20TEST.swf"), "AC TEST.swf");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
