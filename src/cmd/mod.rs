//! One module per subcommand. Each takes its parsed arguments and returns the process exit
//! code; printing happens here, never in the library stages.

pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod report;
pub mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
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
