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

use crate::diagnostic::Diagnostic;
use crate::render::{Layout, Pages, Texts};
use crate::{BuildError, BuildReport, Loaded};
use warnings::Warnings;

mod warnings;

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
    /// The site's warnings, by where they came from.
    warnings: Warnings,
    /// Whether `loaded.warnings` waits for [`Session::warnings`] to make them again.
    stale_warnings: bool,
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
        let texts = Texts::new(&loaded.site, &loaded.theme.strings);
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
        let report = BuildReport::new(&loaded.site, &written, &loaded.warnings, start);
        let warnings = Warnings::of(&loaded.site, &loaded.warnings);
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
            warnings,
            stale_warnings: false,
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
        let options = crate::content::LoadOptions::for_build(config, &base_path, self.drafts);
        let mut diagnostics = Vec::new();
        let mut found = Vec::new();
        let mut films = Vec::new();
        // A film that became a draft (under --no-drafts) leaves the site: a full build.
        let mut left = false;
        for slug in slugs {
            let (film, problems) = crate::content::load_film(&self.root, slug, options);
            left |= film.is_none() && !problems.iter().any(Diagnostic::is_error);
            diagnostics.extend(problems.iter().cloned());
            found.push((slug, problems));
            if let Some(film) = film {
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
            self.texts
                .update(&self.loaded.site, &self.loaded.theme.strings, index);
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
        for (slug, problems) in found {
            self.warnings.film_read(slug, problems);
        }
        let output = &self.output;
        let _lock = crate::output::lock(output, &self.root, crate::output::Wait::Block(&|_| {}))?;
        let sitemap = pages.sitemap_fingerprint();
        pages.render_each(&dirty, |(file, bytes)| -> Result<(), BuildError> {
            crate::output::replace_file(output, &file, &bytes)?;
            Ok(())
        })?;
        let mut written = dirty.len();
        if sitemap != self.sitemap {
            for (file, bytes) in pages.sitemaps()? {
                crate::output::replace_file(output, &file, &bytes)?;
                written += 1;
            }
        }
        drop(pages);
        self.fingerprints = fingerprints;
        self.sitemap = sitemap;
        self.stale_warnings = true;
        Ok(Rebuilt::Partial {
            films: slugs.len(),
            written,
            elapsed: start.elapsed(),
        })
    }

    /// The site's warnings and notes as a full build reports them. After a partial rebuild
    /// the checks across films run again here, over every film: asked for once the pages
    /// are written, they keep nobody from seeing the new pages.
    pub fn warnings(&mut self) -> &[Diagnostic] {
        if self.stale_warnings {
            self.loaded.warnings = self.warnings.all(&self.loaded.site);
            self.stale_warnings = false;
        }
        &self.loaded.warnings
    }
}

#[cfg(test)]
mod tests;
