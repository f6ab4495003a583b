//! Hosts: the build script of the deployment guides and each host's limits.

use super::*;

#[test]
fn the_host_build_script_builds_previews_with_their_own_address() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/build.sh");
    let netlify = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/netlify.toml"));
    let settings: toml::Table = toml::from_str(&netlify).unwrap();
    assert_eq!(settings["build"]["command"].as_str(), Some("sh build.sh"));
    assert_eq!(settings["build"]["publish"].as_str(), Some("public"));
    // The marquee under test is on the PATH, so the script downloads nothing.
    let bin = assert_cmd::cargo::cargo_bin("marquee");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (env, canonical) in [
        (
            vec![
                ("CONTEXT", "deploy-preview"),
                (
                    "DEPLOY_PRIME_URL",
                    "https://deploy-preview-7--fictional.netlify.app",
                ),
            ],
            "https://deploy-preview-7--fictional.netlify.app/",
        ),
        (
            vec![
                ("CONTEXT", "production"),
                ("DEPLOY_PRIME_URL", "https://main--fictional.netlify.app"),
            ],
            "https://reviews.example/",
        ),
        (
            vec![
                ("CF_PAGES_BRANCH", "new-films"),
                ("CF_PAGES_URL", "https://1a2b3c4d.fictional.pages.dev"),
            ],
            "https://1a2b3c4d.fictional.pages.dev/",
        ),
        (
            vec![
                ("CF_PAGES_BRANCH", "main"),
                ("CF_PAGES_URL", "https://5e6f.fictional.pages.dev"),
            ],
            "https://reviews.example/",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write_site(&root);
        let status = std::process::Command::new("sh")
            .arg(&script)
            .current_dir(&root)
            .env("PATH", &path)
            .env_remove("CONTEXT")
            .env_remove("CF_PAGES_URL")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{env:?}");
        let home = read(&root.join("public/index.html"));
        assert!(
            home.contains(&format!(r#"<link rel="canonical" href="{canonical}">"#)),
            "{env:?}"
        );
    }
}

#[test]
fn a_site_over_its_limits_is_warned_with_its_figures_and_a_way_out() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write_site(&root);
    for f in 0..30 {
        let dir = root.join(format!("content/films/more-{f}-2003/reviews"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.parent().unwrap().join("index.md"),
            format!("+++\ntitle = \"More {f}\"\nyear = 2003\n+++\n"),
        )
        .unwrap();
        for r in 0..5 {
            fs::write(
                dir.join(format!("r{r}.md")),
                format!(
                    "+++\ncritic = \"Critic {r}\"\nscore = {}\n+++\nText.\n",
                    40 + r * 10
                ),
            )
            .unwrap();
        }
    }
    let config = read(&root.join("config.toml"));
    // The documented limits of every host are held by the unit tests of `output::limits`;
    // a generated site crosses the limits a site sets itself, over a host's or alone.
    for (publish, expected) in [
        ("host = \"github-pages\"\n", vec![]),
        ("host = \"netlify\"\n", vec![]),
        (
            "host = \"cloudflare-pages\"\n[publish.limits]\nsite_bytes = 10000\n",
            vec!["KB, over the limit of [publish.limits], 10 KB"],
        ),
        (
            "[publish.limits]\nfiles = 2\nfile_bytes = 262\n",
            vec![
                "files, over the limit of [publish.limits], 2 files",
                "KiB, over the limit of [publish.limits], 262 bytes a file",
            ],
        ),
    ] {
        fs::write(
            root.join("config.toml"),
            format!("{config}[publish]\n{publish}"),
        )
        .unwrap();
        let out = tmp.path().join("out");
        let built = marquee()
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .assert()
            .success();
        let (stderr, stdout) = printed(&built);
        assert_eq!(
            stderr.matches("warning[W011]").count(),
            expected.len(),
            "{publish}: {stderr}"
        );
        for text in expected {
            assert!(stderr.contains(text), "{publish}: {text:?} in {stderr}");
        }
        // The summary states the size and file count, which the figures are checked against.
        assert!(
            stdout.contains(" files, ") && stdout.contains(" KB) into "),
            "{stdout}"
        );
    }
}
