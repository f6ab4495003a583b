//! What a published site needs besides films: free-form pages, the page on how scores work,
//! drafts kept out of builds, aliases that keep old addresses working, and a theme that can
//! be exported and built from unchanged.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A small fictional site: two films of three reviews each, one critic profile.
fn write_site(root: &Path) {
    fs::create_dir_all(root.join("content/critics")).unwrap();
    fs::write(
        root.join("config.toml"),
        "title = \"Fictional Reviews\"\nbase_url = \"https://reviews.example/\"\n",
    )
    .unwrap();
    for (slug, title) in [("first-2001", "First"), ("second-2002", "Second")] {
        let dir = root.join("content/films").join(slug).join("reviews");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.parent().unwrap().join("index.md"),
            format!("+++\ntitle = \"{title}\"\nyear = 2001\n+++\nA generated synopsis.\n"),
        )
        .unwrap();
        for (n, score) in [70, 80, 90].iter().enumerate() {
            fs::write(
                dir.join(format!("r{n}.md")),
                format!("+++\ncritic = \"Critic {n}\"\nscore = {score}\n+++\nExcerpt {n}.\n"),
            )
            .unwrap();
        }
    }
    fs::write(
        root.join("content/critics/critic-0.md"),
        "+++\nname = \"Critic 0\"\n+++\nA fictional critic.\n",
    )
    .unwrap();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces `from` with `to` in the file at `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

/// What a finished command printed on stderr and stdout.
fn printed(assert: &assert_cmd::assert::Assert) -> (String, String) {
    let output = assert.get_output();
    (
        String::from_utf8_lossy(&output.stderr).into_owned(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

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
fn a_site_built_from_its_exported_theme_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let before = tmp.path().join("before");
    build(&root, &before, &[]).success();
    marquee()
        .args(["theme", "export", "--root"])
        .arg(&root)
        .assert()
        .success();
    assert!(root.join("templates/scoring.html").is_file());
    assert!(root.join("static/style.css").is_file());
    let after = tmp.path().join("after");
    build(&root, &after, &[]).success();
    let (a, b) = (tree(&before), tree(&after));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn the_preview_shows_drafts_unless_told_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let film = root.join("content/films/second-2002/index.md");
    edit(&film, "year = 2001\n", "year = 2001\ndraft = true\n");
    for (extra, shown) in [(None, true), (Some("--no-drafts"), false)] {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let _server = Server(
            std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"))
                .args(["serve", "--port", &port.to_string(), "--root"])
                .arg(&root)
                .args(extra)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        );
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

/// A local web server for link checks: `/gone` is 404, `/broken` 500, `/no-head` refuses
/// HEAD but answers GET, `/slow` answers too late, anything else 200. Never the internet.
fn link_server() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let mut parts = line.split(' ');
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match path {
                    "/gone" => "404 Not Found",
                    "/broken" => "500 Internal Server Error",
                    "/no-head" if method == "HEAD" => "405 Method Not Allowed",
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(4));
                        "200 OK"
                    }
                    _ => "200 OK",
                };
                let _ = write!(
                    &stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    port
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

#[test]
fn the_host_build_script_builds_previews_with_their_own_address() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/build.sh");
    let netlify = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/netlify.toml"));
    let settings: toml::Table = toml::from_str(&netlify).unwrap();
    assert_eq!(settings["build"]["command"].as_str(), Some("sh build.sh"));
    assert_eq!(settings["build"]["publish"].as_str(), Some("public"));
    // The marquee under test is on the PATH, so the script downloads nothing.
    let bin = assert_cmd::cargo::cargo_bin("marquee");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (env, canonical) in [
        (
            vec![
                ("CONTEXT", "deploy-preview"),
                (
                    "DEPLOY_PRIME_URL",
                    "https://deploy-preview-7--fictional.netlify.app",
                ),
            ],
            "https://deploy-preview-7--fictional.netlify.app/",
        ),
        (
            vec![
                ("CONTEXT", "production"),
                ("DEPLOY_PRIME_URL", "https://main--fictional.netlify.app"),
            ],
            "https://reviews.example/",
        ),
        (
            vec![
                ("CF_PAGES_BRANCH", "new-films"),
                ("CF_PAGES_URL", "https://1a2b3c4d.fictional.pages.dev"),
            ],
            "https://1a2b3c4d.fictional.pages.dev/",
        ),
        (
            vec![
                ("CF_PAGES_BRANCH", "main"),
                ("CF_PAGES_URL", "https://5e6f.fictional.pages.dev"),
            ],
            "https://reviews.example/",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let status = std::process::Command::new("sh")
            .arg(&script)
            .current_dir(&root)
            .env("PATH", &path)
            .env_remove("CONTEXT")
            .env_remove("CF_PAGES_URL")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{env:?}");
        let home = read(&root.join("public/index.html"));
        assert!(
            home.contains(&format!(r#"<link rel="canonical" href="{canonical}">"#)),
            "{env:?}"
        );
    }
}

#[test]
fn each_host_warns_with_its_figures_when_a_generated_site_crosses_its_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    for f in 0..30 {
        let dir = root.join(format!("content/films/more-{f}-2003/reviews"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.parent().unwrap().join("index.md"),
            format!("+++\ntitle = \"More {f}\"\nyear = 2003\n+++\n"),
        )
        .unwrap();
        for r in 0..5 {
            fs::write(
                dir.join(format!("r{r}.md")),
                format!(
                    "+++\ncritic = \"Critic {r}\"\nscore = {}\n+++\nText.\n",
                    40 + r * 10
                ),
            )
            .unwrap();
        }
    }
    let config = read(&root.join("config.toml"));
    // Limits divided by 100,000 (a test-only override of debug builds): GitHub Pages 10 kB,
    // GitLab Pages 10 kB and 2 files, Cloudflare Pages 0 files (free) or 1 (paid) and 262
    // bytes a file.
    for (host, expected) in [
        (
            "github-pages",
            vec!["over the limit of GitHub Pages, 0.00 GB"],
        ),
        (
            "gitlab-pages",
            vec![
                "over the limit of GitLab Pages, 0.00 GB",
                "files, over the limit of GitLab Pages, 2 files",
            ],
        ),
        (
            "cloudflare-pages",
            vec![
                "files, over the limit of Cloudflare Pages (free plan), 0 files",
                "MiB, over the limit of Cloudflare Pages (free plan), 0 MiB a file",
            ],
        ),
        (
            "cloudflare-pages-paid",
            vec![
                "files, over the limit of Cloudflare Pages (paid plan), 1 files",
                "MiB, over the limit of Cloudflare Pages (paid plan), 0 MiB a file",
            ],
        ),
        ("netlify", vec![]),
        ("s3", vec![]),
    ] {
        fs::write(
            root.join("config.toml"),
            format!("{config}[publish]\nhost = \"{host}\"\n"),
        )
        .unwrap();
        let out = tmp.path().join(host);
        let built = marquee()
            .env("MARQUEE_TEST_LIMIT_DIVISOR", "100000")
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .assert()
            .success();
        let (stderr, stdout) = printed(&built);
        assert_eq!(
            stderr.matches("warning[W011]").count(),
            expected.len(),
            "{host}: {stderr}"
        );
        for text in expected {
            assert!(stderr.contains(text), "{host}: {text:?} in {stderr}");
        }
        // The summary states the size and file count, which the figures are checked against.
        assert!(
            stdout.contains(" files, ") && stdout.contains(" KB) into "),
            "{stdout}"
        );
    }
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
fn check_renders_each_kind_of_page_once_and_reports_a_template_that_fails_at_run_time() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    fs::create_dir_all(root.join("templates")).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for (template, field) in [
        ("film.html", "film.nosuchfield.deeper"),
        ("critic.html", "critic.nosuchfield"),
    ] {
        let text = read(&theme.join(template));
        // Inside the first block, where the page's data is used.
        let at = text.find("{% block ").unwrap();
        let end = at + text[at..].find("%}").unwrap() + 2;
        let broken = format!("{}{{{{ {field} }}}}{}", &text[..end], &text[end..]);
        fs::write(root.join("templates").join(template), broken).unwrap();
        let failed = check(&root, &[]).failure();
        let (text, _) = printed(&failed);
        assert!(text.contains("error[E030]"), "{template}: {text}");
        assert!(
            text.contains(&format!("templates/{template}")),
            "{template}: {text}"
        );
        fs::remove_file(root.join("templates").join(template)).unwrap();
    }
    check(&root, &[]).success();
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

#[test]
fn a_theme_is_changed_one_file_at_a_time_with_blocks_and_extra_css() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    // One file, by its name or its path; an unknown name lists the theme's files.
    let done = marquee()
        .args(["theme", "export", "base.html", "static/style.css", "--root"])
        .arg(&root)
        .assert()
        .success();
    let (_, stdout) = printed(&done);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(root.join("templates/base.html").is_file());
    assert!(root.join("static/style.css").is_file());
    assert!(!root.join("templates/film.html").exists());
    let failed = marquee()
        .args(["theme", "export", "flim.html", "--root"])
        .arg(&root)
        .assert()
        .failure();
    let (stderr, _) = printed(&failed);
    assert!(
        stderr.contains("no file `flim.html`") && stderr.contains("templates/film.html"),
        "{stderr}"
    );
    fs::remove_file(root.join("templates/base.html")).unwrap();
    fs::remove_file(root.join("static/style.css")).unwrap();
    // A footer of one's own through a block, and extra.css after the theme's stylesheet.
    fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block footer %}<footer>Our own footer</footer>{% endblock footer %}{% block head %}<meta name=\"x-mine\" content=\"1\">{% endblock head %}{% block content %}{{ free_page.body_html | safe }}{% endblock content %}",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(
        root.join("content/pages/about.md"),
        "+++\ntitle = \"About\"\n+++\nUs.\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/extra.css"), ".brand { color: teal }\n").unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let about = read(&out.join("about/index.html"));
    assert!(
        about.contains("<footer>Our own footer</footer>") && about.contains("x-mine"),
        "{about}"
    );
    assert!(about.contains("<p>Us.</p>"), "{about}");
    let home = read(&out.join("index.html"));
    let style = home.find("href=\"/style.").unwrap();
    let extra = home.find("href=\"/extra.").unwrap();
    assert!(
        style < extra,
        "extra.css comes after the theme's stylesheet"
    );
    let name = &home[extra + 7..];
    let name = &name[..name.find('"').unwrap()];
    assert_eq!(read(&out.join(name)), ".brand { color: teal }\n");
}
