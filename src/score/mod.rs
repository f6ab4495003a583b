//! Score arithmetic: normalising critics' ratings to 0-100, the weighted Metascore, its label,
//! and each review's band.
//!
//! Everything is exact integer arithmetic. Publication weights are held in thousandths, so a
//! weighted mean is a ratio of integers and "round half up" never depends on how a float
//! happens to land: an 80.5 average is always 81.

use serde::{Deserialize, Serialize};

/// Letter grades and their 0-100 equivalents (Metacritic's conversion table).
pub(crate) const LETTER_GRADES: [(&str, u8); 13] = [
    ("A+", 100),
    ("A", 100),
    ("A-", 91),
    ("B+", 83),
    ("B", 75),
    ("B-", 67),
    ("C+", 58),
    ("C", 50),
    ("C-", 42),
    ("D+", 33),
    ("D", 25),
    ("D-", 16),
    ("F", 0),
];

/// The usual denominators of a fractional rating ("3.5/4", "8/10"). Any whole scale from 2 to
/// 100 is accepted (critics grade out of 6, 8 or 20 too); others get a note, in case the
/// rating was mistyped.
pub(crate) const SCALES: [u32; 4] = [4, 5, 10, 100];

/// The smallest and largest scale a fractional rating may have.
pub(crate) const SCALE_RANGE: std::ops::RangeInclusive<u32> = 2..=100;

mod forms;

pub(crate) use forms::{Form, form};

/// Why a rating string could not be normalised; the message is shown to the author.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    /// Not a fraction, stars or a letter grade.
    #[error(
        "`{0}` is not a rating Marquee understands: use a fraction like \"3.5/4\", stars like \"★★★½\" or \"3.5 stars\" (out of 5), \"4 out of 5\", or a letter grade like \"B+\""
    )]
    Unrecognised(String),
    /// A number with nothing to say what it is out of.
    #[error(
        "`{0}` is a number with no scale: write what it is out of, like \"{0}/10\", \"{0} stars\" (out of 5) or \"{0} out of 4\"; a score out of 100 is `score = ...`, without quotes"
    )]
    Bare(String),
    /// A fraction whose scale is not a whole number in [`SCALE_RANGE`].
    #[error("`{0}` is out of {1}, but ratings must be out of a whole number from 2 to 100")]
    UnsupportedScale(String, String),
    /// A fraction above its scale or otherwise out of range.
    #[error("`{0}` is outside its scale: the first number must be from 0 to {1}")]
    OutOfRange(String, u32),
}

/// Normalises a critic's rating to 0-100: "x/y" becomes round(100*x/y), halves up; letter
/// grades use [`LETTER_GRADES`], in either case ("b+" is "B+"). Stars and words are read as
/// one of these first (see [`form`]).
pub fn normalise_rating(rating: &str) -> Result<u8, RatingError> {
    let (num, den) = match form(rating) {
        Form::Fraction { value, scale } => (value, scale),
        Form::Letter(letter) => {
            return LETTER_GRADES
                .iter()
                .find(|(grade, _)| grade.eq_ignore_ascii_case(&letter))
                .map(|&(_, score)| score)
                .ok_or_else(|| RatingError::Unrecognised(rating.to_string()));
        }
        Form::Bare(_) => return Err(RatingError::Bare(rating.trim().to_string())),
        Form::Unknown => return Err(RatingError::Unrecognised(rating.to_string())),
    };
    let (num, den) = (num.as_str(), den.as_str());
    let scale: u32 = match den.parse() {
        Ok(d) if SCALE_RANGE.contains(&d) && den.bytes().all(|b| b.is_ascii_digit()) => d,
        _ => {
            return Err(RatingError::UnsupportedScale(
                rating.to_string(),
                den.to_string(),
            ));
        }
    };
    let (units, tenths_pow) =
        parse_decimal(num).ok_or_else(|| RatingError::Unrecognised(rating.to_string()))?;
    // num = units / 10^p; score = round_half_up(100 * units / (10^p * scale)).
    let denominator = 10u128.pow(tenths_pow) * u128::from(scale);
    if units > denominator {
        return Err(RatingError::OutOfRange(rating.to_string(), scale));
    }
    let score = round_half_up_ratio(100 * units, denominator);
    Ok(u8::try_from(score).expect("a fraction within its scale is at most 100"))
}

/// A rating in a scale, as its value and its scale ("★★★½" is 3.5 out of 5); `None` for
/// letter grades and what is not a rating.
pub(crate) fn fraction(rating: &str) -> Option<(f64, u32)> {
    match form(rating) {
        Form::Fraction { value, scale } => Some((value.parse().ok()?, scale.parse().ok()?)),
        _ => None,
    }
}

/// The scale of a rating when it is not one of the usual [`SCALES`] ("5/6": 6).
pub(crate) fn unusual_scale(rating: &str) -> Option<u32> {
    let (_, scale) = fraction(rating)?;
    (!SCALES.contains(&scale)).then_some(scale)
}

/// Parses "3", "3.5", "0.25" into (digits as an integer, number of decimals); rejects signs,
/// exponents and anything over 6 decimals.
fn parse_decimal(s: &str) -> Option<(u128, u32)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 6 || int.len() > 6 {
        return None;
    }
    if s.contains('.') && frac.is_empty() {
        return None;
    }
    let units: u128 = format!("{int}{frac}").parse().ok()?;
    Some((units, frac.len() as u32))
}

/// `num / den` rounded to the nearest integer, halves up (both non-negative, `den > 0`).
pub(crate) fn round_half_up_ratio(num: u128, den: u128) -> u128 {
    (2 * num + den) / (2 * den)
}

/// Weighted mean of `(score, weight in thousandths)` pairs, rounded half up; `None` when there
/// is nothing to average.
pub(crate) fn weighted_mean(scores: impl IntoIterator<Item = (u8, u32)>) -> Option<u8> {
    let (mut num, mut den) = (0u128, 0u128);
    for (score, weight) in scores {
        num += u128::from(score) * u128::from(weight);
        den += u128::from(weight);
    }
    (den > 0).then(|| round_half_up_ratio(num, den) as u8)
}

/// The band a score falls in: the colour of its badge and its column in the distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// At or above the positive threshold (61 by default).
    Positive,
    /// Between the two thresholds.
    Mixed,
    /// Below the mixed threshold (40 by default).
    Negative,
}

impl Band {
    /// The band's name as written in JSON, CSS classes and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Positive => "positive",
            Band::Mixed => "mixed",
            Band::Negative => "negative",
        }
    }
}

/// Which of a film's two numbers the site shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Show {
    /// Only the Metascore.
    Metascore,
    /// Only the share of positive reviews.
    Percent,
    /// Both, side by side.
    Both,
}

/// Score thresholds and the minimum numbers of reviews for each metric (`[scores]` in
/// `config.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreConfig {
    /// Scored reviews a film needs before its Metascore is shown ("tbd" until then).
    pub min_reviews: u32,
    /// Lowest score that counts as positive.
    pub positive: u8,
    /// Lowest score that counts as mixed; anything lower is negative.
    pub mixed: u8,
    /// Reviews with a band a film needs before its % positive is shown.
    pub percent_positive_min_reviews: u32,
    /// Lowest % positive labelled "Fresh"; below is "Rotten".
    pub fresh: u8,
    /// Which numbers the site shows: "metascore", "percent" or "both".
    pub show: Show,
    /// Scored reviews a film needs to be ranked on a "best of" list (Metacritic uses 7).
    pub min_reviews_for_lists: u32,
    /// Lowest Metascore that earns the "Must-see" badge.
    pub must_see_score: u8,
    /// Scored reviews a film needs for the "Must-see" badge.
    pub must_see_reviews: u32,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            min_reviews: 4,
            positive: 61,
            mixed: 40,
            percent_positive_min_reviews: 5,
            fresh: 60,
            show: Show::Both,
            min_reviews_for_lists: 7,
            must_see_score: 81,
            must_see_reviews: 15,
        }
    }
}

impl ScoreConfig {
    /// The % positive of `positive` out of `banded` reviews, rounded half up, once there are
    /// enough banded reviews.
    pub fn percent_positive(&self, positive: usize, banded: usize) -> Option<u8> {
        let min = (self.percent_positive_min_reviews as usize).max(1);
        (banded >= min).then(|| round_half_up_ratio(100 * positive as u128, banded as u128) as u8)
    }

    /// "Fresh" at or above the `fresh` threshold, "Rotten" below.
    pub fn freshness(&self, percent: u8) -> &'static str {
        if percent >= self.fresh {
            "Fresh"
        } else {
            "Rotten"
        }
    }

    /// Whether a film with this Metascore from `scored` reviews gets the "Must-see" badge.
    pub fn must_see(&self, metascore: Option<u8>, scored: usize) -> bool {
        metascore.is_some_and(|m| m >= self.must_see_score)
            && scored >= self.must_see_reviews as usize
    }

    /// The band of one review's score.
    pub fn band(&self, score: u8) -> Band {
        if score >= self.positive {
            Band::Positive
        } else if score >= self.mixed {
            Band::Mixed
        } else {
            Band::Negative
        }
    }
}

/// The verdict shown beside a Metascore ("Generally favorable reviews" and so on), as the
/// key of its message in the language files. The bands are Metacritic's and fixed: 81, 61,
/// 40 and 20.
pub(crate) fn label(metascore: u8) -> &'static str {
    match metascore {
        81.. => "verdict.universal_acclaim",
        61..=80 => "verdict.favorable",
        40..=60 => "verdict.mixed",
        20..=39 => "verdict.unfavorable",
        _ => "verdict.dislike",
    }
}

/// The CSS class of a Metascore badge: the band its label falls in.
pub(crate) fn metascore_band(metascore: u8) -> Band {
    match metascore {
        61.. => Band::Positive,
        40..=60 => Band::Mixed,
        _ => Band::Negative,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fractions_normalise_with_halves_up() {
        assert_eq!(normalise_rating("3.5/4"), Ok(88));
        assert_eq!(normalise_rating("3/4"), Ok(75));
        assert_eq!(normalise_rating("1/8"), Ok(13));
        assert_eq!(normalise_rating("2.5/5"), Ok(50));
        assert_eq!(normalise_rating("1/4"), Ok(25));
        assert_eq!(normalise_rating("0.5/4"), Ok(13)); // 12.5 rounds up
        assert_eq!(normalise_rating("8/10"), Ok(80));
        assert_eq!(normalise_rating("7.25/10"), Ok(73)); // 72.5 rounds up
        assert_eq!(normalise_rating("72.5/100"), Ok(73));
        assert_eq!(normalise_rating("0/5"), Ok(0));
        assert_eq!(normalise_rating("5/5"), Ok(100));
        assert_eq!(normalise_rating(" 4 / 5 "), Ok(80));
        assert_eq!(normalise_rating("1/3"), Ok(33));
    }

    #[test]
    fn fractions_reject_what_is_not_a_rating() {
        for bad in [
            "5/4", "4/0", "-1/4", "1e2/100", "NaN/4", "/4", "3./4", "3/4.0", "x/10", "101/100",
        ] {
            assert!(normalise_rating(bad).is_err(), "{bad} should be rejected");
        }
        assert!(matches!(
            normalise_rating("5/4"),
            Err(RatingError::OutOfRange(_, 4))
        ));
        for bad in ["4/0", "1/1", "3/101", "3/6.5"] {
            assert!(
                matches!(
                    normalise_rating(bad),
                    Err(RatingError::UnsupportedScale(..))
                ),
                "{bad}"
            );
        }
        assert_eq!(normalise_rating("5/6"), Ok(83));
        assert_eq!(normalise_rating("14/20"), Ok(70));
        assert_eq!(normalise_rating("1/2"), Ok(50));
    }

    #[test]
    fn ratings_as_critics_write_them_normalise_like_their_fractions() {
        for (written, same_as) in [
            ("★★★½", "3.5/5"),
            ("★★★★☆", "4/5"),
            ("★★½☆", "2.5/4"),
            ("★★★ / 4", "3/4"),
            ("3½/4", "3.5/4"),
            ("3.5 stars", "3.5/5"),
            ("4 out of 5", "4/5"),
            ("3 stars out of 4", "3/4"),
            ("4/5 stars", "4/5"),
            ("A−", "A-"),
            ("B–", "B-"),
        ] {
            assert_eq!(
                normalise_rating(written),
                normalise_rating(same_as),
                "{written}"
            );
            assert!(normalise_rating(written).is_ok(), "{written}");
        }
        assert_eq!(normalise_rating("★★★½"), Ok(70));
        for bare in ["5", "4", "72", "3.5"] {
            let err = normalise_rating(bare).unwrap_err();
            assert_eq!(err, RatingError::Bare(bare.into()));
            assert!(err.to_string().contains(&format!("\"{bare}/10\"")), "{err}");
        }
        assert!(matches!(
            normalise_rating("★★★★★★"),
            Err(RatingError::OutOfRange(..))
        ));
    }

    #[test]
    fn every_letter_grade() {
        for (letter, score) in LETTER_GRADES {
            assert_eq!(normalise_rating(letter), Ok(score), "{letter}");
        }
        assert_eq!(normalise_rating("b+"), Ok(83));
        assert_eq!(normalise_rating("a-"), Ok(91));
        for bad in ["Z+", "B++", "E", "", "bb"] {
            assert!(normalise_rating(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weighted_mean_rounds_half_up_exactly() {
        assert_eq!(weighted_mean([(80, 1000), (81, 1000)]), Some(81));
        assert_eq!(
            weighted_mean([(80, 1000), (80, 1000), (81, 1000)]),
            Some(80)
        );
        assert_eq!(weighted_mean([(100, 3000), (0, 1000)]), Some(75));
        // 0.1 and 0.2 weights: float arithmetic would see 86.66..., exact is the same here
        assert_eq!(weighted_mean([(90, 100), (85, 200)]), Some(87));
        assert_eq!(weighted_mean(std::iter::empty()), None);
    }

    #[test]
    fn labels_and_bands_at_every_boundary() {
        // The keys of the verdicts' messages ("Universal acclaim" in English).
        assert_eq!(label(100), "verdict.universal_acclaim");
        assert_eq!(label(81), "verdict.universal_acclaim");
        assert_eq!(label(80), "verdict.favorable");
        assert_eq!(label(61), "verdict.favorable");
        assert_eq!(label(60), "verdict.mixed");
        assert_eq!(label(40), "verdict.mixed");
        assert_eq!(label(39), "verdict.unfavorable");
        assert_eq!(label(20), "verdict.unfavorable");
        assert_eq!(label(19), "verdict.dislike");
        assert_eq!(label(0), "verdict.dislike");
        let c = ScoreConfig::default();
        assert_eq!(c.band(61), Band::Positive);
        assert_eq!(c.band(60), Band::Mixed);
        assert_eq!(c.band(40), Band::Mixed);
        assert_eq!(c.band(39), Band::Negative);
        let strict = ScoreConfig {
            positive: 75,
            mixed: 50,
            ..c
        };
        assert_eq!(strict.band(74), Band::Mixed);
        assert_eq!(strict.band(49), Band::Negative);
    }

    #[test]
    fn percent_positive_and_its_label() {
        let c = ScoreConfig::default();
        assert_eq!(c.percent_positive(0, 0), None, "no banded reviews");
        assert_eq!(c.percent_positive(4, 4), None, "below the minimum of 5");
        assert_eq!(c.percent_positive(0, 5), Some(0), "all mixed or negative");
        assert_eq!(c.percent_positive(3, 5), Some(60));
        assert_eq!(c.percent_positive(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(c.percent_positive(2, 3), None);
        assert_eq!(c.freshness(60), "Fresh");
        assert_eq!(c.freshness(59), "Rotten");
        let lenient = ScoreConfig {
            percent_positive_min_reviews: 1,
            fresh: 50,
            ..c
        };
        assert_eq!(lenient.percent_positive(2, 3), Some(67));
        assert_eq!(lenient.freshness(50), "Fresh");
        assert_eq!(
            ScoreConfig {
                percent_positive_min_reviews: 0,
                ..c
            }
            .percent_positive(0, 0),
            None
        );
    }

    proptest! {
        #[test]
        fn percent_positive_is_a_share(positive in 0usize..500, extra in 0usize..500) {
            let c = ScoreConfig { percent_positive_min_reviews: 1, ..ScoreConfig::default() };
            let banded = positive + extra;
            let p = c.percent_positive(positive, banded);
            if banded == 0 { prop_assert_eq!(p, None); } else {
                let p = p.unwrap();
                prop_assert!(p <= 100);
                prop_assert_eq!(p == 100, positive * 200 >= 199 * banded);
            }
        }

        #[test]
        fn mean_lies_between_min_and_max(scores in prop::collection::vec((0u8..=100, 1u32..5000), 1..60)) {
            let m = weighted_mean(scores.iter().copied()).unwrap();
            let lo = scores.iter().map(|s| s.0).min().unwrap();
            let hi = scores.iter().map(|s| s.0).max().unwrap();
            prop_assert!(lo <= m && m <= hi);
        }

        #[test]
        fn mean_ignores_order(mut scores in prop::collection::vec((0u8..=100, 1u32..5000), 1..60)) {
            let a = weighted_mean(scores.iter().copied());
            scores.reverse();
            prop_assert_eq!(a, weighted_mean(scores.iter().copied()));
        }

        #[test]
        fn unit_weights_give_the_plain_mean(scores in prop::collection::vec(0u8..=100, 1..60)) {
            let sum: u32 = scores.iter().map(|&s| u32::from(s)).sum();
            let n = scores.len() as f64;
            let expected = (f64::from(sum) / n + 0.5).floor() as u8;
            prop_assert_eq!(weighted_mean(scores.iter().map(|&s| (s, 1000))), Some(expected));
        }

        #[test]
        fn scaling_all_weights_changes_nothing(scores in prop::collection::vec((0u8..=100, 1u32..500), 1..40), k in 1u32..9) {
            let scaled: Vec<_> = scores.iter().map(|&(s, w)| (s, w * k)).collect();
            prop_assert_eq!(weighted_mean(scores), weighted_mean(scaled));
        }

        #[test]
        fn fractions_match_the_reference_formula(scale in prop::sample::select(SCALES.to_vec()), halves in 0u32..=200) {
            let x = f64::from(halves) / 2.0;
            prop_assume!(x <= f64::from(scale));
            let text = if halves % 2 == 0 { format!("{}/{}", halves / 2, scale) } else { format!("{x}/{scale}") };
            let expected = (100.0 * f64::from(halves) / (2.0 * f64::from(scale)) + 0.5).floor() as u8;
            prop_assert_eq!(normalise_rating(&text), Ok(expected));
        }

        #[test]
        fn stars_are_their_count_out_of_the_stars_drawn(full in 0u32..8, half in any::<bool>(), empty in 0u32..8) {
            let drawn: String = "★".repeat(full as usize) + if half { "½" } else { "" } + &"☆".repeat(empty as usize);
            let value = 2 * full + u32::from(half);
            let scale = if empty == 0 { 5 } else { full + u32::from(half) + empty };
            // A half alone is a number, not stars ("½" has no scale).
            prop_assume!(full > 0 || empty > 0);
            let expected = if SCALE_RANGE.contains(&scale) && value <= 2 * scale {
                Ok(u8::try_from(round_half_up_ratio(100 * u128::from(value), 2 * u128::from(scale))).unwrap())
            } else {
                Err(())
            };
            prop_assert_eq!(normalise_rating(&drawn).map_err(|_| ()), expected);
        }

        #[test]
        fn normalising_never_panics(s in ".{0,12}") {
            let _ = normalise_rating(&s);
        }
    }
}
