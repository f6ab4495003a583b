//! Addresses: aliases, collisions with generated files, and dead links.

use super::*;

#[test]
fn aliases_keep_old_addresses_working() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/first-2001/index.md");
    edit(
        &film,
        "year = 2001\n",
        "year = 2001\naliases = [\"/films/first/\", \"/old/first.html\", \"/films/second-2002/\"]\n",
    );
    let critic = root.join("content/critics/critic-0.md");
    edit(&critic, "+++\nA", "aliases = [\"/critics/c0\"]\n+++\nA");

    // An alias on a page's address is not written, and check says so.
    let checked = check(&root, &[]).success();
    let (text, _) = printed(&checked);
    assert!(text.contains("warning[W012]"), "{text}");
    assert!(
        text.contains("`/films/second-2002/` is the address of the page of the film `Second`"),
        "{text}"
    );
    check(&root, &["--strict"]).failure();

    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    for (alias, target) in [
        (
            "films/first/index.html",
            "https://reviews.example/films/first-2001/",
        ),
        (
            "old/first.html",
            "https://reviews.example/films/first-2001/",
        ),
        (
            "critics/c0/index.html",
            "https://reviews.example/critics/critic-0/",
        ),
    ] {
        let page = read(&out.join(alias));
        assert!(
            page.contains(&format!(r#"<link rel="canonical" href="{target}">"#)),
            "{page}"
        );
        assert!(
            page.contains(r#"<meta http-equiv="refresh" content="0; url=/"#),
            "{page}"
        );
    }
    assert!(read(&out.join("films/second-2002/index.html")).contains("<h1>Second"));
    let rules = read(&out.join("_redirects"));
    assert!(
        rules.contains("/films/first/ /films/first-2001/ 301\n"),
        "{rules}"
    );
    assert!(
        rules.contains("/old/first.html /films/first-2001/ 301\n"),
        "{rules}"
    );
    assert!(
        rules.contains("/critics/c0/ /critics/critic-0/ 301\n"),
        "{rules}"
    );
    assert!(!rules.contains("second"), "{rules}");
    // Redirect pages are not listed for crawlers.
    assert!(!read(&out.join("sitemap.xml")).contains("films/first/<"));

    // An alias must be a path within the site.
    edit(&film, "\"/films/first/\"", "\"../etc/passwd\"");
    let failed = check(&root, &[]).failure();
    let (text, _) = printed(&failed);
    assert!(text.contains("error[E027]"), "{text}");
    assert!(
        text.contains("content/films/first-2001/index.md:4:"),
        "{text}"
    );
}

#[test]
fn aliases_that_hosts_read_as_patterns_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/first-2001/index.md");
    for alias in [
        "/films/*",
        "/*",
        "/:a/",
        "/old!/",
        "/x/:slug",
        "/.git/x/",
        "/a/.hidden/",
    ] {
        edit(
            &film,
            "year = 2001\n",
            &format!("year = 2001\naliases = [{alias:?}]\n"),
        );
        let failed = check(&root, &[]).failure();
        let (text, _) = printed(&failed);
        assert!(text.contains("error[E027]"), "{alias}: {text}");
        assert!(
            text.contains("as patterns") && text.contains("a dot"),
            "{alias}: {text}"
        );
        edit(&film, &format!("aliases = [{alias:?}]\n"), "");
    }
}

#[test]
fn a_generated_file_s_place_taken_by_an_alias_or_a_static_file_fails_check_naming_both() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/first-2001/index.md");
    for (alias, generated) in [
        ("/feed.xml", "/feed.xml"),
        ("/robots.txt", "/robots.txt"),
        ("/_redirects", "/_redirects"),
        ("/search.json", "/search.json"),
        ("/api/films.json", "/api/films.json"),
        ("/favicon.svg", "/favicon.svg"),
        ("/404.html/", "/404.html"),
        ("/sitemap.xml/", "/sitemap.xml"),
    ] {
        edit(
            &film,
            "year = 2001\n",
            &format!("year = 2001\naliases = [{alias:?}]\n"),
        );
        let failed = check(&root, &[]).failure();
        let (text, _) = printed(&failed);
        assert!(text.contains("error[E022]"), "{alias}: {text}");
        assert!(
            text.contains(&format!("`{generated}` would be both a file and a folder")),
            "{alias}: {text}"
        );
        assert!(
            text.contains("content/films/first-2001/index.md"),
            "{alias}: {text}"
        );
        let out = tmp.path().join("public");
        let failed = build(&root, &out, &[]).failure();
        let (text, _) = printed(&failed);
        assert!(
            text.contains("error[E022]") && !text.contains("os error"),
            "{alias}: {text}"
        );
        edit(&film, &format!("aliases = [{alias:?}]\n"), "");
    }
    // A static file inside a generated file's place.
    fs::create_dir_all(root.join("static/feed.xml")).unwrap();
    fs::write(root.join("static/feed.xml/x.txt"), "x").unwrap();
    let failed = check(&root, &[]).failure();
    let (text, _) = printed(&failed);
    assert!(text.contains("error[E022]"), "{text}");
    assert!(text.contains("static/feed.xml/x.txt"), "{text}");
    check(&root, &[]).failure();
    fs::remove_dir_all(root.join("static/feed.xml")).unwrap();
    check(&root, &[]).success();
}

#[test]
fn check_links_reports_dead_links_in_their_files_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let port = link_server();
    let base = format!("http://127.0.0.1:{port}");
    for (n, path) in ["/fine", "/gone", "/broken"].iter().enumerate() {
        let review = root.join(format!("content/films/first-2001/reviews/r{n}.md"));
        edit(
            &review,
            "+++\nExcerpt",
            &format!("url = \"{base}{path}\"\n+++\nExcerpt"),
        );
    }
    for (n, path) in ["/no-head", "/slow"].iter().enumerate() {
        let review = root.join(format!("content/films/second-2002/reviews/r{n}.md"));
        edit(
            &review,
            "+++\nExcerpt",
            &format!("url = \"{base}{path}\"\n+++\nExcerpt"),
        );
    }
    // Without --links nothing is asked.
    let quiet = check(&root, &[]).success();
    assert!(!printed(&quiet).0.contains("W013"));

    let asked = check(&root, &["--links", "--link-timeout", "1"]).success();
    let (stderr, stdout) = printed(&asked);
    assert_eq!(stderr.matches("warning[W013]").count(), 3, "{stderr}");
    assert!(
        stderr.contains(&format!("the link {base}/gone answers HTTP 404")),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/films/first-2001/reviews/r1.md:4:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("the link {base}/broken answers HTTP 500")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("the link {base}/slow does not answer in time")),
        "{stderr}"
    );
    assert!(!stderr.contains("/fine "), "{stderr}");
    assert!(!stderr.contains("/no-head "), "{stderr}");
    assert!(stdout.contains("5 links asked, 3 dead"), "{stdout}");

    check(&root, &["--links", "--link-timeout", "1", "--strict"]).failure();
}
