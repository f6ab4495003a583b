//! The file watcher of the preview: which changes of the sources can affect the site, told
//! in bursts, and a source folder that is replaced (moved away, copied back, created after
//! serve started) watched again, so that later edits in it are still seen.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// The source folders watched, each as a whole; `config.toml` is watched through the root.
pub(crate) const FOLDERS: [&str; 4] = ["content", "templates", "static", "i18n"];

/// How long the sources must stay quiet before a burst of changes is taken as done: an
/// editor's save by rename is one change.
pub(crate) const QUIET: Duration = Duration::from_millis(10);

/// A watcher on the site's sources and where its events arrive.
pub(crate) struct Watching {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

/// One burst of changes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Burst {
    /// The changed paths that can affect the site, sorted, each once.
    pub changed: Vec<PathBuf>,
    /// Why changes may have been missed (a watcher error, an overflowed queue); everything
    /// must then be read again.
    pub missed: Option<String>,
    /// The source folders that were replaced, removed or created, now watched again: what
    /// is in them was not all seen, so everything must be read again.
    pub replaced: Vec<&'static str>,
}

impl Watching {
    /// Starts watching the site's sources, before anything is built from them; `None` (after
    /// saying why) when the system gives no watcher. Setting up the watches on a large site
    /// can overflow the watcher's own queue (every folder it opens is an event); whatever
    /// arrived by the time they are set up is discarded, as the build that follows reads
    /// everything anyway.
    pub(crate) fn start(site: &Path) -> Option<Watching> {
        let root = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
        let (tx, events) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
        let watcher = match notify::recommended_watcher(tx) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("warning: cannot watch the sources ({e}); rebuild by restarting serve");
                return None;
            }
        };
        let mut watching = Watching {
            root,
            watcher,
            events,
        };
        let mut watched = watching
            .watcher
            .watch(&watching.root, RecursiveMode::NonRecursive)
            .is_ok();
        for folder in FOLDERS {
            watched &= watching.watch_folder(folder);
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while watching
            .events
            .recv_timeout(Duration::from_millis(50))
            .is_ok()
            && std::time::Instant::now() < deadline
        {}
        if watched {
            eprintln!("watching content/, templates/, static/, i18n/ and config.toml for changes");
        }
        Some(watching)
    }

    /// The site root watched (absolute).
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Waits for the next burst of changes that can affect the site (until the sources have
    /// been quiet for [`QUIET`]); `None` when the watcher has stopped. A source folder met in
    /// the burst as a whole (replaced, removed or created) is watched again first.
    pub(crate) fn next_burst(&mut self) -> Option<Burst> {
        self.burst(None)
    }

    /// [`Watching::next_burst`], giving up after `wait` (when given) without a change.
    fn burst(&mut self, wait: Option<Duration>) -> Option<Burst> {
        let mut burst = Burst::default();
        while burst.changed.is_empty() {
            let event = match wait {
                Some(wait) => self.events.recv_timeout(wait).ok()?,
                None => self.events.recv().ok()?,
            };
            burst.changed = edits(&self.root, event, &mut burst.missed);
        }
        while let Ok(event) = self.events.recv_timeout(QUIET) {
            let more = edits(&self.root, event, &mut burst.missed);
            burst.changed.extend(more);
        }
        burst.changed.sort();
        burst.changed.dedup();
        for folder in FOLDERS {
            if burst.changed.contains(&self.root.join(folder)) {
                let _ = self.watcher.unwatch(&self.root.join(folder));
                self.watch_folder(folder);
                burst.replaced.push(folder);
            }
        }
        Some(burst)
    }

    /// Watches the source folder `folder` (whole) if it is there; false, after saying so,
    /// when it is there but cannot be watched.
    fn watch_folder(&mut self, folder: &str) -> bool {
        let dir = self.root.join(folder);
        if !dir.is_dir() {
            return true;
        }
        match self.watcher.watch(&dir, RecursiveMode::Recursive) {
            Ok(()) => true,
            Err(e) => {
                eprintln!(
                    "warning: cannot watch {} ({e}); changes there need a restart",
                    dir.display()
                );
                false
            }
        }
    }
}

/// True when a changed path can affect the site: `config.toml`, and anything under
/// `content/`, `templates/` or `static/` that the build reads (by the one rule of
/// [`marquee::ignore::skip`]: editors' temporary files and hidden files are not, but for
/// `static/.nojekyll` and `static/.well-known/`).
pub(crate) fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    match top.as_str() {
        "config.toml" => rel.components().count() == 1,
        "content" | "templates" | "static" | "i18n" => marquee::ignore::skip_path(rel).is_none(),
        _ => false,
    }
}

/// The edited paths of a watcher event that can affect the site; reads (the build's own)
/// and metadata changes are not edits. A watcher error or an overflowed event queue means
/// edits may have been missed: `missed` says why, and the site root stands for "anything",
/// so that everything is read again.
pub(crate) fn edits(
    root: &Path,
    event: notify::Result<notify::Event>,
    missed: &mut Option<String>,
) -> Vec<PathBuf> {
    use notify::EventKind::{Create, Modify, Remove};
    use notify::event::ModifyKind::Metadata;
    match event {
        Err(e) => {
            *missed = Some(e.to_string());
            vec![root.to_path_buf()]
        }
        Ok(e) if e.need_rescan() => {
            *missed = Some("too many changes at once".into());
            vec![root.to_path_buf()]
        }
        Ok(e)
            if matches!(e.kind, Create(_) | Modify(_) | Remove(_))
                && !matches!(e.kind, Modify(Metadata(_))) =>
        {
            e.paths.into_iter().filter(|p| relevant(root, p)).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
