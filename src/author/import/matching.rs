//! Which review of a film a row is. A row is the review already in the film's folder that
//! says exactly the same; else the one import wrote for the same export identity (critic,
//! publication, date and link, kept in the file as `imported_as`, so that a person may
//! correct the file); else the one with the same link; else the one with the same critic,
//! publication and date. Never by position among namesakes: an uncredited review added to
//! an export beside older ones is a new review, whatever order the export lists them in;
//! and where two reviews of the folder fit a row equally, import cannot tell which it is and
//! changes neither. Drafts and `reviews.toml` entries are reviews like any other.

use std::path::{Path, PathBuf};

use super::key::ReviewKey;
use super::model::{Differing, Import, RowError};
use super::row::{Columns, ReviewFront, RowReview, review_file};
use crate::content::LoadOptions;
use crate::content::model::{Grade, Review, review_file_stem};

/// The longest review file name made from a byline (before `-N.md`), in bytes.
const MAX_STEM: usize = 120;

/// Whether a review of the site is a row's, by one rule.
type Fits<'a> = dyn Fn(&Review, &RowReview) -> bool + 'a;

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
                    .map(|r| RowError::new(r.row, &None, problem.clone()))
                    .collect();
                return out;
            }
        }
    } else {
        Vec::new()
    };
    let rows = without_repeats(rows, &mut out);
    let keys: Vec<ReviewKey> = existing.iter().map(ReviewKey::stored).collect();
    let row_keys: Vec<ReviewKey> = rows.iter().map(RowReview::key).collect();
    let mut taken = vec![false; existing.len()];
    let mut matched: Vec<Option<(usize, bool)>> = vec![None; rows.len()];
    // Most certain first: the same review word for word, then by the export's id for it,
    // then what import wrote for this identity, then by link, then by critic, publication
    // and date.
    let passes: [&Fits<'_>; 5] = [
        &|e, r| {
            // The date is who the review is: a row without one says nothing of a dated
            // review's text, but is not that review.
            let (key, stored) = (r.key(), ReviewKey::stored(e));
            same_review(e, r, at)
                && (stored.date == key.date || ReviewKey::of(e).date == key.date)
                && !stored.other_ids(&key)
        },
        &|e, r| ReviewKey::stored(e).same_id(&r.key()),
        &|e, r| ReviewKey::stored(e) == r.key(),
        &|e, r| ReviewKey::stored(e).same_link(&r.key()),
        &|e, r| ReviewKey::stored(e).same_but_link(&r.key()),
    ];
    for (p, fits) in passes.iter().enumerate() {
        // How many reviews each row fits as this pass starts: more than one, and which it
        // is cannot be told.
        let choices: Vec<usize> = rows
            .iter()
            .map(|row| {
                (0..existing.len())
                    .filter(|&e| !taken[e] && fits(&existing[e], row))
                    .count()
            })
            .collect();
        for (r, row) in rows.iter().enumerate() {
            if matched[r].is_some() {
                continue;
            }
            if let Some(e) = (0..existing.len()).find(|&e| !taken[e] && fits(&existing[e], row)) {
                taken[e] = true;
                matched[r] = Some((e, p > 0 && choices[r] > 1));
            }
        }
    }
    let reviews_dir = Path::new("content/films").join(slug).join("reviews");
    for ((row, found), key) in rows.into_iter().zip(matched).zip(row_keys) {
        let Some((e, ambiguous)) = found else {
            let namesake = (0..existing.len())
                .find(|&e| !taken[e] && (keys[e].same_byline(&key) || keys[e].same_place(&key)));
            if let Some(namesake) = namesake {
                out.notes.push(RowError::new(
                    row.row,
                    &None,
                    format!(
                        "added beside {}, which has the same critic or publication but another \
                         date or link; if the export corrected that review, remove the older file",
                        existing[namesake].source.display()
                    ),
                ));
            }
            let path = free_path(root, &reviews_dir, &row.review, &out);
            out.new.insert(path, row.text);
            continue;
        };
        let there = &existing[e];
        if same_review(there, &row, at) {
            out.unchanged += 1;
            continue;
        }
        let differing = Differing {
            row: row.row,
            path: there.source.clone(),
            fields: differences(there, &row, at),
            batch: there
                .source
                .file_name()
                .is_some_and(|n| n == "reviews.toml"),
        };
        if ambiguous {
            let others: Vec<String> = (0..existing.len())
                .filter(|&o| o != e && keys[o] == keys[e])
                .map(|o| existing[o].source.display().to_string())
                .collect();
            out.notes.push(RowError::new(
                row.row,
                &None,
                format!(
                    "the row fits {} and {} alike (the same critic, publication and date): \
                     import cannot tell which review it is, so neither is changed",
                    there.source.display(),
                    others.join(", ")
                ),
            ));
            out.differing.push(differing);
        } else if update && !differing.batch {
            match updated(root, there, &row, at) {
                Ok(text) => {
                    out.updates.insert(there.source.clone(), text);
                }
                Err(mut problems) => out.skipped.append(&mut problems),
            }
        } else {
            out.differing.push(differing);
        }
    }
    out
}

/// The rows, without those that repeat an earlier row of the same film word for word (an
/// export's duplicated line is one review), each noted.
fn without_repeats(rows: Vec<RowReview>, out: &mut Import) -> Vec<RowReview> {
    let mut kept: Vec<RowReview> = Vec::with_capacity(rows.len());
    for row in rows {
        match kept.iter().find(|k| k.text == row.text) {
            Some(first) => out.notes.push(RowError::new(
                row.row,
                &None,
                format!(
                    "repeats row {} word for word: one review, imported once",
                    first.row
                ),
            )),
            None => kept.push(row),
        }
    }
    kept
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

/// Whether the export has something to say of a field: it has the column, and the row's
/// cell is not empty (an empty cell keeps what the site has).
fn says(column: Option<usize>, cell_given: bool) -> bool {
    column.is_some() && cell_given
}

/// The fields in which the review in the site and the row differ, of those the row has
/// something to say of (a score the editors assigned to a review the export leaves
/// ungraded is theirs, not a difference).
fn differences(there: &Review, row: &RowReview, at: &Columns) -> Vec<&'static str> {
    let r = &row.review;
    let graded = r.grade != Grade::Ungraded;
    [
        ("critic", there.critic == r.critic || at.critic.is_none()),
        (
            "publication",
            there.publication == r.publication || at.publication.is_none(),
        ),
        (
            "date",
            there.date == r.date || !says(at.date, r.date.is_some()),
        ),
        ("grade", there.grade == r.grade || !says(at.score, graded)),
        (
            "verdict",
            there.verdict == r.verdict || !says(at.verdict, r.verdict.is_some()),
        ),
        ("link", there.url == r.url || !says(at.url, r.url.is_some())),
        (
            "text",
            there.excerpt_html == r.excerpt_html || !says(at.excerpt, !row.excerpt.is_empty()),
        ),
        (
            "top critic",
            there.top_critic == r.top_critic || at.top_critic.is_none(),
        ),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(field, _)| field)
    .collect()
}

/// Whether the review in the site says what the row says, in every field the row has
/// something to say of.
fn same_review(there: &Review, row: &RowReview, at: &Columns) -> bool {
    ReviewKey::of(there).same_byline(&ReviewKey::of(&row.review))
        && differences(there, row, at).is_empty()
}

/// The text that replaces `there` with the row: the row's fields, and of the file's own,
/// every field the row says nothing of (no column, or an empty cell) and what a person
/// added (`draft`, `byline`, a score the editors assigned).
fn updated(
    root: &Path,
    there: &Review,
    row: &RowReview,
    at: &Columns,
) -> Result<String, Vec<RowError>> {
    let mut front: ReviewFront = row.front.clone();
    let r = &row.review;
    if !says(at.date, r.date.is_some()) {
        front.date = there.date.and_then(|d| d.to_string().parse().ok());
    }
    if !says(at.score, r.grade != Grade::Ungraded) {
        (front.score, front.rating) = match &there.grade {
            Grade::Score(s) => (Some(*s), None),
            Grade::Rating { original, .. } => (None, Some(original.clone())),
            Grade::Ungraded => (None, None),
        };
        front.assigned = there.assigned.then_some(true);
    }
    if !says(at.verdict, r.verdict.is_some()) {
        front.verdict = there.verdict.map(|b| b.as_str());
    }
    if !says(at.url, r.url.is_some()) {
        front.url = there.url.clone();
    }
    if at.top_critic.is_none() {
        front.top_critic = there.top_critic.then_some(true);
    }
    front.byline = (!there.byline).then_some(false);
    front.draft = there.draft.then_some(true);
    let excerpt = if says(at.excerpt, !row.excerpt.is_empty()) {
        row.excerpt.clone()
    } else {
        let text = std::fs::read_to_string(root.join(&there.source)).unwrap_or_default();
        crate::content::frontmatter::split(&text)
            .map(|s| s.body.to_string())
            .unwrap_or_default()
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
