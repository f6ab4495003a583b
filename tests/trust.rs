//! What Marquee must never do, whatever the user types: replace sources or a folder of the
//! user's own, publish two pages at one URL, renumber what others link to, or fail without
//! saying why.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::PredicateBooleanExt;

mod common;
use common::*;

/// Everything under `dir`: each file's bytes, each folder, each link's target, by path.
fn everything(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let what = if e.file_type().is_symlink() {
                format!("link to {}", fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_dir() {
                "folder".to_string()
            } else {
                format!("{:?}", fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), what)
        })
        .collect()
}

/// A workspace `ws` holding a site made by `marquee init` (`ws/site`), a folder of the user's
/// own (`ws/victim`), a file (`ws/notes.txt`), an empty home folder (`ws/home`), a link to the
/// workspace (`ws/alias`) and a link to the site's content (`ws/linked-content`).
#[cfg(unix)]
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().canonicalize().unwrap();
    marquee()
        .arg("init")
        .arg(ws.join("site"))
        .assert()
        .success();
    fs::create_dir(ws.join("victim")).unwrap();
    fs::write(ws.join("victim/thesis.txt"), "years of work").unwrap();
    fs::write(ws.join("notes.txt"), "notes").unwrap();
    fs::create_dir(ws.join("home")).unwrap();
    std::os::unix::fs::symlink(&ws, ws.join("alias")).unwrap();
    std::os::unix::fs::symlink(ws.join("site/content"), ws.join("linked-content")).unwrap();
    (tmp, ws)
}

#[cfg(unix)]
#[test]
fn no_spelling_of_a_protected_place_is_written() {
    let (_tmp, ws) = workspace();
    let site = ws.join("site");
    // (working directory, --root, --output, the real place it leads to)
    let films = site.join("content/films");
    let table: Vec<(&Path, &str, String, PathBuf)> = vec![
        // The site's sources, from the site root.
        (&site, ".", "public/../content/films".into(), films.clone()),
        (&site, ".", "content/films".into(), films.clone()),
        (&site, ".", "content/films/".into(), films.clone()),
        (&site, ".", "./content/./films/.".into(), films.clone()),
        (
            &site,
            ".",
            "public/nothere/../../content/films".into(),
            films.clone(),
        ),
        (
            &site,
            ".",
            "public/a/b/../../../content".into(),
            site.join("content"),
        ),
        (&site, ".", "../linked-content/films".into(), films.clone()),
        (
            &site,
            ".",
            "../alias/site/content/films".into(),
            films.clone(),
        ),
        (
            &site,
            ".",
            "../linked-content/films/new-place".into(),
            films.join("new-place"),
        ),
        (&site, ".", "templates".into(), site.join("templates")),
        (
            &site,
            ".",
            "static/../static/css".into(),
            site.join("static/css"),
        ),
        (
            &site,
            ".",
            format!("{}/public/../content", site.display()),
            site.join("content"),
        ),
        // The same, relative to --root rather than the working directory.
        (
            &ws,
            "site",
            "site/public/../content/films".into(),
            films.clone(),
        ),
        (
            &ws,
            "./site/",
            "alias/site/content".into(),
            site.join("content"),
        ),
        (
            &ws,
            "alias/site",
            "site/nothere/../content/films".into(),
            films.clone(),
        ),
        // The site's own folder and the folders holding it.
        (&site, ".", ".".into(), site.clone()),
        (&site, ".", "./".into(), site.clone()),
        (&site, ".", "public/..".into(), site.clone()),
        (&site, ".", "nothere/../".into(), site.clone()),
        (&site, ".", "../site".into(), site.clone()),
        (&site, ".", "../alias/site/.".into(), site.clone()),
        (&site, ".", "..".into(), ws.clone()),
        (&site, ".", "../alias".into(), ws.clone()),
        (&site, ".", "content/../..".into(), ws.clone()),
        // A non-empty folder Marquee did not make.
        (&site, ".", "../victim".into(), ws.join("victim")),
        (&site, ".", "../victim/".into(), ws.join("victim")),
        (&site, ".", "../victim/.".into(), ws.join("victim")),
        (&site, ".", "../nothere/../victim".into(), ws.join("victim")),
        (&site, ".", "../alias/victim".into(), ws.join("victim")),
        (&ws, "site", "victim".into(), ws.join("victim")),
        (
            &ws,
            "site",
            "nothere/x/../../victim//".into(),
            ws.join("victim"),
        ),
        // A file.
        (&site, ".", "../notes.txt".into(), ws.join("notes.txt")),
        (
            &site,
            ".",
            "../nothere/../notes.txt".into(),
            ws.join("notes.txt"),
        ),
        (&site, ".", "config.toml".into(), site.join("config.toml")),
        (
            &site,
            ".",
            "public/../config.toml".into(),
            site.join("config.toml"),
        ),
        // The home folder (an empty one here, which would otherwise be accepted).
        (&site, ".", "../home".into(), ws.join("home")),
        (&site, ".", "../nothere/../home/.".into(), ws.join("home")),
        (&site, ".", "../alias/home/".into(), ws.join("home")),
        // The filesystem root.
        (&site, ".", "/".into(), PathBuf::from("/")),
        (&site, ".", "/nothere/..".into(), PathBuf::from("/")),
    ];
    let before = everything(&ws);
    for (cwd, root, output, place) in &table {
        let out = marquee()
            .current_dir(cwd)
            .env("HOME", ws.join("home"))
            .args(["build", "--root", root, "--output", output])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "`--output {output}` from {} must be refused\n{stderr}",
            cwd.display()
        );
        assert!(
            stderr.contains(&format!(
                "refusing to write the site to {}",
                place.display()
            )),
            "`--output {output}` must name {}:\n{stderr}",
            place.display()
        );
        assert_eq!(
            everything(&ws),
            before,
            "`--output {output}` changed something"
        );
    }
    // `check` writes nothing; `serve --output` is refused the same way before any write.
    build(&site, &site.join("public"), &[]).success();
}

#[test]
fn the_target_is_checked_again_at_the_swap() {
    // The target is checked again at the swap: here it became a folder of the user's own
    // while the build ran (simulated by planting it between two builds' begin and commit).
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let staging = marquee::output::begin(&out, tmp.path()).unwrap();
    staging.write("index.html", b"new").unwrap();
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.txt"), "years of work").unwrap();
    let err = staging.commit().unwrap_err();
    assert!(err.to_string().contains("not made by Marquee"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "years of work"
    );
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "staging removed"
    );
}

#[test]
fn builds_into_one_output_at_once_both_succeed_and_leave_one_complete_site() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let want = tree(&out);
    for _ in 0..8 {
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"))
                .args(["build", "--quiet", "--root"])
                .arg(&root)
                .arg("--output")
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let done = child.wait_with_output().unwrap();
            assert!(
                done.status.success(),
                "{}",
                String::from_utf8_lossy(&done.stderr)
            );
        }
        assert_eq!(tree(&out), want, "one complete site");
    }
}

#[test]
fn a_build_waits_for_the_lock_saying_so_or_fails_at_once_with_no_wait() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(tmp.path().join(".public.marquee-lock"))
        .unwrap();
    lock.lock().unwrap();
    build(&root, &out, &["--no-wait"])
        .code(1)
        .stderr(predicates::str::contains("another build is writing"));
    assert!(!out.exists());
    let waiting = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!out.exists(), "the waiting build has not written yet");
    drop(lock);
    let done = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(stderr.contains("waiting for another build"), "{stderr}");
    assert!(out.join("index.html").is_file());
}

/// `marquee serve` of `root` on `port` with TMPDIR set to `tmpdir`, its output discarded.
fn serve(root: &Path, port: u16, tmpdir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"));
    command
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .env("TMPDIR", tmpdir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn each_preview_is_private_to_its_server_and_removed_when_it_stops() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, root) = copy_site("site");
    let tmpdir = tmp.path().join("tmp");
    fs::create_dir(&tmpdir).unwrap();
    // A link planted where the old naming put this site's preview leads nowhere now.
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let slug = root
        .to_string_lossy()
        .to_lowercase()
        .replace(['/', '.', '_'], "-");
    std::os::unix::fs::symlink(
        &elsewhere,
        tmpdir.join(format!("marquee-preview-{}", slug.trim_matches('-'))),
    )
    .unwrap();
    let planted = names(&tmpdir);
    let (a, b) = (free_port(), free_port());
    let mut first = Server(serve(&root, a, &tmpdir).spawn().unwrap());
    let second = Server(serve(&root, b, &tmpdir).spawn().unwrap());
    for port in [a, b] {
        wait_until_serving(port);
    }
    let previews: Vec<String> = names(&tmpdir)
        .into_iter()
        .filter(|n| !planted.contains(n))
        .collect();
    assert_eq!(previews.len(), 2, "one folder each: {previews:?}");
    for name in &previews {
        let meta = fs::symlink_metadata(tmpdir.join(name)).unwrap();
        assert!(meta.is_dir(), "a real folder, not a link");
        assert_eq!(meta.permissions().mode() & 0o777, 0o700, "{name}");
    }
    assert!(
        names(&elsewhere).is_empty(),
        "the planted link was not followed"
    );
    // SIGTERM to one server, Ctrl-C (SIGINT) to the other: each removes its own preview.
    let stop = |server: &Server, signal: &str| {
        let status = std::process::Command::new("kill")
            .args([signal, &server.0.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    stop(&first, "-TERM");
    let status = first.0.wait().unwrap();
    assert!(status.success(), "SIGTERM ends serve cleanly: {status:?}");
    // The removal goes on in the background once serve has ended.
    eventually("the first preview to be removed", || {
        names(&tmpdir).len() == planted.len() + 1
    });
    stop(&second, "-INT");
    eventually("the second preview to be removed", || {
        names(&tmpdir) == planted
    });
    // A preview killed outright (its owner no longer runs) is swept by the next one.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let left = tmpdir.join("marquee-preview-killed");
    fs::create_dir_all(left.join("site")).unwrap();
    fs::write(left.join(".owner"), dead.to_string()).unwrap();
    let port = free_port();
    let _third = Server(serve(&root, port, &tmpdir).spawn().unwrap());
    wait_until_serving(port);
    eventually("the killed preview's folder to be swept", || !left.exists());
}

#[test]
fn serve_on_a_busy_port_fails_at_once_and_writes_nothing() {
    let (tmp, root) = copy_site("site");
    let tmpdir = tmp.path().join("tmp");
    fs::create_dir(&tmpdir).unwrap();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let done = serve(&root, port, &tmpdir).output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot listen"), "{stderr}");
    assert!(!stderr.contains("built"), "nothing was built: {stderr}");
    assert!(names(&tmpdir).is_empty(), "nothing was written");
}

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

/// The ids of a film's feed entries and the anchors of its page's review cards.
fn identities(out: &Path, film: &str) -> (Vec<String>, Vec<String>) {
    let feed = fs::read_to_string(out.join(format!("films/{film}/feed.xml"))).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let mut ids: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|c| c.has_tag_name("id")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let page = fs::read_to_string(out.join(format!("films/{film}/index.html"))).unwrap();
    let mut anchors: Vec<String> = page
        .split("<li class=\"review\" id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    ids.sort();
    anchors.sort();
    (ids, anchors)
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
fn a_poster_must_be_an_image_by_name_and_content() {
    let (tmp, root) = copy_site("site");
    let film = root.join("content/films/the-alpha-test-2001");
    let index = fs::read_to_string(film.join("index.md")).unwrap();
    assert!(index.contains("poster = \"poster.png\""), "{index}");
    fs::write(film.join("fake.jpg"), "+++\nnot = \"an image\"\n+++\n").unwrap();
    for (poster, says) in [
        ("index.md", "the poster `index.md` is not an image file"),
        ("fake.jpg", "the poster `fake.jpg` is not an image file"),
    ] {
        fs::write(
            film.join("index.md"),
            index.replace("poster = \"poster.png\"", &format!("poster = \"{poster}\"")),
        )
        .unwrap();
        check(&root, &[])
            .code(1)
            .stderr(predicates::str::contains("error[E011]"))
            .stderr(predicates::str::contains(says));
    }
    fs::write(film.join("index.md"), &index).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    // The PNG copy is the poster's own pixels: PNG loses nothing.
    let png = &files_named(&out.join("films/the-alpha-test-2001"), "poster-60.")[0];
    assert!(png.ends_with(".png"), "{png}");
    let published = image::open(out.join("films/the-alpha-test-2001").join(png)).unwrap();
    let source = image::open(film.join("poster.png")).unwrap();
    assert_eq!(published.to_rgb8(), source.to_rgb8());
}

#[test]
fn a_poster_cut_short_damaged_or_too_large_is_a_located_error_and_nothing_is_written() {
    let (tmp, root) = copy_site("site");
    let film = root.join("content/films/the-alpha-test-2001");
    let good = fs::read(film.join("poster.png")).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let before = tree(&out);
    let at = "content/films/the-alpha-test-2001/index.md:11:10";
    // Cut short: found by `check`, which reads only headers, and by `build`.
    fs::write(film.join("poster.png"), &good[..good.len() / 2]).unwrap();
    for run in [check(&root, &[]), build(&root, &out, &[])] {
        run.code(1)
            .stderr(predicates::str::contains("error[E031]"))
            .stderr(predicates::str::contains("it was cut short"))
            .stderr(predicates::str::contains(at));
    }
    // A header that claims 30,000 x 30,000 pixels is refused before anything is decoded.
    let mut bomb = good.clone();
    bomb[16..24].copy_from_slice(&[0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30]);
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    fs::write(film.join("poster.png"), &bomb).unwrap();
    build(&root, &out, &[])
        .code(1)
        .stderr(predicates::str::contains(
            "the poster `poster.png` is 30000 x 30000 pixels, more than Marquee decodes",
        ))
        .stderr(predicates::str::contains(at));
    // Whole but damaged inside: `check` cannot see it; the build decodes it and says so.
    let mut damaged = good.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    fs::write(film.join("poster.png"), &damaged).unwrap();
    check(&root, &[]).success();
    build(&root, &out, &[])
        .code(1)
        .stderr(predicates::str::contains("cannot be read as an image"))
        .stderr(predicates::str::contains(at));
    assert_eq!(
        tree(&out),
        before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn a_damaged_poster_cache_is_never_published_even_with_force() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let want = tree(&out);
    let cache = root.join(".marquee-cache");
    let mut entries: Vec<PathBuf> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(entries.len() >= 2, "{entries:?}");
    // One cut short, one overwritten with garbage of its own length.
    let first = fs::read(&entries[0]).unwrap();
    fs::write(&entries[0], &first[..first.len() / 3]).unwrap();
    let second = fs::read(&entries[1]).unwrap();
    fs::write(&entries[1], vec![0x5a; second.len()]).unwrap();
    build(&root, &out, &["--force"])
        .success()
        .stderr(predicates::str::contains("were damaged"))
        .stderr(predicates::str::contains("poster.png"))
        .stdout(predicates::str::contains("poster images: 0 encoded").not());
    assert_eq!(tree(&out), want, "the same site as from a sound cache");
    build(&root, &out, &["--force"])
        .success()
        .stderr(predicates::str::contains("damaged").not())
        .stdout(predicates::str::contains("0 encoded"));
}

/// CRC-32 as PNG chunks carry it, for a test that rewrites a PNG header.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
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

/// The children of process `pid` that have ended but were never waited for.
#[cfg(target_os = "linux")]
fn zombies(pid: u32) -> Vec<String> {
    let mut found = Vec::new();
    for task in fs::read_dir(format!("/proc/{pid}/task")).unwrap().flatten() {
        let children = fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children.split_whitespace() {
            let stat = fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // pid (comm) state ...: the state follows the last ')'.
            if stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
            {
                found.push(stat);
            }
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn serve_reaps_what_it_starts_to_remove_old_previews() {
    let (tmp, root) = copy_site("site");
    let port = free_port();
    let mut command = serve(&root, port, tmp.path());
    command.arg("--output").arg(tmp.path().join("preview"));
    let server = Server(command.spawn().unwrap());
    wait_until_serving(port);
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    for round in 1..=3 {
        // A config edit is a full build, which replaces the whole output folder.
        fs::write(
            root.join("config.toml"),
            config.replace("Fixture Reviews", &format!("Round {round}")),
        )
        .unwrap();
        eventually("the rebuild", || {
            http_get(port, "/").1.contains(&format!("Round {round}"))
        });
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(zombies(server.0.id()), Vec::<String>::new());
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

#[test]
fn serve_waits_for_a_build_that_holds_its_output() {
    let (tmp, root) = copy_site("site");
    let preview = tmp.path().join("preview");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(tmp.path().join(".preview.marquee-lock"))
        .unwrap();
    lock.lock().unwrap();
    let port = free_port();
    let mut command = serve(&root, port, tmp.path());
    command.arg("--output").arg(&preview);
    let _server = Server(command.spawn().unwrap());
    // The port is bound at once, but nothing is written while the lock is held.
    eventually("the port to be bound", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        !preview.exists(),
        "serve wrote while another build held the output"
    );
    drop(lock);
    eventually("the preview to be written", || {
        preview.join("index.html").is_file()
    });
}
