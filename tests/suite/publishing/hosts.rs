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
fn each_host_warns_with_its_figures_when_a_generated_site_crosses_its_limits() {
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
    // Limits divided by 100,000 (a test-only override of debug builds): GitHub Pages 10 kB,
    // GitLab Pages 10 kB and 2 files, Cloudflare Pages 0 files (free) or 1 (paid) and 262
    // bytes a file.
    for (host, expected) in [
        (
            "github-pages",
            vec!["over the limit of GitHub Pages, 0.00 GB"],
        ),
        (
            "gitlab-pages",
            vec![
                "over the limit of GitLab Pages, 0.00 GB",
                "files, over the limit of GitLab Pages, 2 files",
            ],
        ),
        (
            "cloudflare-pages",
            vec![
                "files, over the limit of Cloudflare Pages (free plan), 0 files",
                "MiB, over the limit of Cloudflare Pages (free plan), 0 MiB a file",
            ],
        ),
        (
            "cloudflare-pages-paid",
            vec![
                "files, over the limit of Cloudflare Pages (paid plan), 1 files",
                "MiB, over the limit of Cloudflare Pages (paid plan), 0 MiB a file",
            ],
        ),
        ("netlify", vec![]),
        ("s3", vec![]),
    ] {
        fs::write(
            root.join("config.toml"),
            format!("{config}[publish]\nhost = \"{host}\"\n"),
        )
        .unwrap();
        let out = tmp.path().join(host);
        let built = marquee()
            .env("MARQUEE_TEST_LIMIT_DIVISOR", "100000")
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
            "{host}: {stderr}"
        );
        for text in expected {
            assert!(stderr.contains(text), "{host}: {text:?} in {stderr}");
        }
        // The summary states the size and file count, which the figures are checked against.
        assert!(
            stdout.contains(" files, ") && stdout.contains(" KB) into "),
            "{stdout}"
        );
    }
}
