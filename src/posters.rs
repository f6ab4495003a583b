//! Posters as pages use them: each source image is resized into a few widths, encoded as
//! WebP with one copy in a format every browser shows (JPEG, or PNG for images with
//! transparency or drawn as PNG or GIF), and named after a hash of its bytes.
//!
//! Loading ([`inspect`]) reads the file once, refuses what is not a poster Marquee can
//! publish (too many bytes, too many pixels to decode safely, a file cut short) and records
//! its hash and size, so that rendering knows every variant's name and size ([`variants`])
//! without decoding anything. Writing ([`publish`]) makes the variants, from the cache when
//! an earlier build made them from the same bytes with the same settings: a rebuild with no
//! new poster decodes and encodes nothing.
//!
//! AVIF posters are published as they are: no maintained pure-Rust crate decodes AVIF.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::routes;

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
pub fn image_format(name: &str, head: &[u8]) -> Option<&'static str> {
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
pub const WIDTHS: [u32; 3] = [96, 192, 384];

/// The largest poster file read, in bytes: a poster from a press kit is a few MB.
pub const MAX_BYTES: u64 = 40 * 1024 * 1024;

/// The most pixels decoded (40 megapixels, 160 MB as RGBA); larger images are refused by
/// the size in their header, before decoding, so that a small file that claims a huge
/// picture (a decompression bomb) costs nothing.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The longest side decoded, in pixels.
pub const MAX_SIDE: u32 = 16_384;

/// WebP quality (0-100): at poster sizes, 80 is indistinguishable from the source.
const WEBP_QUALITY: f32 = 80.0;

/// JPEG quality of the copies for browsers without WebP.
const JPEG_QUALITY: u8 = 82;

/// Changes whenever the widths, qualities or resizing change, so that the cache of an
/// earlier version is never used for the settings of a later one.
const SETTINGS: &str = "w96-192-384.q80-82.lanczos3.v3";

/// The folder of the site, beside `content/`, where variants are kept between builds. It
/// can be deleted at any time; `init` lists it in `.gitignore`.
pub const CACHE_DIR: &str = ".marquee-cache";

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
    /// Width and height in pixels, from its header; `None` for AVIF, published as it is.
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
    #[error("the poster `{name}` is over {} MB", MAX_BYTES / (1024 * 1024))]
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
    pub fn help(&self) -> &'static str {
        match self {
            PosterError::NotAnImage { .. } => {
                "a poster is a JPEG, PNG, GIF, WebP or AVIF image whose name ends in its format \
                 (poster.jpg, poster.png...)"
            }
            PosterError::TooManyBytes { .. } | PosterError::TooManyPixels { .. } => {
                "save a smaller copy: 1,000 pixels wide is more than any page shows"
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

/// Reads at most [`MAX_BYTES`] + 1 bytes of the poster at `path` (more than [`MAX_BYTES`]
/// says the file is too large), never through a symbolic link.
fn read(path: &Path, name: &str) -> Result<Vec<u8>, PosterError> {
    let io = |e: std::io::Error| PosterError::Io {
        name: name.to_string(),
        reason: e.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    crate::output::no_follow(&mut options);
    let file = options.open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

/// The bytes of `poster` at `path`, when they are still those [`inspect`] read (the same
/// hash, which a file grown past [`MAX_BYTES`] cannot have): what was checked when the site was read is what gets published, even if the file
/// was replaced meanwhile (by a link to a secret, say, which is never followed).
fn read_again(path: &Path, poster: &Poster) -> Result<Vec<u8>, PosterError> {
    let bytes = read(path, &poster.file)?;
    if blake3::hash(&bytes).to_hex().as_str() != poster.hash {
        return Err(PosterError::Changed {
            name: poster.file.clone(),
        });
    }
    Ok(bytes)
}

/// A decoder for `bytes` of `format`; `limited`, it refuses more than [`MAX_SIDE`] pixels a
/// side and allocations beyond what [`MAX_PIXELS`] need (reading the header alone needs no
/// limits: [`inspect`] judges the size itself, to say what it is).
fn reader<'a>(
    bytes: &'a [u8],
    format: &str,
    limited: bool,
) -> Option<ImageReader<Cursor<&'a [u8]>>> {
    let format = match format {
        "jpg" => ImageFormat::Jpeg,
        "png" => ImageFormat::Png,
        "gif" => ImageFormat::Gif,
        "webp" => ImageFormat::WebP,
        _ => return None,
    };
    let mut limits = Limits::no_limits();
    if limited {
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    Some(reader)
}

/// Whether `bytes` of `format` reach the end of their picture: a file cut short by a
/// download or a full disk is refused when the site is read, not when a browser shows
/// half of it (JPEG decoders fill a cut picture with grey rather than fail). JPEG: an
/// end-of-image marker after the last scan (image data cannot hold one). PNG: an `IEND`
/// chunk. WebP: the length its RIFF header gives. GIF is left to the decoder.
fn complete(format: &str, bytes: &[u8]) -> bool {
    let last = |marker: &[u8]| bytes.windows(marker.len()).rposition(|w| w == marker);
    match format {
        "jpg" => {
            matches!((last(b"\xff\xda"), last(b"\xff\xd9")), (Some(scan), Some(end)) if end > scan)
        }
        "png" => last(b"IEND").is_some_and(|at| at + 8 <= bytes.len()),
        "webp" => bytes.get(4..8).is_some_and(|n| {
            let riff = u32::from_le_bytes([n[0], n[1], n[2], n[3]]);
            u64::from(riff) + 8 <= bytes.len() as u64
        }),
        _ => true,
    }
}

/// Reads the poster `name` at `path` once: its format (by its name and first bytes, see
/// [`image_format`]), its hash, and its pixel size from the header alone. The `poster`
/// field's place is left for the caller to set.
pub fn inspect(path: &Path, name: &str) -> Result<Poster, PosterError> {
    let bytes = read(path, name)?;
    let format = image_format(name, &bytes).ok_or_else(|| PosterError::NotAnImage {
        name: name.to_string(),
    })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(PosterError::TooManyBytes {
            name: name.to_string(),
        });
    }
    let mut poster = Poster {
        file: name.to_string(),
        format,
        hash: blake3::hash(&bytes).to_hex().to_string(),
        size: None,
        alpha: false,
        at: None,
    };
    let Some(reader) = reader(&bytes, format, false) else {
        return Ok(poster);
    };
    let unreadable = |reason: String| PosterError::Unreadable {
        name: name.to_string(),
        reason,
    };
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    // A photograph taken sideways is stored sideways with a note to turn it: the poster is
    // the picture as it is meant to be seen.
    let orientation = decoder
        .orientation()
        .map_err(|e| unreadable(e.to_string()))?;
    let (width, height) = if turned(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(PosterError::TooManyPixels {
            name: name.to_string(),
            width,
            height,
        });
    }
    if !complete(format, &bytes) {
        return Err(unreadable(
            "the file ends before the picture does (it was cut short)".into(),
        ));
    }
    if width == 0 || height == 0 {
        return Err(unreadable("it has no pixels".into()));
    }
    poster.size = Some((width, height));
    poster.alpha = decoder.color_type().has_alpha();
    Ok(poster)
}

/// Whether `orientation` turns a picture a quarter turn, swapping its width and height.
fn turned(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// One file made of a poster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
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
pub struct Variants {
    /// The WebP files, narrowest first (none for AVIF).
    pub webp: Vec<Variant>,
    /// The copy every browser shows, at the largest width; also the preview image for links
    /// shared on social sites.
    pub fallback: Variant,
}

/// The format of the copy for browsers without WebP: PNG for what has transparency or was
/// drawn as PNG or GIF (flat colour, which JPEG blurs), JPEG for photographs.
fn fallback_format(poster: &Poster) -> &'static str {
    match poster.format {
        "png" | "gif" => "png",
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
pub fn variants(slug: &str, poster: &Poster) -> Variants {
    let Some((width, height)) = poster.size else {
        return Variants {
            webp: Vec::new(),
            fallback: Variant {
                file: routes::film_file(slug, &poster.file),
                width: 0,
                height: 0,
            },
        };
    };
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

/// What [`publish`] made: every output file with its bytes, and how many it had to encode
/// (none when the cache had them all).
#[derive(Debug)]
pub struct Published {
    /// (output path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Files encoded by this build rather than taken from the cache.
    pub encoded: usize,
}

/// Where variant `v` of the poster hashed `hash` is kept in `cache`.
fn cached(cache: &Path, hash: &str, v: &Variant) -> PathBuf {
    let ext = v.file.rsplit('.').next().unwrap_or_default();
    cache.join(format!("{}.{}.{}.{ext}", &hash[..32], v.width, SETTINGS))
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place), so
/// that two builds sharing the cache never see half a file. Failing is harmless: the next
/// build encodes the variant again.
pub(crate) fn keep(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Makes every variant of the poster of film `slug`, whose source is `path`: from `cache`
/// (a folder, see [`CACHE_DIR`]) when it has them, else by decoding and encoding, keeping
/// the results there for the next build.
pub fn publish(
    path: &Path,
    slug: &str,
    poster: &Poster,
    cache: Option<&Path>,
) -> Result<Published, PosterError> {
    let variants = variants(slug, poster);
    if poster.size.is_none() {
        let bytes = read_again(path, poster)?;
        return Ok(Published {
            files: vec![(variants.fallback.file, bytes)],
            encoded: 0,
        });
    }
    let all: Vec<&Variant> = variants
        .webp
        .iter()
        .chain(std::iter::once(&variants.fallback))
        .collect();
    if let Some(cache) = cache {
        let hits: Vec<(String, Vec<u8>)> = all
            .iter()
            .map_while(|v| {
                let bytes = std::fs::read(cached(cache, &poster.hash, v)).ok()?;
                Some((v.file.clone(), bytes))
            })
            .collect();
        if hits.len() == all.len() {
            return Ok(Published {
                files: hits,
                encoded: 0,
            });
        }
    }
    let files = encode(path, poster, &all)?;
    if let Some(cache) = cache {
        for (v, (_, bytes)) in all.iter().zip(&files) {
            keep(&cached(cache, &poster.hash, v), bytes);
        }
    }
    Ok(Published {
        encoded: files.len(),
        files,
    })
}

/// Decodes the poster once and encodes every variant in `all`, each resized from the source.
fn encode(
    path: &Path,
    poster: &Poster,
    all: &[&Variant],
) -> Result<Vec<(String, Vec<u8>)>, PosterError> {
    let name = &poster.file;
    let unreadable = |e: &dyn std::fmt::Display| PosterError::Unreadable {
        name: name.clone(),
        reason: e.to_string(),
    };
    let bytes = read_again(path, poster)?;
    let mut decoder = reader(&bytes, poster.format, true)
        .ok_or_else(|| unreadable(&"Marquee cannot decode this format"))?
        .into_decoder()
        .map_err(|e| unreadable(&e))?;
    let orientation = decoder.orientation().map_err(|e| unreadable(&e))?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(&e))?;
    decoded.apply_orientation(orientation);
    // Eight bits a channel, with alpha only where the poster has it: what the encoders take.
    let alpha = decoded.color().has_alpha();
    let source = if alpha {
        DynamicImage::ImageRgba8(decoded.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(decoded.into_rgb8())
    };
    all.iter()
        .map(|v| {
            let resized = resize(&source, v.width, v.height).map_err(|e| unreadable(&e))?;
            let mut out = Vec::new();
            match v.file.rsplit('.').next() {
                Some("webp") => out = webp(&resized, alpha).map_err(|e| unreadable(&e))?,
                Some("png") => resized
                    .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                    .map_err(|e| unreadable(&e))?,
                _ => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                    .encode_image(&resized.to_rgb8())
                    .map_err(|e| unreadable(&e))?,
            }
            Ok((v.file.clone(), out))
        })
        .collect()
}

/// `source` (8-bit RGB or RGBA) resized to `width` x `height` with a Lanczos filter, the
/// sharpest for shrinking.
fn resize(source: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images};
    if (source.width(), source.height()) == (width, height) {
        return Ok(source.clone());
    }
    let alpha = source.color().has_alpha();
    let pixels = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let mut resized = images::Image::new(width, height, pixels);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(source, &mut resized, &options)
        .map_err(|e| e.to_string())?;
    let raw = resized.into_vec();
    let image = if alpha {
        image::RgbaImage::from_raw(width, height, raw).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, raw).map(DynamicImage::ImageRgb8)
    };
    image.ok_or_else(|| "the resized picture has the wrong size".to_string())
}

/// `image` as lossy WebP (with its transparency when `alpha`).
fn webp(image: &DynamicImage, alpha: bool) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let encoded = if alpha {
        let rgba = image.to_rgba8();
        webp::Encoder::from_rgba(&rgba, w, h).encode_simple(false, WEBP_QUALITY)
    } else {
        let rgb = image.to_rgb8();
        webp::Encoder::from_rgb(&rgb, w, h).encode_simple(false, WEBP_QUALITY)
    };
    encoded
        .map(|m| m.to_vec())
        .map_err(|e| format!("WebP encoding failed ({e:?})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poster(file: &str, format: &'static str, size: Option<(u32, u32)>) -> Poster {
        Poster {
            file: file.into(),
            format,
            hash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
            size,
            alpha: false,
            at: None,
        }
    }

    /// The poster at `path` as [`inspect`] reads it.
    fn inspected(path: &Path) -> Poster {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        inspect(path, &file).unwrap()
    }

    /// A `width` x `height` picture with a gradient, as `format` bytes.
    fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), format)
            .unwrap();
        out
    }

    #[test]
    fn variants_are_never_wider_than_the_source_and_keep_its_shape() {
        let v = variants(
            "pusher-1996",
            &poster("poster.jpg", "jpg", Some((1000, 1500))),
        );
        let sizes: Vec<(u32, u32)> = v.webp.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(96, 144), (192, 288), (384, 576)]);
        assert_eq!(
            v.webp[0].file,
            "films/pusher-1996/poster-96.0123456789.webp"
        );
        assert_eq!(
            v.fallback.file,
            "films/pusher-1996/poster-384.0123456789.jpg"
        );
        let wide = variants("a", &poster("p.jpg", "jpg", Some((480, 720))));
        let widths: Vec<u32> = wide.webp.iter().map(|v| v.width).collect();
        assert_eq!(widths, WIDTHS);
        let small = variants("a", &poster("art.png", "png", Some((150, 200))));
        let sizes: Vec<(u32, u32)> = small.webp.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(96, 128), (150, 200)]);
        assert_eq!(small.fallback.file, "films/a/art-150.0123456789.png");
        let tiny = variants("a", &poster("p.gif", "gif", Some((40, 60))));
        assert_eq!(tiny.webp.len(), 1);
        assert_eq!((tiny.webp[0].width, tiny.webp[0].height), (40, 60));
        let avif = variants("a", &poster("p.avif", "avif", None));
        assert!(avif.webp.is_empty());
        assert_eq!(avif.fallback.file, "films/a/p.avif");
    }

    #[test]
    fn a_poster_is_inspected_from_its_header_and_a_bomb_is_refused_before_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.png");
        std::fs::write(&path, picture(30, 45, ImageFormat::Png)).unwrap();
        let seen = inspect(&path, "poster.png").unwrap();
        assert_eq!(seen.size, Some((30, 45)));
        assert_eq!(seen.hash.len(), 64);
        // A JPEG whose header claims 20,000 x 20,000 pixels, with 8 x 8 pixels of data.
        let mut bomb = picture(8, 8, ImageFormat::Jpeg);
        let sof = bomb.windows(2).position(|w| w == b"\xff\xc0").unwrap();
        bomb[sof + 5..sof + 7].copy_from_slice(&20_000u16.to_be_bytes());
        bomb[sof + 7..sof + 9].copy_from_slice(&20_000u16.to_be_bytes());
        let path = dir.path().join("bomb.jpg");
        std::fs::write(&path, &bomb).unwrap();
        let err = inspect(&path, "bomb.jpg").unwrap_err();
        assert!(
            matches!(
                err,
                PosterError::TooManyPixels {
                    width: 20_000,
                    height: 20_000,
                    ..
                }
            ),
            "{err:?}"
        );
        let path = dir.path().join("poster.png");
        std::fs::write(&path, b"\x89PNG\r\n\x1a\nnot really").unwrap();
        assert!(matches!(
            inspect(&path, "poster.png"),
            Err(PosterError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_cut_or_damaged_poster_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        for (name, format) in [
            ("poster.jpg", ImageFormat::Jpeg),
            ("poster.png", ImageFormat::Png),
            ("poster.webp", ImageFormat::WebP),
        ] {
            let path = dir.path().join(name);
            let whole = picture(400, 600, format);
            for cut in [whole.len() / 3, whole.len() - 3] {
                std::fs::write(&path, &whole[..cut]).unwrap();
                let err = inspect(&path, name).unwrap_err();
                assert!(
                    err.to_string().contains("cut short"),
                    "{name} cut at {cut}: {err}"
                );
            }
        }
        // Whole, but with damaged picture data: found when the build decodes it.
        let path = dir.path().join("poster.png");
        let mut damaged = picture(400, 600, ImageFormat::Png);
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0xff;
        std::fs::write(&path, &damaged).unwrap();
        let p = inspected(&path);
        let err = publish(&path, "a", &p, None).unwrap_err();
        assert!(matches!(err, PosterError::Unreadable { .. }), "{err:?}");
    }

    #[test]
    fn the_cache_gives_back_what_was_encoded_and_a_second_publish_encodes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.jpg");
        std::fs::write(&path, picture(500, 750, ImageFormat::Jpeg)).unwrap();
        let p = inspected(&path);
        let cache = dir.path().join(CACHE_DIR);
        let first = publish(&path, "a", &p, Some(&cache)).unwrap();
        assert_eq!(first.encoded, 4);
        let again = publish(&path, "a", &p, Some(&cache)).unwrap();
        assert_eq!(again.encoded, 0);
        assert_eq!(first.files, again.files);
        let names: Vec<&str> = first.files.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "films/a/poster-96.0123456789.webp".replace("0123456789", &p.hash[..10]),
                "films/a/poster-192.0123456789.webp".replace("0123456789", &p.hash[..10]),
                "films/a/poster-384.0123456789.webp".replace("0123456789", &p.hash[..10]),
                "films/a/poster-384.0123456789.jpg".replace("0123456789", &p.hash[..10]),
            ]
        );
        for (file, bytes) in &first.files {
            let format = image::guess_format(bytes).unwrap();
            let decoded = image::load_from_memory(bytes).unwrap();
            let v = variants("a", &p);
            let want = v
                .webp
                .iter()
                .chain([&v.fallback])
                .find(|v| &v.file == file)
                .unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (want.width, want.height)
            );
            let ext = if file.ends_with(".webp") {
                ImageFormat::WebP
            } else {
                ImageFormat::Jpeg
            };
            assert_eq!(format, ext, "{file}");
        }
        // Encoding is deterministic: without the cache, the same bytes again.
        let fresh = publish(&path, "a", &p, None).unwrap();
        assert_eq!(fresh.files, first.files);
    }

    #[cfg(unix)]
    #[test]
    fn a_poster_replaced_after_the_site_was_read_is_never_published() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.png");
        std::fs::write(&path, picture(50, 75, ImageFormat::Png)).unwrap();
        let p = inspected(&path);
        // By another picture: its bytes are not those whose hash names the files.
        std::fs::write(&path, picture(60, 75, ImageFormat::Png)).unwrap();
        let err = publish(&path, "a", &p, None).unwrap_err();
        assert!(matches!(err, PosterError::Changed { .. }), "{err:?}");
        // By a link to a secret: never followed.
        std::fs::write(
            dir.path().join("secret.png"),
            picture(50, 75, ImageFormat::Png),
        )
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.png"), &path).unwrap();
        let err = publish(&path, "a", &p, None).unwrap_err();
        assert!(matches!(err, PosterError::Io { .. }), "{err:?}");
        // An AVIF poster, published as it is, is checked the same way.
        let avif = dir.path().join("poster.avif");
        std::fs::write(&avif, b"\0\0\0\x1cftypavif rest of the file").unwrap();
        let mut a = poster("poster.avif", "avif", None);
        a.hash = blake3::hash(b"\0\0\0\x1cftypavif rest of the file")
            .to_hex()
            .to_string();
        let out = publish(&avif, "a", &a, None).unwrap();
        assert_eq!(out.files[0].0, "films/a/poster.avif");
        std::fs::write(&avif, b"<html>not what was checked").unwrap();
        assert!(publish(&avif, "a", &a, None).is_err());
    }

    #[test]
    fn a_photograph_stored_sideways_is_published_the_right_way_up() {
        // A landscape JPEG whose Exif says "turn a quarter clockwise to view" (orientation 6).
        let jpeg = picture(300, 200, ImageFormat::Jpeg);
        let tiff: Vec<u8> = [
            &b"MM\0\x2a\0\0\0\x08"[..],
            &[0, 1],
            &[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0],
            &[0, 0, 0, 0],
        ]
        .concat();
        let app1 = [&b"Exif\0\0"[..], &tiff].concat();
        let length = u16::try_from(app1.len() + 2).unwrap().to_be_bytes();
        let turned = [&jpeg[..2], &[0xff, 0xe1], &length, &app1, &jpeg[2..]].concat();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.jpg");
        std::fs::write(&path, &turned).unwrap();
        let p = inspected(&path);
        assert_eq!(p.size, Some((200, 300)));
        let out = publish(&path, "a", &p, None).unwrap();
        let (file, bytes) = out.files.last().unwrap();
        let shown = image::load_from_memory(bytes).unwrap();
        assert_eq!((shown.width(), shown.height()), (200, 300), "{file}");
        // The source's top-left corner (dark: no red, no green) is now the top-right one.
        let corner = shown.to_rgb8().get_pixel(199, 0).0;
        assert!(corner[0] < 40 && corner[1] < 40, "{corner:?}");
    }

    #[test]
    fn a_transparent_poster_keeps_its_transparency_in_every_copy() {
        let dir = tempfile::tempdir().unwrap();
        let img =
            image::RgbaImage::from_fn(200, 300, |x, _| image::Rgba([200, 30, 30, (x % 256) as u8]));
        let png = dir.path().join("art.png");
        DynamicImage::ImageRgba8(img.clone()).save(&png).unwrap();
        let webp = dir.path().join("art.webp");
        let lossless = webp::Encoder::from_rgba(&img, 200, 300).encode_lossless();
        std::fs::write(&webp, &*lossless).unwrap();
        for (path, format) in [(png, "png"), (webp, "webp")] {
            let p = inspected(&path);
            assert!(p.alpha, "{format}");
            let out = publish(&path, "a", &p, None).unwrap();
            for (file, bytes) in &out.files {
                let decoded = image::load_from_memory(bytes).unwrap();
                assert!(decoded.color().has_alpha(), "{file}");
            }
            let fallback = &out.files.last().unwrap().0;
            assert!(fallback.ends_with(".png"), "{fallback}");
        }
    }
}
