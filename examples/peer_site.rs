//! Lays a Marquee site's content out for a peer's comparison site (`benches/hugo/`,
//! `benches/eleventy/site/`), so that both tools build the same films and reviews in
//! `benches/compare-hugo.sh` and `benches/compare-eleventy.sh`.
//!
//!     cargo run --release --example peer_site -- --tool hugo --from SITE --out PEER_SITE
//!
//! For Hugo each film becomes a branch bundle (`content/films/<slug>/_index.md`) whose
//! `weight` is its rank by Metascore (Hugo's templates sort by it), and each review a page of
//! it carrying its score on the 0-100 scale and its critic as a taxonomy term. For Eleventy
//! the films and their reviews go into `_data/films.json`, from which the site's own code
//! computes the numbers. The peer's templates are copied from `benches/`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

/// The peers a comparison site can be laid out for.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Tool {
    /// Hugo, with the site in `benches/hugo/`.
    Hugo,
    /// Eleventy, with the site in `benches/eleventy/site/`.
    Eleventy,
}

/// Command-line options.
#[derive(Parser)]
struct Args {
    /// Which peer to lay the content out for.
    #[arg(long, value_enum)]
    tool: Tool,
    /// The Marquee site to read.
    #[arg(long)]
    from: PathBuf,
    /// Folder to create for the Hugo site; must not exist.
    #[arg(long)]
    out: PathBuf,
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML array of strings.
fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

/// Rendered HTML back to text for Hugo to render again as Markdown (Hugo drops raw HTML by
/// default, which would leave its pages without the excerpts).
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a file in a folder")).expect("create folder");
    fs::write(path, text).expect("write file");
}

/// Copies the Hugo skeleton (config and layouts) into `to`.
fn copy_skeleton(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("read the skeleton");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(from)
                .expect("inside the skeleton");
            write(
                &to.join(rel),
                &fs::read_to_string(entry.path()).expect("read"),
            );
        }
    }
}

fn main() {
    let args = Args::parse();
    assert!(!args.out.exists(), "{} exists already", args.out.display());
    let (content, problems) =
        marquee::content::load(&args.from, marquee::content::LoadOptions::default());
    assert!(
        !problems.iter().any(|d| d.is_error()),
        "the site has errors; run marquee check"
    );
    let site = marquee::aggregate::build(marquee::config::Config::default(), content);
    let skeleton = match args.tool {
        Tool::Hugo => {
            write_hugo(&site, &args.out);
            "benches/hugo"
        }
        Tool::Eleventy => {
            write_eleventy(&site, &args.out);
            "benches/eleventy/site"
        }
    };
    copy_skeleton(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(skeleton),
        &args.out,
    );
}

/// The Hugo content: a branch bundle per film, a page per scored review.
fn write_hugo(site: &marquee::aggregate::Site, out: &Path) {
    let mut rank = vec![0; site.films.len()];
    for (position, &film) in site.by_metascore.iter().enumerate() {
        rank[film] = position + 1;
    }
    let films = out.join("content/films");
    for (i, entry) in site.films.iter().enumerate() {
        let film = &entry.film;
        let dir = films.join(film.slug.as_str());
        let mut front = format!(
            "title = {}\nweight = {}\n[params]\nyear = {}\n",
            quoted(&film.title),
            rank[i],
            film.year
        );
        if let Some(date) = film.release_date {
            writeln!(front, "release_date = {date}").expect("a string");
        }
        writeln!(front, "directors = {}", list(&film.directors)).expect("a string");
        writeln!(front, "cast = {}", list(&film.cast)).expect("a string");
        writeln!(front, "genres = {}", list(&film.genres)).expect("a string");
        if let Some(runtime) = film.runtime {
            writeln!(front, "runtime = {runtime}").expect("a string");
        }
        for (key, value) in [("country", &film.country), ("language", &film.language)] {
            if let Some(value) = value {
                writeln!(front, "{key} = {}", quoted(value)).expect("a string");
            }
        }
        write(
            &dir.join("_index.md"),
            &format!("+++\n{front}+++\n{}", text_of(&film.synopsis_html)),
        );
        for review in &film.reviews {
            let Some(score) = review.grade.score() else {
                continue;
            };
            let mut front = String::new();
            if let Some(date) = review.date {
                writeln!(front, "date = {date}").expect("a string");
            }
            if let Some(critic) = &review.critic {
                writeln!(front, "critics = [{}]", quoted(critic)).expect("a string");
            }
            front += "[params]\n";
            if let Some(critic) = &review.critic {
                writeln!(front, "critic = {}", quoted(critic)).expect("a string");
            }
            if let Some(publication) = &review.publication {
                writeln!(front, "publication = {}", quoted(publication)).expect("a string");
            }
            writeln!(front, "score = {score}").expect("a string");
            if let Some(url) = &review.url {
                writeln!(front, "url = {}", quoted(url)).expect("a string");
            }
            write(
                &dir.join("reviews").join(format!("{}.md", review.id)),
                &format!("+++\n{front}+++\n{}", text_of(&review.excerpt_html)),
            );
        }
    }
}

/// The Eleventy data: every film with its scored reviews, in one JSON file.
fn write_eleventy(site: &marquee::aggregate::Site, out: &Path) {
    let films: Vec<serde_json::Value> = site
        .films
        .iter()
        .map(|entry| {
            let film = &entry.film;
            let reviews: Vec<serde_json::Value> = film
                .reviews
                .iter()
                .filter_map(|review| {
                    Some(serde_json::json!({
                        "critic": review.critic.as_deref().unwrap_or_default(),
                        "critic_slug": review.critic_slug.as_deref().unwrap_or_default(),
                        "publication": review.publication,
                        "date": review.date.map(|d| d.to_string()),
                        "score": review.grade.score()?,
                        "url": review.url,
                        "excerpt": text_of(&review.excerpt_html),
                    }))
                })
                .collect();
            serde_json::json!({
                "slug": film.slug.as_str(),
                "title": film.title,
                "year": film.year,
                "release_date": film.release_date.map(|d| d.to_string()),
                "directors": film.directors,
                "cast": film.cast,
                "genres": film.genres,
                "runtime": film.runtime,
                "country": film.country,
                "language": film.language,
                "synopsis": text_of(&film.synopsis_html),
                "reviews": reviews,
            })
        })
        .collect();
    write(
        &out.join("_data/films.json"),
        &serde_json::to_string(&films).expect("JSON"),
    );
}
