//! The machine-readable export: `/api/films.json` and `/api/films/<slug>.json`.
//!
//! Other tools read these files, so their shape is fixed and documented in docs/pages.md:
//! field names and meanings never change silently.

use serde::Serialize;

use crate::aggregate::{FilmEntry, Site};
use crate::i18n::Strings;

/// Review counts of one film.
#[derive(Serialize)]
struct Counts {
    scored: usize,
    positive: usize,
    mixed: usize,
    negative: usize,
    unscored: usize,
    banded: usize,
}

/// One film in the export.
#[derive(Serialize)]
struct FilmJson<'a> {
    slug: &'a str,
    title: &'a str,
    year: u16,
    url: String,
    metascore: Option<u8>,
    /// The verdict in the site's language ("Generally favorable reviews").
    label: Option<&'a str>,
    percent_positive: Option<u8>,
    counts: Counts,
    /// The editors' consensus, as plain text: in a film's own file, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    consensus: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviews: Option<Vec<ReviewJson<'a>>>,
}

/// One review in a film's export.
#[derive(Serialize)]
struct ReviewJson<'a> {
    critic: Option<&'a str>,
    publication: Option<&'a str>,
    date: Option<String>,
    score: Option<u8>,
    rating: Option<&'a str>,
    assigned: bool,
    band: Option<&'static str>,
    verdict: Option<&'static str>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Index<'a> {
    films: Vec<FilmJson<'a>>,
}

fn film_json<'a>(
    site: &Site,
    strings: &'a Strings,
    entry: &'a FilmEntry,
    with_reviews: bool,
) -> FilmJson<'a> {
    let s = &entry.stats;
    FilmJson {
        slug: &entry.film.slug,
        title: &entry.film.title,
        year: entry.film.year,
        url: format!(
            "{}{}",
            site.config.root_url(),
            crate::routes::film(&entry.film.slug)
        ),
        metascore: s.metascore,
        label: s.label.map(|k| strings.get(k)),
        percent_positive: s.percent_positive,
        counts: Counts {
            scored: s.scored,
            positive: s.positive,
            mixed: s.mixed,
            negative: s.negative,
            unscored: s.unscored,
            banded: s.banded,
        },
        consensus: with_reviews
            .then_some(entry.film.consensus.as_ref())
            .flatten()
            .map(|c| c.text.as_str()),
        reviews: with_reviews.then(|| {
            entry
                .film
                .reviews
                .iter()
                .zip(&entry.bands)
                .map(|(r, band)| ReviewJson {
                    critic: r.critic.as_deref(),
                    publication: r.publication.as_deref(),
                    date: r.date.map(|d| d.to_string()),
                    score: r.grade.score(),
                    rating: r.grade.rating(),
                    assigned: r.assigned,
                    band: band.map(|b| b.as_str()),
                    verdict: r.verdict.map(|v| v.as_str()),
                    url: r.url.as_deref(),
                })
                .collect()
        }),
    }
}

/// `/api/films.json`: every film without its reviews, ordered by slug, from each film's
/// [`index_entry`] (made once per film and kept while other films change); the text is
/// exactly `to_json` of the whole index.
pub(crate) fn films_index<'a>(entries: impl ExactSizeIterator<Item = &'a str>) -> String {
    if entries.len() == 0 {
        return to_json(&Index { films: Vec::new() });
    }
    let entries: Vec<&str> = entries.collect();
    let mut text = String::with_capacity(entries.iter().map(|f| f.len() + 2).sum::<usize>() + 32);
    text.push_str("{\n  \"films\": [\n");
    text.push_str(&entries.join(",\n"));
    text.push_str("\n  ]\n}\n");
    text
}

/// One film's part of `/api/films.json`, indented as it stands in the whole.
pub(crate) fn index_entry(site: &Site, strings: &Strings, entry: &FilmEntry) -> String {
    let text = serde_json::to_string_pretty(&film_json(site, strings, entry, false))
        .expect("export structs always serialise");
    let mut indented = String::with_capacity(text.len() + 256);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            indented.push('\n');
        }
        indented.push_str("    ");
        indented.push_str(line);
    }
    script_safe(indented)
}

/// `/api/films/<slug>.json`: one film with its reviews in page order.
pub(crate) fn film(site: &Site, strings: &Strings, index: usize) -> String {
    to_json(&film_json(site, strings, &site.films[index], true))
}

/// Pretty JSON made [`script_safe`].
fn to_json<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).expect("export structs always serialise");
    let mut text = script_safe(text);
    text.push('\n');
    text
}

/// JSON text with `<`, `>` and `&` escaped as `\u003c` and so on: the same value, and safe
/// even inside a `<script>` element, whatever strings it holds.
pub(crate) fn script_safe(mut text: String) -> String {
    if text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        text = text
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Content, Film};

    #[test]
    fn the_index_made_of_entries_is_the_index_serialised_whole() {
        let films = (0..3)
            .map(|i| Film::example(&format!("f-{i}"), &format!("F <{i}>"), 2001, vec![]))
            .collect();
        let site = crate::aggregate::build(
            crate::config::Config::default(),
            Content {
                films,
                ..Content::default()
            },
        );
        let en = Strings::built_in("en");
        let whole = to_json(&Index {
            films: site
                .films
                .iter()
                .map(|e| film_json(&site, &en, e, false))
                .collect(),
        });
        let entries: Vec<String> = site
            .films
            .iter()
            .map(|e| index_entry(&site, &en, e))
            .collect();
        assert_eq!(films_index(entries.iter().map(String::as_str)), whole);
        assert_eq!(films_index(std::iter::empty()), "{\n  \"films\": []\n}\n");
    }
}
