//! Each review's id within its film: the anchor of its card (`#review-<id>`) and the stem of
//! its feed entry's id. An id must name one review for as long as that review exists, so it
//! is made from the review's own source, never from its place among the others: a review in
//! its own file is named by that file (which `new` and `import` name after the byline,
//! `critic--publication.md`), an entry of `reviews.toml` by its byline. Two reviews that
//! would share an id are an error, never a silent renumbering of either.

use std::collections::HashMap;
use std::path::Path;

use crate::content::model::{Review, slugify};
use crate::diagnostic::{Code, Diagnostic};

/// The name of the file that holds many reviews of a film.
const BATCH: &str = "reviews.toml";

/// Gives each review of one film its id, and reports reviews whose ids would be equal.
///
/// A review file's id is its name without `.md`, each `--`-separated part made a slug
/// (`Ann Apple--The Daily.md` is `ann-apple--the-daily`). An entry of `reviews.toml` gets
/// the critic's slug (`staff` when uncredited, `unsigned` without a byline), then `--` and the
/// publication's slug. `--` never occurs inside a slug, so a critic and a publication can
/// never be read as another pair. An id depends on nothing but its own review, so whatever
/// is added to the film, removed from it or renamed in it, no other review's id changes.
pub(crate) fn identify_reviews(reviews: &mut [Review]) -> Vec<Diagnostic> {
    for review in reviews.iter_mut() {
        review.id = if is_batch(&review.source) {
            byline_id(review)
        } else {
            file_id(&review.source)
        };
    }
    let mut first: HashMap<&str, &Review> = HashMap::new();
    let mut problems = Vec::new();
    for review in reviews.iter() {
        match first.get(review.id.as_str()) {
            None => {
                first.insert(&review.id, review);
            }
            Some(other) => problems.push(clash(review, other)),
        }
    }
    problems
}

/// True for a review that is an entry of `reviews.toml`.
fn is_batch(source: &Path) -> bool {
    source.file_name().is_some_and(|name| name == BATCH)
}

/// The id of an entry of `reviews.toml`, from its byline.
fn byline_id(review: &Review) -> String {
    let mut id = match &review.critic_slug {
        Some(slug) if !slug.is_empty() => slug.to_string(),
        _ if !review.byline => "unsigned".to_string(),
        _ => "staff".to_string(),
    };
    if let Some(publication) = &review.publication_slug
        && !publication.is_empty()
    {
        id.push_str("--");
        id.push_str(publication);
    }
    id
}

/// The id of a review in its own file, from the file's name (so that a tool that writes
/// one can choose a name whose id is free).
pub(crate) fn file_id(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let parts: Vec<String> = stem
        .split("--")
        .map(slugify)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        "review".to_string()
    } else {
        parts.join("--")
    }
}

/// The error for a review whose id another review of the film has already.
fn clash(review: &Review, other: &Review) -> Diagnostic {
    let fix = match (is_batch(&review.source), is_batch(&other.source)) {
        (true, true) => "a byline appears once in reviews.toml; move one of the two into a file of its own under reviews/ (its file name becomes its id)".to_string(),
        (true, false) => format!(
            "rename {} (a review file's name is its id), or move this entry into a file of its own with another name",
            other.source.display()
        ),
        (false, _) => "rename this review file (its file name is its id)".to_string(),
    };
    Diagnostic::error(
        Code::E022,
        &review.source,
        format!(
            "this review's anchor #review-{} is already the anchor of a review in {}",
            review.id,
            other.source.display()
        ),
    )
    .help(fix)
}

#[cfg(test)]
mod tests;
