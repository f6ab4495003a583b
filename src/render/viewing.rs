//! The views templates receive, made from the site index: film cards, review cards, critics
//! and publications, taxonomies and terms.

use super::renderer::{Renderer, Who};
use super::views::*;
use crate::aggregate::taxonomy::{Taxonomy, TaxonomyKind, Term};
use crate::aggregate::{Contributor, FilmEntry, ReviewRef};
use crate::i18n::Arg;
use crate::routes;

impl<'a> Renderer<'a> {
    /// A meta description for a film without a synopsis, from its numbers.
    pub(super) fn film_description(&self, entry: &FilmEntry) -> String {
        let film = &entry.film;
        let strings = self.shared.strings;
        let n = film.reviews.len() as u64;
        let args = [
            ("title", Arg::Text(&film.title)),
            ("year", Arg::from(film.year)),
        ];
        match (entry.stats.metascore, entry.stats.label) {
            (Some(m), Some(label)) => strings.count(
                "film.description",
                n,
                &[
                    args[0],
                    args[1],
                    ("metascore", Arg::from(m)),
                    ("label", Arg::Text(strings.get(label))),
                ],
            ),
            _ => strings.count("film.description_unscored", n, &args),
        }
    }

    pub(super) fn term_view(&self, t: &Taxonomy, term: &'a Term) -> TermView<'a> {
        TermView {
            name: &term.name,
            url: self.shared.url(&routes::term(t.key(), &term.slug)),
            films: term.films.len(),
            person_url: (t.kind == TaxonomyKind::Directors)
                .then(|| self.person_link(&term.name).url)
                .flatten(),
        }
    }

    /// A link to the page of the person `name`, when they have one (a cast member has none
    /// under `[publish] cast_pages = false`).
    pub(super) fn person_link(&self, name: &'a str) -> Link<'a> {
        let slug = crate::content::model::slugify(name);
        let people = &self.shared.site.people;
        let has_page = people
            .binary_search_by(|p| p.slug.as_str().cmp(&slug))
            .is_ok();
        Link {
            name,
            url: has_page.then(|| self.shared.url(&routes::person(&slug))),
        }
    }

    /// A link to the term page of `value` in the taxonomy `key`.
    pub(super) fn term_link(&self, key: &str, value: &'a str) -> Link<'a> {
        let slug = crate::content::model::slugify(value);
        Link {
            name: value,
            url: (!slug.is_empty()).then(|| self.shared.url(&routes::term(key, &slug))),
        }
    }

    pub(super) fn film_card(&self, index: usize) -> FilmCard<'a> {
        let entry = &self.shared.site.films[index];
        let stats = &entry.stats;
        FilmCard {
            slug: &entry.film.slug,
            title: &entry.film.title,
            year: entry.film.year,
            url: self.shared.url(&routes::film(&entry.film.slug)),
            metascore: stats.metascore,
            label: stats.label.map(|k| self.shared.strings.get(k)),
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
            draft: entry.film.draft,
            poster: self.shared.texts[index].poster.as_ref(),
            meta: self.card_meta(index),
        }
    }

    /// The line under a film's title in a list, in the site's language: "Generally
    /// favorable reviews · 11 critics · 82% positive". Made here rather than by the
    /// template: a large site shows hundreds of thousands of cards.
    fn card_meta(&self, index: usize) -> String {
        let strings = self.shared.strings;
        let entry = &self.shared.site.films[index];
        let stats = &entry.stats;
        let freshness = || {
            strings.get(match stats.freshness {
                Some("Fresh") => "verdict.fresh",
                _ => "verdict.rotten",
            })
        };
        let show = self.shared.site.config.scores.show;
        if show == crate::score::Show::Percent {
            return match stats.percent_positive {
                None => strings.get("card.no_percent").to_string(),
                Some(percent) => strings.count(
                    "card.percent",
                    stats.banded as u64,
                    &[
                        ("freshness", Arg::Text(freshness())),
                        ("percent", Arg::from(percent)),
                    ],
                ),
            };
        }
        let mut meta = match stats.label {
            None => strings.count("card.no_metascore", entry.film.reviews.len() as u64, &[]),
            Some(label) => strings.count(
                "card.critics",
                stats.scored as u64,
                &[("label", Arg::Text(strings.get(label)))],
            ),
        };
        if let (crate::score::Show::Both, Some(percent)) = (show, stats.percent_positive) {
            meta.push_str(&strings.format("card.and_percent", &[("percent", Arg::from(percent))]));
        }
        meta
    }

    pub(super) fn film_view(&self, index: usize) -> FilmView<'a> {
        let entry = &self.shared.site.films[index];
        let film = &entry.film;
        let scores = &self.shared.site.config.scores;
        FilmView {
            card: self.film_card(index),
            release_date: film.release_date.map(|d| d.written(self.shared.strings)),
            release_date_iso: film.release_date.map(|d| d.to_string()),
            year_url: self.shared.url(&format!("years/{}/", film.year)),
            directors: film.directors.iter().map(|d| self.person_link(d)).collect(),
            cast: film.cast.iter().map(|c| self.person_link(c)).collect(),
            writers: film.writers.iter().map(|w| self.person_link(w)).collect(),
            composers: film.composers.iter().map(|c| self.person_link(c)).collect(),
            genres: film
                .genres
                .iter()
                .map(|g| self.term_link("genres", g))
                .collect(),
            runtime: film.runtime,
            ids: &film.ids,
            country: film
                .country
                .as_deref()
                .map(|c| self.term_link("countries", c)),
            language: film
                .language
                .as_deref()
                .map(|l| self.term_link("languages", l)),
            poster_url: self.shared.texts[index]
                .poster
                .as_ref()
                .map(|p| p.src.clone()),
            synopsis_html: &film.synopsis_html,
            consensus_html: film.consensus.as_ref().map(|c| c.html.as_str()),
            top: entry.top_stats.as_ref().map(|s| TopView {
                reviews: entry.top.iter().filter(|t| **t).count(),
                metascore: s.metascore,
                label: s.label.map(|k| self.shared.strings.get(k)),
                band: s
                    .metascore
                    .map_or("tbd", |m| crate::score::metascore_band(m).as_str()),
                scored: s.scored,
                needed: s.needed,
                percent_positive: s.percent_positive,
                freshness: s.freshness,
                positive: s.positive,
                mixed: s.mixed,
                negative: s.negative,
                banded: s.banded,
            }),
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
            distribution_svg: super::charts::distribution(
                self.shared.strings,
                film.reviews.iter().filter_map(|r| {
                    Some((r.grade.score()?, crate::aggregate::film::band(r, scores)?))
                }),
            ),
            timeline_svg: super::charts::timeline(
                self.shared.strings,
                &self.shared.site.timeline(index),
            ),
        }
    }

    pub(super) fn review(&self, (f, r): ReviewRef) -> ReviewView<'a> {
        let entry = &self.shared.site.films[f];
        let review = &entry.film.reviews[r];
        let text = &self.shared.texts[f].reviews[r];
        ReviewView {
            critic: review.critic.as_deref(),
            critic_url: text.critic_url.as_deref(),
            publication: review.publication.as_deref(),
            publication_url: text.publication_url.as_deref(),
            date: text.date.as_deref(),
            date_iso: text.date_iso.as_deref(),
            score: review.grade.score(),
            rating: review.grade.rating(),
            rated: text.rated.as_deref(),
            read_full: text.read_full.as_deref(),
            assigned: review.assigned,
            byline: review.byline,
            band: entry.bands[r].map(|b| b.as_str()),
            top_critic: entry.top[r],
            language: review.language.as_deref(),
            verdict: review.verdict.map(|b| b.as_str()),
            excerpt_html: &review.excerpt_html,
            url: review.url.as_deref(),
            film: &self.shared.texts[f].film_ref,
            anchor: &text.anchor,
            card_url: &text.card_url,
            draft: review.draft,
        }
    }

    pub(super) fn contributor_count(&self, who: Who) -> usize {
        match who {
            Who::Critics => self.shared.site.critics.len(),
            Who::Publications => self.shared.site.publications.len(),
        }
    }

    pub(super) fn contributor_entry(&self, who: Who, index: usize) -> &'a Contributor {
        match who {
            Who::Critics => &self.shared.site.critics[index].0,
            Who::Publications => &self.shared.site.publications[index].0,
        }
    }

    /// The view of one critic or publication, with what its profile adds.
    pub(super) fn contributor_view(&self, who: Who, index: usize) -> ContributorView<'a> {
        let strings = self.shared.strings;
        let (publication, website, weight_milli, about_html) = match who {
            Who::Critics => {
                let p = self.shared.site.critics[index].1.as_ref();
                (
                    p.and_then(|p| p.publication.as_deref()),
                    p.and_then(|p| p.url.as_deref()),
                    None,
                    p.map(|p| p.bio_html.as_str()),
                )
            }
            Who::Publications => {
                let p = self.shared.site.publications[index].1.as_ref();
                (
                    None,
                    p.and_then(|p| p.url.as_deref()),
                    p.map(|p| p.weight_milli),
                    p.map(|p| p.about_html.as_str()),
                )
            }
        };
        let top = who == Who::Critics
            && self.shared.site.critics[index]
                .1
                .as_ref()
                .is_some_and(|p| p.top);
        let c = self.contributor_entry(who, index);
        ContributorView {
            slug: &c.slug,
            top,
            name: &c.name,
            url: self
                .shared
                .url(&format!("{}{}/", who.names().folder, c.slug)),
            reviews: c.reviews.len(),
            scored: c.scored,
            average: c.average.map(|a| strings.decimal(a, 1)),
            versus_metascore: c.versus_metascore.map(|d| {
                let magnitude = strings.decimal(d.abs(), 1);
                if d > 0.0 {
                    format!("+{magnitude}")
                } else if d < 0.0 {
                    format!("{}{magnitude}", strings.get("number.minus"))
                } else {
                    magnitude
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
            publication_url: publication.map(|p| {
                self.shared
                    .url(&routes::publication(&crate::content::model::slugify(p)))
            }),
            website,
            weight: weight_milli
                .filter(|&w| w != 1000)
                .map(|w| strings.number(f64::from(w) / 1000.0)),
            about_html: about_html.filter(|h| !h.trim().is_empty()),
        }
    }
}
