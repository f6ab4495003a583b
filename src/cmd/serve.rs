//! `marquee serve`: build, then serve the output over HTTP on this machine.

use std::process::ExitCode;

#[cfg(feature = "serve")]
use crate::BuildError;
use crate::cli::ServeArgs;
#[cfg(feature = "serve")]
use crate::cmd::report;

/// Builds the site with links pointing at the local server, serves it until interrupted,
/// and rebuilds it whenever a source changes, telling open tabs to reload.
#[cfg(feature = "serve")]
pub fn run(args: &ServeArgs) -> ExitCode {
    use std::sync::Arc;

    use crate::serve::http::Live;
    use crate::serve::incremental::Session;
    use tiny_http::Server;

    let address = format!("{}:{}", args.interface, args.port);
    let url = format!("http://{address}/");
    // The port first: a busy one fails at once, before anything is built or written.
    let server = match Server::http(&address) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}");
            eprintln!("help: another program may be using the port; try --port 1112");
            return ExitCode::FAILURE;
        }
    };
    let (output, preview) = match &args.output {
        Some(output) => (output.clone(), None),
        None => match preview_dir() {
            Ok(dir) => (dir.path().join("site"), Some(dir)),
            Err(e) => {
                eprintln!("error: cannot make a preview folder: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let preview = Arc::new(std::sync::Mutex::new(preview));
    remove_on_exit(preview.clone(), &output, &args.root);
    let remove_preview = || drop(preview.lock().unwrap_or_else(|e| e.into_inner()).take());
    // Watching starts before the first build, so that no edit made during it is missed.
    let watcher = start_watching(&args.root);
    let session = match Session::start(&args.root, &output, Some(&url), !args.no_drafts) {
        Ok((session, report)) => {
            report::report(
                &report::without_notes(&report.warnings),
                report::WARNINGS_SHOWN,
            );
            eprintln!(
                "built {} films, {} reviews in {:.2}s",
                report.films,
                report.reviews,
                report.elapsed.as_secs_f64()
            );
            session
        }
        Err(BuildError::Invalid(diagnostics)) => {
            report::report(&diagnostics, report::WARNINGS_SHOWN);
            remove_preview();
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            remove_preview();
            return ExitCode::FAILURE;
        }
    };
    let root = match output.canonicalize() {
        Ok(root) => Arc::new(root),
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", output.display());
            remove_preview();
            return ExitCode::FAILURE;
        }
    };
    let live = Arc::new(Live::default());
    if let Some(watcher) = watcher {
        watch(watcher, session, live.clone());
    }
    println!(
        "serving {} at {url} (press Ctrl-C to stop)",
        output.display()
    );
    if args.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
    for request in server.incoming_requests() {
        let (root, live) = (root.clone(), live.clone());
        std::thread::spawn(move || respond(request, &root, &live));
    }
    remove_preview();
    ExitCode::SUCCESS
}

/// Answers one request: the event stream, a file (HTML with the reload script), a redirect,
/// the 404 page or a 400.
#[cfg(feature = "serve")]
fn respond(request: tiny_http::Request, root: &std::path::Path, live: &crate::serve::http::Live) {
    use crate::serve::http::{EVENTS_PATH, Resolved, content_type, inject_reload, resolve};
    use tiny_http::{Header, Response, StatusCode};

    if request.url() == EVENTS_PATH {
        live.stream(request.into_writer());
        return;
    }
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
    };
    let page = |file: &std::path::Path, bytes: Vec<u8>| {
        if content_type(file).starts_with("text/html") {
            inject_reload(&bytes)
        } else {
            bytes
        }
    };
    let response = match resolve(root, request.url()) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => Response::from_data(page(&file, bytes))
                .with_header(header("Content-Type", content_type(&file))),
            Err(_) => {
                Response::from_string("cannot read the file").with_status_code(StatusCode(500))
            }
        },
        Resolved::Redirect(to) => Response::from_string("")
            .with_status_code(StatusCode(301))
            .with_header(header("Location", &to)),
        Resolved::NotFound => {
            let file = root.join("404.html");
            Response::from_data(page(&file, std::fs::read(&file).unwrap_or_default()))
                .with_status_code(StatusCode(404))
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        }
        Resolved::BadRequest => {
            Response::from_string("bad request").with_status_code(StatusCode(400))
        }
    };
    let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
}

/// True when a changed path can affect the site: anything under `content/`, `templates/` or
/// `static/` except editors' temporary files, and `config.toml`.
#[cfg(feature = "serve")]
fn relevant(root: &std::path::Path, path: &std::path::Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    match top.as_str() {
        "config.toml" => rel.components().count() == 1,
        "content" | "templates" | "static" => !temporary,
        _ => false,
    }
}

/// A watcher on the site's sources and where its events arrive.
#[cfg(feature = "serve")]
struct Watching {
    root: std::path::PathBuf,
    watcher: notify::RecommendedWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
}

/// Starts watching the site's sources, before anything is built from them. Setting up the
/// watches on a large site can overflow the watcher's own queue (every folder it opens is an
/// event); whatever arrived by the time the watches are set up is discarded, as the build
/// that follows reads everything anyway.
#[cfg(feature = "serve")]
fn start_watching(site: &std::path::Path) -> Option<Watching> {
    use notify::{RecursiveMode, Watcher};
    use std::time::Duration;

    let root = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    let (tx, events) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch the sources ({e}); rebuild by restarting serve");
            return None;
        }
    };
    let mut watched = watcher.watch(&root, RecursiveMode::NonRecursive).is_ok();
    for dir in ["content", "templates", "static"] {
        let dir = root.join(dir);
        if dir.is_dir()
            && let Err(e) = watcher.watch(&dir, RecursiveMode::Recursive)
        {
            eprintln!(
                "warning: cannot watch {} ({e}); changes there need a restart",
                dir.display()
            );
            watched = false;
        }
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while events.recv_timeout(Duration::from_millis(50)).is_ok()
        && std::time::Instant::now() < deadline
    {}
    if watched {
        eprintln!("watching content/, templates/, static/ and config.toml for changes");
    }
    Some(Watching {
        root,
        watcher,
        events,
    })
}

/// Watches the site's sources in the background; after each burst of changes (quiet for
/// 10 ms, so editors' save-by-rename is one change) it rebuilds (incrementally when the
/// changes are inside films' folders) and tells the open tabs. The last good site stays
/// served while a rebuild fails.
#[cfg(feature = "serve")]
fn watch(
    watching: Watching,
    mut session: crate::serve::incremental::Session,
    live: std::sync::Arc<crate::serve::http::Live>,
) {
    use crate::serve::incremental::Rebuilt;
    use std::time::Duration;

    let Watching {
        root,
        watcher,
        events: rx,
    } = watching;
    std::thread::spawn(move || {
        let _watcher = watcher;
        let mut missed: Option<String> = None;
        while let Ok(event) = rx.recv() {
            let mut changed = edits(&root, event, &mut missed);
            if changed.is_empty() {
                continue;
            }
            while let Ok(event) = rx.recv_timeout(Duration::from_millis(10)) {
                changed.extend(edits(&root, event, &mut missed));
            }
            changed.sort();
            changed.dedup();
            let result = match missed.take() {
                Some(why) => {
                    eprintln!(
                        "warning: the file watcher may have missed changes ({why}); rebuilding everything"
                    );
                    session.rebuild_everything()
                }
                None => session.rebuild(&changed),
            };
            match result {
                Ok(Rebuilt::Full(report)) => {
                    report::report(
                        &report::without_notes(&report.warnings),
                        report::WARNINGS_SHOWN,
                    );
                    eprintln!("rebuilt in {:.2}s", report.elapsed.as_secs_f64());
                    live.publish(None);
                }
                Ok(Rebuilt::Partial {
                    films,
                    written,
                    warnings,
                    elapsed,
                }) => {
                    report::report(&report::without_notes(&warnings), report::WARNINGS_SHOWN);
                    eprintln!(
                        "updated {films} film{} ({written} file{}) in {:.0} ms",
                        if films == 1 { "" } else { "s" },
                        if written == 1 { "" } else { "s" },
                        elapsed.as_secs_f64() * 1000.0
                    );
                    live.publish(None);
                }
                Err(BuildError::Invalid(diagnostics)) => {
                    report::report(&diagnostics, report::WARNINGS_SHOWN);
                    let text: Vec<String> = diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(|d| d.render(false))
                        .collect();
                    live.publish(Some(text.join("\n\n")));
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    live.publish(Some(e.to_string()));
                }
            }
        }
    });
}

/// The edited paths of a watcher event that can affect the site; reads (the build's own)
/// and metadata changes are not edits. A watcher error or an overflowed event queue means
/// edits may have been missed: `missed` says why, and the site root stands for "anything",
/// so that everything is read again.
#[cfg(feature = "serve")]
fn edits(
    root: &std::path::Path,
    event: notify::Result<notify::Event>,
    missed: &mut Option<String>,
) -> Vec<std::path::PathBuf> {
    use notify::EventKind::{Create, Modify, Remove};
    use notify::event::ModifyKind::Metadata;
    match event {
        Err(e) => {
            *missed = Some(e.to_string());
            vec![root.to_path_buf()]
        }
        Ok(e) if e.need_rescan() => {
            *missed = Some("too many changes at once".into());
            vec![root.to_path_buf()]
        }
        Ok(e)
            if matches!(e.kind, Create(_) | Modify(_) | Remove(_))
                && !matches!(e.kind, Modify(Metadata(_))) =>
        {
            e.paths.into_iter().filter(|p| relevant(root, p)).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(all(test, feature = "serve"))]
mod tests {
    use super::*;
    use notify::event::{Event, EventKind, Flag, ModifyKind};

    #[test]
    fn a_watcher_error_or_overflow_is_never_nothing_changed() {
        let root = std::path::Path::new("/site");
        let mut missed = None;
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(edits(root, Ok(overflow), &mut missed), [root]);
        assert_eq!(missed.take().as_deref(), Some("too many changes at once"));
        let error = notify::Error::generic("inotify queue overflow");
        assert_eq!(edits(root, Err(error), &mut missed), [root]);
        assert!(missed.take().unwrap().contains("overflow"));
        let edit = Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(root.join("content/films/a/index.md"));
        assert_eq!(edits(root, Ok(edit), &mut missed).len(), 1);
        assert_eq!(missed, None);
        let read = Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(root.join("content/films/a/index.md"));
        assert!(edits(root, Ok(read), &mut missed).is_empty());
    }
}

/// Without the `serve` feature there is no server to run.
#[cfg(not(feature = "serve"))]
pub fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("error: this marquee was built without the `serve` feature");
    ExitCode::FAILURE
}

/// Where a preview is built when no --output is given, so that the site's own `public/` is
/// never touched: a folder of this process alone in the system's temporary directory, made
/// new under a random name (readable by its owner only, never a path that existed before,
/// so no other site's preview and no planted link can be there), removed when serve ends.
#[cfg(feature = "serve")]
fn preview_dir() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("marquee-preview-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder.tempdir()
}

/// Removes the preview folder when serve is stopped (Ctrl-C, SIGTERM, a closed terminal),
/// after any write in progress has finished; a preview of a large site is gigabytes.
#[cfg(feature = "serve")]
fn remove_on_exit(
    preview: std::sync::Arc<std::sync::Mutex<Option<tempfile::TempDir>>>,
    output: &std::path::Path,
    root: &std::path::Path,
) {
    let (output, root) = (output.to_path_buf(), root.to_path_buf());
    let handler = move || {
        let mut preview = preview.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = preview.take() {
            let _lock = crate::output::lock(&output, &root, crate::output::Wait::Block(&|_| {}));
            eprintln!("removing the preview in {}", dir.path().display());
            if let Err(e) = dir.close() {
                eprintln!("warning: cannot remove the whole preview folder: {e}");
            }
        }
        std::process::exit(0);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the preview folder stays after serve ends");
    }
}
