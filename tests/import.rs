//! `marquee import csv` as a user runs it, night after night, on exports that grow: each
//! test is a way an import could merge, duplicate, lose or overwrite a review.

use std::fs;
use std::path::Path;

use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

mod common;
use common::*;

/// `marquee import csv` of `csv` (written to a file) into the site at `root`.
fn import(root: &Path, csv: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let file = root.join("..").join("export.csv");
    fs::write(&file, csv).unwrap();
    marquee()
        .args(["import", "csv"])
        .arg(&file)
        .arg("--root")
        .arg(root)
        .args(args)
        .assert()
}

/// A new, empty site in a temporary folder.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("config.toml"), "title = \"Imported\"\n").unwrap();
    (tmp, root)
}

/// The film folders of the site, each with its title and its review files.
fn films(root: &Path) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(root.join("content/films")) else {
        return out;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let index = fs::read_to_string(entry.path().join("index.md")).unwrap();
        let title = index
            .lines()
            .find_map(|l| l.strip_prefix("title = "))
            .unwrap()
            .to_string();
        let mut reviews: Vec<String> = fs::read_dir(entry.path().join("reviews"))
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        reviews.sort();
        out.push((
            entry.file_name().to_string_lossy().into_owned(),
            title,
            reviews,
        ));
    }
    out.sort();
    out
}

const TITLED: [&str; 4] = ["--film-column", "title", "--year-column", "year"];

#[test]
fn a_csv_of_reviews_imports_into_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(&root).unwrap();
    fs::write(
        root.join("config.toml"),
        "title = \"Imported\"\n[publish]\nfilm_json = true\n",
    )
    .unwrap();
    let csv = fixture("import/reviews.csv");
    let import = || {
        let mut cmd = marquee();
        cmd.args(["import", "csv"])
            .arg(&csv)
            .arg("--root")
            .arg(&root)
            .args(["--film-column", "movie_title", "--year-column", "year"]);
        cmd
    };
    import()
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "content/films/the-paper-lantern-2019/index.md",
        ))
        .stdout(predicates::str::contains(
            "content/films/the-paper-lantern-2019/reviews/staff--the-daily-fixture.md",
        ));
    let before = tree(&root);
    import()
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 0 new files, updated 0"))
        .stderr(predicates::str::contains("already in the site"));
    assert_eq!(tree(&root), before, "a second import changes nothing");

    check(&root, &[]).success();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let lantern = json(&out.join("api/films/the-paper-lantern-2019.json"));
    // Scores: 3.5/5 = 70, 2/4 = 50, B = 75, 2.5/4 = 63; Cy Moss has only a verdict.
    assert_eq!(lantern["counts"]["scored"], 4);
    assert_eq!(
        lantern["metascore"], 65,
        "(70 + 50 + 75 + 63) / 4 = 64.5, half up"
    );
    assert_eq!(lantern["counts"]["banded"], 5);
    assert_eq!(
        (
            lantern["counts"]["positive"].clone(),
            lantern["counts"]["negative"].clone()
        ),
        (3.into(), 2.into())
    );
    assert_eq!(lantern["percent_positive"], 60);
    let dee = lantern["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["critic"] == "Dee Lark")
        .unwrap();
    assert_eq!(
        (dee["rating"].clone(), dee["band"].clone()),
        ("2.5/4".into(), "negative".into())
    );
    let page = fs::read_to_string(out.join("films/the-paper-lantern-2019/index.html")).unwrap();
    assert!(
        page.contains("A warm, wry little film; \"lantern\" is the word.")
            || page.contains("A warm, wry little film; &quot;lantern&quot; is the word.")
    );
    let harbour = json(&out.join("api/films/quiet-harbour-2021.json"));
    assert_eq!(harbour["metascore"], Value::Null, "two scored reviews: tbd");
}

#[test]
fn rows_that_cannot_be_imported_are_reported_and_skipped_or_stop_everything_with_strict() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("config.toml"), "title = \"Bad\"\n").unwrap();
    let csv = tmp.path().join("bad.csv");
    fs::write(&csv, "movie_title,year,critic_name,review_score\nA Film,2000,Ann,3/4\nA Film,2000,Ben,4/101\nA Film,2000,Cy,*****\nA Film,2000,Di,5/6\n").unwrap();
    let import = |extra: &[&str]| {
        marquee()
            .args(["import", "csv"])
            .arg(&csv)
            .arg("--root")
            .arg(tmp.path())
            .args(["--film-column", "movie_title", "--year-column", "year"])
            .args(extra)
            .assert()
    };
    import(&["--strict"])
        .code(1)
        .stderr(predicates::str::contains(
            "row 3, column `review_score`: grade `4/101` is out of 101",
        ))
        .stderr(predicates::str::contains(
            "row 4, column `review_score`: grade `*****`",
        ))
        .stderr(predicates::str::contains(
            "2 rows cannot be imported; with --strict nothing was written",
        ));
    assert!(!tmp.path().join("content").exists());
    import(&[])
        .code(1)
        .stderr(predicates::str::contains("the row is skipped"))
        .stderr(predicates::str::contains("wrote 3 new files"));
    let reviews = tmp.path().join("content/films/a-film-2000/reviews");
    assert!(reviews.join("ann.md").is_file() && reviews.join("di.md").is_file());
    check(tmp.path(), &[]).success();
}

#[test]
fn titles_that_slug_alike_are_different_films_in_different_folders() {
    let (_tmp, root) = site();
    let csv = "title,year,critic_name,review_score\n\
        Mother,2017,Ann,80\nmother!,2017,Bo,40\nCargo,2018,Ann,70\n[Cargo],2018,Bo,30\n\
        Home,2015,Ann,60\nHOME,2015,Bo,20\n11/11/11,2011,Ann,50\n11-11-11,2011,Bo,10\n";
    import(&root, csv, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "content/films/mother-2017 holds “Mother” (2017), another film: “mother!” (2017) is created as content/films/mother-2017-2",
        ));
    let found = films(&root);
    let expected = [
        ("11-11-11-2011", "\"11/11/11\"", "ann.md"),
        ("11-11-11-2011-2", "\"11-11-11\"", "bo.md"),
        ("cargo-2018", "\"Cargo\"", "ann.md"),
        ("cargo-2018-2", "\"[Cargo]\"", "bo.md"),
        ("home-2015", "\"Home\"", "ann.md"),
        ("home-2015-2", "\"HOME\"", "bo.md"),
        ("mother-2017", "\"Mother\"", "ann.md"),
        ("mother-2017-2", "\"mother!\"", "bo.md"),
    ];
    let found: Vec<(&str, &str, Vec<&str>)> = found
        .iter()
        .map(|(f, t, r)| {
            (
                f.as_str(),
                t.as_str(),
                r.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, Vec<&str>)> =
        expected.iter().map(|&(f, t, r)| (f, t, vec![r])).collect();
    assert_eq!(found, expected);
    let before = tree(&root);
    import(&root, csv, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 0; 8 rows already in the site",
        ));
    assert_eq!(tree(&root), before, "each row finds its own film again");
    check(&root, &[]).success();
}

#[test]
fn ids_keep_readable_folders_and_tell_films_of_one_title_and_year_apart() {
    let (_tmp, root) = site();
    let csv = "id,title,year,critic_name,review_score\n\
        100009,The Twin,2020,Ann,80\n100010,The Twin,2020,Bo,40\n100009,The Twin,2020,Cy,70\n";
    let args = [&TITLED[..], &["--id-column", "id", "--id-source", "tmdb"]].concat();
    import(&root, csv, &args).success();
    let found = films(&root);
    assert_eq!(
        found,
        [
            (
                "the-twin-2020".into(),
                "\"The Twin\"".into(),
                vec!["ann.md".into(), "cy.md".into()]
            ),
            (
                "the-twin-2020-2".into(),
                "\"The Twin\"".into(),
                vec!["bo.md".into()]
            ),
        ]
    );
    let index = fs::read_to_string(root.join("content/films/the-twin-2020-2/index.md")).unwrap();
    assert!(index.contains("[ids]\ntmdb = \"100010\""), "{index}");
    // The film renamed by hand is still found by its id.
    let renamed = index.replace("The Twin", "The Twin (Director's Cut)");
    fs::write(root.join("content/films/the-twin-2020-2/index.md"), renamed).unwrap();
    let before = tree(&root);
    import(&root, csv, &args)
        .success()
        .stderr(predicates::str::contains("3 rows already in the site"));
    assert_eq!(tree(&root), before);
    check(&root, &[]).success();
}

#[test]
fn titles_in_any_script_get_readable_folders_and_nothing_is_written_outside_the_films() {
    let (tmp, root) = site();
    let csv = "title,year,critic_name,review_score\n\
        花樣年華,2000,Ann,90\nМать,1926,Ann,80\n🎬,2001,Ann,70\n!!!,2002,Ann,60\n\
        ../../escape,2003,Ann,50\n";
    import(&root, csv, &TITLED).success();
    let folders: Vec<String> = films(&root).into_iter().map(|(f, _, _)| f).collect();
    assert_eq!(
        folders,
        [
            "clapper-2001",
            "escape-2003",
            "film-2002",
            "hua-yang-nian-hua-2000",
            "mat-1926"
        ]
    );
    let outside: Vec<_> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&root).map(Path::to_path_buf))
        .filter(|p| {
            p.as_ref().map_or(true, |p| {
                !p.starts_with("content/films") && p != Path::new("config.toml")
            })
        })
        .collect();
    assert_eq!(
        outside.len(),
        1,
        "only the export beside the site: {outside:?}"
    );
    check(&root, &[]).success();
}

#[test]
fn a_new_uncredited_review_beside_older_namesakes_is_imported_and_they_are_unchanged() {
    let (_tmp, root) = site();
    let header = "title,year,publisher_name,review_score,review_date,review_content\n";
    let old = "The Ledger,2001,Variety,70,2001-03-01,First.\nThe Ledger,2001,Variety,60,2001-04-01,Second.\n";
    import(&root, &format!("{header}{old}"), &TITLED).success();
    // The grown export lists the new review first.
    let grown = format!("{header}The Ledger,2001,Variety,40,2001-02-01,Earliest.\n{old}");
    import(&root, &grown, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "wrote 1 new file, updated 0; 2 rows already in the site, 0 left alone",
        ));
    let reviews = &films(&root)[0].2;
    assert_eq!(
        reviews,
        &[
            "staff--variety-2.md",
            "staff--variety-3.md",
            "staff--variety.md"
        ]
    );
    let newest =
        fs::read_to_string(root.join("content/films/the-ledger-2001/reviews/staff--variety-3.md"))
            .unwrap();
    assert!(newest.contains("Earliest."), "{newest}");
}

#[test]
fn drafts_are_reviews_like_any_other_and_are_never_written_again() {
    let (_tmp, root) = site();
    let csv = "title,year,critic_name,publisher_name,review_score,review_content\nThe Ledger,2001,Ann Apple,The Ledger,70,Embargoed.\n";
    import(&root, csv, &TITLED).success();
    let review = root.join("content/films/the-ledger-2001/reviews/ann-apple--the-ledger.md");
    let text = fs::read_to_string(&review)
        .unwrap()
        .replacen("+++\n", "+++\ndraft = true\n", 1);
    fs::write(&review, &text).unwrap();
    let index = root.join("content/films/the-ledger-2001/index.md");
    let film = fs::read_to_string(&index)
        .unwrap()
        .replacen("+++\n", "+++\ndraft = true\n", 1);
    fs::write(&index, &film).unwrap();
    let before = tree(&root);
    import(&root, csv, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 0; 1 row already in the site",
        ));
    assert_eq!(tree(&root), before);
    // Updating a draft keeps it a draft.
    let changed = csv.replace("70", "75");
    import(&root, &changed, &[&TITLED[..], &["--update"]].concat()).success();
    let updated = fs::read_to_string(&review).unwrap();
    assert!(
        updated.contains("draft = true") && updated.contains("score = 75"),
        "{updated}"
    );
}

#[test]
fn update_never_rewrites_a_reviews_toml_and_keeps_what_the_export_has_no_column_for() {
    let (_tmp, root) = site();
    let film = root.join("content/films/the-ledger-2001");
    fs::create_dir_all(film.join("reviews")).unwrap();
    fs::write(
        film.join("index.md"),
        "+++\ntitle = \"The Ledger\"\nyear = 2001\n+++\n",
    )
    .unwrap();
    let batch = "# Kept by hand.\n[[review]]\ncritic = \"Ann Apple\"\nscore = 70\nexcerpt = \"Fine.\"\n\n[[review]]\ncritic = \"Bo Reed\"\nscore = 50\nexcerpt = \"Meh.\"\n";
    fs::write(film.join("reviews.toml"), batch).unwrap();
    fs::write(
        film.join("reviews/cy-moss.md"),
        "+++\ncritic = \"Cy Moss\"\nscore = 60\nurl = \"https://example.org/cy\"\n+++\nGood.\n",
    )
    .unwrap();
    let csv = "title,year,critic_name,review_score,review_content\nThe Ledger,2001,Ann Apple,90,Great.\nThe Ledger,2001,Cy Moss,65,Good.\n";
    import(&root, csv, &[&TITLED[..], &["--update"]].concat())
        .success()
        .stderr(predicates::str::contains(
            "row 2 differs from content/films/the-ledger-2001/reviews.toml (grade, text), which is left alone: import never rewrites a reviews.toml; edit it there",
        ));
    assert_eq!(
        fs::read_to_string(film.join("reviews.toml")).unwrap(),
        batch
    );
    let cy = fs::read_to_string(film.join("reviews/cy-moss.md")).unwrap();
    assert_eq!(
        cy,
        "+++\ncritic = \"Cy Moss\"\nscore = 65\nurl = \"https://example.org/cy\"\nimported_as = \"cy-moss///\"\n+++\nGood.\n",
        "the link the export has no column for is kept"
    );
    check(&root, &[]).success();
}

#[test]
fn an_unbalanced_quote_is_an_error_where_it_starts_and_crlf_rows_are_numbered_right() {
    let (_tmp, root) = site();
    let csv = "title,year,critic_name,review_content\r\nA,2000,Ann,\"Warm and\r\nA,2000,Bo,odd\r\nA,2000,Cy,\"dim\"\r\nA,2000,Di,fine\r\nA,2000,Ed,\u{1}\r\n";
    import(&root, csv, &TITLED)
        .code(1)
        .stderr(predicates::str::contains(
            "row 2, column `review_content`: a quoted field runs from line 2 to line 4",
        ))
        .stderr(predicates::str::contains(
            "row 4, column `review_content`: the text holds the control character U+0001",
        ));
    assert_eq!(films(&root)[0].2, ["di.md"]);
}

#[test]
fn strict_writes_nothing_when_any_file_fails_and_a_failed_film_is_left_as_it_was() {
    let (_tmp, root) = site();
    // A name too long to make a page's address is refused before anything is written.
    let long = "Ann ".repeat(75);
    let csv = format!("title,year,critic_name,review_score\nA,2000,{long},80\nB,2000,Bo,70\n");
    import(&root, &csv, &[&TITLED[..], &["--strict"]].concat())
        .code(1)
        .stderr(predicates::str::contains(
            "`critic` is too long to name a page",
        ));
    assert!(!root.join("content").exists());
    // A long name that makes a page, but too long a file name: the file's name is cut.
    let long = "Ann ".repeat(45);
    let csv = format!("title,year,critic_name,review_score\nA,2000,{long},80\nB,2000,Bo,70\n");
    import(&root, &csv, &[&TITLED[..], &["--strict"]].concat()).success();
    let names = &films(&root)[0].2;
    assert!(
        names[0].len() < 130 && names[0].starts_with("ann-ann"),
        "{names:?}"
    );
    // A file where a film's reviews folder belongs: that film cannot be written.
    let (_tmp, root) = site();
    fs::create_dir_all(root.join("content/films/b-2000")).unwrap();
    fs::write(
        root.join("content/films/b-2000/index.md"),
        "+++\ntitle = \"B\"\nyear = 2000\n+++\n",
    )
    .unwrap();
    fs::write(root.join("content/films/b-2000/reviews"), "not a folder").unwrap();
    let csv = "title,year,critic_name,review_score\nA,2000,Ann,80\nB,2000,Bo,70\nC,2000,Cy,60\n";
    let before = tree(&root);
    import(&root, csv, &[&TITLED[..], &["--strict"]].concat())
        .code(1)
        .stderr(predicates::str::contains(
            "is a file where a folder belongs",
        ))
        .stderr(predicates::str::contains(
            "with --strict nothing was written",
        ));
    assert_eq!(tree(&root), before, "--strict: nothing at all");
    import(&root, csv, &TITLED)
        .code(1)
        .stderr(predicates::str::contains("wrote 4 new files"));
    let folders: Vec<String> = fs::read_dir(root.join("content/films"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders.len(), 3);
    assert!(root.join("content/films/a-2000/reviews/ann.md").is_file());
    assert!(root.join("content/films/c-2000/reviews/cy.md").is_file());
}

#[test]
fn stars_are_never_read_as_scores_out_of_100() {
    let (_tmp, root) = site();
    let csv =
        "title,year,critic_name,review_score\nPast Lives,2023,Ann,5\nA,2000,Bo,4\nB,2000,Cy,1\n";
    import(&root, csv, &TITLED)
        .code(1)
        .stderr(predicates::str::contains(
            "every bare number in column `review_score` is 10 or less",
        ))
        .stderr(predicates::str::contains("nothing was written"));
    assert!(!root.join("content").exists());
    import(&root, csv, &[&TITLED[..], &["--scale", "5"]].concat()).success();
    let review =
        fs::read_to_string(root.join("content/films/past-lives-2023/reviews/ann.md")).unwrap();
    assert!(review.contains("rating = \"5/5\""), "{review}");
    let (_tmp, root) = site();
    import(
        &root,
        "title,year,critic_name,review_score\nA,2000,Bo,4.5\n",
        &TITLED,
    )
    .code(1)
    .stderr(predicates::str::contains("pass --scale"));
}

#[test]
fn a_letterboxd_export_imports_as_one_critics_reviews_out_of_5() {
    let (tmp, root) = site();
    let csv = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n\
        2024-03-02,The Paper Lantern,2019,https://boxd.it/aBc1,4.5,,\"Warm, wry and odd.\",,2024-03-01\n\
        2024-03-05,Quiet Harbour,2021,https://boxd.it/aBc2,2,Yes,Slow.,film club,2024-03-04\n\
        2024-03-06,Quiet Harbour,2021,https://boxd.it/aBc3,,Yes,,,2024-03-05\n";
    import(&root, csv, &["--from", "letterboxd"])
        .code(1)
        .stderr(predicates::str::contains("name them with --critic"));
    import(
        &root,
        csv,
        &["--from", "letterboxd", "--critic", "Ann Apple"],
    )
    .success()
    .stderr(predicates::str::contains("map to no field").not());
    let lantern =
        fs::read_to_string(root.join("content/films/the-paper-lantern-2019/reviews/ann-apple.md"))
            .unwrap();
    assert_eq!(
        lantern,
        "+++\ncritic = \"Ann Apple\"\ndate = 2024-03-01\nrating = \"4.5/5\"\nurl = \"https://boxd.it/aBc1\"\nimported_as = \"ann-apple//2024-03-01/https://boxd.it/aBc1\"\n+++\nWarm, wry and odd.\n"
    );
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/quiet-harbour-2021/index.html")).unwrap();
    assert!(page.contains("2/5"), "the rating is shown as written");
}

#[test]
fn a_rotten_tomatoes_export_keeps_ids_and_top_critics() {
    let (_tmp, root) = site();
    let csv = fs::read_to_string(fixture("import/reviews.csv")).unwrap();
    let with_ids = csv
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("rotten_tomatoes_link,{l}"),
            _ => format!(
                "m/{},{l}",
                l.split(',')
                    .next()
                    .unwrap()
                    .to_lowercase()
                    .replace(' ', "_")
            ),
        })
        .collect::<Vec<_>>()
        .join("\n");
    import(&root, &with_ids, &["--from", "rotten-tomatoes"]).success();
    let index =
        fs::read_to_string(root.join("content/films/the-paper-lantern-2019/index.md")).unwrap();
    assert!(
        index.contains("[ids]\nrotten-tomatoes = \"m/the_paper_lantern\""),
        "{index}"
    );
    let ada = fs::read_to_string(
        root.join("content/films/the-paper-lantern-2019/reviews/ada-quill--the-daily-fixture.md"),
    )
    .unwrap();
    assert!(ada.contains("top_critic = true"), "{ada}");
    check(&root, &[]).success();
}

#[test]
fn reviews_corrected_by_hand_are_found_again_and_never_written_twice() {
    let (_tmp, root) = site();
    let csv = "title,year,critic_name,publisher_name,review_score,review_date,review_content,link\n\
        A,2000,Bob Bee,Daily Planet,70,2019-05-01,Good.,http://old.example.com/r/1\n\
        A,2000,,Variety,60,2019-05-02,Fine.,\n";
    let args = [&TITLED[..], &["--url-column", "link"]].concat();
    import(&root, csv, &args).success();
    let dir = root.join("content/films/a-2000/reviews");
    let bob = dir.join("bob-bee--daily-planet.md");
    // Each field corrected on its own line, as a person would; `imported_as` left as it is.
    let text: String = fs::read_to_string(&bob)
        .unwrap()
        .lines()
        .map(|line| match line.split_once(" = ") {
            Some(("critic", _)) => "critic = \"Robert Bee\"".to_string(),
            Some(("date", _)) => "date = 2019-05-03".to_string(),
            Some(("url", _)) => "url = \"https://archive.example.org/r/1\"".to_string(),
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect();
    fs::write(&bob, text).unwrap();
    let before = tree(&root);
    import(&root, csv, &args)
        .success()
        .stderr(predicates::str::contains(
            "row 2 differs from content/films/a-2000/reviews/bob-bee--daily-planet.md (critic, date, link), which is left alone",
        ))
        .stderr(predicates::str::contains("wrote 0 new files"));
    assert_eq!(
        tree(&root),
        before,
        "corrected by hand: found again, left alone"
    );
    // The export credits the uncredited review: a new review, and the import says why.
    let credited = csv.replace(",Variety,", "Zed,Variety,");
    import(&root, &credited, &args)
        .success()
        .stderr(predicates::str::contains(
            "row 3: added beside content/films/a-2000/reviews/staff--variety.md",
        ));
}

#[test]
fn a_row_that_fits_two_reviews_alike_changes_neither() {
    let (_tmp, root) = site();
    let csv = "title,year,publisher_name,review_score,review_date,review_content\n\
        A,2000,Variety,70,2019-05-01,Text X.\nA,2000,Variety,40,2019-05-01,Text Y.\n";
    import(&root, csv, &TITLED).success();
    let second = root.join("content/films/a-2000/reviews/staff--variety-2.md");
    let text = fs::read_to_string(&second).unwrap();
    assert!(text.contains("Text Y."));
    fs::write(&second, text.replacen("+++\n", "+++\ndraft = true\n", 1)).unwrap();
    let before = tree(&root);
    let corrected = csv
        .replace("Text X.", "Text X corrected.")
        .replace("Text Y.", "Text Y corrected.");
    import(&root, &corrected, &[&TITLED[..], &["--update"]].concat())
        .success()
        .stderr(predicates::str::contains(
            "import cannot tell which review it is, so neither is changed",
        ))
        .stderr(predicates::str::contains("wrote 0 new files, updated 0"));
    assert_eq!(tree(&root), before, "the draft stays the draft it was");
}

#[test]
fn an_empty_cell_keeps_what_the_site_has_and_a_repeated_row_is_one_review() {
    let (_tmp, root) = site();
    let header = "title,year,critic_name,review_type,review_score,review_content,link\n";
    import(
        &root,
        &format!("{header}A,2000,Cy,Fresh,B,,\n"),
        &[&TITLED[..], &["--url-column", "link"]].concat(),
    )
    .success();
    let review = root.join("content/films/a-2000/reviews/cy.md");
    let text = fs::read_to_string(&review).unwrap().replacen(
        "+++\n",
        "+++\nurl = \"https://example.com/x\"\n",
        1,
    ) + "Written by hand.\n";
    fs::write(&review, &text).unwrap();
    let rows = format!("{header}A,2000,Cy,Fresh,C,,\nA,2000,Cy,Fresh,C,,\n");
    import(
        &root,
        &rows,
        &[&TITLED[..], &["--url-column", "link", "--update"]].concat(),
    )
    .success()
    .stderr(predicates::str::contains(
        "row 3: repeats row 2 word for word: one review, imported once",
    ))
    .stderr(predicates::str::contains("wrote 0 new files, updated 1"));
    let updated = fs::read_to_string(&review).unwrap();
    assert!(
        updated.contains("rating = \"C\"")
            && updated.contains("url = \"https://example.com/x\"")
            && updated.ends_with("Written by hand.\n"),
        "{updated}"
    );
}

#[test]
fn titles_that_read_the_same_are_one_film_and_an_id_two_films_claim_is_refused() {
    let (_tmp, root) = site();
    let csv =
        "title,year,critic_name,review_score\nAme\u{301}lie,2001,Ann,80\nPusher,1996,Ann,70\n";
    import(&root, csv, &TITLED).success();
    let same = "title,year,critic_name,review_score\nAm\u{e9}lie,2001,Bo,60\nPusher\u{200B},1996,Bo,50\n\u{FB01}lm,1996,Bo,50\n";
    import(&root, same, &TITLED).success();
    let folders: Vec<String> = films(&root)
        .into_iter()
        .map(|(f, _, r)| format!("{f}: {}", r.join(" ")))
        .collect();
    assert_eq!(
        folders,
        [
            "amelie-2001: ann.md bo.md",
            "film-1996: bo.md",
            "pusher-1996: ann.md bo.md"
        ]
    );
    let (_tmp, root) = site();
    for (slug, title) in [("a-1996", "A"), ("b-1996", "B")] {
        fs::create_dir_all(root.join("content/films").join(slug)).unwrap();
        fs::write(
            root.join("content/films").join(slug).join("index.md"),
            format!("+++\ntitle = \"{title}\"\nyear = 1996\nids = {{ tmdb = \"1\" }}\n+++\n"),
        )
        .unwrap();
    }
    import(
        &root,
        "id,title,year,critic_name,review_score\n1,B,1996,Ann,80\n",
        &[
            "--id-column",
            "id",
            "--id-source",
            "tmdb",
            "--film-column",
            "title",
        ],
    )
    .code(1)
    .stderr(predicates::str::contains(
        "films a-1996, b-1996 all say `ids = { tmdb = \"1\" }`",
    ));
}

#[test]
fn a_film_folder_import_cannot_read_stops_it_before_anything_is_written() {
    for (folder, file, said) in [
        (
            "pusher-1996",
            "reviews/ann.md",
            "content/films/pusher-1996: has no index.md",
        ),
        (
            "Pusher 1996",
            "index.md",
            "content/films/Pusher 1996: is not a valid film folder name",
        ),
        (
            "pusher-1996",
            "index.md",
            "content/films/pusher-1996/index.md: ",
        ),
    ] {
        let (_tmp, root) = site();
        let at = root.join("content/films").join(folder).join(file);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        fs::write(&at, "+++\ncritic = \"Ann\"\n+++\n").unwrap();
        let before = tree(&root);
        import(
            &root,
            "title,year,critic_name,review_score\nPusher,1996,Bo,80\n",
            &TITLED,
        )
        .code(1)
        .stderr(predicates::str::contains(said))
        .stderr(predicates::str::contains("nothing was written"));
        assert_eq!(tree(&root), before, "{folder}/{file}");
    }
}

#[test]
fn an_import_needs_a_site_and_columns_that_say_something() {
    let tmp = tempfile::tempdir().unwrap();
    import(tmp.path(), "title,year,critic_name\nA,2000,Ann\n", &TITLED)
        .code(1)
        .stderr(predicates::str::contains(
            "is not a site's folder (it has no config.toml)",
        ));
    assert!(!tmp.path().join("content").exists());
    let (_tmp, root) = site();
    import(&root, "title,year,Critic,Score\nA,2000,Ann,80\n", &TITLED)
        .code(1)
        .stderr(predicates::str::contains(
            "none of the review's columns is in the header",
        ));
    import(
        &root,
        "title,year,critic_name,review_score\nA,2000,Ann\u{202E},80\nB,2000,\"Bo\nBo\",80\n",
        &[&TITLED[..], &["--multiline"]].concat(),
    )
    .code(1)
    .stderr(predicates::str::contains(
        "row 2, column `critic_name`: the text holds U+202E",
    ))
    .stderr(predicates::str::contains(
        "row 3, column `critic_name`: a name or title cannot hold a line break",
    ));
}

#[test]
fn the_stars_guard_counts_only_rows_that_are_imported_and_names_them() {
    let (_tmp, root) = site();
    let csv = "title,year,critic_name,review_score\nA,2000,Ann,4\nB,2000,Bo,3\nC,,Cy,85\n";
    import(&root, csv, &TITLED)
        .code(1)
        .stderr(predicates::str::contains(
            "every bare number in column `review_score` is 10 or less (rows 2, 3)",
        ));
    assert!(!root.join("content").exists());
}
