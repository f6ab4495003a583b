//! schema.org structured data (JSON-LD) for film pages: a `Movie` with its reviews as
//! `CriticReview`s, so search engines can show them.
//!
//! Google's guidelines forbid marking up ratings aggregated from other websites as
//! `AggregateRating`, which is what a Metascore is; that block is written only when the site
//! sets `aggregate_rating_markup = true` (see docs/configuration.md).

use serde::Serialize;

use crate::aggregate::FilmEntry;

/// A `Movie`. Fields are in name order, as a JSON object's keys were before: the output is
/// pinned byte for byte.
#[derive(Serialize)]
struct Movie<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actor: Vec<Named<'a>>,
    #[serde(rename = "aggregateRating", skip_serializing_if = "Option::is_none")]
    aggregate_rating: Option<AggregateRating>,
    #[serde(rename = "countryOfOrigin", skip_serializing_if = "Option::is_none")]
    country_of_origin: Option<Named<'a>>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    director: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    genre: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    review: Vec<CriticReview<'a>>,
    url: &'a str,
}

/// A `Person`, `Organization` or `Country`: a type and a name.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// One review of the film.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct CriticReview<'a> {
    /// None for a review whose source gives no byline: nobody is named rather than a guess.
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    #[serde(rename = "reviewRating", skip_serializing_if = "Option::is_none")]
    review_rating: Option<Rating>,
    url: String,
}

/// A review's score out of 100.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct Rating {
    #[serde(rename = "bestRating")]
    best_rating: u8,
    #[serde(rename = "ratingValue")]
    rating_value: u8,
    #[serde(rename = "worstRating")]
    worst_rating: u8,
}

/// The Metascore, written only when the site asks for it.
#[derive(Serialize)]
#[serde(tag = "@type")]
struct AggregateRating {
    #[serde(rename = "bestRating")]
    best_rating: u8,
    #[serde(rename = "ratingCount")]
    rating_count: usize,
    #[serde(rename = "ratingValue")]
    rating_value: u8,
    #[serde(rename = "worstRating")]
    worst_rating: u8,
}

/// How many of a film's reviews its structured data lists: the best-scored ones, which the
/// page shows first. Search engines read a few; every review listed costs each film page
/// about 400 bytes, which across a large catalogue is a noticeable share of the whole site.
pub const REVIEWS_LISTED: usize = 5;

/// The JSON-LD of a film page, ready to sit inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` are escaped so no text can end the script element.
/// `film_url` is the page's absolute URL and `image` the poster's; `reviews` is how many
/// reviews the page shows (the first ones in the film's order), whose cards it links to;
/// `staff` names an uncredited review's author, in the site's language.
pub(crate) fn film<'a>(
    entry: &'a FilmEntry,
    staff: &'a str,
    film_url: &'a str,
    image: Option<&'a str>,
    aggregate_rating: bool,
    reviews: usize,
) -> String {
    let film = &entry.film;
    let named = |kind, name| Named { kind, name };
    let people = |names: &'a [String]| names.iter().map(|n| named("Person", n)).collect();
    let review = film
        .reviews
        .iter()
        .take(reviews)
        .map(|review| CriticReview {
            author: match (&review.critic, review.byline) {
                (Some(name), _) => Some(named("Person", name)),
                (None, false) => review
                    .publication
                    .as_deref()
                    .map(|p| named("Organization", p)),
                (None, true) => Some(named(
                    "Organization",
                    review.publication.as_deref().unwrap_or(staff),
                )),
            },
            date_published: review.date.map(|d| d.to_string()),
            publisher: review
                .publication
                .as_deref()
                .map(|p| named("Organization", p)),
            review_rating: review.grade.score().map(|score| Rating {
                best_rating: 100,
                rating_value: score,
                worst_rating: 0,
            }),
            // The full review when it is online, else its card on this page.
            url: review.url.clone().unwrap_or_else(|| {
                format!("{film_url}#{}", crate::routes::review_anchor(&review.id))
            }),
        })
        .collect();
    let movie = Movie {
        context: "https://schema.org",
        kind: "Movie",
        actor: people(&film.cast),
        aggregate_rating: entry
            .stats
            .metascore
            .filter(|_| aggregate_rating)
            .map(|metascore| AggregateRating {
                best_rating: 100,
                rating_count: entry.stats.scored,
                rating_value: metascore,
                worst_rating: 0,
            }),
        country_of_origin: film.country.as_deref().map(|c| named("Country", c)),
        date_published: film
            .release_date
            .map_or_else(|| film.year.to_string(), |d| d.to_string()),
        description: &film.summary,
        director: people(&film.directors),
        duration: film.runtime.map(|minutes| format!("PT{minutes}M")),
        genre: &film.genres,
        image,
        in_language: film.language.as_deref(),
        name: &film.title,
        review,
        url: film_url,
    };
    let json = serde_json::to_string(&movie).expect("plain data serialises");
    crate::render::export::script_safe(json)
}
