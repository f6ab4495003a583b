//! What Marquee must never do, whatever the user types: replace sources or a folder of the
//! user's own, publish two pages at one URL, renumber what others link to, or fail without
//! saying why.

use crate::common::*;
use predicates::prelude::PredicateBooleanExt;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod places;
mod posters;
mod preview;
mod sources;

/// Everything under `dir`: each file's bytes, each folder, each link's target, by path.
fn everything(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let what = if e.file_type().is_symlink() {
                format!("link to {}", fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_dir() {
                "folder".to_string()
            } else {
                format!("{:?}", fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), what)
        })
        .collect()
}

/// A workspace `ws` holding a site made by `marquee init` (`ws/site`), a folder of the user's
/// own (`ws/victim`), a file (`ws/notes.txt`), an empty home folder (`ws/home`), a link to the
/// workspace (`ws/alias`) and a link to the site's content (`ws/linked-content`).
#[cfg(unix)]
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().canonicalize().unwrap();
    marquee()
        .arg("init")
        .arg(ws.join("site"))
        .assert()
        .success();
    fs::create_dir(ws.join("victim")).unwrap();
    fs::write(ws.join("victim/thesis.txt"), "years of work").unwrap();
    fs::write(ws.join("notes.txt"), "notes").unwrap();
    fs::create_dir(ws.join("home")).unwrap();
    std::os::unix::fs::symlink(&ws, ws.join("alias")).unwrap();
    std::os::unix::fs::symlink(ws.join("site/content"), ws.join("linked-content")).unwrap();
    (tmp, ws)
}

/// `marquee serve` of `root` on `port` (0: one the system chooses, see `start_serving`)
/// with TMPDIR set to `tmpdir`, its errors piped.
fn serve(root: &Path, port: u16, tmpdir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("marquee"));
    command
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .env("TMPDIR", tmpdir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    command
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The ids of a film's feed entries and the anchors of its page's review cards.
fn identities(out: &Path, film: &str) -> (Vec<String>, Vec<String>) {
    let feed = fs::read_to_string(out.join(format!("films/{film}/feed.xml"))).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let mut ids: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|c| c.has_tag_name("id")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let page = fs::read_to_string(out.join(format!("films/{film}/index.html"))).unwrap();
    let mut anchors: Vec<String> = page
        .split("<li class=\"review\" id=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    ids.sort();
    anchors.sort();
    (ids, anchors)
}

/// CRC-32 as PNG chunks carry it, for a test that rewrites a PNG header.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The children of process `pid` that have ended but were never waited for.
#[cfg(target_os = "linux")]
fn zombies(pid: u32) -> Vec<String> {
    let mut found = Vec::new();
    for task in fs::read_dir(format!("/proc/{pid}/task")).unwrap().flatten() {
        let children = fs::read_to_string(task.path().join("children")).unwrap_or_default();
        for child in children.split_whitespace() {
            let stat = fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // pid (comm) state ...: the state follows the last ')'.
            if stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
            {
                found.push(stat);
            }
        }
    }
    found
}
