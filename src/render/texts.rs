//! The display strings of each film and its reviews (URLs, dates, anchors, the poster's
//! sources, the JSON export's index entry): made once per build, since each review appears
//! on three pages, and kept between incremental rebuilds, where only a changed film's are
//! made again.

use rayon::prelude::*;
use tera::Value;

use super::export;
use super::views::{FilmRef, PosterView};
use crate::aggregate::Site;
use crate::i18n::{Arg, Strings};
use crate::routes;

/// The strings a review card needs that are derived from the review, made once per review.
pub(crate) struct ReviewText {
    pub(super) critic_url: Option<String>,
    pub(super) publication_url: Option<String>,
    pub(super) date: Option<String>,
    pub(super) date_iso: Option<String>,
    pub(super) anchor: String,
    pub(super) card_url: String,
    /// "Rated 3.5/4 by the critic", for a review with a rating.
    pub(super) rated: Option<String>,
    /// What the "Read full review" link says to screen readers after it: " of Pusher by
    /// Noel Murray", for a review with an address.
    pub(super) read_full: Option<String>,
}

/// A film's URL, its reviews' display strings and its entry in the JSON export's index.
pub(crate) struct FilmText {
    pub(super) url: String,
    pub(super) poster: Option<PosterView>,
    /// The film as its review cards name it, as a template value: made once and shared by
    /// every card (on the film's, critics' and publications' pages) rather than made again
    /// for each of them.
    pub(super) film_ref: Value,
    pub(super) reviews: Vec<ReviewText>,
    pub(super) index_entry: String,
}

/// The [`FilmText`] of film `index` of `site`.
pub(super) fn film_texts(site: &Site, strings: &Strings, index: usize) -> FilmText {
    let (base, per) = (site.config.base_path(), site.config.per_page);
    let entry = &site.films[index];
    let url = format!("{base}{}", routes::film(&entry.film.slug));
    let reviews = entry
        .film
        .reviews
        .iter()
        .enumerate()
        .map(|(r, review)| ReviewText {
            card_url: [
                base.as_str(),
                &routes::review_card(&entry.film.slug, r / per + 1, &review.id),
            ]
            .concat(),
            critic_url: review
                .critic_slug
                .as_ref()
                .map(|c| [base.as_str(), &routes::critic(c)].concat()),
            publication_url: review
                .publication_slug
                .as_ref()
                .map(|p| [base.as_str(), &routes::publication(p)].concat()),
            date: review.date.map(|d| d.written(strings)),
            date_iso: review.date.map(|d| d.to_string()),
            anchor: routes::review_anchor(&review.id),
            rated: review
                .grade
                .rating()
                .map(|rating| strings.format("review.rated", &[("rating", Arg::Text(rating))])),
            read_full: review.url.as_ref().map(|_| match &review.critic {
                Some(critic) => strings.format(
                    "review.read_full_hidden_by",
                    &[
                        ("title", Arg::Text(&entry.film.title)),
                        ("critic", Arg::Text(critic)),
                    ],
                ),
                None => strings.format(
                    "review.read_full_hidden",
                    &[("title", Arg::Text(&entry.film.title))],
                ),
            }),
        })
        .collect();
    let poster = entry
        .film
        .poster
        .as_ref()
        .map(|p| poster_view(&base, &entry.film.slug, p));
    let film_ref = Value::from_serializable(&FilmRef {
        title: &entry.film.title,
        year: entry.film.year,
        url: &url,
        poster: poster.as_ref(),
    });
    FilmText {
        poster,
        film_ref,
        url,
        reviews,
        index_entry: export::index_entry(site, strings, entry),
    }
}

/// The poster `poster` of film `slug` as pages show it, with URLs under `base`.
fn poster_view(base: &str, slug: &str, poster: &crate::posters::Poster) -> PosterView {
    let variants = crate::posters::variants(slug, poster);
    let srcset = variants
        .webp
        .iter()
        .map(|v| format!("{base}{} {}w", v.file, v.width))
        .collect::<Vec<_>>()
        .join(", ");
    let fallback = &variants.fallback;
    let (width, height) = match (fallback.width, fallback.height) {
        (0, _) | (_, 0) => (2, 3),
        size => size,
    };
    PosterView {
        src: format!("{base}{}", fallback.file),
        thumb: format!("{base}{}", variants.webp.first().unwrap_or(fallback).file),
        srcset,
        width,
        height,
    }
}

/// Per film, the display strings of its reviews and its entry in the JSON export's index:
/// made once per build (each review appears on three pages) and kept between incremental
/// rebuilds, where only the changed film's are remade.
pub struct Texts(pub(super) Vec<FilmText>);

impl Texts {
    /// No strings at all: for the parts of rendering that need only paths.
    pub(super) fn empty() -> Texts {
        Texts(Vec::new())
    }

    /// The strings of every film of `site`, in the language of `strings`, made in parallel.
    pub fn new(site: &Site, strings: &Strings) -> Texts {
        Texts(
            (0..site.films.len())
                .into_par_iter()
                .map(|i| film_texts(site, strings, i))
                .collect(),
        )
    }

    /// Remakes the strings of film `film` after it changed.
    pub fn update(&mut self, site: &Site, strings: &Strings, film: usize) {
        self.0[film] = film_texts(site, strings, film);
    }
}
