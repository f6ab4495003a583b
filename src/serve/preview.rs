//! The preview's own output folder, in the system's temporary folder: made private to its
//! user, marked with the process that owns it, removed without making anyone wait when the
//! preview stops, and swept by the next preview where a killed one left it.

use std::fs;
use std::path::Path;

/// The name every preview folder starts with.
const PREFIX: &str = "marquee-preview-";

/// The file in a preview folder naming the process that owns it.
const OWNER: &str = ".owner";

/// Makes a new preview folder, readable by its user alone, marked with this process; first
/// sweeps the folders of previews that are no longer running.
pub(crate) fn make() -> std::io::Result<tempfile::TempDir> {
    sweep(&std::env::temp_dir());
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let dir = builder.tempdir()?;
    fs::write(dir.path().join(OWNER), std::process::id().to_string())?;
    Ok(dir)
}

/// Removes the preview folder `dir` in the background (a preview of a large site is
/// gigabytes, which take seconds to free), so that the preview stops at once; where no
/// background removal can be started, removes it here.
pub(crate) fn discard(dir: tempfile::TempDir) {
    let path = dir.keep();
    if !marquee::disk::remove_in_background(&path) {
        let _ = fs::remove_dir_all(&path);
    }
}

/// Removes, in the background, the preview folders in `temp` whose owner is no longer
/// running (a preview killed without a chance to clean up). Only where the system says
/// which processes run (Linux); a folder without an owner is left alone.
fn sweep(temp: &Path) {
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with(PREFIX) && is_abandoned(&path) {
            marquee::disk::remove_in_background(&path);
        }
    }
}

/// Whether the preview folder `dir` belongs to a process that is no longer running.
fn is_abandoned(dir: &Path) -> bool {
    let Some(pid) = fs::read_to_string(dir.join(OWNER))
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
    else {
        return false;
    };
    cfg!(target_os = "linux")
        && pid != std::process::id()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes the preview folder when serve is stopped (Ctrl-C, SIGTERM, a closed terminal),
/// after any write in progress has finished; a preview of a large site is gigabytes.
pub(crate) fn remove_on_exit(
    preview: std::sync::Arc<std::sync::Mutex<Option<tempfile::TempDir>>>,
    output: &std::path::Path,
    root: &std::path::Path,
) {
    let (output, root) = (output.to_path_buf(), root.to_path_buf());
    let handler = move || {
        let mut preview = preview.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = preview.take() {
            // After any write in progress; the removal itself goes on in the background.
            let _lock =
                marquee::output::lock(&output, &root, marquee::output::Wait::Block(&|_| {}));
            eprintln!("removing the preview in {}", dir.path().display());
            discard(dir);
        }
        std::process::exit(0);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the preview folder stays after serve ends");
    }
}
