//! `marquee check`: validate everything, write nothing.

use std::process::ExitCode;

use crate::cli::{CheckArgs, Format};
use crate::cmd::report;
use marquee::BuildError;

/// Loads the whole site and reports every problem; exit status 1 on any error.
pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        if code.is_empty() {
            print!("{}", marquee::diagnostic::explain::list());
            return ExitCode::SUCCESS;
        }
        return match marquee::diagnostic::explain::explain(code) {
            Some(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "error: no diagnostic has the code `{code}`; `marquee check --explain` lists them all"
                );
                ExitCode::FAILURE
            }
        };
    }
    let options = marquee::Options {
        base_url: args.base_url.as_deref(),
        strict: args.strict,
        drafts: args.drafts,
        force: false,
        clean: false,
    };
    let (diagnostics, summary) = match marquee::load(&args.root, options, None) {
        Ok(mut loaded) => {
            let mut failed = marquee::render::trial(&loaded.site, &loaded.theme);
            if !failed.is_empty() {
                loaded.warnings.append(&mut failed);
                marquee::diagnostic::sort(&mut loaded.warnings);
                return finish(args, &loaded.warnings, None);
            }
            let mut unwritten = not_written(args, &loaded);
            if !unwritten.is_empty() {
                loaded.warnings.append(&mut unwritten);
                marquee::diagnostic::sort(&mut loaded.warnings);
                return finish(args, &loaded.warnings, None);
            }
            let reviews: usize = loaded.site.films.iter().map(|f| f.film.reviews.len()).sum();
            let mut summary = format!(
                "checked {} and {}: no errors",
                report::count(loaded.site.films.len(), "film"),
                report::count(reviews, "review")
            );
            if args.links {
                let addresses = crate::links::addresses(&loaded.site);
                if args.format == Format::Human {
                    eprintln!(
                        "asking {} over the network, {} at a time...",
                        report::count(addresses.len(), "link"),
                        crate::links::CONCURRENCY
                    );
                }
                let timeout = std::time::Duration::from_secs(args.link_timeout.max(1));
                let mut dead = crate::links::check(&args.root, &addresses, timeout);
                summary.push_str(&format!(
                    "; {} asked, {} dead",
                    report::count(addresses.len(), "link"),
                    dead.len()
                ));
                let failed = args.strict && !dead.is_empty();
                if failed {
                    marquee::diagnostic::strict(&mut dead);
                }
                loaded.warnings.append(&mut dead);
                if failed {
                    return finish(args, &loaded.warnings, None);
                }
            }
            (loaded.warnings, Some(summary))
        }
        Err(BuildError::Invalid(diagnostics)) => (diagnostics, None),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    finish(args, &diagnostics, summary)
}

/// An error for everything in the output folder that Marquee did not write, which the next
/// build would stop at (see [`marquee::output::unknown`]).
fn not_written(args: &CheckArgs, loaded: &marquee::Loaded) -> Vec<marquee::diagnostic::Diagnostic> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| marquee::default_output(&args.root));
    if let Err(e) = marquee::output::may_replace(&output, &args.root) {
        return vec![
            marquee::diagnostic::Diagnostic::error(
                marquee::diagnostic::Code::E033,
                &output,
                format!("`build` would refuse this output folder: {e}"),
            )
            .help("choose another folder with --output, or see `marquee check --explain E033`"),
        ];
    }
    if !marquee::output::is_marked(&output) {
        return Vec::new();
    }
    let planned = marquee::render::files(&loaded.site, &loaded.theme);
    marquee::output::unknown(&output, planned.iter().map(String::as_str))
        .into_iter()
        .map(|file| {
            let kind = if file.ends_with('/') {
                "folder"
            } else {
                "file"
            };
            let at = output.join(&file);
            marquee::diagnostic::Diagnostic::error(
                marquee::diagnostic::Code::E032,
                &at,
                format!(
                    "the {kind} `{file}` in the output was not written by Marquee; the next \
                     build stops rather than delete it"
                ),
            )
            .help(advice(&file))
        })
        .collect()
}

/// What to do with `file`, a file in the output Marquee did not write: an editor's
/// temporary file or a hidden one would not be published from `static/` either.
fn advice(file: &str) -> String {
    let name = file
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(file);
    match marquee::ignore::skip(name, marquee::ignore::Place::Elsewhere) {
        Some(marquee::ignore::Skip::Temporary) => {
            "an editor's temporary file: delete it (`build --clean` does)".to_string()
        }
        Some(marquee::ignore::Skip::Hidden) if !file.starts_with(".well-known/") && name != ".nojekyll" => {
            "a hidden file, which Marquee does not publish from static/ either: delete it (`build --clean` does), or keep it elsewhere".to_string()
        }
        _ => format!(
            "to publish it, move it into the site's static folder (`static/{file}`), which is \
             copied into the output; to keep it, move it elsewhere; `build --clean` deletes it"
        ),
    }
}

/// Prints what was found in the asked format; exit status 1 unless there is a summary (no
/// errors).
fn finish(
    args: &CheckArgs,
    diagnostics: &[marquee::diagnostic::Diagnostic],
    summary: Option<String>,
) -> ExitCode {
    let quiet;
    let diagnostics = if args.quiet_notes {
        quiet = report::without_notes(diagnostics);
        &quiet[..]
    } else {
        diagnostics
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diagnostics).unwrap_or_default()
        ),
        Format::Human => {
            report::report(diagnostics, usize::MAX);
            if let Some(summary) = &summary {
                println!("{summary}");
            }
        }
    }
    if summary.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
