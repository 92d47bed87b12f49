//! WCAG 2.1 contrast: relative luminance, contrast ratio, and the nearest shade of a colour that passes.

use std::fmt;

/// An sRGB colour written as `#rgb` or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// Parses `#rgb` or `#rrggbb` (case-insensitive); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// WCAG 2.1 relative luminance (0 for black, 1 for white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// This colour mixed with `other`: `t` = 0 gives self, 1 gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The first shade of `colour` on the way to `towards` (in 1 % steps) for which `passes` holds.
pub fn nearest(colour: Rgb, towards: Rgb, passes: impl Fn(Rgb) -> bool) -> Option<Rgb> {
    (0..=100)
        .map(|step| colour.mix(towards, f64::from(step) / 100.0))
        .find(|c| passes(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_pairs_have_their_published_ratios() {
        let grey = Rgb::parse("#777").expect("hex");
        assert!(
            (ratio(grey, Rgb::WHITE) - 4.48).abs() < 0.01,
            "{}",
            ratio(grey, Rgb::WHITE)
        );
        assert!((ratio(Rgb::BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        let same = Rgb::parse("#0A58A8").expect("hex");
        assert!((ratio(same, same) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes 4.5:1 on white.
        assert!(ratio(Rgb::parse("#767676").expect("hex"), Rgb::WHITE) >= 4.5);
    }

    #[test]
    fn parses_short_and_long_hex_only() {
        assert_eq!(Rgb::parse("#fff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::parse("#0a58A8"), Some(Rgb(10, 88, 168)));
        assert_eq!(Rgb::parse("0a58a8"), None);
        assert_eq!(Rgb::parse("#0a58a"), None);
        assert_eq!(Rgb::parse("red"), None);
        assert_eq!(Rgb(10, 88, 168).to_string(), "#0a58a8");
    }

    #[test]
    fn nearest_finds_the_first_passing_shade() {
        let grey = Rgb::parse("#777").expect("hex");
        let found = nearest(grey, Rgb::BLACK, |c| ratio(c, Rgb::WHITE) >= 4.5).expect("black passes");
        assert!(ratio(found, Rgb::WHITE) >= 4.5);
        assert_ne!(found, grey);
        let one_less = grey.mix(Rgb::BLACK, 0.0);
        assert!(ratio(one_less, Rgb::WHITE) < 4.5);
    }
}
