//! A trial render for `check`: one page of each kind, in memory, so that a template that
//! fails only with real data (a misspelt field, a filter on the wrong type) is reported by
//! `check` before `build` meets it.

use std::path::Path;

use super::renderer::{FeedOf, Job, Pages, RenderError, Who};
use super::texts::Texts;
use crate::aggregate::Site;
use crate::diagnostic::{Code, Diagnostic};
use crate::render::theme::Theme;

/// Renders the first page of each kind `site` has (a film, a critic, a publication, each
/// list, term, page, feed and index) with `theme`, writing nothing, and reports the
/// template errors as E030.
pub fn trial(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let texts = Texts::new(site);
    let pages = Pages::new(site, theme, &texts);
    let mut kinds = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for &job in &pages.jobs {
        // The job without its numbers: its kind (a critic's page, a film's feed...), and
        // for a film's pages and files, which of its fields are there, so that a template
        // meets a film without a poster as well as one with.
        let mut kind = format!("{job:?}").replace(|c: char| c.is_ascii_digit(), "");
        if let Job::Film { index, .. } | Job::ApiFilm(index) | Job::Feed(FeedOf::Film(index)) = job
        {
            kind.push_str(&shape(&site.films[index]));
        }
        if let Job::Contributor { who, index, .. } = job {
            let profiled = match who {
                Who::Critics => site.critics[index].1.is_some(),
                Who::Publications => site.publications[index].1.is_some(),
            };
            kind.push_str(if profiled { " profiled" } else { "" });
        }
        if kinds.len() < MAX_TRIALS
            && kinds.insert(kind)
            && let Err(e) = pages.renderer.render_job(job)
        {
            problems.push(failure(e));
        }
    }
    if let Err(e) = pages.sitemaps() {
        problems.push(failure(e));
    }
    problems
}

/// The most pages a trial renders: every kind of page and every shape of film met, up to
/// this many (a few milliseconds each).
const MAX_TRIALS: usize = 500;

/// Which of a film's optional fields are there, and which are there or missing in some of
/// its reviews: two films of one shape give their templates the same fields.
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
    let review = |r: &crate::content::model::Review| {
        [
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
        ]
    };
    let mut some = [false; 11];
    let mut none = [false; 11];
    for r in &f.reviews {
        for (i, there) in review(r).into_iter().enumerate() {
            some[i] |= there;
            none[i] |= !there;
        }
    }
    let bits = |list: &[bool]| {
        list.iter()
            .map(|&b| if b { '1' } else { '0' })
            .collect::<String>()
    };
    format!(" {} {} {}", bits(&film), bits(&some), bits(&none))
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
