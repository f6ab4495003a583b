use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::content::model::{Grade, Slug};

fn review(source: &str, critic: Option<&str>, publication: Option<&str>) -> Review {
    Review {
        critic: critic.map(String::from),
        critic_slug: critic.map(Slug::of),
        publication: publication.map(String::from),
        publication_slug: publication.map(Slug::of),
        date: None,
        url: None,
        grade: Grade::Ungraded,
        assigned: false,
        top_critic: false,
        language: None,
        imported_as: None,
        byline: true,
        verdict: None,
        excerpt_html: String::new(),
        source: PathBuf::from(source),
        id: String::new(),
        draft: false,
    }
}

const TOML: &str = "content/films/f-2001/reviews.toml";

fn ids(reviews: &mut [Review]) -> (Vec<String>, usize) {
    let problems = identify_reviews(reviews);
    (
        reviews.iter().map(|r| r.id.clone()).collect(),
        problems.len(),
    )
}

#[test]
fn files_are_named_by_their_file_and_entries_by_their_byline() {
    let mut reviews = vec![
        review(
            "content/films/f-2001/reviews/ann-apple--the-daily.md",
            Some("Ann Apple"),
            Some("The Daily"),
        ),
        review(
            "content/films/f-2001/reviews/ann-apple--the-daily-2.md",
            Some("Ann Apple"),
            Some("The Daily"),
        ),
        review(
            "content/films/f-2001/reviews/Odd Name--X.md",
            Some("Bo"),
            None,
        ),
        review("content/films/f-2001/reviews/---.md", None, None),
        review(TOML, None, Some("The Daily")),
        review(TOML, Some("***"), None),
        review(TOML, Some("Cy"), Some("Times")),
    ];
    reviews[5].byline = false;
    let (ids, problems) = ids(&mut reviews);
    assert_eq!(
        ids,
        [
            "ann-apple--the-daily",
            "ann-apple--the-daily-2",
            "odd-name--x",
            "review",
            "staff--the-daily",
            "unsigned",
            "cy--times"
        ]
    );
    assert_eq!(problems, 0);
}

#[test]
fn a_critic_and_a_publication_are_never_read_as_another_pair() {
    // "Ann Lee" at "Times" and "Ann" at "Lee Times" once shared `ann-lee-times`.
    let mut reviews = vec![
        review(TOML, Some("Ann Lee"), Some("Times")),
        review(TOML, Some("Ann"), Some("Lee Times")),
        review(TOML, Some("Staff 2"), None),
        review(TOML, None, None),
        review(TOML, Some("Staff"), Some("Variety 2")),
        review(TOML, None, Some("Variety")),
    ];
    let (ids, problems) = ids(&mut reviews);
    assert_eq!(
        ids,
        [
            "ann-lee--times",
            "ann--lee-times",
            "staff-2",
            "staff",
            "staff--variety-2",
            "staff--variety"
        ]
    );
    assert_eq!(problems, 0);
}

#[test]
fn two_reviews_with_one_id_are_an_error_naming_both() {
    let mut reviews = vec![
        review(
            "content/films/f-2001/reviews/ann--times.md",
            Some("Ann"),
            Some("Times"),
        ),
        review(TOML, Some("Ann"), Some("Times")),
        review(TOML, None, Some("Variety")),
        review(TOML, None, Some("Variety")),
    ];
    let problems = identify_reviews(&mut reviews);
    assert_eq!(problems.len(), 2);
    let first = problems[0].to_string();
    assert!(first.contains("E022"), "{first}");
    assert!(first.contains("#review-ann--times"), "{first}");
    assert!(first.contains("reviews/ann--times.md"), "{first}");
    assert!(problems[1].to_string().contains("once in reviews.toml"));
}

/// One review as the property test keeps it: where it lives and its byline.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    file: Option<String>,
    critic: Option<String>,
    publication: Option<String>,
}

#[derive(Debug, Clone)]
enum Step {
    AddFile(String, Entry),
    AddEntry(usize, Entry),
    Remove(usize),
    Rename(usize, Option<String>),
}

/// Names chosen from few letters, spaces and hyphens, so that slugs collide often.
fn name() -> impl Strategy<Value = String> {
    "[aAb ]{1,3}(-?[ab ]{0,2}){0,2}"
}

fn entry() -> impl Strategy<Value = Entry> {
    (proptest::option::of(name()), proptest::option::of(name())).prop_map(
        |(critic, publication)| Entry {
            file: None,
            critic,
            publication,
        },
    )
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (name(), entry()).prop_map(|(file, e)| Step::AddFile(file, e)),
        (0..8usize, entry()).prop_map(|(at, e)| Step::AddEntry(at, e)),
        (0..8usize).prop_map(Step::Remove),
        (0..8usize, proptest::option::of(name())).prop_map(|(at, c)| Step::Rename(at, c)),
    ]
}

/// The film's reviews in file order, each with the number it keeps for the whole history.
fn reviews_of(film: &[(usize, Entry)]) -> Vec<Review> {
    film.iter()
        .map(|(_, e)| {
            let source = match &e.file {
                Some(file) => format!("content/films/f-2001/reviews/{file}.md"),
                None => TOML.to_string(),
            };
            review(&source, e.critic.as_deref(), e.publication.as_deref())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random additions (in files and anywhere in reviews.toml), removals and renames never
    /// change another review's id, and never leave two reviews with one id unreported.
    #[test]
    fn ids_stay_put_and_never_repeat(steps in proptest::collection::vec(step(), 1..40)) {
        let mut film: Vec<(usize, Entry)> = Vec::new();
        let mut before: HashMap<usize, String> = HashMap::new();
        for (n, step) in steps.into_iter().enumerate() {
            let mut touched = None;
            match step {
                Step::AddFile(file, mut e) => {
                    // A folder holds one file of a name.
                    if film.iter().any(|(_, x)| x.file.as_deref() == Some(file.as_str())) {
                        continue;
                    }
                    e.file = Some(file);
                    film.push((n, e));
                }
                Step::AddEntry(at, e) => film.insert(at.min(film.len()), (n, e)),
                Step::Remove(at) if at < film.len() => {
                    film.remove(at);
                }
                Step::Rename(at, critic) if at < film.len() => {
                    film[at].1.critic = critic;
                    touched = Some(film[at].0);
                }
                _ => continue,
            }
            let mut reviews = reviews_of(&film);
            let problems = identify_reviews(&mut reviews);
            let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &reviews {
                *seen.entry(r.id.as_str()).or_default() += 1;
            }
            let repeated: usize = seen.values().map(|c| c - 1).sum();
            prop_assert_eq!(problems.len(), repeated, "each repeat of an id is reported");
            for ((number, _), r) in film.iter().zip(&reviews) {
                if Some(*number) != touched
                    && let Some(id) = before.get(number)
                {
                    prop_assert_eq!(id, &r.id, "another review's id moved");
                }
            }
            before = film.iter().zip(&reviews).map(|((number, _), r)| (*number, r.id.clone())).collect();
        }
    }

    /// Two bylines share an id only when their critics' and publications' slugs are equal.
    #[test]
    fn bylines_give_ids_one_to_one(a in entry(), b in entry()) {
        let mut reviews = vec![
            review(TOML, a.critic.as_deref(), a.publication.as_deref()),
            review(TOML, b.critic.as_deref(), b.publication.as_deref()),
        ];
        identify_reviews(&mut reviews);
        let same = reviews[0].critic_slug.as_ref().filter(|s| !s.is_empty()).map(|s| s.to_string())
            == reviews[1].critic_slug.as_ref().filter(|s| !s.is_empty()).map(|s| s.to_string())
            && reviews[0].publication_slug.as_ref().filter(|s| !s.is_empty()).map(|s| s.to_string())
                == reviews[1].publication_slug.as_ref().filter(|s| !s.is_empty()).map(|s| s.to_string());
        prop_assert_eq!(reviews[0].id == reviews[1].id, same);
    }
}
