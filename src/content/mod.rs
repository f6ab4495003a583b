//! Finds and reads every file under `content/`, turning each into validated model data.
//!
//! Files are read and parsed in parallel. A bad file never stops the others: each problem
//! becomes a [`Diagnostic`] pointing at the file, line and column, and loading goes on so that
//! one run reports everything. docs/content.md describes the format.
//!
//! Stage 1 of 4. Receives the site's folder; hands on a [`model::Content`] (every value
//! checked, Markdown rendered, names' slugs made) and the [`Diagnostic`]s found. `parse`
//! dispatches each file to its kind (`film`, `review`, `profile`), which share `source`.

pub(crate) mod anchors;
mod film;
pub mod frontmatter;
pub(crate) mod markdown;
pub mod model;
mod page;
mod parse;
mod profile;
mod read;
mod review;
mod source;

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use model::{Content, Film, is_valid_slug, slugify};
use parse::{Kind, parse_file};
use read::{EntryKind, Folder};
use source::{Parsed, relative};

pub use parse::{film_errors, parse_review_bytes};
#[cfg(test)]
use read::MAX_FILE_BYTES;
pub use source::LoadOptions;

/// Reads the whole `content/` folder of the site at `root`.
///
/// Returns the content that could be read and every problem found; the caller decides
/// whether errors among the diagnostics stop the build.
pub fn load(root: &Path, options: LoadOptions<'_>) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(Code::E002, Path::new("content"), "the site has no `content/` folder")
                .help("run marquee in the site's root folder, or pass --root; `content/films/<slug>/index.md` holds a film"),
        );
        return (Content::default(), diagnostics);
    }
    let (files, film_dirs) = discover(root, &content_dir, &mut diagnostics);

    // Each film folder is walked and its files parsed inside the parallel loop, so the
    // walking of one folder overlaps with the parsing of another.
    let films: Vec<(Option<Film>, Vec<Diagnostic>)> = film_dirs
        .par_iter()
        .map(|slug| load_film(root, slug, options))
        .collect();
    let profiles: Vec<(Parsed, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(path, kind)| parse_file(root, &Folder::none(), path, kind, options))
        .collect();
    let mut content = Content::default();
    for (item, mut problems) in profiles {
        diagnostics.append(&mut problems);
        match item {
            Parsed::Critic(c) => content.critics.push(c),
            Parsed::Publication(p) => content.publications.push(p),
            Parsed::Page(p) if p.draft && !options.drafts => content
                .drafts_left_out
                .push((crate::routes::page(&p.slug), p.source.clone())),
            Parsed::Page(p) => content.pages.push(*p),
            // Film folders are not descended into above: their files come from `load_film`.
            Parsed::Film(_) | Parsed::Reviews(..) | Parsed::Nothing => {}
        }
    }
    for (slug, (film, mut problems)) in film_dirs.iter().zip(films) {
        // A folder read without an error that gives no film is a draft left out.
        if film.is_none() && !options.drafts && !problems.iter().any(Diagnostic::is_error) {
            let index = Path::new("content/films").join(slug).join("index.md");
            content
                .drafts_left_out
                .push((crate::routes::film(slug), index));
        }
        diagnostics.append(&mut problems);
        content.films.extend(film);
    }
    content.critics.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.publications.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    (content, diagnostics)
}

/// Reads one film folder, `content/films/<slug>/`: the film with its reviews (in no
/// particular order) and the problems found. [`load`] reads every folder this way; the
/// preview server uses it to re-read only the folder that changed.
pub(crate) fn load_film(
    root: &Path,
    slug: &str,
    options: LoadOptions<'_>,
) -> (Option<Film>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut entries = crate::stamp::Entries::default();
    // A film's folder and its reviews folder are each opened once, listed and read through.
    let mut folders = [
        Folder::open(&root.join("content/films").join(slug)),
        Folder::none(),
    ];
    let files = film_files(root, &mut folders, slug, &mut diagnostics, &mut entries);
    let mut film = None;
    let mut reviews = Vec::new();
    for (path, kind) in &files {
        // `film_files` gives only the film's own files and its reviews.
        let folder = match kind {
            Kind::Review { .. } => &folders[1],
            _ => &folders[0],
        };
        let (item, mut problems) = parse_file(root, folder, path, kind, options);
        diagnostics.append(&mut problems);
        match item {
            Parsed::Film(f) => film = Some(*f),
            Parsed::Reviews(mut list) => reviews.append(&mut list),
            _ => {}
        }
    }
    if let Some(seen) = options.seen {
        for (name, meta) in folders[0].take_read() {
            entries.file(name.to_string_lossy().into_owned(), &meta);
        }
        for (name, meta) in folders[1].take_read() {
            entries.file(format!("reviews/{}", name.to_string_lossy()), &meta);
        }
        seen.film(slug, entries);
    }
    match film {
        // A draft film is left out whole; its files were still checked.
        Some(film) if film.draft && !options.drafts => (None, diagnostics),
        Some(mut film) => {
            // Ids first, so that a draft takes its id with it and leaves the others' alone.
            diagnostics.append(&mut anchors::identify_reviews(&mut reviews));
            if !options.drafts {
                reviews.retain(|r| !r.draft);
            }
            film.reviews.append(&mut reviews);
            (Some(film), diagnostics)
        }
        None => {
            if !has_index_error(&diagnostics, slug) {
                diagnostics.push(no_index(slug));
            }
            (None, diagnostics)
        }
    }
}

/// The error for a film folder without `index.md`.
fn no_index(slug: &str) -> Diagnostic {
    Diagnostic::error(
        Code::E005,
        &Path::new("content/films").join(slug),
        "this film folder has no `index.md`",
    )
    .help("add `index.md` with `title` and `year` in its front matter, or remove the folder")
}

fn has_index_error(diagnostics: &[Diagnostic], slug: &str) -> bool {
    let index = Path::new("content/films").join(slug).join("index.md");
    diagnostics.iter().any(|d| d.path == index)
}

/// Walks `start` (`content/` or one film folder) and classifies each file by its place.
/// Returns the files to parse and the film folders met, which are not descended into.
fn discover(
    root: &Path,
    start: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(PathBuf, Kind)>, Vec<String>) {
    let mut files = Vec::new();
    let mut film_dirs = Vec::new();
    let mut walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(e.file_name().to_string_lossy().as_ref()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
                diagnostics.push(Diagnostic::error(
                    Code::E001,
                    &relative(root, &path),
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let parts: Vec<std::borrow::Cow<'_, str>> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy()),
                _ => None,
            })
            .collect();
        let parts: Vec<&str> = parts.iter().map(|p| p.as_ref()).collect();
        // `content/` itself may be a link (a site whose content lives in another checkout):
        // it is followed, as `templates/` and `static/` are; links inside it never are.
        if entry.depth() == 0 {
            continue;
        }
        if entry.file_type().is_symlink() {
            diagnostics.push(link_skipped(rel));
            continue;
        }
        if entry.file_type().is_dir() {
            if let ["content", "films"] = parts[..] {
                // Film folders are walked separately, in parallel (see `load`): listed here
                // without being opened, since there may be tens of thousands.
                walker.skip_current_dir();
                film_folders(root, entry.path(), diagnostics, &mut film_dirs);
            }
            continue;
        }
        let kind = match parts[..] {
            ["content", "films", slug, "index.md"] => Kind::Film { slug: slug.into() },
            ["content", "films", slug, "reviews", name] if name.ends_with(".md") => {
                Kind::Review { film: slug.into() }
            }
            ["content", "films", slug, "reviews.toml"] => Kind::ReviewBatch { film: slug.into() },
            ["content", "films", _, name] if !name.ends_with(".md") => Kind::FilmAsset,
            ["content", "critics", name] if name.ends_with(".md") => Kind::Critic,
            ["content", "publications", name] if name.ends_with(".md") => Kind::Publication,
            ["content", "pages", name] if name.ends_with(".md") => Kind::Page,
            _ => {
                diagnostics.push(misplaced(rel));
                continue;
            }
        };
        let in_bad_film = matches!(&kind, Kind::Film { slug } | Kind::Review { film: slug } | Kind::ReviewBatch { film: slug } if !is_valid_slug(slug));
        if kind != Kind::FilmAsset && !in_bad_film {
            files.push((entry.into_path(), kind));
        }
    }
    (files, film_dirs)
}

/// The film folders in `content/films/` (`films`), by name; anything else there gets the
/// warning a walk gives it, and a folder whose name is no slug an error.
fn film_folders(
    root: &Path,
    films: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    film_dirs: &mut Vec<String>,
) {
    for (name, kind) in listing(root, &mut Folder::open(films), diagnostics, None) {
        let rel = relative(root, &films.join(&name));
        let slug = name.to_string_lossy();
        match kind {
            EntryKind::Link => diagnostics.push(link_skipped(&rel)),
            EntryKind::File => diagnostics.push(misplaced(&rel)),
            EntryKind::Folder if is_valid_slug(&slug) => film_dirs.push(slug.into_owned()),
            EntryKind::Folder => {
                let fixed = slugify(&slug);
                diagnostics.push(
                    Diagnostic::error(Code::E004, &rel, format!("`{slug}` is not a valid film slug"))
                        .help(format!(
                            "folder names are the films' URLs: use lowercase letters, digits and single hyphens, e.g. rename it to `{}`",
                            if fixed.is_empty() { "my-film-1996".to_string() } else { fixed }
                        )),
                );
            }
        }
    }
}

/// The entries of `folder`, by name, in byte order of their names, without the hidden and
/// temporary ones; a folder that cannot be read is an error (E001). Those left out are kept
/// in `seen` (when given), under its prefix.
fn listing(
    root: &Path,
    folder: &mut Folder,
    diagnostics: &mut Vec<Diagnostic>,
    mut seen: Option<(&mut crate::stamp::Entries, &str)>,
) -> Vec<(std::ffi::OsString, EntryKind)> {
    let mut list = match folder.entries() {
        Ok(list) => list,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                Code::E001,
                &relative(root, folder.path()),
                format!("cannot read this folder: {e}"),
            ));
            return Vec::new();
        }
    };
    list.retain(|(name, _)| {
        let ignored = is_ignored_name(&name.to_string_lossy());
        if let (true, Some((seen, prefix))) = (ignored, &mut seen) {
            seen.record(
                format!("{prefix}{}", name.to_string_lossy()),
                &folder.path().join(name),
            );
        }
        !ignored
    });
    list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The files to parse in the film folder `dir` (`content/films/<slug>/`): `index.md`,
/// `reviews.toml` and `reviews/*.md`, in the order a walk sorted by name meets them (reviews
/// with the same byline are numbered in that order). One listing per folder rather than a
/// general walk, since a large site has tens of thousands of them; anything else in the
/// folder gets the warnings [`discover`] gives it. Every entry that is not to be read is
/// kept in `seen`; the files read are kept as they are read.
fn film_files(
    root: &Path,
    folders: &mut [Folder; 2],
    slug: &str,
    diagnostics: &mut Vec<Diagnostic>,
    seen: &mut crate::stamp::Entries,
) -> Vec<(PathBuf, Kind)> {
    let mut files = Vec::new();
    seen.folder(String::new());
    let [film_folder, reviews_folder] = folders;
    for (name, kind) in listing(root, film_folder, diagnostics, Some((seen, ""))) {
        let path = film_folder.path().join(&name);
        let name = name.to_string_lossy();
        match (kind, name.as_ref()) {
            (EntryKind::Link, _) => {
                diagnostics.push(link_skipped(&relative(root, &path)));
                seen.record(name.into_owned(), &path);
            }
            (EntryKind::Folder, "reviews") => {
                seen.folder("reviews".into());
                *reviews_folder = film_folder.open_in("reviews".as_ref());
                for (name, kind) in
                    listing(root, reviews_folder, diagnostics, Some((seen, "reviews/")))
                {
                    let file = path.join(&name);
                    match kind {
                        EntryKind::File if name.to_string_lossy().ends_with(".md") => {
                            files.push((file, Kind::Review { film: slug.into() }));
                            continue;
                        }
                        EntryKind::Link => diagnostics.push(link_skipped(&relative(root, &file))),
                        EntryKind::File => diagnostics.push(misplaced(&relative(root, &file))),
                        EntryKind::Folder => files.extend(discover(root, &file, diagnostics).0),
                    }
                    seen.record(format!("reviews/{}", name.to_string_lossy()), &file);
                }
            }
            (EntryKind::Folder, _) => {
                files.extend(discover(root, &path, diagnostics).0);
                seen.record(name.into_owned(), &path);
            }
            (EntryKind::File, "index.md") => files.push((path, Kind::Film { slug: slug.into() })),
            (EntryKind::File, "reviews.toml") => {
                files.push((path, Kind::ReviewBatch { film: slug.into() }));
            }
            (EntryKind::File, other) => {
                if other.ends_with(".md") {
                    diagnostics.push(misplaced(&relative(root, &path)));
                }
                // Otherwise an image or another file of the film's own (a poster): not
                // parsed, but a change to it still changes the site.
                seen.record(name.into_owned(), &path);
            }
        }
    }
    files
}

/// The warning for a symbolic link met in the site.
fn link_skipped(rel: &Path) -> Diagnostic {
    Diagnostic::warning(
        Code::W002,
        rel,
        "symbolic links are not followed; this one is skipped",
    )
    .help("copy the file into the site instead of linking to it")
}

/// The warning for a file where Marquee reads nothing.
fn misplaced(rel: &Path) -> Diagnostic {
    Diagnostic::warning(Code::W001, rel, "Marquee does not read a file in this place; it is ignored")
        .help("films live in content/films/<slug>/index.md, reviews in content/films/<slug>/reviews/<name>.md, profiles in content/critics/ and content/publications/, pages in content/pages/<slug>.md")
}

/// Hidden files and editors' temporary files, which are never content (the rule of
/// [`crate::ignore::skip`]).
fn is_ignored_name(name: &str) -> bool {
    crate::ignore::skip(name, crate::ignore::Place::Elsewhere).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_film_folder_is_listed_in_walk_order_and_its_strays_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("content/films/a-film-2001");
        for file in [
            "index.md",
            "reviews.toml",
            "poster.png",
            "notes.md",
            "extra/x.md",
            "reviews/b.md",
            "reviews/a.md",
            "reviews/pic.png",
            "reviews/old/c.md",
            "reviews/.hidden.md",
            "reviews/d.md~",
        ] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::os::unix::fs::symlink("index.md", dir.join("linked.md")).unwrap();
        let mut diagnostics = Vec::new();
        let files = film_files(
            tmp.path(),
            &mut [Folder::open(&dir), Folder::none()],
            "a-film-2001",
            &mut diagnostics,
            &mut crate::stamp::Entries::default(),
        );
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        // "reviews" sorts before "reviews.toml", as a walk sorted by name meets them.
        assert_eq!(
            names,
            ["index.md", "reviews/a.md", "reviews/b.md", "reviews.toml"]
        );
        let reported: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.path.display()))
            .collect();
        let film = "content/films/a-film-2001";
        assert_eq!(
            reported,
            [
                format!("W001 {film}/extra/x.md"),
                format!("W002 {film}/linked.md"),
                format!("W001 {film}/notes.md"),
                format!("W001 {film}/reviews/old/c.md"),
                format!("W001 {film}/reviews/pic.png"),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn film_folders_are_listed_by_name_and_anything_else_there_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let films = tmp.path().join("content/films");
        for dir in ["b-film-2002", "a-film-2001", "Bad_Slug", ".hidden-2000"] {
            std::fs::create_dir_all(films.join(dir)).unwrap();
        }
        std::fs::write(films.join("notes.md"), "x").unwrap();
        std::fs::write(films.join("draft.md~"), "x").unwrap();
        std::os::unix::fs::symlink("a-film-2001", films.join("linked-2001")).unwrap();
        let (mut diagnostics, mut dirs) = (Vec::new(), Vec::new());
        film_folders(tmp.path(), &films, &mut diagnostics, &mut dirs);
        assert_eq!(dirs, ["a-film-2001", "b-film-2002"]);
        let reported: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.path.display()))
            .collect();
        assert_eq!(
            reported,
            [
                "E004 content/films/Bad_Slug",
                "W002 content/films/linked-2001",
                "W001 content/films/notes.md",
            ]
        );
    }

    fn codes(bytes: &[u8]) -> Vec<&'static str> {
        parse_review_bytes(bytes, false)
            .1
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn deeply_nested_toml_is_an_error_not_a_crash() {
        for depth in [100, 10_000, 200_000] {
            let arrays = format!(
                "+++\nscore = {}{}\n+++\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert_eq!(codes(arrays.as_bytes()), ["E003"], "arrays, depth {depth}");
            let tables = format!(
                "+++\nscore = {}1{}\n+++\n",
                "{a = ".repeat(depth),
                "}".repeat(depth)
            );
            assert_eq!(
                codes(tables.as_bytes()),
                ["E003"],
                "inline tables, depth {depth}"
            );
        }
    }

    #[test]
    fn huge_files_are_refused_with_a_diagnostic() {
        let mut text = b"+++\nscore = 50\n+++\n".to_vec();
        text.resize(MAX_FILE_BYTES + 1, b'a');
        assert_eq!(codes(&text), ["E019"]);
    }

    #[test]
    fn a_valid_review_parses() {
        let (reviews, problems) = parse_review_bytes(
            b"\xef\xbb\xbf+++\r\ncritic = \"A\"\r\nrating = \"B+\"\r\n+++\r\nText.\r\n",
            false,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(reviews[0].grade.score(), Some(83));
        assert_eq!(reviews[0].critic.as_deref(), Some("A"));
    }

    #[test]
    fn out_of_range_numbers_and_strings_are_diagnosed() {
        for (front, code) in [
            ("score = -1", "E010"),
            ("score = 1000000000", "E010"),
            ("score = 99999999999999999999", "E003"),
            ("score = 1e9", "E003"),
            ("score = \"NaN\"", "E003"),
            ("score = nan", "E003"),
            ("rating = \"4/0\"", "E014"),
            ("rating = \"5/4\"", "E014"),
            ("rating = \"Z+\"", "E014"),
            ("date = 2013-02-30", "E003"),
            ("date = 2013-07-15T10:00:00Z", "E016"),
            ("critic = \"x\"\ncritic = \"y\"", "E003"),
        ] {
            let file = format!("+++\n{front}\n+++\n");
            assert_eq!(codes(file.as_bytes()), [code], "{front}");
        }
    }

    #[test]
    fn unknown_fields_do_not_hide_the_other_problems_of_a_file() {
        let (_, problems) = parse_review_bytes(
            "+++\nscor = 5\ncritic = \"Ann\"\nnotes = [\n  \"é\",\n]\nscore = 101\n+++\nText.\n"
                .as_bytes(),
            false,
        );
        let mut found: Vec<(&str, usize, &str)> = problems
            .iter()
            .map(|d| {
                let line = d.location.as_ref().map_or(0, |l| l.line);
                (d.code.as_str(), line, d.message.as_str())
            })
            .collect();
        found.sort_by_key(|f| f.1);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!((found[0].0, found[0].1), ("E023", 2));
        assert!(found[0].2.starts_with("unknown field `scor`"), "{found:#?}");
        assert_eq!((found[1].0, found[1].1), ("E023", 4));
        assert!(
            found[1].2.starts_with("unknown field `notes`"),
            "{found:#?}"
        );
        assert_eq!((found[2].0, found[2].1), ("E010", 7), "{found:#?}");

        let (_, problems) = parse_review_bytes(
            b"[[review]]\ncritic = \"A\"\nscroe = 5\n\n[[review]]\ncritic = \"B\"\nscore = 101\nvia = 1\n",
            true,
        );
        let mut codes: Vec<(&str, usize)> = problems
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        codes.sort_by_key(|c| c.1);
        assert_eq!(
            codes,
            [("E023", 3), ("E010", 7), ("E023", 8)],
            "{problems:#?}"
        );
    }

    #[test]
    fn a_review_without_a_byline_names_nobody() {
        let (reviews, problems) =
            parse_review_bytes(b"+++\nbyline = false\nscore = 80\n+++\nQuoted.\n", false);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!reviews[0].byline);
        assert_eq!(
            codes(b"+++\nbyline = false\ncritic = \"Ann\"\n+++\n"),
            ["E026"]
        );
    }
}
