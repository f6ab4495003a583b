//! How far a build has got, for the progress line `build` shows on a terminal: the stages
//! only bump counters, and the command decides whether and how to show them.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::quantity::{count, grouped};

/// Counters a build updates as it goes; read from another thread while it runs.
#[derive(Debug, Default)]
pub struct Progress {
    /// Content files read so far.
    pub files_read: AtomicUsize,
    /// Files the output will have (pages, feeds, JSON), once rendering starts.
    pub pages_total: AtomicUsize,
    /// Of those, written so far.
    pub pages_written: AtomicUsize,
}

impl Progress {
    /// Adds one to `counter`, if there is a `Progress` to count into.
    pub fn bump(progress: Option<&Progress>, counter: fn(&Progress) -> &AtomicUsize) {
        if let Some(p) = progress {
            counter(p).fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One line describing the current stage: "reading content: 1,234 files" or
    /// "writing pages: 567 of 8,910".
    pub fn line(&self) -> String {
        let total = self.pages_total.load(Ordering::Relaxed);
        if total == 0 {
            format!(
                "reading content: {}",
                count(self.files_read.load(Ordering::Relaxed), "file")
            )
        } else {
            format!(
                "writing pages: {} of {}",
                grouped(self.pages_written.load(Ordering::Relaxed) as u64),
                grouped(total as u64)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_stage() {
        let p = Progress::default();
        Progress::bump(Some(&p), |p| &p.files_read);
        assert_eq!(p.line(), "reading content: 1 file");
        p.pages_total.store(70_701, Ordering::Relaxed);
        p.pages_written.store(1_234, Ordering::Relaxed);
        assert_eq!(p.line(), "writing pages: 1,234 of 70,701");
    }
}
