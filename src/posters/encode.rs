//! Decoding a poster and encoding its variants: WebP at each width and one JPEG or PNG copy.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat};

use super::read::{decode, read_again};
use super::variants::Variant;
use super::{JPEG_QUALITY, Poster, PosterError, WEBP_QUALITY};

/// Decodes the poster once and encodes every variant in `all`, each resized from the source.
pub(super) fn encode(
    path: &Path,
    poster: &Poster,
    all: &[&Variant],
) -> Result<Vec<(String, Vec<u8>)>, PosterError> {
    let name = &poster.file;
    let unreadable = |e: &dyn std::fmt::Display| PosterError::Unreadable {
        name: name.clone(),
        reason: e.to_string(),
    };
    let decoded = decode(&read_again(path, poster)?, poster)?;
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
