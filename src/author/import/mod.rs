//! Turning other tools' data into content files: a CSV of reviews (one row per review, as
//! review-aggregator exports have them) becomes one folder per film and one file per review.
//!
//! An import can be run again and again on a growing export: a row whose review is already
//! in the site (same film, critic and publication) is reported as unchanged, or as different
//! and left alone unless updating is asked for; only new rows add files. A row that cannot be
//! taken is reported with its row and column and skipped; every file written is one the
//! loader accepts, checked by the loader itself. Nothing a user wrote is overwritten unless
//! `--update` asks for it.

mod clean;
mod model;
mod row;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use row::{Planner, RowColumns};

pub use model::{CsvMapping, Import, RowError};

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
