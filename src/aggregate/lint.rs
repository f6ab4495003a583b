//! Checks across files: problems no single file shows, such as a critic reviewing the same
//! film twice or a publication spelled two ways. They are warnings (errors with `--strict`),
//! because each file is valid on its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::content::model::{Content, Film, Review, Slug, slugify};
use crate::diagnostic::{Code, Diagnostic};

/// A name reduced to its letters and digits, lowercased: "The A.V. Club" and "The AV Club"
/// both become "theavclub".
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

use crate::score::fraction;

/// The kinds of names a review carries, as warnings name them; [`lint`] keeps its tables
/// of names by their index here.
const KINDS: [&str; 3] = ["critic", "publication", "person"];

/// A warning for each `[[nav]]` link of `config` to a draft film or page, which `build`
/// leaves out: the link would be broken on every page. `config_text` (config.toml) locates
/// it.
pub(crate) fn navigation(
    config: &crate::config::Config,
    content: &Content,
    config_text: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in &config.nav {
        if !item.url.starts_with('/') || item.url.starts_with("//") {
            continue;
        }
        let path = item.url.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_start_matches('/');
        let path = match path.rsplit('/').next() {
            Some(last) if !last.is_empty() && !last.contains('.') => format!("{path}/"),
            _ => path.to_string(),
        };
        let path = path.strip_suffix("index.html").unwrap_or(&path);
        if let Some((_, source)) = content.drafts_left_out.iter().find(|(p, _)| p == path) {
            let warning = Diagnostic::warning(
                Code::W015,
                std::path::Path::new("config.toml"),
                format!(
                    "the navigation link `{}` leads to {}, a draft: `build` leaves it out, so the link is broken on every page",
                    item.title,
                    source.display()
                ),
            )
            .help("publish it (remove `draft = true`), or remove the link until it is ready");
            let quoted = format!("\"{}\"", item.url);
            out.push(
                match config_text.and_then(|t| Some((t, t.find(&quoted)?))) {
                    Some((text, at)) => warning.at(text, at..at + quoted.len()),
                    None => warning,
                },
            );
        }
    }
    out
}

/// Scores out of 100 that look like stars or marks out of 10: every `score` of a film (or,
/// with two or more, of a critic) is 10 or less. A five-star "5" read as 5 out of 100 puts a
/// favourite among the worst-reviewed films, without a word otherwise.
fn small_scores(films: &[&Film]) -> Vec<Diagnostic> {
    let score = |r: &Review| match r.grade {
        crate::content::model::Grade::Score(s) => Some(s),
        _ => None,
    };
    let mut by_critic: BTreeMap<&Slug, (usize, bool)> = BTreeMap::new();
    for review in films.iter().flat_map(|f| &f.reviews) {
        if let (Some(critic), Some(s)) = (&review.critic_slug, score(review)) {
            let (count, all_small) = by_critic.entry(critic).or_insert((0, true));
            *count += 1;
            *all_small &= s <= 10;
        }
    }
    let mut out = Vec::new();
    for film in films {
        let scores: Vec<u8> = film.reviews.iter().filter_map(score).collect();
        let film_small = !scores.is_empty() && scores.iter().all(|&s| s <= 10);
        for review in &film.reviews {
            let Some(s) = score(review).filter(|&s| s <= 10) else {
                continue;
            };
            let critic_small = review
                .critic_slug
                .as_ref()
                .and_then(|c| by_critic.get(c))
                .is_some_and(|&(count, all_small)| count >= 2 && all_small);
            let whose = match (film_small, critic_small) {
                (true, _) => "every score of this film",
                (false, true) => "every score of this critic",
                (false, false) => continue,
            };
            out.push(
                Diagnostic::warning(
                    Code::W008,
                    &review.source,
                    format!(
                        "score {s} is out of 100, but {whose} is 10 or less: it looks like stars or a mark out of 10"
                    ),
                )
                .help(format!(
                    "for {s} stars write rating = \"{s}/5\" (or \"{s} stars\"), for {s} out of 10 rating = \"{s}/10\"; keep score = {s} only if it is out of 100"
                )),
            );
        }
    }
    out
}

/// Every cross-file warning of the films, in a stable order. Given every film of the site,
/// whether a full build read them all or the preview read one again.
pub(crate) fn lint(films: &[&Film]) -> Vec<Diagnostic> {
    let mut out = small_scores(films);
    // By kind (its index in `KINDS`) and folded name: the spellings met.
    let mut spellings: BTreeMap<(usize, String), BTreeSet<&str>> = BTreeMap::new();
    // Per kind of name (critic, publication): where each name is first met. Hashed, not
    // ordered: every review looks its names up here, and only the set of names matters.
    let mut first_use: [HashMap<&str, &std::path::Path>; 3] = Default::default();
    let mut titles: BTreeMap<(String, u16), Vec<&std::path::Path>> = BTreeMap::new();
    // Per critic: the scale (denominator) of each fraction rating, with its review.
    let mut scales: BTreeMap<&Slug, Vec<(u32, &Review)>> = BTreeMap::new();
    for film in films {
        titles
            .entry((film.title.to_lowercase(), film.year))
            .or_default()
            .push(&film.source);
        // The people who made it: directors, writers, composers and cast.
        for name in [&film.directors, &film.writers, &film.composers, &film.cast]
            .into_iter()
            .flatten()
        {
            first_use[2].entry(name).or_insert(&film.source);
        }
        let mut critics: BTreeMap<&Slug, &std::path::Path> = BTreeMap::new();
        for review in &film.reviews {
            if let Some((critic, slug)) = review.critic_named()
                && let Some(earlier) = critics.insert(slug, &review.source)
                && earlier != review.source
            {
                out.push(
                    Diagnostic::warning(
                        Code::W004,
                        &review.source,
                        format!("{critic} reviews this film twice"),
                    )
                    .help(format!(
                        "the other review is {}; remove one, or fix the critic's name",
                        earlier.display()
                    )),
                );
            }
            if let Some((critic, (numerator, scale))) = review
                .critic_slug
                .as_ref()
                .zip(review.grade.rating().and_then(fraction))
            {
                scales.entry(critic).or_default().push((scale, review));
                if scale == 100 && numerator > 0.0 && numerator <= 10.0 {
                    out.push(
                        Diagnostic::warning(
                            Code::W008,
                            &review.source,
                            format!("the rating {} looks like a mark out of 10 written out of 100", review.grade.rating().unwrap_or_default()),
                        )
                        .help(format!("if the critic gave {numerator} out of 10, write rating = \"{numerator}/10\"; for a score out of 100 use `score`")),
                    );
                }
            }
            if let Some(date) = review.date
                && date.year < film.year
            {
                out.push(
                    Diagnostic::warning(Code::W006, &review.source, format!("this review is dated {date}, before the film's year {}", film.year))
                        .help("check the date and the film's `year`; festival reviews before release are possible"),
                );
            }
            for (uses, name) in first_use
                .iter_mut()
                .zip([&review.critic, &review.publication])
            {
                if let Some(name) = name {
                    uses.entry(name).or_insert(&review.source);
                }
            }
        }
    }
    // Each name met once, however many reviews carry it.
    for (k, uses) in first_use.iter().enumerate() {
        for &name in uses.keys() {
            spellings.entry((k, folded(name))).or_default().insert(name);
        }
    }
    for (&(k, _), names) in &spellings {
        if names.len() > 1 {
            let kind = KINDS[k];
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let last = names.iter().next_back().expect("more than one");
            let path = first_use[k][last];
            let slugs: BTreeSet<String> = names.iter().map(|n| slugify(n)).collect();
            let effect = if slugs.len() == 1 {
                "they share one page, under the first spelling".to_string()
            } else {
                format!("they become {} different {kind} pages", slugs.len())
            };
            out.push(
                Diagnostic::warning(
                    Code::W005,
                    path,
                    format!("the {kind} is spelled {}: {effect}", list.join(" and ")),
                )
                .help(format!("use one spelling for the {kind} everywhere")),
            );
        }
    }
    for reviews in scales.values() {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for (scale, _) in reviews {
            *counts.entry(*scale).or_default() += 1;
        }
        // A critic who rates almost always on one scale: the odd ones out are likely typos.
        let (&usual, &n) = counts.iter().max_by_key(|(_, n)| **n).expect("not empty");
        if counts.len() < 2 || n < 3 || n * 4 < reviews.len() * 3 {
            continue;
        }
        for (scale, review) in reviews.iter().filter(|(s, _)| *s != usual) {
            out.push(
                Diagnostic::warning(
                    Code::W008,
                    &review.source,
                    format!(
                        "{} rates out of {usual} in {n} of {} reviews, but this rating is {} (out of {scale})",
                        review.critic.as_deref().unwrap_or_default(),
                        reviews.len(),
                        review.grade.rating().unwrap_or_default()
                    ),
                )
                .help(format!("check the scale; if the critic gave it out of {usual}, write the rating that way")),
            );
        }
    }
    for ((_, year), paths) in &titles {
        if paths.len() > 1 {
            for path in &paths[1..] {
                out.push(
                    Diagnostic::warning(
                        Code::W007,
                        path,
                        format!("another film has the same title and year ({year})"),
                    )
                    .help(format!(
                        "{} is the other one; if they are the same film, merge the folders",
                        paths[0].display()
                    )),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_all(content: &Content) -> Vec<Diagnostic> {
        lint(&content.films.iter().collect::<Vec<_>>())
    }
    use crate::content::model::{Date, Film, Grade, Review};
    use std::path::PathBuf;

    fn review(critic: &str, publication: &str, year: u16, file: &str) -> Review {
        Review {
            critic: Some(critic.into()),
            critic_slug: Some(crate::content::model::Slug::of(critic)),
            publication: Some(publication.into()),
            publication_slug: Some(crate::content::model::Slug::of(publication)),
            date: Date::new(year, 1, 2),
            url: None,
            grade: Grade::Score(50),
            assigned: false,
            top_critic: false,
            language: None,
            imported_as: None,
            byline: true,
            verdict: None,
            excerpt_html: String::new(),
            id: String::new(),
            draft: false,
            source: PathBuf::from(file),
        }
    }

    #[test]
    fn finds_what_no_single_file_shows() {
        let mut directed = Film::example(
            "a-2000",
            "A",
            2000,
            vec![
                review("Ann", "The A.V. Club", 2000, "a1.md"),
                review("ann", "The AV Club", 2000, "a2.md"),
            ],
        );
        directed.directors = vec!["LIO VARGA".into()];
        let mut acted = Film::example(
            "a-2000-2",
            "a",
            2000,
            vec![review("Ben", "Post", 1999, "b1.md")],
        );
        acted.cast = vec!["Lio Varga".into()];
        let content = Content {
            films: vec![directed, acted],
            ..Content::default()
        };
        let found: Vec<(&str, String)> = lint_all(&content)
            .iter()
            .map(|d| (d.code.as_str(), d.path.display().to_string()))
            .collect();
        assert_eq!(
            found,
            [
                ("W004", "a2.md".to_string()),
                ("W006", "b1.md".to_string()),
                ("W005", "a2.md".to_string()),
                ("W005", "a2.md".to_string()),
                ("W005", "content/films/a-2000-2/index.md".to_string()),
                ("W007", "content/films/a-2000-2/index.md".to_string()),
            ]
        );
        let messages: Vec<String> = lint_all(&content)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`The A.V. Club` and `The AV Club`")
                    && m.contains("2 different publication pages")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`Ann` and `ann`") && m.contains("share one page")),
            "{messages:?}"
        );
    }

    #[test]
    fn a_rating_on_an_unusual_scale_is_pointed_out() {
        let rated = |critic: &str, rating: &str, file: &str| Review {
            grade: Grade::Rating {
                original: rating.into(),
                score: 50,
            },
            ..review(critic, "Post", 2000, file)
        };
        let film = |slug: &str, reviews| Film::example(slug, slug, 2000, reviews);
        let content = Content {
            films: vec![
                film(
                    "a-2000",
                    vec![rated("Ann", "3/4", "a.md"), rated("Cy", "7/100", "c.md")],
                ),
                film(
                    "b-2000",
                    vec![rated("Ann", "2.5/4", "b.md"), rated("Ben", "3/5", "x.md")],
                ),
                film(
                    "d-2000",
                    vec![rated("Ann", "4/4", "d.md"), rated("Ben", "4/10", "y.md")],
                ),
                film("e-2000", vec![rated("Ann", "3/5", "e.md")]),
            ],
            ..Content::default()
        };
        let found: Vec<(&str, String, String)> = lint_all(&content)
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.path.display().to_string(),
                    d.message.clone(),
                )
            })
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "c.md");
        assert!(found[0].2.contains("out of 10"));
        assert_eq!(found[1].1, "e.md");
        assert_eq!(
            found[1].2,
            "Ann rates out of 4 in 3 of 4 reviews, but this rating is 3/5 (out of 5)"
        );
    }

    #[test]
    fn scores_that_look_like_stars_are_pointed_out_by_film_and_by_critic() {
        let scored = |critic: &str, score: u8, file: &str| Review {
            grade: Grade::Score(score),
            ..review(critic, "Post", 2000, file)
        };
        let film = |slug: &str, reviews| Film::example(slug, slug, 2000, reviews);
        let content = Content {
            films: vec![
                // Every score of the film is 10 or less.
                film(
                    "a-2000",
                    vec![scored("Ann", 5, "a1.md"), scored("Ben", 4, "a2.md")],
                ),
                // Dee's every score is 10 or less, beside others' scores out of 100.
                film(
                    "b-2000",
                    vec![scored("Dee", 8, "b1.md"), scored("Eve", 80, "b2.md")],
                ),
                film(
                    "c-2000",
                    vec![
                        scored("Dee", 3, "c1.md"),
                        scored("Eve", 5, "c2.md"),
                        scored("Fay", 70, "c3.md"),
                    ],
                ),
            ],
            ..Content::default()
        };
        let found: Vec<(String, String)> = lint_all(&content)
            .iter()
            .filter(|d| d.code == Code::W008)
            .map(|d| (d.path.display().to_string(), d.message.clone()))
            .collect();
        let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(files, ["a1.md", "a2.md", "b1.md", "c1.md"], "{found:?}");
        assert!(
            found[0]
                .1
                .contains("every score of this film is 10 or less")
        );
        assert!(found[2].1.contains("every score of this critic"));
    }

    #[test]
    fn a_clean_site_has_no_warnings() {
        let content = Content {
            films: vec![Film::example(
                "a-2000",
                "A",
                2000,
                vec![
                    review("Ann", "Post", 2000, "a1.md"),
                    review("Ben", "Post", 2001, "a2.md"),
                ],
            )],
            ..Content::default()
        };
        assert!(lint_all(&content).is_empty());
    }
}
