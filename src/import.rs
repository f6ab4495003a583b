//! Turning other tools' data into content files: a CSV of reviews (one row per review, as
//! review-aggregator exports have them) becomes one folder per film and one file per review.
//!
//! An import can be run again and again on a growing export: a row whose review is already
//! in the site (same film, critic and publication) is reported as unchanged, or as different
//! and left alone unless updating is asked for; only new rows add files. A row that cannot be
//! taken is reported with its row and column and skipped; every file written is one the
//! loader accepts, checked by the loader itself. Nothing a user wrote is overwritten unless
//! `--update` asks for it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::model::{Date, Review, is_valid_slug, review_file_stem, slugify};
use crate::score::normalise_rating;

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

#[derive(Serialize)]
struct FilmFront<'a> {
    title: &'a str,
    year: u16,
}

#[derive(Serialize)]
struct ReviewFront<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    critic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publication: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn front_matter(value: &impl Serialize, body: &str) -> String {
    let toml = toml::to_string(value).expect("front matter structs always serialise");
    let body = body.trim();
    if body.is_empty() {
        format!("+++\n{toml}+++\n")
    } else {
        format!("+++\n{toml}+++\n{body}\n")
    }
}

/// What Windows-1252 puts at the bytes 0x80-0x9F, which an export decoded as Latin-1 turns
/// into the C1 control characters U+0080-U+009F; `None` where 1252 has no character.
const WINDOWS_1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// `text` with the C1 controls of a mis-decoded Windows-1252 export replaced by the
/// characters they stood for (`Ok((text, true))` when any was); an error for a control
/// character whose meaning is not certain.
fn clean(text: &str) -> Result<(String, bool), String> {
    let mut out = String::with_capacity(text.len());
    let mut cleaned = false;
    for c in text.chars() {
        match c {
            '\u{80}'..='\u{9f}' => match WINDOWS_1252[c as usize - 0x80] {
                Some(meant) => {
                    out.push(meant);
                    cleaned = true;
                }
                None => {
                    return Err(format!(
                        "the text holds the control character U+{:04X}, which stands for no \
                         character; remove it from the CSV",
                        c as u32
                    ));
                }
            },
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {
                return Err(format!(
                    "the text holds the control character U+{:04X}; remove it from the CSV",
                    c as u32
                ));
            }
            c => out.push(c),
        }
    }
    Ok((out, cleaned))
}

/// The reviews already in a film's folder, by (critic slug, publication slug), in file order,
/// with how many of them this import has matched so far.
type Existing = HashMap<(String, String), (Vec<Review>, usize)>;

fn existing_reviews(root: &Path, slug: &str) -> Existing {
    let mut by_key = Existing::new();
    if !root
        .join("content/films")
        .join(slug)
        .join("index.md")
        .is_file()
    {
        return by_key;
    }
    let (film, _) = crate::content::load_film(root, slug, crate::content::LoadOptions::default());
    let mut reviews = film.map(|f| f.reviews).unwrap_or_default();
    // In the order an import names them: `name.md`, then `name-2.md`, `name-3.md`...
    reviews.sort_by_cached_key(|r| {
        let stem = r.source.with_extension("").to_string_lossy().into_owned();
        match stem
            .rsplit_once('-')
            .map(|(base, n)| (base, n.parse::<u32>()))
        {
            Some((base, Ok(n))) => (base.to_string(), n),
            _ => (stem, 1),
        }
    });
    for review in reviews {
        let key = (
            slugify(review.critic.as_deref().unwrap_or_default()),
            slugify(review.publication.as_deref().unwrap_or_default()),
        );
        by_key.entry(key).or_default().0.push(review);
    }
    by_key
}

/// Whether two reviews say the same (wherever their files are).
fn same_review(a: &Review, b: &Review) -> bool {
    a.critic == b.critic
        && a.publication == b.publication
        && a.date == b.date
        && a.grade == b.grade
        && a.verdict == b.verdict
        && a.url == b.url
        && a.excerpt_html == b.excerpt_html
}

/// Reads the CSV and works out what to write under `root`; `update` replaces reviews that
/// differ from their row. Fails only when the header itself cannot be used.
pub fn plan(
    root: &Path,
    csv: impl io::Read,
    mapping: &CsvMapping,
    update: bool,
) -> Result<Import, RowError> {
    let header_error = |message: String| RowError {
        row: 1,
        column: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(csv);
    let header = reader
        .headers()
        .map_err(|e| header_error(format!("cannot read the header: {e}")))?
        .clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let named = |name: &Option<String>| -> Result<Option<usize>, RowError> {
        match name {
            None => Ok(None),
            Some(n) => column(n).map(Some).ok_or_else(|| {
                header_error(format!(
                    "there is no column `{n}`; the columns are: {}",
                    header.iter().collect::<Vec<_>>().join(", ")
                ))
            }),
        }
    };
    if mapping.film.is_none() && mapping.folder.is_none() {
        return Err(header_error(
            "name the column that identifies the film: --film-column (its title) or \
             --folder-column (its folder, id or link)"
                .into(),
        ));
    }
    let (film_col, folder_col) = (named(&mapping.film)?, named(&mapping.folder)?);
    let (year_col, url_col) = (named(&mapping.year)?, named(&mapping.url)?);
    let names = [
        &mapping.critic,
        &mapping.publication,
        &mapping.verdict,
        &mapping.score,
        &mapping.date,
        &mapping.excerpt,
    ];
    let cols = names.map(|n| column(n));
    let mut import = Import::default();
    let mapped: HashSet<&str> = names
        .iter()
        .map(|n| n.as_str())
        .chain(
            [&mapping.film, &mapping.folder, &mapping.year, &mapping.url]
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
        .collect();
    import.unmapped = header
        .iter()
        .map(str::trim)
        .filter(|h| !mapped.contains(h))
        .map(String::from)
        .collect();

    let mut planner = Planner {
        root,
        mapping,
        at: RowColumns {
            film_col,
            folder_col,
            year_col,
            url_col,
            cols,
        },
        update,
        existing: HashMap::new(),
        taken: HashSet::new(),
        import,
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                planner.import.skipped.push(RowError {
                    row: e.position().map_or(0, |p| p.line()),
                    column: None,
                    message: format!("not a valid CSV row: {e}"),
                });
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        if let Err(mut problems) = planner.row(&record, row) {
            planner.import.skipped.append(&mut problems);
        }
    }
    Ok(planner.import)
}

/// Where each field is in a row.
struct RowColumns {
    film_col: Option<usize>,
    folder_col: Option<usize>,
    year_col: Option<usize>,
    url_col: Option<usize>,
    cols: [Option<usize>; 6],
}

/// The value of `result`, or `None` with its error added to `problems`.
fn keep<T>(result: Result<T, RowError>, problems: &mut Vec<RowError>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// An import being worked out, row by row.
struct Planner<'a> {
    root: &'a Path,
    mapping: &'a CsvMapping,
    at: RowColumns,
    update: bool,
    /// The reviews already in each film's folder met so far, by film slug.
    existing: HashMap<String, Existing>,
    /// New review paths already given out.
    taken: HashSet<PathBuf>,
    import: Import,
}

impl Planner<'_> {
    /// Works out one row: its film (created when new), its review (new, unchanged, differing
    /// or updated); an error skips the row.
    fn row(&mut self, record: &csv::StringRecord, row: u64) -> Result<(), Vec<RowError>> {
        let (root, mapping, at, update) = (self.root, self.mapping, &self.at, self.update);
        let (existing, taken, import) = (&mut self.existing, &mut self.taken, &mut self.import);
        let fail = |column: &str, message: String| RowError {
            row,
            column: Some(column.to_string()),
            message,
        };
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or_default()
        };
        // Every text field, cleaned where the fix is certain.
        let mut text = |i: Option<usize>, column: &str| -> Result<String, RowError> {
            let (cleaned, changed) = clean(get(i)).map_err(|m| fail(column, m))?;
            if changed {
                import.cleaned.push(RowError {
                    row,
                    column: Some(column.to_string()),
                    message: "replaced characters of a Windows-1252 export read as Latin-1 \
                          (such as U+0085 for …) by what they stood for"
                        .into(),
                });
            }
            Ok(cleaned)
        };
        let film_name = mapping.film.as_deref().unwrap_or_default();
        let folder_name = mapping.folder.as_deref().unwrap_or_default();
        // Every field is checked, so that a row's problems are all reported at once.
        let mut problems = Vec::new();
        let title = keep(text(at.film_col, film_name), &mut problems);
        let critic = keep(text(at.cols[0], &mapping.critic), &mut problems);
        let publication = keep(text(at.cols[1], &mapping.publication), &mut problems);
        let excerpt = keep(text(at.cols[5], &mapping.excerpt), &mut problems);
        let [_, _, verdict, score, date, _] = at.cols.map(get);
        let year_name = mapping.year.as_deref().unwrap_or_default();
        let year = keep(
            match get(at.year_col) {
                "" => Ok(None),
                y => match y.parse::<u16>() {
                    Ok(y @ 1850..=2200) => Ok(Some(y)),
                    _ => Err(fail(year_name, format!("`{y}` is not a film year"))),
                },
            },
            &mut problems,
        );
        let grade = keep(
            match score {
                "" => Ok((None, None)),
                s if s.bytes().all(|b| b.is_ascii_digit()) => match s.parse::<u8>() {
                    Ok(v @ 0..=100) => Ok((Some(v), None)),
                    _ => Err(fail(
                        &mapping.score,
                        format!("score `{s}` is out of range: scores without a scale are 0 to 100"),
                    )),
                },
                s => match normalise_rating(s) {
                    Ok(_) => Ok((None, Some(s))),
                    Err(e) => Err(fail(&mapping.score, format!("grade {e}"))),
                },
            },
            &mut problems,
        );
        let verdict = keep(
            match verdict.to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "fresh" | "positive" => Ok(Some("positive")),
                "mixed" => Ok(Some("mixed")),
                "rotten" | "negative" => Ok(Some("negative")),
                other => Err(fail(
                    &mapping.verdict,
                    format!(
                        "`{other}` is not a verdict (Fresh, Rotten, positive, mixed or negative)"
                    ),
                )),
            },
            &mut problems,
        );
        let date = keep(
            match date {
                "" => Ok(None),
                d => parse_date(d).map(Some).ok_or_else(|| {
                    fail(
                        &mapping.date,
                        format!("`{d}` is not a date: write it as YYYY-MM-DD"),
                    )
                }),
            },
            &mut problems,
        );
        let (
            Some(title),
            Some(critic),
            Some(publication),
            Some(excerpt),
            Some(year),
            Some((score, rating)),
            Some(verdict),
            Some(date),
        ) = (
            title,
            critic,
            publication,
            excerpt,
            year,
            grade,
            verdict,
            date,
        )
        else {
            return Err(problems);
        };
        let slug = match (get(at.folder_col), title.as_str()) {
            ("", "") => {
                let column = if at.folder_col.is_some() {
                    folder_name
                } else {
                    film_name
                };
                return Err(vec![fail(
                    column,
                    "the film is not named: the cell is empty".into(),
                )]);
            }
            ("", title) => {
                let base = slugify(title);
                match year {
                    Some(y) => format!("{base}-{y}"),
                    None => base,
                }
            }
            (folder, _) if is_valid_slug(folder) => folder.to_string(),
            (folder, _) => slugify(folder),
        };
        if !is_valid_slug(&slug) {
            let column = if at.folder_col.is_some() {
                folder_name
            } else {
                film_name
            };
            return Err(vec![fail(
                column,
                "this gives no usable folder name: it needs a letter or digit".into(),
            )]);
        }
        let film_dir = Path::new("content/films").join(&slug);
        let index = film_dir.join("index.md");
        if !root.join(&index).is_file() && !import.new.contains_key(&index) {
            match (title.as_str(), year) {
                ("", _) => {
                    return Err(vec![fail(
                        folder_name,
                        format!(
                            "there is no film folder {} and no title to create it with: create the film first, or pass --film-column",
                            film_dir.display()
                        ),
                    )]);
                }
                (_, None) => {
                    return Err(vec![fail(
                        film_name,
                        format!(
                            "there is no film folder {} and no year to create it with: create the film first, or pass --year-column",
                            film_dir.display()
                        ),
                    )]);
                }
                (title, Some(year)) => {
                    let text = front_matter(&FilmFront { title, year }, "");
                    if let Some(e) = crate::content::film_errors(text.as_bytes()).first() {
                        return Err(vec![fail(film_name, e.message.clone())]);
                    }
                    import.new.insert(index.clone(), text);
                }
            }
        }
        let url_name = mapping.url.as_deref().unwrap_or_default();
        let url = get(at.url_col);
        let url = (!url.is_empty()).then_some(url);
        let front = ReviewFront {
            critic: (!critic.is_empty()).then_some(critic.as_str()),
            publication: (!publication.is_empty()).then_some(publication.as_str()),
            date,
            score,
            rating,
            verdict,
            url,
        };
        let text = front_matter(&front, &excerpt);
        // The loader is the judge: a file it would reject is never written.
        let (reviews, problems) = crate::content::parse_review_bytes(text.as_bytes(), false);
        let refused: Vec<RowError> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|e| {
                let column = match e.code {
                    "E012" => url_name,
                    "E006" | "E019" => &mapping.excerpt,
                    _ => "",
                };
                RowError {
                    row,
                    column: (!column.is_empty()).then(|| column.to_string()),
                    message: e.message.clone(),
                }
            })
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }
        let Some(review) = reviews.into_iter().next() else {
            return Err(vec![fail("", "the row makes no review".into())]);
        };
        let known = existing
            .entry(slug.clone())
            .or_insert_with(|| existing_reviews(root, &slug));
        let key = (slugify(&critic), slugify(&publication));
        if let Some((list, matched)) = known.get_mut(&key)
            && let Some(there) = list.get(*matched)
        {
            *matched += 1;
            let path = there.source.clone();
            if same_review(there, &review) {
                import.unchanged += 1;
            } else if update {
                import.updates.insert(path, text);
            } else {
                import.differing.push((row, path));
            }
            return Ok(());
        }
        let stem = review_file_stem(&critic, &publication);
        let mut path = film_dir.join("reviews").join(format!("{stem}.md"));
        let mut n = 2;
        while taken.contains(&path) || root.join(&path).exists() {
            path = film_dir.join("reviews").join(format!("{stem}-{n}.md"));
            n += 1;
        }
        taken.insert(path.clone());
        import.new.insert(path, text);
        Ok(())
    }
}

fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    date.to_string().parse().ok().filter(|_| text.len() == 10)
}

/// Writes an import: new files (never replacing anything) and, when asked for, the updates
/// (each written beside its file and renamed over it, so no file is ever half-written).
/// Returns the paths written, in order.
pub fn write(root: &Path, import: &Import) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, text) in &import.new {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&full)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        file.write_all(text.as_bytes())?;
        written.push(path.clone());
    }
    for (path, text) in &import.updates {
        let full = root.join(path);
        let name = full.file_name().unwrap_or_default().to_string_lossy();
        let temporary = full.with_file_name(format!(".{name}.marquee-tmp"));
        fs::write(&temporary, text)?;
        fs::rename(&temporary, &full)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        written.push(path.clone());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> CsvMapping {
        CsvMapping {
            film: Some("movie_title".into()),
            folder: None,
            year: Some("year".into()),
            critic: "critic_name".into(),
            publication: "publisher_name".into(),
            verdict: "review_type".into(),
            score: "review_score".into(),
            date: "review_date".into(),
            excerpt: "review_content".into(),
            url: None,
        }
    }

    const HEADER: &str = "movie_title,year,critic_name,publisher_name,review_type,review_score,review_date,review_content\n";

    #[test]
    fn plans_films_and_reviews() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!(
            "{HEADER}The Lamp,1999,Ann Apple,The Ledger,Fresh,3.5/5,2000-01-02,\"Bright, warm \"\"and\"\" odd\"\nThe Lamp,1999,,The Ledger,Rotten,,2000-01-03,Dim.\n"
        );
        let import = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        let paths: Vec<_> = import
            .new
            .keys()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            paths,
            [
                "content/films/the-lamp-1999/index.md",
                "content/films/the-lamp-1999/reviews/ann-apple--the-ledger.md",
                "content/films/the-lamp-1999/reviews/staff--the-ledger.md"
            ]
        );
        let ann =
            &import.new[Path::new("content/films/the-lamp-1999/reviews/ann-apple--the-ledger.md")];
        assert_eq!(
            ann,
            "+++\ncritic = \"Ann Apple\"\npublication = \"The Ledger\"\ndate = 2000-01-02\nrating = \"3.5/5\"\nverdict = \"positive\"\n+++\nBright, warm \"and\" odd\n"
        );
        assert!(import.skipped.is_empty() && import.unmapped.is_empty());
    }

    #[test]
    fn bad_rows_are_reported_by_row_and_column_and_the_rest_is_planned() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!(
            "{HEADER}A,2000,X,P,Fresh,5/1,2000-01-01,a\nB,2000,Y,P,Fresh,****,2000-01-01,b\nC,2000,Z,P,Meh,B,2000-01-01,c\nD,2000,W,P,Fresh,B,01/02/2000,d\nE,2000,V,P,Fresh,101,2000-01-01,e\nF,2000,U,P,Fresh,5/6,2000-01-01,fine\nG,2000,***,,Fresh,B,2000-01-01,\u{1}\n"
        );
        let import = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        let found: Vec<String> = import.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(
            found[0].starts_with("row 2, column `review_score`: grade `5/1` is out of 1"),
            "{}",
            found[0]
        );
        assert!(found[1].contains("****"));
        assert!(found[2].starts_with("row 4, column `review_type`") && found[2].contains("meh"));
        assert!(
            found[3].starts_with("row 5, column `review_date`") && found[3].contains("YYYY-MM-DD")
        );
        assert!(
            found[4].starts_with("row 6, column `review_score`"),
            "{}",
            found[4]
        );
        assert!(
            found[5].starts_with("row 8, column `review_content`") && found[5].contains("U+0001"),
            "{}",
            found[5]
        );
        assert!(
            import
                .new
                .contains_key(Path::new("content/films/f-2000/reviews/u--p.md")),
            "a grade out of 6 is taken"
        );
        let csv = format!("{HEADER}A,2000,X,P,Meh,5/1,2000-02-30,a\n");
        let import = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        let columns: Vec<_> = import
            .skipped
            .iter()
            .map(|e| e.column.clone().unwrap())
            .collect();
        assert_eq!(
            columns,
            ["review_score", "review_type", "review_date"],
            "every problem of the row"
        );
        assert_eq!(import.skipped_rows(), 1);
    }

    #[test]
    fn importing_again_adds_only_new_rows_and_leaves_changed_ones_alone_unless_updating() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!(
            "{HEADER}The Lamp,1999,Ann Apple,,Fresh,80,,x\nThe Lamp,1999,Ann Apple,,Fresh,60,,again\n"
        );
        let first = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        assert_eq!(first.new.len(), 3, "the film and two reviews by one critic");
        write(tmp.path(), &first).unwrap();
        let again = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        assert!(
            again.new.is_empty() && again.differing.is_empty(),
            "{again:?}"
        );
        assert_eq!(again.unchanged, 2);
        // An export with one row re-graded and one row added.
        let grown = format!(
            "{HEADER}The Lamp,1999,Ann Apple,,Fresh,85,,x\nThe Lamp,1999,Ann Apple,,Fresh,60,,again\nThe Lamp,1999,Bo,,Rotten,,,new\n"
        );
        let next = plan(tmp.path(), grown.as_bytes(), &mapping(), false).unwrap();
        assert_eq!(next.unchanged, 1);
        assert_eq!(
            next.differing,
            [(
                2,
                PathBuf::from("content/films/the-lamp-1999/reviews/ann-apple.md")
            )]
        );
        assert_eq!(
            next.new.keys().collect::<Vec<_>>(),
            [Path::new("content/films/the-lamp-1999/reviews/bo.md")]
        );
        let updating = plan(tmp.path(), grown.as_bytes(), &mapping(), true).unwrap();
        write(tmp.path(), &updating).unwrap();
        let text = fs::read_to_string(
            tmp.path()
                .join("content/films/the-lamp-1999/reviews/ann-apple.md"),
        )
        .unwrap();
        assert!(text.contains("score = 85"), "{text}");
        let done = plan(tmp.path(), grown.as_bytes(), &mapping(), false).unwrap();
        assert_eq!(
            (done.unchanged, done.new.len(), done.differing.len()),
            (3, 0, 0)
        );
        assert!(
            write(tmp.path(), &first).is_err(),
            "new files are never overwritten"
        );
    }

    #[test]
    fn mis_decoded_windows_1252_text_is_cleaned_and_said() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!(
            "{HEADER}The Lamp,1999,Ann,,Fresh,80,,Wait for it\u{85} and \u{93}then\u{94}\n"
        );
        let import = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
        let review = &import.new[Path::new("content/films/the-lamp-1999/reviews/ann.md")];
        assert!(review.contains("Wait for it… and “then”"), "{review}");
        assert_eq!(import.cleaned.len(), 1);
        assert_eq!(import.cleaned[0].column.as_deref(), Some("review_content"));
    }

    #[test]
    fn films_can_be_named_by_a_folder_or_id_column_and_extra_columns_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let m = CsvMapping {
            folder: Some("rotten_tomatoes_link".into()),
            film: None,
            year: None,
            ..mapping()
        };
        let csv =
            "rotten_tomatoes_link,critic_name,top_critic,review_type\nm/the_lamp,Ann,True,Fresh\n";
        let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
        assert!(import.new.is_empty());
        assert!(
            import.skipped[0].message.contains("no title to create it"),
            "{:?}",
            import.skipped
        );
        assert_eq!(import.unmapped, ["top_critic"]);
        fs::create_dir_all(tmp.path().join("content/films/m-the-lamp")).unwrap();
        fs::write(
            tmp.path().join("content/films/m-the-lamp/index.md"),
            "+++\ntitle = \"The Lamp\"\nyear = 1999\n+++\n",
        )
        .unwrap();
        let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
        assert_eq!(
            import.new.keys().collect::<Vec<_>>(),
            [Path::new("content/films/m-the-lamp/reviews/ann.md")]
        );
    }

    #[test]
    fn a_film_without_folder_or_year_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let m = CsvMapping {
            year: None,
            ..mapping()
        };
        let csv = "movie_title,critic_name\nThe Lamp,Ann\n";
        let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
        assert!(
            import.skipped[0].message.contains("--year-column"),
            "{}",
            import.skipped[0]
        );
    }

    #[test]
    fn a_nameless_critic_and_an_upper_case_scheme_make_loadable_files() {
        let tmp = tempfile::tempdir().unwrap();
        let m = CsvMapping {
            url: Some("url".into()),
            ..mapping()
        };
        let csv = "movie_title,year,critic_name,url\nThe Lamp,1999,***,HTTPS://example.com/a\nThe Lamp,1999,Bo,JavaScript:alert(1)\nThe Lamp,1999,Cy,HTTPS://example.com/c\n";
        let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
        assert_eq!(import.skipped.len(), 2, "{:?}", import.skipped);
        assert!(
            import
                .new
                .contains_key(Path::new("content/films/the-lamp-1999/reviews/cy.md")),
            "an upper-case scheme is a web address, as the loader reads it"
        );
        assert_eq!(
            import.skipped[0].row, 2,
            "the loader refuses a critic without letters"
        );
        assert_eq!(import.skipped[1].column.as_deref(), Some("url"));
    }
}
