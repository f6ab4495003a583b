//! Writes a deterministic, clearly fictional film-review site in Marquee's content format,
//! for benchmarks and tests:
//!
//!     cargo run --release --example gen_corpus -- --films 20000 --reviews 20 --out /tmp/corpus
//!
//! Every name is made up from word lists (films, critics and publications alike), and each
//! profile says it is fictional. About 4% of reviews carry a `rating` string instead of a
//! `score`, 3% are uncredited, some publications carry a weight. Besides the site it writes
//! `expected_aggregates.tsv` (slug, title, reviews, metascore, label, positive, mixed,
//! negative), computed here independently of Marquee, so that a build can be checked.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

/// Command-line options.
#[derive(Parser)]
struct Args {
    /// Number of films.
    #[arg(long)]
    films: usize,
    /// Mean reviews per film (each film gets between half and one and a half times this).
    #[arg(long)]
    reviews: usize,
    /// Folder to create; must not exist.
    #[arg(long)]
    out: PathBuf,
    /// Random seed: the same seed always gives byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of critics (at most 16,224); by default about 370. A film never has more
    /// reviews than there are critics.
    #[arg(long)]
    critics: Option<usize>,
}

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const FIRST: &[&str] = &[
    "Ada", "Bram", "Cleo", "Dario", "Edda", "Fenn", "Greta", "Hollis", "Ines", "Jory", "Kaia",
    "Lorcan", "Mira", "Nils", "Orla", "Pim", "Quilla", "Rune", "Saoirse", "Tove", "Ulla", "Vito",
    "Wren", "Xavi", "Ysolde", "Zeno",
];
const LAST: &[&str] = &[
    "Ashgrove",
    "Brindle",
    "Cotterell",
    "Dunmore",
    "Elsworth",
    "Fairweather",
    "Grimsby",
    "Hallowell",
    "Ivesdale",
    "Jessop",
    "Kettlewell",
    "Larkhill",
    "Merriweather",
    "Nethercott",
    "Oakenshaw",
    "Pennyworth",
    "Quarrington",
    "Rookwood",
    "Saltmarsh",
    "Thistlewood",
    "Umberley",
    "Vexley",
    "Whitlock",
    "Yarrow",
];
const ADJ: &[&str] = &[
    "Amber", "Brittle", "Crooked", "Drowned", "Ember", "Feral", "Gilded", "Hushed", "Idle",
    "Jagged", "Kindred", "Lantern", "Molten", "Nameless", "Oblique", "Paper", "Quiet", "Rusted",
    "Salt", "Tidal", "Umber", "Velvet",
];
const NOUN: &[&str] = &[
    "Aviary",
    "Bellwether",
    "Causeway",
    "Dovecote",
    "Estuary",
    "Ferryman",
    "Gazebo",
    "Hinterland",
    "Inlet",
    "Jubilee",
    "Keeper",
    "Lighthouse",
    "Meridian",
    "Nocturne",
    "Orchard",
    "Parlour",
    "Quarry",
    "Reliquary",
    "Saltpan",
    "Threshold",
    "Undertow",
    "Vestibule",
    "Weir",
];
const PLACES: &[&str] = &[
    "Larkspur",
    "Northwind",
    "Gallowmere",
    "Brackenfield",
    "Thornbury",
    "Wexmoor",
    "Caddington",
    "Fenwick",
];
const PAPERS: &[&str] = &[
    "Ledger",
    "Courant",
    "Lantern",
    "Dispatch",
    "Almanac",
    "Bellows",
    "Picture Quarterly",
    "Screen Notes",
];
const GENRES: &[&str] = &[
    "Drama",
    "Comedy",
    "Thriller",
    "Horror",
    "Romance",
    "Documentary",
    "Crime",
    "Mystery",
    "Western",
    "Musical",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("Freedonia", "Freedonian"),
    ("Ruritania", "Ruritanian"),
    ("Sylvania", "Sylvanian"),
    ("Genovia", "Genovian"),
];
const WORDS: &[&str] = &[
    "the",
    "film",
    "patient",
    "luminous",
    "clumsy",
    "tender",
    "ending",
    "camera",
    "quietly",
    "never",
    "finds",
    "its",
    "rhythm",
    "score",
    "lingers",
    "performance",
    "brittle",
    "daring",
    "muddled",
    "gorgeous",
    "overlong",
    "wry",
    "ensemble",
    "drifts",
    "between",
    "grief",
    "comedy",
    "and",
    "a",
    "sharp",
    "third",
    "act",
];
const LETTERS: [(&str, u8); 13] = [
    ("A+", 100),
    ("A", 100),
    ("A-", 91),
    ("B+", 83),
    ("B", 75),
    ("B-", 67),
    ("C+", 58),
    ("C", 50),
    ("C-", 42),
    ("D+", 33),
    ("D", 25),
    ("D-", 16),
    ("F", 0),
];

struct Publication {
    name: String,
    slug: String,
    weight_milli: u64,
}

struct Critic {
    name: String,
    slug: String,
    publication: usize,
}

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `num / den` rounded half up.
fn round_half_up(num: u64, den: u64) -> u64 {
    (2 * num + den) / (2 * den)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| rng.pick(WORDS)).collect();
    let first = s[0].to_string();
    let mut text = first[..1].to_uppercase() + &first[1..];
    s.remove(0);
    for w in s {
        text.push(' ');
        text.push_str(w);
    }
    text + "."
}

/// A rating string in a critic's own scale for a 0-100 score, and its normalised value.
fn rating_for(rng: &mut Rng, score: u64) -> (String, u64) {
    match rng.below(3) {
        0 => {
            let halves = round_half_up(score * 8, 100); // 0..=8 half stars out of 4
            let text = if halves.is_multiple_of(2) {
                format!("{}/4", halves / 2)
            } else {
                format!("{}.5/4", halves / 2)
            };
            (text, round_half_up(halves * 100, 8))
        }
        1 => {
            let tenths = round_half_up(score, 10);
            (format!("{tenths}/10"), tenths * 10)
        }
        _ => {
            let (letter, value) = LETTERS
                .iter()
                .min_by_key(|(_, v)| (i64::from(*v) - score as i64).abs())
                .copied()
                .expect("letters");
            (letter.to_string(), u64::from(value))
        }
    }
}

fn label(metascore: u64) -> &'static str {
    match metascore {
        81.. => "Universal acclaim",
        61..=80 => "Generally favorable reviews",
        40..=60 => "Mixed or average reviews",
        20..=39 => "Generally unfavorable reviews",
        _ => "Overwhelming dislike",
    }
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn main() {
    let args = Args::parse();
    assert!(
        !args.out.exists(),
        "{} exists; remove it first",
        args.out.display()
    );
    let mut rng = Rng(args.seed);
    let content = args.out.join("content");
    for dir in ["films", "critics", "publications"] {
        fs::create_dir_all(content.join(dir)).expect("create content folders");
    }
    write(
        &args.out.join("config.toml"),
        "title = \"Fictional Film Review\"\nbase_url = \"https://example.com/\"\ndescription = \"A generated, entirely fictional review site.\"\n",
    );

    let publications: Vec<Publication> = PLACES
        .iter()
        .flat_map(|place| {
            PAPERS
                .iter()
                .map(move |paper| format!("The {place} {paper}"))
        })
        .enumerate()
        .map(|(i, name)| Publication {
            slug: slugify(&name),
            name,
            weight_milli: if i % 10 == 0 { 1500 } else { 1000 },
        })
        .collect();
    for p in &publications {
        let weight = if p.weight_milli == 1000 {
            String::new()
        } else {
            format!("weight = {}\n", p.weight_milli as f64 / 1000.0)
        };
        write(
            &content.join("publications").join(format!("{}.md", p.slug)),
            &format!(
                "+++\nname = \"{}\"\nurl = \"https://{}.example.com/\"\n{weight}+++\nA fictional publication generated for testing.\n",
                p.name, p.slug
            ),
        );
    }
    let mut critics: Vec<Critic> = Vec::new();
    match args.critics {
        Some(n) => {
            let most = FIRST.len() * 26 * LAST.len();
            assert!(n <= most, "at most {most} critics");
            for i in 0..n {
                let initial = char::from(b'A' + (i / FIRST.len() % 26) as u8);
                let name = format!(
                    "{} {initial}. {}",
                    FIRST[i % FIRST.len()],
                    LAST[i / (FIRST.len() * 26)]
                );
                let publication = rng.below(publications.len());
                critics.push(Critic {
                    slug: slugify(&name),
                    name,
                    publication,
                });
            }
        }
        None => {
            for first in FIRST {
                for last in LAST {
                    if rng.chance(60) {
                        let name = format!("{first} {last}");
                        let publication = rng.below(publications.len());
                        critics.push(Critic {
                            slug: slugify(&name),
                            name,
                            publication,
                        });
                    }
                }
            }
        }
    }
    for c in &critics {
        write(
            &content.join("critics").join(format!("{}.md", c.slug)),
            &format!(
                "+++\nname = \"{}\"\npublication = \"{}\"\n+++\nA fictional critic generated for testing.\n",
                c.name, publications[c.publication].name
            ),
        );
    }

    let mut expected =
        String::from("slug\ttitle\treviews\tmetascore\tlabel\tpositive\tmixed\tnegative\n");
    let mut used = std::collections::HashSet::new();
    let mut total_reviews = 0;
    for _ in 0..args.films {
        let title = match rng.below(3) {
            0 => format!("The {} {}", rng.pick(ADJ), rng.pick(NOUN)),
            1 => format!("{} of {}", rng.pick(NOUN), rng.pick(PLACES)),
            _ => format!("{} {}", rng.pick(ADJ), rng.pick(NOUN)),
        };
        let year = 1950 + rng.below(76) as u64;
        let base = format!("{}-{year}", slugify(&title));
        let mut slug = base.clone();
        let mut k = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        let dir = content.join("films").join(&slug);
        fs::create_dir_all(dir.join("reviews")).expect("create film folder");
        let (country, language) = COUNTRIES[rng.below(COUNTRIES.len())];
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let genre = rng.pick(GENRES);
        let director = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let cast: Vec<String> = (0..3)
            .map(|_| format!("\"{} {}\"", rng.pick(FIRST), rng.pick(LAST)))
            .collect();
        let synopsis = (0..4)
            .map(|_| sentence(&mut rng, 12))
            .collect::<Vec<_>>()
            .join(" ");
        write(
            &dir.join("index.md"),
            &format!(
                "+++\ntitle = \"{title}\"\nyear = {year}\nrelease_date = {year}-{month:02}-{day:02}\ndirectors = [\"{director}\"]\ncast = [{}]\ngenres = [\"{genre}\"]\nruntime = {}\ncountry = \"{country}\"\nlanguage = \"{language}\"\n+++\n{synopsis}\n\nIn *{title}*, nothing is quite what it seems.\n",
                cast.join(", "),
                80 + rng.below(90)
            ),
        );

        let quality = 25 + rng.below(70) as i64;
        let count = args.reviews / 2 + rng.below(args.reviews.max(1));
        let mut chosen = std::collections::BTreeSet::new();
        while chosen.len() < count.min(critics.len()) {
            chosen.insert(rng.below(critics.len()));
        }
        let (mut num, mut den, mut bands) = (0u64, 0u64, [0usize; 3]);
        for &c in &chosen {
            let critic = &critics[c];
            let publication = &publications[critic.publication];
            let raw = (quality + rng.below(41) as i64 - 20).clamp(0, 100) as u64;
            let uncredited = rng.chance(3);
            let (grade_line, score) = if rng.chance(4) {
                let (text, score) = rating_for(&mut rng, raw);
                (format!("rating = \"{text}\""), score)
            } else {
                (format!("score = {raw}"), raw)
            };
            num += score * publication.weight_milli;
            den += publication.weight_milli;
            bands[if score >= 61 {
                0
            } else if score >= 40 {
                1
            } else {
                2
            }] += 1;
            let mut front = String::new();
            if !uncredited {
                let _ = writeln!(front, "critic = \"{}\"", critic.name);
            }
            let _ = writeln!(front, "publication = \"{}\"", publication.name);
            let _ = writeln!(
                front,
                "date = {}-{month:02}-{:02}",
                (year + rng.below(2) as u64).min(2025),
                1 + rng.below(28)
            );
            let _ = writeln!(front, "{grade_line}");
            if rng.chance(60) {
                let _ = writeln!(
                    front,
                    "url = \"https://{}.example.com/reviews/{slug}\"",
                    publication.slug
                );
            }
            let excerpt = (0..3)
                .map(|_| sentence(&mut rng, 10))
                .collect::<Vec<_>>()
                .join(" ");
            let file = format!(
                "{}.md",
                if uncredited {
                    format!("staff-{}-{c}", publication.slug)
                } else {
                    critic.slug.clone()
                }
            );
            write(
                &dir.join("reviews").join(file),
                &format!("+++\n{front}+++\n{excerpt}\n"),
            );
        }
        total_reviews += chosen.len();
        let metascore = if den > 0 { round_half_up(num, den) } else { 0 };
        let _ = writeln!(
            expected,
            "{slug}\t{title}\t{}\t{metascore}\t{}\t{}\t{}\t{}",
            chosen.len(),
            label(metascore),
            bands[0],
            bands[1],
            bands[2]
        );
    }
    write(&args.out.join("expected_aggregates.tsv"), &expected);
    println!(
        "{}: {} films, {total_reviews} reviews, {} critics, {} publications (all fictional)",
        args.out.display(),
        args.films,
        critics.len(),
        publications.len()
    );
}
