//! Longer explanations of every diagnostic code, for `marquee check --explain CODE`.
//!
//! Each entry says what the problem is, why Marquee cares, and shows a correct example, so
//! that a message seen once in a terminal can be looked up later.

/// Every code with its title and explanation.
pub const EXPLANATIONS: &[(&str, &str, &str)] = &[
    (
        "E001",
        "a file or folder cannot be read",
        "The operating system refused to read a file or folder of the site (permissions, a broken disk). The message carries the system's own reason. Check the file's permissions with `ls -l` and that the path exists.",
    ),
    (
        "E002",
        "the site has no content folder",
        "A site is a folder with `content/` in it (and usually `config.toml`). Run marquee in that folder or pass `--root DIR`.\n\n    my-site/\n      config.toml\n      content/films/pusher-1996/index.md",
    ),
    (
        "E003",
        "the front matter is not valid TOML, or has a wrong field",
        "Front matter is TOML between two `+++` lines. Strings take double quotes, dates are bare (`date = 2013-07-15`), numbers are bare, lists use brackets. Unknown field names are errors so that a typo never silently does nothing; the message names the field and lists the valid ones.\n\n    +++\n    critic = \"Noel Murray\"\n    date = 2013-07-15\n    score = 83\n    +++",
    ),
    (
        "E004",
        "a film folder name is not a valid slug",
        "The folder name is the film's URL: lowercase ASCII letters and digits, in runs joined by single hyphens. Rename the folder to the suggested name.\n\n    content/films/pusher-1996/     valid\n    content/films/Pusher_1996/     not valid",
    ),
    (
        "E005",
        "a film folder has no index.md",
        "Each folder under `content/films/` is a film and needs `index.md` with at least `title` and `year`.\n\n    +++\n    title = \"Pusher\"\n    year = 1996\n    +++\n    The synopsis, in Markdown.",
    ),
    (
        "E006",
        "the file is not text",
        "Content files must be UTF-8 text without NUL bytes. Re-save the file as UTF-8 in your editor; the diagnostic points at the first bad byte.",
    ),
    (
        "E007",
        "the front matter delimiters are missing",
        "Every Markdown content file starts with a line `+++`, then TOML, then another line `+++`, then the body. An empty file, a file without the first `+++` (or with YAML's `---`) and a file whose front matter is never closed are reported here.",
    ),
    (
        "E008",
        "a name or title is empty",
        "Titles, critic names, publication names and profile names need at least one letter or digit, because names become URLs. Write the name, or remove the field.",
    ),
    (
        "E009",
        "a year or runtime is implausible",
        "`year` must be a four-digit year from 1850 to 2200; `runtime` a positive number of minutes.\n\n    year = 1996\n    runtime = 105",
    ),
    (
        "E010",
        "a score is out of range",
        "`score` is a whole number from 0 to 100. For a grade on the critic's own scale use `rating` instead and Marquee converts it. A review has one or the other:\n\n    score = 80\n\nor\n\n    rating = \"3.5/4\"    # becomes 88",
    ),
    (
        "E011",
        "the poster is not a file in the film's folder",
        "`poster` names an image file beside the film's `index.md`: just the file name, no folders, no `..`, and not a symbolic link (links are never followed).\n\n    content/films/pusher-1996/poster.jpg\n    poster = \"poster.jpg\"",
    ),
    (
        "E012",
        "a url is not an http or https address",
        "Links to full reviews and profiles must be complete http or https addresses. Other schemes (javascript:, data:, file:) are refused because they can run code or leak files in readers' browsers.\n\n    url = \"https://example.com/reviews/pusher\"",
    ),
    (
        "E013",
        "a review has both score and rating",
        "A review's grade is either a `score` (0-100) or a `rating` in the critic's own scale, never both: keep the one the critic published.",
    ),
    (
        "E014",
        "a rating cannot be converted",
        "Ratings are fractions out of 4, 5, 10 or 100 with the first number between 0 and the scale (\"3.5/4\", \"8/10\", \"72.5/100\"), or letter grades A+ to F (A+ 100, A 100, A- 91, B+ 83, B 75, B- 67, C+ 58, C 50, C- 42, D+ 33, D 25, D- 16, F 0). Anything else (\"5/4\", \"4/0\", \"Z+\", \"****\") is refused rather than guessed.",
    ),
    (
        "E015",
        "assigned without a score",
        "`assigned = true` marks a score that the site's editors gave a review which carries no grade, so it needs a `score`.\n\n    score = 75\n    assigned = true",
    ),
    (
        "E016",
        "a date is not a plain calendar date",
        "Dates are written bare as YYYY-MM-DD, without quotes or a time, and must exist on the calendar (no 2013-02-30).\n\n    date = 2013-07-15",
    ),
    (
        "E017",
        "a profile's file name does not match its name",
        "Critic and publication profiles are found by the slug of their name, so `content/critics/noel-murray.md` must say `name = \"Noel Murray\"`. Rename the file to the suggested name.",
    ),
    (
        "E018",
        "a publication weight is out of range",
        "`weight` scales a publication's reviews in every Metascore: a number above 0 and at most 1000, taken to three decimals. 1.0 is the default; 2.0 counts twice.",
    ),
    (
        "E019",
        "a content file is too large",
        "Content files may be at most 4 MB. Excerpts and synopses are short texts: keep the quote and link to the full review with `url`.",
    ),
    (
        "E020",
        "a setting in config.toml is invalid",
        "`base_url` must be an http(s) URL or a path, `per_page` at least 1, and the score thresholds ordered: 0 <= mixed <= positive <= 100.\n\n    base_url = \"https://user.github.io/reviews/\"\n    [scores]\n    positive = 61\n    mixed = 40",
    ),
    (
        "E021",
        "a verdict is not one Marquee knows",
        "A review's `verdict` is \"positive\", \"mixed\" or \"negative\"; \"fresh\" and \"rotten\" are read as positive and negative. Case does not matter.\n\n    verdict = \"Fresh\"",
    ),
    (
        "E022",
        "two sources would be written to one URL",
        "Every file of the built site comes from one source: a film folder, a critic's or publication's name, a genre or other term, a static file, or a page Marquee makes itself (the film lists sorted by title, year, Metascore or % positive live at /films/title/, /films/year/...; the feeds, search index and sitemap at the root). When two sources claim the same path, one page would silently replace the other, so the build stops and names both. Rename the source you control, as the hint suggests: a film folder with the year in it never collides with a list.\n\n    content/films/title/        collides with the list /films/title/\n    content/films/title-2024/   its own page",
    ),
    (
        "E030",
        "a template cannot be used",
        "A template in the site's `templates/` folder (or one it extends or includes) has a syntax error, or refers to something that does not exist. The message shows Tera's report with the line. The README's template guide lists what each template receives.",
    ),
    (
        "W001",
        "a file is in a place Marquee does not read",
        "Only these places are read: `content/films/<slug>/index.md`, `content/films/<slug>/reviews/*.md`, `content/films/<slug>/reviews.toml`, images beside a film's `index.md`, `content/critics/*.md` and `content/publications/*.md`. A file elsewhere is probably misplaced.",
    ),
    (
        "W002",
        "a symbolic link is skipped",
        "Marquee never follows symbolic links in a site, so that content cannot make it read files outside the site or loop forever. Copy the file into the site instead.",
    ),
    (
        "W003",
        "a review is dated in the future",
        "The review's date is after today. It is built as written; check the year.",
    ),
    (
        "W004",
        "a critic reviews the same film twice",
        "Two review files of one film have the same critic (names compared by their slug). Usually a file was copied or imported twice; remove one, or correct the critic's name.",
    ),
    (
        "W005",
        "a critic or publication is spelled two ways",
        "Two spellings of a name differ only in punctuation, spaces or case (\"The A.V. Club\" and \"The AV Club\"). Where their slugs differ they become two pages and split the statistics; where the slugs agree they share a page under the first spelling. Use one spelling everywhere.",
    ),
    (
        "W006",
        "a review is dated before its film's year",
        "The review's date is earlier than the film's `year`. Festival reviews can precede a release, but usually the date or the year is wrong.",
    ),
    (
        "W007",
        "two films have the same title and year",
        "Two film folders have the same title and year. If they are the same film, merge the reviews into one folder; if they are different films, nothing needs to change.",
    ),
    (
        "W008",
        "a rating looks like a different scale",
        "A fraction rating whose scale looks wrong: a critic who rates almost always out of one scale (\"3/4\", \"2.5/4\") gives one rating out of another (\"3/5\"), or a small mark is written out of 100 (\"7/100\", probably 7/10). Each is read as written, so a slip changes the score: 3/5 is 60, 3/4 would be 75. Fix the rating if it is a typo; a critic who really changed scales can ignore this.",
    ),
    (
        "W009",
        "a film's poster file does not exist",
        "The film's `poster` names a file that is not in the film's folder, so the page is built without a poster (and without a preview image for links shared on social sites). Add the image beside `index.md` or remove the field; with --strict this is an error.",
    ),
    (
        "W010",
        "base_url is not a full address",
        "Canonical links, the sitemap, Atom feed ids and links, and Open Graph tags must be absolute URLs to mean anything once the site is published. With a `base_url` such as \"/\" they are relative, and feed ids are made up. Set `base_url` to where the site will live, or pass it when you build for a host (the deployment guides do). `serve` always uses its own address, so the preview never warns. This warning stays a warning under --strict.\n\n    base_url = \"https://reviews.example.com/\"\n    marquee build --base-url \"https://user.github.io/reviews/\"",
    ),
    (
        "I001",
        "a verdict disagrees with its score",
        "The critic's verdict (say Rotten) differs from the band of the review's score (a \"2.5/4\" is 63, positive). The verdict decides the review's band; this note only points it out.",
    ),
    (
        "I003",
        "robots.txt under a sub-path has no effect",
        "Crawlers look for robots.txt only at the root of a host (https://example.com/robots.txt). A site published under a sub-path, such as a GitHub project site at https://user.github.io/reviews/, still gets its robots.txt, but no crawler reads it there. The sitemap it names is still valid: submit sitemap.xml to search engines yourself, or publish the site at a host's root.",
    ),
    (
        "I002",
        "a rating is out of an unusual scale",
        "Ratings may be out of any whole number from 2 to 100, but most critics grade out of 4, 5, 10 or 100. A rating like \"5/6\" or \"14/20\" is used as written (83 and 70); this note only asks you to make sure the scale is the critic's and not a typo. `marquee check` shows notes; `build` does not.\n\n    rating = \"14/20\"",
    ),
];

/// The explanation of `code` (any case), formatted for a terminal.
pub fn explain(code: &str) -> Option<String> {
    EXPLANATIONS
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(c, title, text)| format!("{c}: {title}\n\n{text}\n"))
}

/// Every code with its title, one a line: what `check --explain` with no code prints.
pub fn list() -> String {
    let mut out = String::new();
    for (code, title, _) in EXPLANATIONS {
        out += &format!("{code}  {title}\n");
    }
    out += "\nmarquee check --explain CODE tells more about one of them.\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_used_in_the_source_is_explained() {
        let src = concat!(
            include_str!("../content/mod.rs"),
            include_str!("../content/parse.rs"),
            include_str!("../content/source.rs"),
            include_str!("../content/film.rs"),
            include_str!("../content/review.rs"),
            include_str!("../content/profile.rs"),
            include_str!("../aggregate/lint.rs"),
            include_str!("../config.rs"),
            include_str!("../render/theme.rs"),
            include_str!("mod.rs"),
            include_str!("../render/claims.rs")
        );
        let mut used = std::collections::BTreeSet::new();
        for (i, _) in src.match_indices('"') {
            let code = src.get(i + 1..i + 5).unwrap_or_default();
            let closed = src.get(i + 5..i + 6) == Some("\"");
            let shaped = code.len() == 4
                && matches!(code.as_bytes()[0], b'E' | b'W' | b'I')
                && code[1..].bytes().all(|b| b.is_ascii_digit());
            if closed && shaped {
                used.insert(code.to_string());
            }
        }
        assert!(used.len() > 20, "found {used:?}");
        for code in &used {
            assert!(explain(code).is_some(), "{code} has no explanation");
        }
    }

    #[test]
    fn explanations_are_found_in_any_case() {
        assert!(
            explain("e010")
                .unwrap()
                .starts_with("E010: a score is out of range")
        );
        assert!(explain("E999").is_none());
    }

    #[test]
    fn the_list_names_every_code_once() {
        let list = list();
        for (code, title, _) in EXPLANATIONS {
            assert_eq!(
                list.matches(&format!("{code}  {title}\n")).count(),
                1,
                "{code}"
            );
        }
    }
}
