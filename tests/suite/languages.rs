//! A site in another language: the example built in each built-in language writes none of
//! Marquee's English outside content, its verdicts agree wherever they are shown, and a
//! site's own language file changes, adds and is checked as docs/configuration.md says.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

const LANGUAGES: [&str; 4] = ["fr", "de", "es", "ar"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The messages of a language file, by dotted key: each a string, or its plural forms or
/// list items joined by a line feed.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let text = fs::read_to_string(repo().join(format!("i18n/{lang}.toml"))).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let mut out = BTreeMap::new();
    fn walk(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
        for (name, value) in table {
            let key = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            match value {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Array(items) => {
                    let items: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                    out.insert(key, items.join("\n"));
                }
                toml::Value::Table(t)
                    if t.keys().all(|k| {
                        ["zero", "one", "two", "few", "many", "other"].contains(&k.as_str())
                    }) =>
                {
                    let forms: Vec<&str> = t.values().filter_map(|v| v.as_str()).collect();
                    out.insert(key, forms.join("\n"));
                }
                toml::Value::Table(t) => walk(&key, t, out),
                _ => {}
            }
        }
    }
    walk("", &table, &mut out);
    out
}

/// The example site (this repository's config and content) built in `lang`: once per run
/// of the tests, under Cargo's scratch folder for them, whichever test asks first.
fn example(lang: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<BTreeMap<String, PathBuf>> =
        std::sync::Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(out) = built.get(lang) {
        return out.clone();
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("languages");
    let root = tmp.join(format!("site-{lang}"));
    let _ = fs::remove_dir_all(&root);
    copy_dir(&repo().join("content"), &root.join("content"));
    let config = fs::read_to_string(repo().join("config.toml")).unwrap();
    assert!(config.contains("language = \"en\""));
    fs::write(
        root.join("config.toml"),
        config.replace("language = \"en\"", &format!("language = \"{lang}\"")),
    )
    .unwrap();
    let out = tmp.join(format!("out-{lang}"));
    build(&root, &out, &["--base-url", "https://example.org/"]).success();
    built.insert(lang.to_string(), out.clone());
    out
}

/// The stretches of English text of a message: what is between its `{values}`, HTML tags
/// and line breaks, trimmed of spaces and punctuation; those of two words or more, or a
/// capitalised word (a label: "Cast"), not the words that join values ("{count} from {from}").
fn fragments(message: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '{' | '<' => {
                depth += 1;
                plain.push('\n');
            }
            '}' | '>' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(['\n', ':', ';', '(', ')', '·', '“', '”', '.', ','])
        .map(|f| f.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|f| f.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .filter(|f| f.contains(' ') || f.starts_with(char::is_uppercase))
        .collect()
}

/// Whether `needle` stands in `hay` as whole words (not inside a longer word).
fn has_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Every text file the site publishes, by path.
fn published(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "xml" || x == "json")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            (rel, without_json_ld(&fs::read_to_string(e.path()).unwrap()))
        })
        .collect()
}

/// A page without its structured data, whose words are schema.org's vocabulary
/// (`"@type":"Rating"`), not the page's.
fn without_json_ld(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find("<script type=\"application/ld+json\">") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</script>")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

#[test]
fn the_example_in_each_built_in_language_writes_no_english_outside_content() {
    let english = messages("en");
    // What the content itself says (titles, names, excerpts) cannot tell a translation
    // apart: a fragment the content holds too is not searched for, and listed.
    let mut content = String::new();
    for e in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            content.push_str(&fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    content.push_str(&fs::read_to_string(repo().join("config.toml")).unwrap());
    for lang in LANGUAGES {
        let translated = messages(lang);
        // Names a translation keeps as they are ("Rotten Tomatoes") are its own words.
        // So are words the language shares with English ("Director" in Spanish), in any case.
        let own_words = translated
            .values()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        let out = example(lang);
        let files = published(&out);
        assert!(files.len() > 200, "{lang}: {} files", files.len());
        let mut searched = 0;
        let mut seen = std::collections::BTreeSet::new();
        let mut in_content = Vec::new();
        let mut found = Vec::new();
        for (key, message) in &english {
            // The language's name and direction are not words of the pages; a string the
            // language writes as English does ("Metascore") is its translation.
            if key.starts_with("language.") || translated.get(key) == Some(message) {
                continue;
            }
            let theirs = fragments(&translated[key]);
            for fragment in fragments(message) {
                if theirs.contains(&fragment)
                    || has_words(&own_words, &fragment.to_lowercase())
                    || !seen.insert(fragment.clone())
                {
                    continue;
                }
                if has_words(&content, &fragment) {
                    in_content.push(fragment);
                    continue;
                }
                searched += 1;
                for (path, text) in &files {
                    if has_words(text, &fragment) {
                        found.push(format!("{key}: \"{fragment}\" in {path}"));
                        break;
                    }
                }
            }
        }
        assert!(
            searched > 200,
            "{lang}: only {searched} English fragments searched for"
        );
        assert!(
            in_content.len() * 10 < searched,
            "{lang}: too many fragments left unsearched because the content has them: {in_content:?}"
        );
        assert!(
            found.is_empty(),
            "{lang}: English on the pages:\n{}",
            found.join("\n")
        );
        let home = fs::read_to_string(out.join("index.html")).unwrap();
        let dir = if lang == "ar" { "rtl" } else { "ltr" };
        assert!(
            home.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{lang}"
        );
    }
}

#[test]
fn a_films_verdict_is_the_same_in_its_header_the_export_and_the_scoring_page() {
    for lang in ["en"].into_iter().chain(LANGUAGES) {
        let out = example(lang);
        let strings = messages(lang);
        // Pusher's Metascore is 70: "Generally favorable reviews" and its translations.
        let label = &strings["verdict.favorable"];
        let film = fs::read_to_string(out.join("films/pusher-1996/index.html")).unwrap();
        let header = film.split("<p class=\"label\">").nth(1).unwrap();
        assert!(header.starts_with(label.as_str()), "{lang}: {header:.80}");
        let export: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("api/films.json")).unwrap()).unwrap();
        let pusher = export["films"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["slug"] == "pusher-1996")
            .unwrap();
        assert_eq!(pusher["metascore"], 70, "{lang}");
        assert_eq!(pusher["label"].as_str(), Some(label.as_str()), "{lang}");
        let scoring = fs::read_to_string(out.join("scoring/index.html")).unwrap();
        assert!(
            scoring.contains(&format!("61–80</td><td>{label}</td>")),
            "{lang}: the scoring page's row for 61-80"
        );
    }
}

#[test]
fn dates_and_plurals_follow_the_language() {
    let fr = example("fr");
    let film = fs::read_to_string(fr.join("films/pusher-1996/index.html")).unwrap();
    assert!(film.contains(">15 juillet 2013</time>"), "French dates");
    assert!(film.contains(">30 août 1996</time>"), "the release date");
    let de = example("de");
    let film = fs::read_to_string(de.join("films/pusher-1996/index.html")).unwrap();
    assert!(film.contains(">15. Juli 2013</time>"), "German dates");
    // Arabic counts in six forms; the example's 13 films take the form of 11 to 99 ("many").
    let ar = example("ar");
    let home = fs::read_to_string(ar.join("index.html")).unwrap();
    assert!(home.contains("dir=\"rtl\""));
    let file: toml::Table =
        toml::from_str(&fs::read_to_string(repo().join("i18n/ar.toml")).unwrap()).unwrap();
    let films = file["count"]["films"].as_table().unwrap();
    assert_eq!(films.len(), 6, "{films:?}");
    let many = films["many"].as_str().unwrap().replace("{count}", "13");
    assert!(home.contains(&many), "{many}");
    let fr_home = fs::read_to_string(fr.join("index.html")).unwrap();
    assert!(fr_home.contains("13 films"), "French plural");
}

#[test]
fn a_sites_own_language_file_changes_one_string_and_check_names_its_mistakes() {
    let (tmp, root) = copy_site("site");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        format!("language = \"fr\"\n{config}"),
    )
    .unwrap();
    fs::create_dir_all(root.join("i18n")).unwrap();
    fs::write(
        root.join("i18n/fr.toml"),
        "[nav]\nfilms = \"Les films\"\nflims = \"typo\"\n\n[site]\nslogan = \"Vive le cinéma\"\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    let run = build(&root, &out, &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning[W018]") && stderr.contains("`nav.flims`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("i18n/fr.toml:3:1"),
        "points at the key: {stderr}"
    );
    assert!(
        !stderr.contains("slogan"),
        "a site's own words under [site] are its to use"
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(">Les films</a>"), "the site's own string");
    assert!(
        home.contains(&messages("fr")["nav.critics"]),
        "the theme's French for the rest"
    );

    // A language of the site's own, with keys missing: English for those, said once.
    fs::write(
        root.join("config.toml"),
        format!("language = \"nl\"\n{config}"),
    )
    .unwrap();
    fs::remove_file(root.join("i18n/fr.toml")).unwrap();
    fs::write(
        root.join("i18n/nl.toml"),
        "[nav]\nfilms = \"Films\"\ncritics = \"Critici\"\n",
    )
    .unwrap();
    let run = build(&root, &out, &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert_eq!(stderr.matches("warning[W017]").count(), 1, "{stderr}");
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(">Critici</a>") && home.contains(">Publications</a>"));

    // A language with no file at all.
    fs::remove_file(root.join("i18n/nl.toml")).unwrap();
    let run = check(&root, &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning[W019]") && stderr.contains("`nl`"),
        "{stderr}"
    );

    // A file that is not TOML, or a string where plural forms belong, fails with its place.
    fs::write(root.join("i18n/nl.toml"), "[nav]\nfilms = \n").unwrap();
    let run = build(&root, &out, &[]).failure();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("error[E036]") && stderr.contains("i18n/nl.toml:2:"),
        "{stderr}"
    );
    fs::write(root.join("i18n/nl.toml"), "[count]\nfilms = \"films\"\n").unwrap();
    let run = build(&root, &out, &[]).failure();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("`count.films` is a string, where English has plural forms"),
        "{stderr}"
    );
}

#[test]
fn every_english_key_is_written_somewhere_and_every_trans_key_exists() {
    let english = messages("en");
    let mut sources = String::new();
    let theme = ["templates", "src"];
    for dir in theme {
        for e in walkdir::WalkDir::new(repo().join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                sources.push_str(&fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    // Keys read by a value: t.verdict[film.freshness], t.band[review.band],
    // t.score.row[review.band], the film listing's "films.page_" ~ its order; the date,
    // number and language settings.
    let made = [
        "verdict.",
        "band.",
        "critic_verdict.",
        "score.row.",
        "films.page_",
        "date.",
        "number.",
        "language.",
    ];
    let unused: Vec<&String> = english
        .keys()
        .filter(|k| {
            !sources.contains(&format!("\"{k}\"")) && !has_words(&sources, &format!("t.{k}"))
        })
        .filter(|k| !made.iter().any(|m| k.starts_with(m)))
        .collect();
    assert!(
        unused.is_empty(),
        "keys no template or code writes: {unused:?}"
    );
    // And the other way: every `trans(key="...")` of the theme names a key.
    let templates: String = walkdir::WalkDir::new(repo().join("templates"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    let missing: Vec<&str> = templates
        .split("trans(key=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(key, _)| key))
        .filter(|key| !key.ends_with('.') && !english.contains_key(*key))
        .collect();
    assert!(
        missing.is_empty(),
        "templates write keys English lacks: {missing:?}"
    );
    // And every `t.group.name` is a message that takes no value (`t` holds only those).
    let words: Vec<String> = templates
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter_map(|w| w.strip_prefix("t."))
        .filter(|w| w.contains('.'))
        .map(|w| w.trim_end_matches('.').to_string())
        .collect();
    assert!(words.len() > 100, "{} t. words", words.len());
    let wrong: Vec<&String> = words
        .iter()
        .filter(|w| {
            english
                .get(*w)
                .is_none_or(|m| m.contains('{') || m.contains('\n'))
        })
        // A table read by a value: t.band[review.band].
        .filter(|w| !english.keys().any(|k| k.starts_with(&format!("{w}."))))
        .collect();
    assert!(
        wrong.is_empty(),
        "t. reads messages it does not hold: {wrong:?}"
    );
}

/// The fixture site in `language`, with `i18n/<name>` holding `text` for each file given.
fn site_with(language: &str, files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = copy_site("site");
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        format!("language = \"{language}\"\n{config}"),
    )
    .unwrap();
    fs::create_dir_all(root.join("i18n")).unwrap();
    for (name, text) in files {
        fs::write(root.join("i18n").join(name), text).unwrap();
    }
    (tmp, root)
}

fn check_output(root: &Path) -> (bool, String) {
    let out = marquee()
        .arg("check")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_problem_of_every_language_file_is_said_at_once_with_its_place() {
    let file = "[nav]\nfilms = \"Tous les films\"\n\n[count]\nfilms = \"oops\"\nreviews = { one = \"{count} critique\" }\ncritics = { one = \"x\", other = \"y\", three = \"z\" }\n\n[film]\nbased_on = { one = \"{label} {cuont}\", other = \"{label} {count}\" }\n\n[language]\ndirection = \"RTL\"\n\n[date]\nmonths = [\"janvier\"]\nformat = \"{jour} {month} {year}\"\n\n[number]\ndecimal = \"\"\n\n[filter.shown_all]\none = \"x\"\n\n[nav]\n";
    // (A table written twice is TOML's own error, found alone: left out here.)
    let file = file.trim_end_matches("\n[nav]\n");
    let (_tmp, root) = site_with(
        "fr",
        &[
            ("fr.toml", file.as_bytes()),
            ("de.toml", b"[nav\n"),
            ("fr_FR.toml", b""),
        ],
    );
    let (ok, stderr) = check_output(&root);
    assert!(!ok);
    for (what, place) in [
        (
            "`count.films` is a string, where English has plural forms",
            "i18n/fr.toml:5:1",
        ),
        (
            "`count.reviews` has plural forms but no `other`",
            "i18n/fr.toml:6:1",
        ),
        (
            "`three` of `count.critics` is not a plural form",
            "i18n/fr.toml:7:1",
        ),
        ("`film.based_on` has `{cuont}`", "i18n/fr.toml:10:1"),
        ("`language.direction` is \"RTL\"", "i18n/fr.toml:13:1"),
        ("`date.months` has 1 name;", "i18n/fr.toml:16:1"),
        ("`date.format` has `{jour}`", "i18n/fr.toml:17:1"),
        ("`number.decimal` is empty", "i18n/fr.toml:20:1"),
        // A message written as a table of its own: its heading.
        (
            "`filter.shown_all` has plural forms but no `other`",
            "i18n/fr.toml:22:1",
        ),
        // A file no tag names is never read: said, not checked.
        ("`fr_FR` is not a language tag", "i18n/fr_FR.toml"),
        // Another language's file is checked too: it would break the day it is chosen.
        ("i18n/de.toml:1:", "i18n/de.toml:1:"),
    ] {
        let at = stderr
            .find(what)
            .unwrap_or_else(|| panic!("no `{what}` in:\n{stderr}"));
        let near = &stderr[at..(at + 400).min(stderr.len())];
        assert!(near.contains(place), "`{what}` at {place}:\n{near}");
    }
    assert!(stderr.matches("error[E036]").count() >= 8, "{stderr}");
}

#[test]
fn a_language_file_may_not_carry_what_no_page_may() {
    // A control character, as an escape of TOML's.
    let (_tmp, root) = site_with("fr", &[("fr.toml", b"[nav]\nfilms = \"Films \\u0007\"\n")]);
    let (ok, stderr) = check_output(&root);
    assert!(
        !ok && stderr.contains("control character") && stderr.contains("i18n/fr.toml:2:1"),
        "{stderr}"
    );
    // Bytes that are not UTF-8.
    let (_tmp, root) = site_with("fr", &[("fr.toml", b"[nav]\nfilms = \"Fi\xffms\"\n")]);
    let (ok, stderr) = check_output(&root);
    assert!(
        !ok && stderr.contains("not UTF-8") && stderr.contains("i18n/fr.toml:2:"),
        "{stderr}"
    );
    // A file larger than any language needs.
    let big = format!("[site]\nbig = \"{}\"\n", "x".repeat(2 * 1024 * 1024));
    let (_tmp, root) = site_with("fr", &[("fr.toml", big.as_bytes())]);
    let (ok, stderr) = check_output(&root);
    assert!(
        !ok && stderr.contains("a language file may be at most 1,048,576 bytes, 1 MiB"),
        "{stderr}"
    );
}

#[test]
fn a_language_is_a_tag_and_its_file_is_found_by_it() {
    for bad in ["fr_FR", "français", "../en", "/tmp/evil", "", "fr-"] {
        let (_tmp, root) = site_with(bad, &[]);
        let (ok, stderr) = check_output(&root);
        assert!(!ok && stderr.contains("error[E037]"), "{bad}: {stderr}");
    }
    // A regional file, written with the tag's own capitals, is the region's.
    let (tmp, root) = site_with(
        "pt-BR",
        &[
            ("pt-BR.toml", b"[nav]\nfilms = \"Filmes\"\n"),
            ("pt.toml", b"[nav]\ncritics = \"Cr\xc3\xadticos\"\n"),
        ],
    );
    let out = tmp.path().join("public");
    let run = build(&root, &out, &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(!stderr.contains("W019"), "{stderr}");
    assert!(
        stderr.contains("warning[W017]"),
        "keys missing from both: {stderr}"
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"pt-BR\""));
    assert!(
        home.contains(">Filmes</a>") && home.contains(">Críticos</a>"),
        "the region's over the language's"
    );
}

#[cfg(unix)]
#[test]
fn links_and_strays_in_the_language_folder_are_said_and_skipped() {
    let (tmp, root) = site_with("fr", &[("notes.txt", b"to do")]);
    let outside = tmp.path().join("outside.toml");
    fs::write(&outside, "[nav]\nfilms = \"Dehors\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("i18n/fr.toml")).unwrap();
    fs::create_dir_all(root.join("i18n/de.toml")).unwrap();
    let out = tmp.path().join("public");
    let run = build(&root, &out, &[]).success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning[W002]") && stderr.contains("i18n/fr.toml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("i18n/notes.txt") && stderr.contains("i18n/de.toml"),
        "{stderr}"
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("Dehors"), "a link is not followed");
}
