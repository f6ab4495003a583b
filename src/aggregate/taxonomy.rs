//! Films grouped by the facts their pages give: genre, year, director, country and language.
//!
//! Each group ("term") gets a page listing its films, and each kind of group ("taxonomy") an
//! index of its terms, the way Hugo and Zola publish taxonomies. Names that slugify the same
//! ("Sci-Fi", "sci fi") are one term, shown under the spelling most films use.

use std::collections::BTreeMap;

use crate::content::model::{Film, Slug};

/// The ways a site groups its films.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    /// By genre.
    Genres,
    /// By release year.
    Years,
    /// By director.
    Directors,
    /// By production country.
    Countries,
    /// By original language.
    Languages,
}

impl TaxonomyKind {
    /// Every kind, in the order the site lists them.
    pub const ALL: [TaxonomyKind; 5] = [
        TaxonomyKind::Genres,
        TaxonomyKind::Years,
        TaxonomyKind::Directors,
        TaxonomyKind::Countries,
        TaxonomyKind::Languages,
    ];

    /// URL folder and template key: "genres", "years"...
    pub fn key(self) -> &'static str {
        self.names().0
    }

    /// Plural display name: "Genres".
    pub fn name(self) -> &'static str {
        self.names().1
    }

    /// Singular display name: "Genre".
    pub fn singular(self) -> &'static str {
        self.names().2
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            TaxonomyKind::Genres => ("genres", "Genres", "Genre"),
            TaxonomyKind::Years => ("years", "Years", "Year"),
            TaxonomyKind::Directors => ("directors", "Directors", "Director"),
            TaxonomyKind::Countries => ("countries", "Countries", "Country"),
            TaxonomyKind::Languages => ("languages", "Languages", "Language"),
        }
    }

    /// The facts of a film this kind groups by.
    fn facts(self, film: &Film) -> Vec<String> {
        match self {
            TaxonomyKind::Genres => film.genres.clone(),
            TaxonomyKind::Years => vec![film.year.to_string()],
            TaxonomyKind::Directors => film.directors.clone(),
            TaxonomyKind::Countries => film.country.iter().cloned().collect(),
            TaxonomyKind::Languages => film.language.iter().cloned().collect(),
        }
    }
}

/// One way of grouping films.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// What it groups by.
    pub kind: TaxonomyKind,
    /// The terms in display order: years newest first, the others by slug.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// URL folder and template key: "genres", "years"...
    pub fn key(&self) -> &'static str {
        self.kind.key()
    }

    /// Singular display name: "Genre".
    pub fn singular(&self) -> &'static str {
        self.kind.singular()
    }
}

/// One group of films: a genre, a year, a director...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// URL segment.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Film indices, in the site's main ranking order.
    pub films: Vec<usize>,
}

/// Every taxonomy the site has: `films` is the film list and `order` the site's main ranking
/// (so each term lists its films best first).
pub(crate) fn build(films: &[&Film], order: &[usize]) -> Vec<Taxonomy> {
    TaxonomyKind::ALL
        .into_iter()
        .map(|kind| Taxonomy {
            kind,
            terms: terms(films, order, kind),
        })
        .collect()
}

fn terms(films: &[&Film], order: &[usize], kind: TaxonomyKind) -> Vec<Term> {
    // slug -> (spelling -> uses, films)
    let mut groups: BTreeMap<Slug, (BTreeMap<String, usize>, Vec<usize>)> = BTreeMap::new();
    for &i in order {
        let mut seen = Vec::new();
        for value in kind.facts(films[i]) {
            let value = value.trim().to_string();
            let slug = Slug::of(&value);
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
    if kind == TaxonomyKind::Years {
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
        assert_eq!(genres.key(), "genres");
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
