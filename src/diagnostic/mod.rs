//! Problems found in a site's files, as data.
//!
//! Loading never stops at the first bad file: every stage appends `Diagnostic`s to a list and
//! keeps going, and the CLI prints them all at once, rustc-style, with the offending line and a
//! caret. A diagnostic carries its own copy of the offending line so that it can be rendered
//! long after the file's text has been dropped.
//!
//! Used by every stage. `code` holds every code with its title and explanation; `explain`
//! formats them for `check --explain` and generates the diagnostics reference.

pub(crate) mod code;
pub mod explain;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

pub use code::Code;

/// How bad a problem is: errors fail `build` and `check`, warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built correctly until this is fixed.
    Error,
    /// Probably a mistake, but the site still builds.
    Warning,
    /// Information worth a look (shown by `check`, not by `build`).
    Note,
}

/// Where in a file a problem is: 1-based line and column, the line's text and how many
/// characters of it to underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The full text of the line, without its line break.
    #[serde(skip)]
    pub line_text: String,
    /// Width of the underline, in characters (at least 1).
    #[serde(skip)]
    pub width: usize,
}

/// One problem in one file, with a stable code, a message and a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable identifier such as `E004`, so that people and tools can look problems up.
    pub code: Code,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// Where in the file; `None` for problems with a whole file (a bad folder name, say).
    #[serde(flatten)]
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.to_path_buf(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// A note: information, never a failure.
    pub fn note(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Points the diagnostic at a byte range of the file's text.
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        self.location = Some(locate(source, span));
        self
    }

    /// Points the diagnostic at a byte range when one is known.
    pub fn at_opt(self, source: &str, span: Option<Range<usize>>) -> Self {
        match span {
            Some(span) => self.at(source, span),
            None => self,
        }
    }

    /// Adds the hint that tells the user what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors, which fail the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic rustc-style; `color` adds ANSI colours for terminals.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = self.path.display().to_string();
        let title = level
            .primary_title(self.message.as_str())
            .id(self.code.as_str());
        let mut group = match &self.location {
            Some(loc) => {
                let start = byte_of_char(&loc.line_text, loc.column - 1);
                let end = byte_of_char(&loc.line_text, loc.column - 1 + loc.width).max(start);
                title.element(
                    Snippet::source(loc.line_text.as_str())
                        .line_start(loc.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            None => title.element(Level::NOTE.message(format!("in {path}"))),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group as Group<'_>]).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Turns a byte range of `source` into a line, column and underline width.
pub(crate) fn locate(source: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line_text = source[line_start..line_end].trim_end_matches('\r');
    let line = source[..start].matches('\n').count() + 1;
    let column = source[line_start..start].chars().count() + 1;
    let width = source[start..end.min(line_end).max(start)]
        .trim_end_matches('\r')
        .chars()
        .count()
        .max(1);
    Location {
        line,
        column,
        line_text: line_text.to_string(),
        width,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn byte_of_char(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// Makes every warning an error, as `--strict` asks.
pub fn strict(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
    }
}

/// Sorts diagnostics by file, then position, so that reports read top to bottom and are
/// identical from run to run whatever order the files were read in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.location.as_ref().map(|l| (l.line, l.column));
        (&a.path, pos(a), a.code, &a.message).cmp(&(&b.path, pos(b), b.code, &b.message))
    });
}

/// `text` with the line endings of classic Mac OS (a carriage return alone) read as line
/// feeds, as CRLF is read, so that every file Marquee reads (content, `config.toml`) is
/// parsed and its lines counted alike: one byte for one, so every position in the file
/// stays where it is. The file itself is never changed.
pub(crate) fn with_line_feeds(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return text;
    }
    let fixed: Vec<u8> = (0..bytes.len())
        .map(|i| if lone(i) { b'\n' } else { bytes[i] })
        .collect();
    // One ASCII byte for another keeps the text UTF-8.
    String::from_utf8(fixed).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_of_a_span() {
        let src = "+++\ntitle = 1\nyear = \"x\"\n+++\n";
        let start = src.find("\"x\"").unwrap();
        let loc = locate(src, start..start + 3);
        assert_eq!((loc.line, loc.column, loc.width), (3, 8, 3));
        assert_eq!(loc.line_text, "year = \"x\"");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "name = \"Drasbæk\" x";
        let start = src.find('x').unwrap();
        assert_eq!(locate(src, start..start + 1).column, 18);
    }

    #[test]
    fn renders_path_line_caret_and_help() {
        let src = "+++\nscore = 101\n+++\n";
        let start = src.find("101").unwrap();
        let d = Diagnostic::error(
            Code::E010,
            Path::new("content/films/x/reviews/a.md"),
            "score out of range",
        )
        .at(src, start..start + 3)
        .help("use an integer from 0 to 100");
        let text = d.render(false);
        assert!(text.contains("error[E010]: score out of range"), "{text}");
        assert!(text.contains("content/films/x/reviews/a.md:2:9"), "{text}");
        assert!(text.contains("score = 101"), "{text}");
        assert!(text.contains("^^^"), "{text}");
        assert!(
            text.contains("help: use an integer from 0 to 100"),
            "{text}"
        );
    }
}
