//! `[theme]` in course.toml: logo, colours, font and radius, checked for WCAG 2.1 AA contrast in the light and dark
//! schemes and written as `assets/theme.css` over the player's CSS custom properties.

pub mod contrast;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use contrast::{Rgb, nearest, ratio};

const FILE: &str = "course.toml";

/// The course's own stylesheet, appended after the player's and the theme's.
pub const COURSE_CSS: &str = "theme.css";

/// The generated stylesheet under `assets/`.
pub const THEME_ASSET: &str = "theme.css";

/// The course's `theme.css` as packaged under `assets/`.
pub const COURSE_ASSET: &str = "course.css";

/// `[theme]` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    logo: Option<Spanned<String>>,
    logo_alt: Option<Spanned<String>>,
    primary: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    primary_dark: Option<Spanned<String>>,
    accent_dark: Option<Spanned<String>>,
    font: Option<Spanned<String>>,
    radius: Option<Spanned<String>>,
}

/// The keys `[theme]` accepts.
pub const KEYS: &[&str] = &[
    "logo",
    "logo_alt",
    "primary",
    "accent",
    "primary_dark",
    "accent_dark",
    "font",
    "radius",
];

/// A course's logo: its path in the course (and the package) and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Logo {
    pub path: String,
    pub alt: String,
}

/// The colours of one scheme (light or dark): the player's `--accent`, `--accent-dark` and `--on-accent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    pub primary: Rgb,
    pub accent: Rgb,
    pub on_primary: Rgb,
}

/// A validated theme; the default is the player's own look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    pub logo: Option<Logo>,
    pub light: Option<Scheme>,
    pub dark: Option<Scheme>,
    pub font: Option<String>,
    pub radius: Option<String>,
    /// The course folder has a `theme.css`.
    pub course_css: bool,
}

impl Theme {
    /// Whether the package needs a generated `assets/theme.css`.
    pub fn has_css(&self) -> bool {
        self.light.is_some() || self.font.is_some() || self.radius.is_some()
    }

    /// The files under `assets/` this theme adds to a package.
    pub fn assets(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.has_css() {
            out.push(THEME_ASSET);
        }
        if self.course_css {
            out.push(COURSE_ASSET);
        }
        out
    }
}

/// The backgrounds the player puts theme colours on (see coursepack.css: --bg, --soft, --tint) and the text
/// colours for filled buttons, per scheme.
struct Backdrop {
    name: &'static str,
    surfaces: [(&'static str, Rgb); 3],
    on_fills: [Rgb; 2],
    /// Which way a failing colour moves to gain contrast on these surfaces.
    towards: Rgb,
}

const LIGHT: Backdrop = Backdrop {
    name: "light",
    surfaces: [
        ("background #ffffff", Rgb(255, 255, 255)),
        ("header/footer #f3f5f8", Rgb(0xf3, 0xf5, 0xf8)),
        ("hover #e6eef8", Rgb(0xe6, 0xee, 0xf8)),
    ],
    on_fills: [Rgb(255, 255, 255), Rgb(0x1b, 0x1b, 0x1b)],
    towards: Rgb::BLACK,
};

const DARK: Backdrop = Backdrop {
    name: "dark",
    surfaces: [
        ("background #121417", Rgb(0x12, 0x14, 0x17)),
        ("header/footer #1d2126", Rgb(0x1d, 0x21, 0x26)),
        ("hover #1f3550", Rgb(0x1f, 0x35, 0x50)),
    ],
    on_fills: [Rgb(0x0b, 0x1a, 0x2b), Rgb(255, 255, 255)],
    towards: Rgb::WHITE,
};

/// Normal text needs 4.5:1 (WCAG 2.1 AA, 1.4.3); theme colours are used for link and button text.
const TEXT: f64 = 4.5;

/// The text colour for a filled button of `fill` (the better of the scheme's two).
fn on_fill(back: &Backdrop, fill: Rgb) -> Rgb {
    let [a, b] = back.on_fills;
    if ratio(a, fill) >= ratio(b, fill) { a } else { b }
}

/// Every (text, background, ratio) pair a colour takes part in, for the role `role`, that fails.
fn failures(back: &Backdrop, role: &str, colour: Rgb) -> Vec<String> {
    let mut out = Vec::new();
    for (name, surface) in back.surfaces {
        let r = ratio(colour, surface);
        if r < TEXT {
            out.push(format!("{role} {colour} as text on the {} {name}: {r:.2}:1", back.name));
        }
    }
    let on = on_fill(back, colour);
    let r = ratio(on, colour);
    if r < TEXT {
        out.push(format!(
            "button text {on} on {role} {colour} ({} scheme): {r:.2}:1",
            back.name
        ));
    }
    out
}

fn passes(back: &Backdrop, colour: Rgb) -> bool {
    failures(back, "", colour).is_empty()
}

fn colour(value: &Spanned<String>, key: &str, report: &mut Report) -> Option<Rgb> {
    let c = Rgb::parse(value.get_ref().trim());
    if c.is_none() {
        report.push(
            Diagnostic::error("E0151", format!("`theme.{key}` must be a hex colour"))
                .at(FILE, value.span())
                .label("not #rgb or #rrggbb")
                .help(format!("write for example `{key} = \"#0a58a8\"`")),
        );
    }
    c
}

/// Checks one scheme colour: an explicit one must pass, a derived one is moved until it passes.
fn scheme_colour(
    back: &Backdrop,
    key: &str,
    base: Rgb,
    explicit: Option<(&Spanned<String>, Rgb)>,
    report: &mut Report,
) -> Rgb {
    let (c, span) = match explicit {
        Some((value, c)) => (c, value.span()),
        None if back.name == "dark" => {
            return nearest(base, back.towards, |c| passes(back, c)).unwrap_or(Rgb::WHITE);
        }
        None => (base, 0..0),
    };
    let failed = failures(back, key, c);
    if !failed.is_empty() {
        let fix = nearest(c, back.towards, |c| passes(back, c)).unwrap_or(back.towards);
        report.push(
            Diagnostic::error(
                "E0152",
                format!(
                    "`theme.{key}` {c} fails WCAG 2.1 AA contrast (4.5:1): {}",
                    failed.join("; ")
                ),
            )
            .at(FILE, span)
            .label(format!("too little contrast in the {} scheme", back.name))
            .help(format!(
                "use `{key} = \"{fix}\"`, the nearest {} shade that passes everywhere ({:.2}:1 on {})",
                if back.name == "dark" { "lighter" } else { "darker" },
                ratio(fix, back.surfaces[0].1),
                back.surfaces[0].0
            )),
        );
    }
    c
}

fn span_or(value: Option<&Spanned<String>>) -> std::ops::Range<usize> {
    value.map(|v| v.span()).unwrap_or(0..0)
}

/// Validates `[theme]` against the course's files; problems go to `report`.
pub fn resolve(raw: Option<RawTheme>, files: &BTreeSet<String>, report: &mut Report) -> Theme {
    let course_css = files.contains(COURSE_CSS);
    let Some(raw) = raw else {
        return Theme {
            course_css,
            ..Theme::default()
        };
    };
    let logo = logo(&raw, files, report);
    let mut light = None;
    let mut dark = None;
    if let Some(p) = raw.primary.as_ref() {
        let primary = colour(p, "primary", report);
        let accent = raw
            .accent
            .as_ref()
            .and_then(|a| colour(a, "accent", report).map(|c| (a, c)));
        let primary_dark = raw
            .primary_dark
            .as_ref()
            .and_then(|a| colour(a, "primary_dark", report).map(|c| (a, c)));
        let accent_dark = raw
            .accent_dark
            .as_ref()
            .and_then(|a| colour(a, "accent_dark", report).map(|c| (a, c)));
        if let Some(primary) = primary {
            let p_light = scheme_colour(&LIGHT, "primary", primary, Some((p, primary)), report);
            let a_base = accent.map(|(_, c)| c).unwrap_or_else(|| primary.mix(Rgb::BLACK, 0.25));
            let a_light = scheme_colour(&LIGHT, "accent", a_base, accent, report);
            let p_dark = scheme_colour(&DARK, "primary_dark", primary, primary_dark, report);
            // The dark hover shade is a lighter step of the dark primary, as in the player's own dark scheme.
            let a_dark = scheme_colour(&DARK, "accent_dark", p_dark.mix(Rgb::WHITE, 0.35), accent_dark, report);
            light = Some(Scheme {
                primary: p_light,
                accent: a_light,
                on_primary: on_fill(&LIGHT, p_light),
            });
            dark = Some(Scheme {
                primary: p_dark,
                accent: a_dark,
                on_primary: on_fill(&DARK, p_dark),
            });
        }
    } else if let Some(other) = raw
        .accent
        .as_ref()
        .or(raw.primary_dark.as_ref())
        .or(raw.accent_dark.as_ref())
    {
        report.push(
            Diagnostic::error("E0151", "theme colours need `theme.primary`")
                .at(FILE, other.span())
                .help("add `primary = \"#rrggbb\"`: the other colours are derived from it or checked with it"),
        );
    }
    let font = raw.font.as_ref().and_then(|f| font(f, report));
    let radius = raw.radius.as_ref().and_then(|r| radius(r, report));
    Theme {
        logo,
        light,
        dark,
        font,
        radius,
        course_css,
    }
}

fn logo(raw: &RawTheme, files: &BTreeSet<String>, report: &mut Report) -> Option<Logo> {
    let path = raw.logo.as_ref()?;
    let alt = raw
        .logo_alt
        .as_ref()
        .map(|a| a.get_ref().trim().to_owned())
        .unwrap_or_default();
    let mut ok = true;
    if alt.is_empty() {
        ok = false;
        report.push(
            Diagnostic::error("E0153", "`theme.logo` needs `theme.logo_alt`")
                .at(FILE, span_or(raw.logo_alt.as_ref().or(Some(path))))
                .label("a logo without a text alternative")
                .help("add `logo_alt = \"…\"`: the organisation's name as the logo shows it"),
        );
    }
    let p = path.get_ref().trim_start_matches("./");
    let lower = p.to_ascii_lowercase();
    if !(lower.ends_with(".svg") || lower.ends_with(".png")) {
        ok = false;
        report.push(
            Diagnostic::error("E0154", "`theme.logo` must be an SVG or PNG file")
                .at(FILE, path.span())
                .help("export the logo as .svg (best) or .png into media/"),
        );
    } else if !files.contains(p) {
        ok = false;
        report.push(
            Diagnostic::error("E0154", format!("logo file `{p}` not found in the course"))
                .at(FILE, path.span())
                .label("no such file")
                .help("the path is relative to the course folder, e.g. \"media/logo.svg\""),
        );
    }
    ok.then(|| Logo {
        path: p.to_owned(),
        alt,
    })
}

fn font(value: &Spanned<String>, report: &mut Report) -> Option<String> {
    let text = value.get_ref().trim();
    let lower = text.to_ascii_lowercase();
    let bad = text.is_empty()
        || lower.contains("url(")
        || lower.contains("@import")
        || text.chars().any(|c| ";{}<>\\".contains(c) || c.is_control());
    if bad {
        report.push(
            Diagnostic::error("E0155", "`theme.font` must be a CSS font stack of installed fonts")
                .at(FILE, value.span())
                .label("no downloads, url(), @import or CSS punctuation")
                .help("write for example `font = \"Georgia, 'Times New Roman', serif\"`"),
        );
        return None;
    }
    Some(text.to_owned())
}

fn radius(value: &Spanned<String>, report: &mut Report) -> Option<String> {
    let text = value.get_ref().trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len()),
    );
    let ok = !number.is_empty()
        && number.parse::<f64>().is_ok()
        && ["px", "rem", "em", ""].contains(&unit)
        && (unit.is_empty() == (number.parse::<f64>().ok() == Some(0.0)));
    if !ok {
        report.push(
            Diagnostic::error("E0156", "`theme.radius` must be a CSS length")
                .at(FILE, value.span())
                .help("write for example `radius = \"4px\"`, `\"0.5rem\"` or `\"0\"`"),
        );
        return None;
    }
    Some(text.to_owned())
}

/// `assets/theme.css`: the theme as values of the player's custom properties, light and dark.
pub fn css(theme: &Theme) -> String {
    let mut out = String::from("/* coursepack: generated from [theme] in course.toml */\n:root {");
    let scheme = |out: &mut String, s: &Scheme| {
        let _ = write!(
            out,
            " --accent: {}; --accent-dark: {}; --on-accent: {};",
            s.primary, s.accent, s.on_primary
        );
    };
    if let Some(light) = &theme.light {
        scheme(&mut out, light);
    }
    if let Some(r) = &theme.radius {
        let _ = write!(out, " --r: {r};");
    }
    out.push_str(" }\n");
    if let Some(font) = &theme.font {
        let _ = writeln!(out, "body {{ font-family: {font}; }}");
    }
    if let Some(dark) = &theme.dark {
        out.push_str("@media (prefers-color-scheme: dark) {\n  :root {");
        scheme(&mut out, dark);
        out.push_str(" }\n}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(text: &str) -> Option<Spanned<String>> {
        #[derive(Deserialize)]
        struct V {
            v: Spanned<String>,
        }
        toml::from_str::<V>(&format!("v = {text:?}")).ok().map(|v| v.v)
    }

    #[test]
    fn derived_dark_colours_pass_and_light_ones_are_kept() {
        let mut report = Report::default();
        let raw = RawTheme {
            primary: spanned("#1d5e4a"),
            ..RawTheme::default()
        };
        let theme = resolve(Some(raw), &BTreeSet::new(), &mut report);
        assert_eq!(report.error_count(), 0);
        let light = theme.light.expect("light scheme");
        assert_eq!(light.primary, Rgb(0x1d, 0x5e, 0x4a));
        let dark = theme.dark.expect("dark scheme");
        assert!(passes(&DARK, dark.primary) && passes(&DARK, dark.accent));
        assert!(passes(&LIGHT, light.accent));
        let css = css(&Theme {
            light: Some(light),
            dark: Some(dark),
            ..Theme::default()
        });
        assert!(css.contains("--accent: #1d5e4a;"), "{css}");
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn a_pale_primary_fails_with_a_passing_suggestion() {
        let mut report = Report::default();
        let raw = RawTheme {
            primary: spanned("#777777"),
            ..RawTheme::default()
        };
        resolve(Some(raw), &BTreeSet::new(), &mut report);
        assert_eq!(report.error_count(), 1);
    }

    #[test]
    fn fonts_cannot_download() {
        let mut report = Report::default();
        let value = spanned("x, url(https://example.org/f.woff)").expect("spanned");
        assert_eq!(font(&value, &mut report), None);
        let value = spanned("Georgia, 'Times New Roman', serif").expect("spanned");
        assert!(font(&value, &mut report).is_some());
        assert_eq!(report.error_count(), 1);
    }
}
