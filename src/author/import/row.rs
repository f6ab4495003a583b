//! One CSV row on its own: the film it names and the review file it makes, checked by the
//! loader itself. Nothing here looks at the site.

use serde::Serialize;

use super::clean::clean;
use super::key::ReviewKey;
use super::model::RowError;
use crate::content::model::{Date, Review};
use crate::diagnostic::Code;
use crate::score::normalise_rating;

/// Where each field is in a row (`None`: the export has no such column), and the column
/// names, for messages.
#[derive(Debug, Default)]
pub(super) struct Columns {
    pub(super) film: Option<usize>,
    pub(super) id: Option<usize>,
    pub(super) year: Option<usize>,
    pub(super) critic: Option<usize>,
    pub(super) publication: Option<usize>,
    pub(super) verdict: Option<usize>,
    pub(super) score: Option<usize>,
    pub(super) date: Option<usize>,
    pub(super) excerpt: Option<usize>,
    pub(super) url: Option<usize>,
    pub(super) top_critic: Option<usize>,
    /// The export's own id of the review.
    pub(super) review_id: Option<usize>,
    /// Where the date is taken from when the date column's cell is empty.
    pub(super) date_fallback: Option<usize>,
    pub(super) names: Vec<String>,
}

/// What is the same for every row: the columns and the values given on the command line.
#[derive(Debug, Default)]
pub(super) struct RowRules {
    pub(super) at: Columns,
    pub(super) scale: Option<u8>,
    pub(super) critic_name: Option<String>,
    pub(super) publication_name: Option<String>,
}

/// The film a row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowFilm {
    pub(super) title: String,
    pub(super) year: Option<u16>,
    pub(super) id: Option<String>,
}

/// A review's front matter as import writes it. Besides the row's fields, it carries what
/// a person added to a file that `--update` rewrites (`draft`, `assigned`, `byline`).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct ReviewFront {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) critic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) score: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rating: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) assigned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) verdict: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) top_critic: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) byline: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) imported_as: Option<String>,
}

/// One row, read: its film, and its review as a file's text and as the loader reads it.
#[derive(Debug)]
pub(super) struct RowReview {
    pub(super) row: u64,
    pub(super) film: RowFilm,
    pub(super) front: ReviewFront,
    pub(super) excerpt: String,
    pub(super) text: String,
    pub(super) review: Review,
    /// The export's own id of the review, when it gives one.
    pub(super) review_id: Option<String>,
    /// The digests of what the row says of its review, field by field (see [`digest`]).
    said: String,
    /// The score cell was a bare number of at most 10 (with no scale given): it may be
    /// stars or a mark out of 10.
    pub(super) small_bare_score: bool,
}

/// What a row says of its review besides who, where and when, field by field: the grade,
/// the verdict, the link, top critic and the text.
pub(super) const SAID: [&str; 5] = ["grade", "verdict", "link", "top critic", "text"];

/// A short digest of each field a row says of its review (in the order of [`SAID`]), kept in
/// the file, so that a later import knows which of them the export changed since, whatever
/// a person edited in the file.
fn digest(front: &ReviewFront, excerpt: &str) -> String {
    let fields = [
        format!("{:?}{:?}", front.score, front.rating),
        format!("{:?}", front.verdict),
        format!("{:?}", front.url),
        format!("{:?}", front.top_critic),
        excerpt.trim().to_string(),
    ];
    let short: Vec<String> = fields
        .iter()
        .map(|f| blake3::hash(f.as_bytes()).to_hex()[..6].to_string())
        .collect();
    short.join(".")
}

impl RowReview {
    /// Whether the export says of `field` (one of [`SAID`]) what it said when import wrote
    /// the review whose `imported_as` is `stored`.
    pub(super) fn says_as_before(&self, stored: Option<&str>, field: &str) -> bool {
        let Some(i) = SAID.iter().position(|f| *f == field) else {
            return false;
        };
        let now = self.said.split('.').nth(i);
        stored
            .and_then(|d| d.split('.').nth(i))
            .is_some_and(|old| Some(old) == now)
    }

    /// What identifies the row's review: its fields as the loader reads them, and the
    /// export's id for it.
    pub(super) fn key(&self) -> ReviewKey {
        ReviewKey::of(&self.review).with_id(self.review_id.as_deref())
    }
}

/// The text of a content file: TOML front matter between `+++` lines, then the body.
pub(super) fn front_matter(value: &impl Serialize, body: &str) -> String {
    let toml = toml::to_string(value).expect("front matter structs always serialise");
    let body = body.trim();
    if body.is_empty() {
        format!("+++\n{toml}+++\n")
    } else {
        format!("+++\n{toml}+++\n{body}\n")
    }
}

/// The review file `front` and `excerpt` make, as the loader reads it; the loader's errors
/// (each with the column it comes from) when it would refuse the file.
pub(super) fn review_file(
    front: &ReviewFront,
    excerpt: &str,
    row: u64,
    names: &Columns,
) -> Result<(String, Review), Vec<RowError>> {
    let text = front_matter(front, excerpt);
    let (reviews, problems) = crate::content::parse_review_bytes(text.as_bytes(), false);
    let refused: Vec<RowError> = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|e| {
            let column = match e.code {
                Code::E012 => names.name(names.url),
                Code::E006 | Code::E019 | Code::E025 => names.name(names.excerpt),
                _ => None,
            };
            RowError {
                row,
                column,
                message: e.message.clone(),
            }
        })
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    match reviews.into_iter().next() {
        Some(review) => Ok((text, review)),
        None => Err(vec![RowError {
            row,
            column: None,
            message: "the row makes no review".into(),
        }]),
    }
}

impl Columns {
    fn name(&self, at: Option<usize>) -> Option<String> {
        at.and_then(|i| self.names.get(i)).cloned()
    }
}

/// Reads one row: every field is checked, so that all of a row's problems are reported at
/// once. `cleaned` receives the fields whose mis-decoded characters were put back.
pub(super) fn read_row(
    rules: &RowRules,
    record: &csv::StringRecord,
    row: u64,
    cleaned: &mut Vec<RowError>,
) -> Result<RowReview, Vec<RowError>> {
    let at = &rules.at;
    let fail = |i: Option<usize>, message: String| RowError {
        row,
        column: at.name(i),
        message,
    };
    let get = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut text = |i: Option<usize>| -> Option<String> {
        match clean(get(i)) {
            Ok((text, changed)) => {
                if changed {
                    cleaned.push(fail(
                        i,
                        "replaced characters of a Windows-1252 export read as Latin-1 \
                         (such as U+0085 for …) by what they stood for"
                            .into(),
                    ));
                }
                Some(text)
            }
            Err(message) => {
                problems.push(fail(i, message));
                None
            }
        }
    };
    let title = text(at.film);
    let id = text(at.id);
    let critic = match &rules.critic_name {
        Some(name) => Some(name.clone()),
        None => text(at.critic),
    };
    let publication = match &rules.publication_name {
        Some(name) => Some(name.clone()),
        None => text(at.publication),
    };
    let excerpt = text(at.excerpt);
    let review_id = text(at.review_id);
    for (value, column) in [
        (&title, at.film),
        (&id, at.id),
        (&critic, at.critic),
        (&publication, at.publication),
    ] {
        if let Some(problem) = value.as_deref().and_then(unfit_for_a_name) {
            problems.push(fail(column, problem));
        }
    }
    let year = year(get(at.year))
        .map_err(|m| problems.push(fail(at.year, m)))
        .ok();
    let grade = grade(get(at.score), rules.scale)
        .map_err(|m| problems.push(fail(at.score, m)))
        .ok();
    let verdict = verdict(get(at.verdict))
        .map_err(|m| problems.push(fail(at.verdict, m)))
        .ok();
    let date_at = match get(at.date) {
        "" if at.date_fallback.is_some() => at.date_fallback,
        _ => at.date,
    };
    let date = date(get(date_at))
        .map_err(|m| problems.push(fail(date_at, m)))
        .ok();
    let top_critic = yes_or_no(get(at.top_critic))
        .map_err(|m| problems.push(fail(at.top_critic, m)))
        .ok();
    let (
        Some(title),
        Some(id),
        Some(critic),
        Some(publication),
        Some(excerpt),
        Some(Year(year)),
        Some(Grade(score, rating, small_bare_score)),
        Some(verdict),
        Some(date),
        Some(top_critic),
        Some(review_id),
    ) = (
        title,
        id,
        critic,
        publication,
        excerpt,
        year,
        grade,
        verdict,
        date,
        top_critic,
        review_id,
    )
    else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    if title.is_empty() && id.is_empty() {
        let column = at.film.or(at.id);
        return Err(vec![fail(
            column,
            "the film is not named: the cell is empty".into(),
        )]);
    }
    let url = get(at.url);
    let front = ReviewFront {
        critic: (!critic.is_empty()).then_some(critic),
        publication: (!publication.is_empty()).then_some(publication),
        date,
        score,
        rating,
        verdict,
        url: (!url.is_empty()).then(|| url.to_string()),
        top_critic: top_critic.then_some(true),
        ..ReviewFront::default()
    };
    let (_, review) = review_file(&front, &excerpt, row, at)?;
    // The file keeps what the export called the review, to find it after a person's edits.
    let said = digest(&front, &excerpt);
    let front = ReviewFront {
        imported_as: Some(
            ReviewKey::of(&review)
                .with_id(Some(review_id.as_str()))
                .to_text(&said),
        ),
        ..front
    };
    let (text, review) = review_file(&front, &excerpt, row, at)?;
    Ok(RowReview {
        row,
        film: RowFilm {
            title,
            year,
            id: (!id.is_empty()).then_some(id),
        },
        front,
        excerpt,
        text,
        review,
        review_id: (!review_id.is_empty()).then_some(review_id),
        said,
        small_bare_score,
    })
}

/// What makes a cell unfit to be a title or a name, shown on one line of every page: a line
/// break, a tab, or a control that reverses the text's direction (which can make a name
/// read as another).
fn unfit_for_a_name(cell: &str) -> Option<String> {
    let c = cell.chars().find(
        |&c| matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
    )?;
    Some(match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
            "a name or title cannot hold a line break; remove it from the CSV".into()
        }
        '\t' => "a name or title cannot hold a tab; remove it from the CSV".into(),
        c => format!(
            "the text holds U+{:04X}, a control that reverses the direction of what follows \
             and can make a name read as another; remove it from the CSV",
            c as u32
        ),
    })
}

struct Year(Option<u16>);

fn year(cell: &str) -> Result<Year, String> {
    match cell {
        "" => Ok(Year(None)),
        y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => match y.parse::<u16>() {
            Ok(y @ 1850..=2200) => Ok(Year(Some(y))),
            _ => Err(format!("`{y}` is not a film year")),
        },
        y => Err(format!(
            "`{y}` is not a film year: write the four-digit year, e.g. 1996"
        )),
    }
}

/// A score (0-100), a rating in the critic's scale, and whether the cell was a small bare
/// number read without a scale.
struct Grade(Option<u8>, Option<String>, bool);

fn grade(cell: &str, scale: Option<u8>) -> Result<Grade, String> {
    let bare = !cell.is_empty()
        && cell.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && cell.bytes().filter(|&b| b == b'.').count() <= 1
        && cell.bytes().any(|b| b.is_ascii_digit());
    match (cell, scale) {
        ("", _) => Ok(Grade(None, None, false)),
        (s, None | Some(100)) if bare && !s.contains('.') => match s.parse::<u8>() {
            Ok(v @ 0..=100) => Ok(Grade(Some(v), None, scale.is_none() && v <= 10)),
            _ => Err(format!(
                "score `{s}` is out of range: bare numbers are scores out of 100 unless \
                 --scale says otherwise"
            )),
        },
        (s, None) if bare => Err(format!(
            "`{s}` is a bare number with decimals: pass --scale with what the column is out \
             of (--scale 5 for stars, --scale 10 for marks out of 10)"
        )),
        (s, Some(n)) if bare => {
            let rating = format!("{s}/{n}");
            match normalise_rating(&rating) {
                Ok(_) => Ok(Grade(None, Some(rating), false)),
                Err(_) => Err(format!(
                    "`{s}` is more than {n}, which --scale says is the top"
                )),
            }
        }
        (s, _) => match normalise_rating(s) {
            Ok(_) => Ok(Grade(None, Some(s.to_string()), false)),
            Err(e) => Err(format!("grade {e}")),
        },
    }
}

fn verdict(cell: &str) -> Result<Option<&'static str>, String> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "fresh" | "positive" => Ok(Some("positive")),
        "mixed" => Ok(Some("mixed")),
        "rotten" | "negative" => Ok(Some("negative")),
        other => Err(format!(
            "`{other}` is not a verdict (Fresh, Rotten, positive, mixed or negative)"
        )),
    }
}

fn date(cell: &str) -> Result<Option<toml::value::Datetime>, String> {
    match cell {
        "" => Ok(None),
        d => parse_date(d)
            .map(Some)
            .ok_or_else(|| format!("`{d}` is not a date: write it as YYYY-MM-DD")),
    }
}

fn yes_or_no(cell: &str) -> Result<bool, String> {
    match cell.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => Ok(false),
        "true" | "yes" | "1" => Ok(true),
        other => Err(format!("`{other}` is neither True nor False")),
    }
}

pub(super) fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    date.to_string().parse().ok().filter(|_| text.len() == 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_numbers_are_scores_out_of_100_unless_a_scale_is_given() {
        let score = |cell, scale| grade(cell, scale).map(|Grade(s, r, small)| (s, r, small));
        assert_eq!(score("80", None), Ok((Some(80), None, false)));
        assert_eq!(
            score("4", None),
            Ok((Some(4), None, true)),
            "said, not refused"
        );
        assert!(score("4.5", None).unwrap_err().contains("--scale 5"));
        assert_eq!(score("4", Some(5)), Ok((None, Some("4/5".into()), false)));
        assert_eq!(
            score("4.5", Some(5)),
            Ok((None, Some("4.5/5".into()), false))
        );
        assert_eq!(
            score("0.5", Some(5)),
            Ok((None, Some("0.5/5".into()), false))
        );
        assert!(score("6", Some(5)).unwrap_err().contains("more than 5"));
        assert_eq!(score("80", Some(100)), Ok((Some(80), None, false)));
        assert_eq!(score("B+", Some(5)), Ok((None, Some("B+".into()), false)));
        assert_eq!(score("3/4", None), Ok((None, Some("3/4".into()), false)));
        assert!(score(".", Some(5)).is_err());
    }
}
