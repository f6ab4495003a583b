//! One CSV row at a time: its film, its review, and what the site already holds of it.

use crate::diagnostic::Code;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::clean::clean;
use super::model::{CsvMapping, Import, RowError};
use crate::content::model::{Date, Review, Slug, is_valid_slug, review_file_stem, slugify};
use crate::score::normalise_rating;

#[derive(Serialize)]
pub(super) struct FilmFront<'a> {
    title: &'a str,
    year: u16,
}

#[derive(Serialize)]
pub(super) struct ReviewFront<'a> {
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

pub(super) fn front_matter(value: &impl Serialize, body: &str) -> String {
    let toml = toml::to_string(value).expect("front matter structs always serialise");
    let body = body.trim();
    if body.is_empty() {
        format!("+++\n{toml}+++\n")
    } else {
        format!("+++\n{toml}+++\n{body}\n")
    }
}

/// The reviews already in a film's folder, by (critic slug, publication slug), in file order,
/// with how many of them this import has matched so far.
pub(super) type Existing = HashMap<(Option<Slug>, Option<Slug>), (Vec<Review>, usize)>;

pub(super) fn existing_reviews(root: &Path, slug: &str) -> Existing {
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
        by_key.entry(key_of(&review)).or_default().0.push(review);
    }
    by_key
}

/// What identifies a review within its film: its critic's and publication's slugs.
fn key_of(review: &Review) -> (Option<Slug>, Option<Slug>) {
    (review.critic_slug.clone(), review.publication_slug.clone())
}

/// Whether two reviews say the same (wherever their files are).
pub(super) fn same_review(a: &Review, b: &Review) -> bool {
    a.critic == b.critic
        && a.publication == b.publication
        && a.date == b.date
        && a.grade == b.grade
        && a.verdict == b.verdict
        && a.url == b.url
        && a.excerpt_html == b.excerpt_html
}

/// Where each field is in a row.
pub(super) struct RowColumns {
    pub(super) film_col: Option<usize>,
    pub(super) folder_col: Option<usize>,
    pub(super) year_col: Option<usize>,
    pub(super) url_col: Option<usize>,
    pub(super) cols: [Option<usize>; 6],
}

/// The value of `result`, or `None` with its error added to `problems`.
pub(super) fn keep<T>(result: Result<T, RowError>, problems: &mut Vec<RowError>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// An import being worked out, row by row.
pub(super) struct Planner<'a> {
    pub(super) root: &'a Path,
    pub(super) mapping: &'a CsvMapping,
    pub(super) at: RowColumns,
    pub(super) update: bool,
    /// The reviews already in each film's folder met so far, by film slug.
    pub(super) existing: HashMap<String, Existing>,
    /// New review paths already given out.
    pub(super) taken: HashSet<PathBuf>,
    pub(super) import: Import,
}

impl Planner<'_> {
    /// Works out one row: its film (created when new), its review (new, unchanged, differing
    /// or updated); an error skips the row.
    pub(super) fn row(
        &mut self,
        record: &csv::StringRecord,
        row: u64,
    ) -> Result<(), Vec<RowError>> {
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
        // The column that names the film.
        let naming = if at.folder_col.is_some() {
            folder_name
        } else {
            film_name
        };
        let slug = match (get(at.folder_col), title.as_str()) {
            ("", "") => {
                return Err(vec![fail(
                    naming,
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
            return Err(vec![fail(
                naming,
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
                    Code::E012 => url_name,
                    Code::E006 | Code::E019 | Code::E025 => &mapping.excerpt,
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
        if let Some((list, matched)) = known.get_mut(&key_of(&review))
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

pub(super) fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let date = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    date.to_string().parse().ok().filter(|_| text.len() == 10)
}
