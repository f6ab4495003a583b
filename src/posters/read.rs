//! Reading a poster: once when the site is read ([`inspect`]: its format, hash and size from
//! its header), and again when it is published, checked to be the same bytes.

use std::io::{Cursor, Read};
use std::path::Path;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{MAX_BYTES, MAX_PIXELS, MAX_SIDE, Poster, PosterError, image_format};

/// Reads at most [`MAX_BYTES`] + 1 bytes of the poster at `path` (more than [`MAX_BYTES`]
/// says the file is too large), never through a symbolic link.
pub(super) fn read(path: &Path, name: &str) -> Result<Vec<u8>, PosterError> {
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
pub(super) fn read_again(path: &Path, poster: &Poster) -> Result<Vec<u8>, PosterError> {
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
pub(super) fn reader<'a>(
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
