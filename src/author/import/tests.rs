//! The import's behaviour on small exports, case by case.

use super::*;
use std::fs;

fn mapping() -> CsvMapping {
    CsvMapping {
        film: Some("movie_title".into()),
        year: Some("year".into()),
        ..CsvMapping::default()
    }
}

/// A new, empty site.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.toml"), "title = \"Test\"\n").unwrap();
    tmp
}

/// Writes `import`, which must succeed.
fn written(root: &Path, import: &Import) {
    let w = write(root, import, false);
    assert!(w.failed.is_empty(), "{:?}", w.failed);
}

const HEADER: &str = "movie_title,year,critic_name,publisher_name,review_type,review_score,review_date,review_content\n";

#[test]
fn plans_films_and_reviews() {
    let tmp = site();
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
        "+++\ncritic = \"Ann Apple\"\npublication = \"The Ledger\"\ndate = 2000-01-02\nrating = \"3.5/5\"\nverdict = \"positive\"\nimported_as = \"a13212.b57124.b52807.b52807.d9b1a7:ann-apple/the-ledger/2000-01-02//\"\n+++\nBright, warm \"and\" odd\n"
    );
    assert!(import.skipped.is_empty() && import.unmapped.is_empty());
}

#[test]
fn bad_rows_are_reported_by_row_and_column_and_the_rest_is_planned() {
    let tmp = site();
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
    assert!(found[3].starts_with("row 5, column `review_date`") && found[3].contains("YYYY-MM-DD"));
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
    let tmp = site();
    let csv = format!(
        "{HEADER}The Lamp,1999,Ann Apple,,Fresh,80,,x\nThe Lamp,1999,Ann Apple,,Fresh,60,,again\n"
    );
    let first = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
    assert_eq!(first.new.len(), 3, "the film and two reviews by one critic");
    written(tmp.path(), &first);
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
        [Differing {
            row: 2,
            path: PathBuf::from("content/films/the-lamp-1999/reviews/ann-apple.md"),
            fields: vec!["grade"],
            batch: false,
        }]
    );
    assert_eq!(
        next.new.keys().collect::<Vec<_>>(),
        [Path::new("content/films/the-lamp-1999/reviews/bo.md")]
    );
    let updating = plan(tmp.path(), grown.as_bytes(), &mapping(), true).unwrap();
    written(tmp.path(), &updating);
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
        !write(tmp.path(), &first, false).failed.is_empty(),
        "new files are never overwritten"
    );
}

#[test]
fn mis_decoded_windows_1252_text_is_cleaned_and_said() {
    let tmp = site();
    let csv =
        format!("{HEADER}The Lamp,1999,Ann,,Fresh,80,,Wait for it\u{85} and \u{93}then\u{94}\n");
    let import = plan(tmp.path(), csv.as_bytes(), &mapping(), false).unwrap();
    let review = &import.new[Path::new("content/films/the-lamp-1999/reviews/ann.md")];
    assert!(review.contains("Wait for it… and “then”"), "{review}");
    assert_eq!(import.cleaned.len(), 1);
    assert_eq!(import.cleaned[0].column.as_deref(), Some("review_content"));
}

#[test]
fn films_can_be_found_by_an_id_column_and_extra_columns_are_named() {
    let tmp = site();
    let m = CsvMapping {
        id: Some("rotten_tomatoes_link".into()),
        film: None,
        year: None,
        ..mapping()
    };
    let csv =
        "rotten_tomatoes_link,critic_name,top_critic,review_type\nm/the_lamp,Ann,True,Fresh\n";
    let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
    assert!(import.new.is_empty());
    assert!(
        import.skipped[0].message.contains("no title to create one"),
        "{:?}",
        import.skipped
    );
    assert_eq!(import.unmapped, ["top_critic"]);
    fs::create_dir_all(tmp.path().join("content/films/the-lamp-1999")).unwrap();
    fs::write(
        tmp.path().join("content/films/the-lamp-1999/index.md"),
        "+++\ntitle = \"The Lamp\"\nyear = 1999\nids = { rotten-tomatoes-link = \"m/the_lamp\" }\n+++\n",
    )
    .unwrap();
    let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
    assert_eq!(
        import.new.keys().collect::<Vec<_>>(),
        [Path::new("content/films/the-lamp-1999/reviews/ann.md")],
        "found by its id, whatever its folder is called"
    );
}

#[test]
fn a_film_without_folder_or_year_is_an_error() {
    let tmp = site();
    let m = CsvMapping {
        year: None,
        ..mapping()
    };
    let csv = "movie_title,critic_name,review_score\nThe Lamp,Ann,80\n";
    let import = plan(tmp.path(), csv.as_bytes(), &m, false).unwrap();
    assert!(
        import.skipped[0].message.contains("--year-column"),
        "{}",
        import.skipped[0]
    );
}

#[test]
fn a_nameless_critic_and_an_upper_case_scheme_make_loadable_files() {
    let tmp = site();
    let m = CsvMapping {
        url: Some("url".into()),
        ..mapping()
    };
    let csv = "movie_title,year,critic_name,review_type,url\nThe Lamp,1999,***,Fresh,HTTPS://example.com/a\nThe Lamp,1999,Bo,Fresh,JavaScript:alert(1)\nThe Lamp,1999,Cy,Fresh,HTTPS://example.com/c\n";
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
