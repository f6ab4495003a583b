//! The renderer: every file a site consists of ("jobs"), and what renders any of them:
//! the template engine (`engine`) and what every page shares (`shared`). The display
//! strings of films and reviews are in `texts`; what each page kind shows is in `pages`,
//! the views in `views` and `viewing`, the sitemap in `sitemap`, what each page shows and
//! its fingerprint in `shows`: each extends [`Renderer`] with the methods of its kind and
//! imports this module, which imports none of them.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::engine::Engine;
pub use super::engine::RenderError;
use super::export;
use super::shared::Shared;
use super::texts::Texts;
use super::theme::Theme;
use super::views::*;
use crate::aggregate::Site;
use crate::i18n::Arg;
use crate::routes;

/// The most URLs one sitemap file may list (the sitemaps protocol's limit); past it the
/// sitemap is an index of `sitemap-N.xml` files.
pub(super) const SITEMAP_LIMIT: usize = 50_000;

/// One file of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Job {
    Home,
    Films {
        order: usize,
        page: usize,
    },
    Film {
        index: usize,
        page: usize,
    },
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
    /// A person's page, by index in `site.people`.
    Person(usize),
    /// A page of the list of people.
    People {
        page: usize,
    },
    Search,
    /// A free-form page, by index in `site.pages`.
    Page(usize),
    /// How scores work.
    Scoring,
    /// The page left at an alias, by index in `site.redirects`.
    Alias(usize),
    SearchIndex,
    Feed(FeedOf),
    NotFound,
    ApiIndex,
    ApiFilm(usize),
}

/// Whose reviews an Atom feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum FeedOf {
    Site,
    Film(usize),
    Contributor(Who, usize),
}

/// Critics or publications: the two kinds of contributor, with the same kinds of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Who {
    Critics,
    Publications,
}

impl Who {
    /// The page of one critic or publication.
    pub(super) fn page(self, slug: &str) -> String {
        match self {
            Who::Critics => routes::critic(slug),
            Who::Publications => routes::publication(slug),
        }
    }

    /// How this kind of contributor is named in addresses, templates and titles.
    pub(super) fn names(self) -> WhoNames {
        match self {
            Who::Critics => WhoNames {
                folder: routes::CRITICS,
                list_template: "critics.html",
                page_template: "critic.html",
                list_title: "who.critics",
                one: "critic",
            },
            Who::Publications => WhoNames {
                folder: routes::PUBLICATIONS,
                list_template: "publications.html",
                page_template: "publication.html",
                list_title: "who.publications",
                one: "publication",
            },
        }
    }
}

/// The names of one kind of contributor.
pub(super) struct WhoNames {
    /// The URL folder of their pages: `critics/`.
    pub(super) folder: &'static str,
    /// The template of the list of them all.
    pub(super) list_template: &'static str,
    /// The template of one's page.
    pub(super) page_template: &'static str,
    /// The list's title (the key of its message).
    pub(super) list_title: &'static str,
    /// One of them, as the page's template calls it: `critic`.
    pub(super) one: &'static str,
}

/// How many films the home page shows, and how many latest reviews.
pub(super) const HOME_FILMS: usize = 12;
pub(super) const HOME_REVIEWS: usize = 10;

/// What renders every page: the template engine, and what every page shares. The page
/// kinds (`pages`, `prose`, `viewing`, `shows`, `sitemap`, `claims`) extend it with the
/// methods of their kind.
pub(super) struct Renderer<'a> {
    /// The theme's templates, which render every page.
    pub(super) engine: Engine<'a>,
    /// What every page shares: the site, its variables, its display strings.
    pub(super) shared: Shared<'a>,
}

/// One output file: its path in the output folder and its bytes.
pub(crate) type File = (String, Vec<u8>);

/// A static file of the theme: its output name and its bytes.
pub(crate) type Asset<'a> = (&'a str, &'a [u8]);

/// The list of a site's pages (see [`Pages::layout`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout(Vec<Job>);

/// Every page of a site, ready to render any subset of them: full builds render all, the
/// preview server's incremental rebuilds only those whose [`Pages::fingerprints`] changed.
pub struct Pages<'a> {
    pub(super) renderer: Renderer<'a>,
    pub(super) theme: &'a Theme,
    pub(super) jobs: Vec<Job>,
    /// The output name of each static file (hashed names for stylesheets and scripts).
    pub asset_names: BTreeMap<String, String>,
}

impl<'a> Pages<'a> {
    /// The pages of `site`, rendered with `theme`.
    pub fn new(site: &'a Site, theme: &'a Theme, texts: &'a Texts) -> Pages<'a> {
        let names = asset_names(&theme.static_files);
        let mut r = Renderer {
            engine: Engine::new(&theme.tera),
            shared: Shared::new(site, &theme.strings, &texts.0, &names),
        };
        r.shared.words = theme.words.clone();
        let mut jobs = r.jobs();
        r.add_aliases(&mut jobs, &names);
        Pages {
            renderer: r,
            theme,
            jobs,
            asset_names: names,
        }
    }

    /// How many pages (and other rendered files: feeds, JSON) the site has.
    pub(crate) fn len(&self) -> usize {
        self.jobs.len()
    }

    /// How many of them are HTML pages.
    pub(crate) fn html_count(&self) -> usize {
        self.jobs
            .iter()
            .filter(|&&job| self.renderer.page_path(job).is_some())
            .count()
    }

    /// Which pages the site has, in order, to tell whether an incremental change added or
    /// removed any; the same list means the same output files while no film, critic or
    /// publication is added or removed.
    pub(crate) fn layout(&self) -> Layout {
        Layout(self.jobs.clone())
    }

    /// Renders the pages at `indices` in parallel, handing each file to `sink` (which writes
    /// it wherever the caller wants: this stage writes nothing itself).
    pub(crate) fn render_each<E: From<RenderError> + Send>(
        &self,
        indices: &[usize],
        sink: impl Fn(File) -> Result<(), E> + Sync,
    ) -> Result<(), E> {
        // The site-wide indexes (the JSON export, the search index) are each far larger than
        // a page: started first, they run beside the pages instead of after them.
        let big = |i: &usize| matches!(self.jobs[*i], Job::ApiIndex | Job::SearchIndex);
        let (mut order, rest): (Vec<usize>, Vec<usize>) = indices.iter().copied().partition(big);
        order.extend(rest);
        order
            .par_iter()
            .with_min_len(8)
            .try_for_each(|&i| sink(self.renderer.render_job(self.jobs[i])?))
    }

    /// Every static file, with its output name.
    pub(crate) fn assets(&self) -> Vec<Asset<'_>> {
        self.theme
            .static_files
            .iter()
            .map(|(name, bytes)| (self.asset_names[name].as_str(), bytes.as_slice()))
            .collect()
    }

    /// Every film that has a poster, with its poster.
    pub(crate) fn posters(&self) -> Vec<(&crate::content::model::Film, &crate::posters::Poster)> {
        self.renderer
            .shared
            .site
            .films
            .iter()
            .filter_map(|entry| Some((&entry.film, entry.film.poster.as_ref()?)))
            .collect()
    }

    /// Every template the site's files are rendered with and the variables it gets, as JSON,
    /// one entry per file: what the reference of template variables is generated from.
    pub(crate) fn template_variables(
        mut self,
    ) -> Result<Vec<(String, serde_json::Value)>, RenderError> {
        self.renderer.engine.record();
        for &job in &self.jobs {
            self.renderer.render_job(job)?;
        }
        self.sitemaps()?;
        Ok(self.renderer.engine.recorded())
    }

    /// `sitemap.xml` (or its index and parts), `robots.txt` and `_headers`.
    pub(crate) fn sitemaps(&self) -> Result<Vec<File>, RenderError> {
        self.renderer.sitemaps(&self.jobs, SITEMAP_LIMIT)
    }

    /// A fingerprint of what the sitemap shows besides the pages' URLs (which the
    /// [`Layout`] pins): every page's `lastmod`.
    pub(crate) fn sitemap_fingerprint(&self) -> u64 {
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
    pub(crate) fn fingerprints(&self, generations: &[u64]) -> Vec<u64> {
        self.jobs
            .par_iter()
            .with_min_len(64)
            .map(|&job| self.renderer.fingerprint(job, generations))
            .collect()
    }
}

/// The output name of each static file: stylesheets and scripts get a hash of their contents
/// before the extension, everything else keeps its name.
pub(super) fn asset_names(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(name, bytes)| {
            let out = match name.rsplit_once('.') {
                // The first 16 hex digits of the contents' BLAKE3 hash, as posters are named.
                Some((stem, ext)) if ext == "css" || ext == "js" => {
                    format!("{stem}.{}.{ext}", &blake3::hash(bytes).to_hex()[..16])
                }
                _ => name.clone(),
            };
            (name.clone(), out)
        })
        .collect()
}

/// The number of pages a list of `len` items takes at `per_page` a page (one, if empty).
pub(super) fn pages(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page).max(1)
}

impl<'a> Renderer<'a> {
    pub(super) fn jobs(&self) -> Vec<Job> {
        let site = self.shared.site;
        let per = site.config.per_page;
        let mut jobs = vec![
            Job::Home,
            Job::NotFound,
            Job::ApiIndex,
            Job::Search,
            Job::SearchIndex,
            Job::Feed(FeedOf::Site),
            Job::Scoring,
        ];
        jobs.extend((0..site.pages.len()).map(Job::Page));
        for order in 0..self.shared.orders.len() {
            jobs.extend((1..=pages(site.films.len(), per)).map(|page| Job::Films { order, page }));
        }
        for (index, entry) in site.films.iter().enumerate() {
            jobs.extend(
                (1..=pages(entry.film.reviews.len(), per)).map(|page| Job::Film { index, page }),
            );
        }
        let publish = site.config.publish;
        if publish.film_json {
            jobs.extend((0..site.films.len()).map(Job::ApiFilm));
        }
        if publish.film_feeds {
            jobs.extend((0..site.films.len()).map(|i| Job::Feed(FeedOf::Film(i))));
        }
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
        if !site.people.is_empty() {
            let lists = pages(site.people.len(), per);
            jobs.extend((1..=lists).map(|page| Job::People { page }));
        }
        jobs.extend((0..site.people.len()).map(Job::Person));
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

    /// Adds the page of every alias whose address is free: an alias never replaces a page of
    /// the site, a static file or an earlier alias (`check` warns about those, W012).
    fn add_aliases(&self, jobs: &mut Vec<Job>, assets: &BTreeMap<String, String>) {
        if self.shared.site.redirects.is_empty() {
            return;
        }
        let mut taken: std::collections::HashSet<String> =
            jobs.iter().map(|&job| self.file_of(job)).collect();
        taken.extend(assets.values().cloned());
        for (i, redirect) in self.shared.site.redirects.iter().enumerate() {
            if taken.insert(routes::file_of(&redirect.alias.path)) {
                jobs.push(Job::Alias(i));
            }
        }
    }

    /// The output path of an HTML page ("" for the home page, "films/x/", "404.html");
    /// `None` for the JSON export.
    pub(super) fn page_path(&self, job: Job) -> Option<String> {
        Some(match job {
            Job::Home => String::new(),
            Job::Films { order, page } => routes::paged(&self.shared.films_dir(order), page),
            Job::Film { index, page } => routes::paged(
                &routes::film(&self.shared.site.films[index].film.slug),
                page,
            ),
            Job::Contributors { who, page } => routes::paged(who.names().folder, page),
            Job::Contributor { who, index, page } => {
                routes::paged(&who.page(&self.contributor_entry(who, index).slug), page)
            }
            Job::Terms { tax, page } => {
                routes::paged(&routes::terms(self.shared.site.taxonomies[tax].key()), page)
            }
            Job::Term { tax, term, page } => {
                let t = &self.shared.site.taxonomies[tax];
                routes::paged(&routes::term(t.key(), &t.terms[term].slug), page)
            }
            Job::Best(l) => self.shared.site.best[l].path.clone(),
            Job::Person(i) => routes::person(self.shared.site.people[i].slug.as_str()),
            Job::People { page } => routes::paged(routes::PEOPLE, page),
            Job::Search => routes::SEARCH.to_string(),
            Job::Page(i) => routes::page(&self.shared.site.pages[i].slug),
            Job::Scoring => routes::SCORING.to_string(),
            Job::Alias(i) => self.shared.site.redirects[i].alias.path.clone(),
            Job::NotFound => routes::NOT_FOUND.to_string(),
            Job::ApiIndex | Job::ApiFilm(_) | Job::SearchIndex | Job::Feed(_) => return None,
        })
    }

    pub(super) fn render_job(&self, job: Job) -> Result<File, RenderError> {
        let site = self.shared.site;
        let mut p = Page::default();
        let (path, template, title) = match job {
            Job::Home => self.home(&mut p),
            Job::Films { order, page } => self.films_page(&mut p, order, page),
            Job::Film { index: i, page } => self.film_page(&mut p, i, page),
            Job::Contributors { who, page } => self.contributors_page(&mut p, who, page),
            Job::Contributor { who, index, page } => {
                self.contributor_page(&mut p, who, index, page)
            }
            Job::Terms { tax, page } => self.terms_page(&mut p, tax, page),
            Job::Term { tax, term, page } => self.term_page(&mut p, tax, term, page),
            Job::Best(l) => self.best_page(&mut p, l),
            Job::Person(i) => self.person_page(&mut p, i),
            Job::People { page } => self.people_page(&mut p, page),
            Job::Search => self.search_page(&mut p),
            Job::Page(i) => self.free_page(&mut p, i),
            Job::Scoring => self.scoring_page(&mut p),
            Job::Alias(i) => self.alias_page(&mut p, i),
            Job::NotFound => (
                "404.html".to_string(),
                "404.html",
                self.shared.strings.get("not_found.title").to_string(),
            ),
            Job::SearchIndex => {
                return Ok((
                    self.file_of(job),
                    crate::render::search::index(site).into_bytes(),
                ));
            }
            Job::Feed(of) => return self.render_feed(of),
            Job::ApiIndex => {
                let entries = self.shared.texts.iter().map(|t| t.index_entry.as_str());
                return Ok((self.file_of(job), export::films_index(entries).into_bytes()));
            }
            Job::ApiFilm(i) => {
                return Ok((
                    self.file_of(job),
                    export::film(site, self.shared.strings, i).into_bytes(),
                ));
            }
        };
        let Page {
            mut ctx,
            head,
            pager,
        } = p;
        let (prev, next) = match &pager {
            Some(p) => (p.prev.clone(), p.next.clone()),
            None => (None, None),
        };
        let title = match &pager {
            Some(p) if p.current > 1 => self.shared.strings.format(
                "pager.title",
                &[("title", Arg::Text(&title)), ("page", Arg::from(p.current))],
            ),
            _ => title,
        };
        if let Some(p) = &pager {
            ctx.insert("pager", p);
        }
        ctx.insert_value("site", self.shared.site_value.clone());
        ctx.insert_value("t", self.shared.words.clone());
        ctx.insert(
            "page",
            &PageView {
                url: format!("{}{path}", self.shared.site_view.root_url),
                path: self.shared.url(&path),
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
        let html = self.render_template(template, &ctx, &self.shared.url(&path))?;
        Ok((self.file_of(job), html))
    }

    /// Renders `template` with `vars` for the file at `page` (named in errors).
    pub(super) fn render_template(
        &self,
        template: &str,
        vars: &Vars,
        page: &str,
    ) -> Result<Vec<u8>, RenderError> {
        self.engine.render(template, vars, page)
    }

    /// The file a job writes, relative to the output folder.
    pub(super) fn file_of(&self, job: Job) -> String {
        let slug = |i: usize| &self.shared.site.films[i].film.slug;
        match job {
            Job::SearchIndex => routes::SEARCH_INDEX.into(),
            Job::ApiIndex => routes::API_INDEX.into(),
            Job::ApiFilm(i) => routes::api_film(slug(i)),
            Job::Feed(FeedOf::Site) => routes::SITE_FEED.into(),
            Job::Feed(FeedOf::Film(i)) => routes::feed(&routes::film(slug(i))),
            Job::Feed(FeedOf::Contributor(who, index)) => {
                routes::feed(&who.page(&self.contributor_entry(who, index).slug))
            }
            _ => routes::file_of(&self.page_path(job).expect("an HTML page")),
        }
    }

    /// Renders one Atom feed through the `atom.xml` template.
    pub(super) fn render_feed(&self, of: FeedOf) -> Result<File, RenderError> {
        let feeds = crate::render::feed::Feeds::new(self.shared.site, self.shared.strings);
        let (path, feed) = match of {
            FeedOf::Site => (
                String::new(),
                feeds.feed(
                    "",
                    self.shared.strings.format(
                        "nav.site_feed",
                        &[("site", Arg::Text(&self.shared.site.config.title))],
                    ),
                    &self.shared.site.latest,
                ),
            ),
            FeedOf::Film(i) => {
                let film = &self.shared.site.films[i].film;
                let path = routes::film(&film.slug);
                let title = self.shared.strings.format(
                    "film.feed_title",
                    &[
                        ("title", Arg::Text(&film.title)),
                        ("year", Arg::from(film.year)),
                    ],
                );
                let feed = feeds.feed(&path, title, &feeds.film_refs(i));
                (path, feed)
            }
            FeedOf::Contributor(who, index) => {
                let c = self.contributor_entry(who, index);
                let path = who.page(&c.slug);
                let title = self.shared.strings.format(
                    match who {
                        Who::Critics => "who.reviews_by",
                        Who::Publications => "who.reviews_in",
                    },
                    &[("name", Arg::Text(&c.name))],
                );
                let feed = feeds.feed(&path, title, &c.reviews);
                (path, feed)
            }
        };
        let mut vars = Vars::default();
        vars.insert_value("site", self.shared.site_value.clone());
        vars.insert_value("t", self.shared.words.clone());
        vars.insert("feed", &feed);
        let file = routes::feed(&path);
        let xml = self.render_template("atom.xml", &vars, &self.shared.url(&file))?;
        Ok((file, xml))
    }
}
