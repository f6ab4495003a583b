//! The `marquee` command: parses arguments (`cli`), runs each command and prints what it
//! did (`cmd`), serves the preview (`serve`) and asks the network for `check --links`
//! (`links`). Everything it does to a site, it asks of the `marquee` library.

mod cli;
mod cmd;
mod links;
#[cfg(feature = "serve")]
mod serve;

use clap::Parser;

/// Rendering allocates many short-lived strings on every thread; mimalloc handles that
/// pattern far better than the system allocator (measured: see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cmd::run(cli::Cli::parse())
}
