//! The client-side search index: every film, person, critic and publication in one compact
//! JSON file that `search.js` fetches the first time a reader searches.
//!
//! Rows are arrays rather than objects and hold only what a result line shows, so the index
//! of a 20,000-film site stays around a megabyte before compression.

use serde::Serialize;

use crate::aggregate::Site;
use crate::score::Show;

/// A film's row of the index: title, year, slug, score, band.
type FilmRow<'a> = (&'a str, u16, &'a str, Option<u8>, Option<&'static str>);

/// The index: `{"films": [[title, year, slug, score, band]], "critics": [[name, slug]],
/// "people": [[name, slug]], "posters": {slug: file}, "publications": [[name, slug]]}`,
/// films in title order, the others by slug; `score`
/// is the number the site ranks by (Metascore, or % positive on a percent-only site) or
/// null, and `band` the colour its badge takes ("positive", "mixed", "negative") or null.
/// `posters` names the smallest WebP poster in each film's folder, for films that have one
/// (a map, so that a site without posters pays nothing for them).
pub(crate) fn index(site: &Site) -> String {
    /// The index's three lists, in the order of their keys.
    #[derive(Serialize)]
    struct Index<'a> {
        critics: Vec<(&'a str, &'a str)>,
        films: Vec<FilmRow<'a>>,
        people: Vec<(&'a str, &'a str)>,
        posters: std::collections::BTreeMap<&'a str, String>,
        publications: Vec<(&'a str, &'a str)>,
    }
    let scores = &site.config.scores;
    let films = site
        .by_title
        .iter()
        .map(|&i| {
            let e = &site.films[i];
            let (score, band) = match scores.show {
                Show::Percent => (
                    e.stats.percent_positive,
                    e.stats.percent_positive.map(|p| {
                        if p >= scores.fresh {
                            "positive"
                        } else {
                            "negative"
                        }
                    }),
                ),
                Show::Metascore | Show::Both => (
                    e.stats.metascore,
                    e.stats.metascore.map(|m| scores.band(m).as_str()),
                ),
            };
            (
                e.film.title.as_str(),
                e.film.year,
                e.film.slug.as_str(),
                score,
                band,
            )
        })
        .collect();
    let posters = site
        .films
        .iter()
        .filter_map(|e| {
            let poster = e.film.poster.as_ref()?;
            let variants = crate::posters::variants(&e.film.slug, poster);
            let smallest = variants.webp.first().unwrap_or(&variants.fallback);
            let name = smallest.file.rsplit('/').next().unwrap_or_default();
            Some((e.film.slug.as_str(), name.to_string()))
        })
        .collect();
    let index = Index {
        critics: names(&site.critics),
        films,
        people: site
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.slug.as_str()))
            .collect(),
        posters,
        publications: names(&site.publications),
    };
    crate::render::export::script_safe(
        serde_json::to_string(&index).expect("the search index always serialises"),
    )
}

/// Each contributor's name and slug.
fn names<P>(list: &[(crate::aggregate::Contributor, P)]) -> Vec<(&str, &str)> {
    list.iter()
        .map(|(c, _)| (c.name.as_str(), c.slug.as_str()))
        .collect()
}
