//! Previewing a site while it is written: the local HTTP server with live reload (the `serve`
//! cargo feature: `server` answers requests, `http` maps them to the built site, `watch`
//! follows the sources) and the incremental rebuilds behind it.
//!
//! Receives a loaded site from the pipeline and the paths that changed; hands on an output
//! folder kept byte for byte equal to what a full build would write.

#[cfg(feature = "serve")]
pub mod http;
pub mod incremental;
#[cfg(feature = "serve")]
pub mod preview;
#[cfg(feature = "serve")]
pub mod server;
#[cfg(feature = "serve")]
pub mod watch;
