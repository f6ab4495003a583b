//! The documentation under `docs/` stays true: every command, flag, setting, field and
//! diagnostic code is documented, the diagnostics reference is generated from the code, and
//! the tutorial's commands run as written.

use crate::common::*;
use clap::CommandFactory;
use std::fs;
use std::path::Path;

/// The binary's command line, read from its source: the reference is checked against the
/// very definitions `marquee` parses with.
#[allow(dead_code, unreachable_pub, rustdoc::broken_intra_doc_links)]
#[path = "../../src/cli.rs"]
mod cli;

fn doc(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name),
    )
    .unwrap()
}

/// The names in backticks after "expected one of" in an unknown-field message: the fields a
/// file kind accepts, as the deserializer itself lists them.
fn accepted(message: &str) -> Vec<String> {
    let list = message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no field list in {message:?}"));
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// Whether the generated pages are to be written again (`UPDATE_DOCS`); refused under CI,
/// where it would make a stale page pass by rewriting it.
fn update_docs() -> bool {
    let asked = std::env::var_os("UPDATE_DOCS").is_some();
    assert!(
        !(asked && std::env::var_os("CI").is_some()),
        "UPDATE_DOCS is refused under CI: write the pages on your machine and commit them"
    );
    asked
}

#[test]
fn the_diagnostics_reference_is_generated_from_the_codes() {
    let generated = marquee::diagnostic::explain::reference();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    if update_docs() {
        fs::write(&path, &generated).unwrap();
    }
    assert!(
        fs::read_to_string(&path).unwrap_or_default() == generated,
        "docs/diagnostics.md is out of date: run `UPDATE_DOCS=1 cargo test --test suite docs::`"
    );
}

#[test]
fn the_template_variables_reference_is_generated_from_the_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = marquee::Options {
        base_url: Some("https://reviews.example/"),
        strict: false,
        drafts: false,
        force: false,
        clean: false,
    };
    let loaded = marquee::load(root, options, None).unwrap();
    let texts = marquee::render::Texts::new(&loaded.site, &loaded.theme.strings);
    let pages = marquee::render::Pages::new(&loaded.site, &loaded.theme, &texts);
    let generated = marquee::render::reference::template_reference(pages).unwrap();
    for (name, _) in marquee::render::theme::DEFAULT_TEMPLATES {
        assert!(generated.contains(&format!("## `{name}`")), "{name}");
    }
    assert!(
        generated.contains("| `film.title` | string |"),
        "{generated}"
    );
    assert!(generated.contains("| `reviews[].score` |"), "{generated}");
    let path = root.join("docs/template-variables.md");
    if update_docs() {
        fs::write(&path, &generated).unwrap();
    }
    assert!(
        fs::read_to_string(&path).unwrap_or_default() == generated,
        "docs/template-variables.md is out of date: run `UPDATE_DOCS=1 cargo test --test suite docs::`"
    );
}

#[test]
fn every_command_and_flag_is_in_the_cli_reference() {
    let cli = doc("cli.md");
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack = vec![(String::from("marquee"), cli::Cli::command())];
    while let Some((path, command)) = stack.pop() {
        if path != "marquee" && !cli.contains(&format!("{path} ")) {
            missing.push(path.clone());
        }
        for arg in command.get_arguments() {
            if let Some(long) = arg.get_long() {
                if long == "help" || long == "version" {
                    continue;
                }
                seen += 1;
                if !cli.contains(&format!("--{long}")) {
                    missing.push(format!("{path} --{long}"));
                }
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_name() != "help" {
                stack.push((format!("{path} {}", sub.get_name()), sub.clone()));
            }
        }
    }
    assert!(seen > 30, "only {seen} flags found");
    assert_eq!(missing, Vec::<String>::new(), "not in docs/cli.md");
}

#[test]
fn every_setting_is_in_the_configuration_reference() {
    let docs = doc("configuration.md");
    for (text, prefix) in [("zzz = 1\n", ""), ("[scores]\nzzz = 1\n", "[scores] ")] {
        let problems = marquee::config::parse(text).unwrap_err();
        let keys = accepted(&problems[0].message);
        assert!(keys.len() > 5, "{keys:?}");
        for key in keys {
            assert!(
                docs.contains(&format!("`{prefix}{key}`")),
                "`{prefix}{key}` is not in docs/configuration.md"
            );
        }
    }
}

#[test]
fn every_field_of_every_file_kind_is_in_the_content_reference() {
    let docs = doc("content.md");
    let film = marquee::content::film_errors(b"+++\nzzz = 1\n+++\n");
    let review = marquee::content::parse_review_bytes(b"+++\nzzz = 1\n+++\n", false).1;
    let batch = marquee::content::parse_review_bytes(b"[[review]]\nzzz = 1\n", true).1;
    // Profiles are read only as part of a site.
    let (_tmp, root) = copy_site("site");
    fs::create_dir_all(root.join("content/critics")).unwrap();
    fs::create_dir_all(root.join("content/publications")).unwrap();
    fs::write(root.join("content/critics/ann.md"), "+++\nzzz = 1\n+++\n").unwrap();
    fs::write(
        root.join("content/publications/paper.md"),
        "+++\nzzz = 1\n+++\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/pages")).unwrap();
    fs::write(root.join("content/pages/about.md"), "+++\nzzz = 1\n+++\n").unwrap();
    let out = check(&root, &["--format", "json"]).code(1);
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let profiles: Vec<String> = json
        .iter()
        .filter(|d| d["code"] == "E023")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(profiles.len(), 3, "{json:#?}");
    let messages: Vec<String> = [film, review, batch]
        .iter()
        .map(|p| {
            p.iter()
                .find(|d| d.code.as_str() == "E023")
                .unwrap()
                .message
                .clone()
        })
        .chain(profiles)
        .collect();
    for message in messages {
        for field in accepted(&message) {
            if field == "review" {
                continue; // the table name of reviews.toml, documented with it
            }
            assert!(
                docs.contains(&format!("`{field}`")),
                "`{field}` is not in docs/content.md"
            );
        }
    }
}

#[test]
fn every_template_is_in_the_template_reference() {
    let docs = doc("templates.md");
    for (name, _) in marquee::render::theme::DEFAULT_TEMPLATES {
        assert!(
            docs.contains(&format!("`{name}`")),
            "`{name}` is not in docs/templates.md"
        );
    }
}

#[test]
fn every_page_links_to_pages_that_exist() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .chain([root.join("README.md"), root.join("ARCHITECTURE.md")]);
    for path in pages {
        let text = fs::read_to_string(&path).unwrap();
        let dir = path.parent().unwrap();
        for part in text.split("](").skip(1) {
            let target = &part[..part.find(')').unwrap()];
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            assert!(
                dir.join(file).exists(),
                "{}: broken link {target}",
                path.display()
            );
        }
    }
}

/// The commands of every ```sh block of the tutorial, in order.
fn tutorial_commands() -> Vec<String> {
    let text = doc("getting-started.md");
    let mut commands = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        match line.trim() {
            "```sh" => inside = true,
            "```" => inside = false,
            command if inside && !command.is_empty() => commands.push(command.to_string()),
            _ => {}
        }
    }
    commands
}

#[test]
fn the_tutorial_runs_as_written() {
    let commands = tutorial_commands();
    assert!(commands.len() >= 6, "{commands:?}");
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("marquee");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = format!("set -e\n{}\n", commands.join("\n"));
    let done = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(tmp.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{script}\n{stderr}");
    // The guide's steps check and build clean: no warning or note the guide does not show.
    for word in ["warning", "note[", "error"] {
        assert!(!stderr.contains(word), "{script}\n{stderr}");
    }
    assert!(
        String::from_utf8_lossy(&done.stdout).contains("checked 2 films and 7 reviews: no errors")
            || stderr.contains("checked 2 films and 7 reviews: no errors"),
        "{stderr}"
    );
    let site = tmp.path().join("my-reviews");
    let page =
        fs::read_to_string(site.join("public/films/the-lantern-keeper-2019/index.html")).unwrap();
    assert!(page.contains("Ann Apple") && page.contains("https://reviews.example.org/"));
}

#[test]
fn the_readme_is_a_front_door() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.lines().count() <= 250,
        "the README is a front door, not the manual"
    );
    let first_block: Vec<&str> = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap()
        .lines()
        .collect();
    assert_eq!(
        first_block.len(),
        2,
        "two set-up commands first: {first_block:?}"
    );
    assert!(first_block[0].starts_with("cargo run -- serve"));
    assert!(first_block[1].starts_with("cargo test"));
}
