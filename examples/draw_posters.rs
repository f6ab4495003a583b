//! Draws an abstract poster for each fictional film of a site: a sky in two colours, a sun
//! or moon, a horizon of hills and a band of stripes, all chosen from the film's folder
//! name, so that the same folder always gets the same picture. No lettering and nothing
//! figurative: they are clearly not real posters.
//!
//!     cargo run --release --example draw_posters -- content/films brittle-ferryman-2021 ...
//!
//! Writes `poster.jpg` (480 x 720) into each named film folder; the film's `index.md` names
//! it with `poster = "poster.jpg"`. `--size WxH` draws another size (benchmarks use it).

use std::path::PathBuf;

use clap::Parser;
use image::{Rgb, RgbImage};

/// Command-line options.
#[derive(Parser)]
struct Args {
    /// The folder that holds the films' folders (`content/films`).
    films: PathBuf,
    /// The films' folder names; every film in the folder when none are given.
    slugs: Vec<String>,
    /// The picture's size.
    #[arg(long, default_value = "480x720")]
    size: String,
}

/// The picture's choices: a stream of numbers from the BLAKE3 hash of the folder name.
struct Rng(blake3::OutputReader);

impl Rng {
    fn new(slug: &str) -> Rng {
        Rng(blake3::Hasher::new().update(slug.as_bytes()).finalize_xof())
    }

    fn next(&mut self) -> u64 {
        let mut bytes = [0; 8];
        self.0.fill(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    /// A number in `0.0..1.0`.
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Palettes of (sky top, sky bottom, sun, hills, stripes).
const PALETTES: [[[u8; 3]; 5]; 6] = [
    [
        [18, 24, 58],
        [196, 84, 72],
        [250, 214, 140],
        [34, 28, 44],
        [240, 170, 110],
    ],
    [
        [10, 44, 60],
        [94, 164, 170],
        [236, 236, 214],
        [16, 34, 40],
        [200, 226, 220],
    ],
    [
        [40, 16, 40],
        [214, 120, 60],
        [255, 226, 170],
        [60, 20, 30],
        [250, 190, 120],
    ],
    [
        [222, 214, 196],
        [170, 150, 128],
        [160, 40, 36],
        [58, 52, 48],
        [120, 36, 32],
    ],
    [
        [12, 12, 16],
        [60, 70, 96],
        [210, 220, 236],
        [24, 26, 34],
        [150, 160, 190],
    ],
    [
        [232, 204, 150],
        [216, 120, 84],
        [126, 40, 58],
        [70, 40, 50],
        [250, 236, 200],
    ],
];

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    std::array::from_fn(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t).round() as u8)
}

/// The picture for the film in the folder `slug`.
fn draw(slug: &str, width: u32, height: u32) -> RgbImage {
    let mut rng = Rng::new(slug);
    let palette = PALETTES[(rng.next() % PALETTES.len() as u64) as usize];
    let [top, bottom, sun, hills, stripes] = palette;
    let (w, h) = (width as f32, height as f32);
    let sun_x = w * (0.25 + 0.5 * rng.unit());
    let sun_y = h * (0.2 + 0.25 * rng.unit());
    let sun_r = w * (0.12 + 0.16 * rng.unit());
    let horizon = h * (0.55 + 0.15 * rng.unit());
    let waves: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            (
                1.0 + 4.0 * rng.unit(),
                rng.unit() * 6.3,
                0.02 + 0.05 * rng.unit(),
            )
        })
        .collect();
    let band_top = horizon + (h - horizon) * (0.35 + 0.2 * rng.unit());
    let stripe = 6.0 + 10.0 * rng.unit();
    let slant = rng.unit() - 0.5;
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let ridge = horizon
            - waves
                .iter()
                .map(|&(f, phase, amp)| {
                    (fx / w * f * std::f32::consts::TAU + phase).sin() * amp * h
                })
                .sum::<f32>();
        let colour = if fy > band_top && ((fy + fx * slant) / stripe) as i64 % 2 == 0 {
            mix(
                hills,
                stripes,
                0.55 + 0.35 * (fy - band_top) / (h - band_top),
            )
        } else if fy > ridge {
            mix(hills, bottom, 0.18 * (1.0 - (fy - ridge) / (h - ridge)))
        } else {
            let d = ((fx - sun_x).powi(2) + (fy - sun_y).powi(2)).sqrt();
            let sky = mix(top, bottom, fy / ridge.max(1.0));
            if d < sun_r {
                sun
            } else {
                mix(
                    sun,
                    sky,
                    ((d - sun_r) / (sun_r * 0.35)).min(1.0) * 0.3 + 0.7,
                )
            }
        };
        Rgb(colour)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let (width, height) = args
        .size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .ok_or("--size is WIDTHxHEIGHT, e.g. 480x720")?;
    let slugs = if args.slugs.is_empty() {
        let mut all: Vec<String> = std::fs::read_dir(&args.films)?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        all.sort();
        all
    } else {
        args.slugs
    };
    for slug in &slugs {
        let path = args.films.join(slug).join("poster.jpg");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 86)
            .encode_image(&draw(slug, width, height))?;
        println!("{}", path.display());
    }
    Ok(())
}
