//! "Best of" lists: all time, per year and per genre.
//!
//! A film is ranked only once it has `min_reviews_for_lists` scored reviews (7 by default, as
//! Metacritic does), so a film with two glowing reviews never tops a list.

use super::film::FilmEntry;
use super::taxonomy::{Taxonomy, TaxonomyKind};
use crate::routes;
use crate::score::Show;

/// How many films one list shows.
pub(crate) const LIST_LENGTH: usize = 100;

/// What a best-of list ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BestKind {
    /// Every film.
    AllTime,
    /// The films of one year.
    Year,
    /// The films of one genre.
    Genre,
}

impl BestKind {
    /// Every kind, in the order the lists' page groups them, with the group's heading.
    /// (The heading is the key of its message in the language files.)
    pub const GROUPS: [(BestKind, &'static str); 3] = [
        (BestKind::AllTime, "best.all_time"),
        (BestKind::Year, "best.by_year"),
        (BestKind::Genre, "best.by_genre"),
    ];
}

/// One ranked list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestList {
    /// Output path of its page: "best/", "best/1996/", "best/genres/drama/".
    pub path: String,
    /// Heading, in English: "Best films of all time", "Best films of 1996", "Best Drama
    /// films" (pages say it in the site's language, from `kind` and `term`).
    pub title: String,
    /// The year or genre it ranks; none for all time.
    pub term: Option<String>,
    /// What it ranks.
    pub kind: BestKind,
    /// Film indices, best first, at most [`LIST_LENGTH`].
    pub films: Vec<usize>,
}

/// Whether a film may be ranked: enough scored reviews and the number the site ranks by.
pub(crate) fn eligible(entry: &FilmEntry, show: Show, min_reviews: u32) -> bool {
    let s = &entry.stats;
    let ranked_number = match show {
        Show::Percent => s.percent_positive.is_some(),
        Show::Metascore | Show::Both => s.metascore.is_some(),
    };
    ranked_number && s.scored >= min_reviews as usize
}

/// Every list with at least one film: all time first, then years (newest first), then genres.
/// `order` is the site's main ranking and `taxonomies` the output of [`crate::aggregate::taxonomy::build`].
pub(crate) fn build(
    films: &[FilmEntry],
    order: &[usize],
    taxonomies: &[Taxonomy],
    show: Show,
    min_reviews: u32,
) -> Vec<BestList> {
    let pick = |members: &[usize]| -> Vec<usize> {
        members
            .iter()
            .copied()
            .filter(|&i| eligible(&films[i], show, min_reviews))
            .take(LIST_LENGTH)
            .collect()
    };
    let mut lists = vec![BestList {
        path: routes::BEST.into(),
        title: "Best films of all time".into(),
        term: None,
        kind: BestKind::AllTime,
        films: pick(order),
    }];
    for tax in taxonomies {
        let kind = match tax.kind {
            TaxonomyKind::Years => BestKind::Year,
            TaxonomyKind::Genres => BestKind::Genre,
            _ => continue,
        };
        for term in &tax.terms {
            let films = pick(&term.films);
            if films.is_empty() {
                continue;
            }
            let (path, title) = match kind {
                BestKind::Year => (
                    routes::best_of_year(&term.slug),
                    format!("Best films of {}", term.name),
                ),
                _ => (
                    routes::best_of_genre(&term.slug),
                    format!("Best {} films", term.name),
                ),
            };
            lists.push(BestList {
                path,
                title,
                term: Some(term.name.clone()),
                kind,
                films,
            });
        }
    }
    lists
}
