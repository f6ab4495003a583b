//! `marquee build`: the whole pipeline, written atomically.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::BuildError;
use crate::cli::BuildArgs;
use crate::cmd::report;
use crate::output::Wait;
use crate::progress::Progress;

/// Builds the site and prints a one-line summary, or every problem found. On a terminal (and
/// without `--quiet`) a progress line shows what the build is doing meanwhile.
pub fn run(args: &BuildArgs) -> ExitCode {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::default_output(&args.root));
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
        let result = crate::build_with(
            &args.root,
            &output,
            crate::Options {
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
            if !report.damaged.is_empty() {
                let names: Vec<String> = report
                    .damaged
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                eprintln!(
                    "warning: the images of {} kept in {}/ were damaged (cut short or \
                     overwritten) and were made again from their sources: {}",
                    report::count(names.len(), "poster"),
                    crate::posters::CACHE_DIR,
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
                    size(report.bytes),
                    report.elapsed.as_secs_f64()
                );
            } else if !args.quiet {
                let (files, encoded) = report.posters;
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
                    size(report.bytes),
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

/// A size as people read it: "976 KB", "1.2 MB", "0.96 GB" (decimal units, as hosts state
/// their limits).
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000_000 => format!("{} KB", b.div_ceil(1000)),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.2} GB", b as f64 / 1e9),
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
