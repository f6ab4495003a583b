//! Poster bytes of any kind must never panic, hang or take more memory than the decoder's
//! limits allow: the first look at the header, then the decoding a build does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // Only the name whose format the first bytes are gets past the first check.
    // AVIF is not decoded: its size comes from its header, and is checked the same way.
    for name in [
        "poster.png",
        "poster.jpg",
        "poster.gif",
        "poster.webp",
        "poster.avif",
    ] {
        if let Ok(poster) = marquee::posters::inspect_bytes(bytes, name)
            && let Some((width, height)) = poster.size
        {
            assert!(u64::from(width) * u64::from(height) <= marquee::posters::MAX_PIXELS);
            if !name.ends_with(".avif") {
                let _ = marquee::posters::decode(bytes, &poster);
            }
        }
    }
});
