//! A whole review file through the real loader: any bytes must give either a review or
//! diagnostics that point inside the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for batch in [false, true] {
        let (reviews, diagnostics) = marquee::content::parse_review_bytes(bytes, batch);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        if !batch {
            assert!(
                reviews.len() + errors.min(1) == 1,
                "a review file gives a review or an error"
            );
        }
        for d in &diagnostics {
            if let Some(location) = &d.location {
                assert!(location.line >= 1 && location.column >= 1);
                assert!(location.line <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
            }
        }
        for review in &reviews {
            assert!(review.grade.score().is_none_or(|s| s <= 100));
        }
    }
});
