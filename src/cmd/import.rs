//! `marquee import csv`: reviews from a CSV file into content files.

use std::process::ExitCode;

use crate::cli::ImportCsvArgs;
use crate::import::{self, CsvMapping};

/// Checks the whole CSV, then writes the files, printing each path; writes nothing when any
/// row has a problem.
pub fn run_csv(args: &ImportCsvArgs) -> ExitCode {
    let file = match std::fs::File::open(&args.file) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", args.file.display());
            return ExitCode::FAILURE;
        }
    };
    let mapping = CsvMapping {
        film: args.film_column.clone(),
        year: args.year_column.clone(),
        critic: args.critic_column.clone(),
        publication: args.publication_column.clone(),
        verdict: args.verdict_column.clone(),
        score: args.score_column.clone(),
        date: args.date_column.clone(),
        excerpt: args.excerpt_column.clone(),
        url: args.url_column.clone(),
    };
    let plan = match import::plan(&args.root, std::io::BufReader::new(file), &mapping) {
        Ok(plan) => plan,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {}: {e}", args.file.display());
            }
            eprintln!("{} problem(s) found; nothing was written", errors.len());
            return ExitCode::FAILURE;
        }
    };
    match import::write(&args.root, &plan) {
        Ok(written) => {
            for path in &written {
                println!("{}", path.display());
            }
            eprintln!(
                "wrote {} file(s); run `marquee check` to review them",
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
