//! Which places a build may write to, decided on where the system would really write, and
//! the lock that keeps two builds of one output apart.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::error::{MARKER, OutputError, io_err};

/// What a build does when another one holds the output it wants to write.
#[derive(Clone, Copy)]
pub enum Wait<'a> {
    /// Wait for the other build to finish; the function is told the lock file first, so
    /// that the user hears why nothing happens.
    Block(&'a dyn Fn(&Path)),
    /// Fail at once with [`OutputError::Busy`].
    Fail,
}

/// An exclusive hold on one output folder, released when dropped. Every build and every
/// preview write takes it, so two of them never write or swap the same output at once and the
/// output is always one complete site. It is an advisory lock on a file beside the target,
/// `.<name>.marquee-lock`, which the system releases when its holder ends, however it ends.
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
}

/// Takes the lock of the output `target` of the site at `site_root`, after checking that the
/// target may be written at all (so that no lock file is ever made beside a refused place).
pub fn lock(target: &Path, site_root: &Path, wait: Wait<'_>) -> Result<Lock, OutputError> {
    let given = target;
    let target = resolve(target)?;
    check_target(&target, given, site_root)?;
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(OutputError::Refused {
            path: target.clone(),
            given: given.to_path_buf(),
            reason: "it has no parent folder".into(),
        });
    };
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let path = parent.join(format!(".{}.marquee-lock", name.to_string_lossy()));
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    no_follow(&mut options);
    let file = options.open(&path).map_err(io_err(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => match wait {
            Wait::Fail => {
                return Err(OutputError::Busy {
                    path: target,
                    lock: path,
                });
            }
            Wait::Block(notice) => {
                notice(&path);
                file.lock().map_err(io_err(&path))?;
            }
        },
        Err(fs::TryLockError::Error(e)) => return Err(OutputError::Io { path, source: e }),
    }
    Ok(Lock { _file: file })
}

/// Makes `options` refuse to open a symbolic link, where the system can say so.
pub fn no_follow(options: &mut fs::OpenOptions) {
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        options,
        rustix::fs::OFlags::NOFOLLOW.bits() as i32,
    );
    #[cfg(not(target_os = "linux"))]
    let _ = options;
}

/// Where the system will really write `path`: relative paths start at the working directory,
/// every component that exists is followed as the system follows it (symbolic links and `..`
/// included), and the components that do not exist yet are applied to that real place, where
/// a `..` steps back within them. Refusals are decided on this place, so that no spelling of
/// a protected folder (`public/../content`, `x/missing/../victim`, a linked parent, a trailing
/// `/.`) can walk around them.
pub fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let absolute = std::path::absolute(path).map_err(io_err(path))?;
    let mut place = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => place.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                place.pop();
            }
            Component::Normal(name) => {
                let next = place.join(name);
                place = match fs::symlink_metadata(&next) {
                    // Existing: where the system really is (links followed, true spelling).
                    Ok(_) => fs::canonicalize(&next).map_err(|e| OutputError::Refused {
                        path: next.clone(),
                        given: path.to_path_buf(),
                        reason: format!(
                            "it goes through a path that cannot be followed ({e}), \
                                 such as a symbolic link that leads nowhere; fix or remove it, \
                                 or choose another folder"
                        ),
                    })?,
                    _ => next,
                };
            }
        }
    }
    Ok(place)
}

/// Refuses every place a build must never replace: the filesystem root, the home folder,
/// the site's own folder or any folder holding it, anything inside its sources (wherever
/// links lead them), a file, and a non-empty folder Marquee did not make (one that holds
/// only a `.git` counts as empty). `target` is a
/// place from [`resolve`]; `given` is how the user spelt it.
pub(super) fn check_target(
    target: &Path,
    given: &Path,
    site_root: &Path,
) -> Result<(), OutputError> {
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: target.to_path_buf(),
            given: given.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    if target.parent().is_none() {
        return refuse("it is the filesystem root");
    }
    let root = resolve(site_root)?;
    if root.starts_with(target) {
        return refuse(
            "it is the site's own folder or holds it; choose a folder inside it such as `public`",
        );
    }
    if let Some(home) = std::env::var_os("HOME")
        && resolve(Path::new(&home)).is_ok_and(|home| home.starts_with(target))
    {
        return refuse("it is your home folder or holds it");
    }
    for source in SOURCES {
        let inside = |place: &Path| target.starts_with(place) || place.starts_with(target);
        let spelt = root.join(source);
        if inside(&spelt) || resolve(&spelt).is_ok_and(|real| inside(&real)) {
            return refuse(&format!(
                "it is the site's `{source}` or is inside it or holds it; \
                 choose a folder such as `public`"
            ));
        }
    }
    match fs::read_dir(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => refuse("it is a file, not a folder"),
        Err(e) => Err(OutputError::Io {
            path: target.to_path_buf(),
            source: e,
        }),
        Ok(mut entries) => {
            // A `.git` alone is the start of a worktree of a publishing branch: it is carried
            // over to the output, and nothing else is there to replace.
            let empty = entries.all(|e| e.is_ok_and(|e| e.file_name() == super::GIT));
            if empty || is_marked(target) {
                Ok(())
            } else {
                refuse(&format!(
                    "it is not empty and was not made by Marquee (it has no {MARKER} file); \
                     choose another folder, or empty this one yourself (a file to publish, \
                     such as a CNAME, goes into the site's static/ folder, which every build \
                     copies into the output)"
                ))
            }
        }
    }
}

/// The site's source files and folders, which no output may replace, hold or sit inside.
const SOURCES: [&str; 6] = [
    "content",
    "templates",
    "static",
    "i18n",
    "config.toml",
    ".marquee-cache",
];

/// Whether `dir` carries Marquee's marker as a regular file (a link named like it does not
/// count): an output folder Marquee made.
pub fn is_marked(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}
