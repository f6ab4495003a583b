//! What a published site needs besides films: free-form pages, the page on how scores work,
//! drafts kept out of builds, aliases that keep old addresses working, and a theme that can
//! be exported and built from unchanged.

use crate::common::*;
use std::fs;
use std::path::Path;

mod addresses;
mod hosts;
mod pages;
mod theme;

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
