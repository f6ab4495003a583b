//! Which film a row is: titles that slug alike, ids, any script, folders import cannot read.

use std::fs;
use std::path::Path;

use super::*;

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
    let before = site_tree(&root);
    import(&root, csv, &TITLED)
        .success()
        .stderr(predicates::str::contains(
            "wrote 0 new files, updated 0; 8 rows already in the site",
        ));
    assert_eq!(
        site_tree(&root),
        before,
        "each row finds its own film again"
    );
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
    let before = site_tree(&root);
    import(&root, csv, &args)
        .success()
        .stderr(predicates::str::contains("3 rows already in the site"));
    assert_eq!(site_tree(&root), before);
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
                !p.starts_with("content/films")
                    && !p.starts_with(".marquee-cache")
                    && p != Path::new("config.toml")
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
        let before = site_tree(&root);
        import(
            &root,
            "title,year,critic_name,review_score\nPusher,1996,Bo,80\n",
            &TITLED,
        )
        .code(1)
        .stderr(predicates::str::contains(said))
        .stderr(predicates::str::contains("nothing was written"));
        assert_eq!(site_tree(&root), before, "{folder}/{file}");
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
fn a_film_found_by_title_for_an_id_keeps_the_id_and_another_id_is_another_film() {
    let (_tmp, root) = site();
    let crash = root.join("content/films/crash-1996");
    fs::create_dir_all(&crash).unwrap();
    fs::write(
        crash.join("index.md"),
        "+++\ntitle = \"Crash\"\nyear = 1996\n# Kept.\n+++\nCars.\n",
    )
    .unwrap();
    let header = "title,year,tmdb_id,critic_name,review_score\n";
    let args = [
        &TITLED[..],
        &["--id-column", "tmdb_id", "--id-source", "tmdb"],
    ]
    .concat();
    import(&root, &format!("{header}Crash,1996,884,Ann,80\n"), &args)
        .success()
        .stderr(predicates::str::contains("crash-1996 was found by its title and year; its index.md gains `ids = { tmdb = \"884\" }`"));
    assert_eq!(
        fs::read_to_string(crash.join("index.md")).unwrap(),
        "+++\ntitle = \"Crash\"\nyear = 1996\n# Kept.\nids = { tmdb = \"884\" }\n+++\nCars.\n"
    );
    // Another film of that title and year, then the first again under another spelling of
    // its id (full-width digits, a zero-width space).
    import(
        &root,
        &format!("{header}Crash,1996,99999,Cy,30\nCrash,1996,８８４\u{200B},Bo,70\n"),
        &args,
    )
    .success();
    let found: Vec<String> = films(&root)
        .into_iter()
        .map(|(f, _, r)| format!("{f}: {}", r.join(" ")))
        .collect();
    assert_eq!(found, ["crash-1996: ann.md bo.md", "crash-1996-2: cy.md"]);
    check(&root, &[]).success();
}

#[test]
fn a_row_without_a_year_is_judged_once_every_film_is_known() {
    let (_tmp, root) = site();
    let crash = root.join("content/films/crash-1996");
    fs::create_dir_all(&crash).unwrap();
    fs::write(
        crash.join("index.md"),
        "+++\ntitle = \"Crash\"\nyear = 1996\n+++\n",
    )
    .unwrap();
    let csv = "title,year,critic_name,review_score\nCrash,,Ann,80\nCrash,2004,Bob,60\n";
    for _ in 0..2 {
        import(&root, csv, &TITLED)
            .code(1)
            .stderr(predicates::str::contains(
                "row 2, column `title`: the site has 2 films titled “Crash”",
            ));
    }
    assert!(!crash.join("reviews").exists());
}

#[test]
fn which_film_a_row_joins_never_depends_on_the_rows_order() {
    let header = "title,year,tid,critic_name,review_score\n";
    let rows = [
        "Mother,2009,1,Ann,80\n",
        "Mother,2009,,Bob,70\n",
        "Mother,2009,2,Cid,60\n",
    ];
    let args = [&TITLED[..], &["--id-column", "tid", "--id-source", "tmdb"]].concat();
    for order in [[0, 1, 2], [1, 2, 0]] {
        let (_tmp, root) = site();
        let csv = format!(
            "{header}{}{}{}",
            rows[order[0]], rows[order[1]], rows[order[2]]
        );
        import(&root, &csv, &args)
            .code(1)
            .stderr(predicates::str::contains(
                "the site has 2 films titled “Mother” (2009)",
            ));
        // Ann and Cid each in a film of their own (which gets `-2` is the rows' order), and
        // Bob's row, which could be either's, in neither.
        let mut found: Vec<Vec<String>> = films(&root).into_iter().map(|(_, _, r)| r).collect();
        found.sort();
        assert_eq!(found, [vec!["ann.md"], vec!["cid.md"]], "{order:?}");
    }
    // A film of the site without an id, and two ids of the export with its title and year.
    let (_tmp, root) = site();
    let film = root.join("content/films/mother-2009");
    fs::create_dir_all(&film).unwrap();
    fs::write(
        film.join("index.md"),
        "+++\ntitle = \"Mother\"\nyear = 2009\n+++\n",
    )
    .unwrap();
    let before = site_tree(&root);
    import(&root, &format!("{header}{}{}", rows[2], rows[0]), &args)
        .code(1)
        .stderr(predicates::str::contains("2 films of the export are titled “Mother” (2009), and content/films/mother-2009 has no id"));
    assert_eq!(site_tree(&root), before);
    import(
        &root,
        &format!("{header}Sep\u{2028}Line,2009,3,Ann,80\n"),
        &args,
    )
    .code(1)
    .stderr(predicates::str::contains("cannot hold a line break"));
}
