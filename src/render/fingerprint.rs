//! Fingerprints of what each page shows, so the preview server re-renders only the pages an
//! edit changed (see [`super::renderer::Pages::fingerprints`]).

use std::hash::{Hash, Hasher};

use super::renderer::{FeedOf, HOME_FILMS, HOME_REVIEWS, Job, Renderer};
use crate::aggregate::{Contributor, ReviewRef};

impl Renderer<'_> {
    /// A fingerprint of what job `job` shows (see [`Pages::fingerprints`]). It must name every
    /// film, review list and number the page renders; the incremental rebuild test compares
    /// incremental and full builds byte for byte to hold it to that.
    pub(super) fn fingerprint(&self, job: Job, generations: &[u64]) -> u64 {
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
        job.hash(&mut h);
        match job {
            Job::Home => {
                // Films without the number sort last, so the films shown are among the first
                // HOME_FILMS, and a film gaining the number moves in among them.
                films(
                    &mut h,
                    &self.orders[0].2[..self.orders[0].2.len().min(HOME_FILMS)],
                );
                reviews(&mut h, &site.latest[..site.latest.len().min(HOME_REVIEWS)]);
                self.site_view.review_count.hash(&mut h);
            }
            Job::Films { order, page } => {
                let list = self.orders[order].2;
                films(&mut h, &list[page_of(list.len(), page)]);
            }
            Job::Film { index: i, .. } | Job::ApiFilm(i) | Job::Feed(FeedOf::Film(i)) => {
                generations[i].hash(&mut h);
            }
            Job::ApiIndex | Job::SearchIndex | Job::Search => {
                films(&mut h, &site.by_title);
            }
            Job::Feed(FeedOf::Site) => {
                reviews(
                    &mut h,
                    &site.latest[..site.latest.len().min(crate::render::feed::FEED_ENTRIES)],
                );
            }
            Job::Feed(FeedOf::Contributor(who, index)) => {
                let c = self.contributor_entry(who, index);
                stats(&mut h, c);
                reviews(
                    &mut h,
                    &c.reviews[..c.reviews.len().min(crate::render::feed::FEED_ENTRIES)],
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
}
