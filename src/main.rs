//! The `marquee` command: parses arguments and hands them to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    marquee::cmd::run(marquee::cli::Cli::parse())
}
