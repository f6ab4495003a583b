//! One content file being read: its text, where it is, and the problems found in it so far,
//! with the helpers every kind of file shares (TOML with located errors, dates, URLs, control
//! characters).

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::model::{
    Alias, CriticProfile, Date, Film, FreePage, PublicationProfile, Review, slugify,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::score::ScoreConfig;

/// Control characters that HTML and XML may not carry: C0 but tab, line feed and carriage
/// return; DEL and C1.
pub(super) fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// The first control character of `text` (see [`is_control`]) and where it is: a byte scan,
/// since every file is checked and controls are single bytes or 0xC2 0x80-0x9F in UTF-8.
pub(super) fn first_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    // Almost every file has none: the first block of 64 bytes that may hold one is found
    // with a test free of branches (which the compiler turns into vector instructions), and
    // only from there are the bytes looked at one by one.
    let maybe =
        |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f) | (b == 0xc2);
    let block = bytes
        .chunks(64)
        .position(|chunk| chunk.iter().fold(false, |any, &b| any | maybe(b)))?;
    let from = block * 64;
    let at = from
        + bytes[from..].iter().enumerate().position(|(i, &b)| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
                || b == 0x7f
                || (b == 0xc2
                    && bytes
                        .get(from + i + 1)
                        .is_some_and(|n| (0x80..=0x9f).contains(n)))
        })?;
    text[at..].chars().next().map(|c| (at, c))
}

/// Options that change how content is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Pass raw HTML in Markdown through (see `Config::allow_html`).
    pub allow_html: bool,
    /// Today's date, for the "review dated in the future" warning; `None` skips the check.
    pub today: Option<Date>,
    /// Score thresholds, to note verdicts that disagree with their score's band.
    pub scores: ScoreConfig,
    /// Where to count the files read, for a progress display.
    pub progress: Option<&'a crate::progress::Progress>,
    /// Keep films, reviews and pages marked `draft = true` (left out otherwise).
    pub drafts: bool,
    /// The site's base path (`/`, or `/reviews/` under a sub-path): links in Markdown that
    /// start with `/` are from the site's root, and get it in front.
    pub base_path: &'a str,
    /// Where to keep what each film folder held, for the build's stamp.
    pub(crate) seen: Option<&'a crate::stamp::SourcesRead>,
}

impl<'a> LoadOptions<'a> {
    /// How a build reads the sources of the site `config` describes, published under
    /// `base_path` (the config's [`crate::config::Config::base_path`]): with its settings,
    /// today's date for the warning about reviews dated later, and drafts kept or not. One
    /// place, so that a full build and the preview's rebuild of one film read it alike.
    pub(crate) fn for_build(
        config: &crate::config::Config,
        base_path: &'a str,
        drafts: bool,
    ) -> LoadOptions<'a> {
        LoadOptions {
            allow_html: config.allow_html,
            today: Some(Date::today()),
            scores: config.scores,
            progress: None,
            drafts,
            base_path,
            seen: None,
        }
    }
}

/// What one file turned into.
pub(super) enum Parsed {
    /// A film's `index.md`.
    Film(Box<Film>),
    /// A review file or a `reviews.toml`.
    Reviews(Vec<Review>),
    /// A critic profile.
    Critic(CriticProfile),
    /// A publication profile.
    Publication(PublicationProfile),
    /// A free-form page.
    Page(Box<FreePage>),
    /// Nothing usable (the problems say why), or a file that holds no content.
    Nothing,
}

/// `path` relative to the site root, for messages.
pub(super) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// One file's text, its path for messages, and the problems found in it so far.
pub(super) struct Source<'a> {
    pub(super) rel: PathBuf,
    pub(super) text: &'a str,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) options: LoadOptions<'a>,
}

impl Source<'_> {
    /// Reports a string whose escapes (`\u0007`, `\b`...) make a control character, which
    /// pages and feeds cannot carry. Only called when the text has a backslash at all.
    fn escaped_control(&mut self, toml_text: &str, offset: usize) -> bool {
        fn find(value: &toml::Value) -> Option<char> {
            match value {
                toml::Value::String(s) => s.chars().find(|&c| is_control(c)),
                toml::Value::Array(items) => items.iter().find_map(find),
                toml::Value::Table(table) => table.values().find_map(find),
                _ => None,
            }
        }
        let Some(c) = toml::from_str::<toml::Table>(toml_text)
            .ok()
            .and_then(|t| t.values().find_map(find))
        else {
            return false;
        };
        let code = format!("{:04x}", u32::from(c));
        let lower = toml_text.to_ascii_lowercase();
        let at = [format!("\\u{code}"), format!("\\u0000{code}")]
            .iter()
            .find_map(|e| lower.find(e.as_str()))
            .or_else(|| lower.find('\\'))
            .unwrap_or(0);
        self.error(
            Code::E025,
            Some(offset + at..offset + at + 2),
            format!(
                "this string holds the control character U+{:04X}",
                u32::from(c)
            ),
            "web pages and feeds cannot carry this invisible character; remove the escape",
        );
        true
    }

    pub(super) fn error(
        &mut self,
        code: Code,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(
            Diagnostic::error(code, &self.rel, message)
                .at_opt(self.text, span)
                .help(help),
        );
    }

    pub(super) fn warning(
        &mut self,
        code: Code,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(
            Diagnostic::warning(code, &self.rel, message)
                .at_opt(self.text, span)
                .help(help),
        );
    }

    /// Warns (W016) when `body`, the text after this file's front matter, is nothing but
    /// `placeholder`, the line `marquee new` wrote there.
    pub(super) fn placeholder(&mut self, body: &str, placeholder: &str, message: &str, help: &str) {
        if body.trim() != placeholder {
            return;
        }
        let at = body.find(placeholder).map(|i| {
            let start = self.text.len() - body.len() + i;
            start..start + placeholder.len()
        });
        self.warning(Code::W016, at, message, help);
    }

    /// Markdown of this file rendered to HTML, with the site's options.
    pub(super) fn markdown(&self, text: &str) -> String {
        super::markdown::render_in(text, self.options.allow_html, self.options.base_path)
    }

    /// Parses front matter TOML, reporting its errors at the right place in the file. An
    /// unknown field, or a field whose value has the wrong type, is reported and then set
    /// aside, so that the fields around it are still checked (a misspelt field, `year = "x"`
    /// and an out-of-range score show up in the same run).
    pub(super) fn toml<T: for<'de> Deserialize<'de>>(
        &mut self,
        toml_text: &str,
        offset: usize,
    ) -> Option<T> {
        let mut text = std::borrow::Cow::Borrowed(toml_text);
        // Each round sets one unknown field aside; a file has only so many lines (counted
        // only once there is an error, which a valid file never has).
        let mut rounds = 0;
        // The names of the fields set aside so far.
        let mut set: Vec<String> = Vec::new();
        loop {
            let e = match toml::from_str::<T>(&text) {
                Ok(_) if toml_text.contains('\\') && self.escaped_control(toml_text, offset) => {
                    return None;
                }
                // With any field set aside the file has an error already; the value is still
                // checked so that its other problems are reported too.
                Ok(value) => return Some(value),
                Err(e) => e,
            };
            let span = e.span().map(|s| offset + s.start..offset + s.end);
            let message = e
                .message()
                .trim()
                .replace("expected i64", "expected a whole number")
                .replace("expected f64", "expected a number")
                .replace(
                    "expected a sequence",
                    "expected a list, like [\"a\", \"b\"]",
                )
                .replace(
                    "expected a TOML datetime",
                    "expected a date, like 2013-07-15",
                );
            let unknown = message.starts_with("unknown field");
            let help = if unknown {
                "check the spelling; docs/content.md in Marquee's repository lists every field"
            } else if message.starts_with("missing field") {
                "add the field"
            } else if offset == 0 {
                "this file is TOML: strings in double quotes, dates as 2013-07-15, numbers bare"
            } else {
                "front matter is TOML: strings in double quotes, dates as 2013-07-15, numbers bare"
            };
            let missing = message.starts_with("missing field");
            let code = if unknown {
                Code::E023
            } else if missing {
                Code::E024
            } else {
                Code::E003
            };
            // A field set aside for its wrong value is missing now: said once is enough.
            if missing
                && set
                    .iter()
                    .any(|name| message.contains(&format!("`{name}`")))
            {
                return None;
            }
            self.error(code, span.or(Some(offset..offset)), message, help);
            rounds += 1;
            // The entry to set aside: the unknown key, or the key whose value is wrong.
            let key = match e.span() {
                Some(key) if unknown => Some(key),
                Some(value) if !missing => key_of_value(&text, value),
                _ => None,
            };
            match key {
                Some(key)
                    if rounds <= toml_text.lines().count()
                        && set_aside(text.to_mut(), key.clone()) =>
                {
                    set.push(toml_text[key].trim_matches(['"', '\'']).to_string());
                }
                _ => return None,
            }
        }
    }
}

/// The key of the innermost entry of `toml_text` whose value holds `value` (where a wrong
/// value was found), if the text parses as TOML at all.
fn key_of_value(toml_text: &str, value: Range<usize>) -> Option<Range<usize>> {
    // Inner entries first; the tables of `[[review]]` have spans of their header only, so
    // what is inside a table or array is looked at whatever its span.
    fn in_table(table: &toml::de::DeTable<'_>, at: &Range<usize>) -> Option<Range<usize>> {
        table.iter().find_map(|(k, v)| {
            let span = v.span();
            in_value(v.get_ref(), at)
                .or_else(|| (span.start <= at.start && at.end <= span.end).then(|| k.span()))
        })
    }
    fn in_value(value: &toml::de::DeValue<'_>, at: &Range<usize>) -> Option<Range<usize>> {
        match value {
            toml::de::DeValue::Table(t) => in_table(t, at),
            toml::de::DeValue::Array(items) => items.iter().find_map(|v| in_value(v.get_ref(), at)),
            _ => None,
        }
    }
    toml::de::DeTable::parse(toml_text)
        .ok()
        .and_then(|t| in_table(t.get_ref(), &value))
}

/// Blanks out the entry of `toml_text` whose key is at `key` (its key, `=` and value become
/// spaces; line breaks stay, so every other span and line number is unchanged). False when
/// no such entry is found.
fn set_aside(toml_text: &mut String, key: Range<usize>) -> bool {
    fn value_end(table: &toml::de::DeTable<'_>, key: &Range<usize>) -> Option<usize> {
        table.iter().find_map(|(k, v)| {
            if k.span() == *key {
                Some(v.span().end)
            } else {
                within(v.get_ref(), key)
            }
        })
    }
    fn within(value: &toml::de::DeValue<'_>, key: &Range<usize>) -> Option<usize> {
        match value {
            toml::de::DeValue::Table(t) => value_end(t, key),
            toml::de::DeValue::Array(items) => items.iter().find_map(|v| within(v.get_ref(), key)),
            _ => None,
        }
    }
    let Some(end) = toml::de::DeTable::parse(toml_text)
        .ok()
        .and_then(|t| value_end(t.get_ref(), &key))
    else {
        return false;
    };
    let blank: String = toml_text[key.start..end]
        .chars()
        .flat_map(|c| {
            let keep = c == '\n' || c == '\r';
            std::iter::repeat_n(
                if keep { c } else { ' ' },
                if keep { 1 } else { c.len_utf8() },
            )
        })
        .collect();
    toml_text.replace_range(key.start..end, &blank);
    true
}

pub(super) fn non_empty(
    src: &mut Source<'_>,
    value: Option<Spanned<String>>,
    off: usize,
    field: &str,
) -> Option<String> {
    let value = value?;
    let text = value.get_ref().trim();
    if text.is_empty() || slugify(text).is_empty() {
        let sp = value.span();
        src.error(
            Code::E008,
            Some(off + sp.start..off + sp.end),
            format!("`{field}` has no letters or digits"),
            format!("write the name, or remove the `{field}` line"),
        );
        return None;
    }
    let slug = slugify(text);
    if slug.len() > MAX_NAME_SLUG {
        let sp = value.span();
        src.error(
            Code::E008,
            Some(off + sp.start..off + sp.end),
            format!(
                "`{field}` is too long to name a page: its address would be {} characters",
                slug.len()
            ),
            format!("shorten the name to make an address of at most {MAX_NAME_SLUG} characters"),
        );
        return None;
    }
    Some(text.to_string())
}

/// The longest slug a critic's or publication's name may make: the slug names a folder of
/// the output, and file systems refuse names over 255 bytes.
pub(super) const MAX_NAME_SLUG: usize = 200;

/// A TOML value that must be a plain date (2013-07-15), checked against the calendar.
pub(super) fn to_date(src: &mut Source<'_>, value: Spanned<Datetime>, off: usize) -> Option<Date> {
    let span = Some(off + value.span().start..off + value.span().end);
    let dt = value.get_ref();
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => match Date::new(d.year, d.month, d.day) {
            Some(date) => Some(date),
            None => {
                src.error(
                    Code::E016,
                    span,
                    format!("{dt} is not a date on the calendar"),
                    "check the day and month",
                );
                None
            }
        },
        _ => {
            src.error(
                Code::E016,
                span,
                format!("`{dt}` is not a plain date"),
                "write dates as YYYY-MM-DD without quotes or a time, e.g. date = 2013-07-15",
            );
            None
        }
    }
}

/// The `aliases` of a film, page or profile: paths from the site's root, each checked and
/// made an output path (`/films/old` becomes `films/old/`; `/old.html` stays a file).
pub(super) fn aliases(
    src: &mut Source<'_>,
    aliases: Option<Vec<Spanned<String>>>,
    off: usize,
) -> Vec<Alias> {
    let mut out = Vec::new();
    for alias in aliases.unwrap_or_default() {
        let written = alias.get_ref().trim();
        let path = written.trim_start_matches('/');
        let bad_char = path
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "?#\\\"<>'`{}|^%*:!".contains(c));
        // A hidden segment (`.git`, `..`) is refused too: an output's `.git` is a repository,
        // carried over untouched, and hosts do not serve hidden paths alike.
        let bad_segment =
            path.split('/').any(|s| s.starts_with('.')) || path.contains("//") || path.is_empty();
        if !written.starts_with('/') || bad_char || bad_segment {
            src.error(
                Code::E027,
                Some(off + alias.span().start..off + alias.span().end),
                format!("`{written}` is not a path within the site"),
                "write the old address from the site's root, e.g. \"/films/old-name/\"; it may not be the home page, have a part that starts with a dot (`..`, `.git`), or hold `?`, `#`, spaces, or `*`, `:` and `!` (which hosts' redirect files read as patterns)",
            );
            continue;
        }
        let path = if path.ends_with('/') || path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}/")
        };
        out.push(Alias {
            path,
            written: written.to_string(),
        });
    }
    out
}

/// A URL with the characters URLs may not hold (spaces, quotes, angle brackets, controls...)
/// percent-encoded, as a browser would send it: the same address, and valid in an `href`.
pub(super) fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control() || " \"<>\\^`{|}".contains(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_found_whatever_their_width() {
        assert_eq!(first_control("plain\ttext\r\n"), None);
        assert_eq!(first_control("a\u{7}b"), Some((1, '\u{7}')));
        assert_eq!(first_control("é\u{85}"), Some((2, '\u{85}')));
        assert_eq!(first_control("\u{a0}\u{7f}"), Some((2, '\u{7f}')));
        for c in ['\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}'] {
            assert_eq!(first_control(&c.to_string()).is_some(), is_control(c));
        }
        // Found wherever it falls among the blocks the scan skips, and not confused by a
        // 0xC2 that starts an ordinary character ("\u{a0}", "\u{b0}").
        for at in [0, 1, 62, 63, 64, 65, 127, 128, 500] {
            let mut text = "x°\u{a0}".repeat(200);
            text.insert(text.char_indices().nth(at).unwrap().0, '\u{85}');
            let byte = text.char_indices().nth(at).unwrap().0;
            assert_eq!(first_control(&text), Some((byte, '\u{85}')), "at {at}");
            let split = text.replace('\u{85}', "\u{1b}");
            assert_eq!(first_control(&split), Some((byte, '\u{1b}')), "at {at}");
        }
        assert_eq!(first_control(&"x°\u{a0}\n".repeat(100)), None);
    }

    #[test]
    fn urls_are_encoded_as_a_browser_would_send_them() {
        assert_eq!(
            encode_url("https://example.com/a b?q=<x>&r=\"1\""),
            "https://example.com/a%20b?q=%3Cx%3E&r=%221%22"
        );
        assert_eq!(
            encode_url("https://exämple.com/ok"),
            "https://exämple.com/ok"
        );
    }
}
