//! What the sources may hold: links, ids that stay put, URL collisions, ratings, messages.

use super::*;

#[cfg(unix)]
#[test]
fn links_under_static_and_templates_are_skipped_with_a_warning_and_the_site_builds() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    fs::write(tmp.path().join("outside.css"), "body{}").unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("outside.css"),
        root.join("static/extra.css"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("templates/film.html")).unwrap();
    for command in ["build", "check"] {
        let mut cmd = marquee();
        cmd.arg(command).arg("--root").arg(&root);
        if command == "build" {
            cmd.arg("--output").arg(&out);
        }
        cmd.assert()
            .success()
            .stderr(predicates::str::contains("static/extra.css"))
            .stderr(predicates::str::contains("templates/film.html"))
            .stderr(predicates::str::contains("2 warnings"));
    }
    assert!(out.join("index.html").is_file());
    assert!(!out.join("extra.css").exists(), "the link is not followed");
    // With --strict the warnings are errors, and the failure says which.
    let failed = build(&root, &out, &["--strict"]).code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("error[W002]"), "{stderr}");
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_site_folder_that_is_a_link_is_followed_without_a_warning_and_never_kept_as_up_to_date() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    // The site's content and templates live elsewhere (another checkout), linked in.
    fs::rename(root.join("content"), tmp.path().join("shared-content")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("shared-content"), root.join("content")).unwrap();
    fs::create_dir_all(tmp.path().join("shared-templates")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("shared-templates"), root.join("templates"))
        .unwrap();
    for command in ["check", "build"] {
        let mut cmd = marquee();
        cmd.arg(command).arg("--root").arg(&root);
        if command == "build" {
            cmd.arg("--output").arg(&out);
        }
        let done = cmd.arg("--strict").assert().success();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        assert!(!stderr.contains("W00"), "{stderr}");
    }
    let page = out.join("films/the-alpha-test-2001/index.html");
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("The Alpha Test")
    );
    // An edit behind the link, long enough after the build that no clock tick hides it, is
    // built: the folder is not looked through for a stamp, so no build is skipped.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let index = tmp
        .path()
        .join("shared-content/films/the-alpha-test-2001/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(
        &index,
        text.replacen("The Alpha Test", "The Alpha Retest", 1),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build(&root, &out, &[]).success();
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("The Alpha Retest")
    );
    build(&root, &out, &[])
        .success()
        .stderr(predicates::str::contains("up to date").not());
}

#[test]
fn review_anchors_and_feed_ids_survive_added_removed_and_rescored_reviews() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    let film = "the-alpha-test-2001";
    let reviews = root.join(format!("content/films/{film}/reviews"));
    build(&root, &out, &["--base-url", "https://example.org/"]).success();
    let (ids, anchors) = identities(&out, film);
    assert_eq!(ids.len(), 5);
    assert_eq!(anchors.len(), 5);
    assert!(
        anchors.contains(&"review-bo-reed".to_string()),
        "{anchors:?}"
    );
    // A new review scored 99 (it sorts first), one removed, one re-scored.
    fs::write(
        reviews.join("new-voice.md"),
        "+++\ncritic = \"New Voice\"\npublication = \"Fiction Monthly\"\nscore = 99\ndate = 2001-05-01\n+++\nTop marks.\n",
    )
    .unwrap();
    let removed = fs::read_to_string(reviews.join("cy-moss.md")).unwrap();
    fs::remove_file(reviews.join("cy-moss.md")).unwrap();
    let rescored = fs::read_to_string(reviews.join("bo-reed.md")).unwrap();
    let line = rescored
        .lines()
        .find(|l| l.starts_with("score") || l.starts_with("rating"))
        .unwrap();
    fs::write(
        reviews.join("bo-reed.md"),
        rescored.replacen(line, "score = 12", 1),
    )
    .unwrap();
    build(&root, &out, &["--base-url", "https://example.org/"]).success();
    let (new_ids, new_anchors) = identities(&out, film);
    let gone = |list: &[String], removed_part: &str| -> Vec<String> {
        list.iter()
            .filter(|x| !x.contains(removed_part))
            .cloned()
            .collect()
    };
    let added = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|x| !x.contains("new-voice"))
            .cloned()
            .collect()
    };
    assert!(removed.contains("Cy Moss"), "{removed}");
    assert_eq!(
        added(&new_ids),
        gone(&ids, "cy-moss"),
        "no other entry id changed"
    );
    assert_eq!(
        added(&new_anchors),
        gone(&anchors, "cy-moss"),
        "no other anchor changed"
    );
    assert_eq!(new_ids.len(), 5);
    assert!(new_anchors.contains(&"review-new-voice".to_string()));
}

#[test]
fn two_sources_claiming_one_url_is_an_error_naming_both() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    marquee().arg("init").arg(&site).assert().success();
    marquee()
        .args([
            "new", "film", "Title", "--year", "2024", "--slug", "title", "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    fs::write(site.join("static/feed.xml"), "<feed/>").unwrap();
    let out = tmp.path().join("public");
    for command in ["check", "build"] {
        let mut cmd = marquee();
        cmd.arg(command).arg("--root").arg(&site);
        if command == "build" {
            cmd.arg("--output").arg(&out);
        }
        let done = cmd.assert().code(1);
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        for expected in [
            "error[E022]",
            "`/films/title/index.html` would be written twice: by the list of films by title and by the page of the film `Title` (content/films/title/index.md)",
            "content/films/title-2024",
            "`/feed.xml` would be written twice: by Marquee's site feed and by the static file (static/feed.xml)",
            "2 errors",
        ] {
            assert!(
                stderr.contains(expected),
                "{command}: no `{expected}` in\n{stderr}"
            );
        }
    }
    assert!(!out.exists(), "nothing was written");
    marquee()
        .args(["check", "--explain", "E022"])
        .assert()
        .success();
}

#[test]
fn new_never_writes_a_file_that_check_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    marquee().arg("init").arg(&site).assert().success();
    let film = "the-example-film-2024";
    let reviews = site.join(format!("content/films/{film}/reviews"));
    let before = everything(&site);
    for (flags, says) in [
        (
            vec!["--critic", "Ann", "--verdict", "great"],
            "`great` is not a verdict",
        ),
        (
            vec!["--critic", "Ann", "--rating", "5/4"],
            "outside its scale",
        ),
        (vec!["--critic", "Ann", "--score", "101"], "out of range"),
        (vec!["--critic", "Ann\u{7}"], "control character"),
        (
            vec!["--critic", "Ann", "--date", "2024-02-30"],
            "not a date",
        ),
    ] {
        marquee()
            .args(["new", "review", film, "--root"])
            .arg(&site)
            .args(&flags)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(says));
        assert_eq!(everything(&site), before, "{flags:?} wrote something");
    }
    marquee()
        .args(["new", "film", "Bell\u{7}", "--year", "2020", "--root"])
        .arg(&site)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("control character"));
    assert_eq!(everything(&site), before);
    // A lower-case grade is taken, and shown as written.
    marquee()
        .args([
            "new", "review", film, "--critic", "Ann", "--rating", "b+", "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    assert!(reviews.join("ann.md").is_file());
    let out = tmp.path().join("public");
    build(&site, &out, &[]).success();
    let page = fs::read_to_string(out.join(format!("films/{film}/index.html"))).unwrap();
    assert!(page.contains("Rated b+ by the critic"), "shown as written");
}

#[test]
fn any_whole_scale_from_2_to_100_is_a_rating_and_an_unusual_one_is_a_note() {
    let (_tmp, root) = copy_site("site");
    let review = root.join("content/films/the-alpha-test-2001/reviews/bo-reed.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(
        &review,
        text.replace("rating = \"3.5/4\"", "rating = \"5/6\""),
    )
    .unwrap();
    check(&root, &[])
        .success()
        .stderr(predicates::str::contains("note[I002]"))
        .stderr(predicates::str::contains("out of 6, an unusual scale"));
}

#[test]
fn a_relative_base_url_is_a_warning_and_a_sub_path_note_explains_robots_txt() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let with_base = |url: &str| {
        let line = config.lines().find(|l| l.starts_with("base_url")).unwrap();
        fs::write(
            root.join("config.toml"),
            config.replace(line, &format!("base_url = \"{url}\"")),
        )
        .unwrap();
    };
    with_base("/");
    build(&root, &out, &[])
        .success()
        .stderr(predicates::str::contains("warning[W010]"))
        .stderr(predicates::str::contains("config.toml:2:1"));
    build(&root, &out, &["--base-url", "https://example.org/"])
        .success()
        .stderr(predicates::str::contains("W010").not());
    // Under --strict it stays a warning: a site can be checked before it has a home.
    build(&root, &out, &["--strict"]).success();
    check(&root, &[])
        .success()
        .stderr(predicates::str::contains("warning[W010]"));
    with_base("https://user.example.io/reviews/");
    check(&root, &[])
        .success()
        .stderr(predicates::str::contains("note[I003]"))
        .stderr(predicates::str::contains("robots.txt has no effect"))
        .stderr(predicates::str::contains("W010").not());
    with_base("https://reviews.example.org/");
    check(&root, &[])
        .success()
        .stderr(predicates::str::contains("I003").not());
}

#[test]
fn messages_count_and_name_things_as_they_are() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("never-built");
    fs::write(
        root.join("content/films/beta-signal-2002/reviews.toml"),
        "[[review]]\ncritic = \"A\"\nscore = \"high\"\n",
    )
    .unwrap();
    let failed = build(&root, &out, &[]).code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("1 error, 0 warnings"), "{stderr}");
    assert!(
        !stderr.contains("(s)") && !stderr.contains("a problem found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("this file is TOML"),
        "reviews.toml is no front matter: {stderr}"
    );
    assert!(!stderr.contains("front matter"), "{stderr}");
    assert!(stderr.contains("nothing was written\n"), "{stderr}");
    assert!(
        !stderr.contains("unchanged"),
        "there was no output to keep: {stderr}"
    );
    let listed = marquee().args(["check", "--explain"]).assert().success();
    let list = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    for code in ["E001", "E022", "W010", "I003"] {
        assert!(
            list.contains(&format!("\n{code}  ")) || list.starts_with(code),
            "{list}"
        );
    }
    marquee()
        .args(["check", "--explain", "E010"])
        .assert()
        .success()
        .stdout(predicates::str::contains("score = 80\n\nor\n\n    rating"));
}

#[test]
fn a_film_with_many_reviews_is_paginated_and_every_feed_link_finds_its_card() {
    let (tmp, root) = copy_site("site");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(root.join("config.toml"), format!("per_page = 2\n{config}")).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let film = out.join("films/the-alpha-test-2001");
    let cards = |page: &Path| {
        fs::read_to_string(page)
            .unwrap()
            .matches("<li class=\"review\"")
            .count()
    };
    assert_eq!(cards(&film.join("index.html")), 2);
    assert_eq!(cards(&film.join("page/2/index.html")), 2);
    assert_eq!(cards(&film.join("page/3/index.html")), 1);
    let third = fs::read_to_string(film.join("page/3/index.html")).unwrap();
    assert!(third.contains("start=\"5\""), "numbering goes on");
    assert!(third.contains("Reviews 5 to 5 of 5, page 3 of 3."));
    assert!(
        !third.contains("application/ld+json"),
        "structured data only on the first page"
    );
    let first = fs::read_to_string(film.join("index.html")).unwrap();
    assert_eq!(first.matches("\"@type\":\"CriticReview\"").count(), 2);
    let feed = fs::read_to_string(film.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|c| c.has_tag_name("link")))
        .filter_map(|l| l.attribute("href"))
        .collect();
    assert_eq!(links.len(), 5);
    for link in links {
        let (page, anchor) = link
            .strip_prefix("https://reviews.example.org/")
            .unwrap()
            .split_once('#')
            .unwrap();
        let html = fs::read_to_string(out.join(page).join("index.html")).unwrap();
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{link}");
    }
}
