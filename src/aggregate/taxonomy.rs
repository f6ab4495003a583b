//! Films grouped by the facts their pages give: genre, year, director, country and language.
//!
//! Each group ("term") gets a page listing its films, and each kind of group ("taxonomy") an
//! index of its terms, the way Hugo and Zola publish taxonomies. Names that slugify the same
//! ("Sci-Fi", "sci fi") are one term, shown under the spelling most films use.

use std::collections::BTreeMap;

use crate::content::model::{Film, slugify};

/// One way of grouping films.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// URL folder and template key: "genres", "years", "directors", "countries", "languages".
    pub key: &'static str,
    /// Plural display name: "Genres".
    pub name: &'static str,
    /// Singular display name: "Genre".
    pub singular: &'static str,
    /// The terms in display order: years newest first, the others by slug.
    pub terms: Vec<Term>,
}

/// One group of films: a genre, a year, a director...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// URL segment.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Film indices, in the site's main ranking order.
    pub films: Vec<usize>,
}

/// The facts of a film one taxonomy groups by.
type Facts = fn(&Film) -> Vec<String>;

/// Every taxonomy the site has: `films` is the film list and `order` the site's main ranking
/// (so each term lists its films best first).
pub fn build(films: &[&Film], order: &[usize]) -> Vec<Taxonomy> {
    let kinds: [(&str, &str, &str, Facts); 5] = [
        ("genres", "Genres", "Genre", |f| f.genres.clone()),
        ("years", "Years", "Year", |f| vec![f.year.to_string()]),
        ("directors", "Directors", "Director", |f| {
            f.directors.clone()
        }),
        ("countries", "Countries", "Country", |f| {
            f.country.iter().cloned().collect()
        }),
        ("languages", "Languages", "Language", |f| {
            f.language.iter().cloned().collect()
        }),
    ];
    kinds
        .into_iter()
        .map(|(key, name, singular, facts)| Taxonomy {
            key,
            name,
            singular,
            terms: terms(films, order, facts, key == "years"),
        })
        .collect()
}

fn terms(films: &[&Film], order: &[usize], facts: Facts, newest_first: bool) -> Vec<Term> {
    // slug -> (spelling -> uses, films)
    let mut groups: BTreeMap<String, (BTreeMap<String, usize>, Vec<usize>)> = BTreeMap::new();
    for &i in order {
        let mut seen = Vec::new();
        for value in facts(films[i]) {
            let value = value.trim().to_string();
            let slug = slugify(&value);
            if slug.is_empty() || seen.contains(&slug) {
                continue;
            }
            seen.push(slug.clone());
            let (spellings, members) = groups.entry(slug).or_default();
            *spellings.entry(value).or_default() += 1;
            members.push(i);
        }
    }
    let mut terms: Vec<Term> = groups
        .into_iter()
        .map(|(slug, (spellings, films))| {
            // Most used spelling; on a tie the first in byte order, so the choice is stable.
            let name = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            Term { slug, name, films }
        })
        .collect();
    if newest_first {
        terms.reverse();
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn film(slug: &str, year: u16, genres: &[&str]) -> Film {
        let mut f = Film::example(slug, slug, year, vec![]);
        f.genres = genres.iter().map(|g| g.to_string()).collect();
        f
    }

    #[test]
    fn spellings_that_slugify_alike_are_one_term_named_by_the_majority() {
        let films = [
            film("a", 1990, &["Sci-Fi", "Drama"]),
            film("b", 2001, &["sci fi"]),
            film("c", 1995, &["Sci-Fi", "drama", "Drama"]),
        ];
        let refs: Vec<&Film> = films.iter().collect();
        let order = [2, 0, 1];
        let t = build(&refs, &order);
        let genres = &t[0];
        assert_eq!(genres.key, "genres");
        let names: Vec<(&str, &str, &[usize])> = genres
            .terms
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.films.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                ("drama", "Drama", &[2, 0][..]),
                ("sci-fi", "Sci-Fi", &[2, 0, 1][..])
            ]
        );
        let years: Vec<&str> = t[1].terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(years, ["2001", "1995", "1990"]);
        assert!(t[2].terms.is_empty(), "no film names a director");
    }
}
