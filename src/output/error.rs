//! Why the output could not be written, and the marker of Marquee's own output folders.

use std::io;
use std::path::{Path, PathBuf};

pub(crate) use crate::routes::MARKER;

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
    /// The output holds files Marquee did not write, which replacing it would delete.
    #[error(
        "{} holds {} that Marquee did not write: {}; a build replaces the whole folder and \
         would delete them. Move what should be published into the site's `static/` folder \
         (each file there is copied to the same place in the output, `static/CNAME` to \
         `CNAME`), move the rest elsewhere, or build with --clean to delete them",
        path.display(),
        if files.len() == 1 { "a file".to_string() } else { format!("{} files", files.len()) },
        listed(files)
    )]
    NotWritten {
        /// The output folder.
        path: PathBuf,
        /// The files, by path in it (a folder with a trailing `/`).
        files: Vec<String>,
    },
    /// The output is a mount point, which cannot be swapped for a new folder.
    #[error(
        "cannot replace {}: it is a mount point (a Docker volume, say), and a mounted folder \
         cannot be swapped for the new site in one step, while writing into it in place \
         would leave half a site if the build failed. Build into a folder inside it \
         (`--output {}`) and serve or mount that, or mount the folder that holds it instead",
        path.display(),
        path.join("site").display()
    )]
    MountPoint {
        /// The output folder.
        path: PathBuf,
    },
    /// A folder inside the output is a mount point: replacing the output would move it, and
    /// removing the previous output would empty the disk mounted there.
    #[error(
        "cannot replace {}: {} inside it is a mount point (a volume mounted there), which a          new site cannot replace without moving it away, and removing the old site would          empty the disk mounted there. Unmount it and give its files to the site from          static/, or build into another folder (`--output DIR`)",
        path.display(),
        mount.display()
    )]
    MountInside {
        /// The output folder.
        path: PathBuf,
        /// The mount point inside it.
        mount: PathBuf,
    },
}

/// The first few of `files`, quoted, and how many more there are.
fn listed(files: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text: Vec<String> = files.iter().take(SHOWN).map(|f| format!("`{f}`")).collect();
    if files.len() > SHOWN {
        text.push(format!("and {} more", files.len() - SHOWN));
    }
    text.join(", ")
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
