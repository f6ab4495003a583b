//! What an import is told (which column holds what) and what it works out (files to write,
//! rows to report).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Which CSV column holds which field. A column named here but missing from the header is
/// an error; the film needs `film` (its title) or `folder` (its folder name), or both.
#[derive(Debug, Clone, Default)]
pub struct CsvMapping {
    /// The film's title (and, with `year`, its folder name when `folder` is not given).
    pub film: Option<String>,
    /// The film's folder name, or an id or link to make one from ("m/the_lamp" becomes
    /// `m-the-lamp`): how real exports identify films.
    pub folder: Option<String>,
    /// The film's year (needed to create a film folder that does not exist yet).
    pub year: Option<String>,
    /// The critic's name; empty means uncredited.
    pub critic: String,
    /// The publication's name.
    pub publication: String,
    /// Fresh/Rotten or positive/mixed/negative.
    pub verdict: String,
    /// "3.5/5", "B", "80" or empty.
    pub score: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// The excerpt.
    pub excerpt: String,
    /// Link to the full review.
    pub url: Option<String>,
}

/// Something to say about one row (or the header) of the CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    /// The column the problem is in, when it is one column's.
    pub column: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
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
    /// Rows whose review is in the site but differs, left alone: the row and the file.
    pub differing: Vec<(u64, PathBuf)>,
    /// Why rows cannot be imported (every problem of each); those rows are skipped.
    pub skipped: Vec<RowError>,
    /// Text that was cleaned where the fix is certain (a mis-decoded Windows-1252 export).
    pub cleaned: Vec<RowError>,
    /// Header columns that map to no field, so their data is not imported.
    pub unmapped: Vec<String>,
}

impl Import {
    /// How many rows are skipped (a row may have several problems).
    pub fn skipped_rows(&self) -> usize {
        let rows: HashSet<u64> = self.skipped.iter().map(|e| e.row).collect();
        rows.len()
    }
}
