//! The site's content once it has been read and validated: films, reviews, critics and
//! publications as plain data.
//!
//! Everything here is already checked (slugs valid, scores in range, dates real), so later
//! stages never have to re-validate. Markdown bodies are stored already rendered to HTML, so
//! each one is converted exactly once however many pages show it.

use std::fmt;
use std::path::PathBuf;

use serde::{Serialize, Serializer};

use crate::score::Band;

/// A calendar date (the only kind of date the content format has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the month's length.
    pub day: u8,
}

impl Date {
    /// The date as the site's language writes it on a page: "Jul 15, 2013", "15 juillet
    /// 2013".
    pub fn written(self, strings: &crate::i18n::Strings) -> String {
        strings.date(i32::from(self.year), self.month, self.day)
    }

    /// A date if `year-month-day` exists on the calendar (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let (y, m, d) = (
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        );
        jiff::civil::Date::new(y, m, d)
            .is_ok()
            .then_some(Date { year, month, day })
    }

    /// Today's date where the author is (the system's time zone): a review dated today is
    /// never "in the future" east of UTC.
    pub fn today() -> Date {
        let today = jiff::Zoned::now().date();
        Date {
            year: u16::try_from(today.year()).unwrap_or_default(),
            month: today.month().unsigned_abs(),
            day: today.day().unsigned_abs(),
        }
    }

    /// How many days after 1970-01-01 the date is (before it, negative): the distance
    /// between two dates is the difference of their days.
    pub fn days(&self) -> i64 {
        let (Ok(y), Ok(m), Ok(d)) = (
            i16::try_from(self.year),
            i8::try_from(self.month),
            i8::try_from(self.day),
        ) else {
            return 0;
        };
        let (Ok(date), epoch) = (
            jiff::civil::Date::new(y, m, d),
            jiff::civil::date(1970, 1, 1),
        ) else {
            return 0;
        };
        date.since((jiff::Unit::Day, epoch))
            .map_or(0, |span| i64::from(span.get_days()))
    }
}

/// "2013-07-15". Written digit by digit: a large build writes dates hundreds of thousands of
/// times, and padded formatting costs several times as much.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year > 9999 {
            return write!(f, "{}-{:02}-{:02}", self.year, self.month, self.day);
        }
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (y, m, d) = (self.year, u16::from(self.month), u16::from(self.day));
        let iso = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        f.write_str(std::str::from_utf8(&iso).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How a review was graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grade {
    /// A score on the 0-100 scale, as written.
    Score(u8),
    /// A rating in the critic's own scale ("3.5/4", "B+") and its 0-100 equivalent.
    Rating {
        /// The rating exactly as the critic gave it.
        original: String,
        /// Normalised to 0-100.
        score: u8,
    },
    /// No grade: the review is listed but counted in no aggregate.
    Ungraded,
}

impl Grade {
    /// The 0-100 score, if the review has one.
    pub fn score(&self) -> Option<u8> {
        match self {
            Grade::Score(s) | Grade::Rating { score: s, .. } => Some(*s),
            Grade::Ungraded => None,
        }
    }

    /// The critic's own rating string, if the grade was given as one.
    pub fn rating(&self) -> Option<&str> {
        match self {
            Grade::Rating { original, .. } => Some(original),
            _ => None,
        }
    }
}

/// One critic's review of one film.
#[derive(Debug, Clone)]
pub struct Review {
    /// The critic's name; `None` means uncredited staff.
    pub critic: Option<String>,
    /// The slug of `critic`: its page and its identity across spellings.
    pub critic_slug: Option<Slug>,
    /// The publication's name, if given.
    pub publication: Option<String>,
    /// The slug of `publication`.
    pub publication_slug: Option<Slug>,
    /// When the review was published.
    pub date: Option<Date>,
    /// Link to the full review (http or https only).
    pub url: Option<String>,
    /// The grade.
    pub grade: Grade,
    /// True when the site's editors assigned the score because the review carries none.
    pub assigned: bool,
    /// False when the source gives no byline at all (the card shows none); a review without a
    /// `critic` is otherwise credited to its staff.
    pub byline: bool,
    /// The critic's own call, when given ("fresh"/"rotten" are read as positive/negative).
    /// It decides the review's band, over the band of its score.
    pub verdict: Option<Band>,
    /// The excerpt, rendered from Markdown.
    pub excerpt_html: String,
    /// The file the review came from, relative to the site root.
    pub source: PathBuf,
    /// The review's identity within its film, from its byline (see [`crate::content::anchors`]):
    /// its card's anchor (`#review-<id>`) and the stem of its feed entry's id.
    pub id: String,
    /// Not ready to publish: left out of `build` unless drafts are asked for.
    pub draft: bool,
    /// The review's language when it is not the site's (a BCP 47 tag): set on its card as
    /// `lang`, so that browsers and screen readers read it in its own language.
    pub language: Option<String>,
    /// The source marks the critic as a top critic (Rotten Tomatoes' `top_critic`, kept by
    /// import): the review counts as a top critic's, as do all reviews of a critic whose
    /// profile says `top = true`.
    pub top_critic: bool,
    /// How the export named the review when `marquee import` wrote it (critic, publication,
    /// date and link, as slugs): how an import finds it again after a person corrects it.
    pub imported_as: Option<String>,
}

impl Review {
    /// The critic's name and slug, when the review is credited.
    pub fn critic_named(&self) -> Option<(&str, &Slug)> {
        self.critic.as_deref().zip(self.critic_slug.as_ref())
    }

    /// The publication's name and slug, when it has one.
    pub fn publication_named(&self) -> Option<(&str, &Slug)> {
        self.publication
            .as_deref()
            .zip(self.publication_slug.as_ref())
    }
}

/// The text `marquee new review` writes where the excerpt goes: a file still holding it
/// is warned about (W016), so that it is never published as a quote.
pub(crate) const PLACEHOLDER_EXCERPT: &str = "The excerpt, in Markdown.";

/// The text `marquee new film` writes where the synopsis goes (see [`PLACEHOLDER_EXCERPT`]).
pub(crate) const PLACEHOLDER_SYNOPSIS: &str = "The synopsis, in Markdown.";

/// A film and everything written about it.
#[derive(Debug, Clone)]
pub struct Film {
    /// The folder name: the film's identity and URL segment.
    pub slug: String,
    /// Display title.
    pub title: String,
    /// Release year.
    pub year: u16,
    /// Full release date, if known.
    pub release_date: Option<Date>,
    /// Directors, in the order given.
    pub directors: Vec<String>,
    /// Cast, in billing order.
    pub cast: Vec<String>,
    /// Writers, in the order given.
    pub writers: Vec<String>,
    /// Composers of the score, in the order given.
    pub composers: Vec<String>,
    /// Genres, in the order given.
    pub genres: Vec<String>,
    /// Running time in minutes.
    pub runtime: Option<u32>,
    /// Production country.
    pub country: Option<String>,
    /// Original language.
    pub language: Option<String>,
    /// The poster image in the film's folder, published resized (see [`crate::posters`]).
    pub poster: Option<crate::posters::Poster>,
    /// The synopsis, rendered from Markdown.
    pub synopsis_html: String,
    /// The synopsis as plain text, cut to a meta description's length.
    pub summary: String,
    /// The editors' consensus, when the film has one.
    pub consensus: Option<Consensus>,
    /// The reviews, in no particular order (the `site` stage sorts them).
    pub reviews: Vec<Review>,
    /// The film's `index.md`, relative to the site root.
    pub source: PathBuf,
    /// Not ready to publish: left out of `build` (with its reviews) unless drafts are asked for.
    pub draft: bool,
    /// Earlier addresses of the film's page (output paths, see [`Alias`]), which send
    /// readers on to it.
    pub aliases: Vec<Alias>,
    /// The film's ids in other catalogues, by catalogue (`tmdb`, `letterboxd`...): how an
    /// import finds the film again whatever its title. Shown nowhere by the default theme.
    pub ids: std::collections::BTreeMap<String, String>,
}

/// An earlier address of a page, as an output path from the site's root (`films/old/`, or
/// `old.html`), with where it was written, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The path, without a leading `/`; a folder path ends in `/`.
    pub path: String,
    /// The alias as written, for messages.
    pub written: String,
}

/// A free-form page (`content/pages/<slug>.md`): About, Contact, Methodology. Published at
/// `/<slug>/`.
#[derive(Debug, Clone)]
pub struct FreePage {
    /// The file name without `.md`: the page's address.
    pub slug: String,
    /// The page's title.
    pub title: String,
    /// Its meta description, when given.
    pub description: Option<String>,
    /// The text, rendered from Markdown.
    pub body_html: String,
    /// Not ready to publish: left out of `build` unless drafts are asked for.
    pub draft: bool,
    /// Earlier addresses of the page.
    pub aliases: Vec<Alias>,
    /// The page's file, relative to the site root.
    pub source: PathBuf,
}

#[cfg(test)]
impl Film {
    /// A film with only what tests care about; every optional field empty.
    /// Reviews without a source count as entries of the film's `reviews.toml`.
    pub(crate) fn example(slug: &str, title: &str, year: u16, mut reviews: Vec<Review>) -> Film {
        for review in &mut reviews {
            if review.source.as_os_str().is_empty() {
                review.source = ["content/films", slug, "reviews.toml"].iter().collect();
            }
        }
        crate::content::anchors::identify_reviews(&mut reviews);
        Film {
            slug: slug.into(),
            title: title.into(),
            year,
            release_date: None,
            directors: vec![],
            cast: vec![],
            writers: vec![],
            composers: vec![],
            genres: vec![],
            runtime: None,
            country: None,
            language: None,
            poster: None,
            synopsis_html: String::new(),
            summary: String::new(),
            consensus: None,
            reviews,
            source: PathBuf::from(format!("content/films/{slug}/index.md")),
            draft: false,
            aliases: Vec::new(),
            ids: Default::default(),
        }
    }
}

/// An optional critic profile (`content/critics/<slug>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct CriticProfile {
    /// The file name: must equal the slug of `name`.
    pub slug: String,
    /// The critic's name as reviews spell it.
    pub name: String,
    /// The publication the critic mainly writes for.
    pub publication: Option<String>,
    /// A top critic (`top = true`), as the site's editors judge: marked on their cards, and
    /// counted apart in each film's top-critics figures.
    pub top: bool,
    /// The critic's own page.
    pub url: Option<String>,
    /// Biography, rendered from Markdown.
    pub bio_html: String,
    /// Earlier addresses of the critic's page.
    #[serde(skip)]
    pub aliases: Vec<Alias>,
    /// The profile's file, relative to the site root.
    #[serde(skip)]
    pub source: PathBuf,
}

/// An optional publication profile (`content/publications/<slug>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct PublicationProfile {
    /// The file name: must equal the slug of `name`.
    pub slug: String,
    /// The publication's name as reviews spell it.
    pub name: String,
    /// The publication's home page.
    pub url: Option<String>,
    /// Weight in the Metascore, in thousandths (1000 = the default weight 1.0).
    pub weight_milli: u32,
    /// About text, rendered from Markdown.
    pub about_html: String,
    /// Earlier addresses of the publication's page.
    #[serde(skip)]
    pub aliases: Vec<Alias>,
    /// The profile's file, relative to the site root.
    #[serde(skip)]
    pub source: PathBuf,
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Films, sorted by slug.
    pub films: Vec<Film>,
    /// Critic profiles, sorted by slug.
    pub critics: Vec<CriticProfile>,
    /// Publication profiles, sorted by slug.
    pub publications: Vec<PublicationProfile>,
    /// Free-form pages, sorted by slug.
    pub pages: Vec<FreePage>,
    /// The drafts left out (films and pages), each as its output path and its file, so
    /// that a link to one can be called what it is.
    pub drafts_left_out: Vec<(String, PathBuf)>,
}

/// The editors' consensus on a film (`consensus = "..."`): one short paragraph the site's
/// editors write, shown under the score. Their words, not a critic's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consensus {
    /// Rendered from Markdown, without its paragraph: inline HTML.
    pub html: String,
    /// As plain text, whole.
    pub text: String,
    /// As plain text, cut to a meta description's length.
    pub summary: String,
}

/// The URL form of a name or folder ("the-a-v-club"): how names become URLs and how a
/// review's byline finds its profile. Made once, when the content is read, so that no later
/// stage slugifies a name again.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// The slug of `name`.
    pub fn of(name: &str) -> Slug {
        Slug(slugify(name))
    }

    /// A folder name that is already a valid slug (see [`is_valid_slug`]), taken as it is.
    pub fn verbatim(slug: &str) -> Slug {
        Slug(slug.to_string())
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Slug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The slug of a critic's or publication's name (see [`Slug`]).
pub(crate) fn slugify(name: &str) -> String {
    // A vulgar fraction is a word of its own: "8½" is `8-1-2`, never the other number `81-2`.
    let fraction = |c: char| matches!(c, '¼'..='¾' | '\u{2150}'..='\u{215f}' | '\u{2189}');
    if name.contains(fraction) {
        let spaced: String = name
            .chars()
            .flat_map(|c| {
                if fraction(c) {
                    vec![' ', c, ' ']
                } else {
                    vec![c]
                }
            })
            .collect();
        return slug::slugify(spaced);
    }
    slug::slugify(name)
}

/// The file name (without `.md`) of a new review by `critic` for `publication` (either may be
/// empty): `critic--publication`, `staff--publication`, `critic` or `staff`. A name with no
/// letter or digit counts as none, so the name is never empty or hidden (`.md`).
pub(crate) fn review_file_stem(critic: &str, publication: &str) -> String {
    match (slugify(critic), slugify(publication)) {
        (c, p) if c.is_empty() && p.is_empty() => "staff".into(),
        (c, p) if c.is_empty() => format!("staff--{p}"),
        (c, p) if p.is_empty() => c,
        (c, p) => format!("{c}--{p}"),
    }
}

/// True for a catalogue name `ids` accepts: lowercase ASCII letters, digits, `-` and `_`,
/// starting with a letter.
pub(crate) fn is_id_source(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// True for a valid film folder name: lowercase ASCII letters and digits in runs joined by
/// single hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_respect_month_lengths_and_leap_years() {
        assert!(Date::new(2013, 2, 30).is_none());
        assert!(Date::new(2013, 2, 29).is_none());
        assert!(Date::new(2012, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2013, 13, 1).is_none());
        assert!(Date::new(2013, 4, 31).is_none());
        assert!(Date::new(2013, 1, 0).is_none());
    }

    #[test]
    fn days_since_epoch_and_today() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2013, 7, 15).unwrap().days(), 15_901);
        assert_eq!(Date::new(2000, 2, 29).unwrap().days(), 11_016);
        assert_eq!(Date::new(1969, 12, 31).unwrap().days(), -1);
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn dates_format_for_machines() {
        let d = Date::new(2013, 7, 15).unwrap();
        assert_eq!(d.to_string(), "2013-07-15");
        // Years of four digits at most, as TOML writes dates.
        assert!(Date::new(10_000, 1, 1).is_none());
        for year in [1, 9, 10, 99, 100, 999, 1000, 1850, 2024, 9999] {
            for (month, day) in [(1, 1), (2, 9), (9, 30), (10, 10), (12, 31)] {
                let date = Date::new(year, month, day).unwrap();
                let padded = format!("{year:04}-{month:02}-{day:02}");
                assert_eq!(date.to_string(), padded);
            }
        }
    }

    #[test]
    fn review_files_are_never_hidden_or_nameless() {
        assert_eq!(
            review_file_stem("Ann Apple", "The Daily"),
            "ann-apple--the-daily"
        );
        assert_eq!(review_file_stem("***", "The Daily"), "staff--the-daily");
        assert_eq!(review_file_stem("***", "!!"), "staff");
        assert_eq!(review_file_stem("Ann", ""), "ann");
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("pusher-1996"));
        for bad in ["", "Pusher", "a--b", "-a", "a-", "a_b", "a b", "é"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert_eq!(slugify("The A.V. Club"), "the-a-v-club");
        assert_eq!(slugify("Laura Drasbæk"), "laura-drasbaek");
        assert_eq!(slugify("8½"), "8-1-2");
        assert_eq!(slugify("Fallen Angels ¾"), "fallen-angels-3-4");
    }
}
