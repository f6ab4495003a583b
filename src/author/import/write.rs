//! Writing a planned import: every file of a group is first written beside its place under
//! a temporary name, and only when all of them are written are they moved into place (new
//! files never over anything, updates over their file). A group that fails leaves nothing:
//! its temporary files and the folders it made are removed. Nothing is written outside
//! `content/films/`, nor through a symbolic link.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

use super::model::Import;

/// A file that could not be written, and why; its group was rolled back.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}; nothing of {} was written", path.display(), group.display())]
pub struct WriteError {
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// What was rolled back: the film's folder, or the whole import.
    pub group: PathBuf,
    /// The system's error.
    pub source: io::Error,
}

/// What was written, and what could not be.
#[derive(Debug, Default)]
pub struct Written {
    /// The paths written, relative to the site root, in order.
    pub paths: Vec<PathBuf>,
    /// The groups that could not be written (each left as it was).
    pub failed: Vec<WriteError>,
}

/// Writes `import` under `root`, film by film (`whole`: as one group, so that a failure
/// anywhere writes nothing at all).
pub fn write(root: &Path, import: &Import, whole: bool) -> Written {
    let mut groups: BTreeMap<PathBuf, Vec<(&PathBuf, &String, bool)>> = BTreeMap::new();
    let files = import
        .new
        .iter()
        .map(|(p, t)| (p, t, true))
        .chain(import.updates.iter().map(|(p, t)| (p, t, false)));
    for (path, text, new) in files {
        let group = if whole {
            PathBuf::from("content/films")
        } else {
            path.components().take(3).collect()
        };
        groups.entry(group).or_default().push((path, text, new));
    }
    let mut written = Written::default();
    for (group, files) in groups {
        match write_group(root, &files) {
            Ok(()) => written
                .paths
                .extend(files.iter().map(|(path, _, _)| (*path).clone())),
            Err((path, source)) => written.failed.push(WriteError {
                path,
                group,
                source,
            }),
        }
    }
    written
}

/// Writes one group of files, all or nothing.
fn write_group(
    root: &Path,
    files: &[(&PathBuf, &String, bool)],
) -> Result<(), (PathBuf, io::Error)> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(NamedTempFile, &PathBuf, bool)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for &(path, text, new) in files {
            let at = |e: io::Error| (path.clone(), e);
            let parent = safe_parent(root, path, &mut made_dirs).map_err(at)?;
            let mut file = tempfile::Builder::new()
                .prefix(".marquee-import-")
                .tempfile_in(&parent)
                .map_err(at)?;
            file.write_all(text.as_bytes()).map_err(at)?;
            staged.push((file, path, new));
        }
        // New files first, each refusing to replace anything (a file made since the plan
        // was worked out is kept, and the group undone).
        staged.sort_by_key(|(_, _, new)| !new);
        for (file, path, new) in staged.drain(..) {
            let full = root.join(path);
            let result = if new {
                file.persist_noclobber(&full)
            } else {
                file.persist(&full)
            };
            result.map_err(|e| (path.clone(), e.error))?;
            if new {
                placed.push(full);
            }
        }
        Ok(())
    })();
    if result.is_err() {
        for file in placed.iter().rev() {
            let _ = fs::remove_file(file);
        }
        drop(staged);
        for dir in made_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
    result
}

/// The folder `path` goes in, made where missing (each folder made is added to `made`);
/// an error for a path outside `content/films/` or through a symbolic link.
fn safe_parent(root: &Path, path: &Path, made: &mut Vec<PathBuf>) -> io::Result<PathBuf> {
    let inside = path.starts_with("content/films")
        && path.components().count() > 3
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(io::Error::other(
            "import writes only inside content/films/ (this is a bug: please report it)",
        ));
    }
    let mut dir = root.to_path_buf();
    let parent = path.parent().unwrap_or(path);
    for part in parent.components() {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) if m.file_type().is_symlink() => {
                return Err(io::Error::other(format!(
                    "{} is a symbolic link, which import does not write through",
                    dir.display()
                )));
            }
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is a file where a folder belongs",
                    dir.display()
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&dir)?;
                made.push(dir.clone());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(dir)
}
