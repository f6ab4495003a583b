//! The aggregate stage on small sites made in the tests: numbers, orders and lists.

use super::*;
use crate::content::model::{Date, Grade};
use crate::score::{Band, ScoreConfig};
use contributors::tenths;
use std::path::PathBuf;

fn review(critic: Option<&str>, grade: Grade, day: u8) -> Review {
    Review {
        critic: critic.map(String::from),
        critic_slug: critic.map(crate::content::model::Slug::of),
        publication: None,
        publication_slug: None,
        date: Date::new(2013, 7, day),
        url: None,
        grade,
        assigned: false,
        top_critic: false,
        language: None,
        imported_as: None,
        byline: true,
        verdict: None,
        excerpt_html: String::new(),
        id: String::new(),
        draft: false,
        source: PathBuf::from(format!("r{day}.md")),
    }
}

proptest::proptest! {
    /// When every scored review is dated, the timeline ends at the Metascore, and it
    /// starts once there are enough reviews for one.
    #[test]
    fn the_timeline_ends_at_the_metascore(
        reviews in proptest::collection::vec((0u8..=100, 1u8..=28, 0u32..3000), 0..40),
        min in 1u32..6,
    ) {
        let config = ScoreConfig { min_reviews: min, ..ScoreConfig::default() };
        let list: Vec<Review> = reviews
            .iter()
            .map(|&(score, day, weight)| Review {
                id: weight.to_string(),
                ..review(None, Grade::Score(score), day)
            })
            .collect();
        let weight = |r: &Review| r.id.parse::<u32>().unwrap();
        let points = film::timeline(&list, &config, weight);
        let stats = film_stats(&list, &config, weight);
        proptest::prop_assert_eq!(points.last().map(|p| p.1), stats.metascore);
        proptest::prop_assert!(points.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// Sorting by keys made once gives the order that comparing the keys gives.
    #[test]
    fn sorting_by_keys_made_once_is_sorting_by_the_keys(
        keys in proptest::collection::vec((0u8..4, 0u8..4), 0..300),
    ) {
        let key = |(f, r): ReviewRef| (Reverse(keys[f].0), keys[r].1, (f, r));
        let mut refs: Vec<ReviewRef> =
            (0..keys.len()).map(|f| (f, (f * 7) % keys.len())).rev().collect();
        let mut expected = refs.clone();
        expected.sort_by_key(|&a| key(a));
        sort_by_key(&mut refs, key);
        proptest::prop_assert_eq!(refs, expected);
    }
}

#[test]
fn merging_a_films_reviews_into_the_latest_is_sorting_them_all() {
    // Same dates across films and within one, and undated reviews that never appear.
    let films: Vec<FilmEntry> = (0..4)
        .map(|f| {
            let reviews = (0..6)
                .map(|r| {
                    let day = ((f * 7 + r * 3) % 5 + 1) as u8;
                    let mut review = review(None, Grade::Score(50), day);
                    if (f + r) % 4 == 0 {
                        review.date = None;
                    }
                    review
                })
                .collect();
            entry(
                film(&format!("f{f}"), reviews),
                &ScoreConfig::default(),
                |_| Some(1000),
                |_| false,
            )
        })
        .collect();
    let films = &films;
    let dated = |f: usize| {
        (0..films[f].film.reviews.len())
            .filter(move |&r| films[f].film.reviews[r].date.is_some())
            .map(move |r| (f, r))
    };
    let mut all: Vec<ReviewRef> = (0..films.len()).flat_map(dated).collect();
    sort_latest(&mut all, films);
    for f in 0..films.len() {
        let mut added: Vec<ReviewRef> = dated(f).collect();
        sort_latest(&mut added, films);
        let kept: Vec<ReviewRef> = all.iter().copied().filter(|&(g, _)| g != f).collect();
        assert_eq!(merge_sorted(&kept, &added, newer(films)), all, "film {f}");
    }
}

#[test]
fn tbd_until_min_reviews() {
    let c = ScoreConfig::default();
    let three: Vec<Review> = (1..=3).map(|d| review(None, Grade::Score(80), d)).collect();
    let stats = film_stats(&three, &c, |_| 1000);
    assert_eq!(
        (stats.metascore, stats.label, stats.needed),
        (None, None, 1)
    );
    let four: Vec<Review> = (1..=4).map(|d| review(None, Grade::Score(80), d)).collect();
    let stats = film_stats(&four, &c, |_| 1000);
    assert_eq!(stats.metascore, Some(80));
    assert_eq!(stats.label, Some("verdict.favorable"));
}

#[test]
fn unscored_reviews_count_in_nothing() {
    let mut reviews: Vec<Review> = (1..=4).map(|d| review(None, Grade::Score(50), d)).collect();
    reviews.push(review(None, Grade::Ungraded, 9));
    let stats = film_stats(&reviews, &ScoreConfig::default(), |_| 1000);
    assert_eq!((stats.scored, stats.unscored, stats.mixed), (4, 1, 4));
    assert_eq!(stats.metascore, Some(50));
}

#[test]
fn weights_pull_the_metascore() {
    let reviews: Vec<Review> = [100, 0, 0, 0]
        .iter()
        .enumerate()
        .map(|(i, &s)| review(None, Grade::Score(s), i as u8 + 1))
        .collect();
    let plain = film_stats(&reviews, &ScoreConfig::default(), |_| 1000);
    assert_eq!(plain.metascore, Some(25));
    let heavy = film_stats(&reviews, &ScoreConfig::default(), |r| {
        if r.grade.score() == Some(100) {
            3000
        } else {
            1000
        }
    });
    assert_eq!(heavy.metascore, Some(50));
}

#[test]
fn review_order_is_score_then_date_then_critic() {
    let mut reviews = [
        review(Some("B"), Grade::Score(70), 1),
        review(None, Grade::Ungraded, 5),
        review(Some("Z"), Grade::Score(90), 1),
        review(None, Grade::Score(70), 3),
        review(Some("A"), Grade::Score(70), 1),
        review(Some("C"), Grade::Score(70), 3),
    ];
    reviews.sort_by(review_order);
    let order: Vec<_> = reviews
        .iter()
        .map(|r| (r.critic.as_deref(), r.grade.score()))
        .collect();
    assert_eq!(
        order,
        [
            (Some("Z"), Some(90)),
            (Some("C"), Some(70)),
            (None, Some(70)),
            (Some("A"), Some(70)),
            (Some("B"), Some(70)),
            (None, None)
        ]
    );
}

fn film(slug: &str, reviews: Vec<Review>) -> Film {
    Film::example(slug, slug, 2000, reviews)
}

#[test]
fn critic_and_publication_statistics() {
    let by = |critic: &str, publication: &str, score: Option<u8>, day: u8| Review {
        publication: Some(publication.into()),
        publication_slug: Some(crate::content::model::Slug::of(publication)),
        ..review(
            Some(critic),
            score.map_or(Grade::Ungraded, Grade::Score),
            day,
        )
    };
    let a = film(
        "a",
        vec![
            by("Ada", "Ledger", Some(90), 1),
            by("Bo", "Ledger", Some(70), 2),
            by("Cy", "Post", Some(50), 3),
            by("Dee", "Post", Some(30), 4),
        ],
    );
    let b = film(
        "b",
        vec![by("Ada", "Ledger", Some(40), 5), by("Ada", "Post", None, 6)],
    );
    let site = build(
        Config::default(),
        Content {
            films: vec![a, b],
            ..Content::default()
        },
    );
    assert_eq!(site.films[0].stats.metascore, Some(60));
    assert_eq!(
        site.films[1].stats.metascore, None,
        "two scored reviews: tbd"
    );
    let ada = &site
        .critics
        .iter()
        .find(|(c, _)| c.slug.as_str() == "ada")
        .unwrap()
        .0;
    assert_eq!((ada.reviews.len(), ada.scored), (3, 2));
    assert_eq!(ada.average, Some(65.0));
    assert_eq!(
        (ada.versus_metascore, ada.compared),
        (Some(30.0), 1),
        "only film a has a Metascore"
    );
    assert_eq!(
        site.review(ada.reviews[0]).date,
        Date::new(2013, 7, 6),
        "newest first"
    );
    let post = &site
        .publications
        .iter()
        .find(|(p, _)| p.slug.as_str() == "post")
        .unwrap()
        .0;
    assert_eq!(
        (post.reviews.len(), post.scored, post.average),
        (3, 2, Some(40.0))
    );
    assert_eq!(
        post.versus_metascore,
        Some(-20.0),
        "(50 - 60 + 30 - 60) / 2"
    );
    assert_eq!(site.by_metascore, [0, 1], "tbd films last");
    assert_eq!(site.latest.len(), 6);
}

fn with_verdict(grade: Grade, verdict: Option<Band>, day: u8) -> Review {
    Review {
        verdict,
        ..review(None, grade, day)
    }
}

#[test]
fn the_verdict_decides_the_band_over_the_score() {
    let c = ScoreConfig::default();
    assert_eq!(
        band(&with_verdict(Grade::Score(63), Some(Band::Negative), 1), &c),
        Some(Band::Negative)
    );
    assert_eq!(
        band(&with_verdict(Grade::Score(63), None, 1), &c),
        Some(Band::Positive)
    );
    assert_eq!(
        band(&with_verdict(Grade::Ungraded, Some(Band::Mixed), 1), &c),
        Some(Band::Mixed)
    );
    assert_eq!(band(&with_verdict(Grade::Ungraded, None, 1), &c), None);
}

#[test]
fn distribution_counts_every_banded_review_and_the_metascore_only_scored_ones() {
    let c = ScoreConfig::default();
    let reviews = [
        with_verdict(Grade::Score(80), None, 1),
        with_verdict(Grade::Score(50), None, 2),
        with_verdict(Grade::Score(30), None, 3),
        with_verdict(Grade::Score(63), Some(Band::Negative), 4),
        with_verdict(Grade::Ungraded, Some(Band::Positive), 5),
        with_verdict(Grade::Ungraded, Some(Band::Positive), 6),
        with_verdict(Grade::Ungraded, None, 7),
    ];
    let s = film_stats(&reviews, &c, |_| 1000);
    assert_eq!((s.scored, s.unscored, s.banded), (4, 3, 6));
    assert_eq!((s.positive, s.mixed, s.negative), (3, 1, 2));
    assert_eq!(s.metascore, Some(56), "(80 + 50 + 30 + 63) / 4 = 55.75");
    assert_eq!(
        (s.percent_positive, s.freshness),
        (Some(50), Some("Rotten"))
    );
    assert_eq!(consensus(&s, &c), Some(Band::Mixed));
}

#[test]
fn percent_positive_edge_cases() {
    let c = ScoreConfig::default();
    let none = film_stats(&[with_verdict(Grade::Ungraded, None, 1)], &c, |_| 1000);
    assert_eq!(
        (none.banded, none.percent_positive, none.freshness),
        (0, None, None)
    );
    assert_eq!(consensus(&none, &c), None);
    let all_mixed: Vec<Review> = (1..=5)
        .map(|d| with_verdict(Grade::Ungraded, Some(Band::Mixed), d))
        .collect();
    let s = film_stats(&all_mixed, &c, |_| 1000);
    assert_eq!(
        (s.percent_positive, s.freshness, s.metascore),
        (Some(0), Some("Rotten"), None)
    );
    assert_eq!(
        consensus(&s, &c),
        Some(Band::Negative),
        "no Metascore: Rotten reads as negative"
    );
    let fresh: Vec<Review> = (1..=5)
        .map(|d| {
            with_verdict(
                Grade::Ungraded,
                Some(if d <= 3 {
                    Band::Positive
                } else {
                    Band::Negative
                }),
                d,
            )
        })
        .collect();
    let s = film_stats(&fresh, &c, |_| 1000);
    assert_eq!(
        (s.percent_positive, s.freshness),
        (Some(60), Some("Fresh")),
        "60% is the default threshold"
    );
    assert_eq!(consensus(&s, &c), Some(Band::Positive));
    let strict = ScoreConfig { fresh: 61, ..c };
    assert_eq!(
        film_stats(&fresh, &strict, |_| 1000).freshness,
        Some("Rotten")
    );
}

#[test]
fn tenths_round_half_away_from_zero() {
    assert_eq!(tenths(1, 4), 0.3); // 0.25
    assert_eq!(tenths(-1, 4), -0.3);
    assert_eq!(tenths(241, 3), 80.3);
    assert_eq!(tenths(0, 3), 0.0);
}
