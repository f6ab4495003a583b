//! Reading language files: the theme's built-in ones and a site's own `i18n/` folder, the
//! site's over the theme's and English under both, with what `check` says of them (a key
//! missing, a key Marquee does not know, a language with no file, a file that cannot be
//! used, and where in it).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{BUILT_IN, Message, Strings, category, is_language_tag, placeholders, plural_rules};
use crate::diagnostic::{Code, Diagnostic};

/// The largest language file read: the built-in ones are about 30 KB.
const MAX_BYTES: u64 = 1024 * 1024;

/// Unknown keys named one by one; past them, one warning says how many more.
const NAMED: usize = 20;

/// What is wrong with a file: a message, and the key it is about (located in the text).
type Problem = (String, Option<String>);

/// What is wrong in a file, and where.
type Found = Vec<(String, Option<Range<usize>>)>;

/// The messages of a language file by dotted key ("film.cast"), or what is wrong with it.
fn parse(text: &str) -> Result<HashMap<String, Message>, Found> {
    match read(text) {
        Ok((messages, found)) if found.is_empty() => Ok(messages),
        Ok((_, found)) | Err(found) => Err(found),
    }
}

/// The messages a file's text holds that can be used, with what is wrong with the others;
/// an error alone when the text is not TOML.
fn read(text: &str) -> Result<(HashMap<String, Message>, Found), Found> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| vec![(e.message().to_string(), e.span())])?;
    let mut out = HashMap::new();
    let mut problems = Vec::new();
    walk("", &table, &mut out, &mut problems);
    let found = problems
        .into_iter()
        .map(|(m, key)| {
            let span = key.and_then(|k| key_span(text, &k));
            (m, span)
        })
        .collect();
    Ok((out, found))
}

fn walk(
    prefix: &str,
    table: &toml::Table,
    out: &mut HashMap<String, Message>,
    problems: &mut Vec<Problem>,
) {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let text = |v: &toml::Value, what: &str, problems: &mut Vec<Problem>| match v.as_str() {
            Some(s) if s.chars().any(is_control) => {
                problems.push((
                    format!("{what} holds a control character, which no page or feed may carry"),
                    Some(key.clone()),
                ));
                None
            }
            Some(s) => Some(s.to_string()),
            None => {
                problems.push((format!("{what} must be a string"), Some(key.clone())));
                None
            }
        };
        let message = match value {
            toml::Value::String(_) => text(value, &format!("`{key}`"), problems).map(Message::Text),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| text(i, &format!("an item of `{key}`"), problems))
                .collect::<Option<Vec<_>>>()
                .map(Message::List),
            // A table naming any plural form is one message in its forms.
            toml::Value::Table(t) if t.keys().any(|k| category(k).is_some()) => {
                let mut forms = Vec::new();
                for (form, v) in t {
                    match category(form) {
                        Some(c) => {
                            if let Some(s) = text(v, &format!("`{key}.{form}`"), problems) {
                                forms.push((c, s));
                            }
                        }
                        None => problems.push((
                            format!(
                                "`{form}` of `{key}` is not a plural form: CLDR's are zero, one, two, few, many and other"
                            ),
                            Some(key.clone()),
                        )),
                    }
                }
                if !t.contains_key("other") {
                    problems.push((
                        format!(
                            "`{key}` has plural forms but no `other`, which every language needs"
                        ),
                        Some(key.clone()),
                    ));
                }
                Some(Message::Plural(forms))
            }
            toml::Value::Table(t) => {
                walk(&key, t, out, problems);
                continue;
            }
            _ => {
                problems.push((
                    format!("`{key}` must be a string, a list of strings or plural forms"),
                    Some(key.clone()),
                ));
                None
            }
        };
        if let Some(message) = message {
            out.insert(key, message);
        }
    }
}

/// Control characters that HTML and XML may not carry: C0 but tab, line feed and carriage
/// return; DEL and C1.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Where `key` is written in `text`: its last part on a line of its own under the heading
/// of its table (`films = ...` under `[count]`), else anywhere at the start of a line.
fn key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let (table, last) = key.rsplit_once('.').unwrap_or(("", key));
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    // A message written as a table of its own (`[count.films]`, its forms below): its heading.
    let own = format!("[{key}]");
    if let Some((start, line)) = lines.iter().find(|(_, l)| l.trim() == own) {
        let indent = line.len() - line.trim_start().len();
        return Some(start + indent..start + indent + own.len());
    }
    let heading = |line: &str| line.trim_start().starts_with('[');
    let section = if table.is_empty() {
        Some(0)
    } else {
        let want = format!("[{table}]");
        lines
            .iter()
            .position(|(_, l)| l.trim() == want)
            .map(|i| i + 1)
    };
    let defines = |line: &str| {
        let rest = line.trim_start();
        let bare = rest.strip_prefix('"').unwrap_or(rest);
        bare.strip_prefix(last)
            .is_some_and(|after| after.trim_start_matches('"').trim_start().starts_with('='))
    };
    let found = match section {
        Some(from) => lines[from..]
            .iter()
            .take_while(|(_, l)| !heading(l))
            .find(|(_, l)| defines(l)),
        None => None,
    }
    .or_else(|| lines.iter().find(|(_, l)| defines(l)));
    found.map(|(start, line)| {
        let indent = line.len() - line.trim_start().len();
        start + indent..start + indent + last.len()
    })
}

/// English, with the theme's file for `tag` over it.
pub(super) fn built_in(tag: &str) -> Strings {
    let mut messages = english();
    if is_language_tag(tag)
        && let Some(text) = language_names(tag).iter().find_map(|n| built_in_text(n))
    {
        messages.extend(parse(text).unwrap_or_default());
    }
    Strings {
        tag: tag.to_string(),
        messages,
        plurals: plural_rules(tag),
    }
}

fn english() -> HashMap<String, Message> {
    parse(BUILT_IN[0].1).unwrap_or_default()
}

fn built_in_text(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The names a language's file may have, most particular first: the whole tag, then its
/// language ("pt-br", then "pt"), lower case.
fn language_names(tag: &str) -> Vec<String> {
    let tag = tag.to_ascii_lowercase();
    let language = tag.split('-').next().unwrap_or(&tag).to_string();
    if language == tag {
        vec![tag]
    } else {
        vec![tag, language]
    }
}

/// One language file of the site's `i18n/` folder, read and checked.
struct OwnFile {
    rel: PathBuf,
    messages: HashMap<String, Message>,
}

/// Every `*.toml` of the site's `i18n/` folder by lower-case name, each read and checked
/// against English; what is wrong with any of them (not only the site's language's: a file
/// left broken would break the day the language is switched).
fn own_files(
    root: &Path,
    english: &HashMap<String, Message>,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, OwnFile> {
    let mut files = BTreeMap::new();
    let dir = root.join("i18n");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return files;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = PathBuf::from("i18n").join(&name);
        if crate::ignore::skip(&name, crate::ignore::Place::Elsewhere).is_some() {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let Some(stem) = name
            .strip_suffix(".toml")
            .filter(|stem| is_language_tag(stem))
        else {
            if let Some(stem) = name.strip_suffix(".toml") {
                problems.push(
                    Diagnostic::warning(
                        Code::W001,
                        &rel,
                        format!("`{stem}` is not a language tag, so no site's language names this file; it is not read"),
                    )
                    .help("name a language file by its tag: i18n/fr.toml, i18n/pt-BR.toml (a hyphen, not an underscore)"),
                );
                continue;
            }
            problems.push(
                Diagnostic::warning(
                    Code::W001,
                    &rel,
                    "this is not a language file; it is not read",
                )
                .help("a language file is named after its language: i18n/fr.toml, i18n/pt-BR.toml"),
            );
            continue;
        };
        if kind.is_symlink() {
            problems.push(
                Diagnostic::warning(
                    Code::W002,
                    &rel,
                    "symbolic links are not followed; this one is skipped",
                )
                .help("copy the file into the site instead of linking to it"),
            );
            continue;
        }
        if !kind.is_file() {
            problems.push(
                Diagnostic::warning(
                    Code::W001,
                    &rel,
                    "this is not a regular file; it is not read",
                )
                .help("a language file is a TOML file: i18n/fr.toml"),
            );
            continue;
        }
        if let Some(file) = read_own(&entry.path(), rel, english, problems) {
            files.insert(stem.to_ascii_lowercase(), file);
        }
    }
    files
}

fn read_own(
    path: &Path,
    rel: PathBuf,
    english: &HashMap<String, Message>,
    problems: &mut Vec<Diagnostic>,
) -> Option<OwnFile> {
    let error = |message: String| Diagnostic::error(Code::E036, &rel, message);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        problems.push(error(format!(
            "the file is {} bytes; a language file may be at most {} bytes, 1 MiB (every one of Marquee's strings fits in about 30 KB)",
            crate::quantity::grouped(size),
            crate::quantity::grouped(MAX_BYTES)
        )));
        return None;
    }
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => crate::diagnostic::with_line_feeds(text),
        Ok(Err(e)) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            problems.push(
                error("the file is not UTF-8 text".into())
                    .at(&text, at..at + 1)
                    .help("save the file as UTF-8"),
            );
            return None;
        }
        Err(e) => {
            problems.push(error(format!("cannot read the language file: {e}")));
            return None;
        }
    };
    let help = "a language file is TOML: `key = \"text\"` under `[group]` headings, each key and shape as in i18n/en.toml (`marquee theme export i18n/en.toml` writes it)";
    let messages = match read(&text) {
        Ok((messages, found)) => {
            for (message, span) in found {
                problems.push(error(message).at_opt(&text, span).help(help));
            }
            messages
        }
        Err(found) => {
            for (message, span) in found {
                problems.push(error(message).at_opt(&text, span).help(help));
            }
            return None;
        }
    };
    let mut unknown = Vec::new();
    let mut keys: Vec<&String> = messages.keys().collect();
    keys.sort();
    for key in keys {
        let at = |d: Diagnostic| d.at_opt(&text, key_span(&text, key));
        if key.starts_with("site.") {
            continue; // the site's own words, for its own templates
        }
        let Some(ours) = english.get(key) else {
            unknown.push(key);
            continue;
        };
        let theirs = &messages[key];
        if let Some(problem) = shape(key, ours, theirs) {
            problems.push(at(error(problem)).help(help));
        }
    }
    for key in unknown.iter().take(NAMED) {
        problems.push(
            Diagnostic::warning(Code::W018, &rel, format!("`{key}` is not a key Marquee writes; it is not used"))
                .at_opt(&text, key_span(&text, key))
                .help("check its spelling and group against Marquee's i18n/en.toml; words for a site's own templates go under `[site]`"),
        );
    }
    if unknown.len() > NAMED {
        problems.push(Diagnostic::warning(
            Code::W018,
            &rel,
            format!(
                "{} more keys are not keys Marquee writes",
                unknown.len() - NAMED
            ),
        ));
    }
    if problems.iter().any(|d| d.is_error() && d.path == rel) {
        return None;
    }
    Some(OwnFile { rel, messages })
}

/// What is wrong with `theirs` as the message `key`, whose English is `ours`: another shape,
/// a value English does not give, or a date or direction Marquee cannot use.
fn shape(key: &str, ours: &Message, theirs: &Message) -> Option<String> {
    let kind = |m: &Message| match m {
        Message::Text(_) => "a string",
        Message::Plural(_) => "plural forms",
        Message::List(_) => "a list",
    };
    if std::mem::discriminant(ours) != std::mem::discriminant(theirs) {
        return Some(format!(
            "`{key}` is {}, where English has {}",
            kind(theirs),
            kind(ours)
        ));
    }
    let texts = |m: &Message| -> Vec<String> {
        match m {
            Message::Text(s) => vec![s.clone()],
            Message::Plural(forms) => forms.iter().map(|(_, s)| s.clone()).collect(),
            Message::List(items) => items.clone(),
        }
    };
    let mut given: Vec<String> = match key {
        "date.format" => ["day", "month", "month_short", "year"]
            .map(String::from)
            .to_vec(),
        _ => texts(ours)
            .iter()
            .flat_map(|t| placeholders(t).map(String::from).collect::<Vec<_>>())
            .collect(),
    };
    given.sort();
    given.dedup();
    for text in texts(theirs) {
        if let Some(name) = placeholders(&text).find(|n| !given.iter().any(|g| g == n)) {
            let known: Vec<String> = given.iter().map(|g| format!("{{{g}}}")).collect();
            return Some(if known.is_empty() {
                format!("`{key}` has `{{{name}}}`, but Marquee gives it no values")
            } else {
                format!(
                    "`{key}` has `{{{name}}}`, which Marquee does not give it; it gives {}",
                    known.join(", ")
                )
            });
        }
    }
    match (key, theirs) {
        ("date.months" | "date.months_short", Message::List(items)) if items.len() != 12 => Some(
            format!(
                "`{key}` has {}; a year has 12 months",
                crate::quantity::count(items.len(), "name")
            ),
        ),
        ("date.format", Message::Text(format))
            if !(format.contains("{day}")
                && format.contains("{year}")
                && (format.contains("{month}") || format.contains("{month_short}"))) =>
        {
            Some(format!(
                "`{key}` must hold `{{day}}`, `{{year}}` and `{{month}}` or `{{month_short}}`"
            ))
        }
        ("scoring.examples", Message::List(items)) => items
            .iter()
            .find(|r| crate::score::normalise_rating(r).is_err())
            .map(|r| format!("`{key}` lists \"{r}\", which is not a rating Marquee reads (docs/content.md lists the ways to write one)")),
        ("date.months" | "date.months_short", Message::List(items))
            if items.iter().any(|m| m.trim().is_empty()) =>
        {
            Some(format!("`{key}` has an empty name; each month needs one"))
        }
        ("number.decimal" | "number.minus" | "list.separator", Message::Text(t))
            if t.trim().is_empty() =>
        {
            Some(format!("`{key}` is empty: the numbers or lists it marks would run together"))
        }
        ("number.percent", Message::Text(t)) if !t.contains("{percent}") => {
            Some(format!("`{key}` must hold `{{percent}}`, the number"))
        }
        ("language.direction", Message::Text(d)) if d != "ltr" && d != "rtl" => Some(format!(
            "`{key}` is \"{d}\": it must be \"ltr\" (left to right) or \"rtl\" (right to left)"
        )),
        _ => None,
    }
}

/// The strings for language `tag` of the site at `root`: English, the theme's file for the
/// language, then the site's own files (`i18n/en.toml` for keys a site changed in English
/// only, then the language's, then the whole tag's: `fr`, then `fr-CA`). Warnings say what
/// falls back to English; a file that cannot be used is an error. A tag that is not a
/// language tag is config.toml's error (E037): its pages are English.
pub(crate) fn load(root: &Path, tag: &str) -> Result<(Strings, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let english = english();
    let own = own_files(root, &english, &mut problems);
    let mut messages = english.clone();
    let valid = is_language_tag(tag);
    let names = if valid {
        language_names(tag)
    } else {
        Vec::new()
    };
    let theme = names.iter().find_map(|n| built_in_text(n));
    if let Some(text) = theme {
        messages.extend(parse(text).unwrap_or_default());
    }
    let mut layers: Vec<&OwnFile> = Vec::new();
    if !names.iter().any(|n| n == "en") {
        layers.extend(own.get("en"));
    }
    layers.extend(names.iter().rev().filter_map(|n| own.get(n)));
    for file in &layers {
        messages.extend(file.messages.iter().map(|(k, m)| (k.clone(), m.clone())));
    }
    let own_language = names.iter().find_map(|n| own.get(n));
    let config = Path::new("config.toml");
    match (theme, own_language) {
        _ if !valid || names.iter().any(|n| n == "en") => {}
        (None, None) => problems.push(
            Diagnostic::warning(
                Code::W019,
                config,
                format!("no language file for `{tag}`: the pages are written in English"),
            )
            .help(format!(
                "write i18n/{tag}.toml with every key of i18n/en.toml translated (`marquee theme export i18n/en.toml` writes it to start from); built in: {}",
                BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            )),
        ),
        (None, Some(file)) => {
            let mut missing: Vec<&String> = english
                .keys()
                .filter(|k| !layers.iter().any(|f| f.messages.contains_key(*k)))
                .collect();
            missing.sort();
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().take(5).map(|k| format!("`{k}`")).collect();
                problems.push(
                    Diagnostic::warning(
                        Code::W017,
                        &file.rel,
                        format!(
                            "{} of i18n/en.toml {} missing and shown in English: {}{}",
                            crate::quantity::count(missing.len(), "key"),
                            if missing.len() == 1 { "is" } else { "are" },
                            shown.join(", "),
                            if missing.len() > 5 { ", …" } else { "" }
                        ),
                    )
                    .help("translate every key: `marquee theme export i18n/en.toml` writes English's file, with them all, to copy from"),
                );
            }
        }
        _ => {}
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok((
        Strings {
            tag: tag.to_string(),
            messages,
            plurals: if valid { plural_rules(tag) } else { None },
        },
        problems,
    ))
}

#[cfg(test)]
pub(super) fn parse_for_test(text: &str) -> Result<HashMap<String, Message>, Found> {
    parse(text)
}

#[cfg(test)]
pub(super) fn key_span_for_test(text: &str, key: &str) -> Option<Range<usize>> {
    key_span(text, key)
}
