//! What identifies a review within its film, as an export names it: the slugs of its critic
//! and publication, its date, the export's own id for it when it has one, and its link. Import keeps the key it wrote a review for in the
//! review's file (`imported_as`), so that the review is found again after a person corrects
//! its critic's spelling, its date or its link.

use crate::content::model::Review;

/// A review's identity within its film; empty strings stand for fields it has not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReviewKey {
    pub(super) critic: String,
    pub(super) publication: String,
    pub(super) date: String,
    /// The export's id of the review (`--review-id-column`).
    pub(super) id: String,
    pub(super) url: String,
}

impl ReviewKey {
    /// The key of `review` as its fields are now.
    pub(super) fn of(review: &Review) -> ReviewKey {
        ReviewKey {
            critic: review
                .critic_slug
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            publication: review
                .publication_slug
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            date: review.date.map(|d| d.to_string()).unwrap_or_default(),
            id: String::new(),
            url: review.url.clone().unwrap_or_default(),
        }
    }

    /// The key of a review the export names `id` (empty: the export gives no id).
    pub(super) fn with_id(self, id: Option<&str>) -> ReviewKey {
        ReviewKey {
            id: id.unwrap_or_default().to_string(),
            ..self
        }
    }

    /// The key import wrote `review` for, when its file says (`imported_as`); else its key
    /// as its fields are now.
    pub(super) fn stored(review: &Review) -> ReviewKey {
        review
            .imported_as
            .as_deref()
            .map(|text| text.split_once(':').map_or(text, |(_, key)| key))
            .and_then(ReviewKey::parse)
            .unwrap_or_else(|| ReviewKey::of(review))
    }

    /// The digest of what the export said of `review` when import last wrote it, when its
    /// file says.
    pub(super) fn stored_digest(review: &Review) -> Option<&str> {
        let (digest, _) = review.imported_as.as_deref()?.split_once(':')?;
        Some(digest)
    }

    /// Reads a key as [`ReviewKey::to_text`] writes it.
    fn parse(text: &str) -> Option<ReviewKey> {
        let mut parts = text.splitn(5, '/');
        Some(ReviewKey {
            critic: parts.next()?.to_string(),
            publication: parts.next()?.to_string(),
            date: parts.next()?.to_string(),
            id: parts.next()?.replace("%2F", "/").replace("%25", "%"),
            url: parts.next()?.to_string(),
        })
    }

    /// The key as a file keeps it, after the digest of what the export said of the review:
    /// `digest:critic/publication/date/id/link` (slugs and dates hold no `/` or `:`, the
    /// id's `/` are escaped, and the link, last, may hold any).
    pub(super) fn to_text(&self, digest: &str) -> String {
        format!(
            "{digest}:{}/{}/{}/{}/{}",
            self.critic,
            self.publication,
            self.date,
            self.id.replace('%', "%25").replace('/', "%2F"),
            self.url
        )
    }

    /// Both have the export's id for the review, and it is the same.
    pub(super) fn same_id(&self, other: &ReviewKey) -> bool {
        !self.id.is_empty() && self.id == other.id
    }

    /// Ids that say these are two reviews: both have one, and they differ.
    pub(super) fn other_ids(&self, other: &ReviewKey) -> bool {
        !self.id.is_empty() && !other.id.is_empty() && self.id != other.id
    }

    /// The same critic and publication.
    pub(super) fn same_byline(&self, other: &ReviewKey) -> bool {
        self.critic == other.critic && self.publication == other.publication
    }

    /// The same publication and date, whoever the critic (an export that credits a review
    /// it listed as uncredited).
    pub(super) fn same_place(&self, other: &ReviewKey) -> bool {
        !self.publication.is_empty()
            && self.publication == other.publication
            && self.date == other.date
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_as_written_whatever_its_link_holds() {
        let key = ReviewKey {
            critic: "ann-apple".into(),
            publication: String::new(),
            date: "2020-01-02".into(),
            id: "m/the_lamp/100%".into(),
            url: "https://example.org/a/b?c=d/e".into(),
        };
        let text = key.to_text("0123abcd");
        assert_eq!(ReviewKey::parse(text.split_once(':').unwrap().1), Some(key));
    }
}
