//! The shape of the code, held by a test so that no feature can undo it: no source file over
//! 700 lines, and no two modules of the library that import each other (a scan of the paths
//! each module names, `crate::...` and `super::...`, outside comments and test code).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The most lines a source file may have.
const MAX_LINES: usize = 700;

/// Every `.rs` file under `dir`, by path.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

#[test]
fn no_source_file_is_over_700_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    for dir in ["src", "tests", "examples", "benches", "fuzz/fuzz_targets"] {
        for file in rust_files(&root.join(dir)) {
            let lines = fs::read_to_string(&file).unwrap().lines().count();
            if lines > MAX_LINES {
                long.push(format!(
                    "{} ({lines} lines)",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines; split into modules: {long:?}"
    );
}

#[test]
fn no_two_modules_of_the_library_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: BTreeMap<Vec<String>, String> = rust_files(&src)
        .into_iter()
        .filter_map(|file| {
            let module = module_of(file.strip_prefix(&src).unwrap())?;
            Some((module, fs::read_to_string(&file).unwrap()))
        })
        .collect();
    let cycles = cycles(&files);
    assert!(
        cycles.is_empty(),
        "modules that import each other: {cycles:?}"
    );
}

/// The module path of a file under `src/` (`content/model.rs` is `content::model`, `lib.rs`
/// the crate root, named `(lib)` since its items are a module of their own to the others);
/// `None` for the binary's `main.rs`.
fn module_of(rel: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return None,
        Some("lib") if parts.len() == 1 => return Some(vec!["(lib)".into()]),
        Some("mod") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts)
}

/// `text` without comments and without the items under `#[cfg(test)]`.
fn code_of(text: &str) -> String {
    let text: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let (brace, semi) = (after.find('{'), after.find(';'));
        let end = match (brace, semi) {
            (_, Some(s)) if brace.is_none_or(|b| s < b) => s + 1,
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = after.len();
                for (i, c) in after[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            _ => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The module paths `code` of module `module` names: `crate::a::b`, `crate::{a, b::c}` and
/// `super::x` (resolved from `module`).
fn named_paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let split = |path: &str| -> Vec<String> {
        path.split("::")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    let mut found = Vec::new();
    let base: Vec<String> = if module == ["(lib)"] {
        vec![]
    } else {
        module.to_vec()
    };
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && code[..at].ends_with(word) {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            found.extend(inner.split(',').map(split));
        } else {
            let end = rest
                .find(|c: char| !(word(c) || c == ':'))
                .unwrap_or(rest.len());
            found.push(split(&rest[..end]));
        }
    }
    for (at, _) in code.match_indices("super::") {
        if at > 0 && (code[..at].ends_with(word) || code[..at].ends_with("::")) {
            continue;
        }
        let rest = &code[at..];
        let end = rest
            .find(|c: char| !(word(c) || c == ':'))
            .unwrap_or(rest.len());
        let path = split(&rest[..end]);
        let ups = path.iter().take_while(|p| *p == "super").count();
        let mut target = base[..base.len().saturating_sub(ups)].to_vec();
        target.extend(path[ups..].iter().cloned());
        found.push(target);
    }
    found
}

/// The pairs of modules that import each other. Each import counts between the two modules
/// under the nearest common parent that hold its two ends (`content::model` naming
/// `stamp::meta` is `content` naming `stamp`); a module naming its own parent or child is
/// not an import between two modules.
fn cycles(files: &BTreeMap<Vec<String>, String>) -> Vec<(String, String)> {
    let resolve = |path: &[String]| -> Vec<String> {
        (1..=path.len())
            .rev()
            .map(|k| path[..k].to_vec())
            .find(|p| files.contains_key(p))
            .unwrap_or_else(|| vec!["(lib)".to_string()])
    };
    let mut edges: BTreeSet<(Vec<String>, Vec<String>)> = BTreeSet::new();
    for (module, text) in files {
        for path in named_paths(module, &code_of(text)) {
            let target = resolve(&path);
            if target == *module
                || module.starts_with(&target[..])
                || target.starts_with(&module[..])
            {
                continue;
            }
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            edges.insert((module[..=common].to_vec(), target[..=common].to_vec()));
        }
    }
    edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| (a.join("::"), b.join("::")))
        .collect()
}

/// The scan finds what it is for: a planted cycle, and none in code that only looks like one.
#[test]
fn the_scan_finds_a_planted_cycle_and_nothing_else() {
    let m = |path: &str| path.split("::").map(String::from).collect::<Vec<_>>();
    let files: BTreeMap<Vec<String>, String> = [
        (
            m("content"),
            "use crate::stamp::Entries;\nmod model;".to_string(),
        ),
        (
            m("content::model"),
            "use super::Film; // crate::output in a comment".to_string(),
        ),
        (
            m("stamp"),
            "pub fn key() { crate::content::model::Date::today(); }".to_string(),
        ),
        (
            m("output"),
            "#[cfg(test)]\nmod tests { use crate::render::x; }".to_string(),
        ),
        (m("render"), "use crate::output::write;".to_string()),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        cycles(&files),
        [("content".to_string(), "stamp".to_string())]
    );
}
