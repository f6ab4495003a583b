//! Rows as exports write them: quotes and line ends, --strict, ratings and scales, presets.

use std::fs;

use predicates::prelude::PredicateBooleanExt;

use super::*;

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
    let before = site_tree(&root);
    import(&root, csv, &[&TITLED[..], &["--strict"]].concat())
        .code(1)
        .stderr(predicates::str::contains(
            "is a file where a folder belongs",
        ))
        .stderr(predicates::str::contains(
            "with --strict nothing was written",
        ));
    assert_eq!(site_tree(&root), before, "--strict: nothing at all");
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
        "+++\ncritic = \"Ann Apple\"\ndate = 2024-03-01\nrating = \"4.5/5\"\nurl = \"https://boxd.it/aBc1\"\nimported_as = \"dc5981.b52807.8a0d82.b52807.febf00:ann-apple//2024-03-01//https://boxd.it/aBc1\"\n+++\nWarm, wry and odd.\n"
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

/// An import killed at any moment is finished by the next one: the site ends as an import
/// that was never stopped leaves it, with --strict and without.
#[test]
#[cfg(unix)]
fn an_import_killed_at_any_moment_is_finished_by_the_next() {
    let mut csv = String::from("title,year,critic_name,review_score\n");
    for film in 0..600 {
        for critic in ["Ann", "Bo", "Cy"] {
            csv.push_str(&format!("Film {film},2000,{critic},{}\n", 40 + film % 50));
        }
    }
    let (_tmp, whole) = site();
    import(&whole, &csv, &TITLED).success();
    let expected = site_tree(&whole);
    let bin = assert_cmd::cargo::cargo_bin("marquee");
    for (i, delay_ms) in [30u64, 90, 160, 260, 400].into_iter().enumerate() {
        let strict: &[&str] = if i % 2 == 0 { &["--strict"] } else { &[] };
        let (_tmp, root) = site();
        let file = root.join("..").join("export.csv");
        fs::write(&file, &csv).unwrap();
        let mut child = std::process::Command::new(&bin)
            .args(["import", "csv"])
            .arg(&file)
            .arg("--root")
            .arg(&root)
            .args(TITLED)
            .args(strict)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        import(&root, &csv, &[&TITLED[..], strict].concat()).success();
        assert_eq!(site_tree(&root), expected, "killed after {delay_ms} ms");
    }
}
