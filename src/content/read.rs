//! Reading content folders and files: never more of a file than Marquee accepts, and on
//! Linux through one open handle of its folder, which is listed through that handle and whose
//! files are opened by name relative to it. That spares the system resolving the whole path
//! again for each of a film's many reviews, and opening the folder once more to list it. A
//! folder keeps the metadata of every file it read, which the build's [stamp](crate::stamp)
//! is made of.

use std::cell::RefCell;
use std::ffi::OsString;
use std::fs::Metadata;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The largest content file Marquee reads: far above any real review or synopsis, low enough
/// that a stray binary or generated blob cannot exhaust memory.
pub(crate) const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// What a folder listing says an entry is (a link is never followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EntryKind {
    File,
    Folder,
    Link,
}

/// A folder whose entries are listed and whose files are read through a handle opened once
/// (on Linux), or by their full paths (elsewhere, or when the folder could not be opened, so
/// that the error is reported for what could not be read).
pub(super) struct Folder {
    path: PathBuf,
    #[cfg(target_os = "linux")]
    dir: Option<rustix::fs::Dir>,
    /// Why a folder inside another could not be opened through that one's handle: it is then
    /// not listed by its path either, which could lead through a link put in its place.
    #[cfg(target_os = "linux")]
    refused: Option<io::Error>,
    /// The files read, by name, with their metadata as they were opened.
    read: RefCell<Vec<(OsString, Metadata)>>,
}

impl Folder {
    /// Opens `dir`.
    pub(super) fn open(dir: &Path) -> Folder {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags, open};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let dir_handle = open(dir, flags, Mode::empty()).ok();
            Folder::with(dir.to_path_buf(), dir_handle)
        }
        #[cfg(not(target_os = "linux"))]
        Folder::with(dir.to_path_buf())
    }

    /// Opens the folder `name` inside this one (as the listing found it: a link in its place
    /// since then is not followed).
    pub(super) fn open_in(&self, name: &std::ffi::OsStr) -> Folder {
        let path = self.path.join(name);
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags, openat};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NOFOLLOW;
            match self.dir.as_ref().map(|dir| {
                dir.fd()
                    .and_then(|fd| openat(fd, name, flags, Mode::empty()))
            }) {
                Some(Ok(handle)) => Folder::with(path, Some(handle)),
                Some(Err(e)) => Folder {
                    refused: Some(e.into()),
                    ..Folder::with(path, None)
                },
                None => Folder::with(path, None),
            }
        }
        #[cfg(not(target_os = "linux"))]
        Folder::with(path)
    }

    #[cfg(target_os = "linux")]
    fn with(path: PathBuf, handle: Option<rustix::fd::OwnedFd>) -> Folder {
        Folder {
            path,
            dir: handle.and_then(|fd| rustix::fs::Dir::new(fd).ok()),
            refused: None,
            read: RefCell::default(),
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn with(path: PathBuf) -> Folder {
        Folder {
            path,
            read: RefCell::default(),
        }
    }

    /// No folder: files are read by their full paths.
    pub(super) fn none() -> Folder {
        #[cfg(target_os = "linux")]
        return Folder::with(PathBuf::new(), None);
        #[cfg(not(target_os = "linux"))]
        Folder::with(PathBuf::new())
    }

    /// The folder's path.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry of the folder but `.` and `..`, by name, in no particular order.
    pub(super) fn entries(&mut self) -> io::Result<Vec<(OsString, EntryKind)>> {
        #[cfg(target_os = "linux")]
        if let Some(e) = self.refused.take() {
            return Err(e);
        }
        #[cfg(target_os = "linux")]
        if let Some(dir) = &mut self.dir {
            use rustix::fs::{AtFlags, FileType, statat};
            use std::os::unix::ffi::OsStringExt;
            let mut list = Vec::new();
            while let Some(entry) = dir.read() {
                let entry = entry?;
                let name = entry.file_name().to_bytes();
                if name == b"." || name == b".." {
                    continue;
                }
                let file_type = match entry.file_type() {
                    // Some file systems do not say in the listing.
                    FileType::Unknown => FileType::from_raw_mode(
                        statat(dir.fd()?, entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)?.st_mode,
                    ),
                    known => known,
                };
                let kind = match file_type {
                    FileType::Symlink => EntryKind::Link,
                    FileType::Directory => EntryKind::Folder,
                    _ => EntryKind::File,
                };
                list.push((OsString::from_vec(name.to_vec()), kind));
            }
            return Ok(list);
        }
        std::fs::read_dir(&self.path)?
            .map(|entry| {
                let entry = entry?;
                let kind = entry.file_type()?;
                let kind = if kind.is_symlink() {
                    EntryKind::Link
                } else if kind.is_dir() {
                    EntryKind::Folder
                } else {
                    EntryKind::File
                };
                Ok((entry.file_name(), kind))
            })
            .collect()
    }

    /// The files read so far, by name, with their metadata as they were opened.
    pub(super) fn take_read(&self) -> Vec<(OsString, Metadata)> {
        self.read.take()
    }

    /// The bytes of `path`, a file of this folder: at most [`MAX_FILE_BYTES`] + 1 of them,
    /// so that a file too large is known to be so without being read whole. A symbolic link
    /// put in the file's place since the folder was listed is not followed.
    pub(super) fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let mut file = self.open_file(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(io::Error::other(
                "it is not a regular file (a pipe, a socket or a device), which Marquee does \
                 not read; remove it",
            ));
        }
        let size = meta.len().min(MAX_FILE_BYTES as u64) as usize;
        // As much as the file holds and one byte more: a read that stops at the size the
        // file was opened with is its end, which spares asking again (one call in four).
        let mut bytes = vec![0; size + 1];
        let mut filled = 0;
        while filled < bytes.len() {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            if filled == size {
                break;
            }
        }
        bytes.truncate(filled);
        if filled == size + 1 && filled <= MAX_FILE_BYTES {
            // The file grew since it was opened: the rest, up to the limit.
            file.take((MAX_FILE_BYTES + 1 - filled) as u64)
                .read_to_end(&mut bytes)?;
        }
        if let Some(name) = path.file_name() {
            self.read.borrow_mut().push((name.to_owned(), meta));
        }
        Ok(bytes)
    }

    fn open_file(&self, path: &Path) -> io::Result<std::fs::File> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags, openat};
            // Non-blocking, so that opening a named pipe put where a file was does not wait
            // for a writer (reading a regular file is the same either way).
            let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK;
            match (&self.dir, path.file_name()) {
                (Some(dir), Some(name)) => {
                    Ok(openat(dir.fd()?, name, flags, Mode::empty())?.into())
                }
                _ => Ok(rustix::fs::open(path, flags, Mode::empty())?.into()),
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            if !std::fs::symlink_metadata(path)?.is_file() {
                return Err(io::Error::other(
                    "it is not a regular file (a pipe, a socket or a device), which Marquee \
                     does not read; remove it",
                ));
            }
            std::fs::File::open(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("x.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &pipe,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let folder = Folder::open(dir.path());
        let err = folder.read(&pipe).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn files_are_read_by_name_in_their_folder_and_capped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "hello").unwrap();
        let big = vec![b'x'; MAX_FILE_BYTES + 10];
        std::fs::write(dir.path().join("big.md"), &big).unwrap();
        for folder in [Folder::open(dir.path()), Folder::none()] {
            assert_eq!(folder.read(&dir.path().join("a.md")).unwrap(), b"hello");
            let read = folder.read(&dir.path().join("big.md")).unwrap();
            assert_eq!(read.len(), MAX_FILE_BYTES + 1);
            assert!(folder.read(&dir.path().join("missing.md")).is_err());
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_is_listed_through_its_handle_and_a_link_in_a_folders_place_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(dir.path().join("film/reviews")).unwrap();
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(dir.path().join("film/reviews/a.md"), "a").unwrap();
        std::fs::write(elsewhere.join("secret.md"), "s").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("film/linked")).unwrap();
        let mut film = Folder::open(&dir.path().join("film"));
        let mut listed = film.entries().unwrap();
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            listed,
            [
                ("linked".into(), EntryKind::Link),
                ("reviews".into(), EntryKind::Folder)
            ]
        );
        let mut reviews = film.open_in("reviews".as_ref());
        assert_eq!(
            reviews.entries().unwrap(),
            [("a.md".into(), EntryKind::File)]
        );
        assert_eq!(reviews.read(&reviews.path().join("a.md")).unwrap(), b"a");
        // Listed as a folder, then a link in its place: refused, not followed by its path.
        assert!(film.open_in("linked".as_ref()).entries().is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_link_in_a_files_place_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret"), "outside").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("r.md")).unwrap();
        let read = Folder::open(dir.path()).read(&dir.path().join("r.md"));
        assert!(read.is_err(), "{read:?}");
    }
}
