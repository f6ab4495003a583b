//! `marquee import csv`: reviews from a CSV file into content files.

use std::process::ExitCode;

use crate::author::import::{self, CsvMapping};
use crate::cli::ImportCsvArgs;
use crate::cmd::report;

/// Works out the whole import, reports every row it skips, cleans or leaves alone, then
/// writes the rest (with `--strict`, nothing when any row is skipped). Exits 1 when a row
/// was skipped, so that scripts notice; what could be imported is imported all the same.
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
        folder: args.folder_column.clone(),
        year: args.year_column.clone(),
        critic: args.critic_column.clone(),
        publication: args.publication_column.clone(),
        verdict: args.verdict_column.clone(),
        score: args.score_column.clone(),
        date: args.date_column.clone(),
        excerpt: args.excerpt_column.clone(),
        url: args.url_column.clone(),
    };
    let csv = args.file.display();
    let plan = match import::plan(
        &args.root,
        std::io::BufReader::new(file),
        &mapping,
        args.update,
    ) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {csv}: {e}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    if !plan.unmapped.is_empty() {
        eprintln!(
            "warning: {csv}: column(s) {} map to no field and are not imported; \
             name them with the --*-column options if they should be",
            plan.unmapped.join(", ")
        );
    }
    for e in &plan.cleaned {
        eprintln!("warning: {csv}: {e}");
    }
    for e in &plan.skipped {
        eprintln!("error: {csv}: {e}; the row is skipped");
    }
    for (row, path) in &plan.differing {
        eprintln!(
            "note: {csv}: row {row} differs from {}, which is left alone (--update replaces it)",
            path.display()
        );
    }
    if args.strict && !plan.skipped.is_empty() {
        eprintln!(
            "{} cannot be imported; with --strict nothing was written",
            report::count(plan.skipped_rows(), "row")
        );
        return ExitCode::FAILURE;
    }
    let written = match import::write(&args.root, &plan) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for path in &written {
        println!("{}", path.display());
    }
    eprintln!(
        "wrote {}, updated {}; {} already in the site, {} left alone, {} skipped",
        report::count(plan.new.len(), "new file"),
        plan.updates.len(),
        report::count(plan.unchanged, "row"),
        plan.differing.len(),
        plan.skipped_rows()
    );
    if plan.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
