//! A trial render for `check`, in memory: every page of a site of up to two thousand, a page
//! of each kind and shape of a larger one, so that a template that fails only with some data
//! (a misspelt field, a filter on the wrong type, a branch for a film without a poster) is
//! reported by `check` before `build` meets it.

use std::path::Path;

use super::renderer::{FeedOf, Job, Pages, RenderError, Who};
use super::texts::Texts;
use crate::aggregate::Site;
use crate::diagnostic::{Code, Diagnostic};
use crate::render::theme::Theme;

/// Renders, with `theme` and writing nothing, every page of a site of up to
/// 2,000 pages; of a larger one, a page of each kind and shape, up to 1,000; and reports
/// the template errors as E030.
pub fn trial(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let texts = Texts::new(site, &theme.strings);
    let pages = Pages::new(site, theme, &texts);
    let every = pages.jobs.len() <= EVERY_PAGE_UP_TO;
    let mut kinds = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for &job in &pages.jobs {
        let tried = every || (kinds.len() < MAX_TRIALS && kinds.insert(kind(&pages, job)));
        if tried && let Err(e) = pages.renderer.render_job(job) {
            problems.push(failure(e));
        }
    }
    if let Err(e) = pages.sitemaps() {
        problems.push(failure(e));
    }
    problems
}

/// A site of up to this many pages has every one rendered by `check` (about a second).
const EVERY_PAGE_UP_TO: usize = 2_000;

/// The most pages a trial of a larger site renders: a few milliseconds each.
const MAX_TRIALS: usize = 1_000;

/// What decides which fields and branches a page's templates meet: its kind (a critic's
/// page, a film's feed...), whether it is a first page (pagers, ranks), which list or
/// taxonomy, and for films and contributors, which of their fields and their reviews'
/// fields are there or missing. Two pages of one kind give their templates the same.
fn kind(pages: &Pages<'_>, job: Job) -> String {
    let site = pages.renderer.shared.site;
    let later = |page: usize| if page > 1 { " later page" } else { "" };
    match job {
        Job::Film { index, page } => format!("film{}{}", shape(&site.films[index]), later(page)),
        Job::ApiFilm(index) => format!("film json{}", shape(&site.films[index])),
        Job::Feed(FeedOf::Film(index)) => format!("film feed{}", shape(&site.films[index])),
        Job::Films { order, page } => format!("films by {order}{}", later(page)),
        Job::Contributors { who, page } => format!("{who:?}{}", later(page)),
        Job::Contributor { who, index, .. } | Job::Feed(FeedOf::Contributor(who, index)) => {
            let profiled = match who {
                Who::Critics => site.critics[index].1.is_some(),
                Who::Publications => site.publications[index].1.is_some(),
            };
            let c = pages.renderer.contributor_entry(who, index);
            let numbers = [c.scored > 0, c.compared > 0, c.judged > 0, profiled];
            let page = match job {
                Job::Contributor { page, .. } => later(page),
                _ => " feed",
            };
            format!(
                "{who:?} {}{}{page}",
                bits(&numbers),
                reviews_shape(c.reviews.iter().map(|&r| site.review(r)))
            )
        }
        Job::Terms { tax, page } => format!("terms {tax}{}", later(page)),
        Job::Term { tax, term, page } => {
            // Whether a best-of list goes with the term (years and genres have some).
            let slug = &site.taxonomies[tax].terms[term].slug;
            let best = site
                .best
                .iter()
                .any(|l| l.path.trim_end_matches('/').ends_with(slug.as_str()));
            format!("term {tax} {best}{}", later(page))
        }
        Job::Best(list) => format!("best {:?}", site.best[list].kind),
        Job::People { page } => format!("people{}", later(page)),
        Job::Person(i) => {
            let person = &site.people[i];
            let roles =
                |f: fn(&crate::aggregate::people::Credit) -> bool| person.credits.iter().any(f);
            format!(
                "person{}{}{}",
                if roles(|c| c.director) {
                    " director"
                } else {
                    ""
                },
                if roles(|c| c.cast) { " cast" } else { "" },
                match person.career.scored {
                    0 => " unscored",
                    1 => " one scored",
                    _ => " scored",
                }
            )
        }
        Job::Page(index) => {
            let page = &site.pages[index];
            format!(
                "page {}",
                bits(&[page.body_html.is_empty(), page.description.is_some()])
            )
        }
        other => format!("{other:?}").replace(|c: char| c.is_ascii_digit(), ""),
    }
}

/// Which of a film's optional fields are there, and which are there or missing in some of
/// its reviews.
fn shape(entry: &crate::aggregate::FilmEntry) -> String {
    let f = &entry.film;
    let s = &entry.stats;
    let film = [
        f.poster.is_some(),
        f.release_date.is_some(),
        f.runtime.is_some(),
        f.country.is_some(),
        f.language.is_some(),
        f.directors.is_empty(),
        f.cast.is_empty(),
        f.genres.is_empty(),
        f.synopsis_html.is_empty(),
        f.reviews.is_empty(),
        f.draft,
        s.metascore.is_some(),
        s.percent_positive.is_some(),
    ];
    format!(" {}{}", bits(&film), reviews_shape(f.reviews.iter()))
}

/// Which fields are there in some of `reviews`, and which are missing in some.
fn reviews_shape<'r>(reviews: impl Iterator<Item = &'r crate::content::model::Review>) -> String {
    let mut some = [false; 11];
    let mut none = [false; 11];
    for r in reviews {
        let fields = [
            r.grade.score().is_some(),
            r.grade.rating().is_some(),
            r.assigned,
            r.date.is_some(),
            r.url.is_some(),
            r.verdict.is_some(),
            r.critic.is_some(),
            r.publication.is_some(),
            r.byline,
            r.draft,
            r.excerpt_html.is_empty(),
        ];
        for (i, there) in fields.into_iter().enumerate() {
            some[i] |= there;
            none[i] |= !there;
        }
    }
    format!(" {} {}", bits(&some), bits(&none))
}

/// Flags as a string of ones and zeros.
fn bits(list: &[bool]) -> String {
    list.iter().map(|&b| if b { '1' } else { '0' }).collect()
}

/// The error for a template that failed.
fn failure(e: RenderError) -> Diagnostic {
    let RenderError::Template {
        template,
        page,
        message,
    } = e;
    // Tera names the template the error is in (`--> base.html:12:3`), which may be one the
    // page's template extends or includes.
    let within = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace))
        .map_or(template, str::to_string);
    Diagnostic::error(
        Code::E030,
        &Path::new("templates").join(&within),
        format!("the template fails while rendering {page}:\n{message}"),
    )
    .help("fix the template: docs/template-variables.md lists each variable it gets")
}
