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
pub mod disk;
pub mod ignore;
pub mod links;

pub mod output;
pub mod posters;
pub mod progress;
pub mod render;
pub mod routes;
pub mod score;
pub mod serve;
pub mod stamp;

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
    /// Poster files written, and how many of them this build encoded rather than took from
    /// the cache.
    pub posters: (usize, usize),
    /// The posters (their sources) whose images in the cache were damaged, and were made
    /// again.
    pub damaged: Vec<PathBuf>,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Whether nothing had changed since the last build, which left the output as it was.
    pub up_to_date: bool,
}

/// What writing a site wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// How many of them are HTML pages.
    pub pages: usize,
    /// Bytes they hold.
    pub bytes: u64,
    /// The largest file's bytes.
    pub largest: u64,
    /// Files and bytes of the per-film feeds and JSON files (`[publish]` extras).
    pub extras: (usize, u64),
    /// Poster files written, and how many of them this build encoded (the others came
    /// from the cache).
    pub posters: (usize, usize),
    /// The posters (their sources) whose images in the cache were damaged, and were made
    /// again.
    pub damaged: Vec<PathBuf>,
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

/// What the command line changes about how a site is read: the same sources, another
/// address, stricter checks, or drafts kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Overrides the config's `base_url` (a preview deployment's address).
    pub base_url: Option<&'a str>,
    /// Makes warnings errors.
    pub strict: bool,
    /// Keeps the films, reviews and pages marked `draft = true`, which are left out otherwise.
    pub drafts: bool,
    /// Builds even when nothing changed since the last build (see [`stamp`]).
    pub force: bool,
    /// Deletes files in the output that Marquee did not write, which otherwise stop the build
    /// (see [`output::unknown`]).
    pub clean: bool,
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
    seen: Option<&stamp::Seen>,
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
        base_path: &base_path,
        allow_html: config.allow_html,
        today: Some(content::model::Date::today()),
        scores: config.scores,
        progress,
        drafts,
        seen,
    };
    let (content, mut problems) = content::load(root, options);
    diagnostics.append(&mut problems);
    diagnostics.append(&mut aggregate::lint::lint(&content));
    diagnostics.append(&mut aggregate::lint::navigation(
        &config,
        &content,
        config_text.as_deref(),
    ));
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
    if let Some(kept) = fresh.and_then(|key| stamp::fresh(root, output, key)) {
        return Ok(BuildReport {
            films: kept.films,
            reviews: kept.reviews,
            pages: kept.pages,
            files: kept.files,
            bytes: kept.bytes,
            posters: (kept.posters, 0),
            damaged: Vec::new(),
            warnings: kept.warnings(),
            elapsed: start.elapsed(),
            up_to_date: true,
        });
    }
    let seen = stamp::Seen::new(started);
    let loaded = load_seen(root, options, progress, key.as_ref().map(|_| &seen))?;
    let texts = render::Texts::new(&loaded.site);
    let (written, files) = write_locked(&loaded, &texts, root, output, progress, options.clean)?;
    // About the whole site, so first: never among those a long list leaves unshown.
    let mut warnings = match loaded.site.config.publish.host {
        Some(host) => host_warnings(host, &written),
        None => Vec::new(),
    };
    warnings.extend(loaded.warnings.iter().cloned());
    let report = BuildReport {
        films: loaded.site.films.len(),
        reviews: loaded.site.films.iter().map(|f| f.film.reviews.len()).sum(),
        pages: written.pages,
        files: written.files,
        bytes: written.bytes,
        posters: written.posters,
        damaged: written.damaged.clone(),
        warnings,
        elapsed: start.elapsed(),
        up_to_date: false,
    };
    if let Some(key) = key {
        stamp::save(root, output, &key, &seen, files, &stamp::Kept::new(&report));
    }
    // Freeing a large site's data takes a noticeable moment the caller need not wait for.
    std::thread::spawn(move || drop((loaded, texts)));
    Ok(report)
}

/// Warnings for a site that is over, or near (80%), one of its host's limits, with the
/// figures and what would bring it under.
pub fn host_warnings(host: config::Host, written: &Written) -> Vec<Diagnostic> {
    let limits = host.limits();
    let gb = |b: u64| format!("{:.2} GB", b as f64 / 1e9);
    let near = |value: u64, max: u64| value * 10 >= max * 8;
    // (what the site is, the limit, whether it is over, what else would help)
    let mut checks: Vec<(String, String, bool, &str)> = Vec::new();
    if let Some(max) = limits.site_bytes
        && near(written.bytes, max)
    {
        checks.push((
            format!("the site is {}", gb(written.bytes)),
            format!("the limit of {}, {}", host.name(), gb(max)),
            written.bytes > max,
            "`[publish] list_excerpts = false` (the default) keeps critics' and publications' \
             pages short; beyond that, publish where the limits are larger",
        ));
    }
    if let Some(max) = limits.files
        && near(written.files as u64, max as u64)
    {
        checks.push((
            match written.posters.0 {
                0 => format!("the site is {} files", written.files),
                posters => format!(
                    "the site is {} files ({posters} of them poster images, up to four a film)",
                    written.files
                ),
            },
            format!("the limit of {}, {max} files", host.name()),
            written.files > max,
            "every film, critic, publication and term has a page, and a larger `per_page` \
             means fewer pages of lists; beyond that, publish where the limits are larger",
        ));
    }
    if let Some(max) = limits.file_bytes
        && near(written.largest, max)
    {
        checks.push((
            format!(
                "its largest file is {:.1} MiB",
                written.largest as f64 / 1048576.0
            ),
            format!("the limit of {}, {} MiB a file", host.name(), max / 1048576),
            written.largest > max,
            "the largest files are the sitemap and the search index, which grow with the \
             films; a poster this large can be made smaller",
        ));
    }
    let (extra_files, extra_bytes) = written.extras;
    checks
        .into_iter()
        .map(|(what, limit, over, otherwise)| {
            let message = format!("{what}, {} {limit}", if over { "over" } else { "near" });
            let help = if extra_files > 0 {
                format!(
                    "the per-film feeds and JSON files are {extra_files} files and {} of it: \
                     `[publish] film_feeds = false` and `film_json = false` leave them out",
                    gb(extra_bytes)
                )
            } else {
                otherwise.to_string()
            };
            Diagnostic::warning(diagnostic::Code::W011, Path::new("config.toml"), message)
                .help(help)
        })
        .collect()
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

/// [`write`] for a caller that holds the output's lock: every page rendered straight into
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
    let extras = (
        std::sync::atomic::AtomicUsize::new(0),
        std::sync::atomic::AtomicU64::new(0),
    );
    let render = || {
        pages.render_each(&all, |(file, bytes)| -> Result<(), BuildError> {
            staging.write(&file, &bytes)?;
            if routes::is_film_extra(&file) {
                extras.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                extras
                    .1
                    .fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
            }
            progress::Progress::bump(progress, |p| &p.pages_written);
            Ok(())
        })
    };
    // The sitemaps, static files and posters, written beside the pages rather than after.
    let the_rest = || -> Result<(usize, Posters), BuildError> {
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
    let (rendered, rest) = rayon::join(render, the_rest);
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
        extras: (extras.0.into_inner(), extras.1.into_inner()),
        posters: (posters.files, posters.encoded),
        damaged: posters.damaged,
    };
    Ok((written, files))
}

/// What [`write_posters`] wrote.
#[derive(Debug, Default)]
struct Posters {
    /// Files written.
    files: usize,
    /// How many of them were encoded rather than taken from the cache.
    encoded: usize,
    /// The posters whose cached images were damaged.
    damaged: Vec<PathBuf>,
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
) -> Result<Posters, BuildError> {
    use rayon::prelude::*;
    let cache = root.join(posters::CACHE_DIR);
    // Each poster's files are written as soon as they are made, so that a site with many
    // posters never holds them all in memory.
    let results: Vec<Result<Posters, BuildError>> = films
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
                    Ok(Posters {
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
    let mut all = Posters::default();
    for result in results {
        match result {
            Ok(mut one) => {
                all.files += one.files;
                all.encoded += one.encoded;
                all.damaged.append(&mut one.damaged);
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use config::Host;

    fn written(files: usize, bytes: u64, largest: u64, extras: (usize, u64)) -> Written {
        Written {
            files,
            pages: files,
            bytes,
            largest,
            extras,
            posters: (0, 0),
            damaged: Vec::new(),
        }
    }

    #[test]
    fn a_host_warns_over_and_near_its_limits_with_the_figures_and_a_way_out() {
        let messages = |host, w: &Written| -> Vec<String> {
            host_warnings(host, w)
                .iter()
                .map(|d| format!("{}: {} ({})", d.code, d.message, d.help.clone().unwrap()))
                .collect()
        };
        let big = written(70_701, 1_820_000_000, 9_000_000, (40_000, 420_000_000));
        let gh = messages(Host::GithubPages, &big);
        assert_eq!(gh.len(), 1);
        assert!(
            gh[0].starts_with("W011: the site is 1.82 GB, over the limit of GitHub Pages, 1.00 GB"),
            "{gh:?}"
        );
        assert!(gh[0].contains("40000 files and 0.42 GB of it"), "{gh:?}");
        let cf = messages(Host::CloudflarePages, &big);
        assert!(
            cf[0].contains(
                "the site is 70701 files, over the limit of Cloudflare Pages (free plan), 20000 files"
            ),
            "{cf:?}"
        );
        let near = written(17_000, 10_000_000, 21 * 1024 * 1024, (0, 0));
        let cf = messages(Host::CloudflarePages, &near);
        assert_eq!(cf.len(), 2, "{cf:?}");
        assert!(cf[0].contains("17000 files, near"));
        assert!(cf[1].contains("largest file is 21.0 MiB, near"));
        let with_posters = Written {
            posters: (16_000, 0),
            ..written(21_000, 500_000_000, 100_000, (0, 0))
        };
        let cf = messages(Host::CloudflarePages, &with_posters);
        assert!(
            cf[0].contains(
                "the site is 21000 files (16000 of them poster images, up to four a film), over"
            ),
            "{cf:?}"
        );
        let small = written(3_000, 100_000_000, 100_000, (0, 0));
        assert!(messages(Host::GithubPages, &small).is_empty());
        assert!(messages(Host::S3, &big).is_empty() && messages(Host::Netlify, &big).is_empty());
    }
}
