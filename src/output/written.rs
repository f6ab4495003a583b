//! What writing a site wrote, in figures: what a build reports, and what its host's limits
//! are checked against.

use std::path::PathBuf;

/// What writing a site wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// How many of them are HTML pages.
    pub pages: usize,
    /// Bytes they hold.
    pub bytes: u64,
    /// The largest file's bytes.
    pub largest: u64,
    /// The per-film feeds and JSON files among them.
    pub film_extras: FilmExtras,
    /// The poster images among them.
    pub posters: PosterFiles,
}

/// The per-film feeds and JSON files a build wrote (`[publish] film_feeds` and
/// `film_json`): what a site over its host's limits can spare first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilmExtras {
    /// How many files.
    pub files: usize,
    /// How many bytes they hold.
    pub bytes: u64,
}

/// The poster images a build wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PosterFiles {
    /// Files written (every size and format of every poster).
    pub files: usize,
    /// How many of them this build encoded; the others came from the cache.
    pub encoded: usize,
    /// The posters (their sources) whose images in the cache were damaged, and were made
    /// again.
    pub damaged: Vec<PathBuf>,
}

impl PosterFiles {
    /// Adds what writing another poster wrote.
    pub fn add(&mut self, mut other: PosterFiles) {
        self.files += other.files;
        self.encoded += other.encoded;
        self.damaged.append(&mut other.damaged);
    }
}
