//! The files made of a poster, with their names and sizes, known without decoding it.

use super::{Poster, WIDTHS};
use crate::routes;

/// One file made of a poster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Its path in the output.
    pub file: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// Every file made of a poster: WebP at each width, and one copy for browsers without WebP
/// (the poster itself for AVIF, which is published as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variants {
    /// The WebP files, narrowest first (none for AVIF).
    pub webp: Vec<Variant>,
    /// The copy every browser shows, at the largest width; also the preview image for links
    /// shared on social sites.
    pub fallback: Variant,
}

/// True for a poster published as it is, not resized (AVIF, which nothing here decodes):
/// named like every other file made of a poster, after its hash, at its own size.
pub(super) fn is_published_as_it_is(poster: &Poster) -> bool {
    poster.format == "avif"
}

/// The format of the copy for browsers without WebP (and for link previews): PNG for what
/// has transparency, which JPEG cannot keep, and for a GIF (flat colour, which JPEG blurs);
/// JPEG for everything opaque, an opaque PNG included: a poster is a picture, and its PNG
/// copy is many times the size of a JPEG that looks the same.
fn fallback_format(poster: &Poster) -> &'static str {
    match poster.format {
        "gif" => "png",
        _ if poster.alpha => "png",
        _ => "jpg",
    }
}

/// The widths made of a poster `width` pixels wide: never wider than the source, and the
/// source's own width when it is narrower than the largest.
fn widths(width: u32) -> Vec<u32> {
    let top = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < top).collect();
    out.push(top);
    out
}

/// The files made of the poster of film `slug`, with their output paths and sizes.
pub(crate) fn variants(slug: &str, poster: &Poster) -> Variants {
    let (width, height) = poster.size.unwrap_or((1, 1));
    let stem = poster
        .file
        .rsplit_once('.')
        .map_or(poster.file.as_str(), |(stem, _)| stem);
    let tag = &poster.hash[..10];
    let variant = |w: u32, ext: &str| Variant {
        file: routes::film_file(slug, &format!("{stem}-{w}.{tag}.{ext}")),
        width: w,
        height: scaled(width, height, w),
    };
    if is_published_as_it_is(poster) {
        return Variants {
            webp: Vec::new(),
            fallback: variant(width, poster.format),
        };
    }
    let widths = widths(width);
    let largest = widths[widths.len() - 1];
    Variants {
        webp: widths.iter().map(|&w| variant(w, "webp")).collect(),
        fallback: variant(largest, fallback_format(poster)),
    }
}

/// The height of a `width` x `height` image resized to `to` pixels wide, rounded, at least 1.
fn scaled(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) * 2 + u64::from(width)) / (u64::from(width) * 2);
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}
