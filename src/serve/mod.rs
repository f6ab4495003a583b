//! Previewing a site while it is written: the local HTTP server with live reload
//! (`server` answers requests, `http` maps them to the built site, `watch` follows the
//! sources, `preview` keeps the preview's own output folder) and the loop here that rebuilds
//! the site after each burst of changes, with the library's incremental rebuilds.

pub(crate) mod http;
pub(crate) mod preview;
pub(crate) mod server;
pub(crate) mod watch;

use std::sync::Arc;

use http::Live;
use marquee::BuildError;
use marquee::incremental::{Rebuilt, Session};
use watch::Watching;

/// What the rebuild loop did, for the command to tell its user.
pub(crate) enum Event<'a> {
    /// A source folder was replaced (`present`), or removed, as a whole.
    Replaced {
        /// Which: `content`, `templates` or `static`.
        folder: &'static str,
        /// Whether it is there now.
        present: bool,
    },
    /// The watcher may have missed changes, for the reason given: everything is rebuilt.
    Missed(&'a str),
    /// A folder was replaced: everything is rebuilt.
    RebuildingAll,
    /// A rebuild ended, as it did.
    Rebuilt(&'a Result<Rebuilt, BuildError>),
    /// The site's warnings after a partial rebuild, as a full build would report them.
    Warnings(&'a [marquee::diagnostic::Diagnostic]),
}

/// Watches the site's sources in the background; after each burst of changes it rebuilds
/// (incrementally when the changes are inside films' folders, in full when a source folder
/// was replaced or changes may have been missed), tells the open tabs, and `tell`s what it
/// did. The last good site stays served while a rebuild fails.
pub(crate) fn rebuild_on_change(
    mut watching: Watching,
    mut session: Session,
    live: Arc<Live>,
    tell: impl Fn(Event<'_>) + Send + 'static,
) {
    std::thread::spawn(move || {
        while let Some(burst) = watching.next_burst() {
            for &folder in &burst.replaced {
                let present = watching.root().join(folder).is_dir();
                tell(Event::Replaced { folder, present });
            }
            let result = match (&burst.missed, burst.replaced.is_empty()) {
                (Some(why), _) => {
                    tell(Event::Missed(why));
                    session.rebuild_everything()
                }
                (None, false) => {
                    tell(Event::RebuildingAll);
                    session.rebuild_everything()
                }
                (None, true) => session.rebuild(&burst.changed),
            };
            // The open tabs reload first; a partial rebuild's warnings, which take the checks
            // across every film, are made and said after.
            match &result {
                Ok(_) => live.publish(None),
                Err(BuildError::Invalid(diagnostics)) => {
                    let text: Vec<String> = diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(|d| d.render(false))
                        .collect();
                    live.publish(Some(text.join("\n\n")));
                }
                Err(e) => live.publish(Some(e.to_string())),
            }
            tell(Event::Rebuilt(&result));
            if let Ok(Rebuilt::Partial { .. }) = result {
                tell(Event::Warnings(session.warnings()));
            }
        }
    });
}
