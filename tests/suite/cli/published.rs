//! What a published site carries: the sitemap, feeds and structured data, taxonomies and best-of lists, the Pages workflow, host limits.

use super::*;

#[test]
fn the_sitemap_lists_every_page_with_its_newest_review_date() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut listed = std::collections::BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .unwrap()
            .text()
            .unwrap()
            .to_string();
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name("lastmod"))
            .and_then(|n| n.text())
            .map(String::from);
        let path = loc
            .strip_prefix("https://reviews.example.org/")
            .expect("absolute URLs under base_url");
        assert!(
            out.join(path).join("index.html").is_file(),
            "{loc} is a page"
        );
        listed.insert(path.to_string(), lastmod);
    }
    let pages: Vec<PathBuf> = tree(&out)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert_eq!(listed.len(), pages.len(), "every page is listed once");
    assert_eq!(
        listed["films/the-alpha-test-2001/"].as_deref(),
        Some("2001-04-01"),
        "Dee Lark's review is the newest"
    );
    assert_eq!(
        listed["films/beta-signal-2002/"].as_deref(),
        Some("2002-05-02")
    );
    assert_eq!(
        listed[""].as_deref(),
        Some("2002-05-02"),
        "the home page changes with the newest review"
    );
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://reviews.example.org/sitemap.xml"));
}

#[test]
fn feeds_structured_data_and_share_tags_match_the_content() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let site_url = "https://reviews.example.org/";

    // Site-wide feed: every dated review, newest first, each linking to its card.
    let entries = parse_feed(&fs::read_to_string(out.join("feed.xml")).unwrap());
    assert_eq!(entries.len(), 7, "the fixture's seven dated reviews");
    let dates: Vec<&str> = entries.iter().map(|e| &e.2[..10]).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for (id, _, _, link) in &entries {
        assert_eq!(id, link, "ids are the permanent URLs of the review cards");
        let (page, anchor) = link
            .strip_prefix(site_url)
            .unwrap()
            .split_once('#')
            .unwrap();
        let html = fs::read_to_string(out.join(page).join("index.html")).unwrap();
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{link}");
    }

    // Per film, critic and publication.
    let film =
        parse_feed(&fs::read_to_string(out.join("films/the-alpha-test-2001/feed.xml")).unwrap());
    assert_eq!(film.len(), 5);
    assert!(film[0].1.starts_with("The Alpha Test (2001): "));
    assert!(
        film.iter()
            .any(|e| e.1 == "The Alpha Test (2001): 90 - Ada Quill, The Daily Fixture")
    );
    let critic = parse_feed(&fs::read_to_string(out.join("critics/ada-quill/feed.xml")).unwrap());
    assert!(!critic.is_empty() && critic.iter().all(|e| e.1.contains("Ada Quill")));
    let publication = parse_feed(
        &fs::read_to_string(out.join("publications/the-daily-fixture/feed.xml")).unwrap(),
    );
    assert!(
        publication
            .iter()
            .all(|e| e.1.contains("The Daily Fixture"))
    );

    // JSON-LD: a Movie with its best-scored reviews as CriticReviews, no AggregateRating by
    // default.
    let page = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    let ld = json_ld(&page);
    let api = json(&out.join("api/films/the-alpha-test-2001.json"));
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Movie");
    assert_eq!(ld["name"], "The Alpha Test");
    assert_eq!(ld["datePublished"], "2001-03-09");
    assert_eq!(ld["duration"], "PT97M");
    assert_eq!(ld["genre"], serde_json::json!(["Drama"]));
    assert_eq!(ld["director"][0]["name"], "Ines Ashgrove");
    assert_eq!(ld["actor"][1]["name"], "Cleo Yarrow");
    let jpg = &files_named(&out.join("films/the-alpha-test-2001"), "poster-60.")[0];
    assert!(jpg.ends_with(".jpg"), "{jpg}");
    let poster_url = format!("https://reviews.example.org/films/the-alpha-test-2001/{jpg}");
    assert_eq!(ld["image"], poster_url.as_str());
    let reviews = ld["review"].as_array().unwrap();
    let expected = api["reviews"].as_array().unwrap();
    assert_eq!(
        reviews.len(),
        expected
            .len()
            .min(marquee::render::structured::REVIEWS_LISTED)
    );
    for (r, e) in reviews.iter().zip(expected) {
        assert_eq!(r["@type"], "CriticReview");
        assert_eq!(r["reviewRating"]["ratingValue"], e["score"]);
        if !e["score"].is_null() {
            assert_eq!(r["reviewRating"]["bestRating"], 100);
            assert_eq!(r["reviewRating"]["worstRating"], 0);
        }
        assert_eq!(r["datePublished"], e["date"]);
        match e["critic"].as_str() {
            Some(name) => assert_eq!(r["author"]["name"], name),
            None => assert_eq!(r["author"]["@type"], "Organization"),
        }
        assert_eq!(r["publisher"]["name"], e["publication"]);
    }
    assert_eq!(reviews[0]["url"], "https://daily-fixture.example.org/alpha");
    assert!(ld.get("aggregateRating").is_none(), "off by default");

    // Open Graph, Twitter card, meta description from the synopsis.
    for tag in [
        "<meta property=\"og:type\" content=\"video.movie\">",
        "<meta property=\"og:url\" content=\"https://reviews.example.org/films/the-alpha-test-2001/\">",
        &format!("<meta property=\"og:image\" content=\"{poster_url}\">"),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta name=\"description\" content=\"A fictional film about a test that never ends.\">",
        "<link rel=\"canonical\" href=\"https://reviews.example.org/films/the-alpha-test-2001/\">",
    ] {
        assert!(page.contains(tag), "{tag}");
    }

    // The switch turns AggregateRating on, with the Metascore.
    let config = root.join("config.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("aggregate_rating_markup = true\n{text}")).unwrap();
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    let rating = &json_ld(&page)["aggregateRating"];
    assert_eq!(rating["@type"], "AggregateRating");
    assert_eq!(rating["ratingValue"], api["metascore"]);
    assert_eq!(rating["ratingCount"], api["counts"]["scored"]);
}

#[test]
fn taxonomies_best_of_lists_and_the_must_see_badge() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    // (slug, title, year, genre, score of every review, number of reviews)
    let films = [
        ("high-many-2000", "High Many", 2000, "Drama", 90, 15),
        ("high-few-2000", "High Few", 2000, "Drama", 95, 10),
        ("mid-2001", "Mid", 2001, "Sci-Fi", 70, 8),
        ("too-few-2001", "Too Few", 2001, "sci fi", 99, 6),
        ("low-2001", "Low", 2001, "Drama", 30, 7),
    ];
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("config.toml"), "title = \"Lists\"\n").unwrap();
    for (slug, title, year, genre, score, n) in films {
        let dir = root.join("content/films").join(slug);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.md"),
            format!("+++\ntitle = \"{title}\"\nyear = {year}\ngenres = [\"{genre}\"]\ndirectors = [\"Dee Rector\"]\n+++\n"),
        )
        .unwrap();
        let reviews: String = (0..n)
            .map(|r| format!("[[review]]\ncritic = \"Critic {r}\"\nscore = {score}\n\n"))
            .collect();
        fs::write(dir.join("reviews.toml"), reviews).unwrap();
    }
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let page = |path: &str| fs::read_to_string(out.join(path).join("index.html")).unwrap();
    let ranked = |html: &str| -> Vec<String> {
        html.split("<a class=\"card-title\" href=\"/films/")
            .skip(1)
            .map(|s| s[..s.find('/').unwrap()].to_string())
            .collect()
    };
    // Seven scored reviews to be ranked: "Too Few" (6) is left out however high.
    assert_eq!(
        ranked(&page("best")),
        ["high-few-2000", "high-many-2000", "mid-2001", "low-2001"]
    );
    assert_eq!(ranked(&page("best/2001")), ["mid-2001", "low-2001"]);
    assert_eq!(ranked(&page("best/genres/sci-fi")), ["mid-2001"]);
    // "Sci-Fi" and "sci fi" are one genre; its page lists both films, best first.
    assert_eq!(ranked(&page("genres/sci-fi")), ["too-few-2001", "mid-2001"]);
    assert!(page("genres").contains(">Sci-Fi</a>"));
    assert_eq!(
        ranked(&page("years/2000")),
        ["high-few-2000", "high-many-2000"]
    );
    assert_eq!(ranked(&page("directors/dee-rector")).len(), 5);
    // Must-see: 81 or more from at least 15 reviews.
    let badge = "class=\"badge must-see\"";
    assert!(page("films/high-many-2000").contains(badge));
    assert!(
        !page("films/high-few-2000").contains(badge),
        "only 10 reviews"
    );
    assert!(!page("films/too-few-2001").contains(badge));

    // The thresholds are settings.
    fs::write(
        root.join("config.toml"),
        "title = \"Lists\"\n[scores]\nmin_reviews_for_lists = 16\nmust_see_reviews = 10\n",
    )
    .unwrap();
    build(&root, &out, &[]).success();
    assert!(ranked(&page("best")).is_empty());
    assert!(page("best").contains("No film has 16 scored reviews yet."));
    assert!(!out.join("best/2001").exists(), "empty lists get no page");
    assert!(page("films/high-few-2000").contains(badge));
}

#[test]
fn the_github_pages_workflow_builds_a_site_whose_links_work() {
    // Runs the workflow's build step as GitHub would, with the base URL Pages gives a
    // project site, and checks every link of the result.
    let workflow = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/github-pages.yml"),
    )
    .unwrap();
    let line = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("- run: marquee build "))
        .expect("the workflow builds with marquee");
    let line = line.replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://user.github.io/reviews",
    );
    let args: Vec<String> = line
        .split_whitespace()
        .map(|a| a.trim_matches('"').to_string())
        .collect();
    assert_eq!(args[0], "--output");
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join(&args[1]);
    marquee()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .args(&args[..1])
        .arg(&out)
        .args(&args[2..])
        .assert()
        .success();
    assert!(assert_links_resolve(&out, "/reviews/") > 50);
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<link rel=\"canonical\" href=\"https://user.github.io/reviews/\">"));
    assert!(
        out.join("404.html").is_file(),
        "Pages serves it for unknown paths"
    );
}

#[test]
fn by_default_a_site_keeps_to_what_large_catalogues_can_publish() {
    let (tmp, root) = copy_site("site");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let defaults = config.split("[publish]").next().unwrap().to_string();
    fs::write(root.join("config.toml"), &defaults).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    assert!(out.join("api/films.json").is_file() && out.join("feed.xml").is_file());
    assert!(out.join("critics/ada-quill/feed.xml").is_file());
    assert!(!out.join("films/the-alpha-test-2001/feed.xml").exists());
    assert!(!out.join("api/films/the-alpha-test-2001.json").exists());
    let film = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    assert!(
        !film.contains("films/the-alpha-test-2001/feed.xml"),
        "no link to a missing feed"
    );
    // A critic's page lists each review in one line, linking to its card.
    let critic = fs::read_to_string(out.join("critics/ada-quill/index.html")).unwrap();
    assert!(critic.contains("<ol class=\"reviews rows\">"), "{critic}");
    assert!(critic.contains("/films/the-alpha-test-2001/#review-ada-quill"));
    assert!(!critic.contains("<li class=\"review\""));
    assert_links_resolve(&out, "/");
    // Each extra is one setting away.
    fs::write(
        root.join("config.toml"),
        format!("{defaults}\n[publish]\nlist_excerpts = true\nfilm_feeds = true\n"),
    )
    .unwrap();
    build(&root, &out, &[]).success();
    let critic = fs::read_to_string(out.join("critics/ada-quill/index.html")).unwrap();
    assert!(critic.contains("<li class=\"review\""), "{critic}");
    assert!(out.join("films/the-alpha-test-2001/feed.xml").is_file());
}

#[test]
fn a_critics_rows_name_a_publication_only_where_it_is_not_the_one_they_write_for() {
    let (tmp, root) = copy_site("site");
    let reviews = root.join("content/films/beta-signal-2002/reviews.toml");
    let text = fs::read_to_string(&reviews).unwrap();
    fs::write(
        &reviews,
        text.replacen("\"The Daily Fixture\"", "\"The Evening Fixture\"", 1),
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let critic = fs::read_to_string(out.join("critics/ada-quill/index.html")).unwrap();
    let list = critic.split("<ol class=\"reviews rows\">").nth(1).unwrap();
    let rows: Vec<&str> = list
        .split("</ol>")
        .next()
        .unwrap()
        .split("<li>")
        .skip(1)
        .map(|r| r.split("</li>").next().unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{critic}");
    let naming = |slug: &str| rows.iter().filter(|r| r.contains(slug)).count();
    // The profile's publication is said once, above the list; another one on its row.
    assert_eq!(naming("/publications/the-daily-fixture/"), 0, "{rows:?}");
    assert_eq!(naming("/publications/the-evening-fixture/"), 1, "{rows:?}");
    assert!(critic.contains("Writes for <a href=\"/publications/the-daily-fixture/\">"));
    // A publication's page names the critic on every row.
    let publication =
        fs::read_to_string(out.join("publications/the-daily-fixture/index.html")).unwrap();
    assert!(publication.contains("<a href=\"/critics/ada-quill/\">Ada Quill</a>"));
}
