//! One module per subcommand. Each takes its parsed arguments and returns the process exit
//! code; printing happens here, never in the library stages.

pub mod build;
pub mod check;
pub mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::diagnostic::Diagnostic;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}

/// Prints diagnostics to stderr (coloured on a terminal unless NO_COLOR is set), then a
/// one-line count of errors and warnings.
pub fn report(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprintln!("{}\n", d.render(color));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("{} found: {errors} error(s), {warnings} warning(s)", if errors == 1 { "a problem" } else { "problems" });
    } else if warnings > 0 {
        eprintln!("{warnings} warning(s)");
    }
}
