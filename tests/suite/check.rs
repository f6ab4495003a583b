//! What `check` finds before a build would: templates that fail only with some films' data,
//! and errors named in the template they are in.

use crate::common::*;
use std::fs;
use std::path::Path;

/// Writes `text` into the site's own copy of the theme's `template`, inside its first block.
fn inject(root: &Path, template: &str, text: &str) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let original = fs::read_to_string(theme.join(template)).unwrap();
    let at = original.find("{% block ").unwrap();
    let end = at + original[at..].find("%}").unwrap() + 2;
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates").join(template),
        format!("{}{text}{}", &original[..end], &original[end..]),
    )
    .unwrap();
}

#[test]
fn a_template_that_fails_only_for_a_film_without_a_poster_fails_check() {
    // The Alpha Test has a poster, Beta Signal none.
    let (_tmp, root) = copy_site("site");
    inject(&root, "film.html", "<i>{{ film.poster.src }}</i>");
    check(&root, &[])
        .code(1)
        .stderr(predicates::str::contains("error[E030]"))
        .stderr(predicates::str::contains("/films/beta-signal-2002/"));
}

#[test]
fn an_error_in_the_layout_is_named_in_the_layout() {
    let (_tmp, root) = copy_site("site");
    inject(&root, "base.html", "{{ site.nosuchfield.deeper }}");
    check(&root, &[])
        .code(1)
        .stderr(predicates::str::contains("error[E030]"))
        .stderr(predicates::str::contains("templates/base.html"));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_static_is_skipped_with_a_warning() {
    let (_tmp, root) = copy_site("site");
    fs::create_dir_all(root.join("static")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("static/pipe"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        cannot_run_here("mkfifo is not available here");
        return;
    }
    check(&root, &[])
        .success()
        .stderr(predicates::str::contains("warning[W001]"))
        .stderr(predicates::str::contains("static/pipe"));
}

#[test]
fn errors_come_first_and_notes_stay_out_of_build_and_quiet_checks() {
    let (tmp, root) = copy_site("site");
    let reviews = root.join("content/films/the-alpha-test-2001/reviews");
    // A note (a verdict that disagrees with its score) in a file that sorts first, and an
    // error in one that sorts last.
    fs::write(
        reviews.join("aaa.md"),
        "+++\ncritic = \"Aa Note\"\nscore = 90\nverdict = \"negative\"\n+++\nA note.\n",
    )
    .unwrap();
    fs::write(reviews.join("zzz.md"), "+++\nscore = 101\n+++\nAn error.\n").unwrap();
    let failed = check(&root, &[]).code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    let (error, note) = (
        stderr.find("error[E010]").unwrap(),
        stderr.find("note[I001]").unwrap(),
    );
    assert!(error < note, "{stderr}");
    let quiet = check(&root, &["--quiet-notes"]).code(1);
    assert!(!String::from_utf8_lossy(&quiet.get_output().stderr).contains("I001"));
    let built = build(&root, &tmp.path().join("public"), &[]).code(1);
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert!(
        stderr.contains("E010") && !stderr.contains("I001"),
        "{stderr}"
    );
}

#[test]
fn check_renders_every_page_of_a_small_site_so_a_second_page_s_error_is_found() {
    let (_tmp, root) = copy_site("site");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(root.join("config.toml"), format!("per_page = 1\n{config}")).unwrap();
    // Only a page with a previous page names the misspelt field.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let pager = fs::read_to_string(theme.join("pager.html")).unwrap();
    assert!(pager.contains("pager.prev"), "{pager}");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/pager.html"),
        pager.replacen("pager.prev", "pager.previous.url", 1),
    )
    .unwrap();
    check(&root, &[])
        .code(1)
        .stderr(predicates::str::contains("error[E030]"))
        .stderr(predicates::str::contains("page/2/"));
}

#[test]
fn today_is_the_author_s_own_date_so_a_review_of_today_is_never_in_the_future() {
    // Kiritimati is 14 hours ahead of UTC, Pago Pago 11 behind: always a day apart.
    let zone = |name: &str| jiff::tz::TimeZone::get(name).unwrap();
    let today_there = jiff::Timestamp::now()
        .to_zoned(zone("Pacific/Kiritimati"))
        .date();
    let (_tmp, root) = copy_site("site");
    fs::write(
        root.join("content/films/the-alpha-test-2001/reviews/today.md"),
        format!("+++\ncritic = \"Kiri Timati\"\nscore = 70\ndate = {today_there}\n+++\nFresh.\n"),
    )
    .unwrap();
    for (tz, future) in [("Pacific/Kiritimati", false), ("Pacific/Pago_Pago", true)] {
        let done = marquee()
            .arg("check")
            .arg("--root")
            .arg(&root)
            .env("TZ", tz)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        assert_eq!(stderr.contains("in the future"), future, "{tz}: {stderr}");
    }
}
