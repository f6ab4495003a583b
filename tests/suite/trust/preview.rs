//! The preview's own folder: private, removed when it stops, and a preview that waits for a build.

use super::*;

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
    let (mut first, a) = start_serving(serve(&root, 0, &tmpdir));
    let (second, b) = start_serving(serve(&root, 0, &tmpdir));
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
    let (_third, port) = start_serving(serve(&root, 0, &tmpdir));
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

#[cfg(target_os = "linux")]
#[test]
fn serve_reaps_what_it_starts_to_remove_old_previews() {
    let (tmp, root) = copy_site("site");
    let mut command = serve(&root, 0, tmp.path());
    command.arg("--output").arg(tmp.path().join("preview"));
    let (server, port) = start_serving(command);
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
    let mut command = serve(&root, 0, tmp.path());
    command.arg("--output").arg(&preview);
    // The port is said as soon as it is bound, before the build waits for the lock.
    let (_server, port) = start_serving(command);
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
