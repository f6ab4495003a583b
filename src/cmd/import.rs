//! `marquee import csv`: reviews from a CSV file into content files.

use std::process::ExitCode;

use crate::cli::{ImportCsvArgs, ImportPreset};
use crate::cmd::report;
use marquee::author::import::{self, CsvMapping, Preset};

/// Works out the whole import, reports every row it skips, cleans or leaves alone, then
/// writes the rest (with `--strict`, nothing when any row is skipped or any file cannot be
/// written). Exits 1 when a row was skipped or a film could not be written, so that scripts
/// notice; what could be imported is imported all the same.
pub(crate) fn run_csv(args: &ImportCsvArgs) -> ExitCode {
    let file = match std::fs::File::open(&args.file) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", args.file.display());
            return ExitCode::FAILURE;
        }
    };
    let mapping = CsvMapping {
        preset: args.from.map(|p| match p {
            ImportPreset::Letterboxd => Preset::Letterboxd,
            ImportPreset::RottenTomatoes => Preset::RottenTomatoes,
        }),
        film: args.film_column.clone(),
        id: args.id_column.clone(),
        id_source: args.id_source.clone(),
        year: args.year_column.clone(),
        critic: args.critic_column.clone(),
        publication: args.publication_column.clone(),
        verdict: args.verdict_column.clone(),
        score: args.score_column.clone(),
        date: args.date_column.clone(),
        excerpt: args.excerpt_column.clone(),
        url: args.url_column.clone(),
        top_critic: args.top_critic_column.clone(),
        review_id: args.review_id_column.clone(),
        scale: args.scale,
        critic_name: args.critic.clone(),
        publication_name: args.publication.clone(),
        multiline: args.multiline,
    };
    let csv = args.file.display();
    // One import at a time; one that was killed is finished first. (A folder that is not a
    // site is said by the plan, and gets no lock file.)
    let is_site = args.root.join("config.toml").is_file();
    let _lock = match is_site.then(|| import::lock(&args.root)).transpose() {
        Ok(lock) => {
            if let Some((_, recovered)) = &lock
                && recovered.finished > 0
            {
                eprintln!(
                    "note: an import stopped while it wrote was finished ({} moves made)",
                    recovered.finished
                );
            }
            lock
        }
        Err(e) => {
            eprintln!(
                "error: cannot take the import lock in {}: {e}",
                args.root.join(marquee::posters::CACHE_DIR).display()
            );
            return ExitCode::FAILURE;
        }
    };
    let plan = match import::plan(
        &args.root,
        std::io::BufReader::new(file),
        &mapping,
        args.update,
    ) {
        Ok(plan) => plan,
        Err(problems) => {
            for e in &problems {
                eprintln!("error: {csv}: {e}");
            }
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
    for e in &plan.notes {
        eprintln!("note: {csv}: {e}");
    }
    for d in &plan.differing {
        eprintln!(
            "note: {csv}: row {} differs from {} ({}), which is left alone{}",
            d.row,
            d.path.display(),
            d.fields.join(", "),
            if d.batch {
                ": import never rewrites a reviews.toml; edit it there"
            } else if args.update {
                ""
            } else {
                " (--update replaces it)"
            }
        );
    }
    if args.strict && !plan.skipped.is_empty() {
        eprintln!(
            "{} cannot be imported; with --strict nothing was written",
            report::count(plan.skipped_rows(), "row")
        );
        return ExitCode::FAILURE;
    }
    let written = import::write(&args.root, &plan, args.strict);
    for path in &written.paths {
        println!("{}", path.display());
    }
    for e in &written.failed {
        eprintln!("error: {e}");
    }
    if args.strict && !written.failed.is_empty() {
        eprintln!("with --strict nothing was written");
        return ExitCode::FAILURE;
    }
    let updated = written
        .paths
        .iter()
        .filter(|p| plan.updates.contains_key(*p))
        .count();
    let failed = if written.failed.is_empty() {
        String::new()
    } else {
        format!(
            "; {} not written",
            report::count(written.failed.len(), "film")
        )
    };
    eprintln!(
        "wrote {}, updated {updated}; {} already in the site, {} left alone, {} skipped{failed}",
        report::count(written.paths.len() - updated, "new file"),
        report::count(plan.unchanged, "row"),
        plan.differing.len(),
        plan.skipped_rows()
    );
    if plan.skipped.is_empty() && written.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
