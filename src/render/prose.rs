//! The pages that are mostly words: free-form pages (`content/pages/`), the page that says
//! how the site's numbers are made, and the small pages an alias leaves at an old address.

use serde::Serialize;

use super::renderer::Renderer;
use super::views::*;
use crate::routes;
use crate::score;

/// What the "How scores work" page shows: the site's own settings, so the page is always
/// the method the numbers were made with.
#[derive(Serialize)]
struct ScoringView<'a> {
    /// Scored reviews before a Metascore is shown.
    min_reviews: u32,
    /// Lowest positive score, lowest mixed score.
    positive: u8,
    mixed: u8,
    /// Highest negative score and highest mixed score, for "0-39" style ranges.
    negative_max: u8,
    mixed_max: u8,
    /// Banded reviews before a % positive is shown, and the "Fresh" threshold.
    percent_positive_min_reviews: u32,
    fresh: u8,
    /// Scored reviews a film needs on the best-of lists.
    min_reviews_for_lists: u32,
    /// The "Must-see" badge.
    must_see_score: u8,
    must_see_reviews: u32,
    /// The verdict labels, highest first.
    labels: Vec<LabelRow<'a>>,
    /// Letter grades and their scores.
    letters: Vec<Conversion<'a>>,
    /// Fractional ratings and their scores, as examples.
    fractions: Vec<Conversion<'a>>,
    /// Publications whose weight is not 1.
    weights: Vec<WeightRow<'a>>,
}

/// One verdict label and the Metascores it covers.
#[derive(Serialize)]
struct LabelRow<'a> {
    from: u8,
    to: u8,
    label: &'a str,
    band: &'static str,
}

/// A critic's rating and the score it becomes.
#[derive(Serialize)]
struct Conversion<'a> {
    rating: &'a str,
    score: u8,
}

/// A publication that counts more or less than the others.
#[derive(Serialize)]
struct WeightRow<'a> {
    name: &'a str,
    url: String,
    weight: String,
}

impl<'a> Renderer<'a> {
    /// A free-form page: its path, template and title; what it shows goes into `p`.
    pub(super) fn free_page(&self, p: &mut Page, i: usize) -> (String, &'static str, String) {
        let page = &self.shared.site.pages[i];
        p.head.description = page.description.clone();
        p.ctx.insert(
            "free_page",
            &FreePageView {
                title: &page.title,
                body_html: &page.body_html,
                draft: page.draft,
            },
        );
        (routes::page(&page.slug), "page.html", page.title.clone())
    }

    /// The page that explains the site's numbers, made from its settings.
    pub(super) fn scoring_page(&self, p: &mut Page) -> (String, &'static str, String) {
        let site = self.shared.site;
        let s = &site.config.scores;
        let labels = [(81, 100), (61, 80), (40, 60), (20, 39), (0, 19)]
            .into_iter()
            .map(|(from, to)| LabelRow {
                from,
                to,
                label: self.shared.strings.get(score::label(from)),
                band: score::metascore_band(from).as_str(),
            })
            .collect();
        let weights = site
            .publications
            .iter()
            .filter_map(|(c, profile)| {
                let weight = profile.as_ref()?.weight_milli;
                (weight != 1000).then(|| WeightRow {
                    name: &c.name,
                    url: self.shared.url(&routes::publication(&c.slug)),
                    weight: self.shared.strings.number(f64::from(weight) / 1000.0),
                })
            })
            .collect();
        let view = ScoringView {
            min_reviews: s.min_reviews,
            positive: s.positive,
            mixed: s.mixed,
            negative_max: s.mixed.saturating_sub(1),
            mixed_max: s.positive.saturating_sub(1),
            percent_positive_min_reviews: s.percent_positive_min_reviews,
            fresh: s.fresh,
            min_reviews_for_lists: s.min_reviews_for_lists,
            must_see_score: s.must_see_score,
            must_see_reviews: s.must_see_reviews,
            labels,
            letters: score::LETTER_GRADES
                .iter()
                .map(|&(rating, score)| Conversion { rating, score })
                .collect(),
            // Ratings as the language's critics write them (a language file may list any):
            // those Marquee reads, each with the score it becomes.
            fractions: self
                .shared
                .strings
                .list("scoring.examples")
                .iter()
                .filter_map(|rating| {
                    Some(Conversion {
                        rating,
                        score: score::normalise_rating(rating).ok()?,
                    })
                })
                .collect(),
            weights,
        };
        p.head.description = Some(self.shared.strings.format(
            "scoring.description",
            &[("site", crate::i18n::Arg::Text(&site.config.title))],
        ));
        p.ctx.insert("scoring", &view);
        (
            routes::SCORING.to_string(),
            "scoring.html",
            self.shared.strings.get("scoring.title").to_string(),
        )
    }

    /// The page an alias leaves at an old address: it sends readers (and crawlers, by its
    /// canonical link) on to the page's address.
    pub(super) fn alias_page(&self, p: &mut Page, i: usize) -> (String, &'static str, String) {
        let redirect = &self.shared.site.redirects[i];
        p.ctx.insert("redirect", &self.redirect_view(i));
        (
            redirect.alias.path.clone(),
            "alias.html",
            self.shared.strings.get("moved.title").to_string(),
        )
    }

    /// Where alias `i` sends readers.
    pub(super) fn redirect_view(&self, i: usize) -> RedirectView {
        let redirect = &self.shared.site.redirects[i];
        RedirectView {
            from: self.shared.url(&redirect.alias.path),
            to: self.shared.url(&redirect.to),
            url: format!("{}{}", self.shared.site_view.root_url, redirect.to),
        }
    }
}
