//! The incremental path held to a full build: the same output, byte for byte, and the
//! same warnings, after every kind of edit.

use super::*;
use std::collections::BTreeMap;
use std::fs;

/// Every file under `dir` with its bytes, the marker included.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A small fictional site: enough films, critics and pages per list that an edit moves
/// films across pages of the listings.
fn write_site(root: &Path) {
    fs::create_dir_all(root).unwrap();
    fs::write(
        root.join("config.toml"),
        "title = \"Incremental\"\nbase_url = \"https://example.org/\"\nper_page = 4\n[scores]\nmin_reviews = 2\nmin_reviews_for_lists = 3\nmust_see_reviews = 3\n",
    )
    .unwrap();
    for f in 0..9 {
        let dir = root.join(format!("content/films/film-{f}-200{}", f % 3));
        fs::create_dir_all(dir.join("reviews")).unwrap();
        // Every other film has a poster, so that lists hold thumbnails and placeholders.
        let poster = if f % 2 == 1 {
            image::RgbImage::from_pixel(120, 180, image::Rgb([25 * f as u8, 90, 160]))
                .save(dir.join("poster.png"))
                .unwrap();
            "poster = \"poster.png\"\n"
        } else {
            ""
        };
        fs::write(
            dir.join("index.md"),
            format!(
                "+++\ntitle = \"Film {f}\"\nyear = 200{}\ngenres = [\"{}\"]\ndirectors = [\"Dir {}\"]\ncast = [\"Actor {}\", \"Actor {}\"]\n{poster}+++\nSynopsis {f}.\n",
                f % 3,
                ["Drama", "Comedy"][f % 2],
                f % 3,
                f % 4,
                (f + 1) % 4
            ),
        )
        .unwrap();
        for r in 0..(2 + f % 4) {
            fs::write(
                dir.join(format!("reviews/r{r}.md")),
                format!(
                    "+++\ncritic = \"Critic {}\"\npublication = \"Paper {}\"\ndate = 2003-0{}-1{}\nscore = {}\n+++\nExcerpt {f}-{r}.\n",
                    (f + r) % 5,
                    r % 3,
                    1 + r % 9,
                    f % 10,
                    (f * 17 + r * 29) % 101
                ),
            )
            .unwrap();
        }
    }
}

/// Applies `edit` to the site, rebuilds incrementally and compares the output with a
/// full build of the same sources, byte for byte, and the warnings with the full build's;
/// gives the codes of those warnings.
fn check(
    session: &mut Session,
    root: &Path,
    scratch: &Path,
    edit: &str,
    expect_partial: bool,
) -> Vec<String> {
    let (file, text) = edit.split_once('\n').unwrap();
    let path = root.join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    let rebuilt = session.rebuild(&[path]).unwrap();
    assert_eq!(
        matches!(rebuilt, Rebuilt::Partial { .. }),
        expect_partial,
        "{file}: {rebuilt:?}"
    );
    let full = scratch.join("full");
    let report = crate::build(root, &full, None, false).unwrap();
    let warnings = match &rebuilt {
        Rebuilt::Full(report) => report.warnings.clone(),
        Rebuilt::Partial { .. } => session.warnings().to_vec(),
    };
    let said =
        |all: &[Diagnostic]| -> Vec<String> { all.iter().map(|d| d.render(false)).collect() };
    assert_eq!(
        said(&warnings),
        said(&report.warnings),
        "after editing {file}: the warnings differ from a full build's"
    );
    let (got, want) = (tree(&session.output), tree(&full));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "after editing {file}: {} differs from a full build",
            name.display()
        );
    }
    report.warnings.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn incremental_rebuilds_write_exactly_what_a_full_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let out = tmp.path().join("out");
    let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
    let review = |f: usize, r: usize, body: &str| {
        format!(
            "content/films/film-{f}-200{}/reviews/r{r}.md\n{body}",
            f % 3
        )
    };
    let scored = |critic: usize, paper: usize, date: &str, score: u8| {
        format!(
            "+++\ncritic = \"Critic {critic}\"\npublication = \"Paper {paper}\"\ndate = {date}\nscore = {score}\n+++\nEdited.\n"
        )
    };
    let edits = [
        // A score that moves the film to the top of every ranking.
        (review(4, 0, &scored(4, 0, "2003-01-14", 100)), true),
        // And to the bottom.
        (review(4, 0, &scored(4, 0, "2003-01-14", 0)), true),
        // A date that makes it the newest review (home page, feeds, sitemap).
        (review(2, 1, &scored(3, 1, "2009-12-31", 55)), true),
        // Only the excerpt.
        (review(7, 2, &scored(4, 2, "2003-03-17", 62)), true),
        // A new review by a known critic for a known paper.
        (review(0, 5, &scored(2, 2, "2003-02-02", 90)), true),
        // A verdict instead of a score.
        (
            review(5, 1, "+++\ncritic = \"Critic 1\"\npublication = \"Paper 1\"\nverdict = \"fresh\"\n+++\n"),
            true,
        ),
        // The synopsis.
        (
            "content/films/film-3-2000/index.md\n+++\ntitle = \"Film 3\"\nyear = 2000\ngenres = [\"Comedy\"]\ndirectors = [\"Dir 0\"]\ncast = [\"Actor 3\", \"Actor 0\"]\nposter = \"poster.png\"\n+++\nA new synopsis.\n".to_string(),
            true,
        ),
        // A new critic: the site gains pages, so a full build.
        (review(6, 0, &scored(9, 0, "2003-01-16", 70)), false),
        // Back to a known critic: the new one is left with no review and no profile, and
        // a full build drops its page, so this is a full build too.
        (review(6, 0, &scored(1, 0, "2003-01-16", 70)), false),
        // A new genre: a full build.
        (
            "content/films/film-3-2000/index.md\n+++\ntitle = \"Film 3\"\nyear = 2000\ngenres = [\"Western\"]\ndirectors = [\"Dir 0\"]\ncast = [\"Actor 3\", \"Actor 0\"]\nposter = \"poster.png\"\n+++\n".to_string(),
            false,
        ),
        // A profile: a full build.
        ("content/critics/critic-1.md\n+++\nname = \"Critic 1\"\n+++\nA bio.\n".to_string(), false),
        // Static files: the hidden ones hosts read are published (and the output's record
        // keeps them, so the next build knows them), the others and editors' temporary
        // files are not.
        ("static/.well-known/security.txt\nContact: mailto:a@example.org\n".to_string(), false),
        ("static/.nojekyll\n".to_string(), false),
        ("static/.well-known/security.txt\nContact: mailto:b@example.org\n".to_string(), false),
        ("static/data.tmp\nscratch".to_string(), false),
        ("static/.env\nSECRET=1".to_string(), false),
        ("static/.style.css.swp\nswap".to_string(), false),
        ("content/films/film-1-2001/reviews/.r0.md.swp\nswap".to_string(), false),
    ];
    for (edit, partial) in &edits {
        check(&mut session, &root, tmp.path(), edit, *partial);
    }
    // Warnings across films come and go with edits of one film, as in a full build: a
    // publication spelled another way, a title and year another film has, scores that look
    // like stars; and each goes again when the edit is undone. (A new title is a full
    // build: lists sort by it.)
    let film_0 = "content/films/film-0-2000/index.md\n+++\ntitle = \"Film 0\"\nyear = 2000\ngenres = [\"Drama\"]\ndirectors = [\"Dir 0\"]\ncast = [\"Actor 0\", \"Actor 1\"]\n+++\nSynopsis 0.\n";
    let across = [
        (
            review(
                7,
                1,
                &scored(3, 1, "2003-02-17", 62).replace("Paper 1", "PAPER 1"),
            ),
            "W005",
            true,
        ),
        (review(7, 1, &scored(3, 1, "2003-02-17", 62)), "", true),
        (
            film_0
                .replace("Film 0", "Film 6")
                .replace("Synopsis 0", "Again"),
            "W007",
            false,
        ),
        (film_0.to_string(), "", false),
        (review(8, 0, &scored(3, 0, "2003-01-18", 4)), "", true),
        (review(8, 1, &scored(4, 1, "2003-02-18", 3)), "", true),
        (review(8, 2, &scored(0, 2, "2003-03-18", 2)), "", true),
        (review(8, 3, &scored(1, 0, "2003-04-18", 5)), "W008", true),
        (review(8, 3, &scored(1, 0, "2003-04-18", 50)), "", true),
    ];
    for (edit, code, partial) in across {
        let codes = check(&mut session, &root, tmp.path(), &edit, partial);
        assert_eq!(
            codes.iter().any(|c| c == code),
            !code.is_empty(),
            "{code} after {edit}: {codes:?}"
        );
    }
    let published = tree(&session.output);
    for (name, is_published) in [
        (".well-known/security.txt", true),
        (".nojekyll", true),
        ("data.tmp", false),
        (".env", false),
        (".style.css.swp", false),
    ] {
        assert_eq!(
            published.contains_key(Path::new(name)),
            is_published,
            "{name}"
        );
    }
    // A new picture in a poster's file: new files under new names, in a full build.
    let poster = root.join("content/films/film-5-2002/poster.png");
    image::RgbImage::from_pixel(90, 135, image::Rgb([200, 40, 40]))
        .save(&poster)
        .unwrap();
    let rebuilt = session.rebuild(&[poster]).unwrap();
    assert!(matches!(rebuilt, Rebuilt::Full(_)), "{rebuilt:?}");
    let full = tmp.path().join("full");
    crate::build(&root, &full, None, false).unwrap();
    assert_eq!(tree(&session.output), tree(&full));
}

#[test]
fn an_error_keeps_the_last_good_site_and_the_fix_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let out = tmp.path().join("out");
    let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
    let before = tree(&out);
    let path = root.join("content/films/film-1-2001/reviews/r0.md");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(&path, "+++\nscore = 101\n+++\n").unwrap();
    let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&path)) else {
        panic!("a score of 101 is an error");
    };
    assert_eq!(problems[0].code.as_str(), "E010");
    assert_eq!(tree(&out), before, "nothing was written");
    // Editing another film does not make the error go away.
    let other = root.join("content/films/film-2-2002/reviews/r0.md");
    let text = fs::read_to_string(&other).unwrap();
    fs::write(&other, text.replace("Excerpt", "Another excerpt")).unwrap();
    let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&other)) else {
        panic!("the first film is still broken");
    };
    assert_eq!(
        problems[0].path,
        Path::new("content/films/film-1-2001/reviews/r0.md")
    );
    assert_eq!(tree(&out), before, "still nothing written");
    let fixed = good.replace("Excerpt", "Fixed excerpt");
    check(
        &mut session,
        &root,
        tmp.path(),
        &format!("content/films/film-1-2001/reviews/r0.md\n{fixed}"),
        true,
    );
}

#[test]
fn after_a_failed_full_build_every_rebuild_is_full_until_it_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let out = tmp.path().join("out");
    let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
    let config = root.join("config.toml");
    let good = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{good}titel = \"typo\"\n")).unwrap();
    assert!(session.rebuild(std::slice::from_ref(&config)).is_err());
    let review = root.join("content/films/film-2-2002/reviews/r0.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(&review, text.replace("Excerpt", "Edited")).unwrap();
    let Err(BuildError::Invalid(problems)) = session.rebuild(std::slice::from_ref(&review)) else {
        panic!("the config is still broken");
    };
    assert_eq!(problems[0].path, Path::new("config.toml"));
    fs::write(&config, good).unwrap();
    assert!(matches!(
        session.rebuild(std::slice::from_ref(&config)),
        Ok(Rebuilt::Full(_))
    ));
    let review_page = fs::read_to_string(out.join("films/film-2-2002/index.html")).unwrap();
    assert!(review_page.contains("Edited"));
}

#[test]
fn removing_a_film_folder_is_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let out = tmp.path().join("out");
    let (mut session, _) = Session::start(&root, &out, None, true).unwrap();
    let film = root.join("content/films/film-5-2002");
    let removed: Vec<PathBuf> = walkdir::WalkDir::new(&film)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    fs::remove_dir_all(&film).unwrap();
    assert!(matches!(session.rebuild(&removed), Ok(Rebuilt::Full(_))));
    assert!(!out.join("films/film-5-2002").exists());
    let full = tmp.path().join("full");
    crate::build(&root, &full, None, false).unwrap();
    assert_eq!(tree(&out), tree(&full));
}
