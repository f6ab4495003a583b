//! `check --links`: asks every external address the content gives (reviews' and profiles'
//! `url`) over the network, a few at a time and each within a time limit, and warns about
//! the dead ones at the line that holds them. Only on request: builds never use the network.

use std::path::{Path, PathBuf};
use std::time::Duration;

use marquee::aggregate::Site;
use marquee::diagnostic::{Code, Diagnostic};

/// How many addresses are asked at once.
pub(crate) const CONCURRENCY: usize = 8;

/// Every external address in the site, once, with the files that give it (in order).
pub(crate) fn addresses(site: &Site) -> Vec<(String, Vec<PathBuf>)> {
    let mut all: Vec<(&str, &Path)> = Vec::new();
    for entry in &site.films {
        for review in &entry.film.reviews {
            if let Some(url) = &review.url {
                all.push((url, &review.source));
            }
        }
    }
    for profile in site.critics.iter().filter_map(|(_, p)| p.as_ref()) {
        if let Some(url) = &profile.url {
            all.push((url, &profile.source));
        }
    }
    for profile in site.publications.iter().filter_map(|(_, p)| p.as_ref()) {
        if let Some(url) = &profile.url {
            all.push((url, &profile.source));
        }
    }
    all.sort();
    let mut out: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (url, path) in all {
        match out.last_mut() {
            Some((last, paths)) if last == url => paths.push(path.to_path_buf()),
            _ => out.push((url.to_string(), vec![path.to_path_buf()])),
        }
    }
    out
}

/// Why an address counts as dead, or `None` when it answers. 404 and 410 say the page is
/// gone and 5xx that the server fails; other refusals (401, 403, 429...) come from sites
/// that keep robots out and are not reported.
#[cfg(feature = "links")]
fn dead(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|response| response.status().as_u16())
    };
    // Some servers refuse HEAD; a GET answers for them.
    let answer = match status(agent.head(url).call()) {
        Ok(405 | 501) => status(agent.get(url).call()),
        other => other,
    };
    match answer {
        Ok(code @ (404 | 410 | 500..)) => Some(format!("answers HTTP {code}")),
        Ok(_) => None,
        Err(ureq::Error::Timeout(_)) => Some("does not answer in time".to_string()),
        Err(e) => Some(format!("cannot be reached ({e})")),
    }
}

/// A warning for every dead address among `addresses`, each located in the files that
/// give it; `timeout` bounds each request.
#[cfg(feature = "links")]
pub(crate) fn check(
    root: &Path,
    addresses: &[(String, Vec<PathBuf>)],
    timeout: Duration,
) -> Vec<Diagnostic> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "marquee/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY.min(addresses.len()) {
            scope.spawn(|| {
                while let Some((url, paths)) = addresses.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Some(why) = dead(&agent, url) {
                        let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                        found.extend(paths.iter().map(|p| warning(root, p, url, &why)));
                    }
                }
            });
        }
    });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    marquee::diagnostic::sort(&mut found);
    found
}

/// Without the `links` feature there is no HTTP client: every address is reported as
/// unchecked, so the request is never silently ignored.
#[cfg(not(feature = "links"))]
pub(crate) fn check(
    root: &Path,
    addresses: &[(String, Vec<PathBuf>)],
    _: Duration,
) -> Vec<Diagnostic> {
    addresses
        .iter()
        .take(1)
        .map(|(url, paths)| {
            warning(
                root,
                &paths[0],
                url,
                "was not checked: this marquee was built without the `links` feature",
            )
        })
        .collect()
}

/// The warning for dead `url` in the file `path` (relative to `root`), at its line.
fn warning(root: &Path, path: &Path, url: &str, why: &str) -> Diagnostic {
    let d = Diagnostic::warning(Code::W013, path, format!("the link {url} {why}"))
        .help("link to an archived copy of the page, or remove the `url`");
    match std::fs::read_to_string(root.join(path)) {
        Ok(text) => match text.find(url) {
            Some(at) => d.at(&text, at..at + url.len()),
            None => d,
        },
        Err(_) => d,
    }
}
