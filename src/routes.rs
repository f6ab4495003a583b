//! Every URL path and output file of a site, in one place: a new page kind is one change
//! here, and the check that no two sources claim one path (`render::collisions`) has one
//! place to look.
//!
//! Paths are relative to the site's base (no leading `/`); a page's path ends in `/` and is
//! written as `index.html` inside it.

/// The film listing sorted by its main number.
pub(crate) const FILMS: &str = "films/";
/// The list of critics.
pub(crate) const CRITICS: &str = "critics/";
/// The list of publications.
pub(crate) const PUBLICATIONS: &str = "publications/";
/// The search page.
pub(crate) const SEARCH: &str = "search/";
/// The search index the search page's script loads.
pub(crate) const SEARCH_INDEX: &str = "search.json";
/// The not-found page.
pub(crate) const NOT_FOUND: &str = "404.html";
/// Every film, as JSON.
pub(crate) const API_INDEX: &str = "api/films.json";
/// The site's feed of the newest reviews.
pub(crate) const SITE_FEED: &str = "feed.xml";
/// The all-time best-of list.
pub(crate) const BEST: &str = "best/";
/// The page that explains how the site's numbers are made.
pub(crate) const SCORING: &str = "scoring/";

/// Where the people's pages are: `people/<slug>/`.
pub(crate) const PEOPLE: &str = "people/";
/// Redirect rules for hosts that read them (Netlify, Cloudflare Pages, GitLab Pages).
pub(crate) const REDIRECTS: &str = "_redirects";
/// The file that marks a folder as Marquee's output, safe to replace, and lists the files
/// the build wrote there.
pub(crate) const MARKER: &str = ".marquee-output";

/// A free-form page (`content/pages/<slug>.md`), at the site's root.
pub(crate) fn page(slug: &str) -> String {
    [slug, "/"].concat()
}

/// The film listing sorted by `order` (`title`, `year`, `percent`...), other than the main one.
pub(crate) fn films_by(order: &str) -> String {
    [FILMS, order, "/"].concat()
}

/// A film's page.
pub(crate) fn film(slug: &str) -> String {
    [FILMS, slug, "/"].concat()
}

/// A file of a film's own, beside its page (its poster).
pub(crate) fn film_file(slug: &str, name: &str) -> String {
    [FILMS, slug, "/", name].concat()
}

/// A film as JSON.
pub(crate) fn api_film(slug: &str) -> String {
    ["api/films/", slug, ".json"].concat()
}

/// A critic's page.
pub(crate) fn critic(slug: &str) -> String {
    [CRITICS, slug, "/"].concat()
}

/// A person's page: a director's or cast member's films.
pub(crate) fn person(slug: &str) -> String {
    [PEOPLE, slug, "/"].concat()
}

/// A publication's page.
pub(crate) fn publication(slug: &str) -> String {
    [PUBLICATIONS, slug, "/"].concat()
}

/// The list of a taxonomy's terms (`genres/`, `years/`...).
pub(crate) fn terms(taxonomy: &str) -> String {
    [taxonomy, "/"].concat()
}

/// The page of one term of a taxonomy.
pub(crate) fn term(taxonomy: &str, slug: &str) -> String {
    [taxonomy, "/", slug, "/"].concat()
}

/// The best-of list of a year.
pub(crate) fn best_of_year(year: &str) -> String {
    [BEST, year, "/"].concat()
}

/// The best-of list of a genre.
pub(crate) fn best_of_genre(slug: &str) -> String {
    [BEST, "genres/", slug, "/"].concat()
}

/// Page `page` of a list whose first page is at `dir`: later pages at `dir/page/N/`.
pub(crate) fn paged(dir: &str, page: usize) -> String {
    if page == 1 {
        dir.to_string()
    } else {
        format!("{dir}page/{page}/")
    }
}

/// The feed of the page at `dir` (the site's feed for `""`).
pub(crate) fn feed(dir: &str) -> String {
    [dir, SITE_FEED].concat()
}

/// The fragment of a review's card on its film's page (without `#`).
pub(crate) fn review_anchor(id: &str) -> String {
    ["review-", id].concat()
}

/// A review's card: on the film's first page, or on page `page` when the film's reviews
/// run over several.
pub(crate) fn review_card(film_slug: &str, page: usize, id: &str) -> String {
    [
        paged(&film(film_slug), page).as_str(),
        "#",
        &review_anchor(id),
    ]
    .concat()
}

/// Whether `file` is one of a film's optional files (its feed, its JSON), which the
/// `[publish]` settings turn on.
pub(crate) fn is_film_extra(file: &str) -> bool {
    (file.starts_with(FILMS)
        && file
            .strip_suffix(SITE_FEED)
            .is_some_and(|rest| rest.ends_with('/')))
        || file.starts_with("api/films/")
}

/// The file a page's path is written to.
pub(crate) fn file_of(path: &str) -> String {
    if path.ends_with(".html") {
        path.to_string()
    } else {
        [path, "index.html"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(paged(&film("pusher-1996"), 1), "films/pusher-1996/");
        assert_eq!(paged(&film("pusher-1996"), 3), "films/pusher-1996/page/3/");
        assert_eq!(
            review_card("pusher-1996", 2, "ann"),
            "films/pusher-1996/page/2/#review-ann"
        );
        assert_eq!(file_of(&critic("ann")), "critics/ann/index.html");
        assert_eq!(file_of(NOT_FOUND), "404.html");
        assert_eq!(feed(""), "feed.xml");
        assert_eq!(
            feed(&publication("the-daily")),
            "publications/the-daily/feed.xml"
        );
    }

    #[test]
    fn film_extras_are_their_feeds_and_json() {
        assert!(is_film_extra(&feed(&film("pusher-1996"))));
        assert!(is_film_extra(&api_film("pusher-1996")));
        assert!(!is_film_extra(&file_of(&film("pusher-1996"))));
        assert!(!is_film_extra("films/pusher-1996/myfeed.xml"));
        assert!(!is_film_extra(&feed(&critic("ann"))));
        assert!(!is_film_extra(SITE_FEED));
    }
}
