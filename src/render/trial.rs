//! A trial render for `check`: one page of each kind, in memory, so that a template that
//! fails only with real data (a misspelt field, a filter on the wrong type) is reported by
//! `check` before `build` meets it.

use std::path::Path;

use super::renderer::{Pages, RenderError};
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
        // The job without its numbers: its kind (a critic's page, a film's feed...).
        let kind = format!("{job:?}").replace(|c: char| c.is_ascii_digit(), "");
        if kinds.insert(kind)
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

/// The error for a template that failed.
fn failure(e: RenderError) -> Diagnostic {
    let RenderError::Template {
        template,
        page,
        message,
    } = e;
    Diagnostic::error(
        Code::E030,
        &Path::new("templates").join(&template),
        format!("the template fails while rendering {page}:\n{message}"),
    )
    .help("fix the template: docs/template-variables.md lists each variable it gets")
}
