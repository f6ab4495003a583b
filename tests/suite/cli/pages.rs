//! What the pages show: the pinned film pages, overrides, bands and charts, inert hostile text, the home page.

use super::*;

#[test]
fn the_example_site_builds_and_its_pages_are_pinned() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(root, &out, &[]).success();
    let pusher = fs::read_to_string(out.join("films/pusher-1996/index.html")).unwrap();
    let css = stylesheet(&out, &pusher);
    assert!(
        css.contains(".ms-large"),
        "the linked stylesheet is the theme's"
    );
    insta::assert_snapshot!("pusher_film_page", without_asset_hashes(&pusher));
    let generated =
        fs::read_to_string(out.join("films/the-salt-causeway-1981/index.html")).unwrap();
    insta::assert_snapshot!("generated_film_page", without_asset_hashes(&generated));
    assert_links_resolve(&out, "/");
}

#[test]
fn a_site_overrides_default_templates_and_static_files_by_name() {
    let (tmp, root) = copy_site("site");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::create_dir_all(root.join("static/img")).unwrap();
    fs::write(
        root.join("templates/film.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ film.title }}: {{ film.metascore }}</h1>{% endblock content %}",
    )
    .unwrap();
    fs::write(root.join("static/style.css"), "body { color: red }").unwrap();
    fs::write(root.join("static/img/logo.svg"), "<svg/>").unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let film = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    assert!(
        film.contains("<h1 class=\"mine\">The Alpha Test: 72</h1>"),
        "{film}"
    );
    assert!(
        film.contains("Fixture Reviews"),
        "the default base.html still wraps it"
    );
    // The site's stylesheet replaces the theme's, published minified, or as written when
    // the site says so.
    let css = stylesheet(&out, &film);
    assert_eq!(css, "body{color:red}");
    assert!(out.join("img/logo.svg").is_file());
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        config.replace("[publish]\n", "[publish]\nminify_css = false\n"),
    )
    .unwrap();
    build(&root, &out, &[]).success();
    let film = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    assert_eq!(stylesheet(&out, &film), "body { color: red }");
}

#[test]
fn a_broken_template_is_reported_and_nothing_is_written() {
    let (tmp, root) = copy_site("site");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/film.html"),
        "{% extends \"base.html\" %}{% block content %}{{ film.title {% endblock content %}",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[])
        .failure()
        .code(1)
        .stderr(predicates::str::contains("error[E030]"));
    assert!(!out.exists());
}

#[test]
fn verdicts_set_bands_and_percent_positive_sits_beside_the_metascore() {
    let (tmp, root) = copy_site("verdicts");
    let out = tmp.path().join("public");
    build(&root, &out, &[])
        .success()
        .stderr(predicates::str::contains("I001").not());
    let film = json(&out.join("api/films/the-verdict-2010.json"));
    assert_eq!(
        film["metascore"], 56,
        "(80 + 63 + 50 + 30) / 4: verdict-only reviews are not averaged"
    );
    assert_eq!(film["percent_positive"], 50);
    assert_eq!(
        film["counts"],
        serde_json::json!({"scored": 4, "positive": 3, "mixed": 1, "negative": 2, "unscored": 3, "banded": 6})
    );
    let vera = film["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["critic"] == "Vera Verdict")
        .unwrap();
    assert_eq!(
        (
            vera["score"].clone(),
            vera["band"].clone(),
            vera["verdict"].clone()
        ),
        (63.into(), "negative".into(), "negative".into())
    );
    let gus = film["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["critic"] == "Gus Gum")
        .unwrap();
    assert_eq!(
        (
            gus["score"].clone(),
            gus["band"].clone(),
            gus["verdict"].clone()
        ),
        (Value::Null, "positive".into(), "positive".into())
    );

    let page = fs::read_to_string(out.join("films/the-verdict-2010/index.html")).unwrap();
    for expected in [
        "Mixed or average reviews - based on 4 Critics",
        "50%</span> Rotten: 3 of 6 reviews with a score or verdict are positive.",
        "Positive: 3 out of 6",
        "3 reviews carry no grade and are not in the Metascore; 2 of them give a verdict and count in the distribution.",
        "The critic's verdict: negative",
    ] {
        assert!(page.contains(expected), "film page lacks {expected:?}");
    }
    let vera_page = fs::read_to_string(out.join("critics/vera-verdict/index.html")).unwrap();
    assert!(
        vera_page.contains("0% <span class=\"note\">0 of 1 review</span>"),
        "negative against a mixed consensus"
    );
    let ben_page = fs::read_to_string(out.join("critics/ben-birch/index.html")).unwrap();
    assert!(ben_page.contains("100% <span class=\"note\">1 of 1 review</span>"));
    assert!(
        out.join("films/percent/index.html").is_file(),
        "a listing by % positive"
    );

    check(&root, &[])
        .success()
        .stderr(predicates::str::contains(
            "note[I001]: the verdict is negative but the score 63 is positive",
        ));
}

#[test]
fn the_film_page_draws_its_charts_and_shows_a_percent_only_when_there_is_one() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    let page =
        |out: &Path| fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    let before = page(&out);
    // Four scored reviews: a Metascore on one day only, and too few for a % positive.
    assert!(before.contains(
        "<title id=\"dist-chart-title\">Scores of the 4 scored reviews, in tens: 1 from 40 to 49, 2 from 80 to 89, 1 from 90 to 100.</title>"
    ));
    assert!(!before.contains("timeline-chart"));
    assert!(!before.contains("Positive reviews: "));

    let reviews = root.join("content/films/the-alpha-test-2001/reviews");
    for (name, date, score) in [
        ("eve-rowe", "2001-05-01", 20),
        ("fay-holt", "2001-06-01", 30),
    ] {
        fs::write(
            reviews.join(format!("{name}.md")),
            format!("+++\ncritic = \"{name}\"\ndate = {date}\nscore = {score}\n+++\nText.\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("out2");
    build(&root, &out, &[]).success();
    let after = page(&out);
    assert!(after.contains("<svg class=\"chart\" id=\"timeline-chart\""));
    assert!(after.contains("The Metascore as reviews arrived: "));
    assert!(
        after.contains("Positive reviews: "),
        "the secondary % positive"
    );
}

#[test]
fn the_site_can_show_only_one_of_the_two_numbers() {
    let (tmp, root) = copy_site("verdicts");
    fs::write(
        root.join("config.toml"),
        "title = \"Only percent\"\n[scores]\nshow = \"percent\"\n",
    )
    .unwrap();
    let out = tmp.path().join("percent");
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/the-verdict-2010/index.html")).unwrap();
    assert!(page.contains("Rotten - 50% positive") && !page.contains("based on 4 Critics"));
    let list = fs::read_to_string(out.join("films/index.html")).unwrap();
    assert!(list.contains("% positive") && !list.contains(">Metascore<"));

    fs::write(
        root.join("config.toml"),
        "title = \"Only Metascore\"\n[scores]\nshow = \"metascore\"\n",
    )
    .unwrap();
    let out = tmp.path().join("metascore");
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/the-verdict-2010/index.html")).unwrap();
    assert!(page.contains("based on 4 Critics") && !page.contains("% positive"));
    assert!(!out.join("films/percent").exists());

    fs::write(root.join("config.toml"), "[scores]\nshow = \"stars\"\n").unwrap();
    check(&root, &[])
        .failure()
        .stderr(predicates::str::contains("unknown variant `stars`"));
}

#[test]
fn an_unknown_verdict_is_an_error() {
    let (_tmp, root) = copy_site("verdicts");
    fs::write(
        root.join("content/films/the-verdict-2010/reviews/zed.md"),
        "+++\nverdict = \"splat\"\n+++\n",
    )
    .unwrap();
    check(&root, &[])
        .failure()
        .stderr(predicates::str::contains(
            "error[E021]: `splat` is not a verdict",
        ))
        .stderr(predicates::str::contains("zed.md:2:11"));
}

#[test]
fn hostile_text_is_rendered_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&hostile("injection"), &out, &[]).success();
    let mut pages = 0;
    for (rel, bytes) in tree(&out) {
        let text = String::from_utf8(bytes).unwrap();
        match rel.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                for (name, attrs) in tags(&text) {
                    let attr_names: Vec<&str> = attrs.iter().map(|(a, _)| a.as_str()).collect();
                    let theirs = match name.as_str() {
                        // The theme's own: JSON-LD data, the search and review scripts,
                        // the search forms.
                        "script" => {
                            !(attrs == [("type".into(), "application/ld+json".into())]
                                || (attr_names == ["src", "defer"]
                                    && (attrs[0].1.starts_with("/search.")
                                        || attrs[0].1.starts_with("/reviews."))
                                    && attrs[0].1.ends_with(".js")))
                        }
                        "form" => !attrs.contains(&("action".into(), "/search/".into())),
                        // The film page's charts, which the build draws itself.
                        "svg" => {
                            !(attrs.first() == Some(&("class".into(), "chart".into()))
                                && ["dist-chart", "timeline-chart"]
                                    .iter()
                                    .any(|id| attrs.contains(&("id".into(), (*id).into()))))
                        }
                        other => {
                            ["iframe", "svg", "style", "object", "embed", "math"].contains(&other)
                        }
                    };
                    assert!(!theirs, "{}: injected <{name}> {attrs:?}", rel.display());
                    for (attr, value) in attrs {
                        assert!(
                            !attr.starts_with("on"),
                            "{}: event handler {attr} on <{name}>",
                            rel.display()
                        );
                        let v = value.trim().to_ascii_lowercase();
                        assert!(
                            !(v.starts_with("javascript:")
                                || v.starts_with("data:")
                                || v.starts_with("vbscript:")),
                            "{}: {attr}={value} on <{name}>",
                            rel.display()
                        );
                    }
                }
            }
            Some("json") => assert!(!text.contains('<'), "{}: raw < in JSON", rel.display()),
            Some("xml") => {
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{}: not XML: {e}", rel.display()));
            }
            _ => {}
        }
    }
    assert!(pages >= 10);
    let film = fs::read_to_string(out.join("films/xss-2020/index.html")).unwrap();
    assert!(
        film.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
        "the title is shown as text"
    );
    assert!(
        film.contains("&lt;script&gt;alert('synopsis block')&lt;/script&gt;"),
        "raw HTML in Markdown is shown as text"
    );
    assert!(
        film.contains("<strong>Bold</strong>"),
        "Markdown still works"
    );
    let json = fs::read_to_string(out.join("api/films/xss-2020.json")).unwrap();
    assert!(json.contains("\\u003c/script\\u003e"));
    let ld_start = film.find("<script type=\"application/ld+json\">").unwrap();
    let ld = &film[ld_start..];
    let ld = &ld[ld.find('>').unwrap() + 1..ld.find("</script>").unwrap()];
    assert!(
        !ld.contains('<'),
        "nothing in the JSON-LD can close its element"
    );
    let data: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert!(
        data["name"]
            .as_str()
            .unwrap()
            .contains("<script>alert('title')</script>")
    );
}

#[test]
fn the_tag_scanner_sees_through_quotes() {
    let found =
        tags("<a href=\"x\" title='a > b' onclick=go()>t</a><img src=javascript:x>&lt;script&gt;");
    assert_eq!(found[0].0, "a");
    assert_eq!(
        found[0].1,
        [
            ("href".into(), "x".into()),
            ("title".into(), "a > b".into()),
            ("onclick".into(), "go()".into())
        ]
    );
    assert_eq!(
        found[1],
        ("img".into(), vec![("src".into(), "javascript:x".into())])
    );
    assert_eq!(found.len(), 2, "escaped text is not a tag");
}

#[test]
fn a_missing_poster_warns_and_the_page_is_built_without_it() {
    let (tmp, root) = copy_site("site");
    fs::remove_file(root.join("content/films/the-alpha-test-2001/poster.png")).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[])
        .success()
        .stderr(predicates::str::contains("warning[W009]"))
        .stderr(predicates::str::contains(
            "the poster file `poster.png` does not exist",
        ));
    let page = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    assert!(!page.contains("poster.png"), "no broken image, no og:image");
    build(&root, &tmp.path().join("strict"), &["--strict"])
        .failure()
        .stderr(predicates::str::contains("error[W009]"));
}

#[test]
fn the_home_page_ranks_films_by_the_rule_of_the_best_of_lists() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    // 4 scored reviews are fewer than the 7 a ranked film needs: no film is called best, but
    // every film is shown with its number (tbd last), and the page says the rule.
    assert!(!home.contains("id=\"best\""), "{home}");
    let films = &home[home.find("id=\"more\"").unwrap()..];
    let films = &films[..films.find("</section>").unwrap()];
    let (alpha, beta) = (
        films.find("The Alpha Test").unwrap(),
        films.find("Beta Signal").unwrap(),
    );
    assert!(
        alpha < beta,
        "the film with a Metascore first, tbd last: {films}"
    );
    assert!(films.contains("Metascore: </span>72"), "{films}");
    assert!(films.contains("once it has 7 scored reviews"), "{films}");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        config.replace(
            "[publish]",
            "[scores]\nmin_reviews_for_lists = 4\n\n[publish]",
        ),
    )
    .unwrap();
    build(&root, &out, &[]).success();
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home[home.find("id=\"best\"").unwrap()..].contains("The Alpha Test"));
    assert!(
        fs::read_to_string(out.join("best/index.html"))
            .unwrap()
            .contains("The Alpha Test")
    );
    // A film with enough reviews but a mixed Metascore is never called best-reviewed.
    for entry in fs::read_dir(root.join("content/films/the-alpha-test-2001/reviews")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let graded: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("score") || l.starts_with("rating") {
                    "score = 50".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        fs::write(&path, graded.join("\n")).unwrap();
    }
    build(&root, &out, &[]).success();
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("id=\"best\""), "{home}");
    assert!(home[home.find("id=\"more\"").unwrap()..].contains("The Alpha Test"));
}

#[test]
fn a_film_s_consensus_is_under_its_score_in_its_description_and_in_its_json() {
    let (_tmp, root, out) =
        fixture_with_beta_fields("consensus = \"A *tense* signal, & a clear one.\"\n");
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/beta-signal-2002/index.html")).unwrap();
    let summary = &page[page.find(r#"<section class="summary""#).unwrap()..];
    let summary = &summary[..summary.find("</section>").unwrap()];
    assert!(
        summary.contains(r#"<p class="consensus"><strong>Consensus:</strong> A <em>tense</em> signal, &amp; a clear one.</p>"#),
        "{summary}"
    );
    for tag in [
        r#"<meta name="description" content="A tense signal, &amp; a clear one.">"#,
        r#"<meta property="og:description" content="A tense signal, &amp; a clear one.">"#,
    ] {
        assert!(page.contains(tag), "{tag}");
    }
    let json: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(out.join("api/films/beta-signal-2002.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["consensus"], "A tense signal, & a clear one.");
    let other = fs::read_to_string(out.join("api/films/the-alpha-test-2001.json")).unwrap();
    assert!(!other.contains("consensus"), "only a film with one has it");
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("api/films.json")).unwrap()).unwrap();
    assert!(index["films"][0].get("consensus").is_none());
}
