//! The local preview server: maps request paths to files of a built site, and keeps open
//! browser tabs in step with the sources (live reload, error overlay).
//!
//! Only files inside the output folder are ever served: `..` segments (raw or
//! percent-encoded), NUL bytes and symbolic links that lead outside are refused, and unknown
//! paths get the site's own 404 page.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::server::{Answer, Request, Response};

/// The path of the server-sent-events stream the injected script listens to.
pub(crate) const EVENTS_PATH: &str = "/__marquee/events";

/// The script injected into every served HTML page (serve mode only, never in `build`): it
/// reloads the page after a successful rebuild and shows build errors as an overlay.
pub(crate) const RELOAD_SCRIPT: &str = r#"<script>(()=>{let seen=null;const es=new EventSource("/__marquee/events");es.addEventListener("status",e=>{const s=JSON.parse(e.data);if(seen!==null&&s.generation!==seen&&!s.error){location.reload();return}seen=s.generation;let o=document.getElementById("__marquee_overlay");if(s.error){if(!o){o=document.createElement("pre");o.id="__marquee_overlay";o.setAttribute("role","alert");o.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#3a0d0d;color:#fff;font:13px/1.45 monospace;white-space:pre-wrap;z-index:2147483647";document.body.appendChild(o)}o.textContent="Marquee could not rebuild the site; the last good version is shown.\n\n"+s.error}else if(o){o.remove()}})})();</script>"#;

/// Inserts [`RELOAD_SCRIPT`] before `</body>` (or at the end when there is none).
pub(crate) fn inject_reload(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// What the browser tabs are told: which build is current and whether the last rebuild failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Status {
    /// Increases with every rebuild, good or bad.
    pub generation: u64,
    /// The last rebuild's errors, as text; `None` when it succeeded.
    pub error: Option<String>,
}

/// The status shared between the rebuilding thread and the event streams.
#[derive(Debug, Default)]
pub(crate) struct Live {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Live {
    /// Records the outcome of a rebuild and wakes every event stream.
    pub(crate) fn publish(&self, error: Option<String>) {
        let mut status = self.status.lock().unwrap_or_else(|p| p.into_inner());
        status.generation += 1;
        status.error = error;
        self.changed.notify_all();
    }

    /// The current status.
    pub(crate) fn current(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes.
    pub(crate) fn wait_newer(&self, seen: u64, timeout: Duration) -> Status {
        let status = self.status.lock().unwrap_or_else(|p| p.into_inner());
        let (status, _) = self
            .changed
            .wait_timeout_while(status, timeout, |s| s.generation == seen)
            .unwrap_or_else(|p| p.into_inner());
        status.clone()
    }

    /// Streams status events to one browser tab until it goes away: the current status at
    /// once, then every change, with a keep-alive comment every 15 seconds.
    pub(crate) fn stream(&self, mut out: impl Write) {
        let mut message = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
        );
        let mut status = self.current();
        loop {
            message += &format!(
                "event: status\ndata: {}\n\n",
                serde_json::to_string(&status).unwrap_or_default()
            );
            loop {
                if out
                    .write_all(message.as_bytes())
                    .and_then(|()| out.flush())
                    .is_err()
                {
                    return;
                }
                let next = self.wait_newer(status.generation, Duration::from_secs(15));
                if next.generation != status.generation {
                    status = next;
                    message.clear();
                    break;
                }
                message = ": keep-alive\n\n".into();
            }
        }
    }
}

/// The answer to one request of the preview: the event stream, a file (HTML with the
/// reload script), a redirect, the site's 404 page or a 400. `root` is the output folder
/// (canonical).
pub(crate) fn answer(root: &Path, live: &Arc<Live>, request: &Request) -> Answer {
    if request.target == EVENTS_PATH {
        let live = live.clone();
        return Answer::Take(Box::new(move |stream| live.stream(stream)));
    }
    let page = |file: &Path, bytes: Vec<u8>| {
        if content_type(file).starts_with("text/html") {
            inject_reload(&bytes)
        } else {
            bytes
        }
    };
    let typed = |status: u16, kind: &str, body: Vec<u8>| Response {
        status,
        headers: vec![("Content-Type", kind.to_string())],
        body,
    };
    let mut response = match resolve(root, &request.target) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => typed(200, &content_type(&file), page(&file, bytes)),
            Err(_) => Response::text(500, "cannot read the file"),
        },
        Resolved::Redirect(to) => Response {
            status: 301,
            headers: vec![("Location", to)],
            body: Vec::new(),
        },
        Resolved::NotFound => {
            let file = root.join("404.html");
            let body = page(&file, std::fs::read(&file).unwrap_or_default());
            typed(404, "text/html; charset=utf-8", body)
        }
        Resolved::BadRequest => Response::text(400, "bad request"),
    };
    response.headers.push(("Cache-Control", "no-store".into()));
    Answer::Respond(response)
}

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Serve this file.
    File(PathBuf),
    /// A folder requested without its trailing slash: redirect so relative links work.
    Redirect(String),
    /// Nothing there: serve the 404 page.
    NotFound,
    /// A path that tries to leave the site or cannot be decoded.
    BadRequest,
}

/// Resolves the path part of a request URL against the output folder `root` (canonical).
pub(crate) fn resolve(root: &Path, url: &str) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    if !decoded.starts_with('/') || decoded.contains(['\0', '\\']) {
        return Resolved::BadRequest;
    }
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." {
            return Resolved::BadRequest;
        }
        file.push(segment);
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            // Built from the segments, never the raw path: `//films` must not become
            // `Location: //films/`, which a browser reads as another host.
            let segments: Vec<&str> = path
                .split('/')
                .filter(|s| !s.is_empty() && percent_decode(s).as_deref() != Some("."))
                .collect();
            return Resolved::Redirect(format!("/{}/", segments.join("/")));
        }
        file.push("index.html");
    }
    match file.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        Ok(real) if !real.starts_with(root) => Resolved::BadRequest,
        _ => Resolved::NotFound,
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape (a `%` without two hex digits after
/// it) or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// The Content-Type of a file, by its extension; text in UTF-8, as Marquee writes it.
pub(crate) fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.essence_str() {
        // The registry's name for JavaScript, `application/javascript`, is obsolete.
        "application/javascript" => "text/javascript; charset=utf-8".to_string(),
        essence if mime.type_() == mime_guess::mime::TEXT => format!("{essence}; charset=utf-8"),
        essence => essence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        fs::create_dir_all(root.join("films/pusher-1996")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("films/pusher-1996/index.html"), "film").unwrap();
        fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (tmp, root)
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let (_tmp, root) = site();
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/films/pusher-1996/?x=1"),
            Resolved::File(root.join("films/pusher-1996/index.html"))
        );
        assert_eq!(
            resolve(&root, "/films/pusher-1996"),
            Resolved::Redirect("/films/pusher-1996/".into())
        );
        assert_eq!(resolve(&root, "/films/nope/"), Resolved::NotFound);
        for sneaky in [
            "//films",
            "///films",
            "/.//films",
            "//films/.",
            "/%2e//films",
        ] {
            assert_eq!(
                resolve(&root, sneaky),
                Resolved::Redirect("/films/".into()),
                "{sneaky}"
            );
        }
    }

    #[test]
    fn refuses_to_leave_the_output_folder() {
        let (_tmp, root) = site();
        for attack in [
            "/../secret.txt",
            "/films/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "/%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(resolve(&root, attack), Resolved::BadRequest, "{attack}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(_tmp.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Resolved::BadRequest);
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_body_closes() {
        let html = inject_reload(b"<html><body><p>x</p></BODY></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.starts_with("<html><body><p>x</p><script>"));
        assert!(text.ends_with("</script></BODY></html>"));
        assert!(
            String::from_utf8(inject_reload(b"plain"))
                .unwrap()
                .starts_with("plain<script>")
        );
    }

    #[test]
    fn waiters_see_every_rebuild() {
        let live = std::sync::Arc::new(Live::default());
        assert_eq!(live.current(), Status::default());
        let waiter = {
            let live = live.clone();
            std::thread::spawn(move || live.wait_newer(0, Duration::from_secs(10)))
        };
        std::thread::sleep(Duration::from_millis(50));
        live.publish(Some("error[E010]: score 101 is out of range".into()));
        let seen = waiter.join().unwrap();
        assert_eq!(seen.generation, 1);
        assert!(seen.error.unwrap().contains("E010"));
        assert_eq!(
            live.wait_newer(1, Duration::from_millis(10)).generation,
            1,
            "times out without change"
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("api/films.json")),
            "application/json"
        );
        for (file, expected) in [
            ("search.0123.js", "text/javascript; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("poster-384.abc.webp", "image/webp"),
            ("poster-384.abc.avif", "image/avif"),
            ("poster-384.abc.jpg", "image/jpeg"),
            ("font.woff2", "font/woff2"),
            ("_redirects", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
        assert!(content_type(Path::new("feed.xml")).contains("xml"));
    }
}
