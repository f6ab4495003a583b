//! What each kind of page shows: one method per kind, each choosing its data and URLs and
//! filling a [`Page`]; `Renderer::render_job` adds what every page has and calls Tera.

use super::renderer::{Job, Renderer, Who, pages};
use super::views::*;
use crate::aggregate::best::BestKind;
use crate::aggregate::taxonomy::TaxonomyKind;
use crate::i18n::Arg;
use crate::routes;

impl<'a> Renderer<'a> {
    /// A best-of list's heading in the site's language: "Best films of 1996".
    pub(super) fn best_title(&self, list: &crate::aggregate::best::BestList) -> String {
        let strings = self.shared.strings;
        let term = list.term.as_deref().unwrap_or_default();
        match list.kind {
            BestKind::AllTime => strings.get("best.title_all_time").to_string(),
            BestKind::Year => strings.format("best.title_year", &[("year", Arg::Text(term))]),
            BestKind::Genre => strings.format("best.title_genre", &[("genre", Arg::Text(term))]),
        }
    }

    /// The cards of the films a page shows.
    fn cards(&self, films: &[usize]) -> Vec<FilmCard<'a>> {
        films.iter().map(|&i| self.film_card(i)).collect()
    }

    /// The home page: its path, template and title; what it shows goes into `p`.
    pub(super) fn home(&self, p: &mut Page) -> (String, &'static str, String) {
        let site = self.shared.site;
        let shows = self.shows(Job::Home);
        let (best, more) = shows.films.split_at(shows.total);
        let latest: Vec<ReviewView<'_>> = shows.reviews.iter().map(|&r| self.review(r)).collect();
        p.ctx.insert("top_films", &self.cards(best));
        p.ctx.insert("more_films", &self.cards(more));
        p.ctx.insert(
            "best_rule",
            &self.shared.strings.count(
                match site.config.scores.show {
                    crate::score::Show::Percent => "home.best_rule_percent",
                    _ => "home.best_rule",
                },
                u64::from(site.config.scores.min_reviews_for_lists),
                &[],
            ),
        );
        p.ctx.insert("latest_reviews", &latest);
        (String::new(), "index.html", site.config.title.clone())
    }

    /// A page of a film listing: its path, template and title; what it shows goes into `p`.
    pub(super) fn films_page(
        &self,
        p: &mut Page,
        order: usize,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let (key, _, list) = self.shared.orders[order];
        let dir = self.shared.films_dir(order);
        let path = routes::paged(&self.shared.films_dir(order), page);
        let orders: Vec<OrderLink<'_>> = self
            .shared
            .orders
            .iter()
            .enumerate()
            .map(|(i, &(key, label, _))| OrderLink {
                key,
                label: self.shared.strings.get(label),
                url: self.shared.url(&self.shared.films_dir(i)),
                current: i == order,
            })
            .collect();
        p.ctx.insert(
            "films",
            &self.cards(&self.shows(Job::Films { order, page }).films),
        );
        p.ctx.insert("first_rank", &((page - 1) * per + 1));
        p.ctx.insert("order", key);
        p.ctx.insert("orders", &orders);
        p.pager = Some(self.shared.pager(&dir, page, pages(list.len(), per)));
        let title = self
            .shared
            .strings
            .get(&format!("films.page_{key}"))
            .to_string();
        (path, "films.html", title)
    }

    /// A page of a film (its reviews past per_page go on over several): its path, template and title; what it shows goes into `p`.
    pub(super) fn film_page(
        &self,
        p: &mut Page,
        i: usize,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let entry = &site.films[i];
        let film = &entry.film;
        // Past `per_page` reviews a film's page goes on at page/2/, page/3/...
        let shown =
            ((page - 1) * per).min(film.reviews.len())..(page * per).min(film.reviews.len());
        let first_review = shown.start + 1;
        let reviews: Vec<ReviewView<'_>> = shown.map(|r| self.review((i, r))).collect();
        let dir = routes::film(&film.slug);
        let path = routes::paged(&dir, page);
        let page_url = format!("{}{dir}", self.shared.site_view.root_url);
        let image = film.poster.as_ref().map(|p| {
            let fallback = crate::posters::variants(&film.slug, p).fallback;
            format!("{}{}", self.shared.site_view.root_url, fallback.file)
        });
        // The reviews the first page shows, whose cards' anchors are on it.
        p.head.json_ld = (page == 1).then(|| {
            crate::render::structured::film(
                entry,
                self.shared.strings.get("feed.staff"),
                &page_url,
                image.as_deref(),
                site.config.aggregate_rating_markup,
                per.min(crate::render::structured::REVIEWS_LISTED),
            )
        });
        p.head.description = Some(match &film.consensus {
            Some(consensus) => consensus.summary.clone(),
            None if film.summary.is_empty() => self.film_description(entry),
            None => film.summary.clone(),
        });
        p.head.image = image;
        p.head.og_type = "video.movie";
        p.head.feed = site
            .config
            .publish
            .film_feeds
            .then(|| self.shared.url(&routes::feed(&dir)));
        p.ctx.insert("film", &self.film_view(i));
        let on_page = |band: &str| reviews.iter().filter(|r| r.band == Some(band)).count();
        p.ctx.insert(
            "reviews_by_band",
            &BandCounts {
                positive: on_page("positive"),
                mixed: on_page("mixed"),
                negative: on_page("negative"),
                top: reviews.iter().filter(|r| r.top_critic).count(),
            },
        );
        p.ctx.insert("reviews", &reviews);
        p.ctx.insert("first_review", &first_review);
        let total = pages(film.reviews.len(), per);
        p.pager = Some(self.shared.pager(&dir, page, total));
        let title = if page == 1 {
            format!("{} ({})", film.title, film.year)
        } else {
            self.shared.strings.format(
                "film.reviews_page_title",
                &[
                    ("title", Arg::Text(&film.title)),
                    ("year", Arg::from(film.year)),
                    ("page", Arg::from(page)),
                ],
            )
        };
        (path, "film.html", title)
    }

    /// A page of the critics or publications A-Z: its path, template and title; what it shows goes into `p`.
    pub(super) fn contributors_page(
        &self,
        p: &mut Page,
        who: Who,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let names = who.names();
        let (dir, template, title) = (names.folder, names.list_template, names.list_title);
        let count = self.contributor_count(who);
        let shown = self.shows(Job::Contributors { who, page }).contributors;
        let entries: Vec<ContributorView<'_>> = shown
            .map(|(_, range)| range)
            .unwrap_or_default()
            .map(|i| self.contributor_view(who, i))
            .collect();
        p.ctx.insert("entries", &entries);
        p.pager = Some(self.shared.pager(dir, page, pages(count, per)));
        (
            routes::paged(dir, page),
            template,
            self.shared.strings.get(title).to_string(),
        )
    }

    /// A page of one critic or publication: its path, template and title; what it shows goes into `p`.
    pub(super) fn contributor_page(
        &self,
        p: &mut Page,
        who: Who,
        index: usize,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let names = who.names();
        let (dir, template, key) = (names.folder, names.page_template, names.one);
        let c = self.contributor_entry(who, index);
        let dir = format!("{dir}{}/", c.slug);
        let reviews: Vec<ReviewView<'_>> = self
            .shows(Job::Contributor { who, index, page })
            .reviews
            .iter()
            .map(|&r| self.review(r))
            .collect();
        p.head.description = Some(self.shared.strings.count(
            match who {
                Who::Critics => "who.description",
                Who::Publications => "who.description_in",
            },
            c.reviews.len() as u64,
            &[
                ("name", Arg::Text(&c.name)),
                ("site", Arg::Text(&site.config.title)),
            ],
        ));
        p.head.feed = Some(self.shared.url(&routes::feed(&dir)));
        p.ctx.insert(key, &self.contributor_view(who, index));
        p.ctx.insert("reviews", &reviews);
        p.pager = Some(self.shared.pager(&dir, page, pages(c.reviews.len(), per)));
        (routes::paged(&dir, page), template, c.name.clone())
    }

    /// A page of a taxonomy's terms: its path, template and title; what it shows goes into `p`.
    pub(super) fn terms_page(
        &self,
        p: &mut Page,
        tax: usize,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let t = &site.taxonomies[tax];
        let dir = routes::terms(t.key());
        let shown = self.shows(Job::Terms { tax, page }).terms;
        let terms: Vec<TermView<'_>> = t.terms[shown.map(|(_, range)| range).unwrap_or_default()]
            .iter()
            .map(|term| self.term_view(t, term))
            .collect();
        p.ctx.insert("taxonomy", &self.shared.taxonomy_view(t));
        p.ctx.insert("terms", &terms);
        p.pager = Some(self.shared.pager(&dir, page, pages(t.terms.len(), per)));
        (
            routes::paged(&dir, page),
            "terms.html",
            self.shared
                .strings
                .get(super::shared::taxonomy_keys(t.kind).0)
                .to_string(),
        )
    }

    /// A page of the films of one term: its path, template and title; what it shows goes into `p`.
    pub(super) fn term_page(
        &self,
        p: &mut Page,
        tax: usize,
        term: usize,
        page: usize,
    ) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let films = self.cards(&self.shows(Job::Term { tax, term, page }).films);
        let t = &site.taxonomies[tax];
        let term = &t.terms[term];
        let dir = routes::term(t.key(), &term.slug);
        let best = site
            .best
            .iter()
            .find(|l| match (t.kind, l.kind) {
                (TaxonomyKind::Years, BestKind::Year) => l.path == routes::best_of_year(&term.slug),
                (TaxonomyKind::Genres, BestKind::Genre) => {
                    l.path == routes::best_of_genre(&term.slug)
                }
                _ => false,
            })
            .map(|l| self.shared.url(&l.path));
        let singular = self
            .shared
            .strings
            .get(super::shared::taxonomy_keys(t.kind).1);
        p.head.description = Some(self.shared.strings.count(
            "taxonomy.description",
            term.films.len() as u64,
            &[
                ("kind", Arg::Text(singular)),
                ("name", Arg::Text(&term.name)),
            ],
        ));
        p.ctx.insert("taxonomy", &self.shared.taxonomy_view(t));
        p.ctx.insert("term", &self.term_view(t, term));
        p.ctx.insert("films", &films);
        p.ctx.insert("first_rank", &((page - 1) * per + 1));
        p.ctx.insert("best_url", &best);
        p.pager = Some(self.shared.pager(&dir, page, pages(term.films.len(), per)));
        let title = self.shared.strings.format(
            "taxonomy.term_title",
            &[
                ("kind", Arg::Text(&capitalised(singular))),
                ("name", Arg::Text(&term.name)),
            ],
        );
        (routes::paged(&dir, page), "term.html", title)
    }

    /// A best-of list: its path, template and title; what it shows goes into `p`.
    pub(super) fn best_page(&self, p: &mut Page, l: usize) -> (String, &'static str, String) {
        let site = self.shared.site;
        let list = &site.best[l];
        let list_groups: Vec<BestGroup<'_>> = BestKind::GROUPS
            .into_iter()
            .map(|(kind, label)| BestGroup {
                label: self.shared.strings.get(label),
                lists: site
                    .best
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.kind == kind)
                    .map(|(i, b)| BestLink {
                        title: self.best_title(b),
                        url: self.shared.url(&b.path),
                        current: i == l,
                    })
                    .collect(),
            })
            .filter(|g| !g.lists.is_empty())
            .collect();
        let title = self.best_title(list);
        p.head.description = Some(self.shared.strings.count(
            "best.description",
            u64::from(site.config.scores.min_reviews_for_lists),
            &[
                ("title", Arg::Text(&title)),
                ("site", Arg::Text(&site.config.title)),
            ],
        ));
        p.ctx
            .insert("films", &self.cards(&self.shows(Job::Best(l)).films));
        p.ctx.insert("first_rank", &1);
        p.ctx.insert("list_title", &title);
        p.ctx.insert("list_groups", &list_groups);
        p.ctx.insert(
            "min_reviews_for_lists",
            &site.config.scores.min_reviews_for_lists,
        );
        (list.path.clone(), "best.html", title)
    }

    /// The search page: its path, template and title; what it shows goes into `p`.
    pub(super) fn search_page(&self, p: &mut Page) -> (String, &'static str, String) {
        let site = self.shared.site;
        let per = site.config.per_page;
        let shows = self.shows(Job::Search);
        let title_pages: Vec<TitlePage<'_>> = shows
            .films
            .chunks(per)
            .enumerate()
            .map(|(n, chunk)| TitlePage {
                url: self
                    .shared
                    .url(&routes::paged(&routes::films_by("title"), n + 1)),
                first: &site.films[chunk[0]].film.title,
                last: &site.films[chunk[chunk.len() - 1]].film.title,
            })
            .collect();
        p.ctx.insert("title_pages", &title_pages);
        // A short site lists its films right here; a long one links to its pages.
        let all_films: Vec<FilmRef<'_>> = if title_pages.len() == 1 {
            shows
                .films
                .iter()
                .map(|&i| FilmRef {
                    title: &site.films[i].film.title,
                    year: site.films[i].film.year,
                    url: &self.shared.texts[i].url,
                    poster: self.shared.texts[i].poster.as_ref(),
                })
                .collect()
        } else {
            Vec::new()
        };
        p.ctx.insert("all_films", &all_films);
        (
            routes::SEARCH.to_string(),
            "search.html",
            self.shared.strings.get("search.title").to_string(),
        )
    }
}

/// `text` with its first letter in capitals: a taxonomy's singular name begins a title.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
