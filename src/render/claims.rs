//! Which source claims each output file, so that no two of them share a URL.
//!
//! Every output path comes from a source: a film folder, a critic's or publication's name, a
//! taxonomy term, a static file, or Marquee itself (the lists, feeds and sitemaps). When two
//! sources claim one path, one page would silently replace the other, so the build refuses
//! and names both, with a way out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::renderer::{FeedOf, Job, Pages, Renderer, SITEMAP_LIMIT, Who};
use super::texts::Texts;
use crate::aggregate::Site;
use crate::diagnostic::{Code, Diagnostic};
use crate::render::theme::Theme;

/// Who wants an output file: a file of the site's own, or a page Marquee makes by itself.
#[derive(Debug, Clone)]
enum Claimant {
    /// A source of the site: the file to point at, what it makes, and how to move it.
    Source {
        path: PathBuf,
        what: String,
        help: String,
    },
    /// A page every site has.
    BuiltIn(String),
}

/// An error for every output path that two sources claim, naming both (reported by `check`
/// and `build` alike).
pub(crate) fn collisions(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let texts = Texts::empty();
    let pages = Pages::new(site, theme, &texts);
    let mut owners: HashMap<String, Claim<'_>> = HashMap::new();
    let mut found = Vec::new();
    let mut all = claims(&pages);
    // The marker is written beside the site by the output stage: nothing may take its place.
    all.push((crate::routes::MARKER.to_string(), Claim::Fixed));
    for (file, claim) in &all {
        match owners.get(file) {
            None => {
                owners.insert(file.clone(), *claim);
            }
            Some(&first) => {
                let name = |c| claimant(&pages.renderer, theme, file, c);
                found.push(collision(file, &name(first), &name(*claim)));
            }
        }
    }
    // A file whose path another file runs through as a folder (an alias `/feed.xml/` and
    // the feed, `static/404.html/x.txt` and the 404 page): one of them cannot be written.
    let mut reported = std::collections::HashSet::new();
    for (file, claim) in &all {
        for (end, _) in file.match_indices('/') {
            let folder = &file[..end];
            if let Some(&owner) = owners.get(folder)
                && reported.insert(folder)
            {
                let name = |c, f: &str| claimant(&pages.renderer, theme, f, c);
                found.push(collision_as_folder(
                    folder,
                    file,
                    &name(owner, folder),
                    &name(*claim, file),
                ));
            }
        }
    }
    found.extend(dropped_aliases(&pages, &owners, theme));
    found.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    found
}

/// Every file a build of `site` with `theme` writes, by path in the output (the marker
/// aside), so that what is in an output can be judged without building it.
pub fn files(site: &Site, theme: &Theme) -> Vec<String> {
    let texts = Texts::empty();
    let pages = Pages::new(site, theme, &texts);
    claims(&pages).into_iter().map(|(file, _)| file).collect()
}

/// A warning for every alias left unwritten because its address is taken (see
/// `Renderer::add_aliases`), naming what is there.
fn dropped_aliases(
    pages: &Pages<'_>,
    owners: &HashMap<String, Claim<'_>>,
    theme: &Theme,
) -> Vec<Diagnostic> {
    let site = pages.renderer.shared.site;
    let written: std::collections::HashSet<usize> = pages
        .jobs
        .iter()
        .filter_map(|job| match job {
            Job::Alias(i) => Some(*i),
            _ => None,
        })
        .collect();
    site.redirects
        .iter()
        .enumerate()
        .filter(|(i, _)| !written.contains(i))
        .map(|(_, redirect)| {
            let file = crate::routes::file_of(&redirect.alias.path);
            let there = match owners.get(&file) {
                Some(&claim) => match claimant(&pages.renderer, theme, &file, claim) {
                    Claimant::Source { path, what, .. } => format!("{what} ({})", path.display()),
                    Claimant::BuiltIn(what) => what,
                },
                None => "another page".to_string(),
            };
            Diagnostic::warning(
                Code::W012,
                &redirect.source,
                format!(
                    "the alias `{}` is the address of {there}; the alias is not written",
                    redirect.alias.written
                ),
            )
            .help("remove the alias; an alias only keeps an old address working")
        })
        .collect()
}

fn collision(file: &str, first: &Claimant, second: &Claimant) -> Diagnostic {
    // Point at a source the user can change; Marquee's own pages cannot move.
    let (path, help) = match (first, second) {
        (Claimant::Source { path, help, .. }, _) | (_, Claimant::Source { path, help, .. }) => {
            (path.clone(), help.clone())
        }
        _ => (PathBuf::from("config.toml"), String::new()),
    };
    Diagnostic::error(
        Code::E022,
        &path,
        format!(
            "`/{file}` would be written twice: by {} and by {}; one would silently replace the other",
            describe(first),
            describe(second)
        ),
    )
    .help(help)
}

/// The error for `folder`, a file of `first`, which `second` would make a folder to write
/// `file` into.
fn collision_as_folder(
    folder: &str,
    file: &str,
    first: &Claimant,
    second: &Claimant,
) -> Diagnostic {
    let mut diagnostic = collision(folder, first, second);
    diagnostic.message = format!(
        "`/{folder}` would be both a file and a folder: {} writes the file, and {} writes `/{file}` inside it",
        describe(first),
        describe(second)
    );
    diagnostic
}

/// A claimant in words, with the file to find it in.
fn describe(c: &Claimant) -> String {
    match c {
        Claimant::Source { path, what, .. } => format!("{what} ({})", path.display()),
        Claimant::BuiltIn(what) => what.clone(),
    }
}

/// What claims a file, cheap to keep for every file of a large site; it is named in words
/// ([`claimant`]) only when it meets another.
#[derive(Debug, Clone, Copy)]
enum Claim<'a> {
    /// A page, feed or JSON file.
    Job(Job),
    /// A file every site has (sitemap, robots.txt, _headers).
    Fixed,
    /// A static file, by its name in `static/`.
    Asset(&'a str),
    /// The poster of a film, by index.
    Poster(usize),
}

/// Every file the build writes, with what claims it.
fn claims<'a>(pages: &'a Pages<'_>) -> Vec<(String, Claim<'a>)> {
    let r = &pages.renderer;
    let site = r.shared.site;
    let mut out: Vec<(String, Claim<'_>)> = pages
        .jobs
        .iter()
        .map(|&job| (r.file_of(job), Claim::Job(job)))
        .collect();
    let html = pages.html_count();
    let mut built_in = vec![
        "sitemap.xml".to_string(),
        "robots.txt".into(),
        "_headers".into(),
    ];
    if pages.jobs.iter().any(|job| matches!(job, Job::Alias(_))) {
        built_in.push(crate::routes::REDIRECTS.into());
    }
    if html > SITEMAP_LIMIT {
        built_in.extend((1..=html.div_ceil(SITEMAP_LIMIT)).map(|n| format!("sitemap-{n}.xml")));
    }
    out.extend(built_in.into_iter().map(|f| (f, Claim::Fixed)));
    out.extend(
        pages
            .asset_names
            .iter()
            .map(|(name, file)| (file.clone(), Claim::Asset(name))),
    );
    for (i, entry) in site.films.iter().enumerate() {
        if let Some(poster) = &entry.film.poster {
            let variants = crate::posters::variants(&entry.film.slug, poster);
            for v in variants.webp.into_iter().chain([variants.fallback]) {
                out.push((v.file, Claim::Poster(i)));
            }
        }
    }
    out
}

/// Who `claim` is, in words, with what to do about it.
fn claimant(r: &Renderer<'_>, theme: &Theme, file: &str, claim: Claim<'_>) -> Claimant {
    match claim {
        Claim::Job(job) => job_claimant(r, job),
        Claim::Fixed => Claimant::BuiltIn(format!("Marquee's {file}")),
        Claim::Asset(name) if theme.own_static.contains(name) => {
            let path = Path::new("static").join(name);
            Claimant::Source {
                what: "the static file".into(),
                help: format!(
                    "rename or move {}; to change a page Marquee makes, override its template \
                     in templates/ instead",
                    path.display()
                ),
                path,
            }
        }
        Claim::Asset(name) => Claimant::BuiltIn(format!("the default theme's {name}")),
        Claim::Poster(i) => film_claim(&r.shared.site.films[i].film, "the poster of"),
    }
}

/// Who claims the file of `job`.
fn job_claimant(r: &Renderer<'_>, job: Job) -> Claimant {
    let site = r.shared.site;
    match job {
        Job::Film { index: i, .. } | Job::ApiFilm(i) | Job::Feed(FeedOf::Film(i)) => {
            film_claim(&site.films[i].film, "the page of")
        }
        Job::Films { order, .. } => Claimant::BuiltIn(format!(
            "the list of films by {}",
            match r.shared.orders[order].0 {
                "percent" => "% positive",
                key => key,
            }
        )),
        Job::Contributor { who, index, .. } | Job::Feed(FeedOf::Contributor(who, index)) => {
            let c = r.contributor_entry(who, index);
            let (kind, dir, has_profile) = match who {
                Who::Critics => ("critic", "critics", site.critics[index].1.is_some()),
                Who::Publications => (
                    "publication",
                    "publications",
                    site.publications[index].1.is_some(),
                ),
            };
            let path = if has_profile {
                PathBuf::from(format!("content/{dir}/{}.md", c.slug))
            } else {
                c.reviews
                    .first()
                    .map(|&r| site.review(r).source.clone())
                    .unwrap_or_default()
            };
            Claimant::Source {
                path,
                what: format!("the {kind} `{}`", c.name),
                help: format!(
                    "a {kind}'s page is named after the {kind}: spell the name so that it \
                     differs from `{}`, e.g. with a first name or initial",
                    c.slug
                ),
            }
        }
        Job::Term { tax, term, .. } => {
            let t = &site.taxonomies[tax];
            let term = &t.terms[term];
            Claimant::Source {
                path: term
                    .films
                    .first()
                    .map(|&f| site.films[f].film.source.clone())
                    .unwrap_or_default(),
                what: format!("the {} `{}`", t.singular(), term.name),
                help: format!("spell the {} differently in its films", t.singular()),
            }
        }
        Job::Best(l) => Claimant::BuiltIn(format!("the list \"{}\"", site.best[l].title)),
        Job::Person(i) => Claimant::BuiltIn(format!("the page of {}", site.people[i].name)),
        Job::People { .. } => Claimant::BuiltIn("the list of people".to_string()),
        Job::Page(i) => {
            let page = &site.pages[i];
            Claimant::Source {
                path: page.source.clone(),
                what: format!("the page \"{}\"", page.title),
                help: format!(
                    "a page's file name is its address: rename content/pages/{}.md",
                    page.slug
                ),
            }
        }
        Job::Alias(i) => {
            let redirect = &site.redirects[i];
            Claimant::Source {
                path: redirect.source.clone(),
                what: format!("the alias `{}`", redirect.alias.written),
                help: "remove the alias, or rename what it collides with".into(),
            }
        }
        other => Claimant::BuiltIn(format!("Marquee's {}", built_in_name(other))),
    }
}

fn built_in_name(job: Job) -> &'static str {
    match job {
        Job::Home => "home page",
        Job::Contributors {
            who: Who::Critics, ..
        } => "list of critics",
        Job::Contributors { .. } => "list of publications",
        Job::Terms { .. } => "list of terms",
        Job::Search => "search page",
        Job::SearchIndex => "search index",
        Job::NotFound => "404 page",
        Job::ApiIndex => "film index",
        Job::Scoring => "page on how scores work",
        _ => "site feed",
    }
}

/// A film's claim, with a folder name that would not collide (its slug with the year).
fn film_claim(film: &crate::content::model::Film, what: &str) -> Claimant {
    let year = film.year.to_string();
    let suggestion = if film.slug.ends_with(&year) {
        format!("{}-film", film.slug)
    } else {
        format!("{}-{year}", film.slug)
    };
    Claimant::Source {
        path: film.source.clone(),
        what: format!("{what} the film `{}`", film.title),
        help: format!(
            "rename the folder content/films/{} to, e.g., content/films/{suggestion}",
            film.slug
        ),
    }
}
