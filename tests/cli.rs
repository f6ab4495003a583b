//! The `marquee` binary as a user runs it, on fixture sites copied to temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

mod common;
use common::*;

#[test]
fn builds_the_fixture_site_with_exact_aggregates() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    let built = build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films, 7 reviews"));
    let summary = String::from_utf8_lossy(&built.get_output().stdout).into_owned();
    let bytes: u64 = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".marquee-output")
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(
        summary.contains(&format!(" files, {} KB) into ", bytes.div_ceil(1000))),
        "the summary states the output's size: {summary} ({bytes} bytes)"
    );
    // The search index gives each film its number and the colour of its badge.
    let search = json(&out.join("search.json"));
    let alpha = search["films"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f[0] == "The Alpha Test")
        .unwrap();
    assert_eq!(alpha[3], 72);
    assert_eq!(alpha[4], "positive");

    let alpha = json(&out.join("api/films/the-alpha-test-2001.json"));
    // (90 x 2 + 88 + 83 + 40 x 2) / 6 = 71.83: The Daily Fixture has weight 2.
    assert_eq!(alpha["metascore"], 72);
    assert_eq!(alpha["label"], "Generally favorable reviews");
    assert_eq!(
        alpha["url"],
        "https://reviews.example.org/films/the-alpha-test-2001/"
    );
    assert_eq!(
        alpha["counts"],
        serde_json::json!({"scored": 4, "positive": 3, "mixed": 1, "negative": 0, "unscored": 1, "banded": 4})
    );
    let order: Vec<(Value, Value)> = alpha["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["critic"].clone(), r["score"].clone()))
        .collect();
    assert_eq!(
        order,
        [
            ("Ada Quill".into(), 90.into()),
            ("Bo Reed".into(), 88.into()),
            ("Cy Moss".into(), 83.into()),
            (Value::Null, 40.into()),
            ("Dee Lark".into(), Value::Null),
        ]
    );
    assert_eq!(alpha["reviews"][1]["rating"], "3.5/4");
    assert_eq!(alpha["reviews"][3]["assigned"], true);
    assert_eq!(alpha["reviews"][3]["band"], "mixed");
    assert_eq!(alpha["reviews"][4]["band"], Value::Null);
    assert_eq!(alpha["reviews"][0]["date"], "2001-03-10");

    let beta = json(&out.join("api/films/beta-signal-2002.json"));
    assert_eq!(
        beta["metascore"],
        Value::Null,
        "two scored reviews are below min_reviews"
    );
    assert_eq!(beta["label"], Value::Null);
    assert_eq!(
        beta["reviews"][0]["score"], 40,
        "2/5 normalises to 40 and outranks 35"
    );

    let index = json(&out.join("api/films.json"));
    let slugs: Vec<&str> = index["films"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["beta-signal-2002", "the-alpha-test-2001"]);
    assert!(index["films"][0].get("reviews").is_none());

    let page = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    for expected in [
        "Generally favorable reviews - based on 4 Critics",
        "Positive: 3 out of 4",
        "Mixed: 1 out of 4",
        "Negative: 0 out of 4",
        "Rated 3.5/4 by the critic",
        "Staff [Not Credited]",
        "Score assigned by the editors",
        "href=\"https://daily-fixture.example.org/alpha\">Read full review",
        "<strong>bold</strong>",
        "1 review carries no grade and is not in the Metascore.",
        "href=\"/critics/ada-quill/\"",
        "href=\"/publications/the-daily-fixture/\"",
    ] {
        assert!(page.contains(expected), "film page lacks {expected:?}");
    }
    assert!(
        !page.contains("<script>alert"),
        "raw HTML in an excerpt must be escaped"
    );
    assert!(page.contains("&lt;script&gt;"));
    // The 60 x 90 poster, published as WebP and as PNG at its own width, never wider.
    let posters = files_named(&out.join("films/the-alpha-test-2001"), "poster");
    assert_eq!(posters.len(), 2, "{posters:?}");
    assert!(posters[0].starts_with("poster-60.") && posters[0].ends_with(".png"));
    assert!(posters[1].starts_with("poster-60.") && posters[1].ends_with(".webp"));
    assert!(page.contains(&format!(
        "<source type=\"image/webp\" srcset=\"/films/the-alpha-test-2001/{} 60w\"",
        posters[1]
    )));
    assert!(page.contains(&format!(
        "<img src=\"/films/the-alpha-test-2001/{}\" alt=\"Poster of The Alpha Test\" width=\"60\" height=\"90\"",
        posters[0]
    )));

    let beta_page = fs::read_to_string(out.join("films/beta-signal-2002/index.html")).unwrap();
    assert!(beta_page.contains("tbd"));
    assert!(beta_page.contains("Needs 2 more scored reviews"));

    let critic = fs::read_to_string(out.join("critics/ada-quill/index.html")).unwrap();
    assert!(critic.contains("The Alpha Test") && critic.contains("Beta Signal"));
    assert!(critic.contains("<dd>62.5</dd>"), "average of 90 and 35");
    assert!(
        critic.contains("+18.0"),
        "90 against a Metascore of 72; Beta has none"
    );
    let publication =
        fs::read_to_string(out.join("publications/the-daily-fixture/index.html")).unwrap();
    assert!(publication.contains("Counts 2× in Metascores"));
    assert!(
        out.join("publications/weekly-placeholder/index.html")
            .is_file(),
        "a publication without a profile still gets a page"
    );
    assert!(out.join("404.html").is_file());
}

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// `tests/hostile/malformed` has one problem per file; `malformed.expected` lists the exact
/// diagnostic each one must give, as `severity[code] path:line:column: message`.
#[test]
fn every_malformed_file_gives_its_exact_diagnostic_and_check_fails() {
    let output = marquee()
        .args(["check", "--format", "json", "--root"])
        .arg(hostile("malformed"))
        .assert()
        .failure()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let diagnostics: Vec<Value> = serde_json::from_slice(&output).unwrap();
    let found: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let place = d
                .get("line")
                .map_or(String::new(), |l| format!(":{l}:{}", d["column"]));
            format!(
                "{}[{}] {}{place}: {}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    let expected = fs::read_to_string(hostile("malformed.expected")).unwrap();
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(found, expected);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["help"].is_string() || d["code"] == "W002"),
        "every problem says what to do"
    );
}

#[test]
fn a_huge_file_is_refused_and_the_rest_still_checks() {
    let (_tmp, root) = copy_site("site");
    let mut huge = b"+++\ncritic = \"Big\"\nscore = 50\n+++\n".to_vec();
    huge.resize(50 * 1024 * 1024, b'a');
    fs::write(
        root.join("content/films/the-alpha-test-2001/reviews/huge.md"),
        huge,
    )
    .unwrap();
    fs::write(
        root.join("content/films/the-alpha-test-2001/reviews/bad.md"),
        "+++\nscore = 101\n+++\n",
    )
    .unwrap();
    check(&root, &[])
        .failure()
        .stderr(predicates::str::contains(
            "error[E019]: the file is 52428800 bytes; content files may be at most 4 MiB (4194304 bytes)",
        ))
        .stderr(predicates::str::contains("score 101 is out of range"));
}

#[test]
fn human_diagnostics_show_the_line_a_caret_and_a_hint() {
    let (_tmp, root) = copy_site("site");
    fs::write(
        root.join("content/films/the-alpha-test-2001/reviews/zed.md"),
        "+++\ncritic = \"Zed\"\nscore = 101\n+++\n",
    )
    .unwrap();
    let assert = check(&root, &[]).failure().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("error[E010]: score 101 is out of range"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/films/the-alpha-test-2001/reviews/zed.md:3:9"),
        "{stderr}"
    );
    assert!(stderr.contains("3 | score = 101"), "{stderr}");
    assert!(stderr.contains("^^^"), "{stderr}");
    assert!(
        stderr.contains("help: scores are whole numbers from 0 to 100"),
        "{stderr}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let before = tree(&out);

    fs::write(
        root.join("content/films/beta-signal-2002/reviews.toml"),
        "[[review]]\nscore = -1\n",
    )
    .unwrap();
    build(&root, &out, &[])
        .failure()
        .code(1)
        .stderr(predicates::str::contains("score -1 is out of range"))
        .stderr(predicates::str::contains("reviews.toml:2:9"))
        .stderr(predicates::str::contains("is unchanged"));
    assert_eq!(
        tree(&out),
        before,
        "the previous site must be byte-for-byte intact"
    );
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("marquee-staging")),
        "no staging folder left: {names:?}"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let (tmp, root) = copy_site("site");
    build(&root, &tmp.path().join("one"), &[]).success();
    build(&root, &tmp.path().join("two"), &[]).success();
    let (one, two) = (tree(&tmp.path().join("one")), tree(&tmp.path().join("two")));
    assert!(one.len() > 15);
    assert_eq!(one, two);
}

/// Every internal link of every page must start with the base path and reach a file, and
/// a `#fragment` must name an element of that file.
fn assert_links_resolve(out: &Path, base_path: &str) -> usize {
    let mut checked = 0;
    for (rel, bytes) in tree(out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = &part[..part.find('"').unwrap()];
                if link.starts_with("http") || link.starts_with('#') {
                    continue;
                }
                assert!(
                    link.starts_with(base_path),
                    "{}: link {link} does not start with {base_path}",
                    rel.display()
                );
                let link = link.split('?').next().unwrap();
                let (path, fragment) = link[base_path.len()..]
                    .split_once('#')
                    .unwrap_or((&link[base_path.len()..], ""));
                let file = if path.is_empty() || path.ends_with('/') {
                    out.join(path).join("index.html")
                } else {
                    out.join(path)
                };
                assert!(file.is_file(), "{}: broken link {link}", rel.display());
                if !fragment.is_empty() {
                    let target = fs::read_to_string(&file).unwrap();
                    assert!(
                        target.contains(&format!("id=\"{fragment}\"")),
                        "{}: link {link} names a fragment the page lacks",
                        rel.display()
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_link_works_at_a_domain_root_and_under_a_sub_path() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("root");
    build(&root, &out, &[]).success();
    assert!(assert_links_resolve(&out, "/") > 50);

    let sub = tmp.path().join("sub");
    build(
        &root,
        &sub,
        &["--base-url", "https://user.github.io/reviews/"],
    )
    .success();
    assert!(assert_links_resolve(&sub, "/reviews/") > 50);
    let film = json(&sub.join("api/films/beta-signal-2002.json"));
    assert_eq!(
        film["url"],
        "https://user.github.io/reviews/films/beta-signal-2002/"
    );

    // The example site and a generated one, under a sub-path too.
    let example = tmp.path().join("example");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    build(
        repo,
        &example,
        &["--base-url", "https://user.github.io/reviews/"],
    )
    .success();
    assert!(assert_links_resolve(&example, "/reviews/") > 1000);
    let generated = tmp.path().join("generated");
    write_site(&tmp.path().join("gen"), 150, 6);
    build(
        &tmp.path().join("gen"),
        &generated,
        &["--base-url", "https://x.example/r/"],
    )
    .success();
    assert!(assert_links_resolve(&generated, "/r/") > 1000);
}

#[test]
fn long_lists_are_paginated() {
    let (tmp, root) = copy_site("site");
    fs::write(
        root.join("config.toml"),
        "title = \"Paged\"\nper_page = 1\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    assert!(out.join("films/page/2/index.html").is_file());
    assert!(out.join("films/title/page/2/index.html").is_file());
    assert!(out.join("critics/ada-quill/page/2/index.html").is_file());
    let first = fs::read_to_string(out.join("films/index.html")).unwrap();
    assert!(first.contains("rel=\"next\""));
    assert!(first.contains("Page 1 of 2"));
    assert_links_resolve(&out, "/");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let (tmp, root) = copy_site("site");
    let precious = tmp.path().join("thesis");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("chapter1.txt"), "years of work").unwrap();
    build(&root, &precious, &[])
        .failure()
        .stderr(predicates::str::contains("not made by Marquee"));
    assert_eq!(
        fs::read_to_string(precious.join("chapter1.txt")).unwrap(),
        "years of work"
    );
    build(&root, &root, &[])
        .failure()
        .stderr(predicates::str::contains("refusing"));
    assert!(root.join("content").is_dir());
}

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
fn unknown_config_fields_are_reported() {
    let (_tmp, root) = copy_site("site");
    fs::write(
        root.join("config.toml"),
        "title = \"x\"\n[scores]\nmin_review = 3\n",
    )
    .unwrap();
    check(&root, &[])
        .failure()
        .stderr(predicates::str::contains("unknown field `min_review`"))
        .stderr(predicates::str::contains("config.toml:3:1"));
}

#[test]
fn every_kind_of_bad_review_fails_the_build_and_keeps_the_previous_output() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let before = tree(&out);
    let bad_reviews = hostile("malformed/content/films/delta-2004/reviews");
    let reviews = root.join("content/films/the-alpha-test-2001/reviews");
    let mut tried = 0;
    for entry in fs::read_dir(&bad_reviews).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if ["future.md", "crlf-bom.md", "passwd.md"].contains(&name.as_str()) {
            continue; // a warning, a valid file, and a symbolic link to /etc/passwd
        }
        fs::copy(&path, reviews.join(&name)).unwrap();
        let assert = build(&root, &out, &[]).failure().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains(&format!("reviews/{name}")),
            "{name}: the diagnostic names the file:\n{stderr}"
        );
        assert!(
            stderr.contains("error["),
            "{name}: an error with its code:\n{stderr}"
        );
        assert_eq!(
            tree(&out),
            before,
            "{name}: the previous output must stay intact"
        );
        fs::remove_file(reviews.join(&name)).unwrap();
        tried += 1;
    }
    assert_eq!(tried, 22, "every failing review file of the fixture");
    build(&root, &out, &[]).success();
}

#[test]
fn a_future_date_warns_but_builds() {
    let (tmp, root) = copy_site("site");
    fs::copy(
        hostile("malformed/content/films/delta-2004/reviews/future.md"),
        root.join("content/films/the-alpha-test-2001/reviews/future.md"),
    )
    .unwrap();
    build(&root, &tmp.path().join("public"), &[])
        .success()
        .stderr(predicates::str::contains(
            "warning[W003]: this review is dated 2999-01-01, in the future",
        ));
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
    let css = stylesheet(&out, &film);
    assert_eq!(css, "body { color: red }");
    assert!(out.join("img/logo.svg").is_file());
}

/// `page` with the content hashes in asset names replaced by `HASH`, so that a change to the
/// stylesheet does not change the pinned pages (the stylesheet test checks the link).
fn without_asset_hashes(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(i) = rest.find("/style.") {
        let (head, tail) = rest.split_at(i + 7);
        out.push_str(head);
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex == 16 {
            out.push_str("HASH");
            rest = &tail[16..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The stylesheet `page` links to, read from the built site `out`; its name carries the hash of
/// its contents.
fn stylesheet(out: &Path, page: &str) -> String {
    let href = &page[page.find("rel=\"stylesheet\" href=\"").unwrap() + 24..];
    let href = &href[..href.find('"').unwrap()];
    let name = href.trim_start_matches('/');
    assert!(
        name.starts_with("style.") && name.ends_with(".css") && name.len() == 26,
        "{href}"
    );
    fs::read_to_string(out.join(name)).unwrap()
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

/// Every real tag of an HTML text (user text is escaped, so each `<` starts one), as
/// (lowercase name, attributes as (lowercase name, value)).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut s = &rest[name_end..];
        loop {
            s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.is_empty() || s.starts_with('>') {
                break;
            }
            let end = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(s.len());
            let attr = s[..end].to_ascii_lowercase();
            s = &s[end..];
            let mut value = String::new();
            if let Some(after) = s.strip_prefix('=') {
                let quote = after.chars().next().filter(|&q| q == '"' || q == '\'');
                let (v, tail) = match quote {
                    Some(q) => {
                        let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                        (&after[1..close], &after[(close + 1).min(after.len())..])
                    }
                    None => {
                        let e = after
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(after.len());
                        (&after[..e], &after[e..])
                    }
                };
                value = v.to_string();
                s = tail;
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
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
                        // The theme's own: JSON-LD data, the search script, the search forms.
                        "script" => {
                            !(attrs == [("type".into(), "application/ld+json".into())]
                                || (attr_names == ["src", "defer"]
                                    && attrs[0].1.starts_with("/search.")
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

/// Writes a generated, fictional site of `films` films with `reviews` reviews each.
fn write_site(root: &Path, films: usize, reviews: usize) {
    fs::create_dir_all(root).unwrap();
    fs::write(root.join("config.toml"), "title = \"Generated\"\n").unwrap();
    for f in 0..films {
        let dir = root.join(format!("content/films/film-{f:04}-2001/reviews"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.parent().unwrap().join("index.md"),
            format!("+++\ntitle = \"Film {f}\"\nyear = 2001\n+++\nA *generated* synopsis.\n"),
        )
        .unwrap();
        for r in 0..reviews {
            let text = format!(
                "+++\ncritic = \"Critic {}\"\npublication = \"Paper {}\"\ndate = 2001-02-{:02}\nscore = {}\n+++\nA generated excerpt, number {r}.\n",
                (f + r) % 40,
                r % 7,
                r % 28 + 1,
                (f * 7 + r * 13) % 101
            );
            fs::write(dir.join(format!("critic-{r}.md")), text).unwrap();
        }
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root, 300, 15);
    let out = tmp.path().join("public");
    let started = std::time::Instant::now();
    build(&root, &out, &[]).success();
    let full = started.elapsed();
    let before = tree(&out);
    // A build that completes now would change the output: the previous site must survive
    // every build that is killed before it completes.
    fs::write(root.join("config.toml"), "title = \"Changed\"\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("marquee");
    let mut killed_mid_build = 0;
    for percent in [5u32, 15, 30, 45, 60, 75, 90, 97] {
        let mut child = std::process::Command::new(&bin)
            .args(["build", "-q", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * percent / 100);
        if child.try_wait().unwrap().is_some() {
            break; // finished before the kill: its output is the new site, legitimately
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        killed_mid_build += 1;
        assert!(
            out.join("index.html").is_file(),
            "killed at {percent}%: the output folder must exist"
        );
        let now = tree(&out);
        let changed = now.get(Path::new("index.html")) != before.get(Path::new("index.html"));
        if changed {
            // The kill landed after the atomic swap: the whole new site must be there.
            assert!(String::from_utf8_lossy(&now[Path::new("index.html")]).contains("Changed"));
            assert_eq!(
                now.len(),
                before.len(),
                "killed at {percent}% after the swap"
            );
            break;
        }
        assert_eq!(
            now, before,
            "killed at {percent}%: the previous output must be intact"
        );
    }
    assert!(
        killed_mid_build >= 3,
        "only {killed_mid_build} kills landed during a build"
    );
    build(&root, &out, &[]).success();
    assert!(
        fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("Changed")
    );
    let leftovers = || -> Vec<String> {
        fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("marquee-") && !n.ends_with(".marquee-lock"))
            .collect()
    };
    for _ in 0..200 {
        if leftovers().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        leftovers(),
        Vec::<String>::new(),
        "no staging or old folders remain"
    );
}

#[test]
fn init_then_new_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("my-site");
    marquee()
        .arg("init")
        .arg(&site)
        .assert()
        .success()
        .stdout(predicates::str::contains("config.toml"));
    let ignored = fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/public/"), "{ignored}");
    let cache = format!("/{}/", marquee::posters::CACHE_DIR);
    assert!(ignored.lines().any(|l| l == cache), "{ignored}");
    marquee()
        .arg("init")
        .arg(&site)
        .assert()
        .failure()
        .stderr(predicates::str::contains("is not empty"));

    marquee()
        .args(["new", "film", "The Lantern", "--year", "1999", "--root"])
        .arg(&site)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "content/films/the-lantern-1999/index.md",
        ));
    marquee()
        .args([
            "new",
            "review",
            "the-lantern-1999",
            "--critic",
            "Ann Apple",
            "--publication",
            "The Ledger",
            "--rating",
            "3.5/4",
            "--date",
            "2000-01-02",
            "--root",
        ])
        .arg(&site)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "reviews/ann-apple--the-ledger.md",
        ));
    marquee()
        .args([
            "new",
            "review",
            "the-lantern-1999",
            "--critic",
            "Ann Apple",
            "--publication",
            "The Ledger",
            "--root",
        ])
        .arg(&site)
        .assert()
        .failure()
        .stderr(predicates::str::contains("already exists"));
    marquee()
        .args(["new", "review", "no-such-film", "--root"])
        .arg(&site)
        .assert()
        .failure()
        .stderr(predicates::str::contains("marquee new film"));

    let out = tmp.path().join("public");
    let config = fs::read_to_string(site.join("config.toml")).unwrap();
    fs::write(
        site.join("config.toml"),
        config.replace("# film_json = false", "film_json = true"),
    )
    .unwrap();
    build(&site, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films, 5 reviews"));
    let example = json(&out.join("api/films/the-example-film-2024.json"));
    assert_eq!(
        example["metascore"], 69,
        "88, 3/4 = 75, B- = 67 and 45: 68.75 rounds to 69"
    );
    let lantern = json(&out.join("api/films/the-lantern-1999.json"));
    assert_eq!(lantern["reviews"][0]["rating"], "3.5/4");
    assert!(
        !out.join("README.md").exists(),
        "notes in static/ are not published"
    );
}

#[test]
fn check_explains_every_code() {
    marquee()
        .args(["check", "--explain", "E010"])
        .assert()
        .success()
        .stdout(predicates::str::contains("E010: a score is out of range"))
        .stdout(predicates::str::contains("rating = \"3.5/4\""));
    marquee()
        .args(["check", "--explain", "E999"])
        .assert()
        .failure();
}

#[test]
fn serve_rebuilds_on_change_reloads_tabs_and_survives_errors() {
    use std::io::{BufRead, BufReader, Write};
    let (tmp, root) = copy_site("site");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // A stand-in browser for --open: it notes the address it was asked to open.
    let opened = tmp.path().join("opened");
    let browser = tmp.path().join("browser.sh");
    fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let _server = Server(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"))
            .args(["serve", "--open", "--port", &port.to_string(), "--root"])
            .arg(&root)
            .arg("--output")
            .arg(tmp.path().join("preview"))
            .env("BROWSER", &browser)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_until_serving(port);
    eventually("--open to open the site in the browser", || {
        fs::read_to_string(&opened).is_ok_and(|u| u.trim() == format!("http://127.0.0.1:{port}/"))
    });
    let film = "/films/the-alpha-test-2001/";
    let metascore = |body: &str| {
        body.contains("Metascore: </span>72") as u8
            + 2 * body.contains("Metascore: </span>49") as u8
    };
    let (status, body) = http_get(port, film);
    assert_eq!((status, metascore(&body)), (200, 1));
    assert!(
        body.contains("__marquee/events"),
        "the reload script is injected in serve mode"
    );
    assert!(
        body.contains("href=\"http://127.0.0.1:"),
        "links point at the local server"
    );

    // A tab's event stream: the current status first.
    let mut events = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__marquee/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut next_status = move || -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                events.read_line(&mut line).unwrap() > 0,
                "the event stream closed"
            );
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim().to_string();
            }
        }
    };
    assert_eq!(next_status(), r#"{"generation":0,"error":null}"#);

    let review = root.join("content/films/the-alpha-test-2001/reviews/ada-quill.md");
    fs::write(
        &review,
        fs::read_to_string(&review)
            .unwrap()
            .replace("score = 90", "score = 20"),
    )
    .unwrap();
    assert_eq!(
        next_status(),
        r#"{"generation":1,"error":null}"#,
        "one edit, one rebuild, one reload event"
    );
    assert_eq!(
        metascore(&http_get(port, film).1),
        2,
        "(20 x 2 + 88 + 83 + 40 x 2) / 6 = 48.5"
    );

    let broken = root.join("content/films/the-alpha-test-2001/reviews/broken.md");
    fs::write(&broken, "+++\nscore = 101\n+++\n").unwrap();
    let status = next_status();
    assert!(
        status.contains("E010") && status.contains("broken.md:2:9"),
        "the overlay gets the error: {status}"
    );
    let (code, body) = http_get(port, film);
    assert_eq!(
        (code, metascore(&body)),
        (200, 2),
        "the last good site stays up"
    );

    fs::remove_file(&broken).unwrap();
    assert!(
        next_status().ends_with(r#""error":null}"#),
        "fixing the file clears the error"
    );

    let (code, body) = http_get(port, "/no/such/page/");
    assert_eq!(code, 404);
    assert!(body.contains("Page not found"));
    for attack in [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/films/..%2f..%2f..%2fetc/passwd",
        "/%00",
    ] {
        assert_eq!(http_get(port, attack).0, 400, "{attack}");
    }
    let (_, home) = http_get(port, "/");
    let css_path = &home[home.find("/style.").unwrap()..];
    let css_path = &css_path[..css_path.find('"').unwrap()];
    let (code, css) = http_get(port, css_path);
    assert_eq!(code, 200, "{css_path}");
    assert!(css.to_ascii_lowercase().contains("content-type: text/css"));
    assert_eq!(http_get(port, "/films/the-alpha-test-2001").0, 301);
}

#[test]
fn cross_file_warnings_become_errors_with_strict() {
    let (tmp, root) = copy_site("site");
    let reviews = root.join("content/films/the-alpha-test-2001/reviews");
    fs::write(
        reviews.join("ada-again.md"),
        "+++\ncritic = \"Ada Quill\"\npublication = \"The Daily  Fixture\"\nscore = 70\n+++\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[])
        .success()
        .stderr(predicates::str::contains("warning[W004]: Ada Quill reviews this film twice"))
        .stderr(predicates::str::contains("warning[W005]: the publication is spelled `The Daily  Fixture` and `The Daily Fixture`"));
    let before = tree(&out);
    build(&root, &out, &["--strict"])
        .failure()
        .code(1)
        .stderr(predicates::str::contains("error[W004]"));
    assert_eq!(tree(&out), before);
    check(&root, &["--strict"]).failure();
    marquee()
        .args(["check", "--explain", "W005"])
        .assert()
        .success()
        .stdout(predicates::str::contains("The A.V. Club"));
}

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

/// The Atom elements named `name` directly under `node`.
fn atom<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ATOM))
        .collect()
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Parses an Atom feed and checks what RFC 4287 requires of it: one id, title and updated
/// on the feed and on every entry, an author for every entry (the feed has none of its own
/// for entries to inherit, so each must carry one), a self link. Returns the entries as
/// (id, title, updated, alternate link) in feed order.
fn parse_feed(xml: &str) -> Vec<(String, String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let one = |node: roxmltree::Node, name: &str| -> String {
        let found = atom(node, name);
        assert_eq!(found.len(), 1, "exactly one <{name}>");
        found[0].text().unwrap_or_default().to_string()
    };
    let is_time = |t: &str| t.len() == 20 && t.ends_with("T00:00:00Z") && t.as_bytes()[4] == b'-';
    assert!(one(feed, "id").contains(':'), "an absolute IRI");
    assert!(!one(feed, "title").is_empty());
    assert!(is_time(&one(feed, "updated")));
    assert!(
        atom(feed, "link")
            .iter()
            .any(|l| l.attribute("rel") == Some("self"))
    );
    atom(feed, "entry")
        .into_iter()
        .map(|entry| {
            let updated = one(entry, "updated");
            assert!(is_time(&updated), "{updated}");
            let author = atom(entry, "author");
            assert_eq!(author.len(), 1);
            assert!(!one(author[0], "name").is_empty());
            let link = atom(entry, "link")
                .into_iter()
                .find(|l| l.attribute("rel") == Some("alternate"))
                .and_then(|l| l.attribute("href"))
                .unwrap()
                .to_string();
            (one(entry, "id"), one(entry, "title"), updated, link)
        })
        .collect()
}

/// The JSON-LD of a page.
fn json_ld(page: &str) -> Value {
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
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
    let png = &files_named(&out.join("films/the-alpha-test-2001"), "poster-60.")[0];
    assert!(png.ends_with(".png"), "{png}");
    let poster_url = format!("https://reviews.example.org/films/the-alpha-test-2001/{png}");
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
fn progress_shows_on_a_terminal_only_and_one_summary_line_ends_the_build() {
    let (tmp, root) = copy_site("site");
    // Piped (as here): no progress line, just the summary.
    let out = tmp.path().join("piped");
    let assert = build(&root, &out, &[]).success();
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("reading content") && !stderr.contains('\x1b'),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("built 2 films, 7 reviews, ") && stdout.contains(" pages ("),
        "{stdout}"
    );
    build(&root, &out, &["--quiet"]).success().stdout("");

    // On a terminal (`script` gives the build one), the progress line is drawn and cleared.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped the terminal half: no `script` command (util-linux)");
        return;
    }
    let log = tmp.path().join("typescript");
    let command = format!(
        "{} build --root {} --output {}",
        assert_cmd::cargo::cargo_bin("marquee").display(),
        root.display(),
        tmp.path().join("tty").display()
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&log)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let text = fs::read_to_string(&log).unwrap();
    assert!(text.contains("reading content: "), "{text}");
    assert!(text.contains("\r\x1b[2K"), "the line is cleared: {text:?}");
    assert!(text.contains("built 2 films, 7 reviews, "), "{text}");
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
    assert!(critic.contains("<li class=\"row\">"), "{critic}");
    assert!(critic.contains("/films/the-alpha-test-2001/#review-ada-quill"));
    assert!(!critic.contains("class=\"review-body\""));
    assert_links_resolve(&out, "/");
    // Each extra is one setting away.
    fs::write(
        root.join("config.toml"),
        format!("{defaults}\n[publish]\nlist_excerpts = true\nfilm_feeds = true\n"),
    )
    .unwrap();
    build(&root, &out, &[]).success();
    let critic = fs::read_to_string(out.join("critics/ada-quill/index.html")).unwrap();
    assert!(critic.contains("class=\"review-body\""));
    assert!(out.join("films/the-alpha-test-2001/feed.xml").is_file());
}

#[test]
fn theme_export_writes_the_built_in_theme_and_keeps_what_is_there() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    marquee().arg("init").arg(&site).assert().success();
    let note = fs::read_to_string(site.join("templates/README.md")).unwrap();
    for (name, _) in marquee::render::theme::DEFAULT_TEMPLATES {
        assert!(note.contains(name), "init's note lists {name}");
    }
    fs::write(site.join("templates/film.html"), "{# mine #}").unwrap();
    marquee()
        .args(["theme", "export", "--root"])
        .arg(&site)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "film.html exists already and is left alone",
        ));
    assert_eq!(
        fs::read_to_string(site.join("templates/film.html")).unwrap(),
        "{# mine #}"
    );
    for (name, text) in marquee::render::theme::DEFAULT_TEMPLATES {
        if name != "film.html" {
            assert_eq!(
                fs::read_to_string(site.join("templates").join(name)).unwrap(),
                text
            );
        }
    }
    for (name, bytes) in marquee::render::theme::DEFAULT_STATIC {
        assert_eq!(fs::read(site.join("static").join(name)).unwrap(), bytes);
    }
    // The exported theme is the built-in one: the site builds to the same pages.
    fs::remove_file(site.join("templates/film.html")).unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&site, &a, &[]).success();
    fs::remove_dir_all(site.join("templates")).unwrap();
    fs::remove_dir_all(site.join("static")).unwrap();
    build(&site, &b, &[]).success();
    assert_eq!(tree(&a), tree(&b));
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

/// A build that finds nothing changed leaves the output alone and says so, with the last
/// build's warnings; any change to the sources (even one that keeps the size and puts the
/// modification time back), to the output or to the options makes a full build again.
#[test]
fn a_build_with_nothing_changed_keeps_the_output_and_anything_changed_builds_it() {
    let (tmp, root) = copy_site("site");
    fs::write(root.join("content/notes.txt"), "not content").unwrap();
    let out = tmp.path().join("public");
    let review = root.join("content/films/the-alpha-test-2001/reviews/ada-quill.md");
    let page = out.join("films/the-alpha-test-2001/index.html");
    // A source changed less than two seconds before a build began could change again
    // unseen within the same tick of the file system's clock: such a build leaves no stamp.
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let first = build(&root, &out, &[]).success();
    let warnings = String::from_utf8_lossy(&first.get_output().stderr).into_owned();
    assert!(warnings.contains("content/notes.txt"), "{warnings}");
    let before = tree(&out);
    let unchanged = build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains(
            "nothing changed since the last build",
        ))
        .stdout(predicates::str::contains("(2 films, 7 reviews, 30 pages"));
    assert_eq!(
        String::from_utf8_lossy(&unchanged.get_output().stderr),
        warnings,
        "the same warnings, again"
    );
    assert_eq!(tree(&out), before);

    // An output file edited by hand is put back by a full build.
    let index = out.join("index.html");
    let original = fs::read(&index).unwrap();
    fs::write(&index, "edited").unwrap();
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    assert_eq!(fs::read(&index).unwrap(), original);
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("nothing changed"));

    // Other options, or --force, build again.
    build(&root, &out, &["--force"])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    build(&root, &out, &["--base-url", "https://elsewhere.example/"])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("https://elsewhere.example/")
    );
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("nothing changed"));

    // A review rewritten to the same size with its modification time put back, as a sync
    // tool that keeps times would leave it: the change time still tells.
    let mtime = fs::metadata(&review).unwrap().modified().unwrap();
    let text = fs::read_to_string(&review).unwrap();
    assert!(text.contains("score = 90"));
    fs::write(&review, text.replace("score = 90", "score = 10")).unwrap();
    fs::File::options()
        .write(true)
        .open(&review)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(fs::metadata(&review).unwrap().modified().unwrap(), mtime);
    build(&root, &out, &[])
        .success()
        .stdout(predicates::str::contains("built 2 films"));
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains(">10<"), "the new score is on the page");
    assert!(!html.contains(">90<"), "the old score is gone");
}
