//! Tests of reading, resizing and caching posters.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageFormat};

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
    // An opaque PNG's copy for browsers without WebP is a JPEG; one with transparency
    // stays a PNG.
    assert_eq!(small.fallback.file, "films/a/art-150.0123456789.jpg");
    let clear = Poster {
        alpha: true,
        ..poster("art.png", "png", Some((150, 200)))
    };
    assert_eq!(
        variants("a", &clear).fallback.file,
        "films/a/art-150.0123456789.png"
    );
    let tiny = variants("a", &poster("p.gif", "gif", Some((40, 60))));
    assert_eq!(tiny.webp.len(), 1);
    assert_eq!((tiny.webp[0].width, tiny.webp[0].height), (40, 60));
    let avif = variants("a", &poster("p.avif", "avif", Some((60, 90))));
    assert!(avif.webp.is_empty());
    assert_eq!(avif.fallback.file, "films/a/p-60.0123456789.avif");
    assert_eq!((avif.fallback.width, avif.fallback.height), (60, 90));
}

/// A real AVIF file of 60 x 90 pixels.
const AVIF: &[u8] = include_bytes!("../../tests/fixtures/posters/red-60x90.avif");

#[test]
fn an_avif_poster_cut_short_is_refused() {
    for cut in [AVIF.len() - 1, AVIF.len() - 60, AVIF.len() / 2, 40] {
        let err = inspect_bytes(&AVIF[..cut], "poster.avif").unwrap_err();
        assert!(
            matches!(err, PosterError::Unreadable { .. }),
            "cut at {cut}: {err:?}"
        );
    }
}

#[test]
fn an_avif_poster_cut_short_with_its_boxes_rewritten_to_fit_is_refused() {
    // The picture's data box, halved, with its length rewritten: every box is whole, but the
    // item location box still says where the data ran to.
    let mut at = 0;
    let mut cut = Vec::new();
    while at < AVIF.len() {
        let size = u32::from_be_bytes(AVIF[at..at + 4].try_into().unwrap()) as usize;
        if &AVIF[at + 4..at + 8] == b"mdat" {
            let half = 8 + (size - 8) / 2;
            cut.extend_from_slice(&(half as u32).to_be_bytes());
            cut.extend_from_slice(&AVIF[at + 4..at + half]);
        } else {
            cut.extend_from_slice(&AVIF[at..at + size]);
        }
        at += size;
    }
    assert!(cut.len() < AVIF.len());
    let err = inspect_bytes(&cut, "poster.avif").unwrap_err();
    assert!(matches!(err, PosterError::Unreadable { .. }), "{err:?}");
    assert!(inspect_bytes(AVIF, "poster.avif").is_ok());
}

#[test]
fn an_avif_poster_has_its_real_size_and_a_name_that_changes_with_it() {
    let poster = inspect_bytes(AVIF, "poster.avif").unwrap();
    assert_eq!(poster.size, Some((60, 90)));
    let named = variants("a", &poster).fallback.file;
    assert_eq!(
        named,
        format!("films/a/poster-60.{}.avif", &poster.hash[..10])
    );
    // Its magic bytes without a picture behind them: refused, located by the caller.
    let err = inspect_bytes(b"\0\0\0\x1cftypavif rest of the file", "poster.avif").unwrap_err();
    assert!(matches!(err, PosterError::Unreadable { .. }), "{err:?}");
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
        ("poster.gif", ImageFormat::Gif),
    ] {
        let path = dir.path().join(name);
        let whole = picture(400, 600, format);
        assert!(inspect_bytes(&whole, name).is_ok(), "{name} whole");
        for cut in [whole.len() / 3, whole.len() / 2, whole.len() - 3] {
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

/// A 500 x 750 JPEG poster in `dir`, published once through a cache there: its path, what
/// was inspected, the cache folder and what the publish made.
fn published_through_a_cache(
    dir: &Path,
) -> (std::path::PathBuf, Poster, std::path::PathBuf, Published) {
    let path = dir.join("poster.jpg");
    std::fs::write(&path, picture(500, 750, ImageFormat::Jpeg)).unwrap();
    let p = inspected(&path);
    let cache = dir.join(CACHE_DIR);
    let first = publish(&path, "a", &p, Some(&cache)).unwrap();
    (path, p, cache, first)
}

#[test]
fn the_cache_gives_back_what_was_encoded_and_a_second_publish_encodes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, p, cache, first) = published_through_a_cache(dir.path());
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
    std::fs::write(&avif, AVIF).unwrap();
    let a = inspect_bytes(AVIF, "poster.avif").unwrap();
    let out = publish(&avif, "a", &a, None).unwrap();
    assert_eq!(out.files[0].0, variants("a", &a).fallback.file);
    assert_eq!(out.files[0].1, AVIF);
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

#[test]
fn a_damaged_cache_entry_is_never_published_but_encoded_again_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, p, cache, first) = published_through_a_cache(dir.path());
    assert!(!first.damaged);
    let mut entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert_eq!(entries.len(), 4);
    // Cut short; overwritten with other bytes of the same length; emptied; one bit flipped.
    let whole = std::fs::read(&entries[0]).unwrap();
    let damages: [fn(&mut Vec<u8>); 4] = [
        |b| b.truncate(b.len() / 2),
        |b| {
            b.iter_mut()
                .for_each(|x| *x = x.wrapping_mul(31).wrapping_add(7))
        },
        |b| b.clear(),
        |b| {
            let last = b.len() - 1;
            b[last] ^= 1
        },
    ];
    for damage in damages {
        let mut bytes = whole.clone();
        damage(&mut bytes);
        std::fs::write(&entries[0], &bytes).unwrap();
        let again = publish(&path, "a", &p, Some(&cache)).unwrap();
        assert!(again.damaged);
        assert_eq!(again.encoded, 4);
        assert_eq!(
            again.files, first.files,
            "what was encoded, never the damage"
        );
        assert_eq!(
            std::fs::read(&entries[0]).unwrap(),
            whole,
            "the entry is made again"
        );
    }
    let sound = publish(&path, "a", &p, Some(&cache)).unwrap();
    assert_eq!((sound.encoded, sound.damaged), (0, false));
}

/// A PNG chunk of `kind` holding `data`, with its length and checksum.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    let length = u32::try_from(data.len()).unwrap().to_be_bytes();
    [&length[..], kind, data, &crc.finalize().to_be_bytes()].concat()
}

/// A small, whole PNG of `width` x `height` pixels whose colour profile inflates to `inflated`
/// bytes of zeros, made a megabyte at a time so that the test itself stays small.
fn profile_bomb(width: u32, height: u32, inflated: usize) -> Vec<u8> {
    let mut zlib = fdeflate::Compressor::new(Vec::new()).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..inflated >> 20 {
        zlib.write_data(&zeros).unwrap();
    }
    let profile = [&b"icc\0\0"[..], &zlib.finish().unwrap()].concat();
    let whole = picture(width, height, ImageFormat::Png);
    // The signature and the header chunk (8 + 25 bytes), the profile, then the rest.
    [&whole[..33], &chunk(b"iCCP", &profile), &whole[33..]].concat()
}

#[test]
fn a_colour_profile_that_inflates_to_a_bomb_is_refused_before_it_is_inflated() {
    let bomb = profile_bomb(100, 150, 256 << 20);
    assert!(bomb.len() < MAX_BYTES as usize, "{} bytes", bomb.len());
    let err = inspect_bytes(&bomb, "poster.png").unwrap_err();
    assert!(matches!(err, PosterError::TooMuchMemory { .. }), "{err:?}");
    assert!(err.to_string().contains("colour profile"), "{err}");
    // Decoding it is refused too, whoever asks.
    let p = Poster {
        size: Some((100, 150)),
        ..poster("poster.png", "png", None)
    };
    assert!(matches!(
        decode(&bomb, &p),
        Err(PosterError::TooMuchMemory { .. })
    ));
    // A profile of a real size is read as ever.
    let fine = profile_bomb(100, 150, 1 << 20);
    let p = inspect_bytes(&fine, "poster.png").unwrap();
    assert_eq!(p.size, Some((100, 150)));
    assert_eq!(decode(&fine, &p).unwrap().width(), 100);
}
