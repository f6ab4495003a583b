//! One file's bytes into model data, by kind: the checks every file gets (size, UTF-8,
//! control characters, front matter) and then the parser of its kind.

use std::path::{Path, PathBuf};

use super::film::parse_film;
use super::frontmatter;
use super::model::Review;
use super::page::parse_page;
use super::profile::{parse_critic, parse_publication};
use super::read::{Folder, MAX_FILE_BYTES};
use super::review::{parse_review, parse_review_batch};
use super::source::{LoadOptions, Parsed, Source, first_control, relative};
use crate::diagnostic::{Code, Diagnostic};
use crate::quantity::{self, Unit, grouped};

/// What a file under `content/` is, decided by where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Film { slug: String },
    Review { film: String },
    ReviewBatch { film: String },
    FilmAsset,
    Critic,
    Publication,
    Page,
}

/// Reads and parses one file of the given kind, a file of `folder`.
pub(super) fn parse_file(
    root: &Path,
    folder: &Folder,
    path: &Path,
    kind: &Kind,
    options: LoadOptions<'_>,
) -> (Parsed, Vec<Diagnostic>) {
    let rel = relative(root, path);
    crate::progress::Progress::bump(options.progress, |p| &p.files_read);
    match folder.read(path) {
        Ok(bytes) if bytes.len() > MAX_FILE_BYTES => {
            // Only the start was read: the size comes from the file itself.
            let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
            (Parsed::Nothing, vec![too_large(&rel, size)])
        }
        Ok(bytes) => parse_bytes(root, path, rel, bytes, kind, options),
        Err(e) => (
            Parsed::Nothing,
            vec![Diagnostic::error(
                Code::E001,
                &rel,
                format!("cannot read the file: {e}"),
            )],
        ),
    }
}

/// The error for a file of `size` bytes, over [`MAX_FILE_BYTES`].
fn too_large(rel: &Path, size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::E019,
        rel,
        format!(
            "the file is {} bytes; content files may be at most {} ({} bytes)",
            grouped(size),
            quantity::size(MAX_FILE_BYTES as u64, Unit::Binary),
            grouped(MAX_FILE_BYTES as u64)
        ),
    )
    .help("excerpts and synopses are short texts: keep the quote and link to the full review with `url`")
}

fn parse_bytes(
    root: &Path,
    path: &Path,
    rel: PathBuf,
    bytes: Vec<u8>,
    kind: &Kind,
    options: LoadOptions<'_>,
) -> (Parsed, Vec<Diagnostic>) {
    if bytes.len() > MAX_FILE_BYTES {
        return (Parsed::Nothing, vec![too_large(&rel, bytes.len() as u64)]);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            return (
                Parsed::Nothing,
                vec![
                    Diagnostic::error(Code::E006, &rel, "the file is not valid UTF-8")
                        .at(&valid, at..at)
                        .help(
                            "save the file as UTF-8 (most editors offer this under \"encoding\")",
                        ),
                ],
            );
        }
    };
    let text = crate::diagnostic::with_line_feeds(text);
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
        // A NUL means the file is not text at all; another control is a character to delete.
        let code = if c == '\0' { Code::E006 } else { Code::E025 };
        src.error(code, Some(at..at + c.len_utf8()), message, help);
        return (Parsed::Nothing, src.problems);
    }
    let parsed = match kind {
        Kind::ReviewBatch { .. } => parse_review_batch(&mut src),
        _ => match frontmatter::split(&text) {
            Err(e) => {
                src.error(Code::E007, Some(e.span), e.message, e.help);
                Parsed::Nothing
            }
            Ok(split) => match kind {
                Kind::Film { slug } => parse_film(&mut src, root, path, slug, &split),
                Kind::Review { .. } => parse_review(&mut src, &split)
                    .map_or(Parsed::Nothing, |r| Parsed::Reviews(vec![r])),
                Kind::Critic => parse_critic(&mut src, path, &split),
                Kind::Publication => parse_publication(&mut src, path, &split),
                Kind::Page => parse_page(&mut src, path, &split),
                Kind::ReviewBatch { .. } | Kind::FilmAsset => Parsed::Nothing,
            },
        },
    };
    (parsed, src.problems)
}

/// The errors the loader would find in a film's `index.md` made of `bytes` (for `new film`
/// and `import`, which never write a file that `check` would reject).
pub fn film_errors(bytes: &[u8]) -> Vec<Diagnostic> {
    let kind = Kind::Film { slug: "new".into() };
    let (_, problems) = parse_as("content/films/new/index.md", bytes, &kind);
    problems.into_iter().filter(Diagnostic::is_error).collect()
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
    match parse_as(name, bytes, &kind) {
        (Parsed::Reviews(reviews), problems) => (reviews, problems),
        (_, problems) => (Vec::new(), problems),
    }
}

/// Parses `bytes` as the file `name` of `kind` in a site at the current folder, with the
/// default options: what a file not yet written would turn into.
fn parse_as(name: &str, bytes: &[u8], kind: &Kind) -> (Parsed, Vec<Diagnostic>) {
    let path = Path::new(name);
    parse_bytes(
        Path::new(""),
        path,
        path.to_path_buf(),
        bytes.to_vec(),
        kind,
        LoadOptions::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each error, and its code, by line.
    fn lines(problems: &[Diagnostic]) -> Vec<(usize, &'static str)> {
        let mut lines: Vec<_> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.location.as_ref().map_or(0, |l| l.line), d.code.as_str()))
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_file_with_lone_carriage_returns_reads_as_one_with_line_feeds() {
        let film = "+++\rtitle = \"Film\"\ryear = 2001\r+++\rText.\r";
        assert!(film_errors(film.as_bytes()).is_empty());
        let review = "+++\r\ncritic = \"Ann\"\rscore = 101\r\n+++\rText.";
        let (_, problems) = parse_review_bytes(review.as_bytes(), false);
        assert_eq!(lines(&problems), [(3, "E010")], "{problems:?}");
    }

    #[test]
    fn a_name_without_a_letter_or_digit_is_an_error_where_it_is_and_runtimes_run_for_days() {
        let film = "+++\ntitle = \"Film\"\nyear = 2001\ngenres = [\"\", \"Drama\"]\ndirectors = [\"!!!\"]\ncountry = \"...\"\nlanguage = \"/\"\nruntime = 51420\n+++\nText.\n";
        let problems = film_errors(film.as_bytes());
        assert_eq!(
            lines(&problems),
            [(4, "E008"), (5, "E008"), (6, "E008"), (7, "E008")],
            "{problems:?}"
        );
        let long = "+++\ntitle = \"Film\"\nyear = 2001\nruntime = 200000\n+++\n";
        let problems = film_errors(long.as_bytes());
        assert!(
            problems[0].message.contains("from 1 to 144000"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_consensus_is_one_short_paragraph_kept_as_inline_html_and_as_text() {
        let film = |consensus: &str| {
            format!("+++\ntitle = \"Film\"\nyear = 2001\nconsensus = {consensus}\n+++\nText.\n")
        };
        let (parsed, problems) = parse_as(
            "content/films/new/index.md",
            film("\"A *raw* debut <script>x</script> that [never](javascript:alert(1)) blinks.\"")
                .as_bytes(),
            &Kind::Film { slug: "new".into() },
        );
        assert!(problems.is_empty(), "{problems:?}");
        let Parsed::Film(film_read) = parsed else {
            panic!("not a film")
        };
        let consensus = film_read.consensus.unwrap();
        assert!(
            consensus
                .html
                .starts_with("A <em>raw</em> debut &lt;script&gt;"),
            "{}",
            consensus.html
        );
        assert!(!consensus.html.contains("javascript:") && !consensus.html.contains("<p>"));
        assert_eq!(
            consensus.text,
            "A raw debut <script>x</script> that never blinks."
        );
        for (wrong, says) in [
            ("\"\"", "is empty"),
            ("\"   \"", "is empty"),
            (
                "\"\"\"\nOne.\n\nTwo.\n\"\"\"",
                "has more than one paragraph",
            ),
            ("\"- a list\"", "has a list"),
            ("\"# A heading\"", "has a heading"),
            ("\"> a quote\"", "has a quote"),
            ("\"A ![still](/s.jpg) of it\"", "has an image"),
            ("\"<div>x</div>\"", "has a block of HTML"),
            (
                &format!("\"{}\"", "word ".repeat(61)),
                "is 304 characters long; it may be at most 300",
            ),
        ] {
            let problems = film_errors(film(wrong).as_bytes());
            assert_eq!(
                problems.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
                ["E034"],
                "{wrong}: {problems:?}"
            );
            assert!(
                problems[0].message.contains(says),
                "{wrong}: {}",
                problems[0].message
            );
            assert_eq!(problems[0].location.as_ref().unwrap().line, 4, "{wrong}");
        }
        // The limit is on the text readers see, not on the Markdown around it.
        let emphasis = format!("\"*{}*\"", "a".repeat(300));
        assert!(film_errors(film(&emphasis).as_bytes()).is_empty());
        let link = format!("\"[x](https://example.org/{})\"", "a".repeat(400));
        assert!(film_errors(film(&link).as_bytes()).is_empty());
    }

    #[test]
    fn every_field_with_a_wrong_type_is_reported_in_one_run() {
        let film =
            "+++\ntitle = 5\nyear = \"x\"\nruntime = \"long\"\ngenres = \"Drama\"\n+++\nText.\n";
        let problems = film_errors(film.as_bytes());
        assert_eq!(
            lines(&problems),
            [(2, "E003"), (3, "E003"), (4, "E003"), (5, "E003")],
            "{problems:?}"
        );
        // The wrong `title` is not also said to be missing.
        assert!(problems.iter().all(|d| d.code != Code::E024));
        let review = "+++\ncritic = 5\npublication = [\"x\"]\nscore = \"high\"\ndate = \"2020\"\nsoore = 1\n+++\nText.\n";
        let (_, problems) = parse_review_bytes(review.as_bytes(), false);
        assert_eq!(
            lines(&problems),
            [
                (2, "E003"),
                (3, "E003"),
                (4, "E003"),
                (5, "E003"),
                (6, "E023")
            ],
            "{problems:?}"
        );
        let batch = "[[review]]\ncritic = 5\nscore = \"x\"\nexcerpt = \"a\"\n\n[[review]]\ndate = \"2020\"\nexcerpt = 3\n";
        let (_, problems) = parse_review_bytes(batch.as_bytes(), true);
        assert_eq!(
            lines(&problems),
            [(2, "E003"), (3, "E003"), (7, "E003"), (8, "E003")],
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|d| d.message.contains("expected a date, like 2013-07-15"))
        );
    }
}
