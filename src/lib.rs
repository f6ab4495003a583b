//! Marquee: a static site generator for film review aggregation sites.
//!
//! The data flows one way, one folder per stage:
//! [`content`] (find and parse files into validated films, reviews and profiles) ->
//! [`aggregate`] (scores, the site index, lists, cross-file lints) -> [`render`] (pages, feeds,
//! JSON) -> [`output`] (write atomically). This file is the pipeline that runs them;
//! [`serve`] keeps a preview up to date, [`author`] writes content files for people, and the
//! binary in `src/main.rs` only parses arguments and calls [`cmd`]. ARCHITECTURE.md says more.

pub mod aggregate;
pub mod author;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;

pub mod output;
pub mod progress;
pub mod render;
pub mod routes;
pub mod score;
pub mod serve;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;

/// Why a build produced no site. Content problems come as a full list of diagnostics.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content, config or templates have errors; every one is listed.
    #[error("the site has {}", cmd::report::count(.0.iter().filter(|d| d.is_error()).count(), "error"))]
    Invalid(Vec<Diagnostic>),
    /// Rendering a page failed.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Preparing or swapping the output folder failed.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Films in the site.
    pub films: usize,
    /// Reviews in the site.
    pub reviews: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written (pages, feeds, JSON, sitemaps, assets, posters).
    pub files: usize,
    /// Bytes the written site holds.
    pub bytes: u64,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// What writing a site wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// How many of them are HTML pages.
    pub pages: usize,
    /// Bytes they hold.
    pub bytes: u64,
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

/// Loads, validates and aggregates the site at `root`; `base_url` overrides the config's.
/// Fails with every diagnostic when any of them is an error; `strict` makes warnings errors.
pub fn load(root: &Path, base_url: Option<&str>, strict: bool) -> Result<Loaded, BuildError> {
    load_with(root, base_url, strict, None)
}

/// [`load`], counting the files read into `progress`.
pub fn load_with(
    root: &Path,
    base_url: Option<&str>,
    strict: bool,
    progress: Option<&progress::Progress>,
) -> Result<Loaded, BuildError> {
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
        None => std::fs::read_to_string(root.join("config.toml")).ok(),
    };
    // Not errors under --strict: a site previewed or checked before it has a home is fine.
    let mut publishing = config::publishing_problems(&config, config_text.as_deref());
    let options = content::LoadOptions {
        allow_html: config.allow_html,
        today: Some(content::model::Date::today()),
        scores: config.scores,
        progress,
    };
    let (content, mut problems) = content::load(root, options);
    diagnostics.append(&mut problems);
    diagnostics.append(&mut aggregate::lint::lint(&content));
    let theme = match render::theme::load(root) {
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
        for d in &mut diagnostics {
            if d.severity == diagnostic::Severity::Warning {
                d.severity = diagnostic::Severity::Error;
            }
        }
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
    build_with(
        root,
        output,
        base_url,
        strict,
        None,
        output::Wait::Block(&|_| {}),
    )
}

/// [`build`], counting files read and pages written into `progress` as it goes; `wait` says
/// what to do when another build holds the output (see [`output::lock`]), which it holds
/// from the first file read to the swap.
pub fn build_with(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
    strict: bool,
    progress: Option<&progress::Progress>,
    wait: output::Wait<'_>,
) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let _lock = output::lock(output, root, wait)?;
    let loaded = load_with(root, base_url, strict, progress)?;
    let texts = render::Texts::new(&loaded.site);
    let written = write_locked(&loaded, &texts, root, output, progress)?;
    Ok(BuildReport {
        films: loaded.site.films.len(),
        reviews: loaded.site.films.iter().map(|f| f.film.reviews.len()).sum(),
        pages: written.pages,
        files: written.files,
        bytes: written.bytes,
        warnings: loaded.warnings,
        elapsed: start.elapsed(),
    })
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
    write_locked(loaded, texts, root, output, progress)
}

/// [`write`] for a caller that holds the output's lock: every page rendered straight into
/// the staging folder, then the sitemaps, the static files and the posters (each copied from
/// one handle and checked again to be an image), then the swap.
fn write_locked(
    loaded: &Loaded,
    texts: &render::Texts,
    root: &Path,
    output: &Path,
    progress: Option<&progress::Progress>,
) -> Result<Written, BuildError> {
    let staging = output::begin(output, root)?;
    let pages = render::Pages::new(&loaded.site, &loaded.theme, texts);
    if let Some(p) = progress {
        p.pages_total
            .store(pages.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let all: Vec<usize> = (0..pages.len()).collect();
    pages.render_each(&all, |(file, bytes)| -> Result<(), BuildError> {
        staging.write(&file, &bytes)?;
        progress::Progress::bump(progress, |p| &p.pages_written);
        Ok(())
    })?;
    let mut written = pages.len();
    for (file, bytes) in pages.sitemaps()? {
        staging.write(&file, &bytes)?;
        written += 1;
    }
    let (statics, posters) = pages.assets();
    for (file, bytes) in statics {
        staging.write(file, bytes)?;
        written += 1;
    }
    for (from, file) in posters {
        let name = file.rsplit('/').next().unwrap_or_default().to_string();
        staging.copy(&root.join(from), &file, |bytes| {
            content::image_format(&name, bytes).is_some()
        })?;
        written += 1;
    }
    let html = pages.html_count();
    drop(pages);
    let bytes = staging.bytes();
    staging.commit()?;
    Ok(Written {
        files: written,
        pages: html,
        bytes,
    })
}

/// The output folder used when none is given: `public/` in the site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
