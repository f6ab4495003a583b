//! `marquee serve`: build, then serve the output over HTTP on this machine.

use std::process::ExitCode;

use crate::cli::ServeArgs;

/// Builds the site and serves it until interrupted.
pub fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("serve: not yet available");
    ExitCode::FAILURE
}
