//! `marquee init` and `marquee new`: starter files that never overwrite anything.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{InitArgs, NewFilmArgs, NewReviewArgs, ThemeExportArgs};
use marquee::author::scaffold::{self, NewReview, ScaffoldError};
use marquee::content::model::Date;

fn finish(result: Result<Vec<PathBuf>, ScaffoldError>, root: &std::path::Path) -> ExitCode {
    match result {
        Ok(paths) => {
            for p in paths {
                println!("{}", root.join(p).display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Creates a starter site.
pub(crate) fn init(args: &InitArgs) -> ExitCode {
    let code = finish(scaffold::init(&args.dir), &args.dir);
    if code == ExitCode::SUCCESS {
        eprintln!(
            "created a site; preview it with: marquee serve --root {}",
            args.dir.display()
        );
    }
    code
}

/// Writes the built-in theme into a site; files that exist are left alone and named.
pub(crate) fn theme_export(args: &ThemeExportArgs) -> ExitCode {
    let (written, kept) = match scaffold::export_theme(&args.root, &args.names) {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for path in &written {
        println!("{}", args.root.join(path).display());
    }
    for path in &kept {
        eprintln!(
            "note: {} exists already and is left alone",
            args.root.join(path).display()
        );
    }
    eprintln!(
        "wrote {} file(s); edit them, and the site's own files replace the built-in ones by name",
        written.len()
    );
    ExitCode::SUCCESS
}

/// Creates a film's `index.md`.
pub(crate) fn film(args: &NewFilmArgs) -> ExitCode {
    let result = scaffold::new_film(
        &args.root,
        &args.title,
        args.year,
        args.slug.as_deref(),
        args.synopsis.as_deref(),
    );
    finish(result.map(|p| vec![p]), &args.root)
}

/// Creates a review file.
pub(crate) fn review(args: &NewReviewArgs) -> ExitCode {
    let date = match args.date.as_deref().map(parse_date) {
        Some(None) => {
            eprintln!(
                "error: `{}` is not a date; write it as YYYY-MM-DD",
                args.date.as_deref().unwrap_or_default()
            );
            return ExitCode::FAILURE;
        }
        Some(Some(d)) => Some(d),
        None => None,
    };
    let review = NewReview {
        critic: args.critic.clone(),
        publication: args.publication.clone(),
        score: args.score,
        rating: args.rating.clone(),
        verdict: args.verdict.clone(),
        date,
        url: args.url.clone(),
        excerpt: args.excerpt.clone(),
    };
    finish(
        scaffold::new_review(&args.root, &args.film, &review).map(|p| vec![p]),
        &args.root,
    )
}

/// A date as the command line takes it, YYYY-MM-DD.
fn parse_date(text: &str) -> Option<Date> {
    let date: jiff::civil::Date = text.trim().parse().ok()?;
    Date::new(
        u16::try_from(date.year()).ok()?,
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
}
