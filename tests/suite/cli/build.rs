//! Building a site: the exact aggregates, every diagnostic, atomic and deterministic output, links that work, and the no-change shortcut.

use super::*;

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
    // The 60 x 90 opaque PNG poster, published as WebP and as JPEG at its own width, never
    // wider.
    let posters = files_named(&out.join("films/the-alpha-test-2001"), "poster");
    assert_eq!(posters.len(), 2, "{posters:?}");
    assert!(posters[0].starts_with("poster-60.") && posters[0].ends_with(".jpg"));
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
            "error[E019]: the file is 52,428,800 bytes; content files may be at most 4 MiB (4,194,304 bytes)",
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
        .stdout(predicates::str::contains("(2 films, 7 reviews, 34 pages"));
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
