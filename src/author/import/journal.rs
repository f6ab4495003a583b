//! What makes an import safe to kill: one import at a time (a lock), and a journal of the
//! moves that put a group's files in place, written before the first of them. An import
//! killed while moving is finished by the next one, from its journal: a film, and with
//! `--strict` the whole import, ends up written whole, never in part.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where the lock and the journal are kept, in the site's cache folder.
fn cache(root: &Path) -> PathBuf {
    root.join(crate::disk::CACHE_DIR)
}

fn journal_path(root: &Path) -> PathBuf {
    cache(root).join("import-journal")
}

/// One import's hold on a site: while it lives, no other import writes there.
#[derive(Debug)]
pub struct ImportLock {
    _file: fs::File,
}

/// What taking the lock found of an import that was stopped.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Files and folders an import killed while moving them into place, moved now.
    pub finished: usize,
}

/// Waits for any other import of the site at `root` to end, then finishes what a killed
/// import left in its journal and removes its leftovers. The lock is held until dropped.
pub fn lock(root: &Path) -> io::Result<(ImportLock, Recovered)> {
    fs::create_dir_all(cache(root))?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(cache(root).join("import.lock"))?;
    file.lock()?;
    let finished = replay(root)?;
    remove_leftovers_under(root);
    Ok((ImportLock { _file: file }, Recovered { finished }))
}

/// A move of a group: a staged file or folder to its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    /// A new film's folder, renamed into place.
    Film,
    /// A new file, moved where nothing is.
    New,
    /// A file replacing one.
    Update,
}

/// Writes the journal of a group's moves (paths relative to `root`) before the first move
/// is made. It is not synced to disk: it is for an import that is killed, whose writes the
/// system keeps (as it keeps the moves, which are not synced either); a sync for each film
/// doubled the time of a large import.
pub(super) fn begin(root: &Path, moves: &[(Move, PathBuf, PathBuf)]) -> io::Result<()> {
    fs::create_dir_all(cache(root))?;
    let mut text = String::new();
    for (kind, from, to) in moves {
        let kind = match kind {
            Move::Film => "film",
            Move::New => "new",
            Move::Update => "update",
        };
        text.push_str(&format!("{kind}\t{}\t{}\n", from.display(), to.display()));
    }
    let path = journal_path(root);
    fs::File::create(&path)?.write_all(text.as_bytes())
}

/// The group's moves are all made (or all undone): the journal goes.
pub(super) fn end(root: &Path) {
    let _ = fs::remove_file(journal_path(root));
}

/// Makes the moves a killed import's journal lists that are not made yet; how many.
fn replay(root: &Path) -> io::Result<usize> {
    let Ok(text) = fs::read_to_string(journal_path(root)) else {
        return Ok(0);
    };
    let mut finished = 0;
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(kind), Some(from), Some(to)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (from, to) = (root.join(from), root.join(to));
        if fs::symlink_metadata(&from).is_err() {
            continue;
        }
        let placed = fs::symlink_metadata(&to).is_ok();
        match kind {
            "update" => fs::rename(&from, &to)?,
            _ if placed && kind == "new" => fs::remove_file(&from)?,
            _ if placed => fs::remove_dir_all(&from)?,
            _ => fs::rename(&from, &to)?,
        }
        finished += usize::from(kind == "update" || !placed);
    }
    end(root);
    Ok(finished)
}

/// The start of the name of every file and folder an import stages its writes in, beside
/// where they go.
pub(super) const STAGING: &str = ".marquee-import-";

/// Removes what killed imports left under `content/films/`: hidden `.marquee-import-*`
/// files and folders. Only called with the site's import lock held, so none is another
/// import's, still running.
fn remove_leftovers_under(root: &Path) {
    let films = root.join("content/films");
    let Ok(entries) = fs::read_dir(&films) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if is_leftover(&path) {
            let _ = fs::remove_dir_all(&path);
            continue;
        }
        for folder in [path.clone(), path.join("reviews")] {
            let Ok(inner) = fs::read_dir(&folder) else {
                continue;
            };
            for leftover in inner
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| is_leftover(p))
            {
                let _ = fs::remove_file(leftover);
            }
        }
    }
}

fn is_leftover(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(STAGING))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_left_by_a_killed_import_is_finished_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("content/films/a-2000/reviews");
        fs::create_dir_all(root.join("content/films/.marquee-import-b-2000-1-0/reviews")).unwrap();
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.md"), "old").unwrap();
        fs::write(dir.join(".marquee-import-1"), "new").unwrap();
        fs::write(dir.join(".marquee-import-2"), "added").unwrap();
        fs::write(
            root.join("content/films/.marquee-import-b-2000-1-0/index.md"),
            "b",
        )
        .unwrap();
        let moves = [
            (
                Move::Film,
                "content/films/.marquee-import-b-2000-1-0",
                "content/films/b-2000",
            ),
            (
                Move::Update,
                "content/films/a-2000/reviews/.marquee-import-1",
                "content/films/a-2000/reviews/a.md",
            ),
            (
                Move::New,
                "content/films/a-2000/reviews/.marquee-import-2",
                "content/films/a-2000/reviews/b.md",
            ),
        ]
        .map(|(k, f, t)| (k, PathBuf::from(f), PathBuf::from(t)));
        begin(root, &moves).unwrap();
        // Killed after the first move.
        fs::rename(root.join(&moves[0].1), root.join(&moves[0].2)).unwrap();
        let (_lock, recovered) = lock(root).unwrap();
        assert_eq!(recovered.finished, 2);
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "new");
        assert_eq!(fs::read_to_string(dir.join("b.md")).unwrap(), "added");
        assert_eq!(
            fs::read_to_string(root.join("content/films/b-2000/index.md")).unwrap(),
            "b"
        );
        assert!(!journal_path(root).exists());
    }
}
