//! Writing a planned import: every file of a group is first written beside its place under
//! a temporary name, and only when all of them are written are they moved into place (new
//! files never over anything, updates over their file). A group that fails leaves nothing:
//! its temporary files and the folders it made are removed. Nothing is written outside
//! `content/films/`, nor through a symbolic link.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

use super::journal::Move;
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

/// Writes one group of files, all or nothing: a film the group creates is written whole
/// into a hidden folder beside its place and renamed into place, so that even a killed
/// import never leaves half a film; other files are each written beside their place and
/// moved into place. If any cannot be put in place, what was placed is removed, the files
/// already replaced get their old text back, and the folders made are removed.
fn write_group(
    root: &Path,
    files: &[(&PathBuf, &String, bool)],
) -> Result<(), (PathBuf, io::Error, bool)> {
    let new_films: BTreeSet<PathBuf> = files
        .iter()
        .filter(|(path, _, new)| *new && path.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|(path, _, _)| path.parent())
        .filter(|film| fs::symlink_metadata(root.join(film)).is_err())
        .map(Path::to_path_buf)
        .collect();
    let in_new_film = |path: &Path| path.ancestors().any(|a| new_films.contains(a));
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut staged_films: Vec<(PathBuf, &PathBuf)> = Vec::new();
    let mut staged: Vec<(NamedTempFile, &PathBuf, bool)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut placed_films: Vec<PathBuf> = Vec::new();
    let mut replaced: Vec<(PathBuf, Vec<u8>, fs::Permissions)> = Vec::new();
    let result = (|| {
        for film in &new_films {
            let at = |e: io::Error| (film.join("index.md"), e);
            let films_dir =
                safe_parent(root, &film.join("index.md"), &mut made_dirs, true).map_err(at)?;
            let staging = staging_folder(&films_dir, film).map_err(at)?;
            staged_films.push((staging.clone(), film));
            for &(path, text, _) in files.iter().filter(|(p, _, _)| p.starts_with(film)) {
                let inside = staging.join(path.strip_prefix(film).unwrap_or(path));
                let write = || -> io::Result<()> {
                    if let Some(parent) = inside.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::write(&inside, text)
                };
                write().map_err(|e| (path.clone(), e))?;
            }
        }
        for &(path, text, new) in files.iter().filter(|(p, _, _)| !in_new_film(p)) {
            let at = |e: io::Error| (path.clone(), e);
            let parent = safe_parent(root, path, &mut made_dirs, false).map_err(at)?;
            // Made as any new file is (the umask applies), not private as temporary files.
            let mut file = tempfile::Builder::new()
                .prefix(super::journal::STAGING)
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
        // Every move the group will make, journaled first: an import killed while moving is
        // finished by the next one.
        let mut moves: Vec<(Move, PathBuf, PathBuf)> = staged_films
            .iter()
            .map(|(staging, film)| {
                let from = staging.strip_prefix(root).unwrap_or(staging).to_path_buf();
                (Move::Film, from, (*film).clone())
            })
            .collect();
        for (file, path, new) in &staged {
            let from = file
                .path()
                .strip_prefix(root)
                .unwrap_or(file.path())
                .to_path_buf();
            let kind = if *new { Move::New } else { Move::Update };
            moves.push((kind, from, (*path).clone()));
        }
        // One move (a new film's folder, or one file) is whole by itself.
        if moves.len() > 1 {
            super::journal::begin(root, &moves).map_err(|e| (files[0].0.clone(), e))?;
        }
        for (staging, film) in staged_films.drain(..) {
            let full = root.join(film);
            let at = |e: io::Error| (film.join("index.md"), e);
            if fs::symlink_metadata(&full).is_ok() {
                let _ = fs::remove_dir_all(&staging);
                return Err(at(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "the film's folder was made while the import ran",
                )));
            }
            fs::rename(&staging, &full).map_err(|e| {
                let _ = fs::remove_dir_all(&staging);
                at(e)
            })?;
            placed_films.push(full);
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
    super::journal::end(root);
    if let Err((path, mut error)) = result {
        let mut undone = true;
        for (staging, _) in &staged_films {
            let _ = fs::remove_dir_all(staging);
        }
        for film in placed_films.iter().rev() {
            let _ = fs::remove_dir_all(film);
        }
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

/// A new, hidden folder beside where `film` goes, made as any folder is (the umask applies),
/// to write the film into before it is renamed into place.
fn staging_folder(films_dir: &Path, film: &Path) -> io::Result<PathBuf> {
    let name = film.file_name().unwrap_or_default().to_string_lossy();
    for n in 0.. {
        let staging = films_dir.join(format!(
            "{}{name}-{}-{n}",
            super::journal::STAGING,
            std::process::id()
        ));
        match fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some name is free")
}

/// The folder `path` goes in (`films_only`: `content/films/`), made where missing (each
/// folder made is added to `made`); an error for a path outside `content/films/` or
/// through a symbolic link.
fn safe_parent(
    root: &Path,
    path: &Path,
    made: &mut Vec<PathBuf>,
    films_only: bool,
) -> io::Result<PathBuf> {
    let inside = path.starts_with("content/films")
        && path.components().count() > 3
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(io::Error::other(
            "import writes only inside content/films/ (this is a bug: please report it)",
        ));
    }
    let mut dir = root.to_path_buf();
    // For a film made whole elsewhere, only `content/films/` itself.
    let parent = if films_only {
        Path::new("content/films")
    } else {
        path.parent().unwrap_or(path)
    };
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
    #[cfg(unix)]
    fn a_new_film_appears_whole_and_a_killed_import_s_leftovers_go() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let films = root.join("content/films");
        fs::create_dir_all(films.join(".marquee-import-old-1-0/reviews")).unwrap();
        fs::write(films.join(".marquee-import-old-1-0/index.md"), "half").unwrap();
        let _lock = super::super::journal::lock(root).unwrap();
        let mut import = Import::default();
        for (path, text) in [
            ("content/films/a-2000/index.md", "film"),
            ("content/films/a-2000/reviews/ann.md", "review"),
        ] {
            import.new.insert(PathBuf::from(path), text.to_string());
        }
        let written = write(root, &import, false);
        assert!(written.failed.is_empty(), "{:?}", written.failed);
        let names: Vec<_> = fs::read_dir(&films)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a-2000"], "the film, and no leftover");
        assert_eq!(
            fs::read_to_string(films.join("a-2000/reviews/ann.md")).unwrap(),
            "review"
        );
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
