//! Rating normalisation must never panic and always land in 0-100.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|rating: &str| {
    if let Ok(score) = marquee::score::normalise_rating(rating) {
        assert!(score <= 100, "{rating:?} gave {score}");
    }
});
