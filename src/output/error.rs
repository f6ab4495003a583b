//! Why the output could not be written, and the marker of Marquee's own output folders.

use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as Marquee's output, safe to replace.
pub const MARKER: &str = ".marquee-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A filesystem call failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path the call was about.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The target is a place Marquee must not replace.
    #[error("refusing to write the site to {}{}: {reason}", path.display(), as_given(path, given))]
    Refused {
        /// The real place the output would be written to.
        path: PathBuf,
        /// The output as the user spelt it.
        given: PathBuf,
        /// Why it is refused, and what to do.
        reason: String,
    },
    /// Another build holds the output and `--no-wait` was asked for.
    #[error(
        "another build is writing {}; wait for it to finish, or run without --no-wait to wait \
         for it (its lock is {})",
        path.display(),
        lock.display()
    )]
    Busy {
        /// The output folder.
        path: PathBuf,
        /// The lock file the other build holds.
        lock: PathBuf,
    },
}

/// How the user spelt a refused output, when that differs from where it leads.
fn as_given(path: &Path, given: &Path) -> String {
    if given == path {
        String::new()
    } else {
        format!(" (where `{}` leads)", given.display())
    }
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}
