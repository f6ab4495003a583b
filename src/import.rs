//! Turning other tools' data into content files: a CSV of reviews (one row per review, as
//! review-aggregator exports have them) becomes one folder per film and one file per review.
//!
//! The whole file is checked before anything is written: a grade in an unsupported scale, a
//! bad date or verdict is reported with its row number and nothing is written. Existing files
//! are never overwritten.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Date, is_valid_slug, slugify};
use crate::score::normalise_rating;

/// Which CSV column holds which field. Every column but `film` is optional in the file: a
/// column missing from the header is treated as empty.
#[derive(Debug, Clone)]
pub struct CsvMapping {
    /// The film's title.
    pub film: String,
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

/// A problem with one row (or the header) of the CSV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row}: {message}")]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    /// What is wrong and what to do.
    pub message: String,
}

/// The files an import will write, by path relative to the site root, with their text.
pub type Plan = BTreeMap<PathBuf, String>;

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

/// Reads the CSV and works out every file to write under `root`, or every problem found.
pub fn plan(root: &Path, csv: impl io::Read, mapping: &CsvMapping) -> Result<Plan, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(csv);
    let header = reader
        .headers()
        .map_err(|e| {
            vec![RowError {
                row: 1,
                message: format!("cannot read the header: {e}"),
            }]
        })?
        .clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let Some(film_col) = column(&mapping.film) else {
        return Err(vec![RowError {
            row: 1,
            message: format!(
                "there is no column `{}` for the film; the columns are: {}",
                mapping.film,
                header.iter().collect::<Vec<_>>().join(", ")
            ),
        }]);
    };
    let optional = |name: &Option<String>| -> Result<Option<usize>, RowError> {
        match name {
            None => Ok(None),
            Some(n) => column(n).map(Some).ok_or_else(|| RowError {
                row: 1,
                message: format!("there is no column `{n}`"),
            }),
        }
    };
    let year_col = optional(&mapping.year).map_err(|e| vec![e])?;
    let url_col = optional(&mapping.url).map_err(|e| vec![e])?;
    let cols = [
        &mapping.critic,
        &mapping.publication,
        &mapping.verdict,
        &mapping.score,
        &mapping.date,
        &mapping.excerpt,
    ]
    .map(|n| column(n));

    let mut plan = Plan::new();
    let mut errors = Vec::new();
    let mut taken: HashSet<PathBuf> = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    row,
                    message: format!("not a valid CSV row: {e}"),
                });
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or_default()
        };
        let mut fail = |message: String| errors.push(RowError { row, message });
        let [critic, publication, verdict, score, date, excerpt] = cols.map(get);
        let title = get(Some(film_col));
        if title.is_empty() {
            fail("the film's title is empty".into());
            continue;
        }
        let year = match year_col.map(|c| get(Some(c))) {
            None | Some("") => None,
            Some(y) => match y.parse::<u16>() {
                Ok(y @ 1850..=2200) => Some(y),
                _ => {
                    fail(format!("`{y}` is not a film year"));
                    continue;
                }
            },
        };
        let base = slugify(title);
        let slug = match year {
            Some(y) => format!("{base}-{y}"),
            None => base,
        };
        if !is_valid_slug(&slug) {
            fail(format!("the title `{title}` gives no usable folder name"));
            continue;
        }
        let film_dir = Path::new("content/films").join(&slug);
        let index = film_dir.join("index.md");
        if !root.join(&index).is_file() && !plan.contains_key(&index) {
            match year {
                Some(year) => {
                    plan.insert(index.clone(), front_matter(&FilmFront { title, year }, ""));
                }
                None => {
                    fail(format!(
                        "there is no film folder {} and no year to create it with: create the film first, or pass --year-column",
                        film_dir.display()
                    ));
                    continue;
                }
            }
        }
        let (score, rating) = match score {
            "" => (None, None),
            s if s.bytes().all(|b| b.is_ascii_digit()) => match s.parse::<u8>() {
                Ok(v @ 0..=100) => (Some(v), None),
                _ => {
                    fail(format!(
                        "score `{s}` is out of range: scores without a scale are 0 to 100"
                    ));
                    continue;
                }
            },
            s => match normalise_rating(s) {
                Ok(_) => (None, Some(s)),
                Err(e) => {
                    fail(format!("grade {e}"));
                    continue;
                }
            },
        };
        let verdict = match verdict.to_ascii_lowercase().as_str() {
            "" => None,
            "fresh" | "positive" => Some("positive"),
            "mixed" => Some("mixed"),
            "rotten" | "negative" => Some("negative"),
            other => {
                fail(format!(
                    "`{other}` is not a verdict (Fresh, Rotten, positive, mixed or negative)"
                ));
                continue;
            }
        };
        let date = match date {
            "" => None,
            d => match parse_date(d) {
                Some(dt) => Some(dt),
                None => {
                    fail(format!("`{d}` is not a date: write it as YYYY-MM-DD"));
                    continue;
                }
            },
        };
        let url = url_col.map(|c| get(Some(c))).filter(|u| !u.is_empty());
        if let Some(u) = url
            && !(u.starts_with("http://") || u.starts_with("https://"))
        {
            fail(format!("`{u}` is not an http or https address"));
            continue;
        }
        let stem = crate::model::review_file_stem(critic, publication);
        let mut path = film_dir.join("reviews").join(format!("{stem}.md"));
        let mut n = 2;
        while taken.contains(&path) {
            path = film_dir.join("reviews").join(format!("{stem}-{n}.md"));
            n += 1;
        }
        if root.join(&path).exists() {
            fail(format!(
                "{} already exists; Marquee never overwrites a file",
                path.display()
            ));
            continue;
        }
        taken.insert(path.clone());
        let front = ReviewFront {
            critic: (!critic.is_empty()).then_some(critic),
            publication: (!publication.is_empty()).then_some(publication),
            date,
            score,
            rating,
            verdict,
            url,
        };
        plan.insert(path, front_matter(&front, excerpt));
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    date.to_string().parse().ok().filter(|_| text.len() == 10)
}

/// Writes the planned files, creating folders; fails rather than overwrite anything. Returns
/// the paths written, in order.
pub fn write(root: &Path, plan: &Plan) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, text) in plan {
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
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> CsvMapping {
        CsvMapping {
            film: "movie_title".into(),
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
        let plan = plan(tmp.path(), csv.as_bytes(), &mapping()).unwrap();
        let paths: Vec<_> = plan
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
        let ann = &plan[Path::new("content/films/the-lamp-1999/reviews/ann-apple--the-ledger.md")];
        assert_eq!(
            ann,
            "+++\ncritic = \"Ann Apple\"\npublication = \"The Ledger\"\ndate = 2000-01-02\nrating = \"3.5/5\"\nverdict = \"positive\"\n+++\nBright, warm \"and\" odd\n"
        );
    }

    #[test]
    fn reports_bad_rows_by_number_and_plans_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!(
            "{HEADER}A,2000,X,P,Fresh,5/1,2000-01-01,a\nB,2000,Y,P,Fresh,****,2000-01-01,b\nC,2000,Z,P,Meh,B,2000-01-01,c\nD,2000,W,P,Fresh,B,01/02/2000,d\nE,2000,V,P,Fresh,101,2000-01-01,e\nF,2000,U,P,Fresh,B,2000-01-01,fine\n"
        );
        let errors = plan(tmp.path(), csv.as_bytes(), &mapping()).unwrap_err();
        let rows: Vec<u64> = errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [2, 3, 4, 5, 6], "{errors:?}");
        assert!(errors[0].message.contains("out of 1"), "{}", errors[0]);
        assert!(errors[1].message.contains("****"));
        assert!(errors[2].message.contains("meh"));
        assert!(errors[3].message.contains("YYYY-MM-DD"));
    }

    #[test]
    fn never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let csv = format!("{HEADER}The Lamp,1999,Ann Apple,,Fresh,80,,x\n");
        let first = plan(tmp.path(), csv.as_bytes(), &mapping()).unwrap();
        write(tmp.path(), &first).unwrap();
        let again = plan(tmp.path(), csv.as_bytes(), &mapping()).unwrap_err();
        assert!(again[0].message.contains("already exists"));
        assert!(
            write(tmp.path(), &first).is_err(),
            "create_new refuses even without the plan check"
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
        let errors = plan(tmp.path(), csv.as_bytes(), &m).unwrap_err();
        assert!(errors[0].message.contains("--year-column"), "{}", errors[0]);
    }
}
