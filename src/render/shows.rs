//! What each page shows, named once: the page kinds render from it and the preview server's
//! fingerprints are made of it, so a page is rendered again exactly when what it shows
//! changes, and the two cannot drift apart.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::renderer::{FeedOf, HOME_FILMS, HOME_REVIEWS, Job, Renderer, Who};
use crate::aggregate::best::eligible;
use crate::aggregate::{Contributor, ReviewRef};
use crate::render::feed::FEED_ENTRIES;

/// The data one page shows.
#[derive(Debug, Default)]
pub(super) struct Shows<'a> {
    /// Films shown, each with everything about it (a card, or the whole film).
    pub(super) films: Cow<'a, [usize]>,
    /// Reviews shown.
    pub(super) reviews: &'a [ReviewRef],
    /// Critics or publications whose numbers are shown.
    pub(super) contributors: Option<(Who, Range<usize>)>,
    /// A critic or publication named (with its review count) but whose numbers are not shown.
    pub(super) named: Option<(Who, usize)>,
    /// Terms of a taxonomy shown, with their film counts.
    pub(super) terms: Option<(usize, Range<usize>)>,
    /// People listed, with their roles and film counts.
    pub(super) people: Option<Range<usize>>,
    /// The length of the whole list this page is a page of (its pager and counts).
    pub(super) total: usize,
    /// Whether the page links to the best-of lists.
    pub(super) best_lists: bool,
    /// Whether the page shows the site's review count.
    pub(super) review_count: bool,
}

/// The items of page `page` of a list of `len`, `per` a page.
pub(super) fn page_of(len: usize, page: usize, per: usize) -> Range<usize> {
    ((page - 1) * per).min(len)..(page * per).min(len)
}

impl<'a> Renderer<'a> {
    /// What job `job` shows.
    pub(super) fn shows(&self, job: Job) -> Shows<'a> {
        let site = self.shared.site;
        let per = site.config.per_page;
        match job {
            Job::Home => {
                // The best-reviewed films: the best-of lists' rule (enough scored reviews)
                // and a favourable number. Then, up to the same count, the other films in
                // the site's main order (tbd last), so that a small site shows its films.
                // `total` is where the best end.
                let scores = &site.config.scores;
                let order = self.shared.orders[0].2;
                let best = |i: usize| {
                    let entry = &site.films[i];
                    eligible(entry, scores.show, scores.min_reviews_for_lists)
                        && match scores.show {
                            crate::score::Show::Percent => entry
                                .stats
                                .percent_positive
                                .is_some_and(|p| p >= scores.fresh),
                            _ => entry.stats.metascore.is_some_and(|m| {
                                crate::score::metascore_band(m) == crate::score::Band::Positive
                            }),
                        }
                };
                let mut films: Vec<usize> = order
                    .iter()
                    .copied()
                    .filter(|&i| best(i))
                    .take(HOME_FILMS)
                    .collect();
                let split = films.len();
                films.extend(
                    order
                        .iter()
                        .copied()
                        .filter(|&i| !best(i))
                        .take(HOME_FILMS - split),
                );
                Shows {
                    films: Cow::Owned(films),
                    reviews: &site.latest[..site.latest.len().min(HOME_REVIEWS)],
                    review_count: true,
                    total: split,
                    ..Shows::default()
                }
            }
            Job::Films { order, page } => {
                let list = self.shared.orders[order].2;
                Shows {
                    films: Cow::Borrowed(&list[page_of(list.len(), page, per)]),
                    total: list.len(),
                    ..Shows::default()
                }
            }
            Job::Film { index, .. } | Job::ApiFilm(index) | Job::Feed(FeedOf::Film(index)) => {
                Shows {
                    films: Cow::Owned(vec![index]),
                    ..Shows::default()
                }
            }
            Job::ApiIndex | Job::SearchIndex | Job::Search => Shows {
                films: Cow::Borrowed(&site.by_title),
                total: site.by_title.len(),
                ..Shows::default()
            },
            Job::Feed(FeedOf::Site) => Shows {
                reviews: &site.latest[..site.latest.len().min(FEED_ENTRIES)],
                ..Shows::default()
            },
            Job::Feed(FeedOf::Contributor(who, index)) => {
                let c = self.contributor_entry(who, index);
                Shows {
                    reviews: &c.reviews[..c.reviews.len().min(FEED_ENTRIES)],
                    contributors: Some((who, index..index + 1)),
                    ..Shows::default()
                }
            }
            Job::Contributors { who, page } => {
                let count = self.contributor_count(who);
                Shows {
                    contributors: Some((who, page_of(count, page, per))),
                    total: count,
                    ..Shows::default()
                }
            }
            Job::Contributor { who, index, page } => {
                let c = self.contributor_entry(who, index);
                Shows {
                    reviews: &c.reviews[page_of(c.reviews.len(), page, per)],
                    // Later pages show the name and the pager, not the numbers.
                    contributors: (page == 1).then_some((who, index..index + 1)),
                    named: Some((who, index)),
                    total: c.reviews.len(),
                    ..Shows::default()
                }
            }
            Job::Terms { tax, page } => {
                let terms = &site.taxonomies[tax].terms;
                Shows {
                    terms: Some((tax, page_of(terms.len(), page, per))),
                    total: terms.len(),
                    ..Shows::default()
                }
            }
            Job::Term { tax, term, page } => {
                let films = &site.taxonomies[tax].terms[term].films;
                Shows {
                    films: Cow::Borrowed(&films[page_of(films.len(), page, per)]),
                    terms: Some((tax, term..term + 1)),
                    total: films.len(),
                    best_lists: true,
                    ..Shows::default()
                }
            }
            Job::Best(l) => Shows {
                films: Cow::Borrowed(&site.best[l].films),
                best_lists: true,
                ..Shows::default()
            },
            Job::People { page } => Shows {
                people: Some(page_of(site.people.len(), page, per)),
                total: site.people.len(),
                ..Shows::default()
            },
            Job::Person(i) => Shows {
                films: Cow::Owned(site.people[i].credits.iter().map(|c| c.film).collect()),
                ..Shows::default()
            },
            Job::NotFound | Job::Page(_) | Job::Scoring | Job::Alias(_) => Shows::default(),
        }
    }

    /// A fingerprint of what job `job` shows: `generations[f]` stands for film `f` (bumped
    /// whenever the film changes). Made of [`Renderer::shows`], the same data the page is
    /// rendered from; the incremental rebuild test compares incremental and full builds byte
    /// for byte to hold the two together.
    pub(super) fn fingerprint(&self, job: Job, generations: &[u64]) -> u64 {
        let site = self.shared.site;
        let shows = self.shows(job);
        let mut h = std::hash::DefaultHasher::new();
        job.hash(&mut h);
        for &f in shows.films.iter() {
            (f, generations[f]).hash(&mut h);
        }
        for &(f, r) in shows.reviews {
            (f, r, generations[f]).hash(&mut h);
        }
        if let Some((who, range)) = &shows.contributors {
            for i in range.clone() {
                numbers(&mut h, self.contributor_entry(*who, i));
            }
        }
        if let Some((who, index)) = shows.named {
            let c = self.contributor_entry(who, index);
            (&c.name, c.reviews.len()).hash(&mut h);
        }
        if let Some((tax, range)) = &shows.terms {
            for t in &site.taxonomies[*tax].terms[range.clone()] {
                (&t.name, t.films.len()).hash(&mut h);
            }
        }
        if let Some(range) = &shows.people {
            for person in &site.people[range.clone()] {
                (&person.name, person.credits.len()).hash(&mut h);
            }
        }
        shows.total.hash(&mut h);
        if shows.best_lists {
            for list in &site.best {
                list.path.hash(&mut h);
            }
        }
        if shows.review_count {
            self.shared.site_view.review_count.hash(&mut h);
        }
        h.finish()
    }
}

/// Hashes the numbers a critic's or publication's page and list entry show.
fn numbers(h: &mut std::hash::DefaultHasher, c: &Contributor) {
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
}
