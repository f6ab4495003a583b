//! Reading language files: the theme's built-in ones and a site's own `i18n/` folder, the
//! site's over the theme's and English under both, with what `check` says of them (a key
//! missing, a key Marquee does not know, a language with no file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{BUILT_IN, Message, Strings, category, plural_rules};
use crate::diagnostic::{Code, Diagnostic};

/// The messages of one file, or what is wrong with it and where.
type Parsed = Result<HashMap<String, Message>, (String, Option<std::ops::Range<usize>>)>;

/// The file names a language tag is looked for under: the whole tag, then its language
/// ("pt-br", then "pt").
fn names(tag: &str) -> Vec<String> {
    let tag = tag.to_ascii_lowercase().replace('_', "-");
    let language = tag.split('-').next().unwrap_or(&tag).to_string();
    if language == tag {
        vec![tag]
    } else {
        vec![tag, language]
    }
}

fn built_in_text(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// English, with the theme's file for `tag` over it.
pub(super) fn built_in(tag: &str) -> Strings {
    let mut messages = parse(BUILT_IN[0].1).unwrap_or_default();
    if let Some(text) = names(tag).iter().find_map(|n| built_in_text(n)) {
        messages.extend(parse(text).unwrap_or_default());
    }
    Strings {
        tag: tag.to_string(),
        messages,
        plurals: plural_rules(tag),
    }
}

/// The strings for language `tag` of the site at `root`: English, the theme's file for the
/// language, then the site's own `i18n/<language>.toml` (and `i18n/en.toml` under it, for
/// keys a site changed in English only). Warnings say what falls back to English; a file
/// that cannot be read is an error.
pub(crate) fn load(root: &Path, tag: &str) -> Result<(Strings, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let english = parse(BUILT_IN[0].1).unwrap_or_default();
    let mut messages = english.clone();
    let names = names(tag);
    let theme = names.iter().find_map(|n| built_in_text(n).map(|t| (n, t)));
    if let Some((_, text)) = theme {
        messages.extend(parse(text).unwrap_or_default());
    }
    let mut own_file = None;
    let mut wanted: Vec<&str> = names.iter().map(String::as_str).collect();
    wanted.reverse();
    if !wanted.contains(&"en") {
        wanted.insert(0, "en");
    }
    for name in wanted {
        let rel = PathBuf::from("i18n").join(format!("{name}.toml"));
        let path = root.join(&rel);
        if !path.is_file() {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => crate::diagnostic::with_line_feeds(text),
            Err(e) => {
                problems.push(Diagnostic::error(
                    Code::E036,
                    &rel,
                    format!("cannot read the language file: {e}"),
                ));
                continue;
            }
        };
        match parse(&text) {
            Ok(own) => {
                for key in own.keys() {
                    if key.starts_with("site.") {
                        // The site's own words, for its own templates.
                    } else if !english.contains_key(key) {
                        problems.push(unknown_key(&rel, &text, key));
                    } else if std::mem::discriminant(&own[key])
                        != std::mem::discriminant(&english[key])
                    {
                        problems.push(
                            Diagnostic::error(
                                Code::E036,
                                &rel,
                                format!("`{key}` is {}, where English has {}", kind(&own[key]), kind(&english[key])),
                            )
                            .at_opt(&text, key_span(&text, key))
                            .help("write it in the shape i18n/en.toml gives it"),
                        );
                    }
                }
                messages.extend(
                    own.into_iter()
                        .filter(|(k, _)| english.contains_key(k) || k.starts_with("site.")),
                );
                if name != "en" {
                    own_file = Some((rel, text));
                }
            }
            Err((message, span)) => problems.push(
                Diagnostic::error(Code::E036, &rel, message)
                    .at_opt(&text, span)
                    .help("a language file is TOML: `key = \"text\"` under `[group]` headings, as in Marquee's i18n/en.toml"),
            ),
        }
    }
    let config = Path::new("config.toml");
    match (theme, &own_file) {
        _ if names.iter().any(|n| n == "en") => {}
        (None, None) => problems.push(
            Diagnostic::warning(
                Code::W019,
                config,
                format!("no language file for `{tag}`: the pages are written in English"),
            )
            .help(format!(
                "write i18n/{}.toml with every key of Marquee's i18n/en.toml, translated (built in: {})",
                names.last().map_or(tag, String::as_str),
                BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            )),
        ),
        (None, Some((rel, text))) => {
            let own = parse(text).unwrap_or_default();
            let mut missing: Vec<&String> = english.keys().filter(|k| !own.contains_key(*k)).collect();
            missing.sort();
            if !missing.is_empty() {
                let shown: Vec<String> = missing.iter().take(5).map(|k| format!("`{k}`")).collect();
                problems.push(
                    Diagnostic::warning(
                        Code::W017,
                        rel,
                        format!(
                            "{} of the file are missing and shown in English: {}{}",
                            crate::quantity::count(missing.len(), "key"),
                            shown.join(", "),
                            if missing.len() > 5 { ", …" } else { "" }
                        ),
                    )
                    .help("translate each key named (i18n/en.toml in Marquee's repository has them all)"),
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
            plurals: plural_rules(tag),
        },
        problems,
    ))
}

fn kind(message: &Message) -> &'static str {
    match message {
        Message::Text(_) => "a string",
        Message::Plural(_) => "plural forms",
        Message::List(_) => "a list",
    }
}

fn unknown_key(rel: &Path, text: &str, key: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::W018,
        rel,
        format!("`{key}` is not a key Marquee writes; it is not used"),
    )
    .at_opt(text, key_span(text, key))
    .help("check its spelling and group against Marquee's i18n/en.toml; words for a site's own templates go under `[site]`")
}

/// Where the last part of `key` is written in `text`, for pointing at it.
fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let last = key.rsplit('.').next().unwrap_or(key);
    text.match_indices(last)
        .find(|(i, _)| {
            let line_start = text[..*i].rfind('\n').map_or(0, |n| n + 1);
            text[line_start..*i].trim().is_empty()
        })
        .map(|(i, _)| i..i + last.len())
}

/// The messages of a language file's text, by dotted key ("film.cast").
fn parse(text: &str) -> Parsed {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| (e.message().to_string(), e.span()))?;
    let mut out = HashMap::new();
    walk("", &table, &mut out).map_err(|m| (m, None))?;
    Ok(out)
}

fn walk(
    prefix: &str,
    table: &toml::Table,
    out: &mut HashMap<String, Message>,
) -> Result<(), String> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let message = match value {
            toml::Value::String(s) => Message::Text(s.clone()),
            toml::Value::Array(items) => Message::List(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("`{key}` must be a list of strings"))?,
            ),
            toml::Value::Table(t) if !t.is_empty() && t.keys().all(|k| category(k).is_some()) => {
                if !t.contains_key("other") {
                    return Err(format!(
                        "`{key}` has plural forms but no `other`, which every language needs"
                    ));
                }
                Message::Plural(
                    t.iter()
                        .map(|(c, s)| {
                            let s = s
                                .as_str()
                                .ok_or_else(|| format!("`{key}.{c}` must be a string"))?;
                            Ok((category(c).unwrap_or("other"), s.to_string()))
                        })
                        .collect::<Result<_, String>>()?,
                )
            }
            toml::Value::Table(t) => {
                walk(&key, t, out)?;
                continue;
            }
            _ => {
                return Err(format!(
                    "`{key}` must be a string, a list of strings or plural forms"
                ));
            }
        };
        out.insert(key, message);
    }
    Ok(())
}

#[cfg(test)]
pub(super) fn parse_for_test(text: &str) -> Parsed {
    parse(text)
}
