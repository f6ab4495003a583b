//! One film's numbers: its Metascore, label, distribution and % positive, and the order of
//! its reviews.

use serde::Serialize;

use crate::content::model::{Date, Film, Review};
use crate::score::{self, Band, ScoreConfig};

/// A review's place in the site: the film's index and the review's index within the film.
pub(crate) type ReviewRef = (usize, usize);

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
    /// Whether each review is by a top critic (its critic's profile says so, or the review
    /// itself), parallel to `film.reviews`.
    pub top: Vec<bool>,
    /// The aggregates of the top critics' reviews alone, when the film has any.
    pub top_stats: Option<FilmStats>,
}

/// A film with its reviews in page order and its numbers; `weight` gives a publication's
/// weight (in thousandths) by slug, when its profile sets one, and `is_top` whether a
/// review's critic is a top critic.
pub(super) fn entry(
    mut film: Film,
    scores: &ScoreConfig,
    weight: impl Fn(&str) -> Option<u32>,
    is_top: impl Fn(&Review) -> bool,
) -> FilmEntry {
    film.reviews.sort_by(review_order);
    let weigh = |r: &Review| review_weight(r, &weight);
    let stats = film_stats(&film.reviews, scores, weigh);
    let bands = film.reviews.iter().map(|r| band(r, scores)).collect();
    let top: Vec<bool> = film.reviews.iter().map(is_top).collect();
    let top_stats = top.contains(&true).then(|| {
        let reviews = film.reviews.iter().zip(&top).filter(|(_, t)| **t);
        film_stats(reviews.map(|(r, _)| r), scores, weigh)
    });
    FilmEntry {
        film,
        stats,
        bands,
        top,
        top_stats,
    }
}

/// A review's weight in the Metascore, in thousandths: its publication's, given by `weight`
/// from the publication's slug, or 1 without one.
pub(super) fn review_weight(review: &Review, weight: impl Fn(&str) -> Option<u32>) -> u32 {
    review
        .publication_slug
        .as_deref()
        .and_then(weight)
        .unwrap_or(1000)
}

/// The order of reviews on a film page: scored first, highest score first, then newest, then
/// by critic name (uncredited last), then by source file so that the order is total.
pub(crate) fn review_order(a: &Review, b: &Review) -> std::cmp::Ordering {
    let critic = |r: &Review| (r.critic.is_none(), r.critic.clone());
    b.grade
        .score()
        .cmp(&a.grade.score())
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| critic(a).cmp(&critic(b)))
        .then_with(|| a.source.cmp(&b.source))
}

/// A review's band: the critic's verdict when given, otherwise the band of its score.
pub(crate) fn band(review: &Review, config: &ScoreConfig) -> Option<Band> {
    review
        .verdict
        .or_else(|| review.grade.score().map(|s| config.band(s)))
}

/// The aggregate numbers of one film's reviews; `weight` gives each review's publication
/// weight in thousandths.
pub(crate) fn film_stats<'a>(
    reviews: impl IntoIterator<Item = &'a Review> + Clone,
    config: &ScoreConfig,
    weight: impl Fn(&Review) -> u32,
) -> FilmStats {
    let mut stats = FilmStats::default();
    let mut all = 0;
    for r in reviews.clone() {
        all += 1;
        match band(r, config) {
            Some(Band::Positive) => stats.positive += 1,
            Some(Band::Mixed) => stats.mixed += 1,
            Some(Band::Negative) => stats.negative += 1,
            None => {}
        }
        stats.scored += usize::from(r.grade.score().is_some());
    }
    stats.banded = stats.positive + stats.mixed + stats.negative;
    stats.unscored = all - stats.scored;
    stats.percent_positive = config.percent_positive(stats.positive, stats.banded);
    stats.freshness = stats.percent_positive.map(|p| config.freshness(p));
    let min = config.min_reviews as usize;
    if stats.scored >= min.max(1) {
        stats.metascore = score::weighted_mean(
            reviews
                .into_iter()
                .filter_map(|r| r.grade.score().map(|s| (s, weight(r)))),
        );
        stats.label = stats.metascore.map(score::label);
        stats.must_see = config.must_see(stats.metascore, stats.scored);
    } else {
        stats.needed = min.max(1) - stats.scored;
    }
    stats
}

/// The Metascore as a film's reviews arrived: for each date with a scored review, the
/// Metascore of the scored reviews dated up to that day, from the day they are enough for
/// one (`min_reviews`). Undated reviews have no place in it, so its last point is the
/// Metascore only when every scored review is dated.
pub(crate) fn timeline(
    reviews: &[Review],
    config: &ScoreConfig,
    weight: impl Fn(&Review) -> u32,
) -> Vec<(Date, u8)> {
    let mut dated: Vec<(Date, u8, u32)> = reviews
        .iter()
        .filter_map(|r| Some((r.date?, r.grade.score()?, weight(r))))
        .collect();
    dated.sort_by_key(|&(date, _, _)| date);
    let min = (config.min_reviews as usize).max(1);
    let (mut num, mut den) = (0u128, 0u128);
    let mut points: Vec<(Date, u8)> = Vec::new();
    for (n, &(date, score, weight)) in dated.iter().enumerate() {
        num += u128::from(score) * u128::from(weight);
        den += u128::from(weight);
        if n + 1 < min || den == 0 {
            continue;
        }
        let metascore = score::round_half_up_ratio(num, den) as u8;
        match points.last_mut() {
            Some(last) if last.0 == date => last.1 = metascore,
            _ => points.push((date, metascore)),
        }
    }
    points
}

/// The critics' consensus on a film: the band of its Metascore, or, for a film without one,
/// positive when its % positive is "Fresh" and negative when "Rotten"; `None` when it has
/// neither number.
pub(crate) fn consensus(stats: &FilmStats, config: &ScoreConfig) -> Option<Band> {
    match (stats.metascore, stats.percent_positive) {
        (Some(m), _) => Some(score::metascore_band(m)),
        (None, Some(p)) if p >= config.fresh => Some(Band::Positive),
        (None, Some(_)) => Some(Band::Negative),
        (None, None) => None,
    }
}
