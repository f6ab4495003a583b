//! The `marquee` binary as a user runs it, on fixture sites copied to temporary folders.

use crate::common::*;
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

mod authoring;
mod build;
mod pages;
mod published;
mod readers;

/// A copy of the fixture site whose film Beta Signal (2002) has `fields` added to its front
/// matter; gives the copy's folder and where to build it.
fn fixture_with_beta_fields(fields: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root) = copy_site("site");
    let index = root.join("content/films/beta-signal-2002/index.md");
    let text = fs::read_to_string(&index).unwrap();
    let with = format!("year = 2002\n{fields}");
    fs::write(&index, text.replacen("year = 2002\n", &with, 1)).unwrap();
    let out = tmp.path().join("public");
    (tmp, root, out)
}

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Every internal link of every page must start with the base path and reach a file, and
/// a `#fragment` must name an element of that file.
fn assert_links_resolve(out: &Path, base_path: &str) -> usize {
    let mut checked = 0;
    for (rel, bytes) in tree(out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = &part[..part.find('"').unwrap()];
                if link.starts_with("http") || link.starts_with('#') {
                    continue;
                }
                assert!(
                    link.starts_with(base_path),
                    "{}: link {link} does not start with {base_path}",
                    rel.display()
                );
                let link = link.split('?').next().unwrap();
                let (path, fragment) = link[base_path.len()..]
                    .split_once('#')
                    .unwrap_or((&link[base_path.len()..], ""));
                let file = if path.is_empty() || path.ends_with('/') {
                    out.join(path).join("index.html")
                } else {
                    out.join(path)
                };
                assert!(file.is_file(), "{}: broken link {link}", rel.display());
                if !fragment.is_empty() {
                    let target = fs::read_to_string(&file).unwrap();
                    assert!(
                        target.contains(&format!("id=\"{fragment}\"")),
                        "{}: link {link} names a fragment the page lacks",
                        rel.display()
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}

/// `page` with the content hashes in the names of the theme's stylesheet and scripts
/// replaced by `HASH`, so that a change to them does not change the pinned pages (the
/// stylesheet test checks the link).
fn without_asset_hashes(page: &str) -> String {
    ["/style.", "/reviews.", "/search."]
        .iter()
        .fold(page.to_string(), |page, asset| {
            let mut out = String::with_capacity(page.len());
            let mut rest = page.as_str();
            while let Some(i) = rest.find(asset) {
                let (head, tail) = rest.split_at(i + asset.len());
                out.push_str(head);
                let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
                if hex == 16 {
                    out.push_str("HASH");
                    rest = &tail[16..];
                } else {
                    rest = tail;
                }
            }
            out.push_str(rest);
            out
        })
}

/// The stylesheet `page` links to, read from the built site `out`; its name carries the hash of
/// its contents.
fn stylesheet(out: &Path, page: &str) -> String {
    let href = &page[page.find("rel=\"stylesheet\" href=\"").unwrap() + 24..];
    let href = &href[..href.find('"').unwrap()];
    let name = href.trim_start_matches('/');
    assert!(
        name.starts_with("style.") && name.ends_with(".css") && name.len() == 26,
        "{href}"
    );
    fs::read_to_string(out.join(name)).unwrap()
}

/// Every real tag of an HTML text (user text is escaped, so each `<` starts one), as
/// (lowercase name, attributes as (lowercase name, value)).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut s = &rest[name_end..];
        loop {
            s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.is_empty() || s.starts_with('>') {
                break;
            }
            let end = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(s.len());
            let attr = s[..end].to_ascii_lowercase();
            s = &s[end..];
            let mut value = String::new();
            if let Some(after) = s.strip_prefix('=') {
                let quote = after.chars().next().filter(|&q| q == '"' || q == '\'');
                let (v, tail) = match quote {
                    Some(q) => {
                        let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                        (&after[1..close], &after[(close + 1).min(after.len())..])
                    }
                    None => {
                        let e = after
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(after.len());
                        (&after[..e], &after[e..])
                    }
                };
                value = v.to_string();
                s = tail;
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

/// Writes a generated, fictional site of `films` films with `reviews` reviews each.
fn write_site(root: &Path, films: usize, reviews: usize) {
    fs::create_dir_all(root).unwrap();
    fs::write(root.join("config.toml"), "title = \"Generated\"\n").unwrap();
    for f in 0..films {
        let dir = root.join(format!("content/films/film-{f:04}-2001/reviews"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.parent().unwrap().join("index.md"),
            format!("+++\ntitle = \"Film {f}\"\nyear = 2001\n+++\nA *generated* synopsis.\n"),
        )
        .unwrap();
        for r in 0..reviews {
            let text = format!(
                "+++\ncritic = \"Critic {}\"\npublication = \"Paper {}\"\ndate = 2001-02-{:02}\nscore = {}\n+++\nA generated excerpt, number {r}.\n",
                (f + r) % 40,
                r % 7,
                r % 28 + 1,
                (f * 7 + r * 13) % 101
            );
            fs::write(dir.join(format!("critic-{r}.md")), text).unwrap();
        }
    }
}

/// The Atom elements named `name` directly under `node`.
fn atom<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ATOM))
        .collect()
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Parses an Atom feed and checks what RFC 4287 requires of it: one id, title and updated
/// on the feed and on every entry, an author for every entry (the feed has none of its own
/// for entries to inherit, so each must carry one), a self link. Returns the entries as
/// (id, title, updated, alternate link) in feed order.
fn parse_feed(xml: &str) -> Vec<(String, String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let one = |node: roxmltree::Node<'_, '_>, name: &str| -> String {
        let found = atom(node, name);
        assert_eq!(found.len(), 1, "exactly one <{name}>");
        found[0].text().unwrap_or_default().to_string()
    };
    let is_time = |t: &str| t.len() == 20 && t.ends_with("T00:00:00Z") && t.as_bytes()[4] == b'-';
    assert!(one(feed, "id").contains(':'), "an absolute IRI");
    assert!(!one(feed, "title").is_empty());
    assert!(is_time(&one(feed, "updated")));
    assert!(
        atom(feed, "link")
            .iter()
            .any(|l| l.attribute("rel") == Some("self"))
    );
    atom(feed, "entry")
        .into_iter()
        .map(|entry| {
            let updated = one(entry, "updated");
            assert!(is_time(&updated), "{updated}");
            let author = atom(entry, "author");
            assert_eq!(author.len(), 1);
            assert!(!one(author[0], "name").is_empty());
            let link = atom(entry, "link")
                .into_iter()
                .find(|l| l.attribute("rel") == Some("alternate"))
                .and_then(|l| l.attribute("href"))
                .unwrap()
                .to_string();
            (one(entry, "id"), one(entry, "title"), updated, link)
        })
        .collect()
}

/// The JSON-LD of a page.
fn json_ld(page: &str) -> Value {
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}
