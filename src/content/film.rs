//! A film's `index.md`: its front matter, synopsis and poster.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::frontmatter;
use super::markdown;
use super::model::{Consensus, Film, PLACEHOLDER_SYNOPSIS, is_id_source};
use super::source::{Parsed, Source, aliases, non_empty, relative, to_date};
use crate::diagnostic::{Code, Diagnostic};
use crate::posters::{Poster, PosterError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilmFront {
    title: Spanned<String>,
    year: Spanned<i64>,
    release_date: Option<Spanned<Datetime>>,
    #[serde(default)]
    directors: Vec<Spanned<String>>,
    #[serde(default)]
    cast: Vec<Spanned<String>>,
    #[serde(default)]
    writers: Vec<Spanned<String>>,
    #[serde(default)]
    composers: Vec<Spanned<String>>,
    #[serde(default)]
    genres: Vec<Spanned<String>>,
    runtime: Option<Spanned<i64>>,
    country: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    poster: Option<Spanned<String>>,
    consensus: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    aliases: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ids: BTreeMap<String, Spanned<String>>,
}

/// The longest runtime accepted, in minutes: a hundred days, beyond any film made.
const MAX_RUNTIME: u32 = 144_000;

/// The longest synopsis summary kept for meta descriptions (search engines show about 155).
const SUMMARY_CHARS: usize = 160;

pub(super) fn parse_film(
    src: &mut Source<'_>,
    root: &Path,
    path: &Path,
    slug: &str,
    split: &frontmatter::Split<'_>,
) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<FilmFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let span = |r: Range<usize>| Some(off + r.start..off + r.end);
    let title = front.title.get_ref().trim().to_string();
    if title.is_empty() {
        src.error(
            Code::E008,
            span(front.title.span()),
            "the title is empty",
            "give the film its title",
        );
    }
    let year = match u16::try_from(*front.year.get_ref()) {
        Ok(y @ 1850..=2200) => y,
        _ => {
            src.error(
                Code::E009,
                span(front.year.span()),
                "the year is not a plausible film year",
                "write the four-digit release year, e.g. `year = 1996`",
            );
            0
        }
    };
    let release_date = front.release_date.and_then(|d| to_date(src, d, off));
    let runtime = front
        .runtime
        .and_then(|r| match u32::try_from(*r.get_ref()) {
            // The longest films run for days (Logistics, 2012: 51,420 minutes).
            Ok(m @ 1..=MAX_RUNTIME) => Some(m),
            _ => {
                src.error(
                    Code::E009,
                    span(r.span()),
                    format!(
                        "the runtime must be a whole number of minutes from 1 to {MAX_RUNTIME}"
                    ),
                    "write it in minutes, e.g. `runtime = 105`",
                );
                None
            }
        });
    let poster = front.poster.and_then(|p| {
        let name = p.get_ref();
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != ".";
        let film_dir = path.parent().unwrap_or(root);
        if !plain {
            src.error(Code::E011, span(p.span()), "`poster` must be the name of an image file in the film's folder", "put the image beside index.md and give only its file name, e.g. `poster = \"poster.jpg\"`");
            None
        } else if std::fs::symlink_metadata(film_dir.join(name)).is_ok_and(|m| m.file_type().is_symlink()) {
            src.error(
                Code::E011,
                span(p.span()),
                format!("the poster `{name}` is a symbolic link, which Marquee does not follow"),
                "copy the image into the film's folder instead of linking to it",
            );
            None
        } else if std::fs::symlink_metadata(film_dir.join(name)).is_ok_and(|m| !m.is_file()) {
            src.error(
                Code::E011,
                span(p.span()),
                format!("the poster `{name}` is not a regular file (a folder, a named pipe or a device)"),
                "give the name of an image file beside index.md",
            );
            None
        } else if !film_dir.join(name).is_file() {
            src.warning(Code::W009, span(p.span()), format!("the poster file `{name}` does not exist; the page is built without a poster"), format!("add `{name}` to {}, or remove the `poster` field", relative(root, film_dir).display()));
            None
        } else {
            match crate::posters::inspect(&film_dir.join(name), name) {
                Ok(poster) => Some(Poster {
                    at: span(p.span()).map(|s| crate::diagnostic::locate(src.text, s)),
                    ..poster
                }),
                Err(e) => {
                    let code = match e {
                        PosterError::NotAnImage { .. } => Code::E011,
                        _ => Code::E031,
                    };
                    src.error(code, span(p.span()), e.to_string(), e.help());
                    None
                }
            }
        }
    });
    let aliases = aliases(src, front.aliases, off);
    let ids = film_ids(src, front.ids, off);
    let consensus = front.consensus.and_then(|c| consensus(src, c, off));
    if src.problems.iter().any(Diagnostic::is_error) {
        return Parsed::Nothing;
    }
    src.placeholder(
        split.body,
        PLACEHOLDER_SYNOPSIS,
        "the synopsis is still the placeholder `marquee new film` wrote",
        "replace it with the film's synopsis, or delete the line to publish the film without one",
    );
    // A name with no letter or digit (`""`, `"!!!"`) would show as nothing and link
    // nowhere: each is an error at its place.
    let mut names = |list: Vec<Spanned<String>>, field: &str| -> Vec<String> {
        list.into_iter()
            .filter_map(|name| non_empty(src, Some(name), off, field))
            .collect()
    };
    let directors = names(front.directors, "directors");
    let cast = names(front.cast, "cast");
    let writers = names(front.writers, "writers");
    let composers = names(front.composers, "composers");
    let genres = names(front.genres, "genres");
    let country = non_empty(src, front.country, off, "country");
    let language = non_empty(src, front.language, off, "language");
    Parsed::Film(Box::new(Film {
        slug: slug.to_string(),
        title,
        year,
        release_date,
        directors,
        cast,
        writers,
        composers,
        genres,
        runtime,
        country,
        language,
        poster,
        synopsis_html: src.markdown(split.body),
        consensus,
        summary: markdown::summary(split.body, SUMMARY_CHARS),
        reviews: Vec::new(),
        source: src.rel.clone(),
        draft: front.draft,
        aliases,
        ids,
    }))
}

/// The editors' consensus (`consensus = "..."`): one short paragraph of Markdown, kept as
/// inline HTML for the page and as plain text for its description; an error at its place
/// when it is empty or more than one paragraph, or longer than a description can show.
fn consensus(src: &mut Source<'_>, value: Spanned<String>, off: usize) -> Option<Consensus> {
    let span = Some(off + value.span().start..off + value.span().end);
    let text = value.get_ref().trim();
    // Its length as readers see it: the text, not the Markdown around it.
    let shown = markdown::summary(text, usize::MAX).chars().count();
    let problem = if text.is_empty() {
        Some("the consensus is empty".to_string())
    } else if let Some(what) = markdown::not_one_paragraph(text) {
        Some(format!(
            "the consensus must be one paragraph of text, and it has {what}"
        ))
    } else if shown > MAX_CONSENSUS_CHARS {
        Some(format!(
            "the consensus is {shown} characters long; it may be at most {MAX_CONSENSUS_CHARS}"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        src.error(
            Code::E034,
            span,
            problem,
            format!(
                "write the consensus as one short paragraph (at most {MAX_CONSENSUS_CHARS} characters of text) with no blank line, list, heading, quote, image or code block, or remove the line"
            ),
        );
        return None;
    }
    let html = src.markdown(text);
    let inline = html
        .trim_end()
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(&html)
        .to_string();
    Some(Consensus {
        html: inline,
        text: markdown::summary(text, usize::MAX),
        summary: markdown::summary(text, SUMMARY_CHARS),
    })
}

/// The longest consensus accepted, in characters: a sentence or two.
const MAX_CONSENSUS_CHARS: usize = 300;

/// The film's ids in other catalogues (`ids = { tmdb = "12155" }`): each source a plain
/// name and each id a non-empty string, as `marquee import` writes and matches them.
fn film_ids(
    src: &mut Source<'_>,
    ids: BTreeMap<String, Spanned<String>>,
    off: usize,
) -> BTreeMap<String, String> {
    let mut kept = BTreeMap::new();
    for (source, id) in ids {
        let span = Some(off + id.span().start..off + id.span().end);
        let value = id.into_inner();
        if !is_id_source(&source) {
            src.error(
                Code::E003,
                span,
                format!("`{source}` is not a usable catalogue name in `ids`"),
                "name the catalogue with lowercase letters, digits, `-` or `_`, e.g. `ids = { tmdb = \"12155\" }`",
            );
        } else if value.trim().is_empty() || value.trim() != value {
            src.error(
                Code::E003,
                span,
                format!("the `{source}` id is empty or has spaces around it"),
                "write the id exactly as the catalogue has it, e.g. `tmdb = \"12155\"`",
            );
        } else {
            kept.insert(source, value);
        }
    }
    kept
}
