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
#[error(
    "{}: {source}; {}",
    path.display(),
    if *undone { format!("nothing of {} was written", group.display()) }
    else { "what was written of it could not all be undone".to_string() }
)]
pub struct WriteError {
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// What was rolled back: the film's folder, or the whole import.
    pub group: PathBuf,
    /// The system's error.
    pub source: io::Error,
    /// Whether everything the group had written was undone.
    pub undone: bool,
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
            Err((path, source, undone)) => written.failed.push(WriteError {
                path,
                group,
                source,
                undone,
            }),
        }
    }
    written
}

/// Writes one group of files, all or nothing: if any file cannot be put in place, the new
/// files already placed are removed, the files already replaced get their old text back,
/// and the folders made are removed.
fn write_group(
    root: &Path,
    files: &[(&PathBuf, &String, bool)],
) -> Result<(), (PathBuf, io::Error, bool)> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(NamedTempFile, &PathBuf, bool)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut replaced: Vec<(PathBuf, Vec<u8>, fs::Permissions)> = Vec::new();
    let result = (|| {
        for &(path, text, new) in files {
            let at = |e: io::Error| (path.clone(), e);
            let parent = safe_parent(root, path, &mut made_dirs).map_err(at)?;
            // Made as any new file is (the umask applies), not private as temporary files.
            let mut file = tempfile::Builder::new()
                .prefix(".marquee-import-")
                .make_in(&parent, |p| {
                    fs::OpenOptions::new().write(true).create_new(true).open(p)
                })
                .map_err(at)?;
            file.write_all(text.as_bytes()).map_err(at)?;
            if !new {
                let full = root.join(path);
                let permissions = fs::metadata(&full).map_err(at)?.permissions();
                fs::set_permissions(file.path(), permissions).map_err(at)?;
            }
            staged.push((file, path, new));
        }
        // New files first, each refusing to replace anything (a file made since the plan
        // was worked out is kept, and the group undone).
        staged.sort_by_key(|(_, _, new)| !new);
        for (file, path, new) in staged.drain(..) {
            let full = root.join(path);
            if new {
                file.persist_noclobber(&full)
                    .map_err(|e| (path.clone(), e.error))?;
                placed.push(full);
            } else {
                let old = fs::read(&full).map_err(|e| (path.clone(), e))?;
                let permissions = fs::metadata(&full)
                    .map_err(|e| (path.clone(), e))?
                    .permissions();
                file.persist(&full).map_err(|e| (path.clone(), e.error))?;
                replaced.push((full, old, permissions));
            }
        }
        Ok(())
    })();
    if let Err((path, mut error)) = result {
        let mut undone = true;
        for file in placed.iter().rev() {
            let _ = fs::remove_file(file);
        }
        for (file, old, permissions) in replaced.iter().rev() {
            let restored =
                fs::write(file, old).and_then(|()| fs::set_permissions(file, permissions.clone()));
            if let Err(e) = restored {
                undone = false;
                error = io::Error::new(
                    error.kind(),
                    format!("{error}; and {} could not be put back: {e}", file.display()),
                );
            }
        }
        drop(staged);
        for dir in made_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        return Err((path, error, undone));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_that_fails_part_way_is_undone_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let reviews = root.join("content/films/a-2000/reviews");
        fs::create_dir_all(reviews.join("b.md/inside")).unwrap();
        fs::write(reviews.join("a.md"), "old").unwrap();
        let (a, b, new) = (
            PathBuf::from("content/films/a-2000/reviews/a.md"),
            PathBuf::from("content/films/a-2000/reviews/b.md"),
            PathBuf::from("content/films/a-2000/reviews/c.md"),
        );
        let (text, other) = ("new".to_string(), "other".to_string());
        // A new file placed, a file replaced, then a replacement that cannot be made.
        let files = [(&new, &text, true), (&a, &text, false), (&b, &other, false)];
        let (path, _, undone) = write_group(root, &files).unwrap_err();
        assert_eq!((path, undone), (b, true));
        assert_eq!(fs::read_to_string(reviews.join("a.md")).unwrap(), "old");
        assert!(!reviews.join("c.md").exists());
        let left: Vec<_> = fs::read_dir(&reviews)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
    }

    #[test]
    fn new_files_are_made_as_any_new_file_is_and_replaced_ones_keep_their_mode() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            let dir = root.join("content/films/a-2000/reviews");
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("a.md"), "old").unwrap();
            fs::set_permissions(dir.join("a.md"), fs::Permissions::from_mode(0o640)).unwrap();
            let probe = dir.join("probe");
            fs::write(&probe, "").unwrap();
            let usual = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
            fs::remove_file(probe).unwrap();
            let (a, new) = (
                PathBuf::from("content/films/a-2000/reviews/a.md"),
                PathBuf::from("content/films/a-2000/reviews/b.md"),
            );
            let text = "new".to_string();
            write_group(root, &[(&new, &text, true), (&a, &text, false)]).unwrap();
            let mode = |p: &str| fs::metadata(dir.join(p)).unwrap().permissions().mode() & 0o777;
            assert_eq!((mode("b.md"), mode("a.md")), (usual, 0o640));
        }
    }
}
