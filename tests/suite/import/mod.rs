//! `marquee import csv` as a user runs it, night after night, on exports that grow: each
//! test is a way an import could merge, duplicate, lose or overwrite a review.

use std::fs;
use std::path::Path;

mod films;
mod reviews;
mod rows;

use crate::common::*;

/// `marquee import csv` of `csv` (written to a file) into the site at `root`.
fn import(root: &Path, csv: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let file = root.join("..").join("export.csv");
    fs::write(&file, csv).unwrap();
    marquee()
        .args(["import", "csv"])
        .arg(&file)
        .arg("--root")
        .arg(root)
        .args(args)
        .assert()
}

/// Every file of the site but Marquee's own cache folder (the import lock and journal).
fn site_tree(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = tree(root);
    files.retain(|path, _| !path.starts_with(".marquee-cache"));
    files
}

/// A new, empty site in a temporary folder.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("config.toml"), "title = \"Imported\"\n").unwrap();
    (tmp, root)
}

/// The film folders of the site, each with its title and its review files.
fn films(root: &Path) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(root.join("content/films")) else {
        return out;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let index = fs::read_to_string(entry.path().join("index.md")).unwrap();
        let title = index
            .lines()
            .find_map(|l| l.strip_prefix("title = "))
            .unwrap()
            .to_string();
        let mut reviews: Vec<String> = fs::read_dir(entry.path().join("reviews"))
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        reviews.sort();
        out.push((
            entry.file_name().to_string_lossy().into_owned(),
            title,
            reviews,
        ));
    }
    out.sort();
    out
}

const TITLED: [&str; 4] = ["--film-column", "title", "--year-column", "year"];
