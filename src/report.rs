//! What a build tells its caller, made here for every way a build ends well: a full build
//! (`build`, and the preview's first and full rebuilds), and a build that found nothing
//! changed and reports what the last one did.

use std::time::{Duration, Instant};

use crate::aggregate::Site;
use crate::diagnostic::Diagnostic;
use crate::output::{PosterFiles, Written, limits};
use crate::stamp;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Films in the site.
    pub films: usize,
    /// Reviews in the site.
    pub reviews: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written (pages, feeds, JSON, sitemaps, assets, posters).
    pub files: usize,
    /// Bytes the written site holds.
    pub bytes: u64,
    /// The poster images written.
    pub posters: PosterFiles,
    /// The warnings: first those about the whole site (its host's limits), then those found
    /// while loading.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Whether nothing had changed since the last build, which left the output as it was.
    pub up_to_date: bool,
}

impl BuildReport {
    /// The report of a build, started at `started`, that wrote `written` for `site`, having
    /// found `warnings` while loading it.
    pub fn new(
        site: &Site,
        written: &Written,
        warnings: &[Diagnostic],
        started: Instant,
    ) -> BuildReport {
        // About the whole site, so first: never among those a long list leaves unshown.
        let mut all = match site.config.publish.checked_limits() {
            Some((whose, checked)) => limits::warnings(whose, checked, written),
            None => Vec::new(),
        };
        all.extend(warnings.iter().cloned());
        BuildReport {
            films: site.films.len(),
            reviews: site.films.iter().map(|f| f.film.reviews.len()).sum(),
            pages: written.pages,
            files: written.files,
            bytes: written.bytes,
            posters: written.posters.clone(),
            warnings: all,
            elapsed: started.elapsed(),
            up_to_date: false,
        }
    }

    /// The report of a build, started at `started`, that found the output up to date: what
    /// the build that wrote it reported.
    pub fn up_to_date(summary: &stamp::Summary, started: Instant) -> BuildReport {
        let figures = summary.figures;
        BuildReport {
            films: figures.films,
            reviews: figures.reviews,
            pages: figures.pages,
            files: figures.files,
            bytes: figures.bytes,
            posters: PosterFiles {
                files: figures.posters,
                ..PosterFiles::default()
            },
            warnings: summary.warnings(),
            elapsed: started.elapsed(),
            up_to_date: true,
        }
    }

    /// What the stamp keeps of this report, for [`BuildReport::up_to_date`].
    pub fn summary(&self) -> stamp::Summary {
        let figures = stamp::Figures {
            films: self.films,
            reviews: self.reviews,
            pages: self.pages,
            files: self.files,
            bytes: self.bytes,
            posters: self.posters.files,
        };
        stamp::Summary::new(figures, &self.warnings)
    }
}
