//! The whole-site index: every film with its aggregates, every critic and publication with
//! the reviews they wrote, and the orders the listings need.
//!
//! This is where the numbers are decided; rendering only shows them. Critics and publications
//! refer to reviews by index rather than copying them, so a review's data exists once however
//! many pages list it.
//!
//! Stage 2 of 4. Receives the [`Content`] and the [`Config`]; hands on a [`Site`]: films with
//! their numbers (`film`), critics and publications (`contributors`), taxonomies, best-of
//! lists, and (from `lint`, on the content) the problems that span several files.

pub(crate) mod best;
pub(crate) mod contributors;
pub(crate) mod film;
pub(crate) mod lint;
pub(crate) mod people;
pub(crate) mod taxonomy;

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::model::{
    Alias, Content, CriticProfile, Date, Film, FreePage, PublicationProfile, Review,
};
use crate::routes;
use crate::score;
use best::BestList;
use contributors::{attach, contributors, known, recount};
use film::entry;
use taxonomy::Taxonomy;

pub(crate) use contributors::Contributor;
pub(crate) use film::{FilmEntry, FilmStats, ReviewRef};
#[cfg(test)]
use film::{band, consensus, film_stats, review_order};

/// Everything the renderer needs, already computed.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site settings.
    pub config: Config,
    /// Films, sorted by slug.
    pub films: Vec<FilmEntry>,
    /// Critics, sorted by slug, each with an optional profile.
    pub critics: Vec<(Contributor, Option<CriticProfile>)>,
    /// Publications, sorted by slug, each with an optional profile.
    pub publications: Vec<(Contributor, Option<PublicationProfile>)>,
    /// Film indices by Metascore (highest first; "tbd" films last), then title.
    pub by_metascore: Vec<usize>,
    /// Film indices by % positive (highest first; films without one last), then title.
    pub by_percent: Vec<usize>,
    /// Film indices by title, then year.
    pub by_title: Vec<usize>,
    /// Film indices by year (newest first), then title.
    pub by_year: Vec<usize>,
    /// Every dated review, newest first.
    pub latest: Vec<ReviewRef>,
    /// Films grouped by genre, year, director, country and language.
    pub taxonomies: Vec<Taxonomy>,
    /// Every director and cast member (cast members unless `[publish] cast_pages = false`),
    /// sorted by slug, with their films.
    pub(crate) people: Vec<people::Person>,
    /// The "best of" lists that have at least one film.
    pub best: Vec<BestList>,
    /// Free-form pages, sorted by slug.
    pub pages: Vec<FreePage>,
    /// Every alias of a film, page, critic or publication, in that order (each by slug).
    pub redirects: Vec<Redirect>,
}

/// An old address that sends readers on to a page's current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The alias: where the old address is, and how it was written.
    pub alias: Alias,
    /// The output path of the page it sends readers to.
    pub to: String,
    /// The file the alias is written in.
    pub source: std::path::PathBuf,
}

/// The redirects of every alias in the content.
fn redirects(
    films: &[FilmEntry],
    critics: &[(Contributor, Option<CriticProfile>)],
    publications: &[(Contributor, Option<PublicationProfile>)],
    pages: &[FreePage],
) -> Vec<Redirect> {
    let mut out = Vec::new();
    let mut add = |aliases: &[Alias], to: String, source: &std::path::Path| {
        out.extend(aliases.iter().map(|alias| Redirect {
            alias: alias.clone(),
            to: to.clone(),
            source: source.to_path_buf(),
        }));
    };
    for e in films {
        add(&e.film.aliases, routes::film(&e.film.slug), &e.film.source);
    }
    for p in pages {
        add(&p.aliases, routes::page(&p.slug), &p.source);
    }
    for p in critics.iter().filter_map(|(_, p)| p.as_ref()) {
        add(&p.aliases, routes::critic(&p.slug), &p.source);
    }
    for p in publications.iter().filter_map(|(_, p)| p.as_ref()) {
        add(&p.aliases, routes::publication(&p.slug), &p.source);
    }
    out
}

impl Site {
    /// The review a reference points to.
    pub fn review(&self, (film, review): ReviewRef) -> &Review {
        &self.films[film].film.reviews[review]
    }

    /// The Metascore of film `index` as its reviews arrived (see [`film::timeline`]), each
    /// review weighted by its publication as in the Metascore itself.
    pub fn timeline(&self, index: usize) -> Vec<(Date, u8)> {
        let weight = |r: &Review| {
            film::review_weight(r, |slug| publication_weight(&self.publications, slug))
        };
        film::timeline(&self.films[index].film.reviews, &self.config.scores, weight)
    }
}

/// The weight a publication's profile sets (thousandths), by the publication's slug.
fn publication_weight(
    publications: &[(Contributor, Option<PublicationProfile>)],
    slug: &str,
) -> Option<u32> {
    let i = publications
        .binary_search_by(|(c, _)| c.slug.as_str().cmp(slug))
        .ok()?;
    publications[i].1.as_ref().map(|p| p.weight_milli)
}

/// Aggregates validated content into the site index.
pub fn build(config: Config, content: Content) -> Site {
    let weights: HashMap<&str, u32> = content
        .publications
        .iter()
        .map(|p| (p.slug.as_str(), p.weight_milli))
        .collect();
    let top: HashSet<&str> = content
        .critics
        .iter()
        .filter(|c| c.top)
        .map(|c| c.slug.as_str())
        .collect();
    let is_top = |r: &Review| {
        r.top_critic
            || r.critic_slug
                .as_ref()
                .is_some_and(|s| top.contains(s.as_str()))
    };
    let scores = &config.scores;
    let films: Vec<FilmEntry> = content
        .films
        .into_par_iter()
        .map(|film| entry(film, scores, |p| weights.get(p).copied(), is_top))
        .collect();

    // Titles are compared once; every later order breaks ties by this rank.
    let mut by_title: Vec<usize> = (0..films.len()).collect();
    by_title.sort_by_cached_key(|&i| title_key(&films[i].film));
    let title_rank = ranks(&by_title);
    // The three lists of every review are independent: made side by side.
    let ((critics, publications), latest) = rayon::join(
        || {
            rayon::join(
                || contributors(&films, scores, &title_rank, Review::critic_named),
                || contributors(&films, scores, &title_rank, Review::publication_named),
            )
        },
        || {
            let mut latest: Vec<ReviewRef> = films
                .iter()
                .enumerate()
                .flat_map(|(f, e)| (0..e.film.reviews.len()).map(move |r| (f, r)))
                .filter(|&(f, r)| films[f].film.reviews[r].date.is_some())
                .collect();
            sort_latest(&mut latest, &films);
            latest
        },
    );
    let critics = attach(critics, content.critics, |p| (&p.slug, &p.name));
    let publications = attach(publications, content.publications, |p| (&p.slug, &p.name));

    let all: Vec<usize> = (0..films.len()).collect();
    let mut by_metascore = all.clone();
    rank_by(&mut by_metascore, &films, &title_rank, METASCORE);
    let mut by_percent = all;
    rank_by(&mut by_percent, &films, &title_rank, PERCENT);
    let mut by_year: Vec<usize> = by_title.clone();
    by_year.sort_by_key(|&i| std::cmp::Reverse(films[i].film.year));

    let main_order = match config.scores.show {
        score::Show::Percent => &by_percent,
        score::Show::Metascore | score::Show::Both => &by_metascore,
    };
    let film_refs: Vec<&Film> = films.iter().map(|e| &e.film).collect();
    let taxonomies = taxonomy::build(&film_refs, main_order);
    let best = best::build(
        &films,
        main_order,
        &taxonomies,
        config.scores.show,
        config.scores.min_reviews_for_lists,
    );

    let redirects = redirects(&films, &critics, &publications, &content.pages);
    let people = people::build(&films, &by_year, config.publish.cast_pages);
    Site {
        config,
        films,
        critics,
        publications,
        by_metascore,
        by_percent,
        by_title,
        by_year,
        latest,
        taxonomies,
        best,
        people,
        pages: content.pages,
        redirects,
    }
}

/// The position of each film in `order`.
fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (n, &i) in order.iter().enumerate() {
        rank[i] = n;
    }
    rank
}

/// What a ranking sorts by: the number, then how many reviews it rests on.
type RankKey = fn(&FilmStats) -> (Option<u8>, usize);

const METASCORE: RankKey = |s| (s.metascore, s.scored);

const PERCENT: RankKey = |s| (s.percent_positive, s.banded);

/// Sorts film indices highest first, films without the number last, then by title.
fn rank_by(order: &mut [usize], films: &[FilmEntry], title_rank: &[usize], key: RankKey) {
    order.sort_by_key(|&i| (std::cmp::Reverse(key(&films[i].stats)), title_rank[i]));
}

/// Newest first; ties by position, so the order is total.
fn sort_latest(latest: &mut [ReviewRef], films: &[FilmEntry]) {
    sort_by_key(latest, |at| latest_key(films, at));
}

/// What [`sort_latest`] sorts by: newest first; ties by position.
fn latest_key(films: &[FilmEntry], (f, r): ReviewRef) -> (Reverse<Option<Date>>, ReviewRef) {
    (Reverse(films[f].film.reviews[r].date), (f, r))
}

/// The order of [`sort_latest`], for merging into a list so sorted.
fn newer(films: &[FilmEntry]) -> impl Fn(&ReviewRef, &ReviewRef) -> std::cmp::Ordering + '_ {
    move |&a, &b| latest_key(films, a).cmp(&latest_key(films, b))
}

/// Sorts `refs` by `key`, made once per review rather than at each comparison: a key looks
/// its review up in its film, and with hundreds of thousands of reviews those lookups, each
/// likely a cache miss, were most of a sort's time. Every key holds its review's position,
/// so no two are equal and the unstable sort gives the one order there is.
pub(super) fn sort_by_key<K: Ord + Send>(
    refs: &mut [ReviewRef],
    key: impl Fn(ReviewRef) -> K + Sync,
) {
    let mut keyed: Vec<(K, ReviewRef)> = refs.par_iter().map(|&at| (key(at), at)).collect();
    keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (slot, (_, at)) in refs.iter_mut().zip(keyed) {
        *slot = at;
    }
}

/// Merges `added` into `kept`, both sorted by `order`, into one list so sorted. Each added
/// item finds its place by binary search and the rest is copied whole, so a film's few
/// reviews go into a list of the whole site's without comparing them with every other.
pub(super) fn merge_sorted<T: Copy>(
    kept: &[T],
    added: &[T],
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut merged = Vec::with_capacity(kept.len() + added.len());
    let mut rest = kept;
    for item in added {
        let at = rest.partition_point(|old| order(old, item).is_lt());
        merged.extend_from_slice(&rest[..at]);
        merged.push(*item);
        rest = &rest[at..];
    }
    merged.extend_from_slice(rest);
    merged
}

/// Why [`Site::replace_film`] declined: the change reshapes the site (a new or renamed
/// critic or publication, a new genre, a retitled film...), so a full build is needed.
#[derive(Debug, PartialEq, Eq)]
pub struct NeedsFullBuild;

impl Site {
    /// Replaces film `index` with a new version of itself (the same folder, re-read) and
    /// updates every aggregate that depends on it, in time proportional to the film's
    /// reviews and its critics' and publications' reviews rather than to the site. Declines,
    /// changing nothing, when the change reaches beyond those: a critic or publication the
    /// site does not have yet, or a new title, year, taxonomy fact or poster.
    pub fn replace_film(&mut self, index: usize, film: Film) -> Result<(), NeedsFullBuild> {
        let old = &self.films[index].film;
        let all_known = film.reviews.iter().all(|r| {
            known(&self.critics, r.critic_slug.as_ref())
                && known(&self.publications, r.publication_slug.as_ref())
        });
        // What places a film in the site's structure: its page, terms, poster and aliases.
        let same_place = old.slug == film.slug
            && old.aliases == film.aliases
            && old.title == film.title
            && old.year == film.year
            && old.genres == film.genres
            && old.directors == film.directors
            && old.cast == film.cast
            && old.writers == film.writers
            && old.composers == film.composers
            && old.country == film.country
            && old.language == film.language
            && old.poster == film.poster;
        if !all_known || !same_place {
            return Err(NeedsFullBuild);
        }
        let publications = &self.publications;
        let weight = |slug: &str| publication_weight(publications, slug);
        let critics = &self.critics;
        let is_top = |r: &Review| {
            r.top_critic
                || r.critic_slug.as_ref().is_some_and(|slug| {
                    critics
                        .binary_search_by(|(c, _)| c.slug.cmp(slug))
                        .is_ok_and(|i| critics[i].1.as_ref().is_some_and(|p| p.top))
                })
        };
        let previous = std::mem::replace(
            &mut self.films[index],
            entry(film, &self.config.scores, weight, is_top),
        )
        .film
        .reviews;

        let films = &self.films;
        let title_rank = ranks(&self.by_title);
        let scores = &self.config.scores;
        let (critics, publications) = (&mut self.critics, &mut self.publications);
        let (by_metascore, by_percent) = (&mut self.by_metascore, &mut self.by_percent);
        let latest = &mut self.latest;
        let ((), (critics_done, publications_done)) = rayon::join(
            || {
                rank_by(by_metascore, films, &title_rank, METASCORE);
                rank_by(by_percent, films, &title_rank, PERCENT);
                let reviews = &films[index].film.reviews;
                let mut added: Vec<ReviewRef> = (0..reviews.len())
                    .filter(|&r| reviews[r].date.is_some())
                    .map(|r| (index, r))
                    .collect();
                sort_latest(&mut added, films);
                latest.retain(|&(f, _)| f != index);
                *latest = merge_sorted(latest, &added, newer(films));
            },
            || {
                rayon::join(
                    || {
                        let name_of = Review::critic_named;
                        recount(
                            critics,
                            index,
                            films,
                            scores,
                            &title_rank,
                            &previous,
                            name_of,
                        )
                    },
                    || {
                        recount(
                            publications,
                            index,
                            films,
                            scores,
                            &title_rank,
                            &previous,
                            Review::publication_named,
                        )
                    },
                )
            },
        );
        critics_done.ok_or(NeedsFullBuild)?;
        publications_done.ok_or(NeedsFullBuild)?;

        let main_order = match self.config.scores.show {
            score::Show::Percent => &self.by_percent,
            score::Show::Metascore | score::Show::Both => &self.by_metascore,
        };
        let main_rank = ranks(main_order);
        for taxonomy in &mut self.taxonomies {
            for term in &mut taxonomy.terms {
                if term.films.contains(&index) {
                    term.films.sort_by_key(|&i| main_rank[i]);
                }
            }
        }
        self.best = best::build(
            films,
            main_order,
            &self.taxonomies,
            self.config.scores.show,
            self.config.scores.min_reviews_for_lists,
        );
        people::refresh(&mut self.people, &self.films);
        Ok(())
    }
}

/// Sort key for titles: case-insensitive, ignoring a leading article, then the year and slug.
fn title_key(film: &Film) -> (String, u16, String) {
    let lower = film.title.to_lowercase();
    let stripped = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| lower.strip_prefix(a))
        .unwrap_or(&lower)
        .to_string();
    (stripped, film.year, film.slug.clone())
}

#[cfg(test)]
mod tests;
