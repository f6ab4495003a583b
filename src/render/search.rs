//! The client-side search index: every film, critic and publication in one compact JSON
//! file that `search.js` fetches the first time a reader searches.
//!
//! Rows are arrays rather than objects and hold only what a result line shows, so the index
//! of a 20,000-film site stays around a megabyte before compression.

use serde_json::{Value, json};

use crate::aggregate::Site;
use crate::score::Show;

/// The index: `{"films": [[title, year, slug, score, band]], "critics": [[name, slug]],
/// "publications": [[name, slug]]}`, films in title order; `score` is the number the site
/// ranks by (Metascore, or % positive on a percent-only site) or null, and `band` the colour
/// its badge takes ("positive", "mixed", "negative") or null.
pub fn index(site: &Site) -> String {
    let films: Vec<Value> = site
        .by_title
        .iter()
        .map(|&i| {
            let e = &site.films[i];
            let scores = &site.config.scores;
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
            json!([e.film.title, e.film.year, e.film.slug, score, band])
        })
        .collect();
    let critics: Vec<Value> = site
        .critics
        .iter()
        .map(|(c, _)| json!([c.name, c.slug]))
        .collect();
    let publications: Vec<Value> = site
        .publications
        .iter()
        .map(|(c, _)| json!([c.name, c.slug]))
        .collect();
    crate::render::export::script_safe(
        json!({"films": films, "critics": critics, "publications": publications}).to_string(),
    )
}
