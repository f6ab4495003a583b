//! The views templates get: small serialisable structs borrowing from the [`Site`], and the
//! renderer's methods that make them. docs/templates.md documents them field by
//! field, so their names are a public interface.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Renderer, Who};
use crate::aggregate::taxonomy::{Taxonomy, Term};
use crate::aggregate::{Contributor, FilmEntry, ReviewRef};
use crate::routes;
use crate::score::Show;

/// Site-wide values every template gets as `site`.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) base_path: String,
    pub(super) root_url: String,
    pub(super) film_count: usize,
    pub(super) review_count: usize,
    pub(super) critic_count: usize,
    pub(super) publication_count: usize,
    /// Which numbers to show: "metascore", "percent" or "both".
    pub(super) show: Show,
    /// Banded reviews a film needs for a % positive.
    pub(super) percent_positive_min_reviews: u32,
    /// The URL of each static file by its name in `static/`: stylesheets and scripts carry a
    /// hash of their contents (`style.1a2b3c4d5e6f7a8b.css`) so hosts may cache them forever.
    pub(super) assets: BTreeMap<String, String>,
    /// The URLs in `assets` that carry a hash, in name order: safe to cache forever. (Tera
    /// iterates maps in no fixed order, so templates that list assets use this.)
    pub(super) hashed_assets: Vec<String>,
    /// The taxonomies with at least one term, for navigation.
    pub(super) taxonomies: Vec<TaxonomyView>,
}

/// What every template gets as `page`.
#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) title: String,
    pub(super) path: String,
    pub(super) url: String,
    /// The meta description: the film's synopsis, else a sentence made from the page's data,
    /// else the site's description.
    pub(super) description: String,
    /// Absolute URL of the page's preview image (a film's poster).
    pub(super) image: Option<String>,
    /// Open Graph type: "video.movie" on film pages, "website" elsewhere.
    pub(super) og_type: &'static str,
    /// The page's own Atom feed, when it has one.
    pub(super) feed: Option<String>,
    /// The schema.org JSON-LD of a film page, already escaped for a script element.
    pub(super) json_ld: Option<String>,
    /// The previous and next pages of a paginated list.
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
}

/// What a page adds to its `page` view beyond its path and title.
pub(super) struct Head {
    pub(super) description: Option<String>,
    pub(super) image: Option<String>,
    pub(super) og_type: &'static str,
    pub(super) feed: Option<String>,
    pub(super) json_ld: Option<String>,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            description: None,
            image: None,
            og_type: "website",
            feed: None,
            json_ld: None,
        }
    }
}

/// A name that may link to its page.
#[derive(Serialize)]
pub(super) struct Link<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
}

/// A taxonomy as its pages show it.
#[derive(Serialize)]
pub(super) struct TaxonomyView {
    pub(super) key: &'static str,
    pub(super) name: &'static str,
    pub(super) singular: &'static str,
    pub(super) url: String,
    pub(super) count: usize,
}

/// One term of a taxonomy.
#[derive(Serialize)]
pub(super) struct TermView<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) films: usize,
}

/// A "best of" list in the lists' navigation.
#[derive(Serialize)]
pub(super) struct BestLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) current: bool,
}

/// The "best of" lists of one kind: all time, by year, by genre.
#[derive(Serialize)]
pub(super) struct BestGroup<'a> {
    pub(super) label: &'static str,
    pub(super) lists: Vec<BestLink<'a>>,
}

/// One page of the films by title, for the search page's plain list.
#[derive(Serialize)]
pub(super) struct TitlePage<'a> {
    pub(super) url: String,
    pub(super) first: &'a str,
    pub(super) last: &'a str,
}

/// A film as listings show it.
#[derive(Serialize)]
pub(super) struct FilmCard<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) year: u16,
    pub(super) url: String,
    pub(super) metascore: Option<u8>,
    pub(super) label: Option<&'static str>,
    pub(super) band: &'static str,
    pub(super) scored: usize,
    pub(super) needed: usize,
    pub(super) reviews: usize,
    pub(super) percent_positive: Option<u8>,
    pub(super) freshness: Option<&'static str>,
    pub(super) banded: usize,
    pub(super) must_see: bool,
}

/// A film with everything its page shows.
#[derive(Serialize)]
pub(super) struct FilmView<'a> {
    #[serde(flatten)]
    pub(super) card: FilmCard<'a>,
    pub(super) release_date: Option<String>,
    pub(super) release_date_iso: Option<String>,
    pub(super) year_url: String,
    pub(super) directors: Vec<Link<'a>>,
    pub(super) cast: &'a [String],
    pub(super) genres: Vec<Link<'a>>,
    pub(super) runtime: Option<u32>,
    pub(super) country: Option<Link<'a>>,
    pub(super) language: Option<Link<'a>>,
    pub(super) poster_url: Option<String>,
    pub(super) synopsis_html: &'a str,
    pub(super) positive: usize,
    pub(super) mixed: usize,
    pub(super) negative: usize,
    pub(super) unscored: usize,
    /// Unscored reviews that still have a band, from their verdict.
    pub(super) verdict_only: usize,
}

/// A film named on a review card shown away from the film's page.
#[derive(Serialize)]
pub(super) struct FilmRef<'a> {
    pub(super) title: &'a str,
    pub(super) year: u16,
    pub(super) url: &'a str,
}

/// One review card.
#[derive(Serialize)]
pub(super) struct ReviewView<'a> {
    pub(super) critic: Option<&'a str>,
    pub(super) critic_url: Option<&'a str>,
    pub(super) publication: Option<&'a str>,
    pub(super) publication_url: Option<&'a str>,
    pub(super) date: Option<&'a str>,
    pub(super) date_iso: Option<&'a str>,
    pub(super) score: Option<u8>,
    pub(super) rating: Option<&'a str>,
    pub(super) assigned: bool,
    pub(super) band: Option<&'static str>,
    pub(super) verdict: Option<&'static str>,
    pub(super) excerpt_html: &'a str,
    pub(super) url: Option<&'a str>,
    pub(super) film: FilmRef<'a>,
    pub(super) anchor: &'a str,
}

/// A critic or publication as listings and its own page show it.
#[derive(Serialize)]
pub(super) struct ContributorView<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) reviews: usize,
    pub(super) scored: usize,
    pub(super) average: Option<String>,
    pub(super) versus_metascore: Option<String>,
    pub(super) compared: usize,
    pub(super) agreements: usize,
    pub(super) judged: usize,
    pub(super) agreement_percent: Option<u8>,
    /// Critics: the profile's publication. Publications: none.
    pub(super) publication: Option<&'a str>,
    pub(super) publication_url: Option<String>,
    pub(super) website: Option<&'a str>,
    pub(super) weight: Option<String>,
    pub(super) about_html: Option<&'a str>,
}

/// Links to the pages of a paginated list.
#[derive(Serialize)]
pub(super) struct Pager {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) first: String,
    pub(super) last: String,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(super) struct PageLink {
    pub(super) number: usize,
    pub(super) url: String,
    pub(super) current: bool,
}

/// One of the orders of the film listing.
#[derive(Serialize)]
pub(super) struct OrderLink {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) url: String,
    pub(super) current: bool,
}

impl<'a> Renderer<'a> {
    /// A meta description for a film without a synopsis, from its numbers.
    pub(super) fn film_description(&self, entry: &FilmEntry) -> String {
        let film = &entry.film;
        let n = film.reviews.len();
        let reviews = format!("{n} critic review{}", if n == 1 { "" } else { "s" });
        match (entry.stats.metascore, entry.stats.label) {
            (Some(m), Some(label)) => format!(
                "{} ({}): Metascore {m}, {} - {reviews}.",
                film.title,
                film.year,
                label.to_lowercase()
            ),
            _ => format!("{} ({}): {reviews}.", film.title, film.year),
        }
    }

    pub(super) fn taxonomy_view(&self, t: &Taxonomy) -> TaxonomyView {
        TaxonomyView {
            key: t.key(),
            name: t.kind.name(),
            singular: t.singular(),
            url: self.url(&routes::terms(t.key())),
            count: t.terms.len(),
        }
    }

    pub(super) fn term_view(&self, t: &Taxonomy, term: &'a Term) -> TermView<'a> {
        TermView {
            name: &term.name,
            url: self.url(&routes::term(t.key(), &term.slug)),
            films: term.films.len(),
        }
    }

    /// A link to the term page of `value` in the taxonomy `key`.
    pub(super) fn term_link(&self, key: &str, value: &'a str) -> Link<'a> {
        let slug = crate::content::model::slugify(value);
        Link {
            name: value,
            url: (!slug.is_empty()).then(|| self.url(&routes::term(key, &slug))),
        }
    }

    pub(super) fn film_card(&self, entry: &'a FilmEntry) -> FilmCard<'a> {
        let stats = &entry.stats;
        FilmCard {
            slug: &entry.film.slug,
            title: &entry.film.title,
            year: entry.film.year,
            url: self.url(&routes::film(&entry.film.slug)),
            metascore: stats.metascore,
            label: stats.label,
            band: stats
                .metascore
                .map_or("tbd", |m| crate::score::metascore_band(m).as_str()),
            scored: stats.scored,
            needed: stats.needed,
            reviews: entry.film.reviews.len(),
            percent_positive: stats.percent_positive,
            freshness: stats.freshness,
            banded: stats.banded,
            must_see: stats.must_see,
        }
    }

    pub(super) fn film_view(&self, entry: &'a FilmEntry) -> FilmView<'a> {
        let film = &entry.film;
        FilmView {
            card: self.film_card(entry),
            release_date: film.release_date.map(|d| d.human()),
            release_date_iso: film.release_date.map(|d| d.to_string()),
            year_url: self.url(&format!("years/{}/", film.year)),
            directors: film
                .directors
                .iter()
                .map(|d| self.term_link("directors", d))
                .collect(),
            cast: &film.cast,
            genres: film
                .genres
                .iter()
                .map(|g| self.term_link("genres", g))
                .collect(),
            runtime: film.runtime,
            country: film
                .country
                .as_deref()
                .map(|c| self.term_link("countries", c)),
            language: film
                .language
                .as_deref()
                .map(|l| self.term_link("languages", l)),
            poster_url: film
                .poster
                .as_ref()
                .map(|p| self.url(&routes::film_file(&film.slug, p))),
            synopsis_html: &film.synopsis_html,
            positive: entry.stats.positive,
            mixed: entry.stats.mixed,
            negative: entry.stats.negative,
            unscored: entry.stats.unscored,
            verdict_only: entry
                .film
                .reviews
                .iter()
                .filter(|r| r.grade.score().is_none() && r.verdict.is_some())
                .count(),
        }
    }

    pub(super) fn review(&self, (f, r): ReviewRef) -> ReviewView<'a> {
        let entry = &self.site.films[f];
        let review = &entry.film.reviews[r];
        let (film_url, texts) = &self.texts[f];
        let text = &texts[r];
        ReviewView {
            critic: review.critic.as_deref(),
            critic_url: text.critic_url.as_deref(),
            publication: review.publication.as_deref(),
            publication_url: text.publication_url.as_deref(),
            date: text.date.as_deref(),
            date_iso: text.date_iso.as_deref(),
            score: review.grade.score(),
            rating: review.grade.rating(),
            assigned: review.assigned,
            band: entry.bands[r].map(|b| b.as_str()),
            verdict: review.verdict.map(|b| b.as_str()),
            excerpt_html: &review.excerpt_html,
            url: review.url.as_deref(),
            film: FilmRef {
                title: &entry.film.title,
                year: entry.film.year,
                url: film_url,
            },
            anchor: &text.anchor,
        }
    }

    pub(super) fn contributor_count(&self, who: Who) -> usize {
        match who {
            Who::Critics => self.site.critics.len(),
            Who::Publications => self.site.publications.len(),
        }
    }

    pub(super) fn contributor_entry(&self, who: Who, index: usize) -> &'a Contributor {
        match who {
            Who::Critics => &self.site.critics[index].0,
            Who::Publications => &self.site.publications[index].0,
        }
    }

    /// The view of one critic or publication, with what its profile adds.
    pub(super) fn contributor_view(&self, who: Who, index: usize) -> ContributorView<'a> {
        let (publication, website, weight_milli, about_html) = match who {
            Who::Critics => {
                let p = self.site.critics[index].1.as_ref();
                (
                    p.and_then(|p| p.publication.as_deref()),
                    p.and_then(|p| p.url.as_deref()),
                    None,
                    p.map(|p| p.bio_html.as_str()),
                )
            }
            Who::Publications => {
                let p = self.site.publications[index].1.as_ref();
                (
                    None,
                    p.and_then(|p| p.url.as_deref()),
                    p.map(|p| p.weight_milli),
                    p.map(|p| p.about_html.as_str()),
                )
            }
        };
        let c = self.contributor_entry(who, index);
        ContributorView {
            slug: &c.slug,
            name: &c.name,
            url: self.url(&format!("{}{}/", who.names().0, c.slug)),
            reviews: c.reviews.len(),
            scored: c.scored,
            average: c.average.map(|a| format!("{a:.1}")),
            versus_metascore: c.versus_metascore.map(|d| {
                if d > 0.0 {
                    format!("+{d:.1}")
                } else if d < 0.0 {
                    format!("\u{2212}{:.1}", -d)
                } else {
                    "0.0".into()
                }
            }),
            compared: c.compared,
            agreements: c.agreements,
            judged: c.judged,
            agreement_percent: (c.judged > 0).then(|| {
                crate::score::round_half_up_ratio(100 * c.agreements as u128, c.judged as u128)
                    as u8
            }),
            publication,
            publication_url: publication
                .map(|p| self.url(&routes::publication(&crate::content::model::slugify(p)))),
            website,
            weight: weight_milli
                .filter(|&w| w != 1000)
                .map(|w| format!("{}", f64::from(w) / 1000.0)),
            about_html: about_html.filter(|h| !h.trim().is_empty()),
        }
    }
}
