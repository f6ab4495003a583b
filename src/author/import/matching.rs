//! Which review of a film a row is. A row is the review already in the film's folder that
//! says exactly the same, else the one with the same identity: critic, publication and
//! date, and the link when both have one (a link alone names a review whose date changed).
//! Never by position among namesakes: an uncredited review added to an export beside older
//! ones is a new review, whatever order the export lists them in. Drafts and `reviews.toml`
//! entries are reviews like any other.

use std::path::{Path, PathBuf};

use super::model::{Import, RowError};
use super::row::{Columns, ReviewFront, RowReview, review_file};
use crate::content::LoadOptions;
use crate::content::model::{Grade, Review, review_file_stem};

/// Whether a review of the site is a row's, by one rule.
type Same<'a> = dyn Fn(&Review, &RowReview) -> bool + 'a;

/// The longest review file name made from a byline (before `-N.md`), in bytes.
const MAX_STEM: usize = 120;

/// What one film's rows come to: an [`Import`] holding only that film's files and rows.
pub(super) fn match_film(
    root: &Path,
    slug: &str,
    existing_film: bool,
    rows: Vec<RowReview>,
    update: bool,
    at: &Columns,
) -> Import {
    let mut out = Import::default();
    let existing = if existing_film {
        match existing_reviews(root, slug) {
            Ok(reviews) => reviews,
            Err(problem) => {
                out.skipped = rows
                    .iter()
                    .map(|r| RowError {
                        row: r.row,
                        column: None,
                        message: problem.clone(),
                    })
                    .collect();
                return out;
            }
        }
    } else {
        Vec::new()
    };
    let mut taken: Vec<bool> = vec![false; existing.len()];
    let mut matched: Vec<Option<usize>> = vec![None; rows.len()];
    // Most certain first: the same review word for word, then by link, then by identity.
    let passes: [&Same<'_>; 3] = [
        &|e, r| same_review(e, &r.review, at),
        &|e, r| same_byline(e, &r.review) && e.url.is_some() && e.url == r.review.url,
        &|e, r| {
            same_byline(e, &r.review)
                && e.date == r.review.date
                && (e.url.is_none() || r.review.url.is_none() || e.url == r.review.url)
        },
    ];
    for pass in passes {
        for (r, row) in rows.iter().enumerate() {
            if matched[r].is_some() {
                continue;
            }
            if let Some(e) = (0..existing.len()).find(|&e| !taken[e] && pass(&existing[e], row)) {
                taken[e] = true;
                matched[r] = Some(e);
            }
        }
    }
    let reviews_dir = Path::new("content/films").join(slug).join("reviews");
    for (row, found) in rows.into_iter().zip(matched) {
        match found {
            Some(e) => {
                let there = &existing[e];
                if same_review(there, &row.review, at) {
                    out.unchanged += 1;
                } else if there
                    .source
                    .file_name()
                    .is_some_and(|n| n == "reviews.toml")
                {
                    if update {
                        out.notes.push(RowError {
                            row: row.row,
                            column: None,
                            message: format!(
                                "the review is in {}, which import does not rewrite: it is \
                                 left alone; edit it there",
                                there.source.display()
                            ),
                        });
                    }
                    out.differing.push((row.row, there.source.clone()));
                } else if update {
                    match updated(root, there, &row, at) {
                        Ok(text) => {
                            out.updates.insert(there.source.clone(), text);
                        }
                        Err(mut problems) => out.skipped.append(&mut problems),
                    }
                } else {
                    out.differing.push((row.row, there.source.clone()));
                }
            }
            None => {
                if let Some(namesake) = (0..existing.len())
                    .find(|&e| !taken[e] && same_byline(&existing[e], &row.review))
                {
                    out.notes.push(RowError {
                        row: row.row,
                        column: None,
                        message: format!(
                            "added beside {}, which has the same byline but another date or \
                             link; if the export corrected that review, remove the older file",
                            existing[namesake].source.display()
                        ),
                    });
                }
                let path = free_path(root, &reviews_dir, &row.review, &out);
                out.new.insert(path, row.text);
            }
        }
    }
    out
}

/// Every review in the film's folder, drafts included; an error when any of the folder's
/// files has one, since a review import cannot read could be any row's.
fn existing_reviews(root: &Path, slug: &str) -> Result<Vec<Review>, String> {
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let (film, problems) = crate::content::load_film(root, slug, options);
    let errors: Vec<String> = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d
                .location
                .as_ref()
                .map(|l| format!(":{}:{}", l.line, l.column))
                .unwrap_or_default();
            format!("{}{at}: {}", d.path.display(), d.message)
        })
        .collect();
    match film {
        Some(film) if errors.is_empty() => Ok(film.reviews),
        _ => Err(format!(
            "content/films/{slug} has errors, so import cannot tell which reviews it already \
             holds ({}); fix them (`marquee check` shows each) and import again",
            if errors.is_empty() {
                "its index.md cannot be read".to_string()
            } else {
                errors.join("; ")
            }
        )),
    }
}

/// Same critic and publication (by their slugs, as the site tells critics apart).
fn same_byline(a: &Review, b: &Review) -> bool {
    a.critic_slug == b.critic_slug && a.publication_slug == b.publication_slug
}

/// Whether the review in the site says what the row says, in every field the export has.
/// A score the editors assigned to a review the export leaves ungraded is theirs, not a
/// difference.
fn same_review(there: &Review, row: &Review, at: &Columns) -> bool {
    let grade = there.grade == row.grade
        || there.assigned && row.grade == Grade::Ungraded
        || at.score.is_none();
    same_byline(there, row)
        && (there.critic == row.critic || at.critic.is_none())
        && (there.publication == row.publication || at.publication.is_none())
        && (there.date == row.date || at.date.is_none())
        && grade
        && (there.verdict == row.verdict || at.verdict.is_none())
        && (there.url == row.url || at.url.is_none())
        && (there.excerpt_html == row.excerpt_html || at.excerpt.is_none())
        && (there.top_critic == row.top_critic || at.top_critic.is_none())
}

/// The text that replaces `there` with the row: the row's fields, and of the file's own,
/// every field the export has no column for and what a person added (`draft`, `byline`, a
/// score the editors assigned).
fn updated(
    root: &Path,
    there: &Review,
    row: &RowReview,
    at: &Columns,
) -> Result<String, Vec<RowError>> {
    let mut front: ReviewFront = row.front.clone();
    let keep = |column: Option<usize>| column.is_none();
    if keep(at.date) {
        front.date = there.date.and_then(|d| d.to_string().parse().ok());
    }
    let keep_grade = keep(at.score) || there.assigned && row.review.grade == Grade::Ungraded;
    if keep_grade {
        (front.score, front.rating) = match &there.grade {
            Grade::Score(s) => (Some(*s), None),
            Grade::Rating { original, .. } => (None, Some(original.clone())),
            Grade::Ungraded => (None, None),
        };
        front.assigned = there.assigned.then_some(true);
    }
    if keep(at.verdict) {
        front.verdict = there.verdict.map(|b| b.as_str());
    }
    if keep(at.url) {
        front.url = there.url.clone();
    }
    if keep(at.top_critic) {
        front.top_critic = there.top_critic.then_some(true);
    }
    front.byline = (!there.byline).then_some(false);
    front.draft = there.draft.then_some(true);
    let excerpt = if keep(at.excerpt) {
        let text = std::fs::read_to_string(root.join(&there.source)).unwrap_or_default();
        crate::content::frontmatter::split(&text)
            .map(|s| s.body.to_string())
            .unwrap_or_default()
    } else {
        row.excerpt.clone()
    };
    review_file(&front, &excerpt, row.row, at).map(|(text, _)| text)
}

/// A review file name for `review` in `dir` that neither the site nor this import has
/// used: its byline (`critic--publication.md`), then `-2`, `-3`...
fn free_path(root: &Path, dir: &Path, review: &Review, planned: &Import) -> PathBuf {
    let mut stem = review_file_stem(
        review.critic.as_deref().unwrap_or_default(),
        review.publication.as_deref().unwrap_or_default(),
    );
    if stem.len() > MAX_STEM {
        let cut = stem[..=MAX_STEM].rfind('-').unwrap_or(MAX_STEM);
        stem.truncate(cut);
        stem.truncate(stem.trim_end_matches('-').len());
    }
    let mut path = dir.join(format!("{stem}.md"));
    let mut n = 2;
    while planned.new.contains_key(&path) || std::fs::symlink_metadata(root.join(&path)).is_ok() {
        path = dir.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    path
}
