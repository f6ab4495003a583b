//! The warnings of a previewed site as a full build reports them, kept in parts so that a
//! rebuild of some films replaces only what those films can change: what was found in each
//! film's folder as it was read, what was found elsewhere, and the checks across films
//! (`aggregate::lint`), which any film can change and which are therefore run again whole.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path};

use crate::aggregate::Site;
use crate::aggregate::lint;
use crate::diagnostic::{self, Diagnostic};

/// A loaded site's warnings, by where they came from.
#[derive(Debug, Default)]
pub(super) struct Warnings {
    /// Found while reading each film's folder, by the folder's name.
    films: BTreeMap<String, Vec<Diagnostic>>,
    /// Found anywhere else: the config, the theme, profiles, pages, the navigation.
    rest: Vec<Diagnostic>,
}

impl Warnings {
    /// The parts of `warnings`, everything a full build of `site` reported while loading it.
    pub(super) fn of(site: &Site, warnings: &[Diagnostic]) -> Warnings {
        let mut across: HashMap<String, usize> = HashMap::new();
        for d in across_films(site) {
            *across.entry(identity(&d)).or_default() += 1;
        }
        let mut parts = Warnings::default();
        for d in warnings {
            if let Some(n) = across.get_mut(&identity(d)).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
            match film_folder(&d.path) {
                Some(slug) => parts.films.entry(slug).or_default().push(d.clone()),
                None => parts.rest.push(d.clone()),
            }
        }
        parts
    }

    /// Takes `found` as what reading the folder of film `slug` found now.
    pub(super) fn film_read(&mut self, slug: &str, found: Vec<Diagnostic>) {
        self.films.insert(slug.to_string(), found);
    }

    /// Every warning of `site` as a full build would report them: the parts kept, and the
    /// checks across films run again.
    pub(super) fn all(&self, site: &Site) -> Vec<Diagnostic> {
        let mut all = self.rest.clone();
        all.extend(self.films.values().flatten().cloned());
        all.extend(across_films(site));
        diagnostic::sort(&mut all);
        all
    }
}

/// The checks across films, over every film of `site`.
fn across_films(site: &Site) -> Vec<Diagnostic> {
    let films: Vec<_> = site.films.iter().map(|entry| &entry.film).collect();
    lint::lint(&films)
}

/// What tells one diagnostic from another.
fn identity(d: &Diagnostic) -> String {
    let at = d.location.as_ref().map(|l| (l.line, l.column));
    format!("{}\0{}\0{at:?}\0{}", d.code, d.path.display(), d.message)
}

/// The film folder a source path is in: `content/films/<slug>/...`.
fn film_folder(path: &Path) -> Option<String> {
    let mut parts = path.components().filter_map(|c| match c {
        Component::Normal(s) => Some(s),
        _ => None,
    });
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(content), Some(films), Some(slug), Some(_))
            if content == "content" && films == "films" =>
        {
            Some(slug.to_string_lossy().into_owned())
        }
        _ => None,
    }
}
