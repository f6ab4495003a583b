//! Incremental rebuilds for the preview server: after an edit inside one film's folder, only
//! that folder is read again, only the aggregates that depend on the film are updated, and
//! only the pages whose data changed are rendered and replaced, each atomically.
//!
//! Anything else (config, templates, static files, profiles, a new or removed film, a change
//! that renames a critic, adds a genre or changes the set of pages) falls back to a full
//! build. Either way the output is byte for byte what a full build of the same sources
//! writes; the tests below hold the incremental path to that.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::model::Content;
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{Layout, Pages, Texts};
use crate::{BuildError, BuildReport, Loaded};

/// The state kept between rebuilds: the loaded site and what each page was made from.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    base_url: Option<String>,
    /// Whether drafts are part of the preview.
    drafts: bool,
    loaded: Loaded,
    texts: Texts,
    /// Per film, a number bumped whenever the film changes (see [`Pages::fingerprints`]).
    generations: Vec<u64>,
    next_generation: u64,
    /// The pages and the fingerprint of every page, from the last rebuild.
    layout: Layout,
    fingerprints: Vec<u64>,
    sitemap: u64,
    /// What the last rebuild could not read, to read again next time.
    failed: Failed,
}

/// What failed in the last rebuild.
#[derive(Debug, Clone)]
enum Failed {
    Nothing,
    /// These film folders had errors; the output is the last good site.
    Films(Vec<String>),
    /// A full build failed.
    Everything,
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Rebuilt {
    /// Everything was built again.
    Full(BuildReport),
    /// Only what changed was.
    Partial {
        /// Films read again.
        films: usize,
        /// Files replaced.
        written: usize,
        /// Warnings in the films read again.
        warnings: Vec<Diagnostic>,
        /// Wall time, from the first file read to the last file replaced.
        elapsed: Duration,
    },
}

impl Session {
    /// Builds the site at `root` into `output` in full and keeps what later rebuilds need;
    /// `drafts` keeps the drafts in.
    pub fn start(
        root: &Path,
        output: &Path,
        base_url: Option<&str>,
        drafts: bool,
    ) -> Result<(Session, BuildReport), BuildError> {
        let start = Instant::now();
        let options = crate::Options {
            base_url,
            strict: false,
            drafts,
            force: false,
            clean: false,
        };
        let loaded = crate::load(root, options, None)?;
        let texts = Texts::new(&loaded.site);
        let written = crate::write(&loaded, &texts, root, output, None)?;
        let generations = vec![0; loaded.site.films.len()];
        let (layout, fingerprints, sitemap) = {
            let pages = Pages::new(&loaded.site, &loaded.theme, &texts);
            (
                pages.layout(),
                pages.fingerprints(&generations),
                pages.sitemap_fingerprint(),
            )
        };
        let report = BuildReport {
            films: loaded.site.films.len(),
            reviews: loaded.site.films.iter().map(|f| f.film.reviews.len()).sum(),
            pages: written.pages,
            files: written.files,
            bytes: written.bytes,
            posters: written.posters,
            damaged: written.damaged.clone(),
            warnings: loaded.warnings.clone(),
            elapsed: start.elapsed(),
            up_to_date: false,
        };
        let session = Session {
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            base_url: base_url.map(String::from),
            drafts,
            loaded,
            texts,
            generations,
            next_generation: 1,
            layout,
            fingerprints,
            sitemap,
            failed: Failed::Nothing,
        };
        Ok((session, report))
    }

    /// Brings the output up to date after the files `changed` (absolute, or relative to the
    /// site root) changed. On an error in the sources nothing is written and the session
    /// keeps the last good site, so a later rebuild after the fix starts from it.
    /// Until the sources are valid again, every rebuild reads again what failed (the film
    /// folders, or everything after a failed full build), so an error stays on screen until
    /// it is fixed, whatever else is edited meanwhile.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let result = match (self.failed.clone(), self.films_changed(changed)) {
            (Failed::Nothing, Some(slugs)) => self.partial(&slugs),
            (Failed::Films(mut broken), Some(slugs)) => {
                broken.extend(slugs);
                broken.sort();
                broken.dedup();
                self.partial(&broken)
            }
            _ => self.full(),
        };
        if result.is_ok() {
            self.failed = Failed::Nothing;
        }
        result
    }

    /// Reads everything again and rebuilds in full: for when changes may have been missed
    /// (the file watcher failed or its queue overflowed).
    pub fn rebuild_everything(&mut self) -> Result<Rebuilt, BuildError> {
        let result = self.full();
        if result.is_ok() {
            self.failed = Failed::Nothing;
        }
        result
    }

    fn full(&mut self) -> Result<Rebuilt, BuildError> {
        match Session::start(
            &self.root,
            &self.output,
            self.base_url.as_deref(),
            self.drafts,
        ) {
            Ok((session, report)) => {
                *self = session;
                Ok(Rebuilt::Full(report))
            }
            Err(e) => {
                self.failed = Failed::Everything;
                Err(e)
            }
        }
    }

    /// The slugs of the films whose folders hold every changed file, or `None` when any
    /// change lies elsewhere (or in a film the site does not have yet).
    fn films_changed(&self, changed: &[PathBuf]) -> Option<Vec<String>> {
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let mut slugs = Vec::new();
        for path in changed {
            let rel = path
                .strip_prefix(&root)
                .or_else(|_| path.strip_prefix(&self.root))
                .unwrap_or(path);
            let parts: Vec<String> = rel
                .components()
                .map(|c| match c {
                    Component::Normal(s) => s.to_string_lossy().into_owned(),
                    _ => String::new(),
                })
                .collect();
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let slug = match parts[..] {
                ["content", "films", slug, "index.md" | "reviews.toml"] => slug,
                ["content", "films", slug, "reviews", name] if name.ends_with(".md") => slug,
                // Not content (a full build only warns about it): tools' scratch files.
                ["content", "films", _, "reviews", _] => continue,
                _ => return None,
            };
            self.film_index(slug)?;
            if !self.root.join("content/films").join(slug).is_dir() {
                return None; // the film was removed: the site changes shape
            }
            if !slugs.iter().any(|s| s == slug) {
                slugs.push(slug.to_string());
            }
        }
        (!slugs.is_empty()).then_some(slugs)
    }

    fn film_index(&self, slug: &str) -> Option<usize> {
        self.loaded
            .site
            .films
            .binary_search_by(|e| e.film.slug.as_str().cmp(slug))
            .ok()
    }

    fn partial(&mut self, slugs: &[String]) -> Result<Rebuilt, BuildError> {
        let start = Instant::now();
        let config = &self.loaded.site.config;
        let base_path = config.base_path();
        let options = crate::content::LoadOptions {
            base_path: &base_path,
            allow_html: config.allow_html,
            today: Some(crate::content::model::Date::today()),
            scores: config.scores,
            progress: None,
            drafts: self.drafts,
            seen: None,
        };
        let mut diagnostics = Vec::new();
        let mut films = Vec::new();
        // A film that became a draft (under --no-drafts) leaves the site: a full build.
        let mut left = false;
        for slug in slugs {
            let (film, mut problems) = crate::content::load_film(&self.root, slug, options);
            left |= film.is_none() && !problems.iter().any(Diagnostic::is_error);
            diagnostics.append(&mut problems);
            if let Some(film) = film {
                diagnostics.append(&mut crate::aggregate::lint::lint(&Content {
                    films: vec![film.clone()],
                    ..Content::default()
                }));
                films.push(film);
            }
        }
        crate::diagnostic::sort(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.failed = Failed::Films(slugs.to_vec());
            return Err(BuildError::Invalid(diagnostics));
        }
        if left {
            return self.full();
        }
        for film in films {
            let index = self
                .film_index(&film.slug)
                .expect("checked in films_changed");
            if self.loaded.site.replace_film(index, film).is_err() {
                return self.full();
            }
            self.generations[index] = self.next_generation;
            self.next_generation += 1;
            self.texts.update(&self.loaded.site, index);
        }

        let pages = Pages::new(&self.loaded.site, &self.loaded.theme, &self.texts);
        if pages.layout() != self.layout {
            // Pages appeared or went (a new page of a list, a new best-of list).
            return self.full();
        }
        let fingerprints = pages.fingerprints(&self.generations);
        let dirty: Vec<usize> = (0..fingerprints.len())
            .filter(|&i| fingerprints[i] != self.fingerprints[i])
            .collect();
        let output = &self.output;
        let _lock = crate::output::lock(output, &self.root, crate::output::Wait::Block(&|_| {}))?;
        pages.render_each(&dirty, |(file, bytes)| -> Result<(), BuildError> {
            crate::output::replace_file(output, &file, &bytes)?;
            Ok(())
        })?;
        let mut written = dirty.len();
        let sitemap = pages.sitemap_fingerprint();
        if sitemap != self.sitemap {
            for (file, bytes) in pages.sitemaps()? {
                crate::output::replace_file(output, &file, &bytes)?;
                written += 1;
            }
        }
        drop(pages);
        self.fingerprints = fingerprints;
        self.sitemap = sitemap;
        let warnings = diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        Ok(Rebuilt::Partial {
            films: slugs.len(),
            written,
            warnings,
            elapsed: start.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::fs;

    /// Every file under `dir` with its bytes, the marker included.
    fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    /// A small fictional site: enough films, critics and pages per list that an edit moves
    /// films across pages of the listings.
    fn write_site(root: &Path) {
        fs::create_dir_all(root).unwrap();
        fs::write(
            root.join("config.toml"),
            "title = \"Incremental\"\nbase_url = \"https://example.org/\"\nper_page = 4\n[scores]\nmin_reviews = 2\nmin_reviews_for_lists = 3\nmust_see_reviews = 3\n",
        )
        .unwrap();
        for f in 0..9 {
            let dir = root.join(format!("content/films/film-{f}-200{}", f % 3));
            fs::create_dir_all(dir.join("reviews")).unwrap();
            // Every other film has a poster, so that lists hold thumbnails and placeholders.
            let poster = if f % 2 == 1 {
                image::RgbImage::from_pixel(120, 180, image::Rgb([25 * f as u8, 90, 160]))
                    .save(dir.join("poster.png"))
                    .unwrap();
                "poster = \"poster.png\"\n"
            } else {
                ""
            };
            fs::write(
                dir.join("index.md"),
                format!(
                    "+++\ntitle = \"Film {f}\"\nyear = 200{}\ngenres = [\"{}\"]\n{poster}+++\nSynopsis {f}.\n",
                    f % 3,
                    ["Drama", "Comedy"][f % 2]
                ),
            )
            .unwrap();
            for r in 0..(2 + f % 4) {
                fs::write(
                    dir.join(format!("reviews/r{r}.md")),
                    format!(
                        "+++\ncritic = \"Critic {}\"\npublication = \"Paper {}\"\ndate = 2003-0{}-1{}\nscore = {}\n+++\nExcerpt {f}-{r}.\n",
                        (f + r) % 5,
                        r % 3,
                        1 + r % 9,
                        f % 10,
                        (f * 17 + r * 29) % 101
                    ),
                )
                .unwrap();
            }
        }
    }

    /// Applies `edit` to the site, rebuilds incrementally and compares the output with a
    /// full build of the same sources, byte for byte.
    fn check(session: &mut Session, root: &Path, scratch: &Path, edit: &str, expect_partial: bool) {
        let (file, text) = edit.split_once('\n').unwrap();
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        let rebuilt = session.rebuild(&[path]).unwrap();
        assert_eq!(
            matches!(rebuilt, Rebuilt::Partial { .. }),
            expect_partial,
            "{file}: {rebuilt:?}"
        );
        let full = scratch.join("full");
        crate::build(root, &full, None, false).unwrap();
        let (got, want) = (tree(&session.output), tree(&full));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &want {
            assert!(
                got[name] == *bytes,
                "after editing {file}: {} differs from a full build",
                name.display()
            );
        }
    }

    #[test]
    fn incremental_rebuilds_write_exactly_what_a_full_build_writes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let out = tmp.path().join("out");
        let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
        let review = |f: usize, r: usize, body: &str| {
            format!(
                "content/films/film-{f}-200{}/reviews/r{r}.md\n{body}",
                f % 3
            )
        };
        let scored = |critic: usize, paper: usize, date: &str, score: u8| {
            format!(
                "+++\ncritic = \"Critic {critic}\"\npublication = \"Paper {paper}\"\ndate = {date}\nscore = {score}\n+++\nEdited.\n"
            )
        };
        let edits = [
            // A score that moves the film to the top of every ranking.
            (review(4, 0, &scored(4, 0, "2003-01-14", 100)), true),
            // And to the bottom.
            (review(4, 0, &scored(4, 0, "2003-01-14", 0)), true),
            // A date that makes it the newest review (home page, feeds, sitemap).
            (review(2, 1, &scored(3, 1, "2009-12-31", 55)), true),
            // Only the excerpt.
            (review(7, 2, &scored(4, 2, "2003-03-17", 62)), true),
            // A new review by a known critic for a known paper.
            (review(0, 5, &scored(2, 2, "2003-02-02", 90)), true),
            // A verdict instead of a score.
            (
                review(5, 1, "+++\ncritic = \"Critic 1\"\npublication = \"Paper 1\"\nverdict = \"fresh\"\n+++\n"),
                true,
            ),
            // The synopsis.
            (
                "content/films/film-3-2000/index.md\n+++\ntitle = \"Film 3\"\nyear = 2000\ngenres = [\"Comedy\"]\nposter = \"poster.png\"\n+++\nA new synopsis.\n".to_string(),
                true,
            ),
            // A new critic: the site gains pages, so a full build.
            (review(6, 0, &scored(9, 0, "2003-01-16", 70)), false),
            // Back to a known critic: the new one is left with no review and no profile, and
            // a full build drops its page, so this is a full build too.
            (review(6, 0, &scored(1, 0, "2003-01-16", 70)), false),
            // A new genre: a full build.
            (
                "content/films/film-3-2000/index.md\n+++\ntitle = \"Film 3\"\nyear = 2000\ngenres = [\"Western\"]\nposter = \"poster.png\"\n+++\n".to_string(),
                false,
            ),
            // A profile: a full build.
            ("content/critics/critic-1.md\n+++\nname = \"Critic 1\"\n+++\nA bio.\n".to_string(), false),
            // Static files: the hidden ones hosts read are published (and the output's record
            // keeps them, so the next build knows them), the others and editors' temporary
            // files are not.
            ("static/.well-known/security.txt\nContact: mailto:a@example.org\n".to_string(), false),
            ("static/.nojekyll\n".to_string(), false),
            ("static/.well-known/security.txt\nContact: mailto:b@example.org\n".to_string(), false),
            ("static/data.tmp\nscratch".to_string(), false),
            ("static/.env\nSECRET=1".to_string(), false),
            ("static/.style.css.swp\nswap".to_string(), false),
            ("content/films/film-1-2001/reviews/.r0.md.swp\nswap".to_string(), false),
        ];
        for (edit, partial) in &edits {
            check(&mut session, &root, tmp.path(), edit, *partial);
        }
        let published = tree(&session.output);
        for (name, is_published) in [
            (".well-known/security.txt", true),
            (".nojekyll", true),
            ("data.tmp", false),
            (".env", false),
            (".style.css.swp", false),
        ] {
            assert_eq!(
                published.contains_key(Path::new(name)),
                is_published,
                "{name}"
            );
        }
        // A new picture in a poster's file: new files under new names, in a full build.
        let poster = root.join("content/films/film-5-2002/poster.png");
        image::RgbImage::from_pixel(90, 135, image::Rgb([200, 40, 40]))
            .save(&poster)
            .unwrap();
        let rebuilt = session.rebuild(&[poster]).unwrap();
        assert!(matches!(rebuilt, Rebuilt::Full(_)), "{rebuilt:?}");
        let full = tmp.path().join("full");
        crate::build(&root, &full, None, false).unwrap();
        assert_eq!(tree(&session.output), tree(&full));
    }

    #[test]
    fn an_error_keeps_the_last_good_site_and_the_fix_recovers() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let out = tmp.path().join("out");
        let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
        let before = tree(&out);
        let path = root.join("content/films/film-1-2001/reviews/r0.md");
        let good = fs::read_to_string(&path).unwrap();
        fs::write(&path, "+++\nscore = 101\n+++\n").unwrap();
        let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&path))
        else {
            panic!("a score of 101 is an error");
        };
        assert_eq!(problems[0].code.as_str(), "E010");
        assert_eq!(tree(&out), before, "nothing was written");
        // Editing another film does not make the error go away.
        let other = root.join("content/films/film-2-2002/reviews/r0.md");
        let text = fs::read_to_string(&other).unwrap();
        fs::write(&other, text.replace("Excerpt", "Another excerpt")).unwrap();
        let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&other))
        else {
            panic!("the first film is still broken");
        };
        assert_eq!(
            problems[0].path,
            Path::new("content/films/film-1-2001/reviews/r0.md")
        );
        assert_eq!(tree(&out), before, "still nothing written");
        let fixed = good.replace("Excerpt", "Fixed excerpt");
        check(
            &mut session,
            &root,
            tmp.path(),
            &format!("content/films/film-1-2001/reviews/r0.md\n{fixed}"),
            true,
        );
    }

    #[test]
    fn after_a_failed_full_build_every_rebuild_is_full_until_it_succeeds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let out = tmp.path().join("out");
        let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
        let config = root.join("config.toml");
        let good = fs::read_to_string(&config).unwrap();
        fs::write(&config, format!("{good}titel = \"typo\"\n")).unwrap();
        assert!(session.rebuild(std::slice::from_ref(&config)).is_err());
        let review = root.join("content/films/film-2-2002/reviews/r0.md");
        let text = fs::read_to_string(&review).unwrap();
        fs::write(&review, text.replace("Excerpt", "Edited")).unwrap();
        let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&review))
        else {
            panic!("the config is still broken");
        };
        assert_eq!(problems[0].path, Path::new("config.toml"));
        fs::write(&config, good).unwrap();
        assert!(matches!(
            session.rebuild(std::slice::from_ref(&config)),
            Ok(Rebuilt::Full(_))
        ));
        let review_page = fs::read_to_string(out.join("films/film-2-2002/index.html")).unwrap();
        assert!(review_page.contains("Edited"));
    }

    #[test]
    fn removing_a_film_folder_is_a_full_build() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let out = tmp.path().join("out");
        let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
        let film = root.join("content/films/film-5-2002");
        let removed: Vec<PathBuf> = walkdir::WalkDir::new(&film)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        fs::remove_dir_all(&film).unwrap();
        assert!(matches!(session.rebuild(&removed), Ok(Rebuilt::Full(_))));
        assert!(!out.join("films/film-5-2002").exists());
        let full = tmp.path().join("full");
        crate::build(&root, &full, None, false).unwrap();
        assert_eq!(tree(&out), tree(&full));
    }
}
