//! The one rule for which files and folders of a site's sources Marquee reads and publishes,
//! shared by the loader of `content/`, the walk of `templates/` and `static/`, and the file
//! watcher of `serve`, so that a file `build` publishes is a file the preview follows, and a
//! file the preview ignores is never published.
//!
//! Editors' temporary files are left out everywhere, silently. Hidden files (a name that
//! begins with a dot) are left out too, but for the two a static host reads at the top of
//! `static/`: `.nojekyll` and the `.well-known/` folder.

use std::path::{Component, Path};

/// Why an entry of the sources is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// An editor's temporary, swap, backup or lock file: never content, never worth a word.
    Temporary,
    /// A hidden file or folder: left out, but a site may have meant to publish it (in
    /// `static/` it is reported).
    Hidden,
}

/// Where an entry is, for the names the rule lets through in one place only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Directly in the site's `static/` folder, where a host looks for `.nojekyll` and
    /// `.well-known/`.
    StaticTop,
    /// Anywhere else in the sources.
    Elsewhere,
}

/// The hidden entries of the top of `static/` that are published: files static hosts read.
pub(crate) const PUBLISHED_HIDDEN: [&str; 2] = [".nojekyll", ".well-known"];

/// Whether Marquee leaves out the entry named `name` at `place`, and why; `None` when it
/// reads (and, in `static/`, publishes) it. This is the one rule: every walk of the sources
/// and the file watcher ask it.
pub fn skip(name: &str, place: Place) -> Option<Skip> {
    if is_temporary(name) {
        Some(Skip::Temporary)
    } else if name.starts_with('.') && name != "." && name != ".." {
        let published = place == Place::StaticTop && PUBLISHED_HIDDEN.contains(&name);
        (!published).then_some(Skip::Hidden)
    } else {
        None
    }
}

/// Whether anything in the path `rel` (relative to the site root, such as
/// `static/.well-known/security.txt`) is left out by [`skip`]: the entry itself or a folder
/// it is in. For those who see paths rather than walk folders, as the file watcher does.
pub fn skip_path(rel: &Path) -> Option<Skip> {
    let names: Vec<std::borrow::Cow<'_, str>> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect();
    names.iter().enumerate().find_map(|(i, name)| {
        let place = if i == 1 && names[0] == "static" {
            Place::StaticTop
        } else {
            Place::Elsewhere
        };
        skip(name, place)
    })
}

/// Editors' temporary files: backups (`name~`), vim's swap files (`.name.swp`, `.swo`,
/// `.swx`) and the file it writes to test a folder (`4913`), Kate's swap files
/// (`.kate-swp`), Emacs's locks (`.#name`) and auto-saves (`#name#`), `*.tmp` files, and the
/// `.DS_Store` macOS leaves in folders.
fn is_temporary(name: &str) -> bool {
    name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".kate-swp"]
            .iter()
            .any(|end| name.ends_with(end))
        || name == "4913"
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temporary_files_are_skipped_everywhere() {
        for name in [
            "index.md~",
            ".index.md.swp",
            ".index.md.swo",
            ".index.md.swx",
            "4913",
            ".kate-swp",
            "index.md.kate-swp",
            ".#index.md",
            "#index.md#",
            "data.tmp",
            ".DS_Store",
        ] {
            for place in [Place::StaticTop, Place::Elsewhere] {
                assert_eq!(skip(name, place), Some(Skip::Temporary), "{name}");
            }
        }
    }

    #[test]
    fn hidden_files_are_skipped_but_those_hosts_read() {
        assert_eq!(skip(".git", Place::Elsewhere), Some(Skip::Hidden));
        assert_eq!(skip(".env", Place::StaticTop), Some(Skip::Hidden));
        assert_eq!(skip(".htaccess", Place::StaticTop), Some(Skip::Hidden));
        assert_eq!(skip(".nojekyll", Place::StaticTop), None);
        assert_eq!(skip(".well-known", Place::StaticTop), None);
        assert_eq!(skip(".nojekyll", Place::Elsewhere), Some(Skip::Hidden));
        for name in ["CNAME", "index.md", "style.css", "#1", "4913.md", "notes"] {
            assert_eq!(skip(name, Place::Elsewhere), None, "{name}");
        }
    }

    #[test]
    fn a_path_is_skipped_when_any_folder_on_it_is() {
        assert_eq!(
            skip_path(Path::new("static/.well-known/security.txt")),
            None
        );
        assert_eq!(skip_path(Path::new("static/.nojekyll")), None);
        assert_eq!(
            skip_path(Path::new("static/data.tmp")),
            Some(Skip::Temporary)
        );
        assert_eq!(
            skip_path(Path::new("static/.well-known/.secret")),
            Some(Skip::Hidden)
        );
        assert_eq!(
            skip_path(Path::new("static/css/.nojekyll")),
            Some(Skip::Hidden)
        );
        assert_eq!(
            skip_path(Path::new("content/.git/objects/ab")),
            Some(Skip::Hidden)
        );
        assert_eq!(
            skip_path(Path::new("content/films/a/reviews/4913")),
            Some(Skip::Temporary)
        );
        assert_eq!(skip_path(Path::new("content/films/a/index.md")), None);
    }
}
