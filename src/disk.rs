//! What the stages that keep files between builds share, so that none reaches into another
//! for it: the site's cache folder, and writing a file whole or not at all.

use std::io::Write;
use std::path::Path;

/// The folder of the site, beside `content/`, where Marquee keeps what it can make again:
/// resized posters, build stamps, the import lock and journal. It can be deleted at any
/// time; `init` lists it in `.gitignore`.
pub const CACHE_DIR: &str = ".marquee-cache";

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, renamed
/// over it, so that a reader (a web server, another build) sees the old file or the new one,
/// never half of one. The file gets the usual permissions (`0666` less the umask), as a
/// plain write would give it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".marquee-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Starts removing the folder `path` with a detached `rm` (freeing a large tree is seconds of
/// kernel work nobody needs to wait for), never across a file system's edge, should a volume
/// be mounted in it; the `rm` is reaped when it ends, so a long-running preview server
/// collects no zombies, and a process that exits first leaves it to finish on its own.
/// False where no `rm` could be started: the caller removes the folder itself.
pub fn remove_in_background(path: &Path) -> bool {
    let one_file_system = if cfg!(target_os = "linux") {
        "--one-file-system"
    } else {
        "-x"
    };
    let spawned = std::process::Command::new("rm")
        .arg("-rf")
        .arg(one_file_system)
        .arg("--")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_with_the_usual_permissions_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            // Readable by others, as a page a web server serves must be (umask 077 aside).
            assert_eq!(mode & 0o600, 0o600);
            assert_ne!(mode, 0o600, "not the private mode of a temporary file");
        }
    }
}
