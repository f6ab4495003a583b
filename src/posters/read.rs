//! Reading a poster: once when the site is read ([`inspect`]: its format, hash and size from
//! its header), and again when it is published, checked to be the same bytes. Every read
//! goes through a decoder with limits on what it may allocate ([`reader`]), the first look
//! at the header included: a small file whose colour profile inflates to gigabytes (a
//! decompression bomb in a chunk the pixel count does not see) is refused, at a cost of a
//! few megabytes.

use std::io::{Cursor, Read};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::{
    MAX_BYTES, MAX_HEADER_ALLOC, MAX_PIXELS, MAX_PROFILE, MAX_SIDE, Poster, PosterError,
    image_format,
};

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

/// Refuses a poster `name` of `width` x `height` pixels with more pixels than a poster may
/// have, or none.
fn fits(name: &str, width: u32, height: u32) -> Result<(), PosterError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(PosterError::TooManyPixels {
            name: name.to_string(),
            width,
            height,
        });
    }
    if width == 0 || height == 0 {
        return Err(PosterError::Unreadable {
            name: name.to_string(),
            reason: "it has no pixels".into(),
        });
    }
    Ok(())
}

/// A decoder for `bytes` of `format`, never allowed more memory than it needs. `limited`, for
/// decoding the picture, it refuses more than [`MAX_SIDE`] pixels a side and allocations
/// beyond what [`MAX_PIXELS`] need; otherwise, for the header, it allows any size (so that
/// [`inspect`] can say what the size is) and [`MAX_HEADER_ALLOC`] bytes.
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
    limits.max_alloc = Some(MAX_HEADER_ALLOC);
    if limited {
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_PIXELS * 4 + MAX_HEADER_ALLOC);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    Some(reader)
}

/// Whether `bytes` of `format` reach the end of their picture: a file cut short by a
/// download or a full disk is refused when the site is read, not when a browser shows
/// half of it (JPEG decoders fill a cut picture with grey rather than fail). JPEG: an
/// end-of-image marker after the last scan (image data cannot hold one). PNG: an `IEND`
/// chunk. WebP: the length its RIFF header gives. GIF: its trailer byte, `;` (padding of
/// zeros after it allowed). AVIF: its boxes and the extents of its picture's data, within
/// the file (see [`super::avif`]).
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
        "gif" => {
            let end = bytes.iter().rposition(|&b| b != 0);
            end.is_some_and(|at| bytes[at] == b';')
        }
        "avif" => super::avif::is_whole(bytes),
        _ => true,
    }
}

/// Reads the poster `name` at `path` once: its format (by its name and first bytes, see
/// [`image_format`]), its hash, and its pixel size from the header alone. The `poster`
/// field's place is left for the caller to set.
pub(crate) fn inspect(path: &Path, name: &str) -> Result<Poster, PosterError> {
    inspect_bytes(&read(path, name)?, name)
}

/// [`inspect`] for the bytes of a poster named `name`, already read.
pub fn inspect_bytes(bytes: &[u8], name: &str) -> Result<Poster, PosterError> {
    let format = image_format(name, bytes).ok_or_else(|| PosterError::NotAnImage {
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
        hash: blake3::hash(bytes).to_hex().to_string(),
        size: None,
        alpha: false,
        at: None,
    };
    let unreadable = |reason: String| PosterError::Unreadable {
        name: name.to_string(),
        reason,
    };
    let Some(mut decoder) = decoder(bytes, format, false, name)? else {
        // AVIF, published as it is: its size from its header (`ispe`), checked as any other.
        let size = imagesize::blob_size(bytes).map_err(|e| {
            unreadable(format!(
                "the size of the picture cannot be read from it ({e})"
            ))
        })?;
        let (width, height) = (
            u32::try_from(size.width).unwrap_or(u32::MAX),
            u32::try_from(size.height).unwrap_or(u32::MAX),
        );
        fits(name, width, height)?;
        if !complete(format, bytes) {
            return Err(unreadable(
                "the file ends before the picture does (it was cut short)".into(),
            ));
        }
        poster.size = Some((width, height));
        return Ok(poster);
    };
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
    fits(name, width, height)?;
    if !complete(format, bytes) {
        return Err(unreadable(
            "the file ends before the picture does (it was cut short)".into(),
        ));
    }
    poster.size = Some((width, height));
    poster.alpha = decoder.color_type().has_alpha();
    Ok(poster)
}

/// Decodes the picture of `poster` from `bytes` (the bytes [`inspect`] read), within the
/// limits of the reader, the right way up.
pub fn decode(bytes: &[u8], poster: &Poster) -> Result<DynamicImage, PosterError> {
    let name = &poster.file;
    let mut decoder =
        decoder(bytes, poster.format, true, name)?.ok_or_else(|| PosterError::Unreadable {
            name: name.clone(),
            reason: "Marquee cannot decode this format".into(),
        })?;
    let orientation = decoder.orientation().map_err(|e| refused(name, e))?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(|e| refused(name, e))?;
    decoded.apply_orientation(orientation);
    Ok(decoded)
}

/// A decoder of `bytes` of `format` (see [`reader`]) with its header read, `None` for a
/// format Marquee does not decode; a PNG's colour profile is looked at first (see
/// [`profile_fits`]).
fn decoder<'a>(
    bytes: &'a [u8],
    format: &str,
    limited: bool,
    name: &str,
) -> Result<Option<impl ImageDecoder + 'a>, PosterError> {
    let Some(reader) = reader(bytes, format, limited) else {
        return Ok(None);
    };
    if format == "png" && !profile_fits(bytes) {
        return Err(PosterError::TooMuchMemory {
            name: name.to_string(),
        });
    }
    reader
        .into_decoder()
        .map(Some)
        .map_err(|e| refused(name, e))
}

/// The poster error for what the decoder said about the poster `name`: more memory than its
/// limits allow, or a picture it cannot read.
fn refused(name: &str, error: ImageError) -> PosterError {
    match error {
        ImageError::Limits(_) => PosterError::TooMuchMemory {
            name: name.to_string(),
        },
        other => PosterError::Unreadable {
            name: name.to_string(),
            reason: other.to_string(),
        },
    }
}

/// Whether the colour profile of the PNG `bytes`, if it has one, inflates to at most
/// [`MAX_PROFILE`] bytes (inflating no further than that to tell). A decoder drops a profile
/// it cannot read and goes on, so a bomb in it would pass unseen but for this look.
fn profile_fits(bytes: &[u8]) -> bool {
    let mut at = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        if kind == b"IDAT" || kind == b"IEND" {
            break;
        }
        let Some(data) = bytes.get(at + 8..(at + 8).saturating_add(length)) else {
            break;
        };
        if kind == b"iCCP" {
            // The profile's name, a zero byte, the compression method, then a zlib stream.
            let Some(stream) = data
                .iter()
                .position(|&b| b == 0)
                .and_then(|z| data.get(z + 2..))
            else {
                return true;
            };
            return !matches!(
                fdeflate::decompress_to_vec_bounded(stream, MAX_PROFILE),
                Err(fdeflate::BoundedDecompressionError::OutputTooLarge { .. })
            );
        }
        at += 12 + length;
    }
    true
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
