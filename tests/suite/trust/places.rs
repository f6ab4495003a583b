//! Where a build may write: no spelling of a protected place, the check at the swap, one build at a time.

use super::*;

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
