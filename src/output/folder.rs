//! What the output folder itself keeps from one build to the next: its mode and group, and
//! a `.git` at its top; and whether it can be swapped at all (a mount point cannot).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::{OutputError, io_err};
use super::record::GIT;

/// The mode (and on Unix the group) of the folder at `target`, when there is one, given to
/// the staging folder `dir` as the build begins, so that what is made in it inherits them
/// (a set-group-ID folder passes its group on). The owner may always write into the staging
/// folder meanwhile; [`finish_mode`] sets the mode exactly before the swap.
pub(super) fn take_mode(target: &Path, dir: &Path) -> Option<fs::Permissions> {
    let meta = fs::metadata(target).ok().filter(fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // Best effort: a group the user is not in cannot be given.
        let _ = std::os::unix::fs::chown(dir, None, Some(meta.gid()));
        let mode = meta.permissions().mode() & 0o7777;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
    Some(meta.permissions())
}

/// Whether the file `old` has the group that a file made in the folder `dir` now gets (on
/// Unix; elsewhere there is no group to differ).
pub(super) fn same_group(old: &Path, dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let probe = dir.join(".marquee-group-probe");
        let made = fs::File::create(&probe).and_then(|f| f.metadata());
        let _ = fs::remove_file(&probe);
        match (fs::symlink_metadata(old), made) {
            (Ok(old), Ok(new)) => old.gid() == new.gid(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (old, dir);
        true
    }
}

/// Gives `dir` the mode `kept` from the previous output.
pub(super) fn finish_mode(dir: &Path, kept: &Option<fs::Permissions>) -> Result<(), OutputError> {
    match kept {
        Some(permissions) => fs::set_permissions(dir, permissions.clone()).map_err(io_err(dir)),
        None => Ok(()),
    }
}

/// Moves the [`GIT`] at the top of `from` to the top of `to`, when there is one; says
/// whether it did.
pub(super) fn carry_git(from: &Path, to: &Path) -> Result<bool, OutputError> {
    let git = from.join(GIT);
    if fs::symlink_metadata(&git).is_err() {
        return Ok(false);
    }
    fs::rename(&git, to.join(GIT)).map_err(io_err(&git))?;
    Ok(true)
}

/// Refuses `target` when it is a mount point (a Docker volume, say): it cannot be renamed,
/// so a new output cannot be swapped in for it.
pub(super) fn check_not_mounted(target: &Path) -> Result<(), OutputError> {
    if is_mount_point(target) {
        return Err(OutputError::MountPoint {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Refuses `target` when a folder inside it is a mount point (a volume bound at
/// `public/api`): the swap would move the volume into the staging folder, and removing the
/// previous output would delete what is on it.
pub(super) fn check_no_mounts_inside(target: &Path) -> Result<(), OutputError> {
    match mounts_within(target).into_iter().next() {
        Some(mount) => Err(OutputError::MountInside {
            path: target.to_path_buf(),
            mount,
        }),
        None => Ok(()),
    }
}

/// The mount points strictly inside `dir`: from the system's table where it has one
/// (Linux), else every folder under `dir` on another device than `dir`.
pub(super) fn mounts_within(dir: &Path) -> Vec<PathBuf> {
    #[cfg(target_os = "linux")]
    if let Ok(table) = fs::read_to_string("/proc/self/mountinfo") {
        return table
            .lines()
            .filter_map(|line| line.split(' ').nth(4))
            .map(|place| PathBuf::from(unescape_octal(place)))
            .filter(|place| place != dir && place.starts_with(dir))
            .collect();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(top) = fs::symlink_metadata(dir) else {
            return Vec::new();
        };
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir() && e.depth() > 0)
            .filter(|e| e.metadata().is_ok_and(|m| m.dev() != top.dev()))
            .map(walkdir::DirEntry::into_path)
            .collect()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Vec::new()
    }
}

/// Whether `path` is a mount point: listed as one by the system where it says (Linux), else
/// a folder on another device than its parent.
fn is_mount_point(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    if let Ok(table) = fs::read_to_string("/proc/self/mountinfo") {
        return table
            .lines()
            .filter_map(|line| line.split(' ').nth(4))
            .any(|place| Path::new(&unescape_octal(place)) == path);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Some(parent), Ok(meta)) = (path.parent(), fs::symlink_metadata(path)) else {
            return false;
        };
        meta.is_dir() && fs::metadata(parent).is_ok_and(|p| p.dev() != meta.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// A path as the mount table spells it, with `\040` for a space (octal escapes).
#[cfg(target_os = "linux")]
fn unescape_octal(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let code = bytes.get(i + 1..i + 4).and_then(|digits| {
            let digits = std::str::from_utf8(digits).ok()?;
            u8::from_str_radix(digits, 8).ok()
        });
        match (bytes[i], code) {
            (b'\\', Some(byte)) => {
                out.push(byte);
                i += 4;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The error for a failed rename of the output folder: a mount point where the system says
/// the folder is busy.
pub(super) fn rename_failed(target: &Path, source: io::Error) -> OutputError {
    if source.kind() == io::ErrorKind::ResourceBusy {
        OutputError::MountPoint {
            path: target.to_path_buf(),
        }
    } else {
        OutputError::Io {
            path: target.to_path_buf(),
            source,
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_mount_point_is_told_from_a_folder() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_not_mounted(tmp.path()).is_ok());
        assert!(check_not_mounted(&tmp.path().join("missing")).is_ok());
        // /proc is a file system of its own wherever Linux runs.
        let err = check_not_mounted(Path::new("/proc")).unwrap_err();
        assert!(err.to_string().contains("is a mount point"), "{err}");
        assert_eq!(unescape_octal("/mnt/my\\040volume"), "/mnt/my volume");
        let busy = rename_failed(Path::new("/x"), io::Error::from_raw_os_error(16));
        assert!(matches!(busy, OutputError::MountPoint { .. }), "{busy:?}");
    }
}
