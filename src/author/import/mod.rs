//! Turning other tools' data into content files: a CSV of reviews (one row per review, as
//! review-aggregator exports have them) becomes one folder per film and one file per review.
//!
//! An import can be run every night on a growing export. Each row finds its film by the
//! export's id, else by exact title and year (`films`), and its review by what identifies a
//! review (`matching`): the same review is reported as unchanged, or as different and left
//! alone unless updating is asked for; only new rows add files, and a film is never merged
//! into another of a similar name. A row that cannot be taken is reported with its row and
//! column and skipped; every file written is one the loader accepts, checked by the loader
//! itself. The whole import is worked out before anything is written, and written film by
//! film, all or nothing (`write`).

mod clean;
mod films;
mod journal;
mod key;
mod matching;
mod model;
mod records;
mod row;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use films::{Catalogue, FilmColumns};
use row::{Columns, RowReview, RowRules};

pub use journal::{ImportLock, Recovered, lock};
pub use model::{CsvMapping, Differing, Import, Preset, RowError};
pub use write::{WriteError, Written, write};

/// Why an import cannot be worked out at all (nothing is written).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The CSV cannot be read, or its header cannot be used with the options given.
    #[error("{0}")]
    Csv(RowError),
    /// The options do not fit the CSV: a column named that it has not, no film column...
    #[error("{0}")]
    Options(String),
    /// The root is not a site's folder (it has no `config.toml`).
    #[error(
        "{} is not a site's folder (it has no config.toml): run import in the site's folder, \
         or pass --root; `marquee init` makes a new site",
        .0.display()
    )]
    NotASite(PathBuf),
    /// A film's `index.md` cannot be read: its film could be any row's.
    #[error(
        "{}: {message}; import must read every film to never add a review to the wrong one: \
         fix it (`marquee check` shows where) and import again",
        path.display()
    )]
    Film {
        /// The file, relative to the site root.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// Reads the CSV and works out everything the import would write under `root`; `update`
/// replaces reviews that differ from their row. Fails only when the import cannot be worked
/// out at all: an unusable header, or a film the site holds that cannot be read.
pub fn plan(
    root: &Path,
    mut csv: impl io::Read,
    mapping: &CsvMapping,
    update: bool,
) -> Result<Import, Vec<PlanError>> {
    if !root.join("config.toml").is_file() {
        return Err(vec![PlanError::NotASite(root.to_path_buf())]);
    }
    let mut bytes = Vec::new();
    csv.read_to_end(&mut bytes)
        .map_err(|e| vec![header_error(format!("cannot read the file: {e}"))])?;
    let (header, records, unreadable) =
        records::read(&bytes, mapping.multiline).map_err(|e| vec![PlanError::Csv(e)])?;
    let (rules, source, unmapped) = resolve(&header, mapping).map_err(|e| vec![e])?;
    let mut catalogue = Catalogue::read(root).map_err(|films| {
        films
            .into_iter()
            .map(|f| PlanError::Film {
                path: f.path,
                message: f.message,
            })
            .collect::<Vec<_>>()
    })?;
    let mut import = Import {
        skipped: unreadable,
        unmapped,
        ..Import::default()
    };
    let film_columns = FilmColumns {
        film: rules.at.film.map(|i| rules.at.names[i].clone()),
        id: rules.at.id.map(|i| rules.at.names[i].clone()),
        year: rules.at.year.map(|i| rules.at.names[i].clone()),
    };
    // Rows by film, in the order films are first named.
    let mut by_film: BTreeMap<usize, Vec<RowReview>> = BTreeMap::new();
    let (mut small_bare, mut large_bare): (Vec<u64>, usize) = (Vec::new(), 0);
    let mut read_rows = Vec::with_capacity(records.len());
    for record in &records {
        // A row with every cell empty is a blank line of a spreadsheet.
        if record.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let read = row::read_row(&rules, &record.fields, record.row, &mut import.cleaned);
        let review = match read {
            Ok(review) => review,
            Err(mut problems) => {
                import.skipped.append(&mut problems);
                continue;
            }
        };
        if review.review.grade == crate::content::model::Grade::Ungraded
            && review.review.verdict.is_none()
            && review.excerpt.trim().is_empty()
        {
            import.notes.push(RowError::new(
                review.row,
                &None,
                "the row has no grade, verdict or text (a film logged as watched): there is \
                 no review to publish, so it is not imported"
                    .into(),
            ));
            continue;
        }
        read_rows.push(review);
    }
    // Rows without a year find their film by title alone, and rows without an id by title
    // and year: once every film the other rows create is known, so that the answer does not
    // depend on the rows' order.
    read_rows.sort_by_key(|r| (r.film.year.is_none(), r.film.id.is_none()));
    // Rows with an id go first, and a film of the site without one is claimed by title only
    // when one id of the export has its title and year.
    let source_given = source.is_some();
    for r in read_rows
        .iter()
        .filter(|r| source_given && r.film.id.is_some())
    {
        catalogue.count_export_id(&r.film);
    }
    for review in read_rows {
        match catalogue.find_or_create(&review.film, source.as_deref(), review.row, &film_columns) {
            Ok((film, note)) => {
                if review.small_bare_score {
                    small_bare.push(review.row);
                }
                large_bare += usize::from(review.front.score.is_some() && !review.small_bare_score);
                import.notes.extend(note);
                by_film.entry(film).or_default().push(review);
            }
            Err(problem) => import.skipped.push(problem),
        }
    }
    for rows in by_film.values_mut() {
        rows.sort_by_key(|r| r.row);
    }
    if rules.scale.is_none() && !small_bare.is_empty() && large_bare == 0 {
        let column = rules.at.score.map(|i| rules.at.names[i].as_str());
        small_bare.sort_unstable();
        let rows: Vec<String> = small_bare.iter().take(5).map(u64::to_string).collect();
        return Err(vec![header_error(format!(
            "every bare number in column `{}` is 10 or less (rows {}{}): these look like stars \
             or marks out of 10, which would be read as scores out of 100 (a 4-star review as \
             4/100). Pass --scale 5 (or 10) to say what they are out of, or --scale 100 if \
             they really are scores out of 100",
            column.unwrap_or_default(),
            rows.join(", "),
            if small_bare.len() > 5 { ", ..." } else { "" }
        ))]);
    }
    for film in &catalogue.films {
        let path = Path::new("content/films").join(&film.slug).join("index.md");
        if let Some(text) = &film.new_index {
            import.new.insert(path, text.clone());
        } else if !film.gained.is_empty() {
            let ids: Vec<String> = film
                .gained
                .iter()
                .map(|(source, id)| format!("{source} = {}", toml::Value::String(id.clone())))
                .collect();
            match films::with_ids(&root.join(&path), &film.gained) {
                Some(text) if crate::content::film_errors(text.as_bytes()).is_empty() => {
                    import.notes.push(RowError::new(
                        film.gained_at,
                        &None,
                        format!(
                            "{} was found by its title and year; its index.md gains `ids = {{ {} }}`, \
                             so that it is found by its id from now on",
                            film.slug,
                            ids.join(", ")
                        ),
                    ));
                    import.updates.insert(path, text);
                }
                _ => import.notes.push(RowError::new(
                    film.gained_at,
                    &None,
                    format!(
                        "{} was found by its title and year; add {} to the `ids` of its \
                         index.md, so that it is found by its id from now on",
                        film.slug,
                        ids.join(", ")
                    ),
                )),
            }
        }
    }
    let outcomes: Vec<Import> = by_film
        .into_par_iter()
        .map(|(film, rows)| {
            let known = &catalogue.films[film];
            matching::match_film(
                root,
                &known.slug,
                known.new_index.is_none(),
                rows,
                update,
                &rules.at,
            )
        })
        .collect();
    for outcome in outcomes {
        import.new.extend(outcome.new);
        import.updates.extend(outcome.updates);
        import.unchanged += outcome.unchanged;
        import.differing.extend(outcome.differing);
        import.skipped.extend(outcome.skipped);
        import.notes.extend(outcome.notes);
    }
    // A film created for rows that were all skipped is not created.
    let used: HashSet<&Path> = import
        .new
        .keys()
        .filter(|p| p.file_name().is_some_and(|n| n != "index.md"))
        .filter_map(|p| p.parent()?.parent())
        .collect();
    let unused: Vec<PathBuf> = import
        .new
        .keys()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter(|p| p.parent().is_none_or(|film| !used.contains(film)))
        .cloned()
        .collect();
    for path in unused {
        import.new.remove(&path);
    }
    import.skipped.sort_by_key(|e| e.row);
    import.differing.sort();
    import.notes.sort_by_key(|e| e.row);
    Ok(import)
}

fn header_error(message: String) -> PlanError {
    PlanError::Csv(RowError {
        row: 1,
        column: None,
        message,
    })
}

/// Where each field is in the header (an option's column, else the preset's, else the usual
/// export's), the catalogue the ids belong to, and the columns left unmapped.
fn resolve(
    header: &csv::StringRecord,
    mapping: &CsvMapping,
) -> Result<(RowRules, Option<String>, Vec<String>), PlanError> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let position = |name: &str| names.iter().position(|h| h == name);
    let preset = mapping.preset.map(Preset::columns);
    let defaults = Preset::defaults();
    let mut missing = Vec::new();
    let mut column =
        |given: &Option<String>, preset_names: Option<&[&str]>, usual: &[&str]| match given {
            Some(name) => {
                let found = position(name);
                if found.is_none() {
                    missing.push(name.clone());
                }
                found
            }
            None => preset_names
                .unwrap_or(usual)
                .iter()
                .find_map(|n| position(n)),
        };
    let at = Columns {
        film: column(&mapping.film, preset.map(|p| p.film), defaults.film),
        id: column(&mapping.id, preset.map(|p| p.id), defaults.id),
        year: column(&mapping.year, preset.map(|p| p.year), defaults.year),
        critic: column(&mapping.critic, preset.map(|p| p.critic), defaults.critic),
        publication: column(
            &mapping.publication,
            preset.map(|p| p.publication),
            defaults.publication,
        ),
        verdict: column(
            &mapping.verdict,
            preset.map(|p| p.verdict),
            defaults.verdict,
        ),
        score: column(&mapping.score, preset.map(|p| p.score), defaults.score),
        date: column(&mapping.date, preset.map(|p| p.date), defaults.date),
        excerpt: column(
            &mapping.excerpt,
            preset.map(|p| p.excerpt),
            defaults.excerpt,
        ),
        url: column(&mapping.url, preset.map(|p| p.url), defaults.url),
        top_critic: column(
            &mapping.top_critic,
            preset.map(|p| p.top_critic),
            defaults.top_critic,
        ),
        review_id: column(
            &mapping.review_id,
            preset.map(|p| p.review_id),
            defaults.review_id,
        ),
        date_fallback: None,
        names: names.clone(),
    };
    // A preset's second date column is used where the first is empty (Letterboxd's Date
    // where Watched Date is).
    let date_fallback = match (&mapping.date, preset) {
        (None, Some(p)) => p
            .date
            .iter()
            .filter_map(|n| position(n))
            .find(|&i| Some(i) != at.date),
        _ => None,
    };
    let at = Columns {
        date_fallback,
        ..at
    };
    if !missing.is_empty() {
        return Err(PlanError::Options(format!(
            "there is no column {}; the columns are: {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", "),
            names.join(", ")
        )));
    }
    if at.film.is_none() && at.id.is_none() {
        return Err(PlanError::Options(
            "name the column that identifies the film: --film-column (its title, with \
             --year-column) or --id-column (its id in a catalogue)"
                .into(),
        ));
    }
    let says_something = [at.critic, at.publication, at.verdict, at.score, at.excerpt]
        .iter()
        .any(Option::is_some)
        || mapping.critic_name.is_some()
        || mapping.publication_name.is_some();
    if !says_something {
        return Err(PlanError::Options(format!(
            "none of the review's columns is in the header ({}): name them with \
             --critic-column, --publication-column, --score-column, --verdict-column and \
             --excerpt-column, or pick the export with --from",
            names.join(", ")
        )));
    }
    if mapping.preset == Some(Preset::Letterboxd)
        && mapping.critic_name.is_none()
        && mapping.critic.is_none()
    {
        return Err(PlanError::Options(
            "a Letterboxd export is one person's reviews: name them with --critic \"Their Name\""
                .into(),
        ));
    }
    let source = match (&mapping.id_source, at.id) {
        (_, None) => None,
        (Some(source), Some(_)) if crate::content::model::is_id_source(source) => {
            Some(source.clone())
        }
        (Some(source), Some(_)) => {
            return Err(PlanError::Options(format!(
                "`{source}` is not a usable catalogue name: use lowercase letters, digits, `-` \
                 or `_`, starting with a letter (e.g. --id-source tmdb)"
            )));
        }
        (None, Some(i)) => Some(
            preset
                .and_then(|p| p.id_source)
                .map(str::to_string)
                .unwrap_or_else(|| id_source_of(&names[i])),
        ),
    };
    let scale = mapping.scale.or(preset.and_then(|p| p.scale));
    let used: HashSet<usize> = [
        at.film,
        at.id,
        at.year,
        at.critic,
        at.publication,
        at.verdict,
        at.score,
        at.date,
        at.excerpt,
        at.url,
        at.top_critic,
        at.review_id,
        at.date_fallback,
    ]
    .into_iter()
    .flatten()
    .collect();
    let ignored = preset.map(|p| p.ignored).unwrap_or_default();
    let unmapped = names
        .iter()
        .enumerate()
        .filter(|(i, n)| !used.contains(i) && !n.is_empty() && !ignored.contains(&n.as_str()))
        .map(|(_, n)| n.clone())
        .collect();
    let rules = RowRules {
        at,
        scale,
        critic_name: mapping.critic_name.clone(),
        publication_name: mapping.publication_name.clone(),
    };
    Ok((rules, source, unmapped))
}

/// A catalogue name made from an id column's name: `TMDb ID` gives `tmdb-id`.
fn id_source_of(column: &str) -> String {
    let slug = crate::content::model::slugify(column);
    if crate::content::model::is_id_source(&slug) {
        slug
    } else {
        format!("id-{slug}")
    }
}

#[cfg(test)]
mod history;
#[cfg(test)]
mod tests;
