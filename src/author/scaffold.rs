//! New files for authors: a whole starter site (`marquee init`) and single films and reviews
//! (`marquee new`). Every file is created with create-new semantics, so nothing a user wrote
//! is ever overwritten.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::content::model::{
    Date, PLACEHOLDER_EXCERPT, PLACEHOLDER_SYNOPSIS, is_valid_slug, review_file_stem, slugify,
};
use crate::score::normalise_rating;

/// Why a scaffold could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file or folder exists already and is left alone.
    #[error("{0} already exists; Marquee never overwrites it")]
    Exists(PathBuf),
    /// The folder for `init` is not empty.
    #[error(
        "{0} is not empty; `marquee init` only fills a new or empty folder (or one holding only .git, a README and a licence)"
    )]
    NotEmpty(PathBuf),
    /// An argument is invalid.
    #[error("{0}")]
    Invalid(String),
    /// Writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Creates `root/rel` with `text`, refusing to replace anything; returns `rel`.
fn create(root: &Path, rel: PathBuf, text: impl AsRef<[u8]>) -> Result<PathBuf, ScaffoldError> {
    let path = root.join(&rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| {
            if source.kind() == io::ErrorKind::AlreadyExists {
                ScaffoldError::Exists(rel.clone())
            } else {
                ScaffoldError::Io {
                    path: path.clone(),
                    source,
                }
            }
        })?;
    file.write_all(text.as_ref())
        .map_err(|source| ScaffoldError::Io { path, source })?;
    Ok(rel)
}

/// The text of a new film's `index.md`: every field present, the optional ones commented.
fn film_text(title: &str, year: u16, synopsis: &str) -> String {
    format!(
        "+++\ntitle = {}\nyear = {year}\n# release_date = {year}-01-31\n# directors = [\"Name\"]\n# writers = [\"Name\"]\n# composers = [\"Name\"]\n# cast = [\"Name\", \"Name\"]\n# genres = [\"Drama\"]\n# runtime = 100                 # minutes\n# country = \"Country\"\n# language = \"Language\"\n# poster = \"poster.jpg\"         # an image file in this folder\n# consensus = \"One short paragraph: the editors' verdict, shown under the score.\"\n+++\n{synopsis}\n",
        quoted(title)
    )
}

/// Writes `content/films/<slug>/index.md` under `root`; the slug defaults to title and year.
pub fn new_film(
    root: &Path,
    title: &str,
    year: u16,
    slug: Option<&str>,
    synopsis: Option<&str>,
) -> Result<PathBuf, ScaffoldError> {
    if slugify(title).is_empty() {
        return Err(ScaffoldError::Invalid(
            "the title needs at least one letter or digit".into(),
        ));
    }
    if !(1850..=2200).contains(&year) {
        return Err(ScaffoldError::Invalid(format!("{year} is not a film year")));
    }
    let slug = slug.map_or_else(|| format!("{}-{year}", slugify(title)), str::to_string);
    if !is_valid_slug(&slug) {
        return Err(ScaffoldError::Invalid(format!(
            "`{slug}` is not a valid slug: use lowercase letters, digits and single hyphens, e.g. `{}`",
            slugify(&slug)
        )));
    }
    let dir = Path::new("content/films").join(&slug);
    if root.join(&dir).exists() {
        return Err(ScaffoldError::Exists(dir));
    }
    let synopsis = match synopsis.map(str::trim) {
        Some(text) if !text.is_empty() => text,
        _ => PLACEHOLDER_SYNOPSIS,
    };
    let text = film_text(title, year, synopsis);
    loadable(&crate::content::film_errors(text.as_bytes()))?;
    create(root, dir.join("index.md"), &text)
}

/// Refuses to write a file the loader would reject: whatever the flags said, `new` never
/// leaves a file that `check` then fails on.
fn loadable(problems: &[crate::diagnostic::Diagnostic]) -> Result<(), ScaffoldError> {
    let errors: Vec<String> = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| match &d.help {
            Some(help) => format!("{} ({help})", d.message),
            None => d.message.clone(),
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ScaffoldError::Invalid(format!(
            "nothing was written: {}",
            errors.join("; ")
        )))
    }
}

/// What `marquee new review` writes.
#[derive(Debug, Clone, Default)]
pub struct NewReview {
    /// The critic's name (none: uncredited staff).
    pub critic: Option<String>,
    /// The publication's name.
    pub publication: Option<String>,
    /// A 0-100 score.
    pub score: Option<u8>,
    /// A rating in the critic's scale.
    pub rating: Option<String>,
    /// A verdict.
    pub verdict: Option<String>,
    /// The review's date.
    pub date: Option<Date>,
    /// The address of the full review.
    pub url: Option<String>,
    /// The excerpt, in Markdown (none: a placeholder that `check` and `build` point out).
    pub excerpt: Option<String>,
}

/// Writes a review file for the film `film` (its slug) and returns its path.
pub fn new_review(root: &Path, film: &str, review: &NewReview) -> Result<PathBuf, ScaffoldError> {
    let dir = Path::new("content/films").join(film);
    if !root.join(&dir).join("index.md").is_file() {
        return Err(ScaffoldError::Invalid(format!(
            "there is no film `{film}` ({} does not exist); create it with `marquee new film`",
            dir.join("index.md").display()
        )));
    }
    if review.score.is_some() && review.rating.is_some() {
        return Err(ScaffoldError::Invalid(
            "give --score or --rating, not both".into(),
        ));
    }
    if let Some(s) = review.score
        && s > 100
    {
        return Err(ScaffoldError::Invalid(format!(
            "score {s} is out of range: scores are 0 to 100"
        )));
    }
    if let Some(r) = &review.rating {
        normalise_rating(r).map_err(|e| ScaffoldError::Invalid(e.to_string()))?;
    }
    let mut front = String::new();
    if let Some(c) = &review.critic {
        front += &format!("critic = {}\n", quoted(c));
    }
    if let Some(p) = &review.publication {
        front += &format!("publication = {}\n", quoted(p));
    }
    front += &match review.date {
        Some(d) => format!("date = {d}\n"),
        None => "# date = 2024-01-31\n".into(),
    };
    front += &match (review.score, &review.rating) {
        (Some(s), _) => format!("score = {s}\n"),
        (None, Some(r)) => format!("rating = {}\n", quoted(r)),
        (None, None) => "# score = 80                     # or: rating = \"3.5/4\"\n".into(),
    };
    if let Some(v) = &review.verdict {
        front += &format!("verdict = {}\n", quoted(v));
    }
    front += &match &review.url {
        Some(url) => format!("url = {}\n", quoted(url)),
        None => "# url = \"https://example.com/the-full-review\"\n".into(),
    };
    let stem = review_file_stem(
        review.critic.as_deref().unwrap_or_default(),
        review.publication.as_deref().unwrap_or_default(),
    );
    let excerpt = match review.excerpt.as_deref().map(str::trim) {
        Some(excerpt) if !excerpt.is_empty() => excerpt,
        _ => PLACEHOLDER_EXCERPT,
    };
    let text = format!("+++\n{front}+++\n{excerpt}\n");
    loadable(&crate::content::parse_review_bytes(text.as_bytes(), false).1)?;
    create(root, dir.join("reviews").join(format!("{stem}.md")), &text)
}

const CONFIG: &str = r#"# Site settings. Every setting is optional; these are the defaults unless noted.

title = "My Review Site"
# Where the site will be published. Its path decides the prefix of every link, so a site can
# live under a sub-path, e.g. "https://user.github.io/reviews/".
base_url = "/"
description = "Film reviews, aggregated."
# The pages' language: "en", "fr", "de", "es" and "ar" are built in; another needs
# i18n/<language>.toml (docs/configuration.md, "Languages").
language = "en"
# Pass raw HTML in Markdown through. Only for sites that trust every author.
# allow_html = false
# Entries per page of long lists.
# per_page = 100

[scores]
# Scored reviews a film needs before its Metascore is shown ("tbd" until then).
# min_reviews = 4
# Lowest positive and lowest mixed score.
# positive = 61
# mixed = 40
# Reviews with a score or verdict a film needs before its % positive is shown,
# and the lowest % positive called "Fresh".
# percent_positive_min_reviews = 5
# fresh = 60
# Which numbers to show: "metascore", "percent" or "both".
# show = "both"

[publish]
# Where the site is published: "github-pages", "gitlab-pages", "cloudflare-pages",
# "cloudflare-pages-paid", "netlify" or "s3". Build then warns before the site outgrows the
# host's limits, and on Netlify writes redirects it applies.
# host = "netlify"
# Extras a small site can afford: an Atom feed and a JSON file per film, and full review
# cards (excerpts included) on critics' and publications' pages.
# film_feeds = false
# film_json = false
# list_excerpts = false
"#;

/// The note in a new site's `templates/` and `static/`: how overriding works, and every
/// template and static file the built-in theme has.
fn override_note() -> String {
    use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
    let names = |list: Vec<&str>| list.join(", ");
    format!(
        "Files here override Marquee's built-in theme by name, and may add new ones.\n\n\
         `marquee theme export` writes the built-in files here, to edit them; docs/templates.md\n\
         in Marquee's repository lists what each template receives. Markdown files here are\n\
         notes, never templates or content.\n\n\
         templates/: {}\n\n\
         static/ (copied to the site's root; stylesheets and scripts get a hash in their name):\n\
         {}\n",
        names(DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect()),
        names(DEFAULT_STATIC.iter().map(|(n, _)| *n).collect())
    )
}

/// Writes every built-in template into `dir/templates/`, every built-in static file into
/// `dir/static/` and every built-in language file into `dir/i18n/`, so that they can be
/// edited there; returns the files written and the files
/// that existed already, which are left alone.
pub fn export_theme(
    dir: &Path,
    names: &[String],
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), ScaffoldError> {
    use crate::render::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};
    let files: Vec<(PathBuf, &[u8])> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (Path::new("templates").join(name), text.as_bytes()))
        .chain(
            DEFAULT_STATIC
                .iter()
                .map(|(name, bytes)| (Path::new("static").join(name), *bytes)),
        )
        .chain(crate::i18n::BUILT_IN.iter().map(|(name, text)| {
            (
                Path::new("i18n").join(format!("{name}.toml")),
                text.as_bytes(),
            )
        }))
        .collect();
    // A name is a file's name (`film.html`) or its path in the site (`templates/film.html`).
    let named = |rel: &Path, name: &str| {
        rel == Path::new(name) || rel.file_name().is_some_and(|f| f == name)
    };
    let unknown: Vec<&String> = names
        .iter()
        .filter(|name| !files.iter().any(|(rel, _)| named(rel, name)))
        .collect();
    if !unknown.is_empty() {
        let all: Vec<String> = files
            .iter()
            .map(|(rel, _)| rel.display().to_string())
            .collect();
        return Err(ScaffoldError::Invalid(format!(
            "the theme has no file {}; its files are: {} (to write into another site, pass --root DIR)",
            unknown
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            all.join(", ")
        )));
    }
    let chosen = files
        .into_iter()
        .filter(|(rel, _)| names.is_empty() || names.iter().any(|n| named(rel, n)));
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (rel, bytes) in chosen {
        match create(dir, rel.clone(), bytes) {
            Ok(path) => written.push(path),
            Err(ScaffoldError::Exists(path)) => kept.push(path),
            Err(e) => return Err(e),
        }
    }
    Ok((written, kept))
}

/// What a site's repository should not track: the built site and the lock file builds take
/// beside it.
const GITIGNORE: &str = "/public/\n/.public.marquee-lock\n/.marquee-cache/\n";

/// Creates a starter site in `dir`, which must be new, empty, or hold only what a new
/// repository holds (`.git`, a README, a licence); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|source| ScaffoldError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        // A fresh clone of an empty repository (its `.git`, perhaps a README or licence
        // the host made) is a new site's folder too: init writes none of these.
        let of_a_repository = |name: &str| {
            name == ".git"
                || ["README", "LICENSE", "LICENCE", "COPYING"]
                    .iter()
                    .any(|start| name.starts_with(start))
        };
        if entries.any(|e| e.map_or(true, |e| !of_a_repository(&e.file_name().to_string_lossy()))) {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = vec![
        create(dir, "config.toml".into(), CONFIG)?,
        create(dir, "templates/README.md".into(), override_note())?,
        create(dir, "static/README.md".into(), override_note())?,
        create(dir, ".gitignore".into(), GITIGNORE)?,
    ];
    let film = Path::new("content/films/the-example-film-2024");
    written.push(create(
        dir,
        film.join("index.md"),
        "+++\ntitle = \"The Example Film\"\nyear = 2024\nrelease_date = 2024-05-17\ndirectors = [\"Ada Example\"]\ngenres = [\"Drama\"]\nruntime = 100\n+++\nA fictional film, so that the new site has something to show. Replace it with your own.\n",
    )?);
    for (file, critic, publication, grade, text) in [
        (
            "first-critic.md",
            "First Critic",
            "The Example Gazette",
            "score = 88",
            "A *fictional* review: confident and warm.",
        ),
        (
            "second-critic.md",
            "Second Critic",
            "Example Weekly",
            "rating = \"3/4\"",
            "Three stars out of four, in the critic's own scale.",
        ),
        (
            "third-critic.md",
            "Third Critic",
            "The Example Gazette",
            "rating = \"B-\"",
            "A letter grade, converted to 67.",
        ),
        (
            "fourth-critic.md",
            "Fourth Critic",
            "Example Weekly",
            "score = 45",
            "Mixed feelings, and a [link](https://example.com/).",
        ),
    ] {
        written.push(create(
            dir,
            film.join("reviews").join(file),
            format!("+++\ncritic = \"{critic}\"\npublication = \"{publication}\"\ndate = 2024-05-20\n{grade}\n+++\n{text}\n"),
        )?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_film_writes_every_field_and_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let path = new_film(tmp.path(), "Pusher \"II\"", 2004, None, None).unwrap();
        assert_eq!(path, Path::new("content/films/pusher-ii-2004/index.md"));
        let text = fs::read_to_string(tmp.path().join(&path)).unwrap();
        assert!(
            text.contains("title = 'Pusher \"II\"'")
                || text.contains("title = \"Pusher \\\"II\\\"\""),
            "{text}"
        );
        for field in [
            "release_date",
            "directors",
            "writers",
            "composers",
            "cast",
            "genres",
            "runtime",
            "country",
            "language",
            "poster",
            "consensus",
        ] {
            assert!(text.contains(&format!("# {field} =")), "{field}");
        }
        assert!(matches!(
            new_film(tmp.path(), "Pusher \"II\"", 2004, None, None),
            Err(ScaffoldError::Exists(_))
        ));
        assert!(matches!(
            new_film(tmp.path(), "X", 2004, Some("Bad_Slug"), None),
            Err(ScaffoldError::Invalid(_))
        ));
    }

    #[test]
    fn new_review_needs_its_film_and_a_valid_grade() {
        let tmp = tempfile::tempdir().unwrap();
        let review = NewReview {
            critic: Some("Ann".into()),
            rating: Some("B+".into()),
            ..NewReview::default()
        };
        assert!(matches!(
            new_review(tmp.path(), "nope", &review),
            Err(ScaffoldError::Invalid(_))
        ));
        new_film(tmp.path(), "Film", 2000, None, None).unwrap();
        let path = new_review(tmp.path(), "film-2000", &review).unwrap();
        assert_eq!(path, Path::new("content/films/film-2000/reviews/ann.md"));
        assert!(matches!(
            new_review(tmp.path(), "film-2000", &review),
            Err(ScaffoldError::Exists(_))
        ));
        let bad = NewReview {
            rating: Some("5/4".into()),
            ..NewReview::default()
        };
        assert!(matches!(
            new_review(tmp.path(), "film-2000", &bad),
            Err(ScaffoldError::Invalid(_))
        ));
    }

    #[test]
    fn init_refuses_a_folder_with_anything_in_it() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(init(tmp.path()), Err(ScaffoldError::NotEmpty(_))));
        assert_eq!(
            fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
            "mine"
        );
        // A .gitignore of the user's would be overwritten by init's own: refused too.
        let other = tempfile::tempdir().unwrap();
        fs::write(other.path().join(".gitignore"), "mine").unwrap();
        assert!(matches!(
            init(other.path()),
            Err(ScaffoldError::NotEmpty(_))
        ));
    }

    #[test]
    fn init_fills_a_fresh_clone_of_an_empty_repository() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir_all(tmp.path().join(".git/objects")).unwrap();
        fs::write(tmp.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        fs::write(tmp.path().join("README.md"), "# My reviews\n").unwrap();
        fs::write(tmp.path().join("LICENSE"), "mine").unwrap();
        init(tmp.path()).unwrap();
        assert!(tmp.path().join("config.toml").is_file());
        assert_eq!(
            fs::read_to_string(tmp.path().join("README.md")).unwrap(),
            "# My reviews\n"
        );
        assert_eq!(
            fs::read_to_string(tmp.path().join(".git/HEAD")).unwrap(),
            "ref: refs/heads/main\n"
        );
    }
}
