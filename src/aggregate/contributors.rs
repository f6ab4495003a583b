//! Critics and publications: every review under one name across films, and their numbers.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::film::{FilmEntry, ReviewRef, consensus};
use crate::content::model::{Date, Review, Slug};
use crate::score::ScoreConfig;

/// A critic or a publication: a name with the reviews written under it.
#[derive(Debug, Clone)]
pub struct Contributor {
    /// URL segment: the slug of the name.
    pub slug: Slug,
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

impl Contributor {
    /// A contributor with no reviews yet, whose figures the reviews then fill in.
    fn new(slug: Slug, name: String) -> Contributor {
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
        }
    }
}

/// Whether `list` has the contributor of this slug (or there is none).
pub(super) fn known<P>(list: &[(Contributor, Option<P>)], slug: Option<&Slug>) -> bool {
    slug.is_none_or(|slug| list.binary_search_by(|(c, _)| c.slug.cmp(slug)).is_ok())
}

/// A review's critic or publication, as name and slug.
pub(super) type NameOf = fn(&Review) -> Option<(&str, &Slug)>;

/// Refreshes the contributors (of `list`) named in film `index`'s reviews after the film
/// changed: their lists of reviews and their numbers. `None` when one of them is left with
/// no review and no profile, which only a full build may drop.
pub(super) fn recount<P>(
    list: &mut [(Contributor, Option<P>)],
    index: usize,
    films: &[FilmEntry],
    scores: &ScoreConfig,
    title_rank: &[usize],
    previous: &[Review],
    name_of: NameOf,
) -> Option<()> {
    let reviews = &films[index].film.reviews;
    let slug_of = |r| name_of(r).map(|(_, slug)| slug.clone());
    let mut touched: BTreeSet<Slug> = reviews.iter().filter_map(slug_of).collect();
    touched.extend(previous.iter().filter_map(slug_of));
    for slug in &touched {
        let Ok(i) = list.binary_search_by(|(c, _)| c.slug.cmp(slug)) else {
            return None;
        };
        let (c, profile) = &mut list[i];
        let mut added: Vec<ReviewRef> = (0..reviews.len())
            .filter(|&r| name_of(&reviews[r]).is_some_and(|(_, s)| s == slug))
            .map(|r| (index, r))
            .collect();
        sort_contributor(&mut added, films, title_rank);
        c.reviews.retain(|&(f, _)| f != index);
        c.reviews = super::merge_sorted(&c.reviews, &added, contributor_order(films, title_rank));
        if c.reviews.is_empty() && profile.is_none() {
            // A full build has no page for a name without reviews or profile: the site's
            // shape changes, which only a full build may do.
            return None;
        }
        if profile.is_none()
            && let Some(&(f, r)) = c.reviews.iter().min()
            && let Some((name, _)) = name_of(&films[f].film.reviews[r])
        {
            // The first spelling met, as `contributors` names it.
            c.name = name.to_string();
        }
        count_contributor(c, films, scores);
    }
    Some(())
}

/// Groups every review by the slug of a name (critic or publication).
pub(super) fn contributors(
    films: &[FilmEntry],
    config: &ScoreConfig,
    title_rank: &[usize],
    name_of: NameOf,
) -> Vec<Contributor> {
    let mut groups: HashMap<&Slug, Contributor> = HashMap::new();
    for (f, entry) in films.iter().enumerate() {
        for (r, review) in entry.film.reviews.iter().enumerate() {
            let Some((name, slug)) = name_of(review) else {
                continue;
            };
            let c = groups
                .entry(slug)
                .or_insert_with(|| Contributor::new(slug.clone(), name.to_string()));
            c.reviews.push((f, r));
        }
    }
    let mut list: Vec<Contributor> = groups.into_values().collect();
    list.par_iter_mut().for_each(|c| {
        count_contributor(c, films, config);
        sort_contributor(&mut c.reviews, films, title_rank);
    });
    list.sort_by(|a, b| a.slug.cmp(&b.slug));
    list
}

/// A contributor's numbers, from its reviews.
pub(super) fn count_contributor(c: &mut Contributor, films: &[FilmEntry], config: &ScoreConfig) {
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
pub(super) fn sort_contributor(
    reviews: &mut [ReviewRef],
    films: &[FilmEntry],
    title_rank: &[usize],
) {
    super::sort_by_key(reviews, |at| contributor_key(films, title_rank, at));
}

/// What [`sort_contributor`] sorts by: newest first (undated last), then by film title,
/// then by position.
fn contributor_key(
    films: &[FilmEntry],
    title_rank: &[usize],
    (f, r): ReviewRef,
) -> (Reverse<Option<Date>>, usize, ReviewRef) {
    (
        Reverse(films[f].film.reviews[r].date),
        title_rank[f],
        (f, r),
    )
}

/// The order of [`sort_contributor`], for merging into a list so sorted.
fn contributor_order<'a>(
    films: &'a [FilmEntry],
    title_rank: &'a [usize],
) -> impl Fn(&ReviewRef, &ReviewRef) -> std::cmp::Ordering + 'a {
    move |&a, &b| contributor_key(films, title_rank, a).cmp(&contributor_key(films, title_rank, b))
}

/// `sum / n` rounded to one decimal, halves away from zero, computed exactly.
pub(super) fn tenths(sum: i64, n: usize) -> f64 {
    let n = n as i64;
    let scaled = (20 * sum + n * sum.signum()) / (2 * n);
    scaled as f64 / 10.0
}

/// Pairs each contributor with its profile by slug; a profile without reviews still gets a
/// page, and a profile's spelling of the name wins.
pub(super) fn attach<P: Clone>(
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
            let profile = profiles.remove(c.slug.as_str());
            if let Some(p) = &profile {
                c.name = key(p).1.clone();
            }
            (c, profile)
        })
        .collect();
    for (slug, p) in profiles {
        let name = key(&p).1.clone();
        out.push((Contributor::new(Slug::verbatim(&slug), name), Some(p)));
    }
    out.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
    out
}
