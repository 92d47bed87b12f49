//! W0302: a figure's SVG text that a phone would show under 12 px. The player draws every SVG figure as wide as the
//! text column, so text renders at `font-size × column width ÷ viewBox width`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::diag::Diagnostic;

/// The phone the check measures for: 390 CSS px wide (a common current phone).
pub const PHONE_WIDTH_PX: f64 = 390.0;
/// The player's horizontal padding around the text column on a phone: 1rem = 16 px on each side
/// (`.cp-main` in packaging/assets/coursepack.css).
pub const COLUMN_PADDING_PX: f64 = 16.0;
/// The column a figure fills on that phone: 390 − 2 × 16 = 358 CSS px.
pub const COLUMN_PX: f64 = PHONE_WIDTH_PX - 2.0 * COLUMN_PADDING_PX;
/// Smallest text a learner should have to read, in CSS px.
pub const MIN_TEXT_PX: f64 = 12.0;
/// SVG's initial font-size (CSS `medium`).
const DEFAULT_FONT_PX: f64 = 16.0;

/// The smallest text of one SVG: the text, its font-size in user units and the viewBox width.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallestText {
    pub text: String,
    pub font_size: f64,
    pub viewbox_width: f64,
}

impl SmallestText {
    /// The size the text renders at in a phone's column, in CSS px.
    pub fn rendered_px(&self) -> f64 {
        self.font_size * COLUMN_PX / self.viewbox_width
    }
}

/// A figure on a page: the image file (course-root relative) and where the page's Markdown refers to it.
#[derive(Debug, Clone)]
pub struct FigureRef {
    pub page: String,
    pub file: String,
    pub at: Range<usize>,
}

/// Warns for each figure whose SVG text renders under 12 px on a phone. SVGs that cannot be read or parsed, or
/// have no usable width, are left to other checks.
pub fn check(root: &Path, figures: &[FigureRef]) -> Vec<Diagnostic> {
    let mut measured: BTreeMap<&str, Option<SmallestText>> = BTreeMap::new();
    let mut out = Vec::new();
    for FigureRef { page, file, at } in figures {
        if !file.to_ascii_lowercase().ends_with(".svg") {
            continue;
        }
        let smallest = measured.entry(file.as_str()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(file)).ok()?;
            smallest_text(&text)
        });
        let Some(s) = smallest else { continue };
        let px = s.rendered_px();
        if px >= MIN_TEXT_PX {
            continue;
        }
        let needed_size = (MIN_TEXT_PX * s.viewbox_width / COLUMN_PX).ceil();
        let widest = (s.font_size * COLUMN_PX / MIN_TEXT_PX).floor();
        out.push(
            Diagnostic::warning(
                "W0302",
                format!("text in figure `{file}` renders at {px:.1} px on a phone, under {MIN_TEXT_PX} px"),
            )
            .at(page, at.clone())
            .label(format!(
                "“{}”: font-size {} in a viewBox {} wide, shown {COLUMN_PX} px wide in a 390 px screen",
                s.text, s.font_size, s.viewbox_width
            ))
            .help(format!(
                "make the figure's text at least font-size {needed_size}, or draw it narrower (viewBox at most \
                 {widest} wide for this text), e.g. stack its boxes vertically; learners can still zoom in, but \
                 should not have to"
            )),
        );
    }
    out
}

/// The smallest non-empty text of an SVG document, or None when it has no text or no usable width.
pub fn smallest_text(svg: &str) -> Option<SmallestText> {
    let doc = roxmltree::Document::parse(svg).ok()?;
    let root = doc.root_element();
    let viewbox_width = viewbox_width(root)?;
    let mut smallest: Option<SmallestText> = None;
    for node in root.descendants().filter(|n| n.is_element()) {
        if !matches!(node.tag_name().name(), "text" | "tspan" | "textPath") {
            continue;
        }
        let own: String = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect();
        let own = own.split_whitespace().collect::<Vec<_>>().join(" ");
        if own.is_empty() {
            continue;
        }
        let font_size = font_size(node);
        if smallest.as_ref().is_none_or(|s| font_size < s.font_size) {
            smallest = Some(SmallestText {
                text: own,
                font_size,
                viewbox_width,
            });
        }
    }
    smallest
}

/// The width of the drawing in user units: the viewBox's, else a unitless/px `width`.
fn viewbox_width(svg: roxmltree::Node) -> Option<f64> {
    let from_viewbox = svg.attribute("viewBox").and_then(|v| {
        let parts: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        (parts.len() == 4).then(|| parts[2])
    });
    let width = from_viewbox.or_else(|| svg.attribute("width").and_then(|w| length(w, DEFAULT_FONT_PX)))?;
    (width.is_finite() && width > 0.0).then_some(width)
}

/// The computed font-size of an element: its own `style="font-size:…"` or `font-size` attribute (in that order of
/// precedence), else its parent's, else 16.
fn font_size(node: roxmltree::Node) -> f64 {
    let parent = node.parent_element().map_or(DEFAULT_FONT_PX, font_size);
    let declared = node
        .attribute("style")
        .and_then(style_font_size)
        .or_else(|| node.attribute("font-size").map(str::to_owned));
    declared
        .and_then(|v| length(&v, parent))
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(parent)
}

/// The last `font-size` declaration of a style attribute.
fn style_font_size(style: &str) -> Option<String> {
    style
        .split(';')
        .filter_map(|decl| decl.split_once(':'))
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("font-size"))
        .map(|(_, value)| value.trim().trim_end_matches("!important").trim().to_owned())
        .next_back()
}

/// A CSS length in user units (px): a number, or px/pt/pc/in/cm/mm, em/% of the parent's size, rem of 16;
/// keywords and viewport units are not resolved (None).
fn length(value: &str, parent: f64) -> Option<f64> {
    let v = value.trim();
    let number_end = v.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%').len();
    let (num, unit) = v.split_at(number_end);
    let n: f64 = num.parse().ok()?;
    let factor = match unit.to_ascii_lowercase().as_str() {
        "" | "px" => 1.0,
        "pt" => 4.0 / 3.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "em" => parent,
        "rem" => DEFAULT_FONT_PX,
        "%" => parent / 100.0,
        _ => return None,
    };
    Some(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smallest(svg: &str) -> (f64, f64, String) {
        let s = smallest_text(svg).expect("has text");
        (s.font_size, s.viewbox_width, s.text)
    }

    #[test]
    fn font_size_comes_from_the_element_its_ancestors_or_the_default() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 200" font-size="20">
            <g font-size="18"><text>inherited from g</text><text font-size="14">own attribute</text></g>
            <text>from svg</text></svg>"#;
        assert_eq!(smallest(svg), (14.0, 1000.0, "own attribute".to_owned()));
        let default = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><text>plain</text></svg>"#;
        assert_eq!(smallest(default).0, 16.0);
    }

    #[test]
    fn style_wins_over_the_attribute_and_units_resolve() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,800,100">
            <g style="fill: red; font-size: 20px"><text font-size="40" style="font-size:0.5em">half of g</text></g>
            <text style="font-size: 9pt">nine points</text></svg>"#;
        assert_eq!(smallest(svg), (10.0, 800.0, "half of g".to_owned()));
    }

    #[test]
    fn empty_text_is_ignored_and_width_falls_back_to_the_width_attribute() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="500px"><text font-size="6">  </text>
            <text font-size="15">words</text></svg>"#;
        assert_eq!(smallest(svg), (15.0, 500.0, "words".to_owned()));
        assert!(smallest_text(r#"<svg xmlns="http://www.w3.org/2000/svg"><text>no width</text></svg>"#).is_none());
        assert!(smallest_text("not xml").is_none());
    }

    #[test]
    fn rendered_size_is_font_size_times_column_over_viewbox() {
        let s = SmallestText {
            text: String::new(),
            font_size: 14.0,
            viewbox_width: 1040.0,
        };
        assert!((s.rendered_px() - 14.0 * 358.0 / 1040.0).abs() < 1e-9);
        assert_eq!(COLUMN_PX, 358.0);
    }
}
