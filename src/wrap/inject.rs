//! Adds the completion `<script>` to a launch page with an HTML rewriter (lol_html), never by text search: into
//! `<head>` whatever the markup, never inside a script or comment, and byte for byte in any ASCII-compatible
//! encoding.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use lol_html::html_content::{ContentType, Element, EndTag};
use lol_html::{AsciiCompatibleEncoding, HtmlRewriter, Settings, element, end, end_tag};

/// What the first pass saw: a `<head>` start tag, an explicit `</head>`, the first element's name.
#[derive(Default)]
struct Shape {
    head: Cell<bool>,
    head_end: Cell<bool>,
    first: RefCell<Option<String>>,
}

/// Where the tag goes, in order of preference.
enum Spot {
    BeforeHeadEnd,
    AfterHeadStart,
    AfterHtmlStart,
    BeforeFirstElement,
    AtTheEnd,
}

/// `html` with `tag` (ASCII markup) inserted before `</head>`; else just after `<head>`; else inside `<html>`;
/// else before the first element (never before the doctype); else at the end. The error says why the page
/// cannot be rewritten.
pub fn inject(html: &[u8], tag: &str) -> Result<Vec<u8>, String> {
    let encoding = encoding(html)?;
    let shape = Rc::new(Shape::default());
    let seen = Rc::clone(&shape);
    let observe = Settings::new()
        .with_encoding(encoding)
        .with_adjust_charset_on_meta_tag(true)
        .append_element_content_handler(element!("*", move |el: &mut Element| {
            seen.first.borrow_mut().get_or_insert_with(|| el.tag_name());
            if el.tag_name() == "head" && !seen.head.replace(true) {
                let ended = Rc::clone(&seen);
                el.on_end_tag(end_tag!(move |_: &mut EndTag| {
                    ended.head_end.set(true);
                    Ok(())
                }))?;
            }
            Ok(())
        }));
    rewrite(html, observe)?;
    let spot = if shape.head_end.get() {
        Spot::BeforeHeadEnd
    } else if shape.head.get() {
        Spot::AfterHeadStart
    } else {
        match shape.first.borrow().as_deref() {
            Some("html") => Spot::AfterHtmlStart,
            Some(_) => Spot::BeforeFirstElement,
            None => Spot::AtTheEnd,
        }
    };
    let content = format!("{tag}\n");
    let done = Rc::new(Cell::new(false));
    let settings = Settings::new()
        .with_encoding(encoding)
        .with_adjust_charset_on_meta_tag(true);
    let settings = match spot {
        Spot::AtTheEnd => settings.append_document_content_handler(end!(move |end| {
            end.append(&content, ContentType::Html);
            Ok(())
        })),
        spot => settings.append_element_content_handler(element!("*", move |el: &mut Element| {
            if done.get() {
                return Ok(());
            }
            let name = el.tag_name();
            match spot {
                Spot::BeforeHeadEnd if name == "head" => {
                    let content = content.clone();
                    el.on_end_tag(end_tag!(move |end: &mut EndTag| {
                        end.before(&content, ContentType::Html);
                        Ok(())
                    }))?;
                }
                Spot::AfterHeadStart if name == "head" => el.prepend(&content, ContentType::Html),
                Spot::AfterHtmlStart if name == "html" => el.prepend(&content, ContentType::Html),
                Spot::BeforeFirstElement => el.before(&content, ContentType::Html),
                _ => return Ok(()),
            }
            done.set(true);
            Ok(())
        })),
    };
    rewrite(html, settings)
}

fn rewrite(html: &[u8], settings: Settings<'_, '_>) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(html.len() + 128);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    rewriter.write(html).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The page's encoding to start with: from a byte-order mark, else UTF-8 when the bytes are UTF-8, else
/// windows-1252, which decodes every byte (a `<meta charset>` switches it while rewriting). Markup is ASCII in
/// all of them, and untouched bytes pass through as they are.
fn encoding(html: &[u8]) -> Result<AsciiCompatibleEncoding, String> {
    let found: &'static Encoding = match Encoding::for_bom(html) {
        Some((e, _)) => e,
        None if std::str::from_utf8(html).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    AsciiCompatibleEncoding::new(found).ok_or_else(|| {
        format!(
            "it is {}, which an HTML rewriter cannot edit safely; save it as UTF-8",
            found.name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: &str = "<script src=\"c.js\"></script>";

    fn injected(html: &[u8]) -> String {
        String::from_utf8_lossy(&inject(html, TAG).expect("rewritten")).into_owned()
    }

    #[test]
    fn the_tag_goes_into_the_head_whatever_the_markup() {
        assert_eq!(
            injected(b"<html><HEAD><title>x</title></HEAD></html>"),
            "<html><HEAD><title>x</title><script src=\"c.js\"></script>\n</HEAD></html>"
        );
        assert_eq!(
            injected(b"<!DOCTYPE html><html><head><meta charset=utf-8><title>x</title><body>hi"),
            "<!DOCTYPE html><html><head><script src=\"c.js\"></script>\n<meta charset=utf-8><title>x</title><body>hi"
        );
        assert_eq!(
            injected(b"<!DOCTYPE html>\n<html lang=nl><body>hi"),
            "<!DOCTYPE html>\n<html lang=nl><script src=\"c.js\"></script>\n<body>hi"
        );
        assert_eq!(
            injected(b"<!doctype html><!-- </head> --><p>bare</p>"),
            "<!doctype html><!-- </head> --><script src=\"c.js\"></script>\n<p>bare</p>"
        );
        assert_eq!(
            injected(b"<!DOCTYPE html>just text"),
            "<!DOCTYPE html>just text<script src=\"c.js\"></script>\n"
        );
    }

    #[test]
    fn a_head_end_tag_inside_a_script_string_is_script() {
        let page = b"<html><head><script>var s = \"</head>\";</script><title>t</title></head><body></body></html>";
        assert_eq!(
            injected(page),
            "<html><head><script>var s = \"</head>\";</script><title>t</title><script src=\"c.js\"></script>\n</head><body></body></html>"
        );
    }

    #[test]
    fn non_utf8_pages_keep_every_byte() {
        let page: &[u8] = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 \x93quoted\x94</title></head><body>\xe9\x80\x81</body></html>";
        let out = inject(page, TAG).expect("rewritten");
        let mut expected = page.to_vec();
        let at = expected.windows(7).position(|w| w == b"</head>").expect("head end");
        expected.splice(at..at, format!("{TAG}\n").into_bytes());
        assert_eq!(out, expected);
        assert!(inject(b"\xff\xfe<\0h\0", TAG).is_err_and(|e| e.contains("UTF-16")));
    }
}
