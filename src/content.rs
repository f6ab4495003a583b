//! Finds and reads every file under `content/`, turning each into validated model data.
//!
//! Files are read and parsed in parallel. A bad file never stops the others: each problem
//! becomes a [`Diagnostic`] pointing at the file, line and column, and loading goes on so that
//! one run reports everything. See the README's authoring guide for the format.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::markdown;
use crate::model::{
    Content, CriticProfile, Date, Film, Grade, PublicationProfile, Review, is_valid_slug, slugify,
};
use crate::score::{self, Band, ScoreConfig};

/// Options that change how content is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Pass raw HTML in Markdown through (see `Config::allow_html`).
    pub allow_html: bool,
    /// Today's date, for the "review dated in the future" warning; `None` skips the check.
    pub today: Option<Date>,
    /// Score thresholds, to note verdicts that disagree with their score's band.
    pub scores: ScoreConfig,
    /// Where to count the files read, for a progress display.
    pub progress: Option<&'a crate::progress::Progress>,
}

/// What a file under `content/` is, decided by where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Film { slug: String },
    Review { film: String },
    ReviewBatch { film: String },
    FilmAsset,
    Critic,
    Publication,
}

/// Reads the whole `content/` folder of the site at `root`.
///
/// Returns the content that could be read and every problem found; the caller decides
/// whether errors among the diagnostics stop the build.
pub fn load(root: &Path, options: LoadOptions<'_>) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("E002", Path::new("content"), "the site has no `content/` folder")
                .help("run marquee in the site's root folder, or pass --root; `content/films/<slug>/index.md` holds a film"),
        );
        return (Content::default(), diagnostics);
    }
    let (files, film_dirs) = discover(root, &content_dir, &mut diagnostics);

    // Each film folder is walked and its files parsed inside the parallel loop, so the
    // walking of one folder overlaps with the parsing of another.
    let films: Vec<(Option<Film>, Vec<Diagnostic>)> = film_dirs
        .par_iter()
        .map(|slug| load_film(root, slug, options))
        .collect();
    let profiles: Vec<(Parsed, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(path, kind)| parse_file(root, path, kind, options))
        .collect();
    let mut content = Content::default();
    for (item, mut problems) in profiles {
        diagnostics.append(&mut problems);
        match item {
            Parsed::Critic(c) => content.critics.push(c),
            Parsed::Publication(p) => content.publications.push(p),
            // Film folders are not descended into above: their files come from `load_film`.
            Parsed::Film(_) | Parsed::Reviews(..) | Parsed::Nothing => {}
        }
    }
    for (film, mut problems) in films {
        diagnostics.append(&mut problems);
        content.films.extend(film);
    }
    content.critics.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.publications.sort_by(|a, b| a.slug.cmp(&b.slug));
    (content, diagnostics)
}

/// Reads one film folder, `content/films/<slug>/`: the film with its reviews (in no
/// particular order) and the problems found. [`load`] reads every folder this way; the
/// preview server uses it to re-read only the folder that changed.
pub fn load_film(
    root: &Path,
    slug: &str,
    options: LoadOptions<'_>,
) -> (Option<Film>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let dir = root.join("content/films").join(slug);
    let (files, _) = discover(root, &dir, &mut diagnostics);
    let mut film = None;
    let mut reviews = Vec::new();
    for (path, kind) in &files {
        let (item, mut problems) = parse_file(root, path, kind, options);
        diagnostics.append(&mut problems);
        match item {
            Parsed::Film(f) => film = Some(*f),
            Parsed::Reviews(mut list) => reviews.append(&mut list),
            _ => {}
        }
    }
    match film {
        Some(mut film) => {
            crate::model::identify_reviews(&mut reviews);
            film.reviews.append(&mut reviews);
            (Some(film), diagnostics)
        }
        None => {
            if !has_index_error(&diagnostics, slug) {
                diagnostics.push(no_index(slug));
            }
            (None, diagnostics)
        }
    }
}

/// The first bytes of a file (empty when it cannot be read), enough to tell its format.
fn file_head(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(16).read_to_end(&mut head);
    }
    head
}

/// Control characters that HTML and XML may not carry: C0 but tab, line feed and carriage
/// return; DEL and C1.
fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// The first control character of `text` (see [`is_control`]) and where it is: a byte scan,
/// since every file is checked and controls are single bytes or 0xC2 0x80-0x9F in UTF-8.
fn first_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })?;
    text[at..].chars().next().map(|c| (at, c))
}

/// The error for a film folder without `index.md`.
fn no_index(slug: &str) -> Diagnostic {
    Diagnostic::error(
        "E005",
        &Path::new("content/films").join(slug),
        "this film folder has no `index.md`",
    )
    .help("add `index.md` with `title` and `year` in its front matter, or remove the folder")
}

fn has_index_error(diagnostics: &[Diagnostic], slug: &str) -> bool {
    let index = Path::new("content/films").join(slug).join("index.md");
    diagnostics.iter().any(|d| d.path == index)
}

/// Walks `start` (`content/` or one film folder) and classifies each file by its place.
/// Returns the files to parse and the film folders met, which are not descended into.
fn discover(
    root: &Path,
    start: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(PathBuf, Kind)>, Vec<String>) {
    let mut files = Vec::new();
    let mut film_dirs = Vec::new();
    let mut walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(e.file_name().to_string_lossy().as_ref()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
                diagnostics.push(Diagnostic::error(
                    "E001",
                    &relative(root, &path),
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::warning(
                    "W002",
                    &rel,
                    "symbolic links are not followed; this one is skipped",
                )
                .help("copy the file into the site instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            if let ["content", "films", slug] = parts[..]
                && entry.depth() > 0
            {
                // Film folders are walked separately, in parallel (see `load`).
                walker.skip_current_dir();
                if is_valid_slug(slug) {
                    film_dirs.push(slug.to_string());
                } else {
                    let fixed = slugify(slug);
                    diagnostics.push(
                        Diagnostic::error("E004", &rel, format!("`{slug}` is not a valid film slug"))
                            .help(format!(
                                "folder names are the films' URLs: use lowercase letters, digits and single hyphens, e.g. rename it to `{}`",
                                if fixed.is_empty() { "my-film-1996".to_string() } else { fixed }
                            )),
                    );
                }
            }
            continue;
        }
        let kind = match parts[..] {
            ["content", "films", slug, "index.md"] => Kind::Film { slug: slug.into() },
            ["content", "films", slug, "reviews", name] if name.ends_with(".md") => {
                Kind::Review { film: slug.into() }
            }
            ["content", "films", slug, "reviews.toml"] => Kind::ReviewBatch { film: slug.into() },
            ["content", "films", _, name] if !name.ends_with(".md") => Kind::FilmAsset,
            ["content", "critics", name] if name.ends_with(".md") => Kind::Critic,
            ["content", "publications", name] if name.ends_with(".md") => Kind::Publication,
            _ => {
                diagnostics.push(
                    Diagnostic::warning("W001", &rel, "Marquee does not read a file in this place; it is ignored")
                        .help("films live in content/films/<slug>/index.md, reviews in content/films/<slug>/reviews/<name>.md, profiles in content/critics/ and content/publications/"),
                );
                continue;
            }
        };
        let in_bad_film = matches!(&kind, Kind::Film { slug } | Kind::Review { film: slug } | Kind::ReviewBatch { film: slug } if !is_valid_slug(slug));
        if kind != Kind::FilmAsset && !in_bad_film {
            files.push((entry.into_path(), kind));
        }
    }
    (files, film_dirs)
}

/// Hidden files and editors' temporary files, which are never content.
fn is_ignored_name(name: &str) -> bool {
    (name.starts_with('.') && name != ".")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

enum Parsed {
    Film(Box<Film>),
    Reviews(Vec<Review>),
    Critic(CriticProfile),
    Publication(PublicationProfile),
    Nothing,
}

/// One file's text, its path for messages, and the problems found in it so far.
struct Source<'a> {
    rel: PathBuf,
    text: &'a str,
    problems: Vec<Diagnostic>,
    options: LoadOptions<'a>,
}

impl Source<'_> {
    /// Reports a string whose escapes (`\u0007`, `\b`...) make a control character, which
    /// pages and feeds cannot carry. Only called when the text has a backslash at all.
    fn escaped_control(&mut self, toml_text: &str, offset: usize) -> bool {
        fn find(value: &toml::Value) -> Option<char> {
            match value {
                toml::Value::String(s) => s.chars().find(|&c| is_control(c)),
                toml::Value::Array(items) => items.iter().find_map(find),
                toml::Value::Table(table) => table.values().find_map(find),
                _ => None,
            }
        }
        let Some(c) = toml::from_str::<toml::Table>(toml_text)
            .ok()
            .and_then(|t| t.values().find_map(find))
        else {
            return false;
        };
        let code = format!("{:04x}", u32::from(c));
        let lower = toml_text.to_ascii_lowercase();
        let at = [format!("\\u{code}"), format!("\\u0000{code}")]
            .iter()
            .find_map(|e| lower.find(e.as_str()))
            .or_else(|| lower.find('\\'))
            .unwrap_or(0);
        self.error(
            "E006",
            Some(offset + at..offset + at + 2),
            format!(
                "this string holds the control character U+{:04X}",
                u32::from(c)
            ),
            "web pages and feeds cannot carry this invisible character; remove the escape",
        );
        true
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(
            Diagnostic::error(code, &self.rel, message)
                .at_opt(self.text, span)
                .help(help),
        );
    }

    fn warning(
        &mut self,
        code: &'static str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(
            Diagnostic::warning(code, &self.rel, message)
                .at_opt(self.text, span)
                .help(help),
        );
    }

    /// Parses front matter TOML, reporting its errors at the right place in the file. An
    /// unknown field is reported and then set aside, so that the fields around it are still
    /// checked (a misspelt field and an out-of-range score show up in the same run).
    fn toml<T: for<'de> Deserialize<'de>>(&mut self, toml_text: &str, offset: usize) -> Option<T> {
        let mut text = std::borrow::Cow::Borrowed(toml_text);
        // Each round sets one unknown field aside; a file has only so many lines.
        for _ in 0..=toml_text.lines().count() {
            let e = match toml::from_str::<T>(&text) {
                Ok(_) if toml_text.contains('\\') && self.escaped_control(toml_text, offset) => {
                    return None;
                }
                // With any field set aside the file has an error already; the value is still
                // checked so that its other problems are reported too.
                Ok(value) => return Some(value),
                Err(e) => e,
            };
            let span = e.span().map(|s| offset + s.start..offset + s.end);
            let message = e
                .message()
                .trim()
                .replace("expected i64", "expected a whole number")
                .replace("expected f64", "expected a number");
            let unknown = message.starts_with("unknown field");
            let help = if unknown {
                "check the spelling; the README's authoring guide lists every field"
            } else if message.starts_with("missing field") {
                "add the field"
            } else if offset == 0 {
                "this file is TOML: strings in double quotes, dates as 2013-07-15, numbers bare"
            } else {
                "front matter is TOML: strings in double quotes, dates as 2013-07-15, numbers bare"
            };
            self.error("E003", span.or(Some(offset..offset)), message, help);
            match e.span().filter(|_| unknown) {
                Some(key) if set_aside(text.to_mut(), key.clone()) => {}
                _ => return None,
            }
        }
        None
    }
}

/// Blanks out the entry of `toml_text` whose key is at `key` (its key, `=` and value become
/// spaces; line breaks stay, so every other span and line number is unchanged). False when
/// no such entry is found.
fn set_aside(toml_text: &mut String, key: Range<usize>) -> bool {
    fn value_end(table: &toml::de::DeTable<'_>, key: &Range<usize>) -> Option<usize> {
        table.iter().find_map(|(k, v)| {
            if k.span() == *key {
                Some(v.span().end)
            } else {
                within(v.get_ref(), key)
            }
        })
    }
    fn within(value: &toml::de::DeValue<'_>, key: &Range<usize>) -> Option<usize> {
        match value {
            toml::de::DeValue::Table(t) => value_end(t, key),
            toml::de::DeValue::Array(items) => items.iter().find_map(|v| within(v.get_ref(), key)),
            _ => None,
        }
    }
    let Some(end) = toml::de::DeTable::parse(toml_text)
        .ok()
        .and_then(|t| value_end(t.get_ref(), &key))
    else {
        return false;
    };
    let blank: String = toml_text[key.start..end]
        .chars()
        .flat_map(|c| {
            let keep = c == '\n' || c == '\r';
            std::iter::repeat_n(
                if keep { c } else { ' ' },
                if keep { 1 } else { c.len_utf8() },
            )
        })
        .collect();
    toml_text.replace_range(key.start..end, &blank);
    true
}

fn parse_file(
    root: &Path,
    path: &Path,
    kind: &Kind,
    options: LoadOptions<'_>,
) -> (Parsed, Vec<Diagnostic>) {
    let rel = relative(root, path);
    crate::progress::Progress::bump(options.progress, |p| &p.files_read);
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(root, path, rel, bytes, kind, options),
        Err(e) => (
            Parsed::Nothing,
            vec![Diagnostic::error(
                "E001",
                &rel,
                format!("cannot read the file: {e}"),
            )],
        ),
    }
}

/// Parses one review file's bytes (`batch`: as a `reviews.toml`), as the loader would; for
/// fuzzing and tests.
pub fn parse_review_bytes(bytes: &[u8], batch: bool) -> (Vec<Review>, Vec<Diagnostic>) {
    let (kind, name) = if batch {
        (
            Kind::ReviewBatch {
                film: "fuzz".into(),
            },
            "content/films/fuzz/reviews.toml",
        )
    } else {
        (
            Kind::Review {
                film: "fuzz".into(),
            },
            "content/films/fuzz/reviews/fuzz.md",
        )
    };
    let path = Path::new(name);
    let (parsed, problems) = parse_bytes(
        Path::new(""),
        path,
        path.to_path_buf(),
        bytes.to_vec(),
        &kind,
        LoadOptions::default(),
    );
    match parsed {
        Parsed::Reviews(reviews) => (reviews, problems),
        _ => (Vec::new(), problems),
    }
}

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
/// names one of [`POSTER_FORMATS`] and its bytes are that format; `None` otherwise.
pub fn image_format(name: &str, head: &[u8]) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let (names, magic) = POSTER_FORMATS
        .iter()
        .find(|(names, _)| names.contains(&extension.as_str()))?;
    let matches =
        head.len() >= magic.len() && magic.iter().zip(head).all(|(&m, &b)| m == b'?' || m == b);
    matches.then_some(names[0])
}

/// The errors the loader would find in a film's `index.md` made of `bytes` (for `new film`
/// and `import`, which never write a file that `check` would reject).
pub fn film_errors(bytes: &[u8]) -> Vec<Diagnostic> {
    let path = Path::new("content/films/new/index.md");
    let kind = Kind::Film { slug: "new".into() };
    let (_, problems) = parse_bytes(
        Path::new(""),
        path,
        path.to_path_buf(),
        bytes.to_vec(),
        &kind,
        LoadOptions::default(),
    );
    problems.into_iter().filter(Diagnostic::is_error).collect()
}

/// The longest synopsis summary kept for meta descriptions (search engines show about 155).
const SUMMARY_CHARS: usize = 160;

/// The largest content file Marquee reads: far above any real review or synopsis, low enough
/// that a stray binary or generated blob cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

fn parse_bytes(
    root: &Path,
    path: &Path,
    rel: PathBuf,
    bytes: Vec<u8>,
    kind: &Kind,
    options: LoadOptions<'_>,
) -> (Parsed, Vec<Diagnostic>) {
    if bytes.len() > MAX_FILE_BYTES {
        return (
            Parsed::Nothing,
            vec![Diagnostic::error(
                "E019",
                &rel,
                format!("the file is {} MB; content files may be at most {} MB", bytes.len() / 1_000_000, MAX_FILE_BYTES / 1024 / 1024),
            )
            .help("excerpts and synopses are short texts: keep the quote and link to the full review with `url`")],
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            return (
                Parsed::Nothing,
                vec![
                    Diagnostic::error("E006", &rel, "the file is not valid UTF-8")
                        .at(&valid, at..at)
                        .help(
                            "save the file as UTF-8 (most editors offer this under \"encoding\")",
                        ),
                ],
            );
        }
    };
    let mut src = Source {
        rel,
        text: &text,
        problems: Vec::new(),
        options,
    };
    if let Some((at, c)) = first_control(&text) {
        let (message, help) = if c == '\0' {
            (
                "the file contains a NUL byte".to_string(),
                "content files are text; remove the stray byte or re-save the file",
            )
        } else {
            (
                format!(
                    "the file contains the control character U+{:04X}",
                    u32::from(c)
                ),
                "content files are text, and web pages and feeds cannot carry this invisible character; delete it",
            )
        };
        src.error("E006", Some(at..at + c.len_utf8()), message, help);
        return (Parsed::Nothing, src.problems);
    }
    let parsed = match kind {
        Kind::ReviewBatch { .. } => parse_review_batch(&mut src),
        _ => match frontmatter::split(&text) {
            Err(e) => {
                src.error("E007", Some(e.span), e.message, e.help);
                Parsed::Nothing
            }
            Ok(split) => match kind {
                Kind::Film { slug } => parse_film(&mut src, root, path, slug, &split),
                Kind::Review { .. } => parse_review(&mut src, &split)
                    .map_or(Parsed::Nothing, |r| Parsed::Reviews(vec![r])),
                Kind::Critic => parse_critic(&mut src, path, &split),
                Kind::Publication => parse_publication(&mut src, path, &split),
                Kind::ReviewBatch { .. } | Kind::FilmAsset => Parsed::Nothing,
            },
        },
    };
    (parsed, src.problems)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilmFront {
    title: Spanned<String>,
    year: Spanned<i64>,
    release_date: Option<Spanned<Datetime>>,
    #[serde(default)]
    directors: Vec<String>,
    #[serde(default)]
    cast: Vec<String>,
    #[serde(default)]
    genres: Vec<String>,
    runtime: Option<Spanned<i64>>,
    country: Option<String>,
    language: Option<String>,
    poster: Option<Spanned<String>>,
}

fn parse_film(
    src: &mut Source,
    root: &Path,
    path: &Path,
    slug: &str,
    split: &frontmatter::Split,
) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<FilmFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let span = |r: Range<usize>| Some(off + r.start..off + r.end);
    let title = front.title.get_ref().trim().to_string();
    if title.is_empty() {
        src.error(
            "E008",
            span(front.title.span()),
            "the title is empty",
            "give the film its title",
        );
    }
    let year = match u16::try_from(*front.year.get_ref()) {
        Ok(y @ 1850..=2200) => y,
        _ => {
            src.error(
                "E009",
                span(front.year.span()),
                "the year is not a plausible film year",
                "write the four-digit release year, e.g. `year = 1996`",
            );
            0
        }
    };
    let release_date = front.release_date.and_then(|d| to_date(src, d, off));
    let runtime = front
        .runtime
        .and_then(|r| match u32::try_from(*r.get_ref()) {
            Ok(m @ 1..=10_000) => Some(m),
            _ => {
                src.error(
                    "E009",
                    span(r.span()),
                    "the runtime must be a positive number of minutes",
                    "write it in minutes, e.g. `runtime = 105`",
                );
                None
            }
        });
    let poster = front.poster.and_then(|p| {
        let name = p.get_ref();
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != ".";
        let film_dir = path.parent().unwrap_or(root);
        if !plain {
            src.error("E011", span(p.span()), "`poster` must be the name of an image file in the film's folder", "put the image beside index.md and give only its file name, e.g. `poster = \"poster.jpg\"`");
            None
        } else if std::fs::symlink_metadata(film_dir.join(name)).is_ok_and(|m| m.file_type().is_symlink()) {
            src.error(
                "E011",
                span(p.span()),
                format!("the poster `{name}` is a symbolic link, which Marquee does not follow"),
                "copy the image into the film's folder instead of linking to it",
            );
            None
        } else if !film_dir.join(name).is_file() {
            src.warning("W009", span(p.span()), format!("the poster file `{name}` does not exist; the page is built without a poster"), format!("add `{name}` to {}, or remove the `poster` field", relative(root, film_dir).display()));
            None
        } else if image_format(name, &file_head(&film_dir.join(name))).is_none() {
            src.error("E011", span(p.span()), format!("the poster `{name}` is not an image file"), "a poster is a JPEG, PNG, GIF, WebP or AVIF image whose name ends in its format (poster.jpg, poster.png...)");
            None
        } else {
            Some(name.clone())
        }
    });
    if src.problems.iter().any(Diagnostic::is_error) {
        return Parsed::Nothing;
    }
    Parsed::Film(Box::new(Film {
        slug: slug.to_string(),
        title,
        year,
        release_date,
        directors: front.directors,
        cast: front.cast,
        genres: front.genres,
        runtime,
        country: front.country,
        language: front.language,
        poster,
        synopsis_html: markdown::render(split.body, src.options.allow_html),
        summary: markdown::summary(split.body, SUMMARY_CHARS),
        reviews: Vec::new(),
        source: src.rel.clone(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFront {
    critic: Option<Spanned<String>>,
    publication: Option<Spanned<String>>,
    date: Option<Spanned<Datetime>>,
    url: Option<Spanned<String>>,
    score: Option<Spanned<i64>>,
    rating: Option<Spanned<String>>,
    assigned: Option<Spanned<bool>>,
    verdict: Option<Spanned<String>>,
    /// Only in `reviews.toml`, where there is no Markdown body.
    excerpt: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBatch {
    #[serde(default)]
    review: Vec<ReviewFront>,
}

fn parse_review(src: &mut Source, split: &frontmatter::Split) -> Option<Review> {
    let off = split.front_matter_offset;
    let front = src.toml::<ReviewFront>(split.front_matter, off)?;
    if let Some(e) = &front.excerpt {
        src.error("E003", Some(off + e.span().start..off + e.span().end), "`excerpt` belongs in reviews.toml; in a review file the excerpt is the text after the front matter", "move the text below the closing `+++`");
        return None;
    }
    review_from(src, front, split.body, off)
}

fn parse_review_batch(src: &mut Source) -> Parsed {
    let text = src.text;
    let Some(batch) = src.toml::<ReviewBatch>(text, 0) else {
        return Parsed::Nothing;
    };
    let mut reviews = Vec::new();
    for mut front in batch.review {
        let excerpt = front
            .excerpt
            .take()
            .map(Spanned::into_inner)
            .unwrap_or_default();
        if let Some(review) = review_from(src, front, &excerpt, 0) {
            reviews.push(review);
        }
    }
    Parsed::Reviews(reviews)
}

/// Validates one review's fields; `off` is where its TOML starts in the file.
fn review_from(src: &mut Source, front: ReviewFront, excerpt: &str, off: usize) -> Option<Review> {
    let before = src.problems.iter().filter(|d| d.is_error()).count();
    let span = |r: Range<usize>| Some(off + r.start..off + r.end);
    let critic = non_empty(src, front.critic, off, "critic");
    let publication = non_empty(src, front.publication, off, "publication");
    let date = front.date.and_then(|d| {
        let sp = d.span();
        let date = to_date(src, d, off)?;
        if let Some(today) = src.options.today
            && date > today
        {
            src.warning(
                "W003",
                span(sp),
                format!("this review is dated {date}, in the future"),
                "check the year; the review is built as written",
            );
        }
        Some(date)
    });
    let url = front.url.and_then(|u| {
        let lower = u.get_ref().trim().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            Some(encode_url(u.get_ref().trim()))
        } else {
            src.error(
                "E012",
                span(u.span()),
                "`url` must be an http or https address",
                "write the full address of the review, e.g. \"https://example.com/review\"",
            );
            None
        }
    });
    let grade = match (front.score, front.rating) {
        (Some(s), Some(r)) => {
            src.error(
                "E013",
                span(r.span()),
                "a review has either `score` or `rating`, not both",
                format!(
                    "keep `score = {}` or `rating = {:?}`",
                    s.get_ref(),
                    r.get_ref()
                ),
            );
            Grade::Ungraded
        }
        (Some(s), None) => match u8::try_from(*s.get_ref()) {
            Ok(v @ 0..=100) => Grade::Score(v),
            _ => {
                src.error("E010", span(s.span()), format!("score {} is out of range", s.get_ref()), "scores are whole numbers from 0 to 100; for a grade in another scale use `rating`, e.g. rating = \"3.5/4\"");
                Grade::Ungraded
            }
        },
        (None, Some(r)) => match score::normalise_rating(r.get_ref()) {
            Ok(score) => {
                if let Some(scale) = score::unusual_scale(r.get_ref()) {
                    src.problems.push(
                        Diagnostic::note("I002", &src.rel, format!("this rating is out of {scale}, an unusual scale"))
                            .at_opt(src.text, span(r.span()))
                            .help("most critics grade out of 4, 5, 10 or 100; if this one does not, check the rating was not mistyped"),
                    );
                }
                Grade::Rating {
                    original: r.get_ref().trim().to_string(),
                    score,
                }
            }
            Err(e) => {
                src.error("E014", span(r.span()), e.to_string(), "fractions are out of a whole number from 2 to 100 (\"3.5/4\", \"8/10\", \"14/20\"); letters run from A+ to F");
                Grade::Ungraded
            }
        },
        (None, None) => Grade::Ungraded,
    };
    let assigned = front.assigned.is_some_and(|a| {
        if *a.get_ref() && !matches!(grade, Grade::Score(_)) {
            src.error("E015", span(a.span()), "`assigned = true` needs a `score`", "`assigned` marks a score the editors gave an ungraded review: add `score = N`, or remove `assigned`");
        }
        *a.get_ref()
    });
    let verdict = front.verdict.and_then(|v| {
        let sp = span(v.span());
        let verdict = match v.get_ref().trim().to_ascii_lowercase().as_str() {
            "positive" | "fresh" => Band::Positive,
            "mixed" => Band::Mixed,
            "negative" | "rotten" => Band::Negative,
            other => {
                src.error("E021", sp, format!("`{other}` is not a verdict"), "a verdict is \"positive\", \"mixed\" or \"negative\" (\"fresh\" and \"rotten\" also work)");
                return None;
            }
        };
        if let Some(score) = grade.score() {
            let band = src.options.scores.band(score);
            if band != verdict {
                src.problems.push(
                    Diagnostic::note("I001", &src.rel, format!("the verdict is {} but the score {score} is {}", verdict.as_str(), band.as_str()))
                        .at_opt(src.text, sp)
                        .help("the critic's verdict decides the review's band; this is only a note"),
                );
            }
        }
        Some(verdict)
    });
    if src.problems.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(Review {
        verdict,
        critic,
        publication,
        date,
        url,
        grade,
        assigned,
        excerpt_html: markdown::render(excerpt, src.options.allow_html),
        source: src.rel.clone(),
        id: String::new(),
    })
}

fn non_empty(
    src: &mut Source,
    value: Option<Spanned<String>>,
    off: usize,
    field: &str,
) -> Option<String> {
    let value = value?;
    let text = value.get_ref().trim();
    if text.is_empty() || slugify(text).is_empty() {
        let sp = value.span();
        src.error(
            "E008",
            Some(off + sp.start..off + sp.end),
            format!("`{field}` has no letters or digits"),
            format!("write the name, or remove the `{field}` line"),
        );
        return None;
    }
    Some(text.to_string())
}

/// A TOML value that must be a plain date (2013-07-15), checked against the calendar.
fn to_date(src: &mut Source, value: Spanned<Datetime>, off: usize) -> Option<Date> {
    let span = Some(off + value.span().start..off + value.span().end);
    let dt = value.get_ref();
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => match Date::new(d.year, d.month, d.day) {
            Some(date) => Some(date),
            None => {
                src.error(
                    "E016",
                    span,
                    format!("{dt} is not a date on the calendar"),
                    "check the day and month",
                );
                None
            }
        },
        _ => {
            src.error(
                "E016",
                span,
                format!("`{dt}` is not a plain date"),
                "write dates as YYYY-MM-DD without quotes or a time, e.g. date = 2013-07-15",
            );
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriticFront {
    name: Spanned<String>,
    publication: Option<String>,
    url: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicationFront {
    name: Spanned<String>,
    url: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
}

/// Checks that a profile's file name is the slug of the name inside it.
fn profile_slug(
    src: &mut Source,
    path: &Path,
    name: &Spanned<String>,
    off: usize,
) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expected = slugify(name.get_ref());
    if expected.is_empty() {
        src.error(
            "E008",
            Some(off + name.span().start..off + name.span().end),
            "`name` has no letters or digits",
            "write the name as reviews spell it",
        );
        return None;
    }
    if stem != expected {
        src.error(
            "E017",
            Some(off + name.span().start..off + name.span().end),
            format!(
                "this profile is for `{}`, but the file is named `{stem}.md`",
                name.get_ref()
            ),
            format!("rename the file to `{expected}.md` so that reviews by this name find it"),
        );
        return None;
    }
    Some(stem)
}

/// A URL with the characters URLs may not hold (spaces, quotes, angle brackets, controls...)
/// percent-encoded, as a browser would send it: the same address, and valid in an `href`.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control() || " \"<>\\^`{|}".contains(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn profile_url(src: &mut Source, url: Option<Spanned<String>>, off: usize) -> Option<String> {
    let url = url?;
    let lower = url.get_ref().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(encode_url(url.get_ref().trim()))
    } else {
        src.error(
            "E012",
            Some(off + url.span().start..off + url.span().end),
            "`url` must be an http or https address",
            "write the full address, e.g. \"https://example.com/\"",
        );
        None
    }
}

fn parse_critic(src: &mut Source, path: &Path, split: &frontmatter::Split) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<CriticFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let url = profile_url(src, front.url, off);
    match profile_slug(src, path, &front.name, off) {
        Some(slug) => Parsed::Critic(CriticProfile {
            slug,
            name: front.name.into_inner().trim().to_string(),
            publication: front.publication,
            url,
            bio_html: markdown::render(split.body, src.options.allow_html),
        }),
        None => Parsed::Nothing,
    }
}

fn parse_publication(src: &mut Source, path: &Path, split: &frontmatter::Split) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<PublicationFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let url = profile_url(src, front.url, off);
    let weight_milli = match &front.weight {
        None => Some(1000),
        Some(w) => {
            let milli = (w.get_ref() * 1000.0).round();
            if w.get_ref().is_finite() && *w.get_ref() > 0.0 && (1.0..=1_000_000.0).contains(&milli)
            {
                Some(milli as u32)
            } else {
                src.error(
                    "E018",
                    Some(off + w.span().start..off + w.span().end),
                    "`weight` must be a number above 0 and at most 1000",
                    "1.0 is an ordinary publication; 2.0 counts twice as much in the Metascore",
                );
                None
            }
        }
    };
    match (profile_slug(src, path, &front.name, off), weight_milli) {
        (Some(slug), Some(weight_milli)) => Parsed::Publication(PublicationProfile {
            slug,
            name: front.name.into_inner().trim().to_string(),
            url,
            weight_milli,
            about_html: markdown::render(split.body, src.options.allow_html),
        }),
        _ => Parsed::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<&'static str> {
        parse_review_bytes(bytes, false)
            .1
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn controls_are_found_whatever_their_width() {
        assert_eq!(first_control("plain\ttext\r\n"), None);
        assert_eq!(first_control("a\u{7}b"), Some((1, '\u{7}')));
        assert_eq!(first_control("é\u{85}"), Some((2, '\u{85}')));
        assert_eq!(first_control("\u{a0}\u{7f}"), Some((2, '\u{7f}')));
        for c in ['\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}'] {
            assert_eq!(first_control(&c.to_string()).is_some(), is_control(c));
        }
    }

    #[test]
    fn urls_are_encoded_as_a_browser_would_send_them() {
        assert_eq!(
            encode_url("https://example.com/a b?q=<x>&r=\"1\""),
            "https://example.com/a%20b?q=%3Cx%3E&r=%221%22"
        );
        assert_eq!(
            encode_url("https://exämple.com/ok"),
            "https://exämple.com/ok"
        );
    }

    #[test]
    fn deeply_nested_toml_is_an_error_not_a_crash() {
        for depth in [100, 10_000, 200_000] {
            let arrays = format!(
                "+++\nscore = {}{}\n+++\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert_eq!(codes(arrays.as_bytes()), ["E003"], "arrays, depth {depth}");
            let tables = format!(
                "+++\nscore = {}1{}\n+++\n",
                "{a = ".repeat(depth),
                "}".repeat(depth)
            );
            assert_eq!(
                codes(tables.as_bytes()),
                ["E003"],
                "inline tables, depth {depth}"
            );
        }
    }

    #[test]
    fn huge_files_are_refused_with_a_diagnostic() {
        let mut text = b"+++\nscore = 50\n+++\n".to_vec();
        text.resize(MAX_FILE_BYTES + 1, b'a');
        assert_eq!(codes(&text), ["E019"]);
    }

    #[test]
    fn a_valid_review_parses() {
        let (reviews, problems) = parse_review_bytes(
            b"\xef\xbb\xbf+++\r\ncritic = \"A\"\r\nrating = \"B+\"\r\n+++\r\nText.\r\n",
            false,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(reviews[0].grade.score(), Some(83));
        assert_eq!(reviews[0].critic.as_deref(), Some("A"));
    }

    #[test]
    fn out_of_range_numbers_and_strings_are_diagnosed() {
        for (front, code) in [
            ("score = -1", "E010"),
            ("score = 1000000000", "E010"),
            ("score = 99999999999999999999", "E003"),
            ("score = 1e9", "E003"),
            ("score = \"NaN\"", "E003"),
            ("score = nan", "E003"),
            ("rating = \"4/0\"", "E014"),
            ("rating = \"5/4\"", "E014"),
            ("rating = \"Z+\"", "E014"),
            ("date = 2013-02-30", "E003"),
            ("date = 2013-07-15T10:00:00Z", "E016"),
            ("critic = \"x\"\ncritic = \"y\"", "E003"),
        ] {
            let file = format!("+++\n{front}\n+++\n");
            assert_eq!(codes(file.as_bytes()), [code], "{front}");
        }
    }

    #[test]
    fn unknown_fields_do_not_hide_the_other_problems_of_a_file() {
        let (_, problems) = parse_review_bytes(
            "+++\nscor = 5\ncritic = \"Ann\"\nnotes = [\n  \"é\",\n]\nscore = 101\n+++\nText.\n"
                .as_bytes(),
            false,
        );
        let mut found: Vec<(&str, usize, &str)> = problems
            .iter()
            .map(|d| {
                let line = d.location.as_ref().map_or(0, |l| l.line);
                (d.code, line, d.message.as_str())
            })
            .collect();
        found.sort_by_key(|f| f.1);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!((found[0].0, found[0].1), ("E003", 2));
        assert!(found[0].2.starts_with("unknown field `scor`"), "{found:#?}");
        assert_eq!((found[1].0, found[1].1), ("E003", 4));
        assert!(
            found[1].2.starts_with("unknown field `notes`"),
            "{found:#?}"
        );
        assert_eq!((found[2].0, found[2].1), ("E010", 7), "{found:#?}");

        let (_, problems) = parse_review_bytes(
            b"[[review]]\ncritic = \"A\"\nscroe = 5\n\n[[review]]\ncritic = \"B\"\nscore = 101\nvia = 1\n",
            true,
        );
        let mut codes: Vec<(&str, usize)> = problems
            .iter()
            .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        codes.sort_by_key(|c| c.1);
        assert_eq!(
            codes,
            [("E003", 3), ("E010", 7), ("E003", 8)],
            "{problems:#?}"
        );
    }
}
