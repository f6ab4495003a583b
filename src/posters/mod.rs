//! Posters as pages use them: each source image is resized into a few widths, encoded as
//! WebP with one copy in a format every browser shows (JPEG, or PNG for images with
//! transparency or drawn as PNG or GIF), and named after a hash of its bytes.
//!
//! Loading ([`inspect`]) reads the file once, refuses what is not a poster Marquee can
//! publish (too many bytes, too many pixels to decode safely, a file cut short) and records
//! its hash and size, so that rendering knows every variant's name and size ([`variants()`])
//! without decoding anything. Writing ([`publish`]) makes the variants, from the cache when
//! an earlier build made them from the same bytes with the same settings: a rebuild with no
//! new poster decodes and encodes nothing.
//!
//! AVIF posters are published as they are (no maintained pure-Rust crate decodes AVIF),
//! named after their hash like every other poster file, with their size read from their
//! header.

mod avif;
mod cache;
mod encode;
mod read;
mod variants;

#[cfg(test)]
use cache::Published;
pub(crate) use cache::publish;
pub(crate) use read::inspect;
pub use read::{decode, inspect_bytes};
pub(crate) use variants::variants;

/// The image formats a poster may have, by file extension, with the bytes each begins with
/// (`?` matches any byte). Browsers show them all; SVG is left out because an SVG file opened
/// on its own can run scripts.
const POSTER_FORMATS: [(&[&str], &[u8]); 5] = [
    (&["jpg", "jpeg"], b"\xff\xd8\xff"),
    (&["png"], b"\x89PNG\r\n\x1a\n"),
    (&["gif"], b"GIF8"),
    (&["webp"], b"RIFF????WEBP"),
    (&["avif"], b"????ftypavi"),
];

/// The format of a poster named `name` whose file begins with `head`, when its extension
/// names one of the poster formats (JPEG, PNG, GIF, WebP, AVIF) and its bytes are that
/// format; `None` otherwise.
pub(crate) fn image_format(name: &str, head: &[u8]) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let (names, magic) = POSTER_FORMATS
        .iter()
        .find(|(names, _)| names.contains(&extension.as_str()))?;
    let matches =
        head.len() >= magic.len() && magic.iter().zip(head).all(|(&m, &b)| m == b'?' || m == b);
    matches.then_some(names[0])
}

/// The widths made of every poster, in pixels: thumbnails in lists show 48 CSS pixels, the
/// film page 180, and screens have up to two device pixels to the CSS pixel.
pub(crate) const WIDTHS: [u32; 3] = [96, 192, 384];

/// The largest poster file read, in bytes: a poster from a press kit is a few MB.
pub(crate) const MAX_BYTES: u64 = 40 * 1024 * 1024;

/// The most pixels decoded (40 megapixels, 160 MB as RGBA); larger images are refused by
/// the size in their header, before decoding, so that a small file that claims a huge
/// picture (a decompression bomb) costs nothing.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The most memory a decoder may take to read a poster's header (its colour profile, its
/// metadata): 64 MiB, more than any real poster needs, however the file is made.
pub(crate) const MAX_HEADER_ALLOC: u64 = 64 * 1024 * 1024;

/// The largest colour profile a PNG poster may have, inflated: 16 MiB (a profile is a few
/// kilobytes, the largest a few megabytes).
pub(crate) const MAX_PROFILE: usize = 16 * 1024 * 1024;

/// The longest side decoded, in pixels.
pub(crate) const MAX_SIDE: u32 = 16_384;

/// WebP quality (0-100): at poster sizes, 80 is indistinguishable from the source.
pub(super) const WEBP_QUALITY: f32 = 80.0;

/// JPEG quality of the copies for browsers without WebP.
pub(super) const JPEG_QUALITY: u8 = 82;

/// Changes whenever the widths, qualities, resizing or the cache's layout change, so that the
/// cache of an earlier version is never used for the settings of a later one.
pub(super) const SETTINGS: &str = "w96-192-384.q80-82.lanczos3.v4";

pub use crate::disk::CACHE_DIR;

/// A film's poster: its file and what the build needs to publish it without decoding it
/// first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poster {
    /// The file's name in the film's folder.
    pub file: String,
    /// Its format, by its first bytes: "jpg", "png", "gif", "webp" or "avif".
    pub format: &'static str,
    /// Hex BLAKE3 hash of its bytes: the published files are named after it, and the cache
    /// of resized copies is keyed by it.
    pub hash: String,
    /// Width and height in pixels, from its header (`None` only for a poster made by hand
    /// in tests, never for one read from a file).
    pub size: Option<(u32, u32)>,
    /// Whether it has transparency (its copy for browsers without WebP is then a PNG).
    pub alpha: bool,
    /// Where the `poster` field is in the film's `index.md`, for problems found only when
    /// the image is decoded.
    pub at: Option<crate::diagnostic::Location>,
}

/// Why a poster cannot be published, in words that say what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PosterError {
    /// The file's name or its first bytes are not one of the poster formats.
    #[error("the poster `{name}` is not an image file")]
    NotAnImage {
        /// The file's name.
        name: String,
    },
    /// The file is larger than [`MAX_BYTES`].
    #[error(
        "the poster `{name}` is over {}",
        crate::quantity::size(MAX_BYTES, crate::quantity::Unit::Binary)
    )]
    TooManyBytes {
        /// The file's name.
        name: String,
    },
    /// The header says the picture has more pixels than Marquee decodes.
    #[error(
        "the poster `{name}` is {width} x {height} pixels, more than Marquee decodes ({} megapixels, {MAX_SIDE} pixels a side)",
        MAX_PIXELS / 1_000_000
    )]
    TooManyPixels {
        /// The file's name.
        name: String,
        /// Width in pixels, from the header.
        width: u32,
        /// Height in pixels, from the header.
        height: u32,
    },
    /// Reading it would take more memory than a poster needs: data in it (a colour profile,
    /// say) inflates far beyond the file's size.
    #[error(
        "the poster `{name}` would take more memory to read than Marquee allows a poster: data in it (such as its colour profile) inflates far beyond the file's size"
    )]
    TooMuchMemory {
        /// The file's name.
        name: String,
    },
    /// The bytes are not an image the decoder can read (truncated, damaged, or another
    /// format than its first bytes say).
    #[error("the poster `{name}` cannot be read as an image: {reason}")]
    Unreadable {
        /// The file's name.
        name: String,
        /// What the decoder said.
        reason: String,
    },
    /// The file is no longer the one read when the site was: replaced while it was built.
    #[error("the poster `{name}` changed while the site was built")]
    Changed {
        /// The file's name.
        name: String,
    },
    /// The file could not be read at all.
    #[error("the poster `{name}` cannot be read: {reason}")]
    Io {
        /// The file's name.
        name: String,
        /// What the system said.
        reason: String,
    },
}

impl PosterError {
    /// What to do about it.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            PosterError::NotAnImage { .. } => {
                "a poster is a JPEG, PNG, GIF, WebP or AVIF image whose name ends in its format \
                 (poster.jpg, poster.png...)"
            }
            PosterError::TooManyBytes { .. } | PosterError::TooManyPixels { .. } => {
                "save a smaller copy: 1,000 pixels wide is more than any page shows"
            }
            PosterError::TooMuchMemory { .. } => {
                "save it again without its embedded colour profile and metadata (an editor's \
                 export for the web does that); a poster on a page needs neither"
            }
            PosterError::Unreadable { .. } => {
                "open the file in an image editor and save it again as JPEG or PNG; a file cut \
                 short by a download is the usual cause"
            }
            PosterError::Changed { .. } => "build again once the file is saved",
            PosterError::Io { .. } => {
                "check that the file can be read (a symbolic link is never followed)"
            }
        }
    }
}

#[cfg(test)]
mod tests;
