//! What every page of a site shares, made once a build: the site itself, its variables as
//! templates get them (`site`), the display strings of every film and review, the film
//! listing's orders, each film's newest review date, and the site's addresses (its base
//! path, a page's link, a pager). Every page kind reads it; it renders nothing.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Value;

use super::texts::FilmText;
use super::views::{NavLink, PageLink, Pager, SiteView, TaxonomyView};
use crate::aggregate::Site;
use crate::aggregate::taxonomy::{Taxonomy, TaxonomyKind};
use crate::content::model::Date;
use crate::i18n::Strings;
use crate::routes;
use crate::score::Show;

/// One order of the film listing: key (URL segment), label (its message's key), film indices. The first is the
/// site's main metric and lives at `/films/`.
pub(super) type Order<'a> = (&'static str, &'static str, &'a [usize]);

/// The listing orders the site offers, given which numbers it shows.
pub(super) fn orders(site: &Site) -> Vec<Order<'_>> {
    let metascore: Order<'_> = ("metascore", "films.by_metascore", &site.by_metascore);
    let percent: Order<'_> = ("percent", "films.by_percent", &site.by_percent);
    let mut list = match site.config.scores.show {
        Show::Metascore => vec![metascore],
        Show::Percent => vec![percent],
        Show::Both => vec![metascore, percent],
    };
    list.push(("title", "films.by_title", &site.by_title));
    list.push(("year", "films.by_year", &site.by_year));
    list
}

/// What every page of a site shares.
pub(super) struct Shared<'a> {
    /// The site.
    pub(super) site: &'a Site,
    /// The words of the site's language.
    pub(super) strings: &'a Strings,
    /// The site's base path (`/`, or `/reviews/` under a sub-path).
    pub(super) base: String,
    /// The variables every template gets as `site`.
    pub(super) site_view: SiteView<'a>,
    /// `site_view` as a template value, made once rather than for every page.
    pub(super) site_value: Value,
    /// The messages that take no value, as every template gets them (`t`).
    pub(super) words: Value,
    /// Per film: its URL, the display strings of its reviews (computed once although each
    /// review appears on three pages) and its entry in the JSON export's index.
    pub(super) texts: &'a [FilmText],
    /// The film listing's orders.
    pub(super) orders: Vec<Order<'a>>,
    /// Per film, the date of its newest review.
    pub(super) newest: Vec<Option<Date>>,
}

impl<'a> Shared<'a> {
    /// What the pages of `site` share, with the display strings `texts` and the theme's
    /// static files published under `asset_names` (source name to output name).
    pub(super) fn new(
        site: &'a Site,
        strings: &'a Strings,
        texts: &'a [FilmText],
        asset_names: &BTreeMap<String, String>,
    ) -> Shared<'a> {
        let base = site.config.base_path();
        let mut shared = Shared {
            newest: site
                .films
                .par_iter()
                .map(|e| e.film.reviews.iter().filter_map(|r| r.date).max())
                .collect(),
            texts,
            orders: orders(site),
            site,
            strings,
            site_view: SiteView {
                title: &site.config.title,
                description: &site.config.description,
                language: &site.config.language,
                dir: if strings.rtl() { "rtl" } else { "ltr" },
                base_path: base.clone(),
                root_url: site.config.root_url(),
                film_count: site.films.len(),
                review_count: site.films.iter().map(|f| f.film.reviews.len()).sum(),
                critic_count: site.critics.len(),
                publication_count: site.publications.len(),
                show: site.config.scores.show,
                percent_positive_min_reviews: site.config.scores.percent_positive_min_reviews,
                list_excerpts: site.config.publish.list_excerpts,
                posters: site.films.iter().any(|f| f.film.poster.is_some()),
                assets: BTreeMap::new(),
                hashed_assets: Vec::new(),
                taxonomies: Vec::new(),
                nav: Vec::new(),
                scoring_url: format!("{base}{}", routes::SCORING),
                people_url: (!site.people.is_empty()).then(|| format!("{base}{}", routes::PEOPLE)),
            },
            site_value: Value::none(),
            words: Value::none(),
            base,
        };
        shared.site_view.assets = asset_names
            .iter()
            .map(|(name, out)| (name.clone(), shared.url(out)))
            .collect();
        shared.site_view.hashed_assets = asset_names
            .iter()
            .filter(|(name, out)| name != out)
            .map(|(_, out)| shared.url(out))
            .collect();
        shared.site_view.taxonomies = site
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| shared.taxonomy_view(t))
            .collect();
        shared.site_view.nav = site
            .config
            .nav
            .iter()
            .map(|item| NavLink {
                title: &item.title,
                url: match item.url.strip_prefix('/') {
                    Some(path) => shared.url(path),
                    None => item.url.clone(),
                },
            })
            .collect();
        shared.site_value = Value::from_serializable(&shared.site_view);
        shared
    }

    /// The first page of the film listing in order `order` (the main order at `films/`).
    pub(super) fn films_dir(&self, order: usize) -> String {
        if order == 0 {
            routes::FILMS.to_string()
        } else {
            routes::films_by(self.orders[order].0)
        }
    }

    /// The link to `path` (from the site's root) as pages write it: under the base path.
    pub(super) fn url(&self, path: &str) -> String {
        [self.base.as_str(), path].concat()
    }

    /// The pager of page `current` of `total` of the list at `dir`.
    pub(super) fn pager(&self, dir: &str, current: usize, total: usize) -> Pager {
        let link = |n: usize| self.url(&routes::paged(dir, n));
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

    /// A taxonomy as templates list it.
    pub(super) fn taxonomy_view(&self, t: &Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            key: t.key(),
            name: self.strings.get(taxonomy_keys(t.kind).0),
            singular: self.strings.get(taxonomy_keys(t.kind).1),
            url: self.url(&routes::terms(t.key())),
            count: t.terms.len(),
        }
    }
}

/// The keys of a taxonomy's names in the language files: plural ("Genres"), singular.
pub(super) fn taxonomy_keys(kind: TaxonomyKind) -> (&'static str, &'static str) {
    match kind {
        TaxonomyKind::Genres => ("taxonomy.genres", "taxonomy.genre"),
        TaxonomyKind::Years => ("taxonomy.years", "taxonomy.year"),
        TaxonomyKind::Directors => ("taxonomy.directors", "taxonomy.director"),
        TaxonomyKind::Countries => ("taxonomy.countries", "taxonomy.country"),
        TaxonomyKind::Languages => ("taxonomy.languages", "taxonomy.language"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English strings that live as long as the test.
    fn en() -> &'static crate::i18n::Strings {
        static EN: std::sync::LazyLock<crate::i18n::Strings> =
            std::sync::LazyLock::new(|| crate::i18n::Strings::built_in("en"));
        &EN
    }
    use crate::config::{Config, NavItem};
    use crate::content::model::Content;

    fn site(base_url: &str, show: Show) -> Site {
        let mut config = Config {
            base_url: base_url.to_string(),
            ..Config::default()
        };
        config.scores.show = show;
        config.nav = vec![
            NavItem {
                title: "About".into(),
                url: "/about/".into(),
            },
            NavItem {
                title: "Elsewhere".into(),
                url: "https://example.org/".into(),
            },
        ];
        crate::aggregate::build(config, Content::default())
    }

    #[test]
    fn addresses_are_under_the_base_path_and_the_nav_keeps_full_addresses() {
        let site = site("https://example.org/reviews/", Show::Metascore);
        let names = BTreeMap::from([
            ("style.css".to_string(), "style.0123abcd.css".to_string()),
            ("robots.txt".to_string(), "robots.txt".to_string()),
        ]);
        let shared = Shared::new(&site, en(), &[], &names);
        assert_eq!(shared.url("films/"), "/reviews/films/");
        assert_eq!(
            shared.site_view.assets["style.css"],
            "/reviews/style.0123abcd.css"
        );
        assert_eq!(
            shared.site_view.hashed_assets,
            ["/reviews/style.0123abcd.css"]
        );
        let nav: Vec<&str> = shared
            .site_view
            .nav
            .iter()
            .map(|l| l.url.as_str())
            .collect();
        assert_eq!(nav, ["/reviews/about/", "https://example.org/"]);
    }

    #[test]
    fn the_listing_orders_follow_the_numbers_the_site_shows() {
        let keys = |show| {
            let site = site("/", show);
            let shared = Shared::new(&site, en(), &[], &BTreeMap::new());
            let keys: Vec<&str> = shared.orders.iter().map(|o| o.0).collect();
            (keys.join(" "), shared.films_dir(1))
        };
        assert_eq!(
            keys(Show::Metascore),
            ("metascore title year".into(), routes::films_by("title"))
        );
        assert_eq!(keys(Show::Percent).0, "percent title year");
        assert_eq!(keys(Show::Both).0, "metascore percent title year");
    }

    #[test]
    fn a_pager_shows_two_pages_either_side_and_links_the_ends() {
        let site = site("/", Show::Metascore);
        let shared = Shared::new(&site, en(), &[], &BTreeMap::new());
        let pager = shared.pager("films/", 5, 9);
        let numbers: Vec<usize> = pager.pages.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [3, 4, 5, 6, 7]);
        assert_eq!(pager.first, shared.url(&routes::paged("films/", 1)));
        assert_eq!(pager.prev, Some(shared.url(&routes::paged("films/", 4))));
        assert!(
            pager
                .pages
                .iter()
                .filter(|p| p.current)
                .all(|p| p.number == 5)
        );
        let first = shared.pager("films/", 1, 1);
        assert_eq!((first.prev, first.next), (None, None));
    }
}
