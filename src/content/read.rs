//! Reading content files: never more of one than Marquee accepts, and on Linux relative to
//! an open handle of its folder, which spares the system resolving the whole path again for
//! each of a film's many reviews. A folder keeps the metadata of every file it read, which
//! the build's [stamp](crate::stamp) is made of.

use std::cell::RefCell;
use std::ffi::OsString;
use std::fs::Metadata;
use std::io::{self, Read};
use std::path::Path;

use super::parse::MAX_FILE_BYTES;

/// A folder whose files are read by name from a handle opened once (on Linux), or by their
/// full paths (elsewhere, or when the folder could not be opened).
pub(super) struct Folder {
    #[cfg(target_os = "linux")]
    handle: Option<rustix::fd::OwnedFd>,
    /// The files read, by name, with their metadata as they were opened.
    read: RefCell<Vec<(OsString, Metadata)>>,
}

impl Folder {
    /// Opens `dir`. Should it fail, its files are read by their full paths, so that any
    /// error is reported for the file that could not be read.
    pub(super) fn open(dir: &Path) -> Folder {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags, open};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Folder {
                handle: open(dir, flags, Mode::empty()).ok(),
                read: RefCell::default(),
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = dir;
            Folder::none()
        }
    }

    /// No folder: files are read by their full paths.
    pub(super) fn none() -> Folder {
        Folder {
            #[cfg(target_os = "linux")]
            handle: None,
            read: RefCell::default(),
        }
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
            let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW;
            match (&self.handle, path.file_name()) {
                (Some(handle), Some(name)) => {
                    Ok(openat(handle, name, flags, Mode::empty())?.into())
                }
                _ => Ok(rustix::fs::open(path, flags, Mode::empty())?.into()),
            }
        }
        #[cfg(not(target_os = "linux"))]
        std::fs::File::open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_link_in_a_files_place_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret"), "outside").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("r.md")).unwrap();
        let read = Folder::open(dir.path()).read(&dir.path().join("r.md"));
        assert!(read.is_err(), "{read:?}");
    }
}
