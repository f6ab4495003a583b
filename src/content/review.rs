//! Review files: one review per Markdown file, or many in a `reviews.toml`.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::frontmatter;
use super::model::{Grade, PLACEHOLDER_EXCERPT, Review, Slug};
use super::source::{Parsed, Source, encode_url, non_empty, to_date};
use crate::diagnostic::{Code, Diagnostic};
use crate::score::{self, Band};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFront {
    critic: Option<Spanned<String>>,
    publication: Option<Spanned<String>>,
    date: Option<Spanned<Datetime>>,
    url: Option<Spanned<String>>,
    score: Option<Spanned<i64>>,
    rating: Option<Spanned<String>>,
    assigned: Option<Spanned<bool>>,
    byline: Option<Spanned<bool>>,
    verdict: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    top_critic: bool,
    language: Option<Spanned<String>>,
    imported_as: Option<String>,
    /// Only in `reviews.toml`, where there is no Markdown body.
    excerpt: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBatch {
    #[serde(default)]
    review: Vec<ReviewFront>,
}

pub(super) fn parse_review(src: &mut Source<'_>, split: &frontmatter::Split<'_>) -> Option<Review> {
    let off = split.front_matter_offset;
    let front = src.toml::<ReviewFront>(split.front_matter, off)?;
    if let Some(e) = &front.excerpt {
        src.error(Code::E003, Some(off + e.span().start..off + e.span().end), "`excerpt` belongs in reviews.toml; in a review file the excerpt is the text after the front matter", "move the text below the closing `+++`");
        return None;
    }
    src.placeholder(split.body, PLACEHOLDER_EXCERPT, "the excerpt is still the placeholder `marquee new review` wrote", "replace it with the quote from the review, or delete the line to publish the review without one");
    review_from(src, front, split.body, off)
}

pub(super) fn parse_review_batch(src: &mut Source<'_>) -> Parsed {
    let text = src.text;
    let Some(batch) = src.toml::<ReviewBatch>(text, 0) else {
        return Parsed::Nothing;
    };
    let mut reviews = Vec::new();
    for mut front in batch.review {
        let excerpt = front
            .excerpt
            .take()
            .map(Spanned::into_inner)
            .unwrap_or_default();
        if let Some(review) = review_from(src, front, &excerpt, 0) {
            reviews.push(review);
        }
    }
    Parsed::Reviews(reviews)
}

/// Validates one review's fields; `off` is where its TOML starts in the file.
fn review_from(
    src: &mut Source<'_>,
    front: ReviewFront,
    excerpt: &str,
    off: usize,
) -> Option<Review> {
    let before = src.problems.iter().filter(|d| d.is_error()).count();
    let span = |r: Range<usize>| Some(off + r.start..off + r.end);
    let critic = non_empty(src, front.critic, off, "critic");
    let publication = non_empty(src, front.publication, off, "publication");
    let date = front.date.and_then(|d| {
        let sp = d.span();
        let date = to_date(src, d, off)?;
        if let Some(today) = src.options.today
            && date > today
        {
            src.warning(
                Code::W003,
                span(sp),
                format!("this review is dated {date}, in the future"),
                "check the year; the review is built as written",
            );
        }
        Some(date)
    });
    let url = front.url.and_then(|u| {
        let lower = u.get_ref().trim().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            Some(encode_url(u.get_ref().trim()))
        } else {
            src.error(
                Code::E012,
                span(u.span()),
                "`url` must be an http or https address",
                "write the full address of the review, e.g. \"https://example.com/review\"",
            );
            None
        }
    });
    let grade = match (front.score, front.rating) {
        (Some(s), Some(r)) => {
            src.error(
                Code::E013,
                span(r.span()),
                "a review has either `score` or `rating`, not both",
                format!(
                    "keep `score = {}` or `rating = {:?}`",
                    s.get_ref(),
                    r.get_ref()
                ),
            );
            Grade::Ungraded
        }
        (Some(s), None) => match u8::try_from(*s.get_ref()) {
            Ok(v @ 0..=100) => Grade::Score(v),
            _ => {
                src.error(Code::E010, span(s.span()), format!("score {} is out of range", s.get_ref()), "scores are whole numbers from 0 to 100; for a grade in another scale use `rating`, e.g. rating = \"3.5/4\"");
                Grade::Ungraded
            }
        },
        (None, Some(r)) => match score::normalise_rating(r.get_ref()) {
            Ok(score) => {
                if let Some(scale) = score::unusual_scale(r.get_ref()) {
                    src.problems.push(
                        Diagnostic::note(Code::I002, &src.rel, format!("this rating is out of {scale}, an unusual scale"))
                            .at_opt(src.text, span(r.span()))
                            .help("most critics grade out of 4, 5, 10 or 100; if this one does not, check the rating was not mistyped"),
                    );
                }
                Grade::Rating {
                    original: r.get_ref().trim().to_string(),
                    score,
                }
            }
            Err(e) => {
                src.error(Code::E014, span(r.span()), e.to_string(), "fractions are out of a whole number from 2 to 100 (\"3.5/4\", \"8/10\", \"14/20\"); letters run from A+ to F");
                Grade::Ungraded
            }
        },
        (None, None) => Grade::Ungraded,
    };
    let assigned = front.assigned.is_some_and(|a| {
        if *a.get_ref() && !matches!(grade, Grade::Score(_)) {
            src.error(Code::E015, span(a.span()), "`assigned = true` needs a `score`", "`assigned` marks a score the editors gave an ungraded review: add `score = N`, or remove `assigned`");
        }
        *a.get_ref()
    });
    // `byline = false`: the source gives no byline at all, not even "staff".
    let byline = front.byline.is_none_or(|b| {
        if !*b.get_ref() && critic.is_some() {
            src.error(Code::E026, span(b.span()), "`byline = false` but the review names its critic", "`byline = false` is for a review whose source gives no byline at all; remove it, or remove `critic`");
        }
        *b.get_ref()
    });
    let verdict = front.verdict.and_then(|v| {
        let sp = span(v.span());
        let verdict = match v.get_ref().trim().to_ascii_lowercase().as_str() {
            "positive" | "fresh" => Band::Positive,
            "mixed" => Band::Mixed,
            "negative" | "rotten" => Band::Negative,
            other => {
                src.error(Code::E021, sp, format!("`{other}` is not a verdict"), "a verdict is \"positive\", \"mixed\" or \"negative\" (\"fresh\" and \"rotten\" also work)");
                return None;
            }
        };
        if let Some(score) = grade.score() {
            let band = src.options.scores.band(score);
            if band != verdict {
                src.problems.push(
                    Diagnostic::note(Code::I001, &src.rel, format!("the verdict is {} but the score {score} is {}", verdict.as_str(), band.as_str()))
                        .at_opt(src.text, sp)
                        .help("the critic's verdict decides the review's band; this is only a note"),
                );
            }
        }
        Some(verdict)
    });
    // A review in another language than the site's, as a BCP 47 tag ("en", "pt-BR").
    let language = front.language.and_then(|l| {
        let tag = l.get_ref().trim();
        if is_language_tag(tag) {
            Some(tag.to_string())
        } else {
            src.error(
                Code::E035,
                span(l.span()),
                format!("`{tag}` is not a language tag"),
                "write the language as a BCP 47 tag, e.g. language = \"en\", \"fr\" or \"pt-BR\"",
            );
            None
        }
    });
    if src.problems.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(Review {
        verdict,
        language,
        critic_slug: critic.as_deref().map(Slug::of),
        publication_slug: publication.as_deref().map(Slug::of),
        critic,
        publication,
        date,
        url,
        grade,
        assigned,
        byline,
        excerpt_html: src.markdown(excerpt),
        source: src.rel.clone(),
        id: String::new(),
        draft: front.draft,
        top_critic: front.top_critic,
        imported_as: front.imported_as,
    })
}

use crate::i18n::is_language_tag;

#[cfg(test)]
mod language_tests {
    use super::is_language_tag;

    #[test]
    fn language_tags_are_letters_then_subtags() {
        for good in ["en", "fr", "pt-BR", "zh-Hant-TW", "ast", "es-419"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_US",
            "en-",
            "fr--CA",
            "<b>",
            "en-toolongsubtag",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
