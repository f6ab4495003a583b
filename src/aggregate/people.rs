//! The people who made the site's films: every director, writer, composer and cast member,
//! by the slug of their name, with the films they are credited on and their career in numbers (the
//! average, best and worst Metascore of their scored films), as a person page shows them.

use std::collections::BTreeMap;

use super::film::FilmEntry;
use crate::content::model::{Slug, slugify};
use crate::score;

/// One person and their films.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// The slug of their name: their page's address.
    pub slug: Slug,
    /// Their name, as the first film (by slug) that credits them spells it.
    pub name: String,
    /// The films that credit them, newest first, then by title.
    pub credits: Vec<Credit>,
    /// Their career in numbers.
    pub career: Career,
}

impl Person {
    /// Every role they have over all their films, as pages name them in the language of
    /// `strings`: "Director, Cast".
    pub(crate) fn roles(&self, strings: &crate::i18n::Strings) -> String {
        let mut all = Credit::default();
        for c in &self.credits {
            all.director |= c.director;
            all.writer |= c.writer;
            all.composer |= c.composer;
            all.cast |= c.cast;
        }
        all.named(strings)
    }
}

/// One film a person is credited on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Credit {
    /// The film, by index in the site's films.
    pub film: usize,
    /// Credited as a director.
    pub director: bool,
    /// Credited as a writer.
    pub writer: bool,
    /// Credited for the score.
    pub composer: bool,
    /// Credited in the cast.
    pub cast: bool,
}

/// What a film credits a person as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `directors`.
    Director,
    /// `writers`.
    Writer,
    /// `composers`.
    Composer,
    /// `cast`.
    Cast,
}

impl Credit {
    /// The roles of this credit as a page names them in the language of `strings`:
    /// "Director", "Writer, Composer".
    pub(crate) fn named(&self, strings: &crate::i18n::Strings) -> String {
        let names: Vec<&str> = [
            (self.director, "people.director"),
            (self.writer, "people.writer"),
            (self.composer, "people.composer"),
            (self.cast, "people.actor"),
        ]
        .into_iter()
        .filter(|&(has, _)| has)
        .map(|(_, key)| strings.get(key))
        .collect();
        names.join(strings.get("list.separator"))
    }

    fn add(&mut self, role: Role) {
        match role {
            Role::Director => self.director = true,
            Role::Writer => self.writer = true,
            Role::Composer => self.composer = true,
            Role::Cast => self.cast = true,
        }
    }
}

/// A person's films in numbers: over those with a Metascore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Career {
    /// Films with a Metascore.
    pub scored: usize,
    /// The mean of their Metascores, rounded half up.
    pub average: Option<u8>,
    /// The film with the highest Metascore (the newest of equals).
    pub best: Option<usize>,
    /// The film with the lowest Metascore (the newest of equals).
    pub worst: Option<usize>,
}

/// Every person credited on `films`, sorted by slug; cast members only when `cast` (a large
/// catalogue may leave their pages out; who also directs, writes or composes keeps a page,
/// with every film they are in). `by_year` is the site's films newest first, then by
/// title: the order of each person's films.
pub(crate) fn build(films: &[FilmEntry], by_year: &[usize], cast: bool) -> Vec<Person> {
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut credit = |name: &str, film: usize, role: Role, new: bool| {
        let slug = slugify(name);
        if slug.is_empty() || (!new && !people.contains_key(&slug)) {
            return;
        }
        let person = people.entry(slug.clone()).or_insert_with(|| Person {
            slug: Slug::verbatim(&slug),
            name: name.to_string(),
            credits: Vec::new(),
            career: Career::default(),
        });
        let at = match person.credits.iter().position(|c| c.film == film) {
            Some(at) => at,
            None => {
                person.credits.push(Credit {
                    film,
                    ..Credit::default()
                });
                person.credits.len() - 1
            }
        };
        person.credits[at].add(role);
    };
    for &film in by_year {
        let f = &films[film].film;
        for (names, role) in [
            (&f.directors, Role::Director),
            (&f.writers, Role::Writer),
            (&f.composers, Role::Composer),
        ] {
            for name in names {
                credit(name, film, role, true);
            }
        }
    }
    // The cast after every other role, so that without cast pages a director still has the
    // films they act in.
    for &film in by_year {
        for name in &films[film].film.cast {
            credit(name, film, Role::Cast, cast);
        }
    }
    let mut rank = vec![0; films.len()];
    for (at, &film) in by_year.iter().enumerate() {
        rank[film] = at;
    }
    let mut people: Vec<Person> = people.into_values().collect();
    for person in &mut people {
        person.credits.sort_by_key(|c| rank[c.film]);
    }
    refresh(&mut people, films);
    people
}

/// Computes every person's career again from the films' Metascores (after a film's reviews
/// changed, the people and their credits staying the same).
pub(crate) fn refresh(people: &mut [Person], films: &[FilmEntry]) {
    for person in people {
        person.career = career(&person.credits, films);
    }
}

/// The career of a person credited on `credits` (newest first).
fn career(credits: &[Credit], films: &[FilmEntry]) -> Career {
    let scored: Vec<(usize, u8)> = credits
        .iter()
        .filter_map(|c| Some((c.film, films[c.film].stats.metascore?)))
        .collect();
    if scored.is_empty() {
        return Career::default();
    }
    let sum: u128 = scored.iter().map(|&(_, m)| u128::from(m)).sum();
    // Credits run newest first: the first film met with a score is the newest of equals.
    let pick = |better: fn(u8, u8) -> bool| {
        scored
            .iter()
            .fold(None, |found: Option<(usize, u8)>, &(film, m)| match found {
                Some((_, best)) if !better(m, best) => found,
                _ => Some((film, m)),
            })
            .map(|(film, _)| film)
    };
    Career {
        scored: scored.len(),
        average: Some(score::round_half_up_ratio(sum, scored.len() as u128) as u8),
        best: pick(|m, best| m > best),
        worst: pick(|m, worst| m < worst),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::film::FilmStats;
    use crate::content::model::Film;

    /// A film of `year` with `directors`, `cast` and a Metascore (or none).
    fn film(
        slug: &str,
        year: u16,
        directors: &[&str],
        cast: &[&str],
        metascore: Option<u8>,
    ) -> FilmEntry {
        let mut film = Film::example(slug, slug, year, Vec::new());
        film.directors = directors.iter().map(|s| s.to_string()).collect();
        film.cast = cast.iter().map(|s| s.to_string()).collect();
        FilmEntry {
            film,
            stats: FilmStats {
                metascore,
                ..FilmStats::default()
            },
            bands: Vec::new(),
            top: Vec::new(),
            top_stats: None,
        }
    }

    #[test]
    fn a_person_is_one_page_for_every_role_and_spelling_of_their_name() {
        let films = [
            film("a", 2001, &["Ann Apple"], &["Bo Reed"], Some(70)),
            film(
                "b",
                2010,
                &["Bo Reed"],
                &["Ann Apple", "ann apple"],
                Some(81),
            ),
            film("c", 2010, &["Cy"], &["Ann Apple"], None),
        ];
        // Newest first, then by title ("b" before "c"): the site's by_year.
        let by_year = [1, 2, 0];
        let people = build(&films, &by_year, true);
        let slugs: Vec<&str> = people.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["ann-apple", "bo-reed", "cy"]);
        let ann = &people[0];
        assert_eq!(ann.name, "Ann Apple");
        let credits: Vec<(usize, bool, bool)> = ann
            .credits
            .iter()
            .map(|c| (c.film, c.director, c.cast))
            .collect();
        assert_eq!(
            credits,
            [(1, false, true), (2, false, true), (0, true, false)]
        );
        // Bo directs one film and acts in another: one page, both roles.
        let bo = &people[1];
        assert_eq!(
            bo.credits
                .iter()
                .map(|c| (c.film, c.director, c.cast))
                .collect::<Vec<_>>(),
            [(1, true, false), (0, false, true)]
        );
        // Without cast pages only the directors have one, with every film they are in.
        let directors = build(&films, &by_year, false);
        let slugs: Vec<&str> = directors.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["ann-apple", "bo-reed", "cy"]);
        assert_eq!(
            directors[0].credits, ann.credits,
            "Ann directs one film, acts in two"
        );
    }

    #[test]
    fn writers_and_composers_are_credited_with_every_role_they_have() {
        let mut both = film("a", 2001, &["Ann Apple"], &["Bo Reed"], Some(70));
        both.film.writers = vec!["Ann Apple".into(), "Cy".into()];
        both.film.composers = vec!["Cy".into()];
        let people = build(&[both], &[0], false);
        let named: Vec<(&str, String)> = people
            .iter()
            .map(|p| {
                (
                    p.slug.as_str(),
                    p.credits[0].named(&crate::i18n::Strings::built_in("en")),
                )
            })
            .collect();
        // Without cast pages, Bo (cast only) has none; the others keep theirs.
        assert_eq!(
            named,
            [
                ("ann-apple", "Director, Writer".to_string()),
                ("cy", "Writer, Composer".to_string())
            ]
        );
    }

    #[test]
    fn a_career_is_the_mean_of_the_scored_films_with_the_newest_of_equals_first() {
        let films = [
            film("a", 2001, &["Di"], &[], Some(60)),
            film("b", 2005, &["Di"], &[], Some(81)),
            film("c", 2009, &["Di"], &[], None),
            film("d", 2012, &["Di"], &[], Some(60)),
            film("e", 2015, &["Di"], &[], Some(81)),
        ];
        let by_year = [4, 3, 2, 1, 0];
        let di = &build(&films, &by_year, true)[0];
        // (60 + 81 + 60 + 81) / 4 = 70.5, 71 half up; the unscored film counts for nothing.
        assert_eq!(di.career.scored, 4);
        assert_eq!(di.career.average, Some(71));
        assert_eq!(di.career.best, Some(4), "81 in 2015 rather than 81 in 2005");
        assert_eq!(
            di.career.worst,
            Some(3),
            "60 in 2012 rather than 60 in 2001"
        );
        let none = &build(&films[2..3], &[0], true)[0];
        assert_eq!(none.career, Career::default());
    }
}
