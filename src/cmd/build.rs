//! `marquee build`: the whole pipeline, written atomically.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::cli::BuildArgs;
use crate::cmd::report;
use marquee::BuildError;
use marquee::output::Wait;
use marquee::progress::Progress;

/// Builds the site and prints a one-line summary, or every problem found. On a terminal (and
/// without `--quiet`) a progress line shows what the build is doing meanwhile.
pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| marquee::default_output(&args.root));
    let progress = Progress::default();
    let show = !args.quiet && std::io::stderr().is_terminal();
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if show {
            // The first line at once, however short the build.
            eprint!("{}", progress.line());
            scope.spawn(|| draw(&progress, &done));
        }
        let notice = |lock: &std::path::Path| {
            if show {
                eprint!("\r\x1b[2K");
            }
            eprintln!(
                "waiting for another build of {} to finish (it holds {}); \
                 --no-wait fails at once instead",
                output.display(),
                lock.display()
            );
        };
        let wait = if args.no_wait {
            Wait::Fail
        } else {
            Wait::Block(&notice)
        };
        let result = marquee::build_with(
            &args.root,
            &output,
            marquee::Options {
                base_url: args.base_url.as_deref(),
                strict: args.strict,
                drafts: args.drafts,
                force: args.force,
                clean: args.clean,
            },
            Some(&progress),
            wait,
        );
        done.store(true, Ordering::Relaxed);
        result
    });
    match result {
        Ok(report) => {
            report::report(
                &report::without_notes(&report.warnings),
                report::WARNINGS_SHOWN,
            );
            if !report.posters.damaged.is_empty() {
                let names: Vec<String> = report
                    .posters
                    .damaged
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                eprintln!(
                    "warning: the images of {} kept in {}/ were damaged (cut short or \
                     overwritten) and were made again from their sources: {}",
                    report::count(names.len(), "poster"),
                    marquee::posters::CACHE_DIR,
                    names.join(", ")
                );
            }
            if !args.quiet && report.up_to_date {
                println!(
                    "nothing changed since the last build: {} is up to date ({}, {}, {}, {}, \
                     {}), checked in {:.2}s; --force builds it again",
                    output.display(),
                    report::count(report.films, "film"),
                    report::count(report.reviews, "review"),
                    report::count(report.pages, "page"),
                    report::count(report.files, "file"),
                    marquee::quantity::size(report.bytes, marquee::quantity::Unit::Decimal),
                    report.elapsed.as_secs_f64()
                );
            } else if !args.quiet {
                let (files, encoded) = (report.posters.files, report.posters.encoded);
                let posters = if files > 0 {
                    format!(
                        "; poster images: {encoded} encoded, {} from the cache",
                        files - encoded
                    )
                } else {
                    String::new()
                };
                println!(
                    "built {}, {}, {} ({}, {}) into {} in {:.2}s{posters}",
                    report::count(report.films, "film"),
                    report::count(report.reviews, "review"),
                    report::count(report.pages, "page"),
                    report::count(report.files, "file"),
                    marquee::quantity::size(report.bytes, marquee::quantity::Unit::Decimal),
                    output.display(),
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diagnostics)) => {
            // Notes are for `check`; a failed build shows what stopped it.
            report::report(&report::without_notes(&diagnostics), report::WARNINGS_SHOWN);
            eprintln!("{}", unchanged(&output));
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{}", unchanged(&output));
            ExitCode::FAILURE
        }
    }
}

/// What a failed build left: always nothing, and the previous output where there is one.
fn unchanged(output: &std::path::Path) -> String {
    if output.exists() {
        format!("nothing was written; {} is unchanged", output.display())
    } else {
        "nothing was written".to_string()
    }
}

/// Keeps one line of stderr up to date with the build's progress until `done`, then clears
/// it, so the summary line that follows stands alone.
fn draw(progress: &Progress, done: &AtomicBool) {
    let mut err = std::io::stderr();
    let mut last = Instant::now();
    while !done.load(Ordering::Relaxed) {
        if last.elapsed() >= Duration::from_millis(100) {
            let _ = write!(err, "\r\x1b[2K{}", progress.line());
            let _ = err.flush();
            last = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = write!(err, "\r\x1b[2K");
    let _ = err.flush();
}
