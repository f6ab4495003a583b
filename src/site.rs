//! The whole-site index: every film with its aggregates, every critic and publication with
//! the reviews they wrote, and the orders the listings need.
//!
//! This is where the numbers are decided; rendering only shows them. Critics and publications
//! refer to reviews by index rather than copying them, so a review's data exists once however
//! many pages list it.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::best::{self, BestList};
use crate::config::Config;
use crate::content::model::{Content, CriticProfile, Film, PublicationProfile, Review, slugify};
use crate::score::{self, Band, ScoreConfig};
use crate::taxonomy::{self, Taxonomy};

/// A review's place in the site: the film's index and the review's index within the film.
pub type ReviewRef = (usize, usize);

/// A film's aggregate numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FilmStats {
    /// The weighted mean of scored reviews, once there are enough of them.
    pub metascore: Option<u8>,
    /// The verdict text for the Metascore ("Generally favorable reviews").
    pub label: Option<&'static str>,
    /// Reviews with a score (these are the "N Critics" the Metascore is based on).
    pub scored: usize,
    /// Reviews in the positive band (by verdict, else by score).
    pub positive: usize,
    /// Reviews in the mixed band.
    pub mixed: usize,
    /// Reviews in the negative band.
    pub negative: usize,
    /// Reviews with a band: the distribution's total.
    pub banded: usize,
    /// Reviews without a score (some may still have a verdict, and so a band).
    pub unscored: usize,
    /// How many more scored reviews are needed before a Metascore is shown.
    pub needed: usize,
    /// Positive reviews as a share of banded reviews, once there are enough of them.
    pub percent_positive: Option<u8>,
    /// "Fresh" or "Rotten", with `percent_positive`.
    pub freshness: Option<&'static str>,
    /// A Metascore high enough, from enough reviews, for the "Must-see" badge.
    pub must_see: bool,
}

/// A film with its reviews in display order and its numbers.
#[derive(Debug, Clone)]
pub struct FilmEntry {
    /// The film; its `reviews` are sorted: by score (highest first), then date (newest
    /// first), then critic name, unscored reviews last.
    pub film: Film,
    /// The aggregates.
    pub stats: FilmStats,
    /// Each review's band, parallel to `film.reviews`.
    pub bands: Vec<Option<Band>>,
}

/// A critic or a publication: a name with the reviews written under it.
#[derive(Debug, Clone)]
pub struct Contributor {
    /// URL segment: the slug of the name.
    pub slug: String,
    /// Display name: the profile's, or else the first spelling met in the reviews.
    pub name: String,
    /// Every review under this name, newest first (undated last), then by film title.
    pub reviews: Vec<ReviewRef>,
    /// Reviews with a score.
    pub scored: usize,
    /// Mean of those scores, to one decimal.
    pub average: Option<f64>,
    /// Mean of (review score - film Metascore) over reviews of films that have a Metascore:
    /// positive when this voice runs warmer than the consensus.
    pub versus_metascore: Option<f64>,
    /// How many reviews `versus_metascore` is based on.
    pub compared: usize,
    /// Reviews whose band matches the film's consensus (see [`consensus`]).
    pub agreements: usize,
    /// Reviews with a band on films that have a consensus.
    pub judged: usize,
}

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
    /// The "best of" lists that have at least one film.
    pub best: Vec<BestList>,
}

impl Site {
    /// The review a reference points to.
    pub fn review(&self, (film, review): ReviewRef) -> &Review {
        &self.films[film].film.reviews[review]
    }
}

/// Aggregates validated content into the site index.
pub fn build(config: Config, content: Content) -> Site {
    let weights: HashMap<&str, u32> = content
        .publications
        .iter()
        .map(|p| (p.slug.as_str(), p.weight_milli))
        .collect();
    let scores = &config.scores;
    let films: Vec<FilmEntry> = content
        .films
        .into_par_iter()
        .map(|film| entry(film, scores, |p| weights.get(p).copied()))
        .collect();

    // Titles are compared once; every later order breaks ties by this rank.
    let mut by_title: Vec<usize> = (0..films.len()).collect();
    by_title.sort_by_cached_key(|&i| title_key(&films[i].film));
    let title_rank = ranks(&by_title);
    let critics = contributors(&films, scores, &title_rank, |r| r.critic.as_deref());
    let publications = contributors(&films, scores, &title_rank, |r| r.publication.as_deref());
    let critics = attach(critics, content.critics, |p| (&p.slug, &p.name));
    let publications = attach(publications, content.publications, |p| (&p.slug, &p.name));

    let all: Vec<usize> = (0..films.len()).collect();
    let mut by_metascore = all.clone();
    rank_by(&mut by_metascore, &films, &title_rank, METASCORE);
    let mut by_percent = all;
    rank_by(&mut by_percent, &films, &title_rank, PERCENT);
    let mut by_year: Vec<usize> = by_title.clone();
    by_year.sort_by_key(|&i| std::cmp::Reverse(films[i].film.year));
    let mut latest: Vec<ReviewRef> = films
        .iter()
        .enumerate()
        .flat_map(|(f, e)| (0..e.film.reviews.len()).map(move |r| (f, r)))
        .filter(|&(f, r)| films[f].film.reviews[r].date.is_some())
        .collect();
    sort_latest(&mut latest, &films);

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
    }
}

/// A film with its reviews in page order and its numbers; `weight` gives a publication's
/// weight (in thousandths) by slug, when its profile sets one.
fn entry(mut film: Film, scores: &ScoreConfig, weight: impl Fn(&str) -> Option<u32>) -> FilmEntry {
    film.reviews.sort_by(review_order);
    let stats = film_stats(&film.reviews, scores, |r| {
        r.publication
            .as_deref()
            .and_then(|p| weight(slugify(p).as_str()))
            .unwrap_or(1000)
    });
    let bands = film.reviews.iter().map(|r| band(r, scores)).collect();
    FilmEntry { film, stats, bands }
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
    latest.sort_by(|&a, &b| {
        let (ra, rb) = (&films[a.0].film.reviews[a.1], &films[b.0].film.reviews[b.1]);
        rb.date.cmp(&ra.date).then_with(|| a.cmp(&b))
    });
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
            known(&self.critics, r.critic.as_deref())
                && known(&self.publications, r.publication.as_deref())
        });
        // What places a film in the site's structure: its page, terms and poster.
        let same_place = old.slug == film.slug
            && old.title == film.title
            && old.year == film.year
            && old.genres == film.genres
            && old.directors == film.directors
            && old.country == film.country
            && old.language == film.language
            && old.poster == film.poster;
        if !all_known || !same_place {
            return Err(NeedsFullBuild);
        }
        let publications = &self.publications;
        let weight = |slug: &str| {
            publications
                .binary_search_by(|(c, _)| c.slug.as_str().cmp(slug))
                .ok()
                .and_then(|i| publications[i].1.as_ref().map(|p| p.weight_milli))
        };
        let previous = std::mem::replace(
            &mut self.films[index],
            entry(film, &self.config.scores, weight),
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
                latest.retain(|&(f, _)| f != index);
                let reviews = &films[index].film.reviews;
                latest.extend(
                    (0..reviews.len())
                        .filter(|&r| reviews[r].date.is_some())
                        .map(|r| (index, r)),
                );
                sort_latest(latest, films);
            },
            || {
                rayon::join(
                    || {
                        recount(critics, index, films, scores, &title_rank, &previous, |r| {
                            r.critic.as_deref()
                        })
                    },
                    || {
                        recount(
                            publications,
                            index,
                            films,
                            scores,
                            &title_rank,
                            &previous,
                            |r| r.publication.as_deref(),
                        )
                    },
                )
            },
        );
        critics_done?;
        publications_done?;

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
        Ok(())
    }
}

/// Whether `list` has the contributor of this name (or there is no name).
fn known<P>(list: &[(Contributor, Option<P>)], name: Option<&str>) -> bool {
    name.is_none_or(|n| {
        let slug = slugify(n);
        list.binary_search_by(|(c, _)| c.slug.as_str().cmp(&slug))
            .is_ok()
    })
}

/// Refreshes the contributors (of `list`) named in film `index`'s reviews after the film
/// changed: their lists of reviews and their numbers.
fn recount<P>(
    list: &mut [(Contributor, Option<P>)],
    index: usize,
    films: &[FilmEntry],
    scores: &ScoreConfig,
    title_rank: &[usize],
    previous: &[Review],
    name_of: fn(&Review) -> Option<&str>,
) -> Result<(), NeedsFullBuild> {
    let reviews = &films[index].film.reviews;
    let mut touched: BTreeSet<String> = reviews
        .iter()
        .filter_map(|r| name_of(r).map(slugify))
        .collect();
    touched.extend(previous.iter().filter_map(|r| name_of(r).map(slugify)));
    for slug in &touched {
        let Ok(i) = list.binary_search_by(|(c, _)| c.slug.as_str().cmp(slug)) else {
            return Err(NeedsFullBuild);
        };
        let (c, profile) = &mut list[i];
        c.reviews.retain(|&(f, _)| f != index);
        c.reviews.extend(
            (0..reviews.len())
                .filter(|&r| name_of(&reviews[r]).is_some_and(|n| slugify(n) == *slug))
                .map(|r| (index, r)),
        );
        if c.reviews.is_empty() && profile.is_none() {
            // A full build has no page for a name without reviews or profile: the site's
            // shape changes, which only a full build may do.
            return Err(NeedsFullBuild);
        }
        if profile.is_none()
            && let Some(&(f, r)) = c.reviews.iter().min()
            && let Some(name) = name_of(&films[f].film.reviews[r])
        {
            // The first spelling met, as `contributors` names it.
            c.name = name.to_string();
        }
        count_contributor(c, films, scores);
        sort_contributor(c, films, title_rank);
    }
    Ok(())
}

/// The order of reviews on a film page: scored first, highest score first, then newest, then
/// by critic name (uncredited last), then by source file so that the order is total.
pub fn review_order(a: &Review, b: &Review) -> std::cmp::Ordering {
    let critic = |r: &Review| (r.critic.is_none(), r.critic.clone());
    b.grade
        .score()
        .cmp(&a.grade.score())
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| critic(a).cmp(&critic(b)))
        .then_with(|| a.source.cmp(&b.source))
}

/// A review's band: the critic's verdict when given, otherwise the band of its score.
pub fn band(review: &Review, config: &ScoreConfig) -> Option<Band> {
    review
        .verdict
        .or_else(|| review.grade.score().map(|s| config.band(s)))
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

/// The aggregate numbers of one film's reviews; `weight` gives each review's publication
/// weight in thousandths.
pub fn film_stats(
    reviews: &[Review],
    config: &ScoreConfig,
    weight: impl Fn(&Review) -> u32,
) -> FilmStats {
    let mut stats = FilmStats::default();
    for r in reviews {
        match band(r, config) {
            Some(Band::Positive) => stats.positive += 1,
            Some(Band::Mixed) => stats.mixed += 1,
            Some(Band::Negative) => stats.negative += 1,
            None => {}
        }
        stats.scored += usize::from(r.grade.score().is_some());
    }
    stats.banded = stats.positive + stats.mixed + stats.negative;
    stats.unscored = reviews.len() - stats.scored;
    stats.percent_positive = config.percent_positive(stats.positive, stats.banded);
    stats.freshness = stats.percent_positive.map(|p| config.freshness(p));
    let min = config.min_reviews as usize;
    if stats.scored >= min.max(1) {
        stats.metascore = score::weighted_mean(
            reviews
                .iter()
                .filter_map(|r| r.grade.score().map(|s| (s, weight(r)))),
        );
        stats.label = stats.metascore.map(score::label);
        stats.must_see = config.must_see(stats.metascore, stats.scored);
    } else {
        stats.needed = min.max(1) - stats.scored;
    }
    stats
}

/// The critics' consensus on a film: the band of its Metascore, or, for a film without one,
/// positive when its % positive is "Fresh" and negative when "Rotten"; `None` when it has
/// neither number.
pub fn consensus(stats: &FilmStats, config: &ScoreConfig) -> Option<Band> {
    match (stats.metascore, stats.percent_positive) {
        (Some(m), _) => Some(score::metascore_band(m)),
        (None, Some(p)) if p >= config.fresh => Some(Band::Positive),
        (None, Some(_)) => Some(Band::Negative),
        (None, None) => None,
    }
}

/// Groups every review by the slug of a name (critic or publication).
fn contributors(
    films: &[FilmEntry],
    config: &ScoreConfig,
    title_rank: &[usize],
    name_of: impl Fn(&Review) -> Option<&str>,
) -> Vec<Contributor> {
    let mut groups: HashMap<String, Contributor> = HashMap::new();
    for (f, entry) in films.iter().enumerate() {
        for (r, review) in entry.film.reviews.iter().enumerate() {
            let Some(name) = name_of(review) else {
                continue;
            };
            let slug = slugify(name);
            let c = groups.entry(slug.clone()).or_insert_with(|| Contributor {
                slug,
                name: name.to_string(),
                reviews: Vec::new(),
                scored: 0,
                average: None,
                versus_metascore: None,
                compared: 0,
                agreements: 0,
                judged: 0,
            });
            c.reviews.push((f, r));
        }
    }
    let mut list: Vec<Contributor> = groups.into_values().collect();
    list.par_iter_mut().for_each(|c| {
        count_contributor(c, films, config);
        sort_contributor(c, films, title_rank);
    });
    list.sort_by(|a, b| a.slug.cmp(&b.slug));
    list
}

/// A contributor's numbers, from its reviews.
fn count_contributor(c: &mut Contributor, films: &[FilmEntry], config: &ScoreConfig) {
    let (mut sum, mut diff) = (0i64, 0i64);
    (c.scored, c.compared, c.judged, c.agreements) = (0, 0, 0, 0);
    for &(f, r) in &c.reviews {
        let entry = &films[f];
        if let (Some(band), Some(agreed)) = (entry.bands[r], consensus(&entry.stats, config)) {
            c.judged += 1;
            c.agreements += usize::from(band == agreed);
        }
        if let Some(score) = entry.film.reviews[r].grade.score() {
            c.scored += 1;
            sum += i64::from(score);
            if let Some(ms) = entry.stats.metascore {
                c.compared += 1;
                diff += i64::from(score) - i64::from(ms);
            }
        }
    }
    c.average = (c.scored > 0).then(|| tenths(sum, c.scored));
    c.versus_metascore = (c.compared > 0).then(|| tenths(diff, c.compared));
}

/// A contributor's reviews newest first (undated last), then by film title.
fn sort_contributor(c: &mut Contributor, films: &[FilmEntry], title_rank: &[usize]) {
    c.reviews.sort_by(|&a, &b| {
        let (ra, rb) = (&films[a.0].film.reviews[a.1], &films[b.0].film.reviews[b.1]);
        rb.date
            .cmp(&ra.date)
            .then_with(|| title_rank[a.0].cmp(&title_rank[b.0]))
            .then_with(|| a.cmp(&b))
    });
}

/// `sum / n` rounded to one decimal, halves away from zero, computed exactly.
fn tenths(sum: i64, n: usize) -> f64 {
    let n = n as i64;
    let scaled = (20 * sum + n * sum.signum()) / (2 * n);
    scaled as f64 / 10.0
}

/// Pairs each contributor with its profile by slug; a profile without reviews still gets a
/// page, and a profile's spelling of the name wins.
fn attach<P: Clone>(
    list: Vec<Contributor>,
    profiles: Vec<P>,
    key: impl Fn(&P) -> (&String, &String),
) -> Vec<(Contributor, Option<P>)> {
    let mut profiles: HashMap<String, P> = profiles
        .into_iter()
        .map(|p| (key(&p).0.clone(), p))
        .collect();
    let mut out: Vec<(Contributor, Option<P>)> = list
        .into_iter()
        .map(|mut c| {
            let profile = profiles.remove(&c.slug);
            if let Some(p) = &profile {
                c.name = key(p).1.clone();
            }
            (c, profile)
        })
        .collect();
    for (slug, p) in profiles {
        let name = key(&p).1.clone();
        out.push((
            Contributor {
                slug,
                name,
                reviews: Vec::new(),
                scored: 0,
                average: None,
                versus_metascore: None,
                compared: 0,
                agreements: 0,
                judged: 0,
            },
            Some(p),
        ));
    }
    out.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{Date, Grade};
    use std::path::PathBuf;

    fn review(critic: Option<&str>, grade: Grade, day: u8) -> Review {
        Review {
            critic: critic.map(String::from),
            publication: None,
            date: Date::new(2013, 7, day),
            url: None,
            grade,
            assigned: false,
            verdict: None,
            excerpt_html: String::new(),
            id: String::new(),
            source: PathBuf::from(format!("r{day}.md")),
        }
    }

    #[test]
    fn tbd_until_min_reviews() {
        let c = ScoreConfig::default();
        let three: Vec<Review> = (1..=3).map(|d| review(None, Grade::Score(80), d)).collect();
        let stats = film_stats(&three, &c, |_| 1000);
        assert_eq!(
            (stats.metascore, stats.label, stats.needed),
            (None, None, 1)
        );
        let four: Vec<Review> = (1..=4).map(|d| review(None, Grade::Score(80), d)).collect();
        let stats = film_stats(&four, &c, |_| 1000);
        assert_eq!(stats.metascore, Some(80));
        assert_eq!(stats.label, Some("Generally favorable reviews"));
    }

    #[test]
    fn unscored_reviews_count_in_nothing() {
        let mut reviews: Vec<Review> = (1..=4).map(|d| review(None, Grade::Score(50), d)).collect();
        reviews.push(review(None, Grade::Ungraded, 9));
        let stats = film_stats(&reviews, &ScoreConfig::default(), |_| 1000);
        assert_eq!((stats.scored, stats.unscored, stats.mixed), (4, 1, 4));
        assert_eq!(stats.metascore, Some(50));
    }

    #[test]
    fn weights_pull_the_metascore() {
        let reviews: Vec<Review> = [100, 0, 0, 0]
            .iter()
            .enumerate()
            .map(|(i, &s)| review(None, Grade::Score(s), i as u8 + 1))
            .collect();
        let plain = film_stats(&reviews, &ScoreConfig::default(), |_| 1000);
        assert_eq!(plain.metascore, Some(25));
        let heavy = film_stats(&reviews, &ScoreConfig::default(), |r| {
            if r.grade.score() == Some(100) {
                3000
            } else {
                1000
            }
        });
        assert_eq!(heavy.metascore, Some(50));
    }

    #[test]
    fn review_order_is_score_then_date_then_critic() {
        let mut reviews = [
            review(Some("B"), Grade::Score(70), 1),
            review(None, Grade::Ungraded, 5),
            review(Some("Z"), Grade::Score(90), 1),
            review(None, Grade::Score(70), 3),
            review(Some("A"), Grade::Score(70), 1),
            review(Some("C"), Grade::Score(70), 3),
        ];
        reviews.sort_by(review_order);
        let order: Vec<_> = reviews
            .iter()
            .map(|r| (r.critic.as_deref(), r.grade.score()))
            .collect();
        assert_eq!(
            order,
            [
                (Some("Z"), Some(90)),
                (Some("C"), Some(70)),
                (None, Some(70)),
                (Some("A"), Some(70)),
                (Some("B"), Some(70)),
                (None, None)
            ]
        );
    }

    fn film(slug: &str, reviews: Vec<Review>) -> Film {
        Film::example(slug, slug, 2000, reviews)
    }

    #[test]
    fn critic_and_publication_statistics() {
        let by = |critic: &str, publication: &str, score: Option<u8>, day: u8| Review {
            publication: Some(publication.into()),
            ..review(
                Some(critic),
                score.map_or(Grade::Ungraded, Grade::Score),
                day,
            )
        };
        let a = film(
            "a",
            vec![
                by("Ada", "Ledger", Some(90), 1),
                by("Bo", "Ledger", Some(70), 2),
                by("Cy", "Post", Some(50), 3),
                by("Dee", "Post", Some(30), 4),
            ],
        );
        let b = film(
            "b",
            vec![by("Ada", "Ledger", Some(40), 5), by("Ada", "Post", None, 6)],
        );
        let site = build(
            Config::default(),
            Content {
                films: vec![a, b],
                ..Content::default()
            },
        );
        assert_eq!(site.films[0].stats.metascore, Some(60));
        assert_eq!(
            site.films[1].stats.metascore, None,
            "two scored reviews: tbd"
        );
        let ada = &site
            .critics
            .iter()
            .find(|(c, _)| c.slug == "ada")
            .unwrap()
            .0;
        assert_eq!((ada.reviews.len(), ada.scored), (3, 2));
        assert_eq!(ada.average, Some(65.0));
        assert_eq!(
            (ada.versus_metascore, ada.compared),
            (Some(30.0), 1),
            "only film a has a Metascore"
        );
        assert_eq!(
            site.review(ada.reviews[0]).date,
            Date::new(2013, 7, 6),
            "newest first"
        );
        let post = &site
            .publications
            .iter()
            .find(|(p, _)| p.slug == "post")
            .unwrap()
            .0;
        assert_eq!(
            (post.reviews.len(), post.scored, post.average),
            (3, 2, Some(40.0))
        );
        assert_eq!(
            post.versus_metascore,
            Some(-20.0),
            "(50 - 60 + 30 - 60) / 2"
        );
        assert_eq!(site.by_metascore, [0, 1], "tbd films last");
        assert_eq!(site.latest.len(), 6);
    }

    fn with_verdict(grade: Grade, verdict: Option<Band>, day: u8) -> Review {
        Review {
            verdict,
            ..review(None, grade, day)
        }
    }

    #[test]
    fn the_verdict_decides_the_band_over_the_score() {
        let c = ScoreConfig::default();
        assert_eq!(
            band(&with_verdict(Grade::Score(63), Some(Band::Negative), 1), &c),
            Some(Band::Negative)
        );
        assert_eq!(
            band(&with_verdict(Grade::Score(63), None, 1), &c),
            Some(Band::Positive)
        );
        assert_eq!(
            band(&with_verdict(Grade::Ungraded, Some(Band::Mixed), 1), &c),
            Some(Band::Mixed)
        );
        assert_eq!(band(&with_verdict(Grade::Ungraded, None, 1), &c), None);
    }

    #[test]
    fn distribution_counts_every_banded_review_and_the_metascore_only_scored_ones() {
        let c = ScoreConfig::default();
        let reviews = [
            with_verdict(Grade::Score(80), None, 1),
            with_verdict(Grade::Score(50), None, 2),
            with_verdict(Grade::Score(30), None, 3),
            with_verdict(Grade::Score(63), Some(Band::Negative), 4),
            with_verdict(Grade::Ungraded, Some(Band::Positive), 5),
            with_verdict(Grade::Ungraded, Some(Band::Positive), 6),
            with_verdict(Grade::Ungraded, None, 7),
        ];
        let s = film_stats(&reviews, &c, |_| 1000);
        assert_eq!((s.scored, s.unscored, s.banded), (4, 3, 6));
        assert_eq!((s.positive, s.mixed, s.negative), (3, 1, 2));
        assert_eq!(s.metascore, Some(56), "(80 + 50 + 30 + 63) / 4 = 55.75");
        assert_eq!(
            (s.percent_positive, s.freshness),
            (Some(50), Some("Rotten"))
        );
        assert_eq!(consensus(&s, &c), Some(Band::Mixed));
    }

    #[test]
    fn percent_positive_edge_cases() {
        let c = ScoreConfig::default();
        let none = film_stats(&[with_verdict(Grade::Ungraded, None, 1)], &c, |_| 1000);
        assert_eq!(
            (none.banded, none.percent_positive, none.freshness),
            (0, None, None)
        );
        assert_eq!(consensus(&none, &c), None);
        let all_mixed: Vec<Review> = (1..=5)
            .map(|d| with_verdict(Grade::Ungraded, Some(Band::Mixed), d))
            .collect();
        let s = film_stats(&all_mixed, &c, |_| 1000);
        assert_eq!(
            (s.percent_positive, s.freshness, s.metascore),
            (Some(0), Some("Rotten"), None)
        );
        assert_eq!(
            consensus(&s, &c),
            Some(Band::Negative),
            "no Metascore: Rotten reads as negative"
        );
        let fresh: Vec<Review> = (1..=5)
            .map(|d| {
                with_verdict(
                    Grade::Ungraded,
                    Some(if d <= 3 {
                        Band::Positive
                    } else {
                        Band::Negative
                    }),
                    d,
                )
            })
            .collect();
        let s = film_stats(&fresh, &c, |_| 1000);
        assert_eq!(
            (s.percent_positive, s.freshness),
            (Some(60), Some("Fresh")),
            "60% is the default threshold"
        );
        assert_eq!(consensus(&s, &c), Some(Band::Positive));
        let strict = ScoreConfig { fresh: 61, ..c };
        assert_eq!(
            film_stats(&fresh, &strict, |_| 1000).freshness,
            Some("Rotten")
        );
    }

    #[test]
    fn tenths_round_half_away_from_zero() {
        assert_eq!(tenths(1, 4), 0.3); // 0.25
        assert_eq!(tenths(-1, 4), -0.3);
        assert_eq!(tenths(241, 3), 80.3);
        assert_eq!(tenths(0, 3), 0.0);
    }
}
