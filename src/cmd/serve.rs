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

    use crate::serve::http::{Live, answer};
    use crate::serve::incremental::Session;
    use crate::serve::server::{Hosts, Limits, serve};
    use crate::serve::watch::Watching;

    let interface = args.interface.trim_start_matches('[').trim_end_matches(']');
    let address_at = |port: u16| {
        if interface.contains(':') {
            format!("[{interface}]:{port}")
        } else {
            format!("{interface}:{port}")
        }
    };
    let address = address_at(args.port);
    // The port first: a busy one fails at once, before anything is built or written.
    let (listener, bound) = match std::net::TcpListener::bind((interface, args.port))
        .and_then(|l| l.local_addr().map(|bound| (l, bound)))
    {
        Ok(listening) => listening,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}");
            eprintln!("help: another program may be using the port; try --port 1112");
            return ExitCode::FAILURE;
        }
    };
    // The port bound: `--port 0` asks the system for a free one, said in the address.
    let url = format!("http://{}/", address_at(bound.port()));
    println!("listening at {url}; building the preview");
    if bound.ip().is_unspecified() {
        eprintln!(
            "warning: listening on every network interface: anyone who can reach this machine can read the preview{}",
            if args.no_drafts {
                ""
            } else {
                ", drafts included (--no-drafts leaves them out)"
            }
        );
    }
    let hosts = Hosts::for_address(interface, bound);
    let (output, preview) = match &args.output {
        Some(output) => (output.clone(), None),
        None => match crate::serve::preview::make() {
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
    let watcher = Watching::start(&args.root);
    let session = match Session::start(&args.root, &output, Some(&url), !args.no_drafts) {
        Ok((session, report)) => {
            report::report(
                &report::without_notes(&report.warnings),
                report::WARNINGS_SHOWN,
            );
            eprintln!(
                "built {}, {} in {:.2}s",
                report::count(report.films, "film"),
                report::count(report.reviews, "review"),
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
        Ok(root) => root,
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
    if args.open {
        open_browser(&url);
    }
    serve(listener, hosts, Limits::default(), move |request| {
        answer(&root, &live, request)
    });
    remove_preview();
    ExitCode::SUCCESS
}

/// Asks the system to open `url` in a browser, and says what happened: where no browser can
/// be shown (no graphical session), or the system refuses, it says so instead of nothing.
#[cfg(feature = "serve")]
fn open_browser(url: &str) {
    // On Linux and the BSDs a browser needs a graphical session; without one the system's
    // opener fails silently, after this command has moved on.
    let headless = cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
        && std::env::var_os("BROWSER").is_none();
    if headless {
        eprintln!(
            "warning: --open: no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set), so no browser can open; open {url} yourself"
        );
        return;
    }
    match opener::open_browser(url) {
        Ok(()) => eprintln!("asked the system's browser to open {url}"),
        Err(e) => eprintln!("warning: --open: cannot open a browser ({e}); open {url} yourself"),
    }
}

/// Watches the site's sources in the background; after each burst of changes it rebuilds
/// (incrementally when the changes are inside films' folders, in full when a source folder
/// was replaced or changes may have been missed) and tells the open tabs. The last good site
/// stays served while a rebuild fails.
#[cfg(feature = "serve")]
fn watch(
    mut watching: crate::serve::watch::Watching,
    mut session: crate::serve::incremental::Session,
    live: std::sync::Arc<crate::serve::http::Live>,
) {
    use crate::serve::incremental::Rebuilt;

    std::thread::spawn(move || {
        while let Some(burst) = watching.next_burst() {
            for folder in &burst.replaced {
                if watching.root().join(folder).is_dir() {
                    eprintln!("{folder}/ was replaced: watching the new folder");
                } else {
                    eprintln!("{folder}/ was removed");
                }
            }
            let result = match (&burst.missed, burst.replaced.is_empty()) {
                (Some(why), _) => {
                    eprintln!(
                        "warning: the file watcher may have missed changes ({why}); rebuilding everything"
                    );
                    session.rebuild_everything()
                }
                (None, false) => {
                    eprintln!("rebuilding everything");
                    session.rebuild_everything()
                }
                (None, true) => session.rebuild(&burst.changed),
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

/// Without the `serve` feature there is no server to run.
#[cfg(not(feature = "serve"))]
pub fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("error: this marquee was built without the `serve` feature");
    ExitCode::FAILURE
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
            // After any write in progress; the removal itself goes on in the background.
            let _lock = crate::output::lock(&output, &root, crate::output::Wait::Block(&|_| {}));
            eprintln!("removing the preview in {}", dir.path().display());
            crate::serve::preview::discard(dir);
        }
        std::process::exit(0);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the preview folder stays after serve ends");
    }
}
