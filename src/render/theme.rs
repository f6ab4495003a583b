//! The templates and static files a site is rendered with.
//!
//! The default theme (the repository's `templates/` and `static/`) is compiled into the
//! binary, so Marquee works in any folder. A site's own `templates/` and `static/` files
//! override the defaults by name and may add new ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostic::{Code, Diagnostic};

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: [(&str, &str); 31] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    ("stats.html", include_str!("../../templates/stats.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("films.html", include_str!("../../templates/films.html")),
    ("film.html", include_str!("../../templates/film.html")),
    ("critics.html", include_str!("../../templates/critics.html")),
    ("critic.html", include_str!("../../templates/critic.html")),
    (
        "publications.html",
        include_str!("../../templates/publications.html"),
    ),
    (
        "publication.html",
        include_str!("../../templates/publication.html"),
    ),
    ("review.html", include_str!("../../templates/review.html")),
    (
        "review_filter.html",
        include_str!("../../templates/review_filter.html"),
    ),
    ("card.html", include_str!("../../templates/card.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("people.html", include_str!("../../templates/people.html")),
    (
        "review_row.html",
        include_str!("../../templates/review_row.html"),
    ),
    (
        "film_list.html",
        include_str!("../../templates/film_list.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "sitemap_index.xml",
        include_str!("../../templates/sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("../../templates/robots.txt")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("terms.html", include_str!("../../templates/terms.html")),
    ("term.html", include_str!("../../templates/term.html")),
    ("best.html", include_str!("../../templates/best.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("_headers", include_str!("../../templates/_headers")),
    ("_redirects", include_str!("../../templates/_redirects")),
    ("page.html", include_str!("../../templates/page.html")),
    ("scoring.html", include_str!("../../templates/scoring.html")),
    ("alias.html", include_str!("../../templates/alias.html")),
];

/// The default static files, by output path.
pub const DEFAULT_STATIC: [(&str, &[u8]); 4] = [
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
    ("style.css", include_bytes!("../../static/style.css")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("reviews.js", include_bytes!("../../static/reviews.js")),
];

/// A ready template engine and the static files to copy.
pub struct Theme {
    /// Every template, parsed once and shared by all rendering threads.
    pub tera: Tera,
    /// Static files by output path (`/` separators), defaults overridden by the site's.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Which of them come from the site's own `static/` folder.
    pub own_static: std::collections::BTreeSet<String>,
    /// The words of the site's language, which templates write with `trans`.
    pub strings: std::sync::Arc<crate::i18n::Strings>,
    /// Those that take no value, as every template gets them: `t`.
    pub words: tera::Value,
}

/// Loads the default theme with the site's overrides from `root/templates` and `root/static`,
/// with the warnings found on the way (a skipped link); fails with every problem when any of
/// them is an error. `minify_css` publishes the stylesheets minified; `strings` are what
/// the templates' `trans` writes.
pub(crate) fn load(
    root: &Path,
    minify_css: bool,
    strings: std::sync::Arc<crate::i18n::Strings>,
) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (name, path) in files_under(&root.join("templates"), root, &mut problems) {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                templates.insert(name, text);
            }
            Err(e) => problems.push(Diagnostic::error(
                Code::E001,
                &rel(root, &path),
                format!("cannot read the template: {e}"),
            )),
        }
    }
    let mut static_files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let mut own_static = std::collections::BTreeSet::new();
    for (name, path) in files_under(&root.join("static"), root, &mut problems) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                own_static.insert(name.clone());
                static_files.insert(name, bytes);
            }
            Err(e) => problems.push(Diagnostic::error(
                Code::E001,
                &rel(root, &path),
                format!("cannot read the file: {e}"),
            )),
        }
    }
    for (name, bytes) in static_files.iter_mut() {
        if name.ends_with(".css") && minify_css {
            *bytes = minified_css(std::mem::take(bytes));
        }
    }
    let mut tera = Tera::default();
    tera.register_function("trans", crate::i18n::Trans::new(strings.clone()));
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        problems.push(
            Diagnostic::error(Code::E030, Path::new("templates"), tera_message(&e))
                .help("fix the template named above; docs/templates.md in Marquee's repository lists what each template gets"),
        );
    }
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok((
            Theme {
                tera,
                static_files,
                own_static,
                words: strings.words(),
                strings,
            },
            problems,
        ))
    }
}

/// A stylesheet without its comments and spare whitespace (as rustdoc publishes its own):
/// the same rules in fewer bytes. One the minifier cannot read is published as written.
fn minified_css(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    match minifier::css::minify(text) {
        Ok(minified) => minified.to_string().into_bytes(),
        Err(_) => bytes,
    }
}

/// Tera's error with its causes, one per line.
pub(crate) fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    message
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Every regular file under `dir` (`templates/` or `static/`) as (name relative to `dir`
/// with `/` separators, path). What [`crate::ignore::skip`] leaves out is skipped: editors'
/// temporary files silently, hidden ones too, but in `static/` (where a site may have meant
/// to publish them) each with a warning. Markdown notes (`README.md`) are skipped, symbolic
/// links reported and skipped.
fn files_under(dir: &Path, root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    use crate::ignore::{Place, Skip, skip};
    if !dir.is_dir() {
        return Vec::new();
    }
    let is_static = dir == root.join("static");
    let mut out = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::error(
                    Code::E001,
                    &rel(root, dir),
                    format!("cannot read this folder: {e}"),
                ));
                continue;
            }
        };
        if e.depth() > 0 {
            let place = if is_static && e.depth() == 1 {
                Place::StaticTop
            } else {
                Place::Elsewhere
            };
            if let Some(why) = skip(&e.file_name().to_string_lossy(), place) {
                if is_static && why == Skip::Hidden {
                    problems.push(hidden_skipped(&rel(root, e.path()), e.file_type().is_dir()));
                }
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
            continue;
        }
        if e.file_type().is_file() {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, e.into_path()));
        } else if e.file_type().is_symlink() && e.depth() > 0 {
            // The folder itself may be a link, which is followed; links inside it never are.
            problems.push(
                Diagnostic::warning(
                    Code::W002,
                    &rel(root, e.path()),
                    "symbolic links are not followed; this one is skipped",
                )
                .help("copy the file into the site instead of linking to it"),
            );
        } else if !e.file_type().is_dir() && !e.file_type().is_symlink() {
            // A named pipe, socket or device: nothing a host could serve.
            problems.push(
                Diagnostic::warning(
                    Code::W001,
                    &rel(root, e.path()),
                    "this is not a regular file (a named pipe, socket or device); it is skipped",
                )
                .help("remove it; only regular files are published"),
            );
        }
    }
    out
}

/// The warning for a hidden file or folder of `static/`, which is not published.
fn hidden_skipped(rel: &Path, is_folder: bool) -> Diagnostic {
    let what = if is_folder { "folder" } else { "file" };
    Diagnostic::warning(
        Code::W014,
        rel,
        format!("this hidden {what} is not published: static/ publishes no name that begins with a dot but `.nojekyll` and `.well-known/`"),
    )
    .help("to publish it, rename it without the leading dot (or move it into static/.well-known/ if a host reads it there); if it is not for the site, move it out of static/")
}
