//! Which review a row is: namesakes, drafts, reviews.toml, hand corrections, --update.

use std::fs;

use serde_json::Value;

use super::*;

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
    let before = site_tree(&root);
    import()
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote 0 new files, updated 0"))
        .stderr(predicates::str::contains("already in the site"));
    assert_eq!(site_tree(&root), before, "a second import changes nothing");

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
    let before = site_tree(&root);
    import(&root, csv, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 0; 1 row already in the site",
        ));
    assert_eq!(site_tree(&root), before);
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
        "+++\ncritic = \"Cy Moss\"\nscore = 65\nurl = \"https://example.org/cy\"\nimported_as = \"c9c54a.b52807.b52807.b52807.59ae80:cy-moss////\"\n+++\nGood.\n",
        "the link the export has no column for is kept"
    );
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
    let before = site_tree(&root);
    // The export still says what it said: the corrections are the person's, and stay.
    import(&root, csv, &args)
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 0; 2 rows already in the site",
        ));
    assert_eq!(
        site_tree(&root),
        before,
        "corrected by hand: found again, left alone"
    );
    // The export revises the text and follows the date's correction: with --update the
    // text is taken, and the critic's spelling and the link, which the export still names
    // as before, stay as corrected.
    let revised = csv
        .replace("Good.", "Good on reflection.")
        .replace("2019-05-01", "2019-05-03");
    import(&root, &revised, &[&args[..], &["--update"]].concat())
        .success()
        .stderr(predicates::str::contains("wrote 0 new files, updated 1"));
    let updated = fs::read_to_string(&bob).unwrap();
    assert!(
        updated.contains("critic = \"Robert Bee\"")
            && updated.contains("date = 2019-05-03")
            && updated.contains("url = \"https://archive.example.org/r/1\"")
            && updated.contains("Good on reflection."),
        "{updated}"
    );
    // The export credits the uncredited review: the same review (its publication, date and
    // text are as before), now with a critic, which differs.
    let credited = revised.replace(",Variety,", "Zed,Variety,");
    import(&root, &credited, &args)
        .success()
        .stderr(predicates::str::contains(
            "row 3 differs from content/films/a-2000/reviews/staff--variety.md (critic)",
        ))
        .stderr(predicates::str::contains("wrote 0 new files"));
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
    let before = site_tree(&root);
    let corrected = csv
        .replace("Text X.", "Text X corrected.")
        .replace("Text Y.", "Text Y corrected.");
    import(&root, &corrected, &[&TITLED[..], &["--update"]].concat())
        .code(1)
        .stderr(predicates::str::contains(
            "import cannot tell which review it is, so none is changed",
        ))
        .stderr(predicates::str::contains("wrote 0 new files, updated 0"));
    assert_eq!(site_tree(&root), before, "the draft stays the draft it was");
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
        "row 3: repeats row 2: one review, imported once",
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
fn the_exports_own_review_id_finds_a_review_whatever_else_it_corrects() {
    let (_tmp, root) = site();
    let header =
        "rid,title,year,critic_name,publisher_name,review_score,review_date,review_content\n";
    let args = [&TITLED[..], &["--review-id-column", "rid"]].concat();
    import(&root, &format!("{header}r/1,A,2000,Bob Bee,Planet,70,2019-05-01,Good.\nr/2,A,2000,Bob Bee,Planet,70,2019-05-01,Good.\n"), &args)
        .success();
    // The export corrects the critic's name and the date of r/1; r/2 is its namesake.
    let corrected = format!(
        "{header}r/2,A,2000,Bob Bee,Planet,70,2019-05-01,Good.\nr/1,A,2000,Robert Bee,Planet,75,2019-05-02,Good.\n"
    );
    import(&root, &corrected, &[&args[..], &["--update"]].concat())
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 1; 1 row already in the site",
        ));
    let first =
        fs::read_to_string(root.join("content/films/a-2000/reviews/bob-bee--planet.md")).unwrap();
    assert!(
        first.contains("critic = \"Robert Bee\"")
            && first.contains(":robert-bee/planet/2019-05-02/r%2F1/\""),
        "{first}"
    );
}

#[test]
fn two_rows_that_fit_one_review_alike_are_held_back_whatever_their_order() {
    let header = "title,year,critic_name,publisher_name,review_score,review_date,review_content\n";
    let old = "Dune,2021,Ann Apple,The Ledger,3/4,2021-10-01,Big sand.\n";
    let rows = [
        "Dune,2021,Ann Apple,The Ledger,2/4,2021-10-01,Second look.\n",
        "Dune,2021,Ann Apple,The Ledger,3/4,2021-10-01,Big sand indeed.\n",
    ];
    for order in [[0, 1], [1, 0]] {
        let (_tmp, root) = site();
        import(&root, &format!("{header}{old}"), &TITLED).success();
        let before = site_tree(&root);
        let grown = format!("{header}{}{}", rows[order[0]], rows[order[1]]);
        for update in [false, true] {
            let args = [
                &TITLED[..],
                if update { &["--update"][..] } else { &[][..] },
            ]
            .concat();
            import(&root, &grown, &args)
                .code(1)
                .stderr(predicates::str::contains("import cannot tell which of them is the review already in the site, so this row is not imported"));
            assert_eq!(site_tree(&root), before, "{order:?} {update}");
        }
    }
}

#[test]
fn update_takes_only_the_fields_the_export_changed_and_reports_what_it_corrects() {
    let (_tmp, root) = site();
    let header =
        "rid,title,year,critic_name,publisher_name,review_score,review_date,review_content\n";
    let args = [&TITLED[..], &["--review-id-column", "rid"]].concat();
    import(
        &root,
        &format!("{header}r1,Mother,2009,Ann Aple,The Ledger,3/4,2009-05-01,A warm film.\n"),
        &args,
    )
    .success();
    let file = root.join("content/films/mother-2009/reviews/ann-aple--the-ledger.md");
    let edited = fs::read_to_string(&file)
        .unwrap()
        .replace("A warm film.", "A warm film, says my editor.");
    fs::write(&file, &edited).unwrap();
    // The export changes only the grade: the editor's text stays.
    let regraded =
        format!("{header}r1,Mother,2009,Ann Aple,The Ledger,3.5/4,2009-05-01,A warm film.\n");
    import(&root, &regraded, &args)
        .success()
        .stderr(predicates::str::contains("(grade), which is left alone"));
    import(&root, &regraded, &[&args[..], &["--update"]].concat()).success();
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("rating = \"3.5/4\"") && text.contains("says my editor"),
        "{text}"
    );
    // The export corrects the critic and the date: reported, and taken with --update.
    let corrected = regraded
        .replace("Ann Aple", "Ann Apple")
        .replace("2009-05-01", "2009-05-03");
    import(&root, &corrected, &args)
        .success()
        .stderr(predicates::str::contains(
            "(critic, date), which is left alone",
        ));
    import(&root, &corrected, &[&args[..], &["--update"]].concat()).success();
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("critic = \"Ann Apple\"") && text.contains("date = 2009-05-03"),
        "{text}"
    );
    // A person refines the name further; the export's text is as before: still one review.
    fs::write(
        &file,
        text.replace("critic = \"Ann Apple\"", "critic = \"Ann B. Apple\""),
    )
    .unwrap();
    let before = site_tree(&root);
    import(&root, &corrected.replace("r1,", ","), &TITLED)
        .success()
        .stderr(predicates::str::contains("wrote 0 new files"));
    assert_eq!(site_tree(&root), before);
}
