//! The keys each TOML table of a course accepts, and a walk that reports every unknown key, wrong
//! type and missing key of a file at once, before serde reads it (serde stops at the first).

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Report};

/// What a key holds.
#[derive(Clone, Copy)]
pub enum Ty {
    Text,
    Integer,
    /// A whole or decimal number: `40`, `0.5`.
    Number,
    Bool,
    /// A list of texts: `["a", "b"]`.
    Texts,
    /// A table (`[name]` or `name = { … }`) with its own keys.
    Table(&'static Table),
    /// A list of tables (`[[name]]` or `name = [{ … }, …]`).
    Tables(&'static Table),
    /// A table of texts whose keys are checked elsewhere (`[strings]`: the player's string keys).
    TextTable,
}

impl Ty {
    /// The type in an author's words, after "must be".
    fn noun(self) -> &'static str {
        match self {
            Self::Text => "text in quotes",
            Self::Integer => "a whole number",
            Self::Number => "a number",
            Self::Bool => "true or false, without quotes",
            Self::Texts => "a list of texts in quotes",
            Self::Table(_) => "a table",
            Self::Tables(_) => "a list of tables",
            Self::TextTable => "a table of texts",
        }
    }
}

/// One accepted key: its name, type, whether it must be there, and how it is written.
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub example: &'static str,
}

impl Key {
    pub const fn optional(name: &'static str, ty: Ty, example: &'static str) -> Self {
        Self {
            name,
            ty,
            required: false,
            example,
        }
    }

    pub const fn required(name: &'static str, ty: Ty, example: &'static str) -> Self {
        Self {
            required: true,
            ..Self::optional(name, ty, example)
        }
    }
}

/// The keys of one kind of table.
pub struct Table {
    /// How messages name the table: "course.toml", "`[completion]`", "a choice".
    pub what: &'static str,
    pub keys: &'static [Key],
    /// More keys chosen by the table's `type` value (questions); empty for other tables.
    pub variants: &'static [Variant],
}

/// The extra keys of a table whose `type` is `name`.
pub struct Variant {
    pub name: &'static str,
    /// How messages name such a table: "a single-choice question".
    pub what: &'static str,
    pub keys: &'static [Key],
    /// How this type says what is right, for an author who used another type's key.
    pub answer_hint: &'static str,
}

/// Which keys apply to one table: a table without variants, one of a known `type`, or one whose
/// `type` is missing or unknown (then every variant's keys are accepted; the type is reported later).
#[derive(Clone, Copy)]
enum Shape<'a> {
    Plain,
    Typed(&'a Variant),
    AnyType,
}

impl Table {
    fn shape_of(&self, table: &DeTable<'_>) -> Shape<'_> {
        if self.variants.is_empty() {
            return Shape::Plain;
        }
        let named = match table.get("type").map(|v| v.get_ref()) {
            Some(DeValue::String(name)) => self.variants.iter().find(|v| v.name == name),
            _ => None,
        };
        named.map_or(Shape::AnyType, Shape::Typed)
    }

    /// The keys a table of this shape may hold: the common ones, then its variant's.
    fn candidates<'a>(&'a self, shape: Shape<'a>) -> impl Iterator<Item = &'a Key> {
        let extra: Vec<&'a [Key]> = match shape {
            Shape::Typed(v) => vec![v.keys],
            Shape::Plain => vec![],
            Shape::AnyType => self.variants.iter().map(|v| v.keys).collect(),
        };
        self.keys.iter().chain(extra.into_iter().flatten())
    }

    fn what(&self, shape: Shape<'_>) -> &'static str {
        match shape {
            Shape::Typed(v) => v.what,
            _ => self.what,
        }
    }

    /// Every key name a table of this kind can ever hold (for tests against the serde structs).
    #[cfg(test)]
    pub fn all_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.candidates(Shape::AnyType).map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// The closest of `candidates` to a mistyped `name` by edit distance, if close enough to be a typo.
pub fn closest<'k>(name: &str, candidates: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 2);
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Parses `text` (found at `offset` in `file`) and reads it as `T` when it has no syntax, key or
/// type problem; otherwise reports all of them, adds `skipped` once as a note, and returns `None`.
pub fn read<T: DeserializeOwned>(
    file: &str,
    text: &str,
    offset: usize,
    schema: &Table,
    skipped: &str,
    report: &mut Report,
) -> Option<T> {
    let mut found = match DeTable::parse(text) {
        Err(e) => vec![toml_error(file, offset, &e)],
        Ok(doc) => {
            let mut walk = Walk {
                file,
                text,
                offset,
                found: Vec::new(),
            };
            walk.table(doc.get_ref(), schema, 0..0);
            if walk.found.is_empty() {
                match T::deserialize(toml::de::Deserializer::from(doc)) {
                    Ok(value) => return Some(value),
                    Err(e) => walk.found.push(toml_error(file, offset, &e)),
                }
            }
            walk.found
        }
    };
    // the order `Report::sort` gives, so the note ends up on the last one shown
    found.sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.range.start), d.code));
    if let Some(last) = found.pop() {
        found.push(last.note(skipped));
    }
    report.extend(found);
    None
}

/// E0101: TOML that does not parse (or that serde refuses after the key and type checks).
fn toml_error(file: &str, offset: usize, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    Diagnostic::error("E0101", format!("invalid TOML: {}", e.message().trim_end()))
        .at(file, span.start + offset..span.end + offset)
        .help("`coursepack help format` lists the keys this file accepts")
}

/// Walks one parsed file against its schema, collecting a diagnostic per problem.
struct Walk<'a> {
    file: &'a str,
    text: &'a str,
    offset: usize,
    found: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn at(&self, span: Range<usize>) -> Range<usize> {
        span.start + self.offset..span.end + self.offset
    }

    fn written(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    fn table(&mut self, table: &DeTable<'_>, schema: &Table, whole: Range<usize>) {
        let shape = schema.shape_of(table);
        let what = schema.what(shape);
        // a missing key that a typo stands for is said once, at the typo
        let mut meant = Vec::new();
        for (key, value) in table.iter() {
            // a key of two types (`answer`: true-false and numeric) is checked as the one it fits
            let mut named = schema.candidates(shape).filter(|k| k.name == key.get_ref()).peekable();
            let first = named.peek().copied();
            match named.find(|k| fits(k.ty, value.get_ref())).or(first) {
                Some(k) => {
                    let before = self.found.len();
                    self.value(k, value, what);
                    if let Some(other) = other_type_for(schema, shape, k.name, value.get_ref()) {
                        // `answer = 40` on a true-false question: the value is right for another type
                        let help = format!(
                            "{} = {} is for {}: use type = \"{}\"",
                            k.name,
                            self.written(&value.span()),
                            other.what,
                            other.name
                        );
                        if let Some(d) = self.found.get_mut(before) {
                            d.help = Some(help);
                        }
                    }
                }
                None => meant.extend(self.unknown(key, value, schema, shape)),
            }
        }
        for key in schema.candidates(shape).filter(|k| k.required) {
            if !table.contains_key(key.name) && !meant.contains(&key.name) {
                self.found.push(
                    Diagnostic::error("E0117", format!("missing key `{}` in {what}", key.name))
                        .at(self.file, self.at(whole.start..whole.start))
                        .help(format!("add {}", key.example)),
                );
            }
        }
    }

    fn value(&mut self, key: &Key, value: &Spanned<DeValue<'_>>, what: &str) {
        match (key.ty, value.get_ref()) {
            (Ty::Text, DeValue::String(_))
            | (Ty::Integer, DeValue::Integer(_))
            | (Ty::Number, DeValue::Integer(_) | DeValue::Float(_))
            | (Ty::Bool, DeValue::Boolean(_)) => {}
            (Ty::Texts, DeValue::Array(items)) => {
                for item in items.iter().filter(|i| !matches!(i.get_ref(), DeValue::String(_))) {
                    self.mismatch(key, item, what, "each item of ");
                }
            }
            (Ty::Table(schema), DeValue::Table(t)) => self.table(t, schema, value.span()),
            (Ty::TextTable, DeValue::Table(t)) => {
                for item in t.values().filter(|i| !matches!(i.get_ref(), DeValue::String(_))) {
                    self.mismatch(key, item, what, "each item of ");
                }
            }
            (Ty::Tables(schema), DeValue::Array(items)) => {
                for item in items {
                    match item.get_ref() {
                        DeValue::Table(t) => self.table(t, schema, item.span()),
                        _ => self.mismatch(key, item, what, "each item of "),
                    }
                }
            }
            _ => self.mismatch(key, value, what, ""),
        }
    }

    /// E0116: a value of the wrong type, said in the author's terms with the fix when it is clear.
    fn mismatch(&mut self, key: &Key, value: &Spanned<DeValue<'_>>, what: &str, part: &str) {
        let span = value.span();
        let written = self.written(&span);
        let noun = if part.is_empty() {
            key.ty.noun()
        } else {
            "text in quotes"
        };
        let fix = match (key.ty, value.get_ref()) {
            (Ty::Bool, DeValue::String(s)) if s == "true" || s == "false" => {
                Some(format!("write it without quotes: {} = {s}", key.name))
            }
            (Ty::Integer, DeValue::String(s)) if s.trim().parse::<i64>().is_ok() => {
                Some(format!("write it without quotes: {} = {}", key.name, s.trim()))
            }
            (Ty::Number, DeValue::String(s)) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                Some(format!("write it without quotes: {} = {}", key.name, s.trim()))
            }
            (Ty::Texts, DeValue::String(_)) => Some(format!("put it in a list: {} = [{written}]", key.name)),
            (Ty::Text | Ty::Texts, DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_)) => {
                Some(format!("put it in quotes: \"{written}\""))
            }
            _ => None,
        };
        self.found.push(
            Diagnostic::error("E0116", format!("{part}`{}` in {what} must be {noun}", key.name))
                .at(self.file, self.at(span))
                .label(format!("this is {}", found_noun(value.get_ref())))
                .help(fix.unwrap_or_else(|| format!("write it like {}", key.example))),
        );
    }

    /// E0115: a key the table does not accept, with the likely meant one (which is returned).
    fn unknown<'s>(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        schema: &'s Table,
        shape: Shape<'s>,
    ) -> Option<&'s str> {
        let name = key.get_ref().as_ref();
        let what = schema.what(shape);
        let mut d = Diagnostic::error("E0115", format!("unknown key `{name}` in {what}"))
            .at(self.file, self.at(key.span()))
            .label("unknown key");
        let near = closest(name, schema.candidates(shape).map(|k| k.name));
        let own_variant = match shape {
            Shape::Typed(v) => Some(v),
            _ => None,
        };
        let elsewhere: Vec<&Variant> = schema
            .variants
            .iter()
            .filter(|v| v.keys.iter().any(|k| k.name == name))
            .collect();
        if let Some(near) = near {
            let typed = own_variant.map_or(String::new(), |v| self.typed_example(v, near, value));
            d = d.help(format!("did you mean `{near}`?{typed}"));
        } else if let (Some(own), false) = (own_variant, elsewhere.is_empty()) {
            let types: Vec<&str> = elsewhere.iter().map(|v| v.name).collect();
            d = Diagnostic::error("E0115", format!("{} has no `{name}`", own.what))
                .at(self.file, self.at(key.span()))
                .label(format!("`{name}` is for {} questions", types.join(" and ")))
                .help(own.answer_hint);
        } else if let Some(home) = child_with(schema, name) {
            d = d.help(format!("`{name}` belongs in {home}"));
        } else {
            let names: Vec<String> = schema.candidates(shape).map(|k| format!("`{}`", k.name)).collect();
            d = d.help(format!("{what} accepts {}", names.join(", ")));
        }
        self.found.push(d);
        near
    }
}

impl Walk<'_> {
    /// " a fill-in question takes answers = […]" for a key of the question's own type, with the
    /// author's value when it fits; empty for a common key (its name says enough).
    fn typed_example(&self, variant: &Variant, near: &str, value: &Spanned<DeValue<'_>>) -> String {
        let Some(key) = variant.keys.iter().find(|k| k.name == near) else {
            return String::new();
        };
        if fits(key.ty, value.get_ref()) {
            format!(" {} takes {near} = {}", variant.what, self.written(&value.span()))
        } else {
            format!(" {} takes {}", variant.what, key.example)
        }
    }
}

/// Whether `value` has the outer type `ty` asks for (items and keys are checked separately).
fn fits(ty: Ty, value: &DeValue<'_>) -> bool {
    matches!(
        (ty, value),
        (Ty::Text, DeValue::String(_))
            | (Ty::Integer, DeValue::Integer(_))
            | (Ty::Number, DeValue::Integer(_) | DeValue::Float(_))
            | (Ty::Bool, DeValue::Boolean(_))
            | (Ty::Texts | Ty::Tables(_), DeValue::Array(_))
            | (Ty::Table(_) | Ty::TextTable, DeValue::Table(_))
    )
}

/// For a question of a known type whose `name` holds a value of the wrong type: the other type
/// whose `name` takes such a value, if any.
fn other_type_for<'s>(schema: &'s Table, shape: Shape<'s>, name: &str, value: &DeValue<'_>) -> Option<&'s Variant> {
    let Shape::Typed(own) = shape else { return None };
    if own.keys.iter().any(|k| k.name == name && fits(k.ty, value)) {
        return None;
    }
    schema
        .variants
        .iter()
        .find(|v| v.name != own.name && v.keys.iter().any(|k| k.name == name && fits(k.ty, value)))
}

/// The child table of `schema` that accepts `name`, for a key written one level too high.
fn child_with(schema: &Table, name: &str) -> Option<&'static str> {
    schema.keys.iter().find_map(|k| match k.ty {
        Ty::Table(t) | Ty::Tables(t) if t.keys.iter().any(|c| c.name == name) => Some(t.what),
        _ => None,
    })
}

fn found_noun(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
pub mod introspect;

#[cfg(test)]
mod tests;
