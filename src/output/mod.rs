//! Writing the built site atomically.
//!
//! Stage 4 of 4. Receives paths and bytes; hands on a finished output folder (or one file of
//! it replaced). `guard` decides where a build may write and holds the lock; `error` has the
//! ways writing fails.
//!
//! Pages are written into a staging folder beside the target; only when every page is
//! written is the staging folder swapped in. A failed or killed build therefore leaves the
//! previous output as it was, and the next build removes any staging folder left behind.
//! A marker file identifies folders Marquee made, so a mistyped `--output` can never wipe a
//! folder of the user's own, and lists the files the build wrote (`record`), so that a file
//! someone else put in the output stops the next build instead of vanishing with the
//! previous output. The output folder keeps its mode and its `.git` (`folder`).

mod error;
mod folder;
mod guard;
pub(crate) mod limits;
mod record;
mod written;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use error::io_err;
use guard::check_target;

pub(crate) use error::{MARKER, OutputError};
pub use guard::{Wait, is_marked, lock, no_follow, resolve};
pub use record::{GIT, unknown};
pub use written::{FilmExtras, PosterFiles, Written};

/// A folder being filled with the new site; dropped without [`Staging::commit`], it is removed.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    site_root: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Folders (relative, `/`-separated) already made, so that each file of a large site costs
    /// no extra `mkdir` call: such calls lock the parent folder even when it exists.
    made: Mutex<HashSet<String>>,
    /// The output being replaced, when Marquee made it: files that come out the same are
    /// linked from it instead of written again (see [`Staging::write`]).
    previous: Option<PathBuf>,
    /// Bytes of the site written so far (linked files included), for the summary line.
    bytes: AtomicU64,
    /// The largest file written so far, in bytes.
    largest: AtomicU64,
    /// Every file of the site, by its path in the output, with its metadata as written (the
    /// build's [stamp](crate::stamp) is made of it, sparing a walk of the output).
    files: Mutex<Vec<(String, fs::Metadata)>>,
    /// Whether files in the output that Marquee did not write may go (`build --clean`).
    clean: bool,
    /// The previous output folder's mode, which the new one keeps.
    mode: Option<fs::Permissions>,
}

/// Where `target` really is, when a build of the site at `site_root` may replace it: not a
/// place of the user's, not a folder Marquee did not make, not a mount point nor holding
/// one. `check` asks the same, so that it says what `build` would refuse.
pub fn may_replace(target: &Path, site_root: &Path) -> Result<PathBuf, OutputError> {
    let real = resolve(target)?;
    check_target(&real, target, site_root)?;
    folder::check_not_mounted(&real)?;
    folder::check_no_mounts_inside(&real)?;
    Ok(real)
}

/// Checks that `target` may be replaced and creates an empty staging folder beside it.
pub fn begin(target: &Path, site_root: &Path) -> Result<Staging, OutputError> {
    begin_with(target, site_root, false)
}

/// [`begin`]; `clean` lets the build delete files in the output that Marquee did not write,
/// which otherwise stop it (at once, where the output's marker lists what Marquee wrote).
pub(crate) fn begin_with(
    target: &Path,
    site_root: &Path,
    clean: bool,
) -> Result<Staging, OutputError> {
    let given = target;
    let target = may_replace(target, site_root)?;
    if !clean && record::has_record(&target) {
        refuse_unknown(&target, std::iter::empty())?;
    }
    let parent = target.parent().ok_or_else(|| OutputError::Refused {
        path: target.clone(),
        given: given.to_path_buf(),
        reason: "it has no parent folder".into(),
    })?;
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_leftovers(parent, &name);
    let dir = parent.join(format!(".{name}.marquee-staging-{}", unique()));
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
    }
    fs::create_dir(&dir).map_err(io_err(&dir))?;
    let mode = folder::take_mode(&target, &dir);
    // Files are linked from the previous output only where they already have the group a
    // file written now gets: after the folder was given another group, everything is
    // written again, and takes it.
    let previous = (is_marked(&target) && folder::same_group(&target.join(MARKER), &dir))
        .then(|| target.clone());
    Ok(Staging {
        target,
        site_root: resolve(site_root)?,
        dir,
        committed: false,
        made: Mutex::default(),
        previous,
        bytes: AtomicU64::new(0),
        largest: AtomicU64::new(0),
        files: Mutex::default(),
        clean,
        mode,
    })
}

/// Fails when the output `target` holds anything Marquee did not write (see
/// [`record::unknown`], with `planned` the files the build writes).
fn refuse_unknown<'a>(
    target: &Path,
    planned: impl Iterator<Item = &'a str>,
) -> Result<(), OutputError> {
    let files = unknown(target, planned);
    if files.is_empty() {
        return Ok(());
    }
    Err(OutputError::NotWritten {
        path: target.to_path_buf(),
        files,
    })
}

/// The metadata of `path` when it is a regular file holding exactly `bytes`; `None` when it
/// is not, or cannot be read.
fn holds(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    use std::io::Read;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    let mut file = options.open(path).ok()?;
    let meta = file
        .metadata()
        .ok()
        .filter(|m| m.is_file() && m.len() == bytes.len() as u64)?;
    let mut old = Vec::with_capacity(bytes.len() + 1);
    (file.read_to_end(&mut old).is_ok() && old == bytes).then_some(meta)
}

/// A name part no other build uses: the process and a count of its builds. The previous
/// output is removed in the background under the name its build staged in, so a later build
/// in the same process (the preview server) must never stage under that name again.
fn unique() -> String {
    static BUILDS: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        BUILDS.fetch_add(1, Ordering::Relaxed)
    )
}

/// Removes staging and old-output folders that a killed build may have left beside the target.
/// Where a build was killed between the two renames of the fallback swap, the target is
/// missing and the previous output sits in an old-output folder: it is put back first. A
/// `.git` left in one of them (by a build killed while carrying it over) is put back into the
/// target, and a folder whose `.git` cannot be is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let target = parent.join(name);
    if !target.exists()
        && let Ok(entries) = fs::read_dir(parent)
    {
        let prefix = format!(".{name}.marquee-old-");
        let stranded = entries
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(&prefix) && is_marked(&e.path()));
        if let Some(old) = stranded {
            let _ = fs::rename(old.path(), &target);
        }
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.marquee-staging-"),
        format!(".{name}.marquee-old-"),
    ];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| file_name.starts_with(p)) {
            continue;
        }
        // A folder with a mount point inside is never removed: that would empty the disk
        // mounted there.
        if !folder::mounts_within(&entry.path()).is_empty() {
            continue;
        }
        let kept = fs::symlink_metadata(target.join(GIT)).is_ok();
        let rescued = kept || folder::carry_git(&entry.path(), &target).is_ok();
        if rescued && fs::symlink_metadata(entry.path().join(GIT)).is_err() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

impl Staging {
    /// The largest file written so far, in bytes.
    pub(crate) fn largest(&self) -> u64 {
        self.largest.load(Ordering::Relaxed)
    }

    /// How many bytes the site written so far holds.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The staging folder.
    #[cfg(test)]
    fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file of the site, creating its folders; `rel` uses `/` separators.
    ///
    /// When the output being replaced holds exactly these bytes under the same name, that file
    /// is hard-linked into the new output instead: a rebuild where most pages come out the
    /// same then allocates and writes almost nothing (on some filesystems creating files
    /// right after a large tree was deleted is several times slower than linking), and
    /// unchanged files keep their modification times, which deploy tools that sync by size
    /// and time rely on. The previous output is never modified; where linking fails, the
    /// file is written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.prepare(rel)?;
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.largest
            .fetch_max(bytes.len() as u64, Ordering::Relaxed);
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if let Some(meta) = holds(&old, bytes)
                && fs::hard_link(&old, &path).is_ok()
            {
                self.record(rel, meta);
                return Ok(());
            }
        }
        let written = (|| {
            use std::io::Write;
            let mut file = fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.metadata()
        })();
        self.record(rel, written.map_err(io_err(&path))?);
        Ok(())
    }

    fn record(&self, rel: &str, meta: fs::Metadata) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((rel.to_string(), meta));
    }

    /// The full path of output file `rel`, its folder made if this build has not made it yet.
    fn prepare(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let path = self.dir.join(rel);
        if let Some((folder, _)) = rel.rsplit_once('/') {
            let made = || self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made().contains(folder) {
                let parent = self.dir.join(folder);
                fs::create_dir_all(&parent).map_err(io_err(&parent))?;
                made().insert(folder.to_string());
            }
        }
        Ok(path)
    }

    /// Swaps the finished site in place of the previous output; gives every file of it, by
    /// its path in the output, with its metadata.
    ///
    /// Unless the build may clean, it fails when the output holds anything Marquee did not
    /// write, however long the build took and whatever happened meanwhile. The output's
    /// `.git` and mode are carried over.
    pub fn commit(mut self) -> Result<Vec<(String, fs::Metadata)>, OutputError> {
        // Whatever sits at the target now is what the swap replaces: it must still be
        // Marquee's (or nothing), however long the build took and whatever happened meanwhile.
        check_target(&self.target, &self.target, &self.site_root)?;
        let marker = {
            let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            if !self.clean && fs::symlink_metadata(&self.target).is_ok() {
                refuse_unknown(&self.target, files.iter().map(|(f, _)| f.as_str()))?;
            }
            record::marker(files.iter().map(|(f, _)| f.as_str()))
        };
        self.write(MARKER, &marker)?;
        folder::finish_mode(&self.dir, &self.mode)?;
        let parent = self.dir.parent().expect("staging has a parent");
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let old = parent.join(format!(".{name}.marquee-old-{}", unique()));
        let had_previous = fs::symlink_metadata(&self.target).is_ok();
        let git = had_previous && folder::carry_git(&self.target, &self.dir)?;
        let put_back = || {
            if git {
                let _ = folder::carry_git(&self.dir, &self.target);
            }
        };
        if had_previous && exchange(&self.dir, &self.target).is_ok() {
            // One atomic step: the target now holds the new site, the staging path the old.
            self.committed = true;
            discard(&self.dir);
            return Ok(std::mem::take(
                self.files.get_mut().unwrap_or_else(|e| e.into_inner()),
            ));
        }
        if had_previous && let Err(source) = fs::rename(&self.target, &old) {
            put_back();
            return Err(folder::rename_failed(&self.target, source));
        }
        if let Err(source) = fs::rename(&self.dir, &self.target) {
            if had_previous {
                let _ = fs::rename(&old, &self.target);
            }
            put_back();
            return Err(folder::rename_failed(&self.target, source));
        }
        self.committed = true;
        if had_previous {
            discard(&old);
        }
        Ok(std::mem::take(
            self.files.get_mut().unwrap_or_else(|e| e.into_inner()),
        ))
    }
}

/// Replaces one file of a finished output folder in one atomic step (written beside it, then
/// renamed over it), so a reader sees the old file or the new one, never a half-written one.
/// Incremental rebuilds use it for the few pages that changed.
pub(crate) fn replace_file(output: &Path, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let path = output.join(rel);
    crate::disk::write_atomically(&path, bytes).map_err(io_err(&path))
}

/// Swaps two folders in one atomic step, so that no moment exists without an output folder.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Where the system has no atomic exchange, `commit` falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Removes the previous output once the new one is in place. Freeing a large tree is slow
/// kernel work (17 s for a 1.3 GB site on the benchmark machine) that nobody needs to wait
/// for, so it is handed to a detached `rm` where one exists.
fn discard(old: &Path) {
    if !crate::disk::remove_in_background(old) {
        remove_tree(old);
    }
}

/// Removes a large folder using every core: files in parallel, then folders deepest first.
/// Best effort: whatever is left is removed by the next build's leftover sweep.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .same_file_system(true)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    for d in dirs.iter().rev() {
        let _ = fs::remove_dir(d);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let out = root.join("public");
        let s = begin(&out, root).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = begin(&out, root).unwrap();
        s.write("b.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"two");
        // The previous output is removed in the background; give it a moment.
        let names = || -> Vec<_> {
            fs::read_dir(root)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect()
        };
        for _ in 0..100 {
            if names().len() == 1 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(names(), ["public"], "no staging or old folder left behind");
    }

    #[test]
    fn a_later_build_never_stages_where_the_previous_output_is_being_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for _ in 0..2 {
            let s = begin(&out, tmp.path()).unwrap();
            s.write("index.html", b"old").unwrap();
            s.commit().unwrap();
        }
        // After the second commit the first output sits under the second build's staging
        // name, being removed in the background.
        let last = begin(&out, tmp.path()).unwrap();
        let taken = last.dir().to_path_buf();
        last.commit().unwrap();
        let next = begin(&out, tmp.path()).unwrap();
        assert_ne!(next.dir(), taken);
        for i in 0..200 {
            next.write(&format!("films/f-{i}/index.html"), b"new")
                .unwrap();
        }
        next.commit().unwrap();
        assert_eq!(fs::read_dir(out.join("films")).unwrap().count(), 200);
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_files_that_came_out_the_same_and_writes_the_others() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let inode = |name: &str| fs::metadata(out.join(name)).unwrap().ino();
        let s = begin(&out, tmp.path()).unwrap();
        s.write("same.html", b"same").unwrap();
        s.write("films/a/index.html", b"before").unwrap();
        s.commit().unwrap();
        let (same, changed) = (inode("same.html"), inode("films/a/index.html"));
        let s = begin(&out, tmp.path()).unwrap();
        s.write("same.html", b"same").unwrap();
        s.write("films/a/index.html", b"after!").unwrap();
        assert_eq!(
            fs::read(out.join("films/a/index.html")).unwrap(),
            b"before",
            "the previous output is untouched until the swap"
        );
        s.commit().unwrap();
        assert_eq!(inode("same.html"), same, "linked, not written again");
        assert_ne!(inode("films/a/index.html"), changed);
        assert_eq!(fs::read(out.join("films/a/index.html")).unwrap(), b"after!");
        assert_eq!(fs::read(out.join("same.html")).unwrap(), b"same");
    }

    #[test]
    fn a_previous_output_stranded_by_a_kill_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stranded = tmp.path().join(".public.marquee-old-99");
        fs::create_dir_all(&stranded).unwrap();
        fs::write(stranded.join(MARKER), "").unwrap();
        fs::write(stranded.join("index.html"), "previous").unwrap();
        let s = begin(&out, tmp.path()).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous",
            "restored before the build writes anything"
        );
        drop(s);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
    }

    #[test]
    fn a_git_left_in_a_staging_folder_by_a_kill_is_put_back_into_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = begin(&out, tmp.path()).unwrap();
        s.commit().unwrap();
        // Killed after the `.git` went into the staging folder, before the swap.
        let staging = tmp.path().join(".public.marquee-staging-7");
        fs::create_dir_all(staging.join(".git/refs")).unwrap();
        fs::write(staging.join(".git/HEAD"), "ref").unwrap();
        drop(begin(&out, tmp.path()).unwrap());
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
        assert!(!staging.exists());
        // Where the output has a `.git` of its own, the other one is left where it is.
        fs::create_dir_all(staging.join(".git")).unwrap();
        drop(begin(&out, tmp.path()).unwrap());
        assert!(staging.join(".git").exists());
    }

    #[test]
    fn the_next_build_sweeps_leftovers_of_a_killed_one() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for leftover in [".public.marquee-staging-1", ".public.marquee-old-2"] {
            fs::create_dir_all(tmp.path().join(leftover).join("films")).unwrap();
        }
        let s = begin(&out, tmp.path()).unwrap();
        s.commit().unwrap();
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = begin(&out, tmp.path()).unwrap();
        s.write("index.html", b"good").unwrap();
        s.commit().unwrap();
        let s = begin(&out, tmp.path()).unwrap();
        s.write("index.html", b"half").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_folders_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("thesis.txt"), "precious").unwrap();
        let err = begin(&mine, tmp.path()).unwrap_err();
        assert!(err.to_string().contains("not made by Marquee"), "{err}");
        assert!(begin(tmp.path(), tmp.path()).is_err(), "site root");
        assert!(
            begin(Path::new("/"), tmp.path()).is_err(),
            "filesystem root"
        );
        assert!(
            begin(&tmp.path().join("content/x"), tmp.path()).is_err(),
            "inside sources"
        );
        assert_eq!(
            fs::read_to_string(mine.join("thesis.txt")).unwrap(),
            "precious"
        );
    }

    /// A site (`site/` with its sources), a folder of the user's own, a file, and a link to
    /// the whole workspace, in a fresh temporary folder.
    #[cfg(unix)]
    fn workspace() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().canonicalize().unwrap();
        for dir in [
            "site/content/films/a",
            "site/templates",
            "site/static",
            "victim",
        ] {
            fs::create_dir_all(ws.join(dir)).unwrap();
        }
        fs::write(ws.join("site/config.toml"), "").unwrap();
        fs::write(ws.join("victim/thesis.txt"), "years of work").unwrap();
        fs::write(ws.join("notes.txt"), "notes").unwrap();
        std::os::unix::fs::symlink(&ws, ws.join("alias")).unwrap();
        (tmp, ws)
    }

    #[cfg(unix)]
    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(200))]

        /// Any spelling of a protected place (extra `.`, detours through missing folders,
        /// `..` out and back in, a linked parent, trailing slashes) is refused and names it.
        #[test]
        fn every_spelling_of_a_protected_place_is_refused(
            place in 0usize..6,
            detours in proptest::collection::vec((0usize..4, 0usize..8), 0..4),
            via_link: bool,
            trailing in 0usize..3,
        ) {
            let (_tmp, ws) = workspace();
            let places = [
                "site", "site/content", "site/content/films/a", "site/templates", "victim",
                "notes.txt",
            ];
            let mut parts: Vec<String> = places[place].split('/').map(String::from).collect();
            // Each detour goes somewhere and comes back before part `at`.
            for (kind, at) in detours {
                let at = at % (parts.len() + 1);
                let back: &[&str] = match kind {
                    0 => &["."],
                    1 => &["missing", ".."],
                    2 => &["missing", "deeper", "..", ".."],
                    _ => &["site", "content", "..", ".."],
                };
                for (i, part) in back.iter().enumerate() {
                    parts.insert(at + i, part.to_string());
                }
            }
            let base = if via_link { ws.join("alias") } else { ws.clone() };
            let spelt = format!("{}/{}{}", base.display(), parts.join("/"), ["", "/", "/."][trailing]);
            let err = begin(Path::new(&spelt), &ws.join("site")).unwrap_err();
            let named = format!("refusing to write the site to {}", ws.join(places[place]).display());
            proptest::prop_assert!(err.to_string().starts_with(&named), "{spelt}: {err}");
            proptest::prop_assert_eq!(fs::read_to_string(ws.join("victim/thesis.txt")).unwrap(), "years of work");
            proptest::prop_assert!(ws.join("site/content/films/a").is_dir());
        }
    }
}
