//! Which review of a film a row is. A row is the review already in the film's folder that
//! says exactly the same; else the one with the export's id for it; else the one import
//! wrote for the same export identity (critic, publication, date and link, kept in the file
//! as `imported_as`, so that a person may correct the file); else the one with the same
//! critic, publication and date; else the one of the same publication and date with the
//! very text the export gave. Never by position among namesakes: an uncredited review added
//! to an export beside older ones is a new review, whatever order the export lists them in;
//! and where two reviews of the folder fit a row alike, or two rows one review, import
//! cannot tell which is which and changes nothing. Drafts and `reviews.toml` entries are
//! reviews like any other.

use std::path::{Path, PathBuf};

use super::key::ReviewKey;
use super::model::{Differing, Import, RowError};
use super::row::{Columns, ReviewFront, RowReview, review_file};
use crate::content::LoadOptions;
use crate::content::anchors::file_id;
use crate::content::model::{Grade, Review, review_file_stem};

/// The longest review file name made from a byline (before `-N.md`), in bytes.
const MAX_STEM: usize = 120;

/// Whether a review of the site is a row's, by one rule.
type Fits<'a> = dyn Fn(&Review, &RowReview) -> bool + 'a;

/// What a row is among the film's reviews.
enum Found {
    /// That review (`true`: it fits another row, or the row another review, alike).
    Review(usize, bool),
    /// One of these reviews, which other rows fit as well: which cannot be told.
    Held(Vec<usize>),
}

/// A review's keys: the one import wrote it for (or its fields'), and its fields' as a
/// person may since have corrected them.
fn keys(review: &Review) -> [ReviewKey; 2] {
    [ReviewKey::stored(review), ReviewKey::of(review)]
}

/// Whether `row` names `review`: its critic, publication and date each as the export named
/// them when import wrote the file or as the file has them now (a person's correction that
/// the export may since have made too), ids that do not differ, and the same link
/// (`link`) or links that do not differ.
fn fits_keys(review: &Review, row: &ReviewKey, link: bool) -> bool {
    let [stored, now] = keys(review);
    let either = |a: &str, b: &str, x: &str| x == a || x == b;
    let url_fits = |k: &ReviewKey| {
        if link {
            k.url == row.url
        } else {
            k.url.is_empty() || row.url.is_empty() || k.url == row.url
        }
    };
    either(&stored.critic, &now.critic, &row.critic)
        && either(&stored.publication, &now.publication, &row.publication)
        && either(&stored.date, &now.date, &row.date)
        && (url_fits(&stored) || url_fits(&now))
        && (if link {
            stored.id == row.id
        } else {
            !stored.other_ids(row)
        })
}

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
    let mut taken = vec![false; existing.len()];
    let mut found: Vec<Option<Found>> = (0..rows.len()).map(|_| None).collect();
    // Most certain first: the same review word for word, then by the export's id for it,
    // then by the key import wrote the file for (or the file's fields as they are now),
    // then by critic, publication and date.
    let passes: [&Fits<'_>; 5] = [
        &|e, r| {
            // The date is who the review is: a row without one says nothing of a dated
            // review's text, but is not that review.
            let key = r.key();
            same_review(e, r, at)
                && keys(e).iter().any(|k| k.date == key.date)
                && !ReviewKey::stored(e).other_ids(&key)
        },
        &|e, r| ReviewKey::stored(e).same_id(&r.key()),
        &|e, r| fits_keys(e, &r.key(), true),
        &|e, r| fits_keys(e, &r.key(), false),
        // The same publication and date, and the very text import wrote the file with:
        // the critic's name is what the export or a person corrected since.
        &|e, r| {
            let key = r.key();
            let text_as_before = !r.excerpt.trim().is_empty()
                && r.says_as_before(ReviewKey::stored_digest(e), "text");
            let links_agree =
                |k: &ReviewKey| k.url.is_empty() || key.url.is_empty() || k.url == key.url;
            text_as_before
                && keys(e).iter().any(|k| k.same_place(&key) && links_agree(k))
                && !ReviewKey::stored(e).other_ids(&key)
        },
    ];
    for (p, fits) in passes.iter().enumerate() {
        let open: Vec<usize> = (0..rows.len()).filter(|&r| found[r].is_none()).collect();
        let fit: Vec<(usize, Vec<usize>)> = open
            .iter()
            .map(|&r| {
                let files = (0..existing.len())
                    .filter(|&e| !taken[e] && fits(&existing[e], &rows[r]))
                    .collect();
                (r, files)
            })
            .collect();
        let mut rows_for = vec![0usize; existing.len()];
        for (_, files) in &fit {
            for &e in files {
                rows_for[e] += 1;
            }
        }
        for (r, files) in fit {
            // Which review a row is cannot be told when it fits two, or when another row
            // fits its review too (the first word-for-word pass aside: any copy is it).
            let ambiguous = p > 0 && (files.len() > 1 || files.iter().any(|&e| rows_for[e] > 1));
            match files.iter().copied().find(|&e| !taken[e]) {
                Some(e) => {
                    taken[e] = true;
                    found[r] = Some(Found::Review(e, ambiguous));
                }
                None if !files.is_empty() => found[r] = Some(Found::Held(files)),
                None => {}
            }
        }
    }
    let reviews_dir = Path::new("content/films").join(slug).join("reviews");
    for (row, found) in rows.into_iter().zip(found) {
        let key = row.key();
        let names = |files: &[usize]| -> String {
            let names: Vec<String> = files
                .iter()
                .map(|&e| existing[e].source.display().to_string())
                .collect();
            names.join(" and ")
        };
        match found {
            None => {
                let namesake = (0..existing.len()).find(|&e| {
                    !taken[e]
                        && keys(&existing[e]).iter().any(|k| {
                            k.same_byline(&key)
                                || k.same_place(&key)
                                || !k.url.is_empty() && k.url == key.url
                        })
                });
                if let Some(namesake) = namesake {
                    out.notes.push(RowError::new(
                        row.row,
                        &None,
                        format!(
                            "added beside {}, which has the same critic, publication or link \
                             but is another review to the export; if the export corrected \
                             that review, remove the older file",
                            existing[namesake].source.display()
                        ),
                    ));
                }
                let path = free_path(root, &reviews_dir, &row.review, &out, &existing);
                out.new.insert(path, row.text);
            }
            Some(Found::Held(files)) => out.skipped.push(RowError::new(
                row.row,
                &None,
                format!(
                    "the row fits {} as well as another row does (the same critic, \
                     publication and date): import cannot tell which of them is the review \
                     already in the site, so this row is not imported; give the export's \
                     review ids (--review-id-column), or add the review by hand",
                    names(&files)
                ),
            )),
            Some(Found::Review(e, ambiguous)) => {
                let there = &existing[e];
                if differences(there, &row, at).is_empty() {
                    // Said alike, or differing only where the export says what it said when
                    // import wrote the file: what differs is a person's.
                    out.unchanged += 1;
                } else if ambiguous {
                    let others: Vec<usize> = (0..existing.len())
                        .filter(|&o| o != e && fits_keys(&existing[o], &key, false))
                        .collect();
                    out.skipped.push(RowError::new(
                        row.row,
                        &None,
                        format!(
                            "the row fits {} alike (the same critic, publication and date), \
                             and says something else: import cannot tell which review it is, \
                             so none is changed and the row is not imported; give the \
                             export's review ids (--review-id-column), or edit by hand",
                            names(&[&[e][..], &others].concat())
                        ),
                    ));
                } else {
                    let differing = Differing {
                        row: row.row,
                        path: there.source.clone(),
                        fields: differences(there, &row, at),
                        batch: there
                            .source
                            .file_name()
                            .is_some_and(|n| n == "reviews.toml"),
                    };
                    if update && !differing.batch {
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
            }
        }
    }
    out
}

/// The rows, without those that repeat an earlier row of the same film (an export's
/// duplicated line is one review, whatever the case of its names), each noted.
fn without_repeats(rows: Vec<RowReview>, out: &mut Import) -> Vec<RowReview> {
    let mut kept: Vec<RowReview> = Vec::with_capacity(rows.len());
    for row in rows {
        // Alike as the site tells reviews apart: names by their slugs, grades by score.
        let alike = |k: &RowReview| {
            let (a, b) = (&k.review, &row.review);
            k.key() == row.key()
                && a.grade.score() == b.grade.score()
                && a.verdict == b.verdict
                && a.excerpt_html == b.excerpt_html
                && a.top_critic == b.top_critic
        };
        match kept.iter().find(|k| alike(k)) {
            Some(first) => out.notes.push(RowError::new(
                row.row,
                &None,
                format!("repeats row {}: one review, imported once", first.row),
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
    let as_imported = AsImported::of(there, row);
    let before = |field| row.says_as_before(ReviewKey::stored_digest(there), field);
    [
        (
            "critic",
            there.critic == r.critic || at.critic.is_none() || as_imported.critic,
        ),
        (
            "publication",
            there.publication == r.publication
                || at.publication.is_none()
                || as_imported.publication,
        ),
        (
            "date",
            there.date == r.date || !says(at.date, r.date.is_some()) || as_imported.date,
        ),
        (
            "grade",
            there.grade == r.grade || !says(at.score, graded) || before("grade"),
        ),
        (
            "verdict",
            there.verdict == r.verdict
                || !says(at.verdict, r.verdict.is_some())
                || before("verdict"),
        ),
        (
            "link",
            there.url == r.url
                || !says(at.url, r.url.is_some())
                || as_imported.url
                || before("link"),
        ),
        (
            "text",
            there.excerpt_html == r.excerpt_html
                || !says(at.excerpt, !row.excerpt.is_empty())
                || before("text"),
        ),
        (
            "top critic",
            there.top_critic == r.top_critic || at.top_critic.is_none() || before("top critic"),
        ),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(field, _)| field)
    .collect()
}

/// Which of a review's critic, publication, date and link the export still names as it did
/// when import wrote the file: what differs there is a person's correction, which stays.
struct AsImported {
    critic: bool,
    publication: bool,
    date: bool,
    url: bool,
}

impl AsImported {
    fn of(there: &Review, row: &RowReview) -> AsImported {
        let imported = there.imported_as.is_some();
        let (stored, now) = (ReviewKey::stored(there), row.key());
        AsImported {
            critic: imported && stored.critic == now.critic,
            publication: imported && stored.publication == now.publication,
            date: imported && stored.date == now.date,
            url: imported && stored.url == now.url,
        }
    }
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
    let as_imported = AsImported::of(there, row);
    if as_imported.critic {
        front.critic = there.critic.clone();
    }
    if as_imported.publication {
        front.publication = there.publication.clone();
    }
    if !says(at.date, r.date.is_some()) || as_imported.date {
        front.date = there.date.and_then(|d| d.to_string().parse().ok());
    }
    let before = |field| row.says_as_before(ReviewKey::stored_digest(there), field);
    if !says(at.score, r.grade != Grade::Ungraded) || before("grade") {
        (front.score, front.rating) = match &there.grade {
            Grade::Score(s) => (Some(*s), None),
            Grade::Rating { original, .. } => (None, Some(original.clone())),
            Grade::Ungraded => (None, None),
        };
        front.assigned = there.assigned.then_some(true);
    }
    if !says(at.verdict, r.verdict.is_some()) || before("verdict") {
        front.verdict = there.verdict.map(|b| b.as_str());
    }
    if !says(at.url, r.url.is_some()) || as_imported.url || before("link") {
        front.url = there.url.clone();
    }
    if at.top_critic.is_none() || before("top critic") {
        front.top_critic = there.top_critic.then_some(true);
    }
    front.byline = (!there.byline).then_some(false);
    front.draft = there.draft.then_some(true);
    let excerpt = if says(at.excerpt, !row.excerpt.is_empty()) && !before("text") {
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
/// used, and whose id no review of the film has: its byline (`critic--publication.md`),
/// then `-2`, `-3`...
fn free_path(
    root: &Path,
    dir: &Path,
    review: &Review,
    planned: &Import,
    existing: &[Review],
) -> PathBuf {
    let mut stem = review_file_stem(
        review.critic.as_deref().unwrap_or_default(),
        review.publication.as_deref().unwrap_or_default(),
    );
    super::films::cut_at_word(&mut stem, MAX_STEM);
    let mut path = dir.join(format!("{stem}.md"));
    let mut n = 2;
    let taken = |path: &Path| {
        planned.new.contains_key(path)
            || std::fs::symlink_metadata(root.join(path)).is_ok()
            || existing.iter().any(|r| r.id == file_id(path))
            || planned
                .new
                .keys()
                .any(|p| p.parent() == path.parent() && file_id(p) == file_id(path))
    };
    while taken(&path) {
        path = dir.join(format!("{stem}-{n}.md"));
        n += 1;
    }
    path
}
