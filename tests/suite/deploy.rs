//! The deployment guides' build script, on a machine without Marquee: it installs Marquee
//! from source with cargo (here a stand-in that records what it was asked and installs the
//! binary under test), keeps it for the next build, and says what to do where it cannot.

use std::fs;
#[cfg(unix)]
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::Command;

/// A folder holding a `cargo` that logs its arguments to `cargo.log` beside it and, for
/// `install ... --root DIR`, puts the marquee under test in `DIR/bin`.
#[cfg(unix)]
fn stand_in_cargo(dir: &Path) -> PathBuf {
    let bin = dir.join("tools");
    fs::create_dir_all(&bin).unwrap();
    let marquee = assert_cmd::cargo::cargo_bin("marquee");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> {log}\nroot=\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=\"$2\"; shift; done\nmkdir -p \"$root/bin\" && cp {marquee} \"$root/bin/marquee\"\n",
        log = dir.join("cargo.log").display(),
        marquee = marquee.display()
    );
    let cargo = bin.join("cargo");
    fs::write(&cargo, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

/// Runs the build script in `site` with `path` as the whole PATH and `env` set.
#[cfg(unix)]
fn run_script(site: &Path, path: &str, env: &[(&str, &str)]) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/deploy/build.sh");
    Command::new("/bin/sh")
        .arg(&script)
        .current_dir(site)
        .env_clear()
        .env("PATH", path)
        .env("HOME", site.parent().unwrap())
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn without_a_marquee_the_build_script_compiles_one_once_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    crate::common::marquee()
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    let tools = stand_in_cargo(tmp.path());
    // The system's tools and the stand-in cargo, but no marquee.
    let path = format!("{}:/usr/bin:/bin", tools.display());
    let done = run_script(&site, &path, &[]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("compiling Marquee 0.1.0"), "{stderr}");
    assert!(site.join("public/index.html").is_file());
    let log = fs::read_to_string(tmp.path().join("cargo.log")).unwrap();
    let cache = site.join(".marquee-bin/0.1.0");
    assert_eq!(
        log.trim(),
        format!(
            "install --locked --profile dist --root {} --version 0.1.0 marquee-reviews",
            cache.display()
        )
    );
    // The next build reuses it: cargo is not asked again.
    let done = run_script(&site, &path, &[]);
    assert!(done.status.success());
    assert_eq!(
        fs::read_to_string(tmp.path().join("cargo.log")).unwrap(),
        log
    );
    // From a git repository: a version is its tag, anything else a branch.
    fs::remove_dir_all(site.join(".marquee-bin")).unwrap();
    for (version, reference) in [("0.2.0", "--tag v0.2.0"), ("main", "--branch main")] {
        let done = run_script(
            &site,
            &path,
            &[
                ("MARQUEE_GIT", "file:///srv/marquee.git"),
                ("MARQUEE_VERSION", version),
            ],
        );
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let log = fs::read_to_string(tmp.path().join("cargo.log")).unwrap();
        assert!(
            log.trim_end().ends_with(&format!(
                "--git file:///srv/marquee.git {reference} marquee-reviews"
            )),
            "{log}"
        );
    }
}

#[cfg(unix)]
#[test]
fn without_cargo_or_curl_the_build_script_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    crate::common::marquee()
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    // Only a shell's basic tools: no cargo, no curl, no marquee.
    let tools = tmp.path().join("tools");
    fs::create_dir_all(&tools).unwrap();
    for tool in ["mkdir", "cp", "tar"] {
        if let Some(found) = ["/usr/bin", "/bin"]
            .iter()
            .map(|d| Path::new(d).join(tool))
            .find(|p| p.exists())
        {
            std::os::unix::fs::symlink(found, tools.join(tool)).unwrap();
        }
    }
    let done = run_script(&site, &tools.display().to_string(), &[]);
    assert_eq!(done.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("neither cargo nor curl"), "{stderr}");
    assert!(stderr.contains("MARQUEE_RELEASE_URL"), "{stderr}");
    assert!(!site.join("public").exists());
}

#[test]
fn on_netlify_the_redirect_rules_are_forced_so_that_an_alias_answers_301() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    crate::common::marquee()
        .arg("init")
        .arg(&site)
        .assert()
        .success();
    let film = site.join("content/films/the-example-film-2024/index.md");
    let text = fs::read_to_string(&film).unwrap();
    fs::write(
        &film,
        text.replacen(
            "year = 2024\n",
            "year = 2024\naliases = [\"/films/example/\"]\n",
            1,
        ),
    )
    .unwrap();
    let config = site.join("config.toml");
    let settings = fs::read_to_string(&config).unwrap();
    for (host, rule) in [
        ("", "/films/example/ /films/the-example-film-2024/ 301\n"),
        (
            "host = \"cloudflare-pages\"\n",
            "/films/example/ /films/the-example-film-2024/ 301\n",
        ),
        (
            "host = \"netlify\"\n",
            "/films/example/ /films/the-example-film-2024/ 301!\n",
        ),
    ] {
        let with_host = settings.replacen("[publish]\n", &format!("[publish]\n{host}"), 1);
        fs::write(&config, with_host).unwrap();
        let out = tmp.path().join("public");
        crate::common::build(&site, &out, &["--base-url", "https://reviews.example/"]).success();
        let rules = fs::read_to_string(out.join("_redirects")).unwrap();
        assert!(rules.ends_with(rule), "{host}: {rules}");
    }
}
