//! A build's stamp: what it read and what it wrote, so that building the same sources into the
//! same output again is recognised from the files' metadata alone and costs a look at them
//! instead of a build (as `make` and `cargo` skip work that is up to date).
//!
//! A stamp holds three digests and the build's report. The key covers what decides the
//! output besides the sources: Marquee's own executable, the command line's options, the
//! day and the two folders. The sources' digest covers the name, kind, size, inode and
//! modification and change times of every entry under `config.toml`, `content/`,
//! `templates/` and `static/`; the change time cannot be set back by any tool, so any edit
//! shows. A build takes the metadata of each file of a film folder from the handle it reads
//! the file through, before reading it, so that it costs no extra call: a file changed
//! after that has other times than the stamp keeps. The output's digest covers the same of
//! every file of the output as the build left it (without change times: removing the
//! previous output changes those of files linked from it), so an output touched since is
//! built again. A source changed just before the build began could change again within one
//! tick of the file system's clock and keep its times; a build that read any source changed
//! less than two seconds before it began therefore leaves no stamp (as git does for
//! "racily clean" files). Stamps live in the site's cache folder, never in the output.

mod meta;
mod summary;

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

pub(crate) use meta::Entries;
use meta::{Meta, meta_of};
pub(crate) use summary::{Figures, Summary};

/// What of the site a build reads, from its root.
const SITE_PARTS: [&str; 5] = ["config.toml", "content", "templates", "static", "i18n"];

/// The stamp as kept on disk.
#[derive(Serialize, Deserialize)]
struct Stamp {
    key: String,
    sources: String,
    output: String,
    report: Summary,
}

/// What, besides the sources, decides a build's output (`today`, the author's date, among
/// them): `None` when Marquee's own executable cannot be looked at, and then no build is
/// ever skipped.
pub(crate) fn key(
    root: &Path,
    output: &Path,
    options: &crate::config::Options<'_>,
    today: &str,
) -> Option<String> {
    // A site folder that is a link (followed by the build) is not looked through here: its
    // builds are never skipped.
    if SITE_PARTS
        .iter()
        .any(|part| std::fs::symlink_metadata(root.join(part)).is_ok_and(|m| m.is_symlink()))
    {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let exe = std::fs::metadata(exe).ok()?;
    let mut h = blake3::Hasher::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&meta_of(&exe, true).bytes);
    for folder in [root, output] {
        let folder = crate::output::resolve(folder).ok()?;
        h.update(folder.as_os_str().as_encoded_bytes());
        h.update(&[0]);
    }
    // The output folder's mode and group, which every file of a build takes: a folder given
    // another group since is built again.
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(output) {
        use std::os::unix::fs::MetadataExt;
        h.update(&meta.mode().to_le_bytes());
        h.update(&meta.gid().to_le_bytes());
    }
    let crate::config::Options {
        base_url,
        strict,
        drafts,
        force: _,
        clean: _,
    } = *options;
    h.update(base_url.unwrap_or("\u{0}none").as_bytes());
    h.update(&[strict as u8, drafts as u8, 0]);
    h.update(today.as_bytes());
    Some(h.finalize().to_hex().to_string())
}

/// The report of the last build of `root` into `output`, when its stamp says that nothing
/// it read or wrote has changed since and `key` is the same.
pub(crate) fn fresh(root: &Path, output: &Path, key: &str) -> Option<Summary> {
    let text = std::fs::read(file(root, key_of_output(output))).ok()?;
    let stamp: Stamp = serde_json::from_slice(&text).ok()?;
    if stamp.key != key {
        return None;
    }
    // The output first: it is the smaller look, and it is gone after a clean.
    if digest_output(output)? != stamp.output {
        return None;
    }
    let (sources, racy) = sources(root, None, None);
    (!racy && sources == stamp.sources).then_some(stamp.report)
}

/// Keeps the stamp of a build of `root` into `output` (with `key`) that saw the film folders
/// in `seen` as it read them, wrote `files` (each with its metadata as written, by its path
/// in the output) and reported `report`; a build that read a source changed just before it
/// began removes the stamp instead. Best effort: a stamp that cannot be written only means
/// that the next build is a full one.
pub(crate) fn save(
    root: &Path,
    output: &Path,
    key: &str,
    seen: &SourcesRead,
    files: Vec<(String, Metadata)>,
    report: &Summary,
) -> Option<()> {
    let path = file(root, key_of_output(output));
    let (sources, racy) = sources(root, Some(seen.since), Some(seen));
    if racy {
        let _ = std::fs::remove_file(&path);
        return None;
    }
    let written = Entries(
        files
            .into_iter()
            .map(|(rel, meta)| (rel, meta_of(&meta, false)))
            .collect(),
    );
    let stamp = Stamp {
        key: key.to_string(),
        sources,
        output: hex(written.digest(None).0),
        report: report.clone(),
    };
    let text = serde_json::to_vec(&stamp).ok()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    crate::disk::write_atomically(&path, &text).ok()?;
    Some(())
}

/// The film folders a build read, each with the digest of what it found in it, taken as it
/// read each file rather than by looking at every file again (a large site has hundreds of
/// thousands).
#[derive(Debug)]
pub(crate) struct SourcesRead {
    since: SystemTime,
    films: std::sync::Mutex<std::collections::HashMap<String, ([u8; 32], bool)>>,
}

impl SourcesRead {
    /// For a build that started at `started`.
    pub(crate) fn new(started: SystemTime) -> SourcesRead {
        SourcesRead {
            // Two seconds: file systems that keep times to the second, and the coarse clock
            // that stamps files, are both covered.
            since: started - Duration::from_secs(2),
            films: Default::default(),
        }
    }

    /// Keeps what a build found in the film folder `slug`.
    pub(crate) fn film(&self, slug: &str, entries: Entries) {
        let digest = entries.digest(Some(self.since));
        let mut films = self.films.lock().unwrap_or_else(|e| e.into_inner());
        films.insert(slug.to_string(), digest);
    }
}

/// The stamp file for an output folder.
fn file(root: &Path, output_key: String) -> PathBuf {
    root.join(crate::disk::CACHE_DIR)
        .join("builds")
        .join(output_key + ".json")
}

fn key_of_output(output: &Path) -> String {
    let output = crate::output::resolve(output).unwrap_or_else(|_| output.to_path_buf());
    let hash = blake3::hash(output.as_os_str().as_encoded_bytes());
    hash.to_hex()[..16].to_string()
}

/// The digest of the sources' metadata, and whether any of them changed at or after
/// `since` (when given). The film folders that `seen` has are taken from it; the others,
/// and everything else, are looked at now.
fn sources(root: &Path, since: Option<SystemTime>, seen: Option<&SourcesRead>) -> (String, bool) {
    use rayon::prelude::*;
    let mut rest = Entries::default();
    for name in ["config.toml", "templates", "static", "i18n"] {
        let path = root.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            rest.record(name.to_string(), &path);
        }
    }
    let film_dirs = content_folders(root, &mut rest);
    let kept =
        seen.map(|s| std::mem::take(&mut *s.films.lock().unwrap_or_else(|e| e.into_inner())));
    let films: Vec<([u8; 32], bool)> = film_dirs
        .par_iter()
        .map(|slug| match kept.as_ref().and_then(|k| k.get(slug)) {
            Some(digest) => *digest,
            None => {
                let mut entries = Entries::default();
                entries.walk(String::new(), &root.join("content/films").join(slug));
                entries.digest(since)
            }
        })
        .collect();
    let (rest, mut racy) = rest.digest(since);
    let mut h = blake3::Hasher::new();
    h.update(&rest);
    for (slug, (digest, r)) in film_dirs.iter().zip(films) {
        h.update(slug.as_bytes());
        h.update(&[0]);
        h.update(&digest);
        racy |= r;
    }
    (h.finalize().to_hex().to_string(), racy)
}

/// Keeps in `rest` every entry of `content/` but what is inside film folders, and gives the
/// film folders' names, sorted.
fn content_folders(root: &Path, rest: &mut Entries) -> Vec<String> {
    let content = root.join("content");
    let Ok(meta) = std::fs::symlink_metadata(&content) else {
        return Vec::new();
    };
    if !meta.is_dir() {
        rest.file("content".into(), &meta);
        return Vec::new();
    }
    rest.folder("content".into());
    let mut film_dirs = Vec::new();
    for entry in std::fs::read_dir(&content).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if name != "films" || !is_dir {
            rest.record(format!("content/{name}"), &entry.path());
            continue;
        }
        rest.folder("content/films".into());
        for film in std::fs::read_dir(entry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = film.file_name().to_string_lossy().into_owned();
            match film.file_type() {
                Ok(kind) if kind.is_dir() => film_dirs.push(name),
                _ => rest.record(format!("content/films/{name}"), &film.path()),
            }
        }
    }
    film_dirs.sort_unstable();
    film_dirs
}

/// The digest of an output folder's files as they are now, as [`save`] makes it from the
/// files written; `None` when the folder is not there.
fn digest_output(output: &Path) -> Option<String> {
    if !std::fs::symlink_metadata(output).ok()?.is_dir() {
        return None;
    }
    let mut files = Vec::new();
    output_files(output, "", &mut files);
    Some(hex(Entries(files).digest(None).0))
}

/// Every file under `dir` (folders are not kept: the files' paths speak for them), by path
/// after `prefix`, with its metadata without the change time (removing the previous output
/// changes that of the files linked from it). The film folders are taken in parallel.
fn output_files(dir: &Path, prefix: &str, out: &mut Vec<(String, Meta)>) {
    use rayon::prelude::*;
    let Ok(list) = std::fs::read_dir(dir) else {
        out.push((format!("{prefix}?"), Meta::UNREADABLE));
        return;
    };
    let entries: Vec<_> = list.collect();
    let one = |entry: &std::io::Result<std::fs::DirEntry>| {
        let mut found = Vec::new();
        let Ok(entry) = entry else {
            found.push((format!("{prefix}?"), Meta::UNREADABLE));
            return found;
        };
        // The output's `.git` is carried over, not written: its commits are not the build's.
        if prefix.is_empty() && entry.file_name() == crate::output::GIT {
            return found;
        }
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => output_files(&entry.path(), &(rel + "/"), &mut found),
            _ => match entry.metadata() {
                Ok(meta) => found.push((rel, meta_of(&meta, false))),
                Err(_) => found.push((rel, Meta::UNREADABLE)),
            },
        }
        found
    };
    if entries.len() > 64 {
        let found: Vec<Vec<(String, Meta)>> = entries.par_iter().map(one).collect();
        out.extend(found.into_iter().flatten());
    } else {
        for entry in &entries {
            out.extend(one(entry));
        }
    }
}

/// A digest as text.
fn hex(digest: [u8; 32]) -> String {
    blake3::Hash::from_bytes(digest).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A site whose one film folder holds every kind of entry a loader meets.
    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let film = tmp.path().join("content/films/a-film-2001");
        fs::create_dir_all(film.join("reviews/nested")).unwrap();
        fs::create_dir_all(film.join("extras")).unwrap();
        fs::create_dir_all(tmp.path().join("content/critics")).unwrap();
        fs::create_dir_all(tmp.path().join("templates")).unwrap();
        let files = [
            (
                "content/films/a-film-2001/index.md",
                "+++\ntitle = \"A\"\nyear = 2001\n+++\n",
            ),
            ("content/films/a-film-2001/poster.jpg", "not really"),
            ("content/films/a-film-2001/.notes.swp", "editor"),
            ("content/films/a-film-2001/stray.md", "misplaced"),
            ("content/films/a-film-2001/extras/x.txt", "nested"),
            (
                "content/films/a-film-2001/reviews/a.md",
                "+++\ncritic = \"A\"\nscore = 50\n+++\n",
            ),
            ("content/films/a-film-2001/reviews/b.txt", "misplaced"),
            ("content/films/a-film-2001/reviews/.c.md~", "backup"),
            ("content/films/a-film-2001/reviews/nested/d.md", "deep"),
            ("content/critics/a.md", "+++\nname = \"A\"\n+++\n"),
            ("templates/film.html", "{{ film.title }}"),
            ("config.toml", "title = \"T\"\n"),
        ];
        for (path, text) in files {
            fs::write(tmp.path().join(path), text).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink("index.md", film.join("reviews/link.md")).unwrap();
        tmp
    }

    fn loaded(root: &Path) -> String {
        let seen = SourcesRead::new(SystemTime::now());
        let options = crate::content::LoadOptions {
            seen: Some(&seen),
            base_path: "/",
            ..Default::default()
        };
        let _ = crate::content::load(root, options);
        assert_eq!(
            seen.films.lock().unwrap().len(),
            1,
            "the film folder was seen"
        );
        sources(root, None, Some(&seen)).0
    }

    #[test]
    fn what_a_build_saw_as_it_read_is_what_a_look_at_the_files_finds() {
        let tmp = site();
        let looked = sources(tmp.path(), None, None).0;
        assert_eq!(loaded(tmp.path()), looked);
        assert_eq!(
            sources(tmp.path(), None, None).0,
            looked,
            "reading changes nothing"
        );
    }

    /// A change made to a film folder, and what it is.
    type Change = (&'static str, fn(&Path));

    #[test]
    fn any_change_in_a_film_folder_changes_the_digest() {
        let film = "content/films/a-film-2001/";
        let changes: [Change; 6] = [
            ("a review rewritten", |p| {
                fs::write(
                    p.join("reviews/a.md"),
                    "+++\ncritic = \"A\"\nscore = 51\n+++\n",
                )
                .unwrap()
            }),
            ("the poster replaced", |p| {
                fs::write(p.join("poster.jpg"), "not really!").unwrap()
            }),
            ("a hidden file added", |p| {
                fs::write(p.join("reviews/.new"), "").unwrap()
            }),
            ("a nested file removed", |p| {
                fs::remove_file(p.join("extras/x.txt")).unwrap()
            }),
            ("a folder added", |p| {
                fs::create_dir(p.join("reviews/more")).unwrap()
            }),
            ("a review renamed", |p| {
                fs::rename(p.join("reviews/a.md"), p.join("reviews/z.md")).unwrap()
            }),
        ];
        for (what, change) in changes {
            let tmp = site();
            let before = loaded(tmp.path());
            change(&tmp.path().join(film));
            assert_ne!(sources(tmp.path(), None, None).0, before, "{what}");
            assert_eq!(
                loaded(tmp.path()),
                sources(tmp.path(), None, None).0,
                "{what}"
            );
        }
    }

    #[test]
    fn any_change_to_the_settings_the_theme_or_other_content_changes_the_digest() {
        let changes: [Change; 4] = [
            ("the config edited", |p| {
                fs::write(p.join("config.toml"), "title = \"U\"\n").unwrap()
            }),
            ("a template edited", |p| {
                fs::write(p.join("templates/film.html"), "{{ film.year }}").unwrap()
            }),
            ("a static file added", |p| {
                fs::create_dir_all(p.join("static")).unwrap();
                fs::write(p.join("static/logo.svg"), "<svg/>").unwrap()
            }),
            ("a critic's profile removed", |p| {
                fs::remove_file(p.join("content/critics/a.md")).unwrap()
            }),
        ];
        for (what, change) in changes {
            let tmp = site();
            let before = loaded(tmp.path());
            change(tmp.path());
            assert_ne!(sources(tmp.path(), None, None).0, before, "{what}");
        }
    }

    /// Places in a film folder a change can touch: the files a loader reads, those it only
    /// looks at, the hidden ones it skips, and folders where none is expected.
    const PLACES: [&str; 9] = [
        "index.md",
        "reviews/a.md",
        "reviews/b.md",
        "reviews/.b.md.swp",
        "reviews/deep/c.md",
        "poster.jpg",
        "notes.md",
        "extras/x/y.txt",
        ".hidden/z",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Whatever is done to a film folder, what a loader saw as it read equals what a look
        /// at the files finds, and every change that took changes the digest.
        #[test]
        fn the_loaders_view_and_a_look_agree_through_any_changes(
            steps in proptest::collection::vec((0..4u8, 0..PLACES.len()), 1..12)
        ) {
            let tmp = site();
            let film = tmp.path().join("content/films/a-film-2001");
            let mut before = loaded(tmp.path());
            for (step, (op, place)) in steps.into_iter().enumerate() {
                let path = film.join(PLACES[place]);
                // Each write a size of its own: two writes of one size within one tick of the
                // clock are the case a build's stamp is refused for (see `SourcesRead`).
                let text = format!("+++\n{}+++\n", "#".repeat(step));
                let took = match op {
                    0 => fs::create_dir_all(path.parent().unwrap())
                        .and_then(|_| fs::write(&path, text))
                        .is_ok(),
                    1 => fs::remove_file(&path).is_ok(),
                    2 => !path.exists() && fs::create_dir_all(&path).is_ok(),
                    _ => {
                        #[cfg(unix)]
                        let linked = fs::create_dir_all(path.parent().unwrap())
                            .and_then(|_| std::os::unix::fs::symlink("index.md", &path))
                            .is_ok();
                        #[cfg(not(unix))]
                        let linked = false;
                        linked
                    }
                };
                let after = loaded(tmp.path());
                proptest::prop_assert_eq!(&after, &sources(tmp.path(), None, None).0);
                if took {
                    proptest::prop_assert_ne!(&after, &before, "{} {}", op, PLACES[place]);
                } else {
                    proptest::prop_assert_eq!(&after, &before, "{} {}", op, PLACES[place]);
                }
                before = after;
            }
        }
    }

    #[test]
    fn a_build_that_read_a_file_changed_just_before_it_began_leaves_no_stamp() {
        let tmp = site();
        let seen = SourcesRead::new(SystemTime::now());
        let options = crate::content::LoadOptions {
            seen: Some(&seen),
            base_path: "/",
            ..Default::default()
        };
        let _ = crate::content::load(tmp.path(), options);
        assert!(sources(tmp.path(), Some(seen.since), Some(&seen)).1);
        let long_ago = SourcesRead::new(SystemTime::now() + Duration::from_secs(10));
        let _ = crate::content::load(
            tmp.path(),
            crate::content::LoadOptions {
                seen: Some(&long_ago),
                ..options
            },
        );
        assert!(!sources(tmp.path(), Some(long_ago.since), Some(&long_ago)).1);
    }
}
