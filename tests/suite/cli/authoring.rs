//! The authoring loop: init and new, check --explain, serve with live reload, progress, theme export.

use super::*;

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
    // One film is "1 film", in every summary.
    check(&site, &[])
        .success()
        .stdout(predicates::str::contains(
            "checked 1 film and 4 reviews: no errors",
        ));
    build(&site, &tmp.path().join("first"), &[])
        .success()
        .stdout(predicates::str::contains("built 1 film, 4 reviews, "));

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

#[cfg(unix)]
#[test]
fn serve_rebuilds_on_change_reloads_tabs_and_survives_errors() {
    use std::io::{BufRead, BufReader, Write};
    let (tmp, root) = copy_site("site");
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
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"));
    command
        .args(["serve", "--open", "--port", "0", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(tmp.path().join("preview"))
        .env("BROWSER", &browser)
        .stderr(std::process::Stdio::null());
    let (_server, port) = start_serving(command);
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
        cannot_run_here("the terminal half needs the `script` command (util-linux)");
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
