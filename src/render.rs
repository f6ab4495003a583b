//! Turns the site index into pages: one shared Tera engine, the views each template gets,
//! and the list of every file the site consists of, rendered and written in parallel.
//!
//! Views are small serialisable structs that borrow from the [`Site`]; the README's template
//! guide documents them field by field, so their names are a public interface.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::export;
use crate::model::Date;
use crate::output::{OutputError, Staging};
use crate::progress::Progress;
use crate::score::Show;
use crate::site::{Contributor, FilmEntry, ReviewRef, Site};
use crate::taxonomy::{Taxonomy, Term};
use crate::theme::Theme;

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template could not be rendered with the page's data.
    #[error("template `{template}` failed while rendering {page}:\n{message}")]
    Template {
        /// The template's name.
        template: String,
        /// The page being rendered.
        page: String,
        /// Tera's explanation.
        message: String,
    },
    /// Writing a page failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Site-wide values every template gets as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_path: String,
    root_url: String,
    film_count: usize,
    review_count: usize,
    critic_count: usize,
    publication_count: usize,
    /// Which numbers to show: "metascore", "percent" or "both".
    show: Show,
    /// Banded reviews a film needs for a % positive.
    percent_positive_min_reviews: u32,
    /// The URL of each static file by its name in `static/`: stylesheets and scripts carry a
    /// hash of their contents (`style.1a2b3c4d5e6f7a8b.css`) so hosts may cache them forever.
    assets: BTreeMap<String, String>,
    /// The URLs in `assets` that carry a hash, in name order: safe to cache forever. (Tera
    /// iterates maps in no fixed order, so templates that list assets use this.)
    hashed_assets: Vec<String>,
    /// The taxonomies with at least one term, for navigation.
    taxonomies: Vec<TaxonomyView>,
}

/// What every template gets as `page`.
#[derive(Serialize)]
struct PageView {
    title: String,
    path: String,
    url: String,
    /// The meta description: the film's synopsis, else a sentence made from the page's data,
    /// else the site's description.
    description: String,
    /// Absolute URL of the page's preview image (a film's poster).
    image: Option<String>,
    /// Open Graph type: "video.movie" on film pages, "website" elsewhere.
    og_type: &'static str,
    /// The page's own Atom feed, when it has one.
    feed: Option<String>,
    /// The schema.org JSON-LD of a film page, already escaped for a script element.
    json_ld: Option<String>,
    /// The previous and next pages of a paginated list.
    prev: Option<String>,
    next: Option<String>,
}

/// What a page adds to its `page` view beyond its path and title.
struct Head {
    description: Option<String>,
    image: Option<String>,
    og_type: &'static str,
    feed: Option<String>,
    json_ld: Option<String>,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            description: None,
            image: None,
            og_type: "website",
            feed: None,
            json_ld: None,
        }
    }
}

/// A name that may link to its page.
#[derive(Serialize)]
struct Link<'a> {
    name: &'a str,
    url: Option<String>,
}

/// A taxonomy as its pages show it.
#[derive(Serialize)]
struct TaxonomyView {
    key: &'static str,
    name: &'static str,
    singular: &'static str,
    url: String,
    count: usize,
}

/// One term of a taxonomy.
#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: String,
    films: usize,
}

/// A "best of" list in the lists' navigation.
#[derive(Serialize)]
struct BestLink<'a> {
    title: &'a str,
    url: String,
    current: bool,
}

/// The "best of" lists of one kind: all time, by year, by genre.
#[derive(Serialize)]
struct BestGroup<'a> {
    label: &'static str,
    lists: Vec<BestLink<'a>>,
}

/// One page of the films by title, for the search page's plain list.
#[derive(Serialize)]
struct TitlePage<'a> {
    url: String,
    first: &'a str,
    last: &'a str,
}

/// A film as listings show it.
#[derive(Serialize)]
struct FilmCard<'a> {
    slug: &'a str,
    title: &'a str,
    year: u16,
    url: String,
    metascore: Option<u8>,
    label: Option<&'static str>,
    band: &'static str,
    scored: usize,
    needed: usize,
    reviews: usize,
    percent_positive: Option<u8>,
    freshness: Option<&'static str>,
    banded: usize,
    must_see: bool,
}

/// A film with everything its page shows.
#[derive(Serialize)]
struct FilmView<'a> {
    #[serde(flatten)]
    card: FilmCard<'a>,
    release_date: Option<String>,
    release_date_iso: Option<String>,
    year_url: String,
    directors: Vec<Link<'a>>,
    cast: &'a [String],
    genres: Vec<Link<'a>>,
    runtime: Option<u32>,
    country: Option<Link<'a>>,
    language: Option<Link<'a>>,
    poster_url: Option<String>,
    synopsis_html: &'a str,
    positive: usize,
    mixed: usize,
    negative: usize,
    unscored: usize,
    /// Unscored reviews that still have a band, from their verdict.
    verdict_only: usize,
}

/// A film named on a review card shown away from the film's page.
#[derive(Serialize)]
struct FilmRef<'a> {
    title: &'a str,
    year: u16,
    url: &'a str,
}

/// One review card.
#[derive(Serialize)]
struct ReviewView<'a> {
    critic: Option<&'a str>,
    critic_url: Option<&'a str>,
    publication: Option<&'a str>,
    publication_url: Option<&'a str>,
    date: Option<&'a str>,
    date_iso: Option<&'a str>,
    score: Option<u8>,
    rating: Option<&'a str>,
    assigned: bool,
    band: Option<&'static str>,
    verdict: Option<&'static str>,
    excerpt_html: &'a str,
    url: Option<&'a str>,
    film: FilmRef<'a>,
    anchor: &'a str,
}

/// A critic or publication as listings and its own page show it.
#[derive(Serialize)]
struct ContributorView<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    reviews: usize,
    scored: usize,
    average: Option<String>,
    versus_metascore: Option<String>,
    compared: usize,
    agreements: usize,
    judged: usize,
    agreement_percent: Option<u8>,
    /// Critics: the profile's publication. Publications: none.
    publication: Option<&'a str>,
    publication_url: Option<String>,
    website: Option<&'a str>,
    weight: Option<String>,
    about_html: Option<&'a str>,
}

/// Links to the pages of a paginated list.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    first: String,
    last: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// One of the orders of the film listing.
#[derive(Serialize)]
struct OrderLink {
    key: &'static str,
    label: &'static str,
    url: String,
    current: bool,
}

/// One order of the film listing: key (URL segment), label, film indices. The first is the
/// site's main metric and lives at `/films/`.
type Order<'a> = (&'static str, &'static str, &'a [usize]);

/// The listing orders the site offers, given which numbers it shows.
fn orders(site: &Site) -> Vec<Order<'_>> {
    let metascore: Order = ("metascore", "Metascore", &site.by_metascore);
    let percent: Order = ("percent", "% positive", &site.by_percent);
    let mut list = match site.config.scores.show {
        Show::Metascore => vec![metascore],
        Show::Percent => vec![percent],
        Show::Both => vec![metascore, percent],
    };
    list.push(("title", "Title", &site.by_title));
    list.push(("year", "Year", &site.by_year));
    list
}

/// One file of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Home,
    Films {
        order: usize,
        page: usize,
    },
    Film(usize),
    Contributors {
        who: Who,
        page: usize,
    },
    Contributor {
        who: Who,
        index: usize,
        page: usize,
    },
    Terms {
        tax: usize,
        page: usize,
    },
    Term {
        tax: usize,
        term: usize,
        page: usize,
    },
    Best(usize),
    Search,
    SearchIndex,
    Feed(FeedOf),
    NotFound,
    ApiIndex,
    ApiFilm(usize),
}

/// Whose reviews an Atom feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeedOf {
    Site,
    Film(usize),
    Contributor(Who, usize),
}

/// Critics or publications: the two kinds of contributor, with the same kinds of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Critics,
    Publications,
}

impl Who {
    /// URL folder, list template, page template, list title, context key of one.
    fn names(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            Who::Critics => (
                "critics/",
                "critics.html",
                "critic.html",
                "Critics",
                "critic",
            ),
            Who::Publications => (
                "publications/",
                "publications.html",
                "publication.html",
                "Publications",
                "publication",
            ),
        }
    }
}

/// The sitemaps protocol's limit of URLs in one sitemap file.
const SITEMAP_LIMIT: usize = 50_000;

/// One `<url>` or `<sitemap>` entry.
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// How many films the home page shows, and how many latest reviews.
const HOME_FILMS: usize = 12;
const HOME_REVIEWS: usize = 10;

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    base: String,
    site_view: SiteView<'a>,
    /// Per film: its URL and the display strings of its reviews, computed once although each
    /// review appears on three pages.
    texts: &'a [(String, Vec<ReviewText>)],
    /// The film listing's orders.
    orders: Vec<Order<'a>>,
    /// Per film, the date of its newest review.
    newest: Vec<Option<Date>>,
}

/// The strings a review card needs that are derived from the review, made once per review.
pub struct ReviewText {
    critic_url: Option<String>,
    publication_url: Option<String>,
    date: Option<String>,
    date_iso: Option<String>,
    anchor: String,
}

/// A film's URL and its reviews' display strings.
fn film_texts(entry: &FilmEntry, base: &str) -> (String, Vec<ReviewText>) {
    let url = |dir: &str, name: &str| format!("{base}{dir}{}/", crate::model::slugify(name));
    let texts = entry
        .film
        .reviews
        .iter()
        .enumerate()
        .map(|(i, review)| ReviewText {
            critic_url: review.critic.as_deref().map(|c| url("critics/", c)),
            publication_url: review
                .publication
                .as_deref()
                .map(|p| url("publications/", p)),
            date: review.date.map(|d| d.human()),
            date_iso: review.date.map(|d| d.to_string()),
            anchor: format!("review-{}", i + 1),
        })
        .collect();
    (format!("{base}films/{}/", entry.film.slug), texts)
}

/// One output file: its path in the output folder and its bytes.
pub type File = (String, Vec<u8>);

/// Renders every page of `site` into `staging`, counting pages into `progress`; returns how
/// many files were written and how many of them are HTML pages.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    texts: &Texts,
    staging: &Staging,
    root: &Path,
    progress: Option<&Progress>,
) -> Result<(usize, usize), RenderError> {
    let pages = Pages::new(site, theme, texts);
    if let Some(p) = progress {
        p.pages_total
            .store(pages.len(), std::sync::atomic::Ordering::Relaxed);
    }
    let all: Vec<usize> = (0..pages.len()).collect();
    pages.render_each(&all, |(file, bytes)| {
        staging.write(&file, &bytes)?;
        Progress::bump(progress, |p| &p.pages_written);
        Ok(())
    })?;
    let mut written = pages.len();
    for (file, bytes) in pages.sitemaps()? {
        staging.write(&file, &bytes)?;
        written += 1;
    }
    for (name, bytes) in &theme.static_files {
        staging.write(&pages.asset_names[name], bytes)?;
        written += 1;
    }
    for entry in &site.films {
        if let Some(poster) = &entry.film.poster {
            let from = root
                .join(entry.film.source.parent().unwrap_or(Path::new("")))
                .join(poster);
            staging.copy(&from, &format!("films/{}/{poster}", entry.film.slug))?;
            written += 1;
        }
    }
    Ok((written, pages.html_count()))
}

/// The display strings of every review, per film: made once per build (each review appears
/// on three pages) and kept between incremental rebuilds, where one film's are remade.
pub struct Texts(Vec<(String, Vec<ReviewText>)>);

impl Texts {
    /// The strings of every film of `site`, made in parallel.
    pub fn new(site: &Site) -> Texts {
        let base = site.config.base_path();
        Texts(
            site.films
                .par_iter()
                .map(|entry| film_texts(entry, &base))
                .collect(),
        )
    }

    /// Remakes the strings of film `film` after it changed.
    pub fn update(&mut self, site: &Site, film: usize) {
        self.0[film] = film_texts(&site.films[film], &site.config.base_path());
    }
}

/// The list of a site's pages (see [`Pages::layout`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout(Vec<Job>);

/// Every page of a site, ready to render any subset of them: full builds render all, the
/// preview server's incremental rebuilds only those whose [`Pages::fingerprints`] changed.
pub struct Pages<'a> {
    renderer: Renderer<'a>,
    jobs: Vec<Job>,
    /// The output name of each static file (hashed names for stylesheets and scripts).
    pub asset_names: BTreeMap<String, String>,
}

impl<'a> Pages<'a> {
    /// The pages of `site`, rendered with `theme`.
    pub fn new(site: &'a Site, theme: &'a Theme, texts: &'a Texts) -> Pages<'a> {
        let base = site.config.base_path();
        let mut r = Renderer {
            newest: site
                .films
                .par_iter()
                .map(|e| e.film.reviews.iter().filter_map(|r| r.date).max())
                .collect(),
            texts: &texts.0,
            orders: orders(site),
            site,
            tera: &theme.tera,
            site_view: SiteView {
                title: &site.config.title,
                description: &site.config.description,
                language: &site.config.language,
                base_path: base.clone(),
                root_url: site.config.root_url(),
                film_count: site.films.len(),
                review_count: site.films.iter().map(|f| f.film.reviews.len()).sum(),
                critic_count: site.critics.len(),
                publication_count: site.publications.len(),
                show: site.config.scores.show,
                percent_positive_min_reviews: site.config.scores.percent_positive_min_reviews,
                assets: BTreeMap::new(),
                hashed_assets: Vec::new(),
                taxonomies: Vec::new(),
            },
            base,
        };
        let names = asset_names(&theme.static_files);
        r.site_view.assets = names
            .iter()
            .map(|(name, out)| (name.clone(), r.url(out)))
            .collect();
        r.site_view.hashed_assets = names
            .iter()
            .filter(|(name, out)| name != out)
            .map(|(_, out)| r.url(out))
            .collect();
        r.site_view.taxonomies = site
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| r.taxonomy_view(t))
            .collect();
        let jobs = r.jobs();
        Pages {
            renderer: r,
            jobs,
            asset_names: names,
        }
    }

    /// How many pages (and other rendered files: feeds, JSON) the site has.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// How many of them are HTML pages.
    pub fn html_count(&self) -> usize {
        self.jobs
            .iter()
            .filter(|&&job| self.renderer.page_path(job).is_some())
            .count()
    }

    /// True when the site has no pages (never: the home page always exists).
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Which pages the site has, in order, to tell whether an incremental change added or
    /// removed any; the same list means the same output files while no film, critic or
    /// publication is added or removed.
    pub fn layout(&self) -> Layout {
        Layout(self.jobs.clone())
    }

    /// Renders the pages at `indices` in parallel, handing each file to `sink`.
    pub fn render_each(
        &self,
        indices: &[usize],
        sink: impl Fn(File) -> Result<(), RenderError> + Sync,
    ) -> Result<(), RenderError> {
        indices
            .par_iter()
            .with_min_len(8)
            .try_for_each(|&i| sink(self.renderer.render_job(self.jobs[i])?))
    }

    /// `sitemap.xml` (or its index and parts), `robots.txt` and `_headers`.
    pub fn sitemaps(&self) -> Result<Vec<File>, RenderError> {
        self.renderer.sitemaps(&self.jobs, SITEMAP_LIMIT)
    }

    /// A fingerprint of what the sitemap shows besides the pages' URLs (which the
    /// [`Layout`] pins): every page's `lastmod`.
    pub fn sitemap_fingerprint(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        for &job in &self.jobs {
            self.renderer.lastmod(job).hash(&mut h);
        }
        h.finish()
    }

    /// For each page, a fingerprint of the data it shows: `generations[f]` stands for film
    /// `f` (bumped whenever the film changes), so a page's fingerprint changes exactly when a
    /// film it shows changes, or its list of films or reviews does, or the numbers of a critic
    /// or publication it shows do. Pages whose fingerprints did not change need no rendering.
    pub fn fingerprints(&self, generations: &[u64]) -> Vec<u64> {
        self.jobs
            .par_iter()
            .with_min_len(64)
            .map(|&job| self.renderer.fingerprint(job, generations))
            .collect()
    }
}

/// The output name of each static file: stylesheets and scripts get a hash of their contents
/// before the extension, everything else keeps its name.
fn asset_names(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(name, bytes)| {
            let out = match name.rsplit_once('.') {
                Some((stem, ext)) if ext == "css" || ext == "js" => {
                    format!("{stem}.{:016x}.{ext}", fnv1a(bytes))
                }
                _ => name.clone(),
            };
            (name.clone(), out)
        })
        .collect()
}

/// The 64-bit FNV-1a hash: stable across platforms and releases, which a cache-busting name
/// needs and `std`'s hashers do not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn pages(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page).max(1)
}

impl<'a> Renderer<'a> {
    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let per = site.config.per_page;
        let mut jobs = vec![
            Job::Home,
            Job::NotFound,
            Job::ApiIndex,
            Job::Search,
            Job::SearchIndex,
            Job::Feed(FeedOf::Site),
        ];
        for order in 0..self.orders.len() {
            jobs.extend((1..=pages(site.films.len(), per)).map(|page| Job::Films { order, page }));
        }
        jobs.extend((0..site.films.len()).map(Job::Film));
        jobs.extend((0..site.films.len()).map(Job::ApiFilm));
        jobs.extend((0..site.films.len()).map(|i| Job::Feed(FeedOf::Film(i))));
        for (tax, t) in site.taxonomies.iter().enumerate() {
            jobs.extend((1..=pages(t.terms.len(), per)).map(|page| Job::Terms { tax, page }));
            for (term, members) in t.terms.iter().enumerate() {
                jobs.extend((1..=pages(members.films.len(), per)).map(|page| Job::Term {
                    tax,
                    term,
                    page,
                }));
            }
        }
        jobs.extend((0..site.best.len()).map(Job::Best));
        for who in [Who::Critics, Who::Publications] {
            let count = self.contributor_count(who);
            jobs.extend((1..=pages(count, per)).map(|page| Job::Contributors { who, page }));
            jobs.extend((0..count).map(|index| Job::Feed(FeedOf::Contributor(who, index))));
            for index in 0..count {
                let reviews = self.contributor_entry(who, index).reviews.len();
                jobs.extend((1..=pages(reviews, per)).map(|page| Job::Contributor {
                    who,
                    index,
                    page,
                }));
            }
        }
        jobs
    }

    /// The output path of page `page` of a list whose first page is at `dir` ("films/").
    fn paged_path(dir: &str, page: usize) -> String {
        if page == 1 {
            dir.to_string()
        } else {
            format!("{dir}page/{page}/")
        }
    }

    /// The output path of an HTML page ("" for the home page, "films/x/", "404.html");
    /// `None` for the JSON export.
    fn page_path(&self, job: Job) -> Option<String> {
        Some(match job {
            Job::Home => String::new(),
            Job::Films { order, page } => {
                let dir = if order == 0 {
                    "films/".to_string()
                } else {
                    format!("films/{}/", self.orders[order].0)
                };
                Self::paged_path(&dir, page)
            }
            Job::Film(i) => format!("films/{}/", self.site.films[i].film.slug),
            Job::Contributors { who, page } => Self::paged_path(who.names().0, page),
            Job::Contributor { who, index, page } => Self::paged_path(
                &format!(
                    "{}{}/",
                    who.names().0,
                    self.contributor_entry(who, index).slug
                ),
                page,
            ),
            Job::Terms { tax, page } => {
                Self::paged_path(&format!("{}/", self.site.taxonomies[tax].key), page)
            }
            Job::Term { tax, term, page } => {
                let t = &self.site.taxonomies[tax];
                Self::paged_path(&format!("{}/{}/", t.key, t.terms[term].slug), page)
            }
            Job::Best(l) => self.site.best[l].path.clone(),
            Job::Search => "search/".to_string(),
            Job::NotFound => "404.html".to_string(),
            Job::ApiIndex | Job::ApiFilm(_) | Job::SearchIndex | Job::Feed(_) => return None,
        })
    }

    /// When a page last changed: the date of the newest review it shows or counts.
    fn lastmod(&self, job: Job) -> Option<Date> {
        match job {
            Job::Film(i) => self.newest[i],
            // A contributor's reviews are listed newest first.
            Job::Contributor { who, index, .. } => self
                .contributor_entry(who, index)
                .reviews
                .first()
                .and_then(|&r| self.site.review(r).date),
            Job::Term { tax, term, .. } => {
                self.newest_of(&self.site.taxonomies[tax].terms[term].films)
            }
            Job::Best(l) => self.newest_of(&self.site.best[l].films),
            _ => self
                .site
                .latest
                .first()
                .and_then(|&r| self.site.review(r).date),
        }
    }

    /// The newest review date among `films`.
    fn newest_of(&self, films: &[usize]) -> Option<Date> {
        films.iter().filter_map(|&i| self.newest[i]).max()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn pager(&self, dir: &str, current: usize, total: usize) -> Pager {
        let link = |n: usize| self.url(&Self::paged_path(dir, n));
        let window = current.saturating_sub(2).max(1)..=(current + 2).min(total);
        Pager {
            current,
            total,
            first: link(1),
            last: link(total),
            prev: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            pages: window
                .map(|number| PageLink {
                    number,
                    url: link(number),
                    current: number == current,
                })
                .collect(),
        }
    }

    fn render_job(&self, job: Job) -> Result<File, RenderError> {
        let site = self.site;
        let per = site.config.per_page;
        let slice = |list: &'a [ReviewRef], page: usize| {
            &list[((page - 1) * per).min(list.len())..(page * per).min(list.len())]
        };
        let cards = |list: &[usize], page: usize| -> Vec<FilmCard<'a>> {
            list[((page - 1) * per).min(list.len())..(page * per).min(list.len())]
                .iter()
                .map(|&i| self.film_card(&site.films[i]))
                .collect()
        };
        let mut head = Head::default();
        let mut pager = None;
        let mut ctx = Context::new();
        let (path, template, title) = match job {
            Job::Home => {
                let by_percent = site.config.scores.show == Show::Percent;
                let top: Vec<FilmCard> = self.orders[0]
                    .2
                    .iter()
                    .filter(|&&i| {
                        let s = &site.films[i].stats;
                        if by_percent {
                            s.percent_positive.is_some()
                        } else {
                            s.metascore.is_some()
                        }
                    })
                    .take(HOME_FILMS)
                    .map(|&i| self.film_card(&site.films[i]))
                    .collect();
                let latest: Vec<ReviewView> = site
                    .latest
                    .iter()
                    .take(HOME_REVIEWS)
                    .map(|&r| self.review(r))
                    .collect();
                ctx.insert("top_films", &top);
                ctx.insert("latest_reviews", &latest);
                (String::new(), "index.html", site.config.title.clone())
            }
            Job::Films { order, page } => {
                let (key, label, list) = self.orders[order];
                let dir = if order == 0 {
                    "films/".to_string()
                } else {
                    format!("films/{key}/")
                };
                let path = self.page_path(job).expect("an HTML page");
                let orders: Vec<OrderLink> = self
                    .orders
                    .iter()
                    .enumerate()
                    .map(|(i, &(key, label, _))| OrderLink {
                        key,
                        label,
                        url: self.url(&if i == 0 {
                            "films/".to_string()
                        } else {
                            format!("films/{key}/")
                        }),
                        current: i == order,
                    })
                    .collect();
                ctx.insert("films", &cards(list, page));
                ctx.insert("first_rank", &((page - 1) * per + 1));
                ctx.insert("order", key);
                ctx.insert("orders", &orders);
                pager = Some(self.pager(&dir, page, pages(list.len(), per)));
                let title = format!("Films by {}", label.to_lowercase());
                (path, "films.html", title)
            }
            Job::Film(i) => {
                let entry = &site.films[i];
                let film = &entry.film;
                let reviews: Vec<ReviewView> = (0..film.reviews.len())
                    .map(|r| self.review((i, r)))
                    .collect();
                let path = format!("films/{}/", film.slug);
                let page_url = format!("{}{path}", self.site_view.root_url);
                let image = film.poster.as_ref().map(|p| format!("{page_url}{p}"));
                head.json_ld = Some(crate::structured::film(
                    entry,
                    &page_url,
                    image.as_deref(),
                    site.config.aggregate_rating_markup,
                ));
                head.description = Some(if film.summary.is_empty() {
                    self.film_description(entry)
                } else {
                    film.summary.clone()
                });
                head.image = image;
                head.og_type = "video.movie";
                head.feed = Some(self.url(&format!("{path}feed.xml")));
                ctx.insert("film", &self.film_view(entry));
                ctx.insert("reviews", &reviews);
                (path, "film.html", format!("{} ({})", film.title, film.year))
            }
            Job::Contributors { who, page } => {
                let (dir, template, _, title, _) = who.names();
                let count = self.contributor_count(who);
                let entries: Vec<ContributorView> = ((page - 1) * per..(page * per).min(count))
                    .map(|i| self.contributor_view(who, i))
                    .collect();
                ctx.insert("entries", &entries);
                pager = Some(self.pager(dir, page, pages(count, per)));
                (Self::paged_path(dir, page), template, title.to_string())
            }
            Job::Contributor { who, index, page } => {
                let (dir, _, template, _, key) = who.names();
                let c = self.contributor_entry(who, index);
                let dir = format!("{dir}{}/", c.slug);
                let reviews: Vec<ReviewView> = slice(&c.reviews, page)
                    .iter()
                    .map(|&r| self.review(r))
                    .collect();
                head.description = Some(format!(
                    "{} review{} by {} on {}.",
                    c.reviews.len(),
                    if c.reviews.len() == 1 { "" } else { "s" },
                    c.name,
                    site.config.title
                ));
                head.feed = Some(self.url(&format!("{dir}feed.xml")));
                ctx.insert(key, &self.contributor_view(who, index));
                ctx.insert("reviews", &reviews);
                pager = Some(self.pager(&dir, page, pages(c.reviews.len(), per)));
                (Self::paged_path(&dir, page), template, c.name.clone())
            }
            Job::Terms { tax, page } => {
                let t = &site.taxonomies[tax];
                let dir = format!("{}/", t.key);
                let terms: Vec<TermView> = t.terms
                    [((page - 1) * per).min(t.terms.len())..(page * per).min(t.terms.len())]
                    .iter()
                    .map(|term| self.term_view(t, term))
                    .collect();
                ctx.insert("taxonomy", &self.taxonomy_view(t));
                ctx.insert("terms", &terms);
                pager = Some(self.pager(&dir, page, pages(t.terms.len(), per)));
                (
                    Self::paged_path(&dir, page),
                    "terms.html",
                    t.name.to_string(),
                )
            }
            Job::Term { tax, term, page } => {
                let t = &site.taxonomies[tax];
                let term = &t.terms[term];
                let dir = format!("{}/{}/", t.key, term.slug);
                let best = site
                    .best
                    .iter()
                    .find(|l| match (t.key, l.kind) {
                        ("years", "year") => l.path == format!("best/{}/", term.slug),
                        ("genres", "genre") => l.path == format!("best/genres/{}/", term.slug),
                        _ => false,
                    })
                    .map(|l| self.url(&l.path));
                head.description = Some(format!(
                    "{} film{} with {} {}: scores and critic reviews.",
                    term.films.len(),
                    if term.films.len() == 1 { "" } else { "s" },
                    t.singular.to_lowercase(),
                    term.name
                ));
                ctx.insert("taxonomy", &self.taxonomy_view(t));
                ctx.insert("term", &self.term_view(t, term));
                ctx.insert("films", &cards(&term.films, page));
                ctx.insert("first_rank", &((page - 1) * per + 1));
                ctx.insert("best_url", &best);
                pager = Some(self.pager(&dir, page, pages(term.films.len(), per)));
                let title = format!("{}: {}", t.singular, term.name);
                (Self::paged_path(&dir, page), "term.html", title)
            }
            Job::Best(l) => {
                let list = &site.best[l];
                let list_groups: Vec<BestGroup> = [
                    ("all", "All time"),
                    ("year", "By year"),
                    ("genre", "By genre"),
                ]
                .into_iter()
                .map(|(kind, label)| BestGroup {
                    label,
                    lists: site
                        .best
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| b.kind == kind)
                        .map(|(i, b)| BestLink {
                            title: &b.title,
                            url: self.url(&b.path),
                            current: i == l,
                        })
                        .collect(),
                })
                .filter(|g| !g.lists.is_empty())
                .collect();
                head.description = Some(format!(
                    "{} on {}: ranked by critics' scores, films with at least {} scored reviews.",
                    list.title, site.config.title, site.config.scores.min_reviews_for_lists
                ));
                ctx.insert("films", &cards(&list.films, 1));
                ctx.insert("first_rank", &1);
                ctx.insert("list_title", &list.title);
                ctx.insert("list_groups", &list_groups);
                ctx.insert(
                    "min_reviews_for_lists",
                    &site.config.scores.min_reviews_for_lists,
                );
                (list.path.clone(), "best.html", list.title.clone())
            }
            Job::Search => {
                let title_pages: Vec<TitlePage> = site
                    .by_title
                    .chunks(per)
                    .enumerate()
                    .map(|(n, chunk)| TitlePage {
                        url: self.url(&Self::paged_path("films/title/", n + 1)),
                        first: &site.films[chunk[0]].film.title,
                        last: &site.films[chunk[chunk.len() - 1]].film.title,
                    })
                    .collect();
                ctx.insert("title_pages", &title_pages);
                // A short site lists its films right here; a long one links to its pages.
                let all_films: Vec<FilmRef> = if title_pages.len() == 1 {
                    site.by_title
                        .iter()
                        .map(|&i| FilmRef {
                            title: &site.films[i].film.title,
                            year: site.films[i].film.year,
                            url: &self.texts[i].0,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                ctx.insert("all_films", &all_films);
                ("search/".to_string(), "search.html", "Search".to_string())
            }
            Job::NotFound => (
                "404.html".to_string(),
                "404.html",
                "Page not found".to_string(),
            ),
            Job::SearchIndex => {
                return Ok((self.file_of(job), crate::search::index(site).into_bytes()));
            }
            Job::Feed(of) => return self.render_feed(of),
            Job::ApiIndex => {
                return Ok((self.file_of(job), export::films_index(site).into_bytes()));
            }
            Job::ApiFilm(i) => {
                return Ok((self.file_of(job), export::film(site, i).into_bytes()));
            }
        };
        let (prev, next) = match &pager {
            Some(p) => (p.prev.clone(), p.next.clone()),
            None => (None, None),
        };
        let title = match &pager {
            Some(p) if p.current > 1 => format!("{title} (page {})", p.current),
            _ => title,
        };
        if let Some(p) = &pager {
            ctx.insert("pager", p);
        }
        ctx.insert("site", &self.site_view);
        ctx.insert(
            "page",
            &PageView {
                url: format!("{}{path}", self.site_view.root_url),
                path: self.url(&path),
                description: head
                    .description
                    .unwrap_or_else(|| site.config.description.clone()),
                image: head.image,
                og_type: head.og_type,
                feed: head.feed,
                json_ld: head.json_ld,
                prev,
                next,
                title,
            },
        );
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| RenderError::Template {
                template: template.to_string(),
                page: self.url(&path),
                message: tera_message(&e),
            })?;
        Ok((self.file_of(job), html.into_bytes()))
    }

    /// The file a job writes, relative to the output folder.
    fn file_of(&self, job: Job) -> String {
        let slug = |i: usize| &self.site.films[i].film.slug;
        match job {
            Job::SearchIndex => "search.json".into(),
            Job::ApiIndex => "api/films.json".into(),
            Job::ApiFilm(i) => format!("api/films/{}.json", slug(i)),
            Job::Feed(FeedOf::Site) => "feed.xml".into(),
            Job::Feed(FeedOf::Film(i)) => format!("films/{}/feed.xml", slug(i)),
            Job::Feed(FeedOf::Contributor(who, index)) => format!(
                "{}{}/feed.xml",
                who.names().0,
                self.contributor_entry(who, index).slug
            ),
            _ => {
                let path = self.page_path(job).expect("an HTML page");
                if path.ends_with(".html") {
                    path
                } else {
                    format!("{path}index.html")
                }
            }
        }
    }

    /// A fingerprint of what job `job` shows (see [`Pages::fingerprints`]). It must name every
    /// film, review list and number the page renders; the incremental rebuild test compares
    /// incremental and full builds byte for byte to hold it to that.
    fn fingerprint(&self, job: Job, generations: &[u64]) -> u64 {
        let site = self.site;
        let per = site.config.per_page;
        let mut h = std::hash::DefaultHasher::new();
        let films = |h: &mut std::hash::DefaultHasher, list: &[usize]| {
            for &i in list {
                (i, generations[i]).hash(h);
            }
        };
        let reviews = |h: &mut std::hash::DefaultHasher, list: &[ReviewRef]| {
            for &(f, r) in list {
                (f, r, generations[f]).hash(h);
            }
        };
        let page_of = |len: usize, page: usize| ((page - 1) * per).min(len)..(page * per).min(len);
        let stats = |h: &mut std::hash::DefaultHasher, c: &Contributor| {
            (
                &c.name,
                c.reviews.len(),
                c.scored,
                c.compared,
                c.agreements,
                c.judged,
            )
                .hash(h);
            c.average.map(f64::to_bits).hash(h);
            c.versus_metascore.map(f64::to_bits).hash(h);
        };
        format!("{job:?}").hash(&mut h);
        match job {
            Job::Home => {
                films(
                    &mut h,
                    &self.orders[0].2[..self.orders[0].2.len().min(HOME_FILMS * 4)],
                );
                reviews(&mut h, &site.latest[..site.latest.len().min(HOME_REVIEWS)]);
                self.site_view.review_count.hash(&mut h);
            }
            Job::Films { order, page } => {
                let list = self.orders[order].2;
                films(&mut h, &list[page_of(list.len(), page)]);
            }
            Job::Film(i) | Job::ApiFilm(i) | Job::Feed(FeedOf::Film(i)) => {
                generations[i].hash(&mut h);
            }
            Job::ApiIndex | Job::SearchIndex | Job::Search => {
                films(&mut h, &site.by_title);
            }
            Job::Feed(FeedOf::Site) => {
                reviews(
                    &mut h,
                    &site.latest[..site.latest.len().min(crate::feed::FEED_ENTRIES)],
                );
            }
            Job::Feed(FeedOf::Contributor(who, index)) => {
                let c = self.contributor_entry(who, index);
                stats(&mut h, c);
                reviews(
                    &mut h,
                    &c.reviews[..c.reviews.len().min(crate::feed::FEED_ENTRIES)],
                );
            }
            Job::Contributors { who, page } => {
                let count = self.contributor_count(who);
                count.hash(&mut h);
                for i in page_of(count, page) {
                    stats(&mut h, self.contributor_entry(who, i));
                }
            }
            Job::Contributor { who, index, page } => {
                let c = self.contributor_entry(who, index);
                if page == 1 {
                    stats(&mut h, c);
                } else {
                    // Later pages show the name and the pager, not the numbers.
                    (&c.name, c.reviews.len()).hash(&mut h);
                }
                reviews(&mut h, &c.reviews[page_of(c.reviews.len(), page)]);
            }
            Job::Terms { tax, page } => {
                let terms = &site.taxonomies[tax].terms;
                terms.len().hash(&mut h);
                for t in &terms[page_of(terms.len(), page)] {
                    (&t.name, t.films.len()).hash(&mut h);
                }
            }
            Job::Term { tax, term, page } => {
                let t = &site.taxonomies[tax].terms[term];
                (&t.name, t.films.len()).hash(&mut h);
                films(&mut h, &t.films[page_of(t.films.len(), page)]);
                for list in &site.best {
                    list.path.hash(&mut h);
                }
            }
            Job::Best(l) => {
                films(&mut h, &site.best[l].films);
                for list in &site.best {
                    list.path.hash(&mut h);
                }
            }
            Job::NotFound => {}
        }
        h.finish()
    }

    /// Renders one Atom feed through the `atom.xml` template.
    fn render_feed(&self, of: FeedOf) -> Result<File, RenderError> {
        let feeds = crate::feed::Feeds::new(self.site);
        let (path, feed) = match of {
            FeedOf::Site => (
                String::new(),
                feeds.feed(
                    "",
                    format!("{}: latest reviews", self.site.config.title),
                    &self.site.latest,
                ),
            ),
            FeedOf::Film(i) => {
                let film = &self.site.films[i].film;
                let path = format!("films/{}/", film.slug);
                let title = format!("{} ({}): reviews", film.title, film.year);
                let feed = feeds.feed(&path, title, &feeds.film_refs(i));
                (path, feed)
            }
            FeedOf::Contributor(who, index) => {
                let c = self.contributor_entry(who, index);
                let path = format!("{}{}/", who.names().0, c.slug);
                let title = format!("Reviews by {}", c.name);
                let feed = feeds.feed(&path, title, &c.reviews);
                (path, feed)
            }
        };
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_view);
        ctx.insert("feed", &feed);
        let file = format!("{path}feed.xml");
        let xml = self
            .tera
            .render("atom.xml", &ctx)
            .map_err(|e| RenderError::Template {
                template: "atom.xml".into(),
                page: self.url(&file),
                message: tera_message(&e),
            })?;
        Ok((file, xml.into_bytes()))
    }

    /// A meta description for a film without a synopsis, from its numbers.
    fn film_description(&self, entry: &FilmEntry) -> String {
        let film = &entry.film;
        let n = film.reviews.len();
        let reviews = format!("{n} critic review{}", if n == 1 { "" } else { "s" });
        match (entry.stats.metascore, entry.stats.label) {
            (Some(m), Some(label)) => format!(
                "{} ({}): Metascore {m}, {} - {reviews}.",
                film.title,
                film.year,
                label.to_lowercase()
            ),
            _ => format!("{} ({}): {reviews}.", film.title, film.year),
        }
    }

    fn taxonomy_view(&self, t: &Taxonomy) -> TaxonomyView {
        TaxonomyView {
            key: t.key,
            name: t.name,
            singular: t.singular,
            url: self.url(&format!("{}/", t.key)),
            count: t.terms.len(),
        }
    }

    fn term_view(&self, t: &Taxonomy, term: &'a Term) -> TermView<'a> {
        TermView {
            name: &term.name,
            url: self.url(&format!("{}/{}/", t.key, term.slug)),
            films: term.films.len(),
        }
    }

    /// A link to the term page of `value` in the taxonomy `key`.
    fn term_link(&self, key: &str, value: &'a str) -> Link<'a> {
        let slug = crate::model::slugify(value);
        Link {
            name: value,
            url: (!slug.is_empty()).then(|| self.url(&format!("{key}/{slug}/"))),
        }
    }

    fn film_card(&self, entry: &'a FilmEntry) -> FilmCard<'a> {
        let stats = &entry.stats;
        FilmCard {
            slug: &entry.film.slug,
            title: &entry.film.title,
            year: entry.film.year,
            url: self.url(&format!("films/{}/", entry.film.slug)),
            metascore: stats.metascore,
            label: stats.label,
            band: stats
                .metascore
                .map_or("tbd", |m| crate::score::metascore_band(m).as_str()),
            scored: stats.scored,
            needed: stats.needed,
            reviews: entry.film.reviews.len(),
            percent_positive: stats.percent_positive,
            freshness: stats.freshness,
            banded: stats.banded,
            must_see: stats.must_see,
        }
    }

    fn film_view(&self, entry: &'a FilmEntry) -> FilmView<'a> {
        let film = &entry.film;
        FilmView {
            card: self.film_card(entry),
            release_date: film.release_date.map(|d| d.human()),
            release_date_iso: film.release_date.map(|d| d.to_string()),
            year_url: self.url(&format!("years/{}/", film.year)),
            directors: film
                .directors
                .iter()
                .map(|d| self.term_link("directors", d))
                .collect(),
            cast: &film.cast,
            genres: film
                .genres
                .iter()
                .map(|g| self.term_link("genres", g))
                .collect(),
            runtime: film.runtime,
            country: film
                .country
                .as_deref()
                .map(|c| self.term_link("countries", c)),
            language: film
                .language
                .as_deref()
                .map(|l| self.term_link("languages", l)),
            poster_url: film
                .poster
                .as_ref()
                .map(|p| self.url(&format!("films/{}/{p}", film.slug))),
            synopsis_html: &film.synopsis_html,
            positive: entry.stats.positive,
            mixed: entry.stats.mixed,
            negative: entry.stats.negative,
            unscored: entry.stats.unscored,
            verdict_only: entry
                .film
                .reviews
                .iter()
                .filter(|r| r.grade.score().is_none() && r.verdict.is_some())
                .count(),
        }
    }

    fn review(&self, (f, r): ReviewRef) -> ReviewView<'a> {
        let entry = &self.site.films[f];
        let review = &entry.film.reviews[r];
        let (film_url, texts) = &self.texts[f];
        let text = &texts[r];
        ReviewView {
            critic: review.critic.as_deref(),
            critic_url: text.critic_url.as_deref(),
            publication: review.publication.as_deref(),
            publication_url: text.publication_url.as_deref(),
            date: text.date.as_deref(),
            date_iso: text.date_iso.as_deref(),
            score: review.grade.score(),
            rating: review.grade.rating(),
            assigned: review.assigned,
            band: entry.bands[r].map(|b| b.as_str()),
            verdict: review.verdict.map(|b| b.as_str()),
            excerpt_html: &review.excerpt_html,
            url: review.url.as_deref(),
            film: FilmRef {
                title: &entry.film.title,
                year: entry.film.year,
                url: film_url,
            },
            anchor: &text.anchor,
        }
    }

    /// Writes `sitemap.xml` (every HTML page but the 404 page, with its `lastmod`),
    /// `robots.txt` and `_headers` (cache rules for Netlify and Cloudflare Pages); past `limit` URLs, `sitemap.xml` is an index of `sitemap-N.xml` files.
    fn sitemaps(&self, jobs: &[Job], limit: usize) -> Result<Vec<File>, RenderError> {
        let root = &self.site_view.root_url;
        let entries: Vec<SitemapEntry> = jobs
            .iter()
            .filter(|&&job| !matches!(job, Job::NotFound))
            .filter_map(|&job| {
                let path = self.page_path(job)?;
                Some(SitemapEntry {
                    loc: format!("{root}{path}"),
                    lastmod: self.lastmod(job).map(|d| d.to_string()),
                })
            })
            .collect();
        let render = |template: &str,
                      key: &str,
                      list: &[SitemapEntry],
                      file: &str|
         -> Result<File, RenderError> {
            let mut ctx = Context::new();
            ctx.insert("site", &self.site_view);
            ctx.insert(key.to_string(), list);
            let text = self
                .tera
                .render(template, &ctx)
                .map_err(|e| RenderError::Template {
                    template: template.to_string(),
                    page: format!("/{file}"),
                    message: tera_message(&e),
                })?;
            Ok((file.to_string(), text.into_bytes()))
        };
        let mut files = Vec::new();
        if entries.len() <= limit {
            files.push(render("sitemap.xml", "entries", &entries, "sitemap.xml")?);
        } else {
            let mut index = Vec::new();
            for (n, chunk) in entries.chunks(limit).enumerate() {
                let file = format!("sitemap-{}.xml", n + 1);
                files.push(render("sitemap.xml", "entries", chunk, &file)?);
                let lastmod = chunk.iter().filter_map(|e| e.lastmod.clone()).max();
                index.push(SitemapEntry {
                    loc: format!("{root}{file}"),
                    lastmod,
                });
            }
            files.push(render(
                "sitemap_index.xml",
                "sitemaps",
                &index,
                "sitemap.xml",
            )?);
        }
        files.push(render("robots.txt", "entries", &[], "robots.txt")?);
        files.push(render("_headers", "entries", &[], "_headers")?);
        Ok(files)
    }

    fn contributor_count(&self, who: Who) -> usize {
        match who {
            Who::Critics => self.site.critics.len(),
            Who::Publications => self.site.publications.len(),
        }
    }

    fn contributor_entry(&self, who: Who, index: usize) -> &'a Contributor {
        match who {
            Who::Critics => &self.site.critics[index].0,
            Who::Publications => &self.site.publications[index].0,
        }
    }

    /// The view of one critic or publication, with what its profile adds.
    fn contributor_view(&self, who: Who, index: usize) -> ContributorView<'a> {
        let (publication, website, weight_milli, about_html) = match who {
            Who::Critics => {
                let p = self.site.critics[index].1.as_ref();
                (
                    p.and_then(|p| p.publication.as_deref()),
                    p.and_then(|p| p.url.as_deref()),
                    None,
                    p.map(|p| p.bio_html.as_str()),
                )
            }
            Who::Publications => {
                let p = self.site.publications[index].1.as_ref();
                (
                    None,
                    p.and_then(|p| p.url.as_deref()),
                    p.map(|p| p.weight_milli),
                    p.map(|p| p.about_html.as_str()),
                )
            }
        };
        let c = self.contributor_entry(who, index);
        ContributorView {
            slug: &c.slug,
            name: &c.name,
            url: self.url(&format!("{}{}/", who.names().0, c.slug)),
            reviews: c.reviews.len(),
            scored: c.scored,
            average: c.average.map(|a| format!("{a:.1}")),
            versus_metascore: c.versus_metascore.map(|d| {
                if d > 0.0 {
                    format!("+{d:.1}")
                } else if d < 0.0 {
                    format!("\u{2212}{:.1}", -d)
                } else {
                    "0.0".into()
                }
            }),
            compared: c.compared,
            agreements: c.agreements,
            judged: c.judged,
            agreement_percent: (c.judged > 0).then(|| {
                crate::score::round_half_up_ratio(100 * c.agreements as u128, c.judged as u128)
                    as u8
            }),
            publication,
            publication_url: publication
                .map(|p| self.url(&format!("publications/{}/", crate::model::slugify(p)))),
            website,
            weight: weight_milli
                .filter(|&w| w != 1000)
                .map(|w| format!("{}", f64::from(w) / 1000.0)),
            about_html: about_html.filter(|h| !h.trim().is_empty()),
        }
    }
}

/// Tera's error with its causes, one per line.
pub fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Content, Film, Grade, Review};
    use std::path::PathBuf;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index() {
        let review = Review {
            critic: Some("Ann".into()),
            publication: None,
            date: Date::new(2001, 2, 3),
            url: None,
            grade: Grade::Score(70),
            assigned: false,
            verdict: None,
            excerpt_html: String::new(),
            source: PathBuf::from("r.md"),
        };
        let films = (0..3)
            .map(|i| {
                Film::example(
                    &format!("f-{i}"),
                    &format!("F {i}"),
                    2001,
                    vec![review.clone()],
                )
            })
            .collect();
        let config = Config {
            base_url: "https://example.org/".into(),
            ..Config::default()
        };
        let site = crate::site::build(
            config,
            Content {
                films,
                ..Content::default()
            },
        );
        let theme = crate::theme::load(Path::new("/nonexistent")).unwrap();
        let texts = Texts::new(&site);
        let pages = Pages::new(&site, &theme, &texts);
        let r = &pages.renderer;
        let files: BTreeMap<String, String> = r
            .sitemaps(&pages.jobs, 4)
            .unwrap()
            .into_iter()
            .map(|(f, b)| (f, String::from_utf8(b).unwrap()))
            .collect();
        let listed = pages
            .jobs
            .iter()
            .filter(|&&j| !matches!(j, Job::NotFound) && r.page_path(j).is_some())
            .count();
        assert_eq!(
            files.len(),
            listed.div_ceil(4) + 3,
            "the parts, the index, robots.txt and _headers"
        );
        let index = &files["sitemap.xml"];
        assert!(
            index.contains("<sitemapindex")
                && index.contains("<loc>https://example.org/sitemap-1.xml</loc>")
        );
        assert!(index.contains("<lastmod>2001-02-03</lastmod>"));
        assert_eq!(files["sitemap-1.xml"].matches("<url>").count(), 4);
        let robots = &files["robots.txt"];
        assert!(robots.contains("Sitemap: https://example.org/sitemap.xml"));
    }
}
