//! Checks across files: problems no single file shows, such as a critic reviewing the same
//! film twice or a publication spelled two ways. They are warnings (errors with `--strict`),
//! because each file is valid on its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::model::{Content, slugify};

/// A name reduced to its letters and digits, lowercased: "The A.V. Club" and "The AV Club"
/// both become "theavclub".
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every cross-file warning of the content, in a stable order.
pub fn lint(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut spellings: BTreeMap<(&str, String), BTreeSet<&str>> = BTreeMap::new();
    let mut first_use: BTreeMap<(&str, &str), &std::path::Path> = BTreeMap::new();
    let mut titles: BTreeMap<(String, u16), Vec<&std::path::Path>> = BTreeMap::new();
    for film in &content.films {
        titles
            .entry((film.title.to_lowercase(), film.year))
            .or_default()
            .push(&film.source);
        let mut critics: BTreeMap<String, &std::path::Path> = BTreeMap::new();
        for review in &film.reviews {
            if let Some(critic) = &review.critic
                && let Some(earlier) = critics.insert(slugify(critic), &review.source)
                && earlier != review.source
            {
                out.push(
                    Diagnostic::warning(
                        "W004",
                        &review.source,
                        format!("{critic} reviews this film twice"),
                    )
                    .help(format!(
                        "the other review is {}; remove one, or fix the critic's name",
                        earlier.display()
                    )),
                );
            }
            if let Some(date) = review.date
                && date.year < film.year
            {
                out.push(
                    Diagnostic::warning("W006", &review.source, format!("this review is dated {date}, before the film's year {}", film.year))
                        .help("check the date and the film's `year`; festival reviews before release are possible"),
                );
            }
            for (kind, name) in [
                ("critic", &review.critic),
                ("publication", &review.publication),
            ] {
                if let Some(name) = name {
                    spellings
                        .entry((kind, folded(name)))
                        .or_default()
                        .insert(name);
                    first_use.entry((kind, name)).or_insert(&review.source);
                }
            }
        }
    }
    for ((kind, _), names) in &spellings {
        if names.len() > 1 {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let last = names.iter().next_back().expect("more than one");
            let path = first_use[&(*kind, *last)];
            let slugs: BTreeSet<String> = names.iter().map(|n| slugify(n)).collect();
            let effect = if slugs.len() == 1 {
                "they share one page, under the first spelling".to_string()
            } else {
                format!("they become {} different {kind} pages", slugs.len())
            };
            out.push(
                Diagnostic::warning(
                    "W005",
                    path,
                    format!("the {kind} is spelled {}: {effect}", list.join(" and ")),
                )
                .help(format!("use one spelling for the {kind} everywhere")),
            );
        }
    }
    for ((_, year), paths) in &titles {
        if paths.len() > 1 {
            for path in &paths[1..] {
                out.push(
                    Diagnostic::warning(
                        "W007",
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
    use crate::model::{Date, Film, Grade, Review};
    use std::path::PathBuf;

    fn review(critic: &str, publication: &str, year: u16, file: &str) -> Review {
        Review {
            critic: Some(critic.into()),
            publication: Some(publication.into()),
            date: Date::new(year, 1, 2),
            url: None,
            grade: Grade::Score(50),
            assigned: false,
            verdict: None,
            excerpt_html: String::new(),
            source: PathBuf::from(file),
        }
    }

    #[test]
    fn finds_what_no_single_file_shows() {
        let content = Content {
            films: vec![
                Film::example(
                    "a-2000",
                    "A",
                    2000,
                    vec![
                        review("Ann", "The A.V. Club", 2000, "a1.md"),
                        review("ann", "The AV Club", 2000, "a2.md"),
                    ],
                ),
                Film::example(
                    "a-2000-2",
                    "a",
                    2000,
                    vec![review("Ben", "Post", 1999, "b1.md")],
                ),
            ],
            ..Content::default()
        };
        let found: Vec<(&str, String)> = lint(&content)
            .iter()
            .map(|d| (d.code, d.path.display().to_string()))
            .collect();
        assert_eq!(
            found,
            [
                ("W004", "a2.md".to_string()),
                ("W006", "b1.md".to_string()),
                ("W005", "a2.md".to_string()),
                ("W005", "a2.md".to_string()),
                ("W007", "content/films/a-2000-2/index.md".to_string()),
            ]
        );
        let messages: Vec<String> = lint(&content).iter().map(|d| d.message.clone()).collect();
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
        assert!(lint(&content).is_empty());
    }
}
