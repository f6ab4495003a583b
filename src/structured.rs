//! schema.org structured data (JSON-LD) for film pages: a `Movie` with its reviews as
//! `CriticReview`s, so search engines can show them.
//!
//! Google's guidelines forbid marking up ratings aggregated from other websites as
//! `AggregateRating`, which is what a Metascore is; that block is written only when the site
//! sets `aggregate_rating_markup = true` (see the README).

use serde_json::{Value, json};

use crate::site::FilmEntry;

/// The JSON-LD of a film page, ready to sit inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are escaped so no text can end the script element.
/// `film_url` is the page's absolute URL and `image` the poster's.
pub fn film(
    entry: &FilmEntry,
    film_url: &str,
    image: Option<&str>,
    aggregate_rating: bool,
) -> String {
    let film = &entry.film;
    let person = |name: &String| json!({"@type": "Person", "name": name});
    let mut movie = json!({
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": film_url,
        "datePublished": film
            .release_date
            .map_or_else(|| film.year.to_string(), |d| d.to_string()),
    });
    let fields = movie.as_object_mut().expect("an object");
    if let Some(image) = image {
        fields.insert("image".into(), image.into());
    }
    if !film.summary.is_empty() {
        fields.insert("description".into(), film.summary.clone().into());
    }
    if !film.directors.is_empty() {
        fields.insert(
            "director".into(),
            film.directors.iter().map(person).collect(),
        );
    }
    if !film.cast.is_empty() {
        fields.insert("actor".into(), film.cast.iter().map(person).collect());
    }
    if !film.genres.is_empty() {
        fields.insert("genre".into(), film.genres.clone().into());
    }
    if let Some(minutes) = film.runtime {
        fields.insert("duration".into(), format!("PT{minutes}M").into());
    }
    if let Some(country) = &film.country {
        fields.insert(
            "countryOfOrigin".into(),
            json!({"@type": "Country", "name": country}),
        );
    }
    if let Some(language) = &film.language {
        fields.insert("inLanguage".into(), language.clone().into());
    }
    let reviews: Vec<Value> = film
        .reviews
        .iter()
        .enumerate()
        .map(|(i, review)| {
            let mut r = json!({
                "@type": "CriticReview",
                // The full review when it is online, else its card on this page.
                "url": review
                    .url
                    .clone()
                    .unwrap_or_else(|| format!("{film_url}#review-{}", i + 1)),
                "author": match &review.critic {
                    Some(name) => json!({"@type": "Person", "name": name}),
                    None => json!({
                        "@type": "Organization",
                        "name": review.publication.as_deref().unwrap_or("Staff"),
                    }),
                },
            });
            let fields = r.as_object_mut().expect("an object");
            if let Some(p) = &review.publication {
                fields.insert(
                    "publisher".into(),
                    json!({"@type": "Organization", "name": p}),
                );
            }
            if let Some(date) = review.date {
                fields.insert("datePublished".into(), date.to_string().into());
            }
            if let Some(score) = review.grade.score() {
                fields.insert(
                    "reviewRating".into(),
                    json!({"@type": "Rating", "ratingValue": score, "bestRating": 100, "worstRating": 0}),
                );
            }
            r
        })
        .collect();
    if !reviews.is_empty() {
        fields.insert("review".into(), reviews.into());
    }
    if aggregate_rating && let Some(metascore) = entry.stats.metascore {
        fields.insert(
            "aggregateRating".into(),
            json!({
                "@type": "AggregateRating",
                "ratingValue": metascore,
                "bestRating": 100,
                "worstRating": 0,
                "ratingCount": entry.stats.scored,
            }),
        );
    }
    crate::export::script_safe(movie.to_string())
}
