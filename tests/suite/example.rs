//! The example site's *Pusher* page shows what its source, a Metacritic page kept in
//! `tests/fixtures/reference/`, shows: the verdict, the distribution, and every review card
//! in the same order with the same byline, date and excerpt, byte for byte.

use crate::common::*;
use std::fs;
use std::path::Path;

/// One review card of the reference: byline ("Reviewed by: ..." text, if any), date, excerpt.
struct Card {
    byline: Option<String>,
    date: Option<String>,
    excerpt: String,
}

fn reference_cards() -> Vec<Card> {
    let text = fs::read_to_string(fixture("reference/metacritic-pusher-1996.txt")).unwrap();
    let reviews = text.split("Critic Reviews").nth(1).unwrap();
    let mut cards = Vec::new();
    let mut lines = reviews
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    while let Some(first) = lines.next() {
        let (_, rest) = first.split_once(". ").unwrap();
        if let Some(by) = rest.strip_prefix("Reviewed by:") {
            let date = lines.next().unwrap().to_string();
            let excerpt = lines.next().unwrap().to_string();
            cards.push(Card {
                // The capture has a stray double space in one byline; trimmed here.
                byline: Some(by.trim().to_string()),
                date: Some(date),
                excerpt,
            });
        } else {
            assert_eq!(rest, "80", "the one card without a byline shows its score");
            cards.push(Card {
                byline: None,
                date: None,
                excerpt: lines.next().unwrap().to_string(),
            });
        }
    }
    cards
}

/// `html` with the entities a template or Markdown writes turned back into characters.
fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_pusher_page_shows_what_its_reference_shows() {
    let cards = reference_cards();
    assert_eq!(cards.len(), 11);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/pusher-1996/index.html")).unwrap();
    for shown in [
        "Generally favorable reviews - based on 11 Critics",
        "Positive: 9 out of 11",
        "Mixed: 2 out of 11",
        "Negative: 0 out of 11",
    ] {
        assert!(page.contains(shown), "the page lacks {shown:?}");
    }
    let rendered: Vec<String> = page
        .split("<li class=\"review\"")
        .skip(1)
        .map(|card| unescape(&card[..card.find("</li>").unwrap()]))
        .collect();
    assert_eq!(rendered.len(), 11, "eleven cards");
    for (n, (card, html)) in cards.iter().zip(&rendered).enumerate() {
        let n = n + 1;
        assert!(
            html.contains(&format!("<p>{}</p>", card.excerpt)),
            "card {n}: the excerpt differs from the reference:\n{html}"
        );
        match &card.byline {
            Some(by) if by == "Staff [Not Credited]" => {
                assert!(
                    html.contains("Reviewed by:</span> Staff [Not Credited]"),
                    "card {n}"
                )
            }
            Some(by) => assert!(html.contains(&format!(">{by}</a>")), "card {n}: {by}"),
            None => assert!(!html.contains("Reviewed by"), "card {n} has no byline"),
        }
        match &card.date {
            Some(date) => assert!(html.contains(&format!(">{date}</time>")), "card {n}"),
            None => assert!(!html.contains("<time"), "card {n} has no date"),
        }
        if n == 2 {
            assert!(html.contains(">80</span>") && !html.contains("assigned by the editors"));
        } else {
            assert!(html.contains("Score assigned by the editors"), "card {n}");
        }
    }
}
