//! `marquee check`: validate everything, write nothing.

use std::process::ExitCode;

use crate::BuildError;
use crate::cli::{CheckArgs, Format};
use crate::cmd::report;

/// Loads the whole site and reports every problem; exit status 1 on any error.
pub fn run(args: &CheckArgs) -> ExitCode {
    if let Some(code) = &args.explain {
        if code.is_empty() {
            print!("{}", crate::diagnostic::explain::list());
            return ExitCode::SUCCESS;
        }
        return match crate::diagnostic::explain::explain(code) {
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
    let (diagnostics, summary) = match crate::load(&args.root, None, args.strict) {
        Ok(loaded) => {
            let reviews: usize = loaded.site.films.iter().map(|f| f.film.reviews.len()).sum();
            (
                loaded.warnings,
                Some(format!(
                    "checked {} films and {reviews} reviews: no errors",
                    loaded.site.films.len()
                )),
            )
        }
        Err(BuildError::Invalid(diagnostics)) => (diagnostics, None),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diagnostics).unwrap_or_default()
        ),
        Format::Human => {
            report::report(&diagnostics, usize::MAX);
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
