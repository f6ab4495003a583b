//! "Best of" lists: all time, per year and per genre.
//!
//! A film is ranked only once it has `min_reviews_for_lists` scored reviews (7 by default, as
//! Metacritic does), so a film with two glowing reviews never tops a list.

use super::film::FilmEntry;
use crate::aggregate::taxonomy::Taxonomy;
use crate::score::Show;

/// How many films one list shows.
pub const LIST_LENGTH: usize = 100;

/// One ranked list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestList {
    /// Output path of its page: "best/", "best/1996/", "best/genres/drama/".
    pub path: String,
    /// Heading: "Best films of all time", "Best films of 1996", "Best Drama films".
    pub title: String,
    /// What it ranks: "all", "year" or "genre".
    pub kind: &'static str,
    /// Film indices, best first, at most [`LIST_LENGTH`].
    pub films: Vec<usize>,
}

/// Whether a film may be ranked: enough scored reviews and the number the site ranks by.
pub fn eligible(entry: &FilmEntry, show: Show, min_reviews: u32) -> bool {
    let s = &entry.stats;
    let ranked_number = match show {
        Show::Percent => s.percent_positive.is_some(),
        Show::Metascore | Show::Both => s.metascore.is_some(),
    };
    ranked_number && s.scored >= min_reviews as usize
}

/// Every list with at least one film: all time first, then years (newest first), then genres.
/// `order` is the site's main ranking and `taxonomies` the output of [`crate::aggregate::taxonomy::build`].
pub fn build(
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
        path: "best/".into(),
        title: "Best films of all time".into(),
        kind: "all",
        films: pick(order),
    }];
    for tax in taxonomies {
        let (kind, folder) = match tax.key {
            "years" => ("year", ""),
            "genres" => ("genre", "genres/"),
            _ => continue,
        };
        for term in &tax.terms {
            let films = pick(&term.films);
            if films.is_empty() {
                continue;
            }
            lists.push(BestList {
                path: format!("best/{folder}{}/", term.slug),
                title: if kind == "year" {
                    format!("Best films of {}", term.name)
                } else {
                    format!("Best {} films", term.name)
                },
                kind,
                films,
            });
        }
    }
    lists
}
