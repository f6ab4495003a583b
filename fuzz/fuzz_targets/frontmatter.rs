//! The front-matter splitter must never panic, and what it returns must be slices of its input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(split) = marquee::content::frontmatter::split(text) {
        assert!(split.front_matter_offset <= text.len());
        assert!(text[split.front_matter_offset..].starts_with(split.front_matter));
        assert!(text.ends_with(split.body));
    }
});
