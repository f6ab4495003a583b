//! The preview server as a user and a hostile web page meet it: it answers only for its own
//! addresses, stays bounded whatever a client sends, follows source folders that are
//! replaced while it runs, and publishes what `build` publishes.

use crate::common::*;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

/// `marquee serve` of `root` on a port the system chooses, with `extra` arguments, its output
/// in `out`, its error output in the file `log`; with the port.
fn serve(root: &Path, out: &Path, log: &Path, extra: &[&str]) -> (Server, u16) {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"));
    command
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .env("NO_COLOR", "1")
        // No browser opens from a test, whatever `extra` asks.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("BROWSER")
        .stderr(fs::File::create(log).unwrap());
    start_serving(command)
}

/// Sends `request` as it is and reads the answer until the server closes the connection.
fn raw(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn get_as(port: u16, host: &str, path: &str) -> String {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn serve_answers_only_requests_for_this_machine() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let (_server, port) = serve(&root, &tmp.path().join("out"), &log, &[]);
    wait_until_serving(port);
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        assert_eq!(status(&get_as(port, &host, "/")), 200, "{host}");
    }
    // A page of another site whose name was made to resolve to 127.0.0.1 (DNS rebinding).
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".into(),
    ] {
        let answer = get_as(port, &host, "/");
        assert_eq!(status(&answer), 421, "{host}: {answer}");
        assert!(answer.contains("Content-Type: text/plain"), "{answer}");
        assert!(!answer.contains("<html"), "nothing of the site: {answer}");
    }
    // Two Host headers, the first this machine's: malformed, never read as either.
    let answer = raw(
        port,
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(status(&answer), 400, "{answer}");
    let stderr = fs::read_to_string(&log).unwrap();
    assert!(!stderr.contains("every network interface"), "{stderr}");
}

#[test]
fn serve_on_every_interface_answers_any_host_and_warns_that_drafts_are_public() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let out = tmp.path().join("out");
    let (_server, port) = serve(&root, &out, &log, &["--interface", "0.0.0.0"]);
    wait_until_serving(port);
    let answer = get_as(port, &format!("my-laptop.local:{port}"), "/");
    assert_eq!(status(&answer), 200, "{answer}");
    let stderr = fs::read_to_string(&log).unwrap();
    assert!(
        stderr.contains("warning: listening on every network interface")
            && stderr.contains("drafts included")
            && stderr.contains("--no-drafts"),
        "{stderr}"
    );
}

/// The number of threads of the process `pid`.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn serve_stays_bounded_whatever_clients_send() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let (server, port) = serve(&root, &tmp.path().join("out"), &log, &[]);
    wait_until_serving(port);
    let host = format!("127.0.0.1:{port}");
    // One huge header is refused once it passes the limit, never read whole.
    let mut request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: ").into_bytes();
    request.extend(std::iter::repeat_n(b'a', 1 << 20));
    request.extend(b"\r\n\r\n");
    let answer = raw(port, &request);
    assert_eq!(status(&answer), 431, "{answer}");
    // Idle connections by the hundred: a bounded number is served, the threads with them.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let count = threads(server.0.id());
    assert!(count < 150, "{count} threads for 300 idle connections");
    let answer = get_as(port, &host, "/");
    assert!(
        status(&answer) == 503 || answer.is_empty(),
        "full: {answer}"
    );
    drop(idle);
    eventually("the server to answer again", || {
        status(&get_as(port, &host, "/")) == 200
    });
}

#[test]
fn serve_follows_a_content_folder_replaced_by_a_copy() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let (_server, port) = serve(&root, &tmp.path().join("out"), &log, &[]);
    wait_until_serving(port);
    let film = "/films/the-alpha-test-2001/";
    assert_eq!(http_get(port, film).0, 200);
    // `mv content content.old && cp -a content.old content`
    fs::rename(root.join("content"), root.join("content.old")).unwrap();
    let logged = |what: &str| fs::read_to_string(&log).unwrap().contains(what);
    eventually("the removal to be seen", || logged("content/ was removed"));
    copy_dir(&root.join("content.old"), &root.join("content"));
    eventually("the new folder to be watched", || {
        logged("content/ was replaced: watching the new folder")
    });
    eventually("a full rebuild", || logged("rebuilt in"));
    // An edit in the new folder reaches the preview.
    let index = root.join("content/films/the-alpha-test-2001/index.md");
    let text = fs::read_to_string(&index).unwrap();
    let renamed = text.replacen("title = \"", "title = \"Renamed ", 1);
    assert_ne!(text, renamed);
    fs::write(&index, renamed).unwrap();
    eventually("the edit to reach the preview", || {
        http_get(port, film).1.contains("Renamed ")
    });
}

#[test]
fn serve_publishes_what_build_publishes_from_static() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let (_server, port) = serve(&root, &tmp.path().join("out"), &log, &[]);
    wait_until_serving(port);
    fs::create_dir_all(root.join("static/.well-known")).unwrap();
    fs::write(
        root.join("static/.well-known/security.txt"),
        "Contact: mailto:a@example.org\n",
    )
    .unwrap();
    eventually("security.txt to be served", || {
        http_get(port, "/.well-known/security.txt").0 == 200
    });
    fs::write(root.join("static/data.tmp"), "scratch").unwrap();
    fs::write(root.join("static/CNAME"), "reviews.example.org\n").unwrap();
    eventually("CNAME to be served", || http_get(port, "/CNAME").0 == 200);
    assert_eq!(http_get(port, "/data.tmp").0, 404);
}

#[test]
fn build_publishes_the_dot_files_hosts_read_and_says_why_it_skips_the_others() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    let files = [
        (".well-known/security.txt", true),
        (".well-known/sub/id.txt", true),
        (".nojekyll", true),
        ("CNAME", true),
        ("data.tmp", false),
        ("style.css~", false),
        (".style.css.swp", false),
        (".style.css.swo", false),
        ("4913", false),
        (".kate-swp", false),
        (".#notes.txt", false),
        ("#notes.txt#", false),
        (".DS_Store", false),
        (".env", false),
        (".git/config", false),
        ("css/.htaccess", false),
    ];
    for (name, _) in files {
        let path = root.join("static").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, name).unwrap();
    }
    let done = build(&root, &out, &[]).success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    for (name, published) in files {
        assert_eq!(out.join(name).is_file(), published, "{name}");
    }
    // One warning per hidden file or folder, naming it; temporary files go without a word.
    for hidden in ["static/.env", "static/.git", "static/css/.htaccess"] {
        assert!(
            stderr.contains("W014") && stderr.contains(hidden),
            "{hidden}: {stderr}"
        );
    }
    assert_eq!(stderr.matches("warning[W014]").count(), 3, "{stderr}");
    for quiet in ["data.tmp", "swp", "4913", "DS_Store", ".#notes", "kate-swp"] {
        assert!(!stderr.contains(quiet), "{quiet}: {stderr}");
    }
    // The output's record has the published dot files: the next build knows them as its own.
    let marker = fs::read_to_string(out.join(".marquee-output")).unwrap();
    assert!(marker.contains(".well-known/security.txt\n") && marker.contains(".nojekyll\n"));
    fs::write(root.join("static/.well-known/security.txt"), "changed").unwrap();
    build(&root, &out, &[]).success();
    assert_eq!(
        fs::read_to_string(out.join(".well-known/security.txt")).unwrap(),
        "changed"
    );
    // A file of someone else's in it still stops the build.
    fs::write(out.join(".well-known/stray.txt"), "mine").unwrap();
    build(&root, &out, &[])
        .failure()
        .stderr(predicates::str::contains(".well-known/stray.txt"));
}

#[test]
fn serve_open_without_a_graphical_session_says_to_open_the_address_yourself() {
    let (tmp, root) = copy_site("site");
    let log = tmp.path().join("log");
    let (_server, port) = serve(&root, &tmp.path().join("out"), &log, &["--open"]);
    wait_until_serving(port);
    let mut stderr = String::new();
    for _ in 0..50 {
        stderr = fs::read_to_string(&log).unwrap();
        if stderr.contains("yourself") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        stderr.contains("no graphical session")
            && stderr.contains(&format!("open http://127.0.0.1:{port}/ yourself")),
        "{stderr}"
    );
}
