//! The words Marquee writes on a site's pages, in the site's language: every label, heading,
//! verdict, date and count comes from a language file (`i18n/<language>.toml`), so that a
//! French site reads French from the navigation to the 404 page. The theme has English,
//! French, German, Spanish and Arabic built in; a site overrides one string by writing its
//! key in its own `i18n/<language>.toml`, and adds a language by writing a whole file.
//! Content (titles, excerpts, names) is never translated.

mod files;
mod function;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use icu_plurals::{PluralCategory, PluralRules};

pub(crate) use files::load;
pub use function::Trans;

/// The language files the theme has built in, by file name.
pub const BUILT_IN: [(&str, &str); 5] = [
    ("en", include_str!("../../i18n/en.toml")),
    ("fr", include_str!("../../i18n/fr.toml")),
    ("de", include_str!("../../i18n/de.toml")),
    ("es", include_str!("../../i18n/es.toml")),
    ("ar", include_str!("../../i18n/ar.toml")),
];

/// One message of a language file.
#[derive(Debug, Clone, PartialEq)]
enum Message {
    /// A string, with `{name}` where values go.
    Text(String),
    /// A string in each plural form the language has (CLDR categories).
    Plural(Vec<(&'static str, String)>),
    /// A list of strings (the names of the months).
    List(Vec<String>),
}

/// A value put into a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, put in as it is (the caller escapes it where the result is HTML).
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// HTML, put in as it is even where the result is HTML.
    Html(&'a str),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(n as i64)
            }
        }
    )*};
}
int_arg!(u8, u16, u32, u64, usize, i64);

/// The strings of one language, with English under them for any key its file lacks.
pub struct Strings {
    /// The site's language tag, as `<html lang>` gets it.
    tag: String,
    messages: HashMap<String, Message>,
    plurals: Option<PluralRules>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("tag", &self.tag).finish()
    }
}

impl Strings {
    /// The theme's own strings for `tag` (English where it has no file), without a site's
    /// overrides: for tools and tests that render without a site folder.
    pub fn built_in(tag: &str) -> Strings {
        files::built_in(tag)
    }

    /// The language tag the strings are for.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// True for a language written from right to left.
    pub fn rtl(&self) -> bool {
        self.get("language.direction") == "rtl"
    }

    /// The message `key` as written (a plural message's `other` form); the key itself when
    /// there is no such message, so that a missing string shows where it is missing.
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        match self.messages.get(key) {
            Some(Message::Text(s)) => s,
            Some(Message::Plural(forms)) => forms
                .iter()
                .find(|(c, _)| *c == "other")
                .map_or(key, |(_, s)| s.as_str()),
            _ => key,
        }
    }

    /// Every message that takes no value, as templates read it: `t.nav.films` (each a safe
    /// string, printed as it is), made once for every page, where `trans` would be called
    /// on each page again.
    pub fn words(&self) -> tera::Value {
        /// A table of messages, or one message.
        enum Node {
            Word(tera::Value),
            Table(BTreeMap<String, Node>),
        }
        fn value(node: Node) -> tera::Value {
            match node {
                Node::Word(v) => v,
                Node::Table(t) => t
                    .into_iter()
                    .map(|(k, n)| (k, value(n)))
                    .collect::<BTreeMap<String, tera::Value>>()
                    .into(),
            }
        }
        let mut root: BTreeMap<String, Node> = BTreeMap::new();
        for (key, message) in &self.messages {
            let Message::Text(text) = message else {
                continue;
            };
            if placeholders(text).next().is_some() {
                continue;
            }
            let word = Node::Word(tera::Value::safe_string(&fill(text, &[], true)));
            insert(&mut root, &key.split('.').collect::<Vec<_>>(), word);
        }
        /// `node` at the path `parts` of `table`, the tables on the way made as needed.
        fn insert(table: &mut BTreeMap<String, Node>, parts: &[&str], node: Node) {
            match parts {
                [] => {}
                [last] => {
                    table.insert(last.to_string(), node);
                }
                [first, rest @ ..] => {
                    let next = table
                        .entry(first.to_string())
                        .or_insert_with(|| Node::Table(BTreeMap::new()));
                    if let Node::Table(inner) = next {
                        insert(inner, rest, node);
                    }
                }
            }
        }
        value(Node::Table(root))
    }

    /// True when `key` is a message of these strings.
    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// The list `key` (the months), empty when there is none.
    pub fn list(&self, key: &str) -> &[String] {
        match self.messages.get(key) {
            Some(Message::List(items)) => items,
            _ => &[],
        }
    }

    /// Message `key` with `args` put in for their `{name}`s, as plain text.
    pub fn format(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        fill(self.get(key), args, false)
    }

    /// Message `key` in the plural form `count` takes in this language, with `{count}` and
    /// `args` put in, as plain text.
    pub fn count(&self, key: &str, count: u64, args: &[(&str, Arg<'_>)]) -> String {
        let mut all: Vec<(&str, Arg<'_>)> = Vec::with_capacity(args.len() + 1);
        all.push(("count", Arg::Int(count as i64)));
        all.extend_from_slice(args);
        fill(self.form(key, count), &all, false)
    }

    /// The form of message `key` for `count`: its own category's, else `other`.
    pub(crate) fn form<'s>(&'s self, key: &'s str, count: u64) -> &'s str {
        match self.messages.get(key) {
            Some(Message::Plural(forms)) => {
                let category = self
                    .plurals
                    .as_ref()
                    .map_or("other", |p| name_of(p.category_for(count)));
                forms
                    .iter()
                    .find(|(c, _)| *c == category)
                    .or_else(|| forms.iter().find(|(c, _)| *c == "other"))
                    .map_or(key, |(_, s)| s.as_str())
            }
            _ => self.get(key),
        }
    }

    /// A date as the language writes it: "Jul 15, 2013", "15 juillet 2013".
    pub fn date(&self, year: i32, month: u8, day: u8) -> String {
        let m = usize::from(month.clamp(1, 12)) - 1;
        let name = |key: &str| self.list(key).get(m).map_or("", String::as_str);
        let mut out = String::with_capacity(16);
        let mut rest = self.get("date.format");
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            out.push_str(&rest[..open]);
            match &rest[open + 1..open + close] {
                "day" => {
                    let _ = write!(out, "{day}");
                }
                "year" => {
                    let _ = write!(out, "{year}");
                }
                "month" => out.push_str(name("date.months")),
                "month_short" => out.push_str(name("date.months_short")),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// `value` as written with the fewest digits ("1.5", "2"), in the language's decimal
    /// sign: a publication's weight.
    pub fn number(&self, value: f64) -> String {
        format!("{value}").replace('.', self.get("number.decimal"))
    }

    /// `value` with `digits` decimals, in the language's decimal sign and minus.
    pub fn decimal(&self, value: f64, digits: usize) -> String {
        let text = format!("{:.*}", digits, value.abs());
        let text = text.replace('.', self.get("number.decimal"));
        if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("{}{text}", self.get("number.minus"))
        } else {
            text
        }
    }
}

/// `message` with each `{name}` of `args` replaced by its value (escaped for HTML when
/// `html`); a `{name}` with no value is left as written.
fn fill(message: &str, args: &[(&str, Arg<'_>)], html: bool) -> String {
    if !(message.contains('{') || html && message.contains('"')) {
        return message.to_string();
    }
    let mut out = String::with_capacity(message.len() + 16);
    // In HTML, the message's own text may sit in an attribute (`alt="{{ trans(...) }}"`):
    // its straight quotes are written as `&quot;` but inside a tag of its own.
    let mut in_tag = false;
    let mut text = |out: &mut String, part: &str| {
        if !html {
            out.push_str(part);
            return;
        }
        for c in part.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ => {}
            }
            if c == '"' && !in_tag {
                out.push_str("&quot;");
            } else {
                out.push(c);
            }
        }
    };
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if rest[open + 1..open + close].contains('{') {
            // "{ {count}": the first brace is text.
            text(&mut out, &rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        text(&mut out, &rest[..open]);
        let name = &rest[open + 1..open + close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, Arg::Int(n))) => {
                let _ = write!(out, "{n}");
            }
            Some((_, Arg::Text(s))) if html => escape_into(&mut out, s),
            Some((_, Arg::Text(s) | Arg::Html(s))) => out.push_str(s),
            None => text(&mut out, &rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    text(&mut out, rest);
    out
}

/// The `{name}`s of a message, in order.
pub(crate) fn placeholders(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
}

/// Whether `tag` reads as a BCP 47 language tag: a language of two or three letters, then
/// any subtags of one to eight letters or digits, joined by hyphens ("en", "pt-BR",
/// "zh-Hant-TW"). Enough to set `lang` with and to name a language file; which languages
/// exist is not checked.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `text` escaped for HTML (or SVG text): what a message's values become where it is HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// `text` escaped for HTML, added to `out`.
fn escape_into(out: &mut String, text: &str) {
    let mut buf = Vec::with_capacity(text.len() + 8);
    if tera::escape_html(text, &mut buf).is_ok() {
        out.push_str(&String::from_utf8_lossy(&buf));
    }
}

/// The CLDR categories, as language files name them.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `name` as one of [`CATEGORIES`], if it is one.
fn category(name: &str) -> Option<&'static str> {
    CATEGORIES.iter().find(|c| **c == name).copied()
}

/// The name of a CLDR category.
fn name_of(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural rules of `tag`, or of its language alone ("fr" for "fr-CA"); none for a
/// language CLDR does not know (every message then takes its `other` form).
fn plural_rules(tag: &str) -> Option<PluralRules> {
    let language = tag.split(['-', '_']).next().unwrap_or(tag);
    [tag, language].iter().find_map(|t| {
        let locale: icu_locale_core::Locale = t.parse().ok()?;
        PluralRules::try_new_cardinal((&locale).into()).ok()
    })
}

#[cfg(test)]
mod tests;
