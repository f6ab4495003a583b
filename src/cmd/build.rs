//! `marquee build`: the whole pipeline, written atomically.

use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::{BuildError, cmd};

/// Builds the site and prints a one-line summary, or every problem found.
pub fn run(args: &BuildArgs) -> ExitCode {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::default_output(&args.root));
    match crate::build(&args.root, &output, args.base_url.as_deref(), args.strict) {
        Ok(report) => {
            cmd::report(&cmd::without_notes(&report.warnings), cmd::WARNINGS_SHOWN);
            if !args.quiet {
                println!(
                    "built {} films, {} reviews, {} files into {} in {:.2}s",
                    report.films,
                    report.reviews,
                    report.files,
                    output.display(),
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diagnostics)) => {
            cmd::report(&diagnostics, cmd::WARNINGS_SHOWN);
            eprintln!("nothing was written; {} is unchanged", output.display());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("nothing was written; {} is unchanged", output.display());
            ExitCode::FAILURE
        }
    }
}
