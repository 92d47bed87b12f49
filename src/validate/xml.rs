//! Reading a manifest as XML safely (no DTD, bounded size, nodes and depth) plus small helpers
//! for positions, so every XML finding carries `file:line:col`.

use std::ops::Range;

use roxmltree::{Document, Node, ParsingOptions};

use super::findings::{Findings, Refine};

/// Largest manifest read, in bytes.
pub const MAX_XML_BYTES: u64 = 16 << 20;
/// Nodes (elements, texts, comments) of one manifest: each costs the parser about 100 bytes, so this and
/// [`MAX_ATTRIBUTES_TOTAL`] keep a parsed 16 MiB manifest under 100 MB.
const MAX_NODES: u32 = 400_000;
/// Attributes in the whole manifest (a 30,000-file course has about 70,000).
pub const MAX_ATTRIBUTES_TOTAL: usize = 300_000;
const MAX_DEPTH: usize = 256;
/// Attributes (namespace declarations included) on one element: the XML parser checks each for duplicates
/// against the others, so its cost grows with the square of this number.
pub const MAX_ATTRIBUTES: usize = 256;
/// Namespace declarations in scope at one element: the parser copies them into every element that
/// declares another one.
pub const MAX_NAMESPACES_IN_SCOPE: usize = 64;
/// Namespace declarations in the whole manifest.
pub const MAX_NAMESPACE_DECLARATIONS: usize = 10_000;

/// Decodes manifest bytes: UTF-8 with an optional byte-order mark.
pub fn decode(bytes: Vec<u8>, file: &str, findings: &mut Findings) -> Option<String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        findings
            .add("XML-01", format!("{file} is UTF-16; manifests must be UTF-8"))
            .hint("save the manifest as UTF-8");
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            findings
                .add("XML-01", format!("{file} is not valid UTF-8 (byte {at})"))
                .hint("save the manifest as UTF-8");
            None
        }
    }
}

/// Parses a manifest; problems become findings placed in `file`.
pub fn parse<'a>(text: &'a str, file: &str, findings: &mut Findings) -> Option<Document<'a>> {
    if let Some(at) = text.find("<!DOCTYPE") {
        findings
            .add("XML-02", "the manifest has a DTD (`<!DOCTYPE`); it was not read")
            .place(file, at..at + 9)
            .hint("remove the DOCTYPE: SCORM, Tin Can and cmi5 manifests use XML Schema, not DTDs");
        return None;
    }
    if let Some((at, message)) = attribute_limits(text) {
        findings
            .add("XML-03", message)
            .place(file, at..next_char_end(text, at))
            .hint("real manifests need a handful of attributes and namespaces; the manifest was not read further");
        return None;
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            report_parse_error(&e, text, file, findings);
            return None;
        }
    };
    if too_deep(&doc) {
        findings
            .add("XML-03", format!("elements nest deeper than {MAX_DEPTH} levels"))
            .place(file, 0..0);
        return None;
    }
    Some(doc)
}

/// A linear pre-scan of the start tags, before the (quadratic in these numbers) parse: the offset of the first
/// element over an attribute or namespace limit, and why. Lenient: malformed markup is left to the parser.
fn attribute_limits(text: &str) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let find = |from: usize, pat: &[u8]| -> usize {
        b.get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map_or(b.len(), |i| from + i + pat.len())
    };
    let mut scopes: Vec<usize> = Vec::new();
    let (mut declarations, mut all_attributes) = (0usize, 0usize);
    let mut i = 0;
    while let Some(lt) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'<')) {
        let start = i + lt;
        let rest = &b[start..];
        if rest.starts_with(b"<!--") {
            i = find(start + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(start + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = find(start + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            i = find(start + 2, b">");
        } else if rest.starts_with(b"</") {
            scopes.pop();
            i = find(start + 2, b">");
        } else {
            let (end, attributes, declared, open) = start_tag(b, start + 1);
            i = end;
            let in_scope = scopes.last().copied().unwrap_or(0) + declared;
            declarations += declared;
            all_attributes += attributes;
            if all_attributes > MAX_ATTRIBUTES_TOTAL {
                return Some((
                    start,
                    format!("the manifest has more than {MAX_ATTRIBUTES_TOTAL} attributes"),
                ));
            }
            if attributes > MAX_ATTRIBUTES {
                return Some((
                    start,
                    format!("an element has {attributes} attributes, more than the {MAX_ATTRIBUTES} accepted"),
                ));
            }
            if in_scope > MAX_NAMESPACES_IN_SCOPE {
                return Some((
                    start,
                    format!(
                        "{in_scope} namespace declarations are in scope here, more than the {MAX_NAMESPACES_IN_SCOPE} accepted"
                    ),
                ));
            }
            if declarations > MAX_NAMESPACE_DECLARATIONS {
                return Some((
                    start,
                    format!("the manifest declares more than {MAX_NAMESPACE_DECLARATIONS} namespaces"),
                ));
            }
            if open {
                scopes.push(in_scope);
            }
        }
    }
    None
}

/// Reads a start tag from just after its `<`: (offset after it, attributes, namespace declarations, whether it
/// opens an element that an end tag closes).
fn start_tag(b: &[u8], mut i: usize) -> (usize, usize, usize, bool) {
    let stop = |c: u8| c.is_ascii_whitespace() || matches!(c, b'>' | b'/' | b'=');
    while i < b.len() && !stop(b[i]) {
        i += 1;
    }
    let (mut attributes, mut declared) = (0, 0);
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            None => return (i, attributes, declared, false),
            Some(b'>') => return (i + 1, attributes, declared, true),
            Some(b'/') if b.get(i + 1) == Some(&b'>') => return (i + 2, attributes, declared, false),
            Some(b'/' | b'=') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_start = i;
        while i < b.len() && !stop(b[i]) {
            i += 1;
        }
        let name = &b[name_start..i];
        attributes += 1;
        if name == b"xmlns" || name.starts_with(b"xmlns:") {
            declared += 1;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if let Some(&q) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') {
            i = b[i + 1..]
                .iter()
                .position(|&c| c == q)
                .map_or(b.len(), |j| i + 1 + j + 1);
        }
    }
}

fn report_parse_error(e: &roxmltree::Error, text: &str, file: &str, findings: &mut Findings) {
    use roxmltree::Error as E;
    let code = match e {
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => "XML-03",
        E::EntityReferenceLoop(_) | E::DtdDetected => "XML-02",
        _ => "XML-01",
    };
    let pos = e.pos();
    let at = offset(text, pos.row, pos.col);
    let end = next_char_end(text, at);
    let d = findings
        .add(code, format!("the manifest is not well-formed XML: {e}"))
        .place(file, at..end);
    if matches!(e, E::MalformedEntityReference(_) | E::UnknownEntityReference(..)) {
        d.hint("write a literal `&` as `&amp;` (and `<` as `&lt;`)");
    }
}

fn too_deep(doc: &Document) -> bool {
    let mut depth = vec![0usize; doc.descendants().count() + 2];
    for node in doc.descendants() {
        let d = node.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        if d > MAX_DEPTH {
            return true;
        }
        depth[node.id().get_usize()] = d;
    }
    false
}

/// Byte offset of a 1-based row and column (in characters).
pub fn offset(text: &str, row: u32, col: u32) -> usize {
    let mut line_start = 0;
    for _ in 1..row {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line = &text[line_start..];
    line.char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| line_start + i)
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// The byte range of an element's start tag (for annotations).
pub fn tag(node: Node) -> Range<usize> {
    let start = node.range().start;
    let text = node.document().input_text();
    let end = text[start..].find('>').map_or(node.range().end, |i| start + i + 1);
    start..end
}

/// The range of an attribute's value, or of the start tag when it is absent.
pub fn attr_range(node: Node, name: &str) -> Range<usize> {
    node.attributes()
        .find(|a| a.name() == name)
        .map_or_else(|| tag(node), |a| a.range_value())
}

/// Element children of a node.
pub fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

/// The first child element with this local name and namespace.
pub fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    elements(node).find(|c| is(*c, ns, name))
}

/// Whether an element has this namespace and local name.
pub fn is(node: Node, ns: &str, name: &str) -> bool {
    node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// The trimmed text content of an element (all text children joined).
pub fn text(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Whether `value` is an NCName (the lexical space of xs:ID), ASCII-approximated.
pub fn is_ncname(value: &str) -> bool {
    let mut chars = value.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncname() {
        assert!(is_ncname("item_1"));
        assert!(is_ncname("com.scorm.golf-1"));
        assert!(!is_ncname("5-Why_ORG"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname(""));
    }

    #[test]
    fn attribute_and_namespace_limits() {
        let attrs: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}=\"x>\"")).collect();
        let hit = attribute_limits(&format!("<!-- <x> --><m><e{attrs}/></m>"));
        assert_eq!(hit.map(|(at, _)| at), Some(15));
        let under: String = (0..MAX_ATTRIBUTES).map(|i| format!(" a{i}='x'")).collect();
        assert_eq!(attribute_limits(&format!("<m><e{under}/></m>")), None);
        let decls: String = (0..40).map(|i| format!(" xmlns:p{i}='u{i}'")).collect();
        // 40 on the root and 40 on a child: 80 in scope; siblings after an end tag see 40 again
        let nested = format!("<m{decls}><c{decls}/></m>");
        assert!(attribute_limits(&nested).is_some_and(|(_, m)| m.contains("80 namespace")));
        assert_eq!(attribute_limits(&format!("<m{decls}><c/><d></d></m>")), None);
        let element = format!("<e{under}/>");
        let many = format!("<m>{}</m>", element.repeat(MAX_ATTRIBUTES_TOTAL / MAX_ATTRIBUTES + 1));
        assert!(attribute_limits(&many).is_some_and(|(_, m)| m.contains("more than 300000 attributes")));
    }

    #[test]
    fn offsets_from_row_and_column() {
        let t = "ab\ncdé\nf";
        assert_eq!(offset(t, 1, 1), 0);
        assert_eq!(offset(t, 2, 3), 5);
        assert_eq!(offset(t, 3, 1), 8);
    }
}
