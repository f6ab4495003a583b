//! Reading content files: never more of one than Marquee accepts, and on Linux relative to
//! an open handle of its folder, which spares the system resolving the whole path again for
//! each of a film's many reviews.

use std::io::{self, Read};
use std::path::Path;

use super::parse::MAX_FILE_BYTES;

/// A folder whose files are read by name from a handle opened once (on Linux), or by their
/// full paths (elsewhere, or when the folder could not be opened).
pub(super) struct Folder {
    #[cfg(target_os = "linux")]
    handle: Option<rustix::fd::OwnedFd>,
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
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = dir;
            Folder {}
        }
    }

    /// No folder: files are read by their full paths.
    pub(super) fn none() -> Folder {
        Folder {
            #[cfg(target_os = "linux")]
            handle: None,
        }
    }

    /// The bytes of `path`, a file of this folder: at most [`MAX_FILE_BYTES`] + 1 of them,
    /// so that a file too large is known to be so without being read whole. A symbolic link
    /// put in the file's place since the folder was listed is not followed.
    pub(super) fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(4096);
        self.open_file(path)?
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
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
