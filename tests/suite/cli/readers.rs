//! What readers do on a film page beyond reading it: the top critics' own figures.

use super::*;

/// A site of one film reviewed by five critics, three of them top critics: two by their
/// profiles, one by the review itself (as an import from Rotten Tomatoes marks it).
fn top_critics_site(root: &Path) {
    let film = root.join("content/films/top-test-2020");
    fs::create_dir_all(film.join("reviews")).unwrap();
    fs::create_dir_all(root.join("content/critics")).unwrap();
    fs::write(
        root.join("config.toml"),
        "title = \"Top\"\nbase_url = \"https://example.org/\"\n[scores]\nmin_reviews = 3\npercent_positive_min_reviews = 3\n[publish]\nfilm_json = true\n",
    )
    .unwrap();
    fs::write(
        film.join("index.md"),
        "+++\ntitle = \"Top Test\"\nyear = 2020\n+++\n",
    )
    .unwrap();
    for (critic, score, top) in [
        ("Ann Apple", 90, true),
        ("Bo Reed", 70, true),
        ("Cy Doe", 50, false),
        ("Di Eve", 20, false),
        ("Ed Fox", 100, false),
    ] {
        let slug = critic.to_lowercase().replace(' ', "-");
        fs::write(
            film.join(format!("reviews/{slug}.md")),
            format!("+++\ncritic = \"{critic}\"\nscore = {score}\n+++\nText.\n"),
        )
        .unwrap();
        if critic == "Cy Doe" {
            let path = film.join(format!("reviews/{slug}.md"));
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, text.replacen("score", "top_critic = true\nscore", 1)).unwrap();
        }
        if top {
            fs::write(
                root.join(format!("content/critics/{slug}.md")),
                format!("+++\nname = \"{critic}\"\ntop = true\n+++\n"),
            )
            .unwrap();
        }
    }
}

#[test]
fn top_critics_have_their_own_figures_from_their_reviews_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    top_critics_site(&root);
    let out = tmp.path().join("out");
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/top-test-2020/index.html")).unwrap();
    // Worked by hand. Every review weighs the same (no publication weights).
    // All five: (90 + 70 + 50 + 20 + 100) / 5 = 66; positive (61 and up): 90, 70, 100 = 3 of 5
    // = 60%. Top critics alone (Ann, Bo, Cy): (90 + 70 + 50) / 3 = 70, "Generally favorable"
    // (61-80); positive 2 of 3 = 66.67%, 67% half up; 3 scored reviews meet min_reviews = 3,
    // 3 banded meet percent_positive_min_reviews = 3.
    assert!(
        page.contains("Metascore: </span>66</span>"),
        "the film's own figure"
    );
    let top = &page[page.find(r#"<p class="secondary top-critics">"#).unwrap()..];
    let top = &top[..top.find("</p>").unwrap()];
    assert!(
        top.contains("Top critics' Metascore: </span>70</span>"),
        "{top}"
    );
    assert!(
        top.contains("Generally favorable reviews, from 3 scored reviews; 67% positive."),
        "{top}"
    );
    // Their cards are marked, and the filter offers them with their count.
    assert_eq!(
        page.matches(r#"<span class="badge top-critic">Top critic</span>"#)
            .count(),
        3
    );
    assert!(page.contains(r##"<a href="#top-critics" data-filter="top-critics">Top critics<span class="count"> 3</span></a>"##));
    assert!(page.contains("Showing the 3 top critics' reviews of 5."));

    // One top critic fewer than the minimum: no figures of their own, and the page says so.
    let cy = root.join("content/films/top-test-2020/reviews/cy-doe.md");
    let text = fs::read_to_string(&cy).unwrap();
    fs::write(&cy, text.replace("top_critic = true\n", "")).unwrap();
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/top-test-2020/index.html")).unwrap();
    assert!(page.contains("Top critics: 2 reviews, too few for figures of their own."));
    assert!(!page.contains("Top critics' Metascore"));

    // No top critic at all: nothing of them is shown.
    for critic in ["ann-apple", "bo-reed"] {
        fs::remove_file(root.join(format!("content/critics/{critic}.md"))).unwrap();
    }
    build(&root, &out, &[]).success();
    let page = fs::read_to_string(out.join("films/top-test-2020/index.html")).unwrap();
    assert!(
        !page.contains("top-critic"),
        "no mark, no filter, no figures"
    );
}
