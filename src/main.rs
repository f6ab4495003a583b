//! The `marquee` command: parses arguments and hands them to the library.

use clap::Parser;

/// Rendering allocates many short-lived strings on every thread; mimalloc handles that
/// pattern far better than the system allocator (measured: see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    marquee::cmd::run(marquee::cli::Cli::parse())
}
