//! What an import is told (which column holds what) and what it works out (files to write,
//! rows to report).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Which CSV column holds which field. A column named here but missing from the header is
/// an error; a field left `None` takes its preset's column, then the usual review-export
/// name (a preset's defaults), when the header has it. A film is found by `id` (with its
/// catalogue) or by `film` (its title) and `year`.
#[derive(Debug, Clone, Default)]
pub struct CsvMapping {
    /// The export these columns come from, which names the columns not named here.
    pub preset: Option<Preset>,
    /// The film's title (and, with `year`, how a film without an id is found again).
    pub film: Option<String>,
    /// The film's id in the export's catalogue, kept in the film's `index.md` as
    /// `ids = { <id_source> = "<id>" }`: how a film is found again whatever its title.
    pub id: Option<String>,
    /// The catalogue the ids belong to (`tmdb`); by default the preset's, or made from the
    /// id column's name.
    pub id_source: Option<String>,
    /// The film's year (needed to create a film that does not exist yet).
    pub year: Option<String>,
    /// The critic's name; empty means uncredited.
    pub critic: Option<String>,
    /// The publication's name.
    pub publication: Option<String>,
    /// Fresh/Rotten or positive/mixed/negative.
    pub verdict: Option<String>,
    /// "3.5/5", "B", "80" (bare numbers are out of `scale`) or empty.
    pub score: Option<String>,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    /// The excerpt.
    pub excerpt: Option<String>,
    /// Link to the full review.
    pub url: Option<String>,
    /// Whether the critic counts as a top critic ("True"/"False"), kept on the review.
    pub top_critic: Option<String>,
    /// The export's own id of each review: how a review is found again whatever else the
    /// export corrects in it.
    pub review_id: Option<String>,
    /// What bare numbers in the score column are out of (5 for stars); `None`: 100.
    pub scale: Option<u8>,
    /// The critic of every row, for one person's export (Letterboxd's).
    pub critic_name: Option<String>,
    /// The publication of every row.
    pub publication_name: Option<String>,
    /// Accept quoted fields that run over several lines (otherwise an error, since an
    /// unbalanced quote in an export swallows the rows after it).
    pub multiline: bool,
}

/// The exports Marquee knows the columns of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// A Letterboxd export (`reviews.csv` or `diary.csv`): one person's ratings out of 5.
    Letterboxd,
    /// The Rotten Tomatoes critic review dataset (`rotten_tomatoes_critic_reviews.csv`).
    RottenTomatoes,
}

/// The columns a preset reads, each taken only where the header has it.
#[derive(Debug, Clone, Copy)]
pub(super) struct PresetColumns {
    pub(super) film: &'static [&'static str],
    pub(super) id: &'static [&'static str],
    pub(super) id_source: Option<&'static str>,
    pub(super) year: &'static [&'static str],
    pub(super) critic: &'static [&'static str],
    pub(super) publication: &'static [&'static str],
    pub(super) verdict: &'static [&'static str],
    pub(super) score: &'static [&'static str],
    pub(super) date: &'static [&'static str],
    pub(super) excerpt: &'static [&'static str],
    pub(super) url: &'static [&'static str],
    pub(super) top_critic: &'static [&'static str],
    pub(super) review_id: &'static [&'static str],
    pub(super) scale: Option<u8>,
    /// Columns the export has that map to no field, on purpose (not warned about).
    pub(super) ignored: &'static [&'static str],
}

impl Preset {
    /// The columns of the usual review export, used when neither an option nor a preset
    /// names a field's column.
    pub(super) fn defaults() -> PresetColumns {
        PresetColumns {
            film: &[],
            id: &[],
            id_source: None,
            year: &[],
            critic: &["critic_name"],
            publication: &["publisher_name"],
            verdict: &["review_type"],
            score: &["review_score"],
            date: &["review_date"],
            excerpt: &["review_content"],
            url: &[],
            top_critic: &[],
            review_id: &[],
            scale: None,
            ignored: &[],
        }
    }

    /// The columns this export has.
    pub(super) fn columns(self) -> PresetColumns {
        match self {
            // The URI of a Letterboxd entry names the diary entry (a rewatch has its own),
            // not the film, so it is the review's link; films are found by title and year.
            Preset::Letterboxd => PresetColumns {
                film: &["Name"],
                year: &["Year"],
                url: &["Letterboxd URI"],
                score: &["Rating"],
                date: &["Watched Date", "Date"],
                excerpt: &["Review"],
                scale: Some(5),
                ignored: &["Date", "Rewatch", "Tags"],
                ..Preset::empty()
            },
            Preset::RottenTomatoes => PresetColumns {
                film: &["movie_title"],
                id: &["rotten_tomatoes_link"],
                id_source: Some("rotten-tomatoes"),
                year: &["year"],
                top_critic: &["top_critic"],
                ..Preset::defaults()
            },
        }
    }

    fn empty() -> PresetColumns {
        PresetColumns {
            critic: &[],
            publication: &[],
            verdict: &[],
            score: &[],
            date: &[],
            excerpt: &[],
            ..Preset::defaults()
        }
    }
}

/// Something to say about one row (or the header) of the CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1, the first record row 2.
    pub row: u64,
    /// The column the problem is in, when it is one column's.
    pub column: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

impl RowError {
    /// A problem of `row`, in `column` when it is one column's.
    pub(super) fn new(row: u64, column: &Option<String>, message: String) -> RowError {
        RowError {
            row,
            column: column.clone(),
            message,
        }
    }
}

/// What an import would do, worked out before anything is written.
#[derive(Debug, Default)]
pub struct Import {
    /// New files, by path relative to the site root, with their text.
    pub new: BTreeMap<PathBuf, String>,
    /// Existing review files to replace (only when updating), with their new text.
    pub updates: BTreeMap<PathBuf, String>,
    /// Rows whose review is already in the site exactly as the row has it.
    pub unchanged: usize,
    /// Rows whose review is in the site but differs, left alone.
    pub differing: Vec<Differing>,
    /// Why rows cannot be imported (every problem of each); those rows are skipped.
    pub skipped: Vec<RowError>,
    /// Text that was cleaned where the fix is certain (a mis-decoded Windows-1252 export).
    pub cleaned: Vec<RowError>,
    /// What the user should know about rows that were imported or left alone: a film
    /// created beside another of the same name, a review beside a namesake, a review in a
    /// `reviews.toml` that `--update` does not rewrite.
    pub notes: Vec<RowError>,
    /// Header columns that map to no field, so their data is not imported.
    pub unmapped: Vec<String>,
}

/// A row whose review is in the site but says something else, left alone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Differing {
    /// The row.
    pub row: u64,
    /// The review's file, relative to the site root.
    pub path: PathBuf,
    /// What differs: "grade", "text", "link"...
    pub fields: Vec<&'static str>,
    /// The review is in a `reviews.toml`, which import never rewrites.
    pub batch: bool,
}

impl Import {
    /// How many rows are skipped (a row may have several problems).
    pub fn skipped_rows(&self) -> usize {
        let rows: HashSet<u64> = self.skipped.iter().map(|e| e.row).collect();
        rows.len()
    }
}
