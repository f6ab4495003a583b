//! Which film a row is: the site's films (read from their `index.md`) and the ones this
//! import creates, found by the export's id first, then by exact title and year. A folder
//! is never taken for a film because its name matches: two titles that slug alike ("Mother"
//! and "mother!") are two films, in two folders.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::RowError;
use super::row::{RowFilm, front_matter};
use crate::content::model::slugify;

/// The longest film folder name made from a title (before `-<year>`), in bytes: file
/// systems refuse names over 255 bytes, and an address this long is already unreadable.
const MAX_TITLE_SLUG: usize = 80;

/// A film the site has, or one this import creates.
#[derive(Debug)]
pub(super) struct KnownFilm {
    /// The folder name.
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) year: u16,
    /// Ids by catalogue, as its `index.md` has them (or this import claims them).
    pub(super) ids: BTreeMap<String, String>,
    /// The `index.md` this import writes, for a film it creates.
    pub(super) new_index: Option<String>,
    /// Ids this import found the film by its title for, to add to its `index.md`.
    pub(super) gained: Vec<(String, String)>,
    /// The first row that found the film by its title for one of them.
    pub(super) gained_at: u64,
}

/// Every film an import can add reviews to.
pub(super) struct Catalogue {
    pub(super) films: Vec<KnownFilm>,
    by_id: HashMap<(String, String), usize>,
    /// Films by their title as compared ([`title_key`]).
    by_title: HashMap<String, Vec<usize>>,
    /// Ids that more than one film of the site claims, with their folders.
    shared_ids: HashMap<(String, String), Vec<String>>,
    /// Every name in `content/films/`, whatever it is, and the folders planned.
    taken: HashSet<String>,
    /// The export's ids by title and year (as compared).
    export_ids: HashMap<(String, u16), HashSet<String>>,
}

/// What the catalogue needs of an `index.md`; the loader checks the rest.
#[derive(Deserialize)]
struct IndexFront {
    title: String,
    year: u16,
    #[serde(default)]
    ids: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct NewFilmFront<'a> {
    title: &'a str,
    year: u16,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    ids: &'a BTreeMap<String, String>,
}

/// A film's `index.md` that cannot be read: an import refuses to run, since the film it
/// holds could be any row's.
#[derive(Debug)]
pub(super) struct Unreadable {
    pub(super) path: PathBuf,
    pub(super) message: String,
}

impl Catalogue {
    /// The films of the site at `root`, or every `index.md` that cannot be read.
    pub(super) fn read(root: &Path) -> Result<Catalogue, Vec<Unreadable>> {
        let mut catalogue = Catalogue {
            films: Vec::new(),
            by_id: HashMap::new(),
            by_title: HashMap::new(),
            shared_ids: HashMap::new(),
            taken: HashSet::new(),
            export_ids: HashMap::new(),
        };
        let films_dir = root.join("content/films");
        let mut names: Vec<String> = match fs::read_dir(&films_dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        let mut unreadable = Vec::new();
        for name in names {
            let folder = films_dir.join(&name);
            let rel = Path::new("content/films").join(&name);
            catalogue.taken.insert(name.clone());
            let is_dir = fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir());
            // What the loader skips (hidden entries, files, links) holds no film.
            if name.starts_with('.') || !is_dir {
                continue;
            }
            if !crate::content::model::is_valid_slug(&name) {
                unreadable.push(Unreadable {
                    path: rel,
                    message: "is not a valid film folder name, so its film is not read".into(),
                });
                continue;
            }
            let index = folder.join("index.md");
            if !fs::symlink_metadata(&index).is_ok_and(|m| m.is_file()) {
                unreadable.push(Unreadable {
                    path: rel,
                    message: "has no index.md, so which film it holds is not known".into(),
                });
                continue;
            }
            match read_index(&index) {
                Ok(front) => catalogue.add(KnownFilm {
                    slug: name,
                    title: front.title.trim().to_string(),
                    year: front.year,
                    ids: front.ids,
                    new_index: None,
                    gained: Vec::new(),
                    gained_at: 0,
                }),
                Err(message) => unreadable.push(Unreadable {
                    path: rel.join("index.md"),
                    message,
                }),
            }
        }
        if unreadable.is_empty() {
            Ok(catalogue)
        } else {
            Err(unreadable)
        }
    }

    fn add(&mut self, film: KnownFilm) {
        let i = self.films.len();
        for (source, id) in &film.ids {
            let key = (source.clone(), id_key(id));
            if let Some(&first) = self.by_id.get(&key) {
                let first = self.films[first].slug.clone();
                let shared = self.shared_ids.entry(key).or_insert_with(|| vec![first]);
                shared.push(film.slug.clone());
            } else {
                self.by_id.insert(key, i);
            }
        }
        self.by_title
            .entry(title_key(&film.title))
            .or_default()
            .push(i);
        self.taken.insert(film.slug.clone());
        self.films.push(film);
    }

    /// Counts an id of the export for its title and year: a film of the site without an id
    /// is claimed by title only when one id has its title and year.
    pub(super) fn count_export_id(&mut self, film: &RowFilm) {
        if let (Some(year), Some(id)) = (film.year, &film.id) {
            self.export_ids
                .entry((title_key(&film.title), year))
                .or_default()
                .insert(id_key(id));
        }
    }

    /// The film `film` names (by id in `source`, else by its exact title and year), created
    /// when the site has none; with a note when its folder name had to be suffixed.
    pub(super) fn find_or_create(
        &mut self,
        film: &RowFilm,
        source: Option<&str>,
        row: u64,
        columns: &FilmColumns,
    ) -> Result<(usize, Option<RowError>), RowError> {
        let fail = |column: &Option<String>, message| RowError::new(row, column, message);
        let id = source.zip(film.id.as_deref());
        if let Some((source, id)) = id {
            let key = (source.to_string(), id_key(id));
            if let Some(folders) = self.shared_ids.get(&key) {
                return Err(fail(
                    &columns.id,
                    format!(
                        "films {} all say `ids = {{ {source} = \"{id}\" }}`: one of them is \
                         wrong, so the row is not added to any; correct their index.md",
                        folders.join(", ")
                    ),
                ));
            }
            if let Some(&i) = self.by_id.get(&key) {
                return Ok((i, None));
            }
        }
        // By title: films of that title and year (any year when the row has none) that no
        // other id of this catalogue already names.
        let candidates: Vec<usize> = self
            .by_title
            .get(&title_key(&film.title))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| film.year.is_none_or(|y| self.films[i].year == y))
            .filter(|&i| id.is_none_or(|(source, _)| !self.films[i].ids.contains_key(source)))
            .collect();
        let rival_ids = film
            .year
            .and_then(|y| self.export_ids.get(&(title_key(&film.title), y)))
            .map_or(0, HashSet::len);
        match (candidates.as_slice(), film.title.is_empty()) {
            ([i], false) if id.is_some() && rival_ids > 1 => Err(fail(
                &columns.id,
                format!(
                    "{} films of the export are titled “{}” ({}), and content/films/{} has no \
                     id to say which of them it is: the row is not imported; add the right id \
                     to the `ids` of its index.md",
                    rival_ids,
                    film.title,
                    film.year.unwrap_or_default(),
                    self.films[*i].slug
                ),
            )),
            ([i], false) => {
                if let Some((source, id)) = id {
                    // The film is this id's from now on, so that another id of the same
                    // title and year is another film, in this import and the next (the id
                    // is added to its index.md).
                    self.films[*i]
                        .ids
                        .insert(source.to_string(), id.to_string());
                    self.by_id.insert((source.to_string(), id_key(id)), *i);
                    let known = &mut self.films[*i];
                    if known.new_index.is_none() {
                        if known.gained.is_empty() {
                            known.gained_at = row;
                        }
                        known.gained.push((source.to_string(), id.to_string()));
                    }
                }
                Ok((*i, None))
            }
            ([_, _, ..], false) => {
                let folders: Vec<&str> = candidates
                    .iter()
                    .map(|&i| self.films[i].slug.as_str())
                    .collect();
                Err(fail(
                    &columns.film,
                    format!(
                        "the site has {} films titled “{}”{}: {}; with nothing else to tell \
                         them apart, the row is not added to either. Give the films the \
                         export's ids (`ids = {{ {} = \"...\" }}` in their index.md) and \
                         import with --id-column, or add the review by hand",
                        candidates.len(),
                        film.title,
                        film.year.map(|y| format!(" ({y})")).unwrap_or_default(),
                        folders.join(", "),
                        id.map_or("catalogue", |(source, _)| source)
                    ),
                ))
            }
            _ => self.create(film, id, row, columns),
        }
    }

    fn create(
        &mut self,
        film: &RowFilm,
        id: Option<(&str, &str)>,
        row: u64,
        columns: &FilmColumns,
    ) -> Result<(usize, Option<RowError>), RowError> {
        let fail = |column: &Option<String>, message| RowError::new(row, column, message);
        let year = match (film.title.as_str(), film.year) {
            ("", _) => {
                return Err(fail(
                    &columns.id,
                    format!(
                        "no film in the site has the id `{}`, and the row has no title to \
                         create one with: pass --film-column and --year-column, or create the \
                         film first with `ids` in its index.md",
                        film.id.as_deref().unwrap_or_default()
                    ),
                ));
            }
            (_, None) if columns.year.is_some() => {
                return Err(fail(
                    &columns.year,
                    format!(
                        "the site has no film “{}”, and the row's year is empty: a film is \
                         created with its year; give the row its year, or create the film first",
                        film.title
                    ),
                ));
            }
            (_, None) => {
                return Err(fail(
                    &columns.film,
                    format!(
                        "the site has no film “{}”, and the row has no year to create it \
                         with: pass --year-column, or create the film first",
                        film.title
                    ),
                ));
            }
            (_, Some(year)) => year,
        };
        let ids: BTreeMap<String, String> = id
            .map(|(s, i)| (s.to_string(), i.to_string()))
            .into_iter()
            .collect();
        let text = front_matter(
            &NewFilmFront {
                title: &film.title,
                year,
                ids: &ids,
            },
            "",
        );
        if let Some(e) = crate::content::film_errors(text.as_bytes()).first() {
            return Err(fail(&columns.film, e.message.clone()));
        }
        let base = format!("{}-{year}", title_slug(&film.title));
        let mut slug = base.clone();
        let mut n = 2;
        while self.taken.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let note = (slug != base).then(|| {
            let holder = self
                .films
                .iter()
                .find(|f| f.slug == base)
                .map(|f| {
                    let id = id
                        .and_then(|(source, _)| f.ids.get(source))
                        .map(|other| format!(", {other} in {}", id.map_or("", |(s, _)| s)))
                        .unwrap_or_default();
                    format!("holds “{}” ({}{id})", f.title, f.year)
                })
                .unwrap_or_else(|| "is taken".into());
            let this_id = id
                .map(|(source, id)| format!(", {id} in {source}"))
                .unwrap_or_default();
            RowError {
                row,
                column: columns.film.clone(),
                message: format!(
                    "content/films/{base} {holder}, another film: “{}” ({year}{this_id}) is \
                     created as content/films/{slug}",
                    film.title
                ),
            }
        });
        self.add(KnownFilm {
            slug,
            title: film.title.clone(),
            year,
            ids,
            new_index: Some(text),
            gained: Vec::new(),
            gained_at: 0,
        });
        Ok((self.films.len() - 1, note))
    }
}

/// The columns that name films, for messages.
#[derive(Debug, Default)]
pub(super) struct FilmColumns {
    pub(super) film: Option<String>,
    pub(super) id: Option<String>,
    pub(super) year: Option<String>,
}

fn read_index(path: &Path) -> Result<IndexFront, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot be read: {e}"))?;
    let split = crate::content::frontmatter::split(&text).map_err(|e| e.message.to_string())?;
    toml::from_str::<IndexFront>(split.front_matter).map_err(|e| e.message().to_string())
}

/// A title as import compares it: in Unicode's compatibility form (NFKC: "ﬁlm" is "film",
/// composed and decomposed accents are one), without invisible formatting characters (zero
/// width spaces, direction marks) and with its spaces collapsed. Case and punctuation count:
/// "Home" and "HOME" are two films.
pub(super) fn title_key(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = title.nfkc().filter(|&c| !is_invisible(c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An id as import compares it: as a title is ([`title_key`]), so that full-width digits
/// or a zero-width space in an export do not make another film.
pub(super) fn id_key(id: &str) -> String {
    title_key(id)
}

/// The text of the `index.md` at `path` with `ids = { source = "id" }` added at the end of
/// its front matter, when it has no `ids` yet (a table of ids is not rewritten: `None`).
pub(super) fn with_ids(path: &Path, gained: &[(String, String)]) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let split = crate::content::frontmatter::split(&text).ok()?;
    let table: toml::Table = toml::from_str(split.front_matter).ok()?;
    if table.contains_key("ids") || gained.is_empty() {
        return None;
    }
    let pairs: Vec<String> = gained
        .iter()
        .map(|(source, id)| format!("{source} = {}", toml::Value::String(id.clone())))
        .collect();
    let end = split.front_matter_offset + split.front_matter.len();
    let before = &text[..end];
    let newline = if before.ends_with('\n') || before.is_empty() {
        ""
    } else {
        "\n"
    };
    let line_end = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some(format!(
        "{before}{newline}ids = {{ {} }}{line_end}{}",
        pairs.join(", "),
        &text[end..]
    ))
}

/// Unicode's default-ignorable characters: they change nothing a reader sees.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The part of a new film's folder name made from its title: its slug, cut at a word to at
/// most [`MAX_TITLE_SLUG`] bytes; `film` for a title with no letter or digit to make one from
/// (emoji, punctuation).
pub(super) fn title_slug(title: &str) -> String {
    let mut slug = slugify(title);
    cut_at_word(&mut slug, MAX_TITLE_SLUG);
    if slug.is_empty() { "film".into() } else { slug }
}

/// Cuts `slug` (ASCII, words joined by `-`) at a word to at most `max` bytes, without a
/// hyphen at its end: names made from long titles and bylines must fit the file system.
pub(super) fn cut_at_word(slug: &mut String, max: usize) {
    if slug.len() > max {
        let cut = slug[..=max].rfind('-').unwrap_or(max);
        slug.truncate(cut);
        slug.truncate(slug.trim_end_matches('-').len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::is_valid_slug;

    #[test]
    fn titles_that_look_the_same_are_the_same_title_and_case_and_punctuation_count() {
        let same = [
            ("Am\u{e9}lie", "Ame\u{301}lie"),
            ("Pusher", "Pusher\u{200B}"),
            ("Pusher", "\u{200F}Pusher"),
            ("\u{FB01}lm", "film"),
            ("The  Lamp ", "The Lamp"),
        ];
        for (a, b) in same {
            assert_eq!(title_key(a), title_key(b), "{a:?} {b:?}");
        }
        for (a, b) in [
            ("Home", "HOME"),
            ("Mother", "mother!"),
            ("11/11/11", "11-11-11"),
        ] {
            assert_ne!(title_key(a), title_key(b));
        }
    }

    #[test]
    fn every_title_makes_a_valid_readable_folder_name() {
        for (title, slug) in [
            ("Mother", "mother"),
            ("mother!", "mother"),
            ("[Cargo]", "cargo"),
            ("11/11/11", "11-11-11"),
            ("Мать", "mat"),
            ("🎬🎬", "clapper-clapper"),
            ("!!!", "film"),
            ("", "film"),
        ] {
            assert_eq!(title_slug(title), slug, "{title}");
        }
        for title in [
            "花樣年華",
            "기생충",
            "千と千尋の神隠し",
            &"Long title ".repeat(40),
        ] {
            let slug = title_slug(title);
            assert!(
                is_valid_slug(&slug) && slug.len() <= MAX_TITLE_SLUG && slug != "film",
                "{title}: {slug}"
            );
        }
    }
}
