//! The theme: an exported theme, templates checked, and changes one file at a time.

use super::*;

#[test]
fn a_site_built_from_its_exported_theme_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    let before = tmp.path().join("before");
    build(&root, &before, &[]).success();
    marquee()
        .args(["theme", "export", "--root"])
        .arg(&root)
        .assert()
        .success();
    assert!(root.join("templates/scoring.html").is_file());
    assert!(root.join("static/style.css").is_file());
    let after = tmp.path().join("after");
    build(&root, &after, &[]).success();
    let (a, b) = (tree(&before), tree(&after));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn check_renders_each_kind_of_page_once_and_reports_a_template_that_fails_at_run_time() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    fs::create_dir_all(root.join("templates")).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for (template, field) in [
        ("film.html", "film.nosuchfield.deeper"),
        ("critic.html", "critic.nosuchfield"),
    ] {
        let text = read(&theme.join(template));
        // Inside the first block, where the page's data is used.
        let at = text.find("{% block ").unwrap();
        let end = at + text[at..].find("%}").unwrap() + 2;
        let broken = format!("{}{{{{ {field} }}}}{}", &text[..end], &text[end..]);
        fs::write(root.join("templates").join(template), broken).unwrap();
        let failed = check(&root, &[]).failure();
        let (text, _) = printed(&failed);
        assert!(text.contains("error[E030]"), "{template}: {text}");
        assert!(
            text.contains(&format!("templates/{template}")),
            "{template}: {text}"
        );
        fs::remove_file(root.join("templates").join(template)).unwrap();
    }
    check(&root, &[]).success();
}

#[test]
fn a_theme_is_changed_one_file_at_a_time_with_blocks_and_extra_css() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    // One file, by its name or its path; an unknown name lists the theme's files.
    let done = marquee()
        .args(["theme", "export", "base.html", "static/style.css", "--root"])
        .arg(&root)
        .assert()
        .success();
    let (_, stdout) = printed(&done);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(root.join("templates/base.html").is_file());
    assert!(root.join("static/style.css").is_file());
    assert!(!root.join("templates/film.html").exists());
    let failed = marquee()
        .args(["theme", "export", "flim.html", "--root"])
        .arg(&root)
        .assert()
        .failure();
    let (stderr, _) = printed(&failed);
    assert!(
        stderr.contains("no file `flim.html`") && stderr.contains("templates/film.html"),
        "{stderr}"
    );
    fs::remove_file(root.join("templates/base.html")).unwrap();
    fs::remove_file(root.join("static/style.css")).unwrap();
    // A footer of one's own through a block, and extra.css after the theme's stylesheet.
    fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block footer %}<footer>Our own footer</footer>{% endblock footer %}{% block head %}<meta name=\"x-mine\" content=\"1\">{% endblock head %}{% block content %}{{ free_page.body_html | safe }}{% endblock content %}",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(
        root.join("content/pages/about.md"),
        "+++\ntitle = \"About\"\n+++\nUs.\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/extra.css"), ".brand { color: teal }\n").unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let about = read(&out.join("about/index.html"));
    assert!(
        about.contains("<footer>Our own footer</footer>") && about.contains("x-mine"),
        "{about}"
    );
    assert!(about.contains("<p>Us.</p>"), "{about}");
    let home = read(&out.join("index.html"));
    let style = home.find("href=\"/style.").unwrap();
    let extra = home.find("href=\"/extra.").unwrap();
    assert!(
        style < extra,
        "extra.css comes after the theme's stylesheet"
    );
    let name = &home[extra + 7..];
    let name = &name[..name.find('"').unwrap()];
    assert_eq!(
        read(&out.join(name)),
        ".brand{color:teal}",
        "published minified"
    );
}
