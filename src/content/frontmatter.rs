//! Splits a content file into its `+++`-delimited TOML front matter and its Markdown body.
//!
//! Offsets are kept so that a TOML error inside the front matter can be reported at the right
//! line of the whole file. A UTF-8 byte order mark and CRLF line endings are accepted, as
//! editors on Windows write them (lone CRs are made line feeds before a file gets here).

use std::ops::Range;

/// A file split into its parts, as byte ranges of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the delimiters.
    pub front_matter: &'a str,
    /// Where the front matter starts in the file.
    pub front_matter_offset: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
}

/// Why a file could not be split, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// What is wrong.
    pub message: &'static str,
    /// What to do about it.
    pub help: &'static str,
    /// Where in the file.
    pub span: Range<usize>,
}

const DELIMITER: &str = "+++";

/// Splits `text` at its `+++` lines.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty",
            help: "start the file with a `+++` line, the TOML front matter, and another `+++` line",
            span: start..start,
        });
    }
    if rest[..first_line_end].trim_end() != DELIMITER {
        return Err(SplitError {
            message: "the file does not start with `+++`",
            help: "content files start with a `+++` line, then TOML front matter, then another `+++` line",
            span: start..start + first_line_end.min(rest.len()).max(1).min(rest.len()),
        });
    }
    let fm_start = start + first_line_end;
    let mut pos = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if line.trim_end() == DELIMITER {
            return Ok(Split {
                front_matter: &text[fm_start..pos],
                front_matter_offset: fm_start,
                body: &text[pos + line.len()..],
            });
        }
        pos += line.len();
    }
    Err(SplitError {
        message: "the front matter is never closed",
        help: "add a line with only `+++` after the last front matter field",
        span: start..start + DELIMITER.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"X\"\n+++\nBody *here*.\n").unwrap();
        assert_eq!(s.front_matter, "title = \"X\"\n");
        assert_eq!(s.front_matter_offset, 4);
        assert_eq!(s.body, "Body *here*.\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}+++\r\na = 1\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(s.front_matter, "a = 1\r\n");
        assert_eq!(s.front_matter_offset, 8);
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("+++\n+++").unwrap();
        assert_eq!((s.front_matter, s.body), ("", ""));
    }

    #[test]
    fn reports_missing_and_unclosed_delimiters() {
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert_eq!(split("  \n").unwrap_err().message, "the file is empty");
        assert_eq!(
            split("title = 1\n").unwrap_err().message,
            "the file does not start with `+++`"
        );
        assert_eq!(
            split("---\ntitle: x\n---\n").unwrap_err().message,
            "the file does not start with `+++`"
        );
        assert_eq!(
            split("+++\ntitle = 1\n").unwrap_err().message,
            "the front matter is never closed"
        );
    }

    #[test]
    fn a_plus_inside_a_value_does_not_close() {
        let s = split("+++\na = \"+++\"\n+++\nb").unwrap();
        assert_eq!(s.front_matter, "a = \"+++\"\n");
        assert_eq!(s.body, "b");
    }
}
