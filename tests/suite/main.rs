//! Marquee's integration tests, one module a subject, in one test binary (one link of the
//! library instead of one a file): the command line as a user runs it, the trust a user puts
//! in it, imports, the preview server, the documentation, and what a check finds first.

mod check;
mod cli;
mod common;
mod deploy;
mod docs;
mod example;
mod import;
mod languages;
mod output;
mod publishing;
mod serve;
mod structure;
mod trust;
