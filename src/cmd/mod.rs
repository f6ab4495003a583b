//! One module per subcommand. Each takes its parsed arguments and returns the process exit
//! code; printing happens here, never in the library stages.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod new;
pub(crate) mod report;
pub(crate) mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Import(crate::cli::ImportCommand::Csv(args)) => import::run_csv(&args),
        Command::Init(args) => new::init(&args),
        Command::New(crate::cli::NewCommand::Film(args)) => new::film(&args),
        Command::New(crate::cli::NewCommand::Review(args)) => new::review(&args),
        Command::Theme(crate::cli::ThemeCommand::Export(args)) => new::theme_export(&args),
    }
}
