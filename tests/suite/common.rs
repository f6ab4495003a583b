//! Helpers shared by the test binaries: fixture sites, the `marquee` command, file trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture site into a fresh temporary folder and returns (guard, site root).
pub(crate) fn copy_site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn marquee() -> Command {
    let mut cmd = Command::cargo_bin("marquee").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

pub(crate) fn build(root: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    marquee()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .assert()
}

pub(crate) fn check(root: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    marquee()
        .arg("check")
        .args(extra)
        .arg("--root")
        .arg(root)
        .assert()
}

pub(crate) fn json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Every file under `dir`, by relative path, with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// One raw HTTP/1.0 request to the local server: (status, headers and body as text).
pub(crate) fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Waits (bounded) until `check` holds, polling; panics with `what` after 20 seconds.
pub(crate) fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

/// Waits until `marquee serve` on `port` answers: its first build is done and it watches the
/// sources (the port itself is bound before the build, so a connection alone says neither).
pub(crate) fn wait_until_serving(port: u16) {
    eventually("the server to answer", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() && http_get(port, "/").0 == 200
    });
}

/// Kills the server when the test ends, however it ends.
pub(crate) struct Server(pub std::process::Child);

impl Drop for Server {
    /// Stops the server as a user does (SIGTERM, as Ctrl-C), so that it removes its preview
    /// folder; killed outright if it has not stopped within five seconds.
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let asked = std::process::Command::new("kill")
                .args(["-TERM", &self.0.id().to_string()])
                .status()
                .is_ok_and(|s| s.success());
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while asked && std::time::Instant::now() < deadline {
                if let Ok(Some(_)) = self.0.try_wait() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The names of the files in the film folder `dir` of an output whose names begin with
/// `prefix` (the published copies of a poster are named after a hash of its bytes).
pub(crate) fn files_named(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// Called by a test that cannot run here (a tool or a permission this machine lacks): under
/// CI (`CI` set), where every check must run, it fails; elsewhere it says so and the test
/// returns.
pub(crate) fn cannot_run_here(why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("this check cannot run here, and CI runs every check: {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// Starts `command`, a `marquee serve` with `--port 0` (the system gives it a free port, so
/// that no other process can take the port in between), and reads that port from the
/// address it prints once it listens; the rest of its standard output is drained.
pub(crate) fn start_serving(mut command: std::process::Command) -> (Server, u16) {
    use std::io::BufRead;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = std::io::BufReader::new(stdout).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let at = line.strip_prefix("listening at http://")?;
            let address = &at[..at.find('/')?];
            address.rsplit(':').next()?.parse::<u16>().ok()
        })
        .expect("serve printed the address it listens at");
    std::thread::spawn(move || lines.for_each(drop));
    (server, port)
}
