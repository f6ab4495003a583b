//! The shape of the code, held by a test so that no feature can undo it: no source file over
//! 700 lines, and no two modules that import each other, in the library or in the binary (a
//! scan of the paths each module names, `crate::...` and `super::...`, outside comments and
//! test code). That the library never names the binary's modules, the compiler holds.

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
fn no_two_modules_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let binary = binary_modules(&fs::read_to_string(src.join("main.rs")).unwrap());
    assert!(binary.contains(&"cmd".to_string()), "{binary:?}");
    let files: BTreeMap<Vec<String>, String> = rust_files(&src)
        .into_iter()
        .map(|file| {
            let module = module_of(file.strip_prefix(&src).unwrap(), &binary);
            (module, fs::read_to_string(&file).unwrap())
        })
        .collect();
    let cycles = cycles(&files);
    assert!(
        cycles.is_empty(),
        "modules that import each other: {cycles:?}"
    );
}

/// The modules `main.rs` declares (`mod cli;`): the binary's own, apart from the library's.
fn binary_modules(main: &str) -> Vec<String> {
    code_of(main)
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("pub ");
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// The module path of a file under `src/` (`content/model.rs` is `content::model`, `lib.rs`
/// the library's root, named `(lib)` since its items are a module of their own to the
/// others); the binary's files (`main.rs` and the modules it declares, `binary`) are under
/// `(bin)`, a crate of their own.
fn module_of(rel: &Path, binary: &[String]) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return vec!["(bin)".into()],
        Some("lib") if parts.len() == 1 => return vec!["(lib)".into()],
        Some("mod") => {
            parts.pop();
        }
        _ => {}
    }
    if binary.contains(&parts[0]) {
        parts.insert(0, "(bin)".into());
    }
    parts
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
    let words = |path: &str| -> Vec<String> {
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
    // `crate::` names the root of the crate the module is in.
    let root: Vec<String> = if module[0] == "(bin)" {
        vec!["(bin)".into()]
    } else {
        vec![]
    };
    let in_crate =
        |path: &str| -> Vec<String> { root.iter().cloned().chain(words(path)).collect() };
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && code[..at].ends_with(word) {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            found.extend(inner.split(',').map(in_crate));
        } else {
            let end = rest
                .find(|c: char| !(word(c) || c == ':'))
                .unwrap_or(rest.len());
            found.push(in_crate(&rest[..end]));
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
        let path = words(&rest[..end]);
        let ups = path.iter().take_while(|p| *p == "super").count();
        let mut target = base[..base.len().saturating_sub(ups)].to_vec();
        target.extend(path[ups..].iter().cloned());
        found.push(target);
    }
    // At a crate's root its modules are named bare (`stamp::save`), and `use` groups list
    // them (`use {a, b::c}` is not Rust, but `content::{x, y}` is a path to `content`).
    if base.len() <= 1 && (base.is_empty() || base[0] == "(bin)") {
        let mut at = 0;
        while let Some(found_at) = code[at..].find("::") {
            let end = at + found_at;
            let start = code[..end].rfind(|c: char| !word(c)).map_or(0, |i| i + 1);
            let before = &code[..start];
            let name = &code[start..end];
            if !name.is_empty()
                && !before.ends_with("::")
                && !["crate", "super", "self", "std"].contains(&name)
            {
                found.push(in_crate(name));
            }
            at = end + 2;
        }
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
            .unwrap_or_else(|| match path.first().map(String::as_str) {
                Some("(bin)") => vec!["(bin)".to_string()],
                _ => vec!["(lib)".to_string()],
            })
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
        (m("(lib)"), "pub fn build() { disk::write(); }".to_string()),
        (m("disk"), "use crate::BuildReport;".to_string()),
        (m("(bin)"), "mod cmd;\nmod serve;".to_string()),
        (
            m("(bin)::cmd"),
            "use crate::serve::run;\nuse marquee::content;".to_string(),
        ),
        (
            m("(bin)::serve"),
            "pub fn answer() { crate::cmd::report::count(1, \"x\"); }".to_string(),
        ),
        (
            m("(bin)::serve::http"),
            "use super::super::cmd::report;".to_string(),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        cycles(&files),
        [
            ("(bin)::cmd".to_string(), "(bin)::serve".to_string()),
            ("(lib)".to_string(), "disk".to_string()),
            ("content".to_string(), "stamp".to_string())
        ]
    );
}
