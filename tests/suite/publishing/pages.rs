//! Free-form pages, the scoring page, drafts and the navigation.

use super::*;

#[test]
fn free_form_pages_are_published_at_their_slug_and_linked_from_the_navigation() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(
        root.join("content/pages/about.md"),
        "+++\ntitle = \"About us\"\ndescription = \"Who we are.\"\n+++\nWe are *fictional*. See [how scores work](/scoring/).\n",
    )
    .unwrap();
    let mut config = read(&root.join("config.toml"));
    config = config.replace("https://reviews.example/", "https://example.org/reviews/");
    config.push_str("[[nav]]\ntitle = \"About\"\nurl = \"/about/\"\n[[nav]]\ntitle = \"Elsewhere\"\nurl = \"https://elsewhere.example/\"\n");
    fs::write(root.join("config.toml"), config).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    let about = read(&out.join("about/index.html"));
    assert!(about.contains("<h1>About us</h1>"), "{about}");
    assert!(about.contains("<em>fictional</em>"), "{about}");
    assert!(about.contains(r#"<meta name="description" content="Who we are.">"#));
    // A link from the site's root follows the sub-path the site lives under.
    assert!(about.contains(r#"href="/reviews/scoring/""#), "{about}");
    let home = read(&out.join("index.html"));
    assert!(home.contains(r#"<li><a href="/reviews/about/">About</a></li>"#));
    assert!(home.contains(r#"<li><a href="https://elsewhere.example/">Elsewhere</a></li>"#));
    assert!(read(&out.join("sitemap.xml")).contains("https://example.org/reviews/about/"));

    // A page's file name is its address: it may not take one of Marquee's own.
    fs::write(
        root.join("content/pages/films.md"),
        "+++\ntitle = \"Films\"\n+++\nText.\n",
    )
    .unwrap();
    let failed = check(&root, &[]).failure();
    let (text, _) = printed(&failed);
    assert!(text.contains("error[E022]"), "{text}");
    assert!(text.contains("content/pages/films.md"), "{text}");
    assert!(text.contains("the page \"Films\""), "{text}");
    fs::remove_file(root.join("content/pages/films.md")).unwrap();

    // And it must be a slug.
    fs::write(
        root.join("content/pages/Contact Us.md"),
        "+++\ntitle = \"Contact\"\n+++\n",
    )
    .unwrap();
    let failed = check(&root, &[]).failure();
    let (text, _) = printed(&failed);
    assert!(text.contains("error[E028]"), "{text}");
    assert!(text.contains("contact-us.md"), "{text}");
}

#[test]
fn the_scoring_page_shows_the_site_s_own_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    fs::create_dir_all(root.join("content/publications")).unwrap();
    fs::write(
        root.join("content/publications/the-heavy-paper.md"),
        "+++\nname = \"The Heavy Paper\"\nweight = 2.5\n+++\n",
    )
    .unwrap();
    let mut config = read(&root.join("config.toml"));
    config.push_str(
        "[scores]\nmin_reviews = 6\npositive = 70\nmixed = 45\nmin_reviews_for_lists = 9\n",
    );
    fs::write(root.join("config.toml"), config).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    let page = read(&out.join("scoring/index.html"));
    for expected in [
        "<strong>positive</strong> from 70 to 100",
        "<strong>mixed</strong> from 45 to 69",
        "<strong>negative</strong> from 0 to 44",
        "once the film has 6 scored reviews",
        "once it has 9 scored reviews",
        r#"<a href="/publications/the-heavy-paper/">The Heavy Paper</a></td><td>2.5</td>"#,
        "<tr><td>3.5/4</td><td>88</td></tr>",
        "<tr><td>B+</td><td>83</td></tr>",
        "Generally favorable reviews",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    // Every page links to it.
    assert!(read(&out.join("films/first-2001/index.html")).contains(r#"href="/scoring/""#));
}

#[test]
fn drafts_stay_out_of_builds_unless_asked_for_and_the_preview_marks_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/second-2002/index.md");
    edit(&film, "year = 2001\n", "year = 2001\ndraft = true\n");
    let review = root.join("content/films/first-2001/reviews/r2.md");
    edit(&review, "score = 90\n", "score = 90\ndraft = true\n");
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(
        root.join("content/pages/plans.md"),
        "+++\ntitle = \"Plans\"\ndraft = true\n+++\nNot yet.\n",
    )
    .unwrap();

    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    assert!(!out.join("films/second-2002").exists());
    assert!(!out.join("plans").exists());
    let first = read(&out.join("films/first-2001/index.html"));
    assert!(
        !first.contains("Excerpt 2."),
        "the draft review is published"
    );
    assert_eq!(first.matches(r#"<li class="review""#).count(), 2);
    assert!(!first.contains("Draft"));
    assert!(!read(&out.join("search.json")).contains("Second"));
    check(&root, &[]).success();

    let with = tmp.path().join("with-drafts");
    build(&root, &with, &["--drafts"]).success();
    let first = read(&with.join("films/first-2001/index.html"));
    assert!(first.contains("Excerpt 2."));
    assert_eq!(first.matches(r#"<li class="review""#).count(), 3);
    assert!(first.contains(r#"<span class="badge draft">Draft</span>"#));
    let second = read(&with.join("films/second-2002/index.html"));
    assert!(second.contains(r#"<span class="badge draft">Draft</span>"#));
    assert!(read(&with.join("plans/index.html")).contains("Draft"));

    // A draft is still checked: its errors are errors.
    edit(&review, "score = 90", "score = 900");
    check(&root, &[]).failure();
}

#[test]
fn the_preview_shows_drafts_unless_told_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/second-2002/index.md");
    edit(&film, "year = 2001\n", "year = 2001\ndraft = true\n");
    for (extra, shown) in [(None, true), (Some("--no-drafts"), false)] {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .args(extra)
            .stderr(std::process::Stdio::null());
        let (_server, port) = start_serving(command);
        wait_until_serving(port);
        let (status, body) = http_get(port, "/films/second-2002/");
        if shown {
            assert_eq!(status, 200);
            assert!(
                body.contains(r#"<span class="badge draft">Draft</span>"#),
                "{body}"
            );
        } else {
            assert_eq!(status, 404, "{body}");
        }
    }
}

#[test]
fn a_navigation_link_to_a_draft_is_a_warning_naming_the_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(
        root.join("content/pages/about.md"),
        "+++\ntitle = \"About\"\ndraft = true\n+++\nSoon.\n",
    )
    .unwrap();
    edit(
        &root.join("content/films/second-2002/index.md"),
        "year = 2001",
        "year = 2001\ndraft = true",
    );
    let config = root.join("config.toml");
    let mut text = read(&config);
    text.push_str("\n[[nav]]\ntitle = \"About us\"\nurl = \"/about/\"\n\n[[nav]]\ntitle = \"Second\"\nurl = \"/films/second-2002\"\n\n[[nav]]\ntitle = \"First\"\nurl = \"/films/first-2001/\"\n");
    fs::write(&config, text).unwrap();
    let done = check(&root, &[]).success();
    let (text, _) = printed(&done);
    assert!(
        text.contains(
            "warning[W015]: the navigation link `About us` leads to content/pages/about.md"
        ),
        "{text}"
    );
    assert!(text.contains("config.toml:6:7"), "{text}");
    assert!(
        text.contains("`Second` leads to content/films/second-2002/index.md"),
        "{text}"
    );
    assert!(!text.contains("`First`"), "{text}");
    check(&root, &["--strict"]).failure();
    // With drafts, as the preview shows them, the links work.
    let done = check(&root, &["--drafts"]).success();
    assert!(!printed(&done).0.contains("W015"));
}
