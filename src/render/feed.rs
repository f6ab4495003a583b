//! Atom feeds (RFC 4287) of the latest reviews: site-wide, and per film, critic and
//! publication, so readers can follow exactly the voices or films they care about.
//!
//! This module decides what a feed holds; the `atom.xml` template writes it out.

use crate::i18n::Arg;
use serde::Serialize;

use crate::aggregate::{ReviewRef, Site};
use crate::content::model::Date;
use crate::routes;

/// The most entries one feed carries (newest first).
pub(crate) const FEED_ENTRIES: usize = 50;

/// One feed, ready for the `atom.xml` template.
#[derive(Debug, Serialize)]
pub(crate) struct Feed {
    /// The feed's title.
    pub title: String,
    /// Permanent identifier: the feed's absolute URL (or a `tag:` URI when `base_url` has no
    /// host).
    pub id: String,
    /// The feed's own URL (`rel="self"`).
    pub self_url: String,
    /// The page the feed follows (`rel="alternate"`).
    pub alternate: String,
    /// RFC 3339 time of the newest entry.
    pub updated: String,
    /// Newest first.
    pub entries: Vec<Entry>,
}

/// One review as a feed entry.
#[derive(Debug, Serialize)]
pub(crate) struct Entry {
    /// Permanent identifier: the review's place on its film page.
    pub id: String,
    /// "Film (1996): 80 - Critic, Publication".
    pub title: String,
    /// Link to the review on the film page.
    pub url: String,
    /// RFC 3339 publication time (the review's date, else the feed's).
    pub updated: String,
    /// The critic, or the publication for uncredited reviews.
    pub author: String,
    /// The excerpt as HTML (the template escapes it into `type="html"` content).
    pub content_html: String,
}

/// Midnight UTC of a date, as RFC 3339.
pub(crate) fn rfc3339(date: Date) -> String {
    let mut text = date.to_string();
    text.push_str("T00:00:00Z");
    text
}

/// Builds feeds for one site; `root_url` and `base_path` are the config's.
pub(crate) struct Feeds<'a> {
    site: &'a Site,
    strings: &'a crate::i18n::Strings,
    root_url: String,
}

impl<'a> Feeds<'a> {
    /// Feeds of `site`, in the language of `strings`.
    pub(crate) fn new(site: &'a Site, strings: &'a crate::i18n::Strings) -> Feeds<'a> {
        Feeds {
            site,
            strings,
            root_url: site.config.root_url(),
        }
    }

    /// An identifier for the site path `path`: its absolute URL, or a `tag:` URI (RFC 4151)
    /// when the configured `base_url` has no host, since Atom ids must be absolute.
    fn id(&self, path: &str) -> String {
        if self.root_url.contains("://") {
            format!("{}{path}", self.root_url)
        } else {
            format!("tag:marquee.invalid,2000:{}{path}", self.root_url)
        }
    }

    /// The feed of the page at `path` ("", "films/x/"), titled `title`, holding `refs`
    /// (newest first; only the first [`FEED_ENTRIES`] are kept).
    pub(crate) fn feed(&self, path: &str, title: String, refs: &[ReviewRef]) -> Feed {
        let refs = &refs[..refs.len().min(FEED_ENTRIES)];
        let updated = refs
            .iter()
            .filter_map(|&r| self.site.review(r).date)
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
        let entries = refs
            .iter()
            .map(|&(f, r)| {
                let film = &self.site.films[f].film;
                let review = &film.reviews[r];
                // The id names the card on the film's first page, which never moves; the link
                // goes to the page the card is on now (past `per_page` reviews, a later one).
                let anchor = routes::review_card(&film.slug, 1, &review.id);
                let page = r / self.site.config.per_page + 1;
                let shown_at = if page == 1 {
                    anchor.clone()
                } else {
                    routes::review_card(&film.slug, page, &review.id)
                };
                let (staff, unsigned) = (
                    self.strings.get("feed.staff"),
                    self.strings.get("feed.unsigned"),
                );
                let by = match (&review.critic, &review.publication) {
                    (Some(c), Some(p)) => format!("{c}, {p}"),
                    (Some(c), None) => c.clone(),
                    (None, Some(p)) if review.byline => format!("{staff}, {p}"),
                    (None, Some(p)) => p.clone(),
                    (None, None) if review.byline => staff.into(),
                    (None, None) => unsigned.into(),
                };
                let grade = review.grade.score().map_or_else(
                    || {
                        review.verdict.map_or_else(
                            || self.strings.get("feed.no_grade").to_string(),
                            |v| {
                                self.strings
                                    .get(&format!("critic_verdict.{}", v.as_str()))
                                    .to_string()
                            },
                        )
                    },
                    |s| s.to_string(),
                );
                Entry {
                    id: self.id(&anchor),
                    title: self.strings.format(
                        "feed.entry_title",
                        &[
                            ("title", Arg::Text(&film.title)),
                            ("year", Arg::from(film.year)),
                            ("grade", Arg::Text(&grade)),
                            ("by", Arg::Text(&by)),
                        ],
                    ),
                    url: [self.root_url.as_str(), &shown_at].concat(),
                    updated: review.date.map_or_else(|| updated.clone(), rfc3339),
                    author: review
                        .critic
                        .clone()
                        .or_else(|| review.publication.clone())
                        .unwrap_or_else(|| if review.byline { staff } else { unsigned }.into()),
                    content_html: review.excerpt_html.clone(),
                }
            })
            .collect();
        Feed {
            title,
            id: self.id(&routes::feed(path)),
            self_url: format!("{}{}", self.root_url, routes::feed(path)),
            alternate: format!("{}{path}", self.root_url),
            updated,
            entries,
        }
    }

    /// A film's reviews, newest first (undated last), as feed references.
    pub(crate) fn film_refs(&self, film: usize) -> Vec<ReviewRef> {
        let reviews = &self.site.films[film].film.reviews;
        let mut refs: Vec<ReviewRef> = (0..reviews.len()).map(|r| (film, r)).collect();
        refs.sort_by_key(|&(_, r)| (std::cmp::Reverse(reviews[r].date), r));
        refs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::model::{Content, Film, Grade, Review};

    fn site(base_url: &str) -> Site {
        let review = Review {
            critic: None,
            critic_slug: None,
            publication: Some("The Paper".into()),
            publication_slug: Some(crate::content::model::Slug::of("The Paper")),
            date: Date::new(2001, 2, 3),
            url: None,
            grade: Grade::Score(70),
            assigned: false,
            top_critic: false,
            language: None,
            imported_as: None,
            byline: true,
            verdict: None,
            excerpt_html: "<p>Fine.</p>".into(),
            id: String::new(),
            draft: false,
            source: "content/films/f-2001/reviews/staff--the-paper.md".into(),
        };
        let film = Film::example("f-2001", "F", 2001, vec![review]);
        let config = Config {
            base_url: base_url.into(),
            ..Config::default()
        };
        crate::aggregate::build(
            config,
            Content {
                films: vec![film],
                ..Content::default()
            },
        )
    }

    #[test]
    fn ids_are_absolute_even_without_a_host() {
        let with_host = site("https://example.org/reviews/");
        let en = crate::i18n::Strings::built_in("en");
        let feeds = Feeds::new(&with_host, &en);
        let feed = feeds.feed("films/f-2001/", "t".into(), &feeds.film_refs(0));
        assert_eq!(feed.id, "https://example.org/reviews/films/f-2001/feed.xml");
        assert_eq!(
            feed.entries[0].id,
            "https://example.org/reviews/films/f-2001/#review-staff--the-paper"
        );
        assert_eq!(
            feed.entries[0].author, "The Paper",
            "uncredited: the publication"
        );
        assert_eq!(feed.updated, "2001-02-03T00:00:00Z");

        let bare = site("/");
        let feeds = Feeds::new(&bare, &en);
        let feed = feeds.feed("", "t".into(), &bare.latest);
        assert_eq!(feed.id, "tag:marquee.invalid,2000:/feed.xml");
        assert!(feed.entries[0].id.starts_with("tag:"));
        assert_eq!(
            feed.entries[0].url,
            "/films/f-2001/#review-staff--the-paper"
        );
    }
}
