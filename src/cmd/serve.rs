//! `marquee serve`: build, then serve the output over HTTP on this machine.

use std::process::ExitCode;

use crate::cli::ServeArgs;
#[cfg(feature = "serve")]
use crate::cmd::report;
#[cfg(feature = "serve")]
use crate::serve::Event;
#[cfg(feature = "serve")]
use marquee::BuildError;
#[cfg(feature = "serve")]
use marquee::incremental::Rebuilt;

/// Builds the site with links pointing at the local server, serves it until interrupted,
/// and rebuilds it whenever a source changes, telling open tabs to reload.
#[cfg(feature = "serve")]
pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    use std::sync::Arc;

    use crate::serve::http::{Live, answer};
    use crate::serve::server::{Hosts, Limits, serve};
    use crate::serve::watch::Watching;
    use marquee::incremental::Session;

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
    crate::serve::preview::remove_on_exit(preview.clone(), &output, &args.root);
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
        crate::serve::rebuild_on_change(watcher, session, live.clone(), tell);
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

/// Says what the preview's rebuild loop did.
#[cfg(feature = "serve")]
fn tell(event: Event<'_>) {
    match event {
        Event::Replaced { folder, present } if present => {
            eprintln!("{folder}/ was replaced: watching the new folder");
        }
        Event::Replaced { folder, .. } => eprintln!("{folder}/ was removed"),
        Event::Missed(why) => eprintln!(
            "warning: the file watcher may have missed changes ({why}); rebuilding everything"
        ),
        Event::RebuildingAll => eprintln!("rebuilding everything"),
        Event::Rebuilt(Ok(Rebuilt::Full(report))) => {
            report::report(
                &report::without_notes(&report.warnings),
                report::WARNINGS_SHOWN,
            );
            eprintln!("rebuilt in {:.2}s", report.elapsed.as_secs_f64());
        }
        Event::Rebuilt(Ok(Rebuilt::Partial {
            films,
            written,
            elapsed,
        })) => {
            eprintln!(
                "updated {} ({}) in {:.0} ms",
                report::count(*films, "film"),
                report::count(*written, "file"),
                elapsed.as_secs_f64() * 1000.0
            );
        }
        Event::Rebuilt(Err(BuildError::Invalid(diagnostics))) => {
            report::report(diagnostics, report::WARNINGS_SHOWN);
        }
        Event::Rebuilt(Err(e)) => eprintln!("error: {e}"),
        Event::Warnings(warnings) => {
            report::report(&report::without_notes(warnings), report::WARNINGS_SHOWN);
        }
    }
}

/// Without the `serve` feature there is no server to run.
#[cfg(not(feature = "serve"))]
pub(crate) fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("error: this marquee was built without the `serve` feature");
    ExitCode::FAILURE
}
