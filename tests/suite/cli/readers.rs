//! What readers find beyond a film's numbers: the top critics' own figures, the people who made
//! the films and their careers, and reviews in a language of their own.

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

/// The rows of a person page's table of films: the film's address, the role and the
/// Metascore shown (`None` for tbd).
fn credits(page: &str) -> Vec<(String, String, Option<u8>)> {
    page.split("<tr><td>")
        .skip(1)
        .map(|row| {
            let href = row
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let cells: Vec<&str> = row.split("<td>").collect();
            let role = cells[2].trim_end_matches("</td>").to_string();
            let score = cells[3]
                .rsplit("</span>")
                .nth(1)
                .unwrap()
                .rsplit('>')
                .next()
                .unwrap()
                .parse()
                .ok();
            (href.to_string(), role, score)
        })
        .collect()
}

#[test]
fn every_person_s_page_agrees_with_the_films_own_numbers_and_credits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(root, &out, &[]).success();
    let index: Value =
        serde_json::from_str(&fs::read_to_string(out.join("api/films.json")).unwrap()).unwrap();
    let metascore = |url: &str| -> Option<u8> {
        let film = index["films"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("{url} is not a film"));
        film["metascore"].as_u64().map(|m| m as u8)
    };
    let mut people = 0;
    let mut scored_careers = 0;
    // Every folder of people/ is a person's page (the list is people/index.html).
    for person in fs::read_dir(out.join("people")).unwrap() {
        let dir = person.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let page = fs::read_to_string(dir.join("index.html")).unwrap();
        let rows = credits(&page);
        assert!(!rows.is_empty(), "{}", dir.display());
        people += 1;
        let mut scores = Vec::new();
        for (url, role, shown) in &rows {
            assert_eq!(*shown, metascore(url), "{}: {url}", dir.display());
            scores.extend(*shown);
            // The film's page credits them, and links them here.
            let film = fs::read_to_string(out.join(url.trim_start_matches('/')).join("index.html"))
                .unwrap();
            let slug = dir.file_name().unwrap().to_str().unwrap();
            let link = format!("<a href=\"/people/{slug}/\">");
            assert!(film.contains(&link), "{url} does not link {slug} ({role})");
        }
        if scores.is_empty() {
            assert!(page.contains("has a Metascore yet"), "{}", dir.display());
            continue;
        }
        scored_careers += 1;
        // The average, by hand: the rounded-half-up mean of the films' own Metascores.
        let sum: u32 = scores.iter().map(|&s| u32::from(s)).sum();
        let n = scores.len() as u32;
        let average = (2 * sum + n) / (2 * n);
        assert!(
            page.contains(&format!("Average Metascore: </span>{average}</span>")),
            "{}: {scores:?}",
            dir.display()
        );
        let best = scores.iter().max().unwrap();
        assert!(page.contains(&format!("), {best}")), "{}", dir.display());
    }
    assert!(
        people > 50 && scored_careers > 40,
        "{people} people, {scored_careers} scored"
    );
    // The list of people names each of them once, with their roles and film count.
    let list = fs::read_to_string(out.join("people/index.html")).unwrap();
    assert_eq!(list.matches("</a> <span class=\"count\">").count(), people);
    assert!(
        list.contains("<a href=\"/people/pim-pennyworth/\">Pim Pennyworth</a> <span class=\"count\">Director, Writer, Cast · 4 films</span>"),
        "{list}"
    );
    let pim = fs::read_to_string(out.join("people/pim-pennyworth/index.html")).unwrap();
    let roles: Vec<String> = credits(&pim).into_iter().map(|(_, role, _)| role).collect();
    assert_eq!(roles, ["Cast", "Director, Writer", "Director", "Director"]);
    assert!(
        pim.contains("id=\"career-chart\""),
        "four scored films draw a chart"
    );
    // The directors' list of films leads to the whole career.
    let directed = fs::read_to_string(out.join("directors/pim-pennyworth/index.html")).unwrap();
    assert!(directed.contains(
        "<a href=\"/people/pim-pennyworth/\">Pim Pennyworth's films, roles and career</a>"
    ));
}

#[test]
fn without_cast_pages_only_directors_have_one() {
    let (_tmp, root, out) =
        fixture_with_beta_fields("directors = [\"Dee Rector\"]\ncast = [\"Cas Member\"]\n");
    build(&root, &out, &[]).success();
    assert!(out.join("people/cas-member/index.html").is_file());
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        config.replace("[publish]\n", "[publish]\ncast_pages = false\n"),
    )
    .unwrap();
    build(&root, &out, &[]).success();
    assert!(out.join("people/dee-rector/index.html").is_file());
    assert!(!out.join("people/cas-member").exists());
    let film = fs::read_to_string(out.join("films/beta-signal-2002/index.html")).unwrap();
    assert!(
        film.contains("<dd>Cas Member</dd>"),
        "a name without a page is plain text"
    );
    assert!(film.contains("<a href=\"/people/dee-rector/\">Dee Rector</a>"));
}

#[test]
fn a_review_in_another_language_says_so_on_its_card_and_a_wrong_tag_is_located() {
    let (tmp, root) = copy_site("site");
    let review = root.join("content/films/the-alpha-test-2001/reviews/ada-quill.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(
        &review,
        text.replacen("score = 90\n", "score = 90\nlanguage = \"pt-BR\"\n", 1),
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let film = fs::read_to_string(out.join("films/the-alpha-test-2001/index.html")).unwrap();
    assert!(film.contains("<li class=\"review\" id=\"review-ada-quill\" lang=\"pt-BR\">"));
    assert_eq!(
        film.matches(" lang=\"").count(),
        2,
        "the page's own and this card's"
    );
    fs::write(
        &review,
        text.replacen("score = 90\n", "score = 90\nlanguage = \"Portuguese\"\n", 1),
    )
    .unwrap();
    check(&root, &[])
        .code(1)
        .stderr(predicates::str::contains(
            "error[E035]: `Portuguese` is not a language tag",
        ))
        .stderr(predicates::str::contains("ada-quill.md:6:12"));
}
