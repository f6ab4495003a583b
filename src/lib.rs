//! Marquee: a static site generator for film review aggregation sites.
//!
//! The data flows one way, one folder per stage:
//! [`content`] (find and parse files into validated films, reviews and profiles) ->
//! [`aggregate`] (scores, the site index, lists, cross-file lints) -> [`render`] (pages, feeds,
//! JSON) -> [`output`] (write atomically). This file is the pipeline that runs them;
//! [`incremental`] rebuilds only what an edit changed, and [`author`] writes content files
//! for people. The library knows nothing of the command line, the terminal or HTTP: the
//! `marquee` binary (`src/main.rs` and its modules `cli`, `cmd`, `serve`, `links`) parses
//! arguments, prints, serves the preview and asks the network. ARCHITECTURE.md says more.

pub mod aggregate;
pub mod author;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod disk;
pub mod i18n;
pub mod ignore;
pub mod incremental;
pub mod output;
pub mod posters;
pub mod progress;
pub mod quantity;
pub mod render;
mod report;
mod routes;
pub mod score;
mod stamp;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostic::Diagnostic;

pub use config::Options;
pub use output::Written;
pub use report::BuildReport;

/// Why a build produced no site. Content problems come as a full list of diagnostics.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content, config or templates have errors; every one is listed.
    #[error("the site has {}", quantity::count(.0.iter().filter(|d| d.is_error()).count(), "error"))]
    Invalid(Vec<Diagnostic>),
    /// Rendering a page failed.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Preparing or swapping the output folder failed.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// The site index with the warnings found while loading it.
pub struct Loaded {
    /// The aggregated site.
    pub site: aggregate::Site,
    /// The ready template engine and static files.
    pub theme: render::theme::Theme,
    /// Warnings (there are no errors in a `Loaded`).
    pub warnings: Vec<Diagnostic>,
}

/// Loads, validates and aggregates the site at `root` as `options` say, counting the files
/// read into `progress`. Fails with every diagnostic when any of them is an error.
pub fn load(
    root: &Path,
    options: Options<'_>,
    progress: Option<&progress::Progress>,
) -> Result<Loaded, BuildError> {
    load_seen(root, options, progress, None)
}

/// [`load`], keeping what each film folder held in `seen` for the build's stamp.
fn load_seen(
    root: &Path,
    options: Options<'_>,
    progress: Option<&progress::Progress>,
    seen: Option<&stamp::SourcesRead>,
) -> Result<Loaded, BuildError> {
    let Options {
        base_url,
        strict,
        drafts,
        force: _,
        clean: _,
    } = options;
    let mut diagnostics = Vec::new();
    let mut config = match config::load(root) {
        Ok(config) => config,
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            config::Config::default()
        }
    };
    let config_text = match base_url {
        Some(url) => {
            config.base_url = url.to_string();
            None
        }
        None => std::fs::read_to_string(root.join("config.toml"))
            .ok()
            .map(diagnostic::with_line_feeds),
    };
    // Not errors under --strict: a site previewed or checked before it has a home is fine.
    let mut publishing =
        config::publishing_problems(&config, config_text.as_deref(), base_url.is_some());
    let base_path = config.base_path();
    let options = content::LoadOptions {
        progress,
        seen,
        ..content::LoadOptions::for_build(&config, &base_path, drafts)
    };
    let (content, mut problems) = content::load(root, options);
    diagnostics.append(&mut problems);
    diagnostics.append(&mut aggregate::lint::lint(
        &content.films.iter().collect::<Vec<_>>(),
    ));
    diagnostics.append(&mut aggregate::lint::navigation(
        &config,
        &content,
        config_text.as_deref(),
    ));
    let strings = match i18n::load(root, &config.language) {
        Ok((strings, mut warnings)) => {
            diagnostics.append(&mut warnings);
            std::sync::Arc::new(strings)
        }
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            std::sync::Arc::new(i18n::Strings::built_in(&config.language))
        }
    };
    let theme = match render::theme::load(root, config.publish.minify_css, strings) {
        Ok((theme, mut warnings)) => {
            diagnostics.append(&mut warnings);
            Some(theme)
        }
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    // Where the sources are sound, the site they make: no two of them may claim one URL.
    let site = match theme {
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => {
            let site = aggregate::build(config, content);
            diagnostics.append(&mut render::collisions(&site, &theme));
            Some((site, theme))
        }
        _ => None,
    };
    if strict {
        diagnostic::strict(&mut diagnostics);
    }
    diagnostics.append(&mut publishing);
    diagnostic::sort(&mut diagnostics);
    match site {
        Some((site, theme)) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Loaded {
            site,
            theme,
            warnings: diagnostics,
        }),
        _ => Err(BuildError::Invalid(diagnostics)),
    }
}

/// Builds the site at `root` into `output`, atomically: on any error the previous output is
/// left exactly as it was. `strict` makes warnings errors.
pub fn build(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    strict: bool,
) -> Result<BuildReport, BuildError> {
    let options = Options {
        base_url,
        strict,
        ..Options::default()
    };
    build_with(root, output, options, None, output::Wait::Block(&|_| {}))
}

/// [`build`], counting files read and pages written into `progress` as it goes; `wait` says
/// what to do when another build holds the output (see [`output::lock`]), which it holds
/// from the first file read to the swap.
pub fn build_with(
    root: &Path,
    output: &Path,
    options: Options<'_>,
    progress: Option<&progress::Progress>,
    wait: output::Wait<'_>,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let started = std::time::SystemTime::now();
    let _lock = output::lock(output, root, wait)?;
    let today = content::model::Date::today().to_string();
    let key = stamp::key(root, output, &options, &today);
    let fresh = key.as_deref().filter(|_| !options.force);
    if let Some(summary) = fresh.and_then(|key| stamp::fresh(root, output, key)) {
        return Ok(BuildReport::up_to_date(&summary, start));
    }
    let seen = stamp::SourcesRead::new(started);
    let loaded = load_seen(root, options, progress, key.as_ref().map(|_| &seen))?;
    let texts = render::Texts::new(&loaded.site, &loaded.theme.strings);
    let (written, files) = write_locked(&loaded, &texts, root, output, progress, options.clean)?;
    let report = BuildReport::new(&loaded.site, &written, &loaded.warnings, start);
    if let Some(key) = key {
        stamp::save(root, output, &key, &seen, files, &report.summary());
    }
    // Freeing a large site's data takes a noticeable moment the caller need not wait for.
    std::thread::spawn(move || drop((loaded, texts)));
    Ok(report)
}

/// Renders a loaded site into `output`, atomically, under the output's lock (waiting for
/// any other build of it); says what it wrote.
pub fn write(
    loaded: &Loaded,
    texts: &render::Texts,
    root: &Path,
    output: &Path,
    progress: Option<&progress::Progress>,
) -> Result<Written, BuildError> {
    let _lock = output::lock(output, root, output::Wait::Block(&|_| {}))?;
    Ok(write_locked(loaded, texts, root, output, progress, false)?.0)
}

/// [`write()`] for a caller that holds the output's lock: every page rendered straight into
/// the staging folder, then the sitemaps, the static files and the posters (each copied from
/// one handle and checked again to be an image), then the swap; `clean` lets it delete
/// files in the output that Marquee did not write. Gives also every file of the output with
/// its metadata as written.
fn write_locked(
    loaded: &Loaded,
    texts: &render::Texts,
    root: &Path,
    output: &Path,
    progress: Option<&progress::Progress>,
    clean: bool,
) -> Result<(Written, Vec<(String, std::fs::Metadata)>), BuildError> {
    let staging = output::begin_with(output, root, clean)?;
    let pages = render::Pages::new(&loaded.site, &loaded.theme, texts);
    if let Some(p) = progress {
        p.pages_total
            .store(pages.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let all: Vec<usize> = (0..pages.len()).collect();
    // The per-film feeds and JSON files: their count and bytes.
    let (extra_files, extra_bytes) = (
        std::sync::atomic::AtomicUsize::new(0),
        std::sync::atomic::AtomicU64::new(0),
    );
    let render = || {
        pages.render_each(&all, |(file, bytes)| -> Result<(), BuildError> {
            staging.write(&file, &bytes)?;
            if routes::is_film_extra(&file) {
                extra_files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                extra_bytes.fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
            }
            progress::Progress::bump(progress, |p| &p.pages_written);
            Ok(())
        })
    };
    // The sitemaps, static files and posters, written beside the pages rather than after.
    let beside_pages = || -> Result<(usize, output::PosterFiles), BuildError> {
        let mut written = 0;
        for (file, bytes) in pages.sitemaps()? {
            staging.write(&file, &bytes)?;
            written += 1;
        }
        for (file, bytes) in pages.assets() {
            staging.write(file, bytes)?;
            written += 1;
        }
        let posters = write_posters(&pages.posters(), root, &staging)?;
        Ok((written + posters.files, posters))
    };
    let (rendered, rest) = rayon::join(render, beside_pages);
    rendered?;
    let (rest, posters) = rest?;
    let written = pages.len() + rest;
    let html = pages.html_count();
    drop(pages);
    let (bytes, largest) = (staging.bytes(), staging.largest());
    let files = staging.commit()?;
    let written = Written {
        files: written,
        pages: html,
        bytes,
        largest,
        film_extras: output::FilmExtras {
            files: extra_files.into_inner(),
            bytes: extra_bytes.into_inner(),
        },
        posters,
    };
    Ok((written, files))
}

/// Writes every variant of the posters of `films` into `staging`, from the cache in the
/// site's [`posters::CACHE_DIR`] where it has them, sound; says how many files that was, how
/// many of them had to be encoded, and whose cached images were damaged. A poster that
/// cannot be decoded fails the build with an error at its `poster` field, every such poster
/// listed.
fn write_posters(
    films: &[(&content::model::Film, &posters::Poster)],
    root: &Path,
    staging: &output::Staging,
) -> Result<output::PosterFiles, BuildError> {
    use rayon::prelude::*;
    let cache = root.join(posters::CACHE_DIR);
    // Each poster's files are written as soon as they are made, so that a site with many
    // posters never holds them all in memory.
    let results: Vec<Result<output::PosterFiles, BuildError>> = films
        .par_iter()
        .map(|&(film, poster)| {
            let folder = root.join(film.source.parent().unwrap_or(Path::new("")));
            let source = folder.join(&poster.file);
            match posters::publish(&source, &film.slug, poster, Some(&cache)) {
                Ok(published) => {
                    for (file, bytes) in &published.files {
                        staging.write(file, bytes)?;
                    }
                    let shown = film.source.with_file_name(&poster.file);
                    Ok(output::PosterFiles {
                        files: published.files.len(),
                        encoded: published.encoded,
                        damaged: published.damaged.then_some(shown).into_iter().collect(),
                    })
                }
                Err(e) => {
                    let mut d =
                        Diagnostic::error(diagnostic::Code::E031, &film.source, e.to_string())
                            .help(e.help());
                    d.location = poster.at.clone();
                    Err(BuildError::Invalid(vec![d]))
                }
            }
        })
        .collect();
    let mut problems = Vec::new();
    let mut all = output::PosterFiles::default();
    for result in results {
        match result {
            Ok(one) => all.add(one),
            Err(BuildError::Invalid(mut found)) => problems.append(&mut found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(BuildError::Invalid(problems))
    }
}

/// The output folder used when none is given: `public/` in the site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
