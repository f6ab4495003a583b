//! A deterministic, clearly fictional review export for `marquee import csv`, with the titles
//! that make importing hard, and a check of a site imported from it:
//!
//!     cargo run --release --example gen_export -- write --films 20000 --reviews 4 --out /tmp/export.csv
//!     cargo run --release --example gen_export -- verify --films 20000 --reviews 4 --site SITE [--by-id]
//!
//! Titles are made up from word and syllable lists: a tenth are case twins ("Home" and
//! "HOME") or punctuation twins ("Cargo" and "[Cargo]", "11/11/11" and "11-11-11") of the
//! same year, a tenth are in Cyrillic, Chinese, Korean, Japanese or Arabic letters, some are
//! emoji or punctuation alone, and one film in fifty shares its title and year with another
//! film (a different one, with its own id). Critics and publications are fictional too.
//! `verify` loads the imported site with Marquee's loader and checks that every film is one
//! folder with its exact title, year and its own reviews, and every folder name readable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the export.
    Write {
        #[command(flatten)]
        size: Size,
        /// The CSV to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a site imported from the export of the same size.
    Verify {
        #[command(flatten)]
        size: Size,
        /// The site's root folder.
        #[arg(long)]
        site: PathBuf,
        /// The import found films by id (otherwise by title and year, which cannot tell
        /// apart two films of the same title and year).
        #[arg(long)]
        by_id: bool,
    },
}

#[derive(clap::Args, Clone, Copy)]
struct Size {
    /// Number of films.
    #[arg(long)]
    films: usize,
    /// Reviews per film.
    #[arg(long)]
    reviews: usize,
}

const WORDS: [&str; 24] = [
    "Lantern", "Harbour", "Ledger", "Mother", "Cargo", "Home", "Orchard", "Signal", "Winter",
    "Paper", "Glass", "River", "Quiet", "Last", "Small", "Bright", "Hollow", "Salt", "Iron",
    "Velvet", "North", "Ember", "Copper", "Tide",
];
const SCRIPTS: [&[&str]; 5] = [
    &["Ма", "ть", "Ре", "ка", "Сне", "г", "До", "м"],
    &["花", "樣", "年", "華", "河", "流", "雪", "夜"],
    &["기", "생", "충", "바", "다", "별", "밤", "길"],
    &["千", "と", "の", "神", "隠", "し", "夢", "川"],
    &["ال", "بيت", "نهر", "ليل", "ثلج", "بحر", "نور", "باب"],
];
const ODD: [&str; 4] = ["🎬🌙", "!!!", "…", "?!"];

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// One film of the catalogue.
struct Film {
    id: String,
    title: String,
    year: u16,
}

/// The catalogue: films with the traits above, in a fixed order.
fn films(count: usize) -> Vec<Film> {
    let mut rng = Rng(7);
    let mut out: Vec<Film> = Vec::with_capacity(count);
    while out.len() < count {
        let year = 1950 + rng.below(75) as u16;
        let kind = rng.below(100);
        let words = 1 + rng.below(3);
        let plain: Vec<&str> = (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        let plain = format!("{} {}", plain.join(" "), out.len());
        let titles: Vec<String> = match kind {
            0..=4 => vec![plain.clone(), plain.to_uppercase()],
            5..=9 => vec![plain.clone(), format!("[{plain}]")],
            10..=19 => {
                let script = SCRIPTS[rng.below(SCRIPTS.len())];
                let n = 2 + rng.below(3);
                let title: String = (0..n).map(|_| script[rng.below(script.len())]).collect();
                vec![format!("{title} {}", out.len())]
            }
            20 => vec![format!("{} {}", ODD[rng.below(ODD.len())], out.len())],
            21 => vec![format!(
                "{}/{}/{}",
                out.len() % 90 + 10,
                year % 100,
                year % 7 + 1
            )],
            22 | 23 => vec![plain.clone(), plain.clone()],
            _ => vec![plain],
        };
        for title in titles {
            if out.len() < count {
                out.push(Film {
                    id: format!("{}", 100_000 + out.len()),
                    title,
                    year,
                });
            }
        }
    }
    out
}

/// The reviews of film `i`: critic, publication, date, score.
fn reviews(i: usize, per_film: usize) -> Vec<(String, String, String, u8)> {
    let mut rng = Rng(i as u64 * 31 + 5);
    (0..per_film)
        .map(|n| {
            let critic = if n % 5 == 4 {
                String::new()
            } else {
                format!("Critic {}", rng.below(400))
            };
            let publication = format!("Fictional Paper {}", rng.below(40));
            // The day follows the film, so that two films merged by title and year (which
            // are neighbours in the catalogue) never have two reviews of one identity.
            let date = format!("20{:02}-{:02}-{:02}", 10 + n, 1 + rng.below(12), 1 + i % 28);
            (critic, publication, date, rng.below(101) as u8)
        })
        .collect()
}

fn write(size: Size, out: &Path) {
    let mut csv = csv::Writer::from_path(out).expect("create the CSV");
    csv.write_record([
        "id",
        "title",
        "year",
        "critic_name",
        "publisher_name",
        "review_score",
        "review_date",
        "review_content",
    ])
    .unwrap();
    for (i, film) in films(size.films).iter().enumerate() {
        for (critic, publication, date, score) in reviews(i, size.reviews) {
            csv.write_record([
                &film.id,
                &film.title,
                &film.year.to_string(),
                &critic,
                &publication,
                &score.to_string(),
                &date,
                &format!("A fictional review of film {i}, scored {score}."),
            ])
            .unwrap();
        }
    }
    csv.flush().unwrap();
}

fn verify(size: Size, site: &Path, by_id: bool) -> Result<(), String> {
    let catalogue = films(size.films);
    let (content, problems) =
        marquee::content::load(site, marquee::content::LoadOptions::default());
    let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        return Err(format!(
            "{} errors, the first: {:?}",
            errors.len(),
            errors[0]
        ));
    }
    // What each film must hold: by id, its own reviews; by title and year, films that share
    // both are one film with all their reviews.
    let key = |f: &Film| {
        if by_id {
            f.id.clone()
        } else {
            format!("{}|{}", f.title, f.year)
        }
    };
    let mut expected: BTreeMap<String, (String, u16, Vec<String>)> = BTreeMap::new();
    for (i, film) in catalogue.iter().enumerate() {
        let entry = expected
            .entry(key(film))
            .or_insert_with(|| (film.title.clone(), film.year, Vec::new()));
        for (_, _, _, score) in reviews(i, size.reviews) {
            entry
                .2
                .push(format!("A fictional review of film {i}, scored {score}."));
        }
    }
    let mut found: BTreeMap<String, (String, u16, Vec<String>)> = BTreeMap::new();
    for film in &content.films {
        if !marquee::content::model::is_valid_slug(&film.slug) || film.slug.len() > 100 {
            return Err(format!("unreadable folder name {}", film.slug));
        }
        let k = if by_id {
            film.ids.get("id").cloned().unwrap_or_default()
        } else {
            format!("{}|{}", film.title, film.year)
        };
        let texts = film
            .reviews
            .iter()
            .map(|r| {
                r.excerpt_html
                    .trim()
                    .trim_start_matches("<p>")
                    .trim_end_matches("</p>")
                    .to_string()
            })
            .collect();
        if found
            .insert(k.clone(), (film.title.clone(), film.year, texts))
            .is_some()
        {
            return Err(format!("two folders for one film: {k}"));
        }
    }
    for list in expected.values_mut().chain(found.values_mut()) {
        list.2.sort();
    }
    if found.len() != expected.len() {
        return Err(format!(
            "{} films in the site, {} expected",
            found.len(),
            expected.len()
        ));
    }
    for (k, want) in &expected {
        match found.get(k) {
            Some(have) if have == want => {}
            Some(have) => return Err(format!("{k}: found {have:?}, expected {want:?}")),
            None => return Err(format!("{k}: not in the site")),
        }
    }
    println!(
        "ok: {} films, {} reviews, each film one folder with its exact title and its own reviews",
        found.len(),
        found.values().map(|f| f.2.len()).sum::<usize>()
    );
    Ok(())
}

fn main() {
    match Args::parse().command {
        Command::Write { size, out } => write(size, &out),
        Command::Verify { size, site, by_id } => {
            if let Err(e) = verify(size, &site, by_id) {
                eprintln!("verify failed: {e}");
                std::process::exit(1);
            }
        }
    }
}
