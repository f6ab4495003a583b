//! The written site against the limits its host documents (`[publish] host`), or the site's
//! own (`[publish.limits]`): a warning when it is over or near one, with the figures and
//! what would bring it under.

use std::path::Path;

use super::written::Written;
use crate::config::Limits;
use crate::diagnostic::{Code, Diagnostic};
use crate::quantity::{self, Unit, count};

/// One limit the site is near or over.
struct Reached {
    /// What the site is: "the site is 1.82 GB".
    what: String,
    /// The limit: "the limit of GitHub Pages, 1 GB".
    limit: String,
    /// Over it, rather than near (80%).
    over: bool,
    /// What would help, when the per-film extras are not there to leave out.
    otherwise: &'static str,
}

/// Warnings for a site that is over, or near (80%), one of `limits`, which are `whose`
/// (a host's name, or `[publish.limits]`).
pub(crate) fn warnings(whose: &str, limits: Limits, written: &Written) -> Vec<Diagnostic> {
    let gb = |b: u64| quantity::size(b, Unit::Decimal);
    let mib = |b: u64| quantity::size(b, Unit::Binary);
    let near = |value: u64, max: u64| value * 10 >= max * 8;
    let mut reached: Vec<Reached> = Vec::new();
    if let Some(max) = limits.site_bytes
        && near(written.bytes, max)
    {
        reached.push(Reached {
            what: format!("the site is {}", gb(written.bytes)),
            limit: format!("the limit of {}, {}", whose, gb(max)),
            over: written.bytes > max,
            otherwise: "`[publish] list_excerpts = false` (the default) keeps critics' and \
                        publications' pages short; beyond that, publish where the limits are \
                        larger",
        });
    }
    if let Some(max) = limits.files
        && near(written.files as u64, max as u64)
    {
        let files = count(written.files, "file");
        reached.push(Reached {
            what: match written.posters.files {
                0 => format!("the site is {files}"),
                posters => format!(
                    "the site is {files} ({} of them poster images, up to four a film)",
                    quantity::grouped(posters as u64)
                ),
            },
            limit: format!("the limit of {}, {}", whose, count(max, "file")),
            over: written.files > max,
            otherwise: "every film, critic, publication and term has a page, and a larger \
                        `per_page` means fewer pages of lists; beyond that, publish where the \
                        limits are larger",
        });
    }
    if let Some(max) = limits.file_bytes
        && near(written.largest, max)
    {
        reached.push(Reached {
            what: format!("its largest file is {}", mib(written.largest)),
            limit: format!("the limit of {}, {} a file", whose, mib(max)),
            over: written.largest > max,
            otherwise: "the largest files are the sitemap and the search index, which grow \
                        with the films; a poster this large can be made smaller",
        });
    }
    let extras = written.film_extras;
    reached
        .into_iter()
        .map(|r| {
            let message = format!(
                "{}, {} {}",
                r.what,
                if r.over { "over" } else { "near" },
                r.limit
            );
            let help = if extras.files > 0 {
                format!(
                    "the per-film feeds and JSON files are {} and {} of it: \
                     `[publish] film_feeds = false` and `film_json = false` leave them out",
                    count(extras.files, "file"),
                    gb(extras.bytes)
                )
            } else {
                r.otherwise.to_string()
            };
            Diagnostic::warning(Code::W011, Path::new("config.toml"), message).help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Host, PublishConfig};
    use crate::output::{FilmExtras, PosterFiles};

    fn written(files: usize, bytes: u64, largest: u64, extras: FilmExtras) -> Written {
        Written {
            files,
            pages: files,
            bytes,
            largest,
            film_extras: extras,
            posters: PosterFiles::default(),
        }
    }

    #[test]
    fn a_host_warns_over_and_near_its_limits_with_the_figures_and_a_way_out() {
        let messages = |host: Host, w: &Written| -> Vec<String> {
            warnings(host.name(), host.limits(), w)
                .iter()
                .map(|d| format!("{}: {} ({})", d.code, d.message, d.help.clone().unwrap()))
                .collect()
        };
        let none = FilmExtras::default();
        let extras = FilmExtras {
            files: 40_000,
            bytes: 420_000_000,
        };
        let big = written(70_701, 1_820_000_000, 9_000_000, extras);
        let gh = messages(Host::GithubPages, &big);
        assert_eq!(gh.len(), 1);
        assert!(
            gh[0].starts_with("W011: the site is 1.82 GB, over the limit of GitHub Pages, 1 GB"),
            "{gh:?}"
        );
        assert!(
            gh[0].contains("are 40,000 files and 420 MB of it"),
            "{gh:?}"
        );
        let cf = messages(Host::CloudflarePages, &big);
        assert!(
            cf[0].contains(
                "the site is 70,701 files, over the limit of Cloudflare Pages (free plan), 20,000 files"
            ),
            "{cf:?}"
        );
        let near = written(17_000, 10_000_000, 21 * 1024 * 1024, none);
        let cf = messages(Host::CloudflarePages, &near);
        assert_eq!(cf.len(), 2, "{cf:?}");
        assert!(cf[0].contains("17,000 files, near"), "{cf:?}");
        assert!(
            cf[1].contains("largest file is 21 MiB, near the limit of Cloudflare Pages (free plan), 25 MiB a file"),
            "{cf:?}"
        );
        let with_posters = Written {
            posters: PosterFiles {
                files: 16_000,
                ..PosterFiles::default()
            },
            ..written(21_000, 500_000_000, 100_000, none)
        };
        let cf = messages(Host::CloudflarePages, &with_posters);
        assert!(
            cf[0].contains(
                "the site is 21,000 files (16,000 of them poster images, up to four a film), over"
            ),
            "{cf:?}"
        );
        let small = written(3_000, 100_000_000, 100_000, none);
        assert!(messages(Host::GithubPages, &small).is_empty());
        assert!(messages(Host::S3, &big).is_empty() && messages(Host::Netlify, &big).is_empty());
    }

    #[test]
    fn the_site_s_own_limits_replace_the_host_s_one_by_one() {
        let own = |host, limits| PublishConfig {
            host,
            limits,
            ..PublishConfig::default()
        };
        assert_eq!(own(None, None).checked_limits(), None);
        let tight = Limits {
            files: Some(100),
            ..Limits::default()
        };
        let (whose, limits) = own(Some(Host::CloudflarePages), Some(tight))
            .checked_limits()
            .unwrap();
        assert_eq!(whose, "[publish.limits]");
        assert_eq!(limits.files, Some(100));
        assert_eq!(limits.file_bytes, Some(25 * 1024 * 1024));
        let (whose, limits) = own(None, Some(tight)).checked_limits().unwrap();
        let found = warnings(whose, limits, &written(95, 1, 1, FilmExtras::default()));
        assert_eq!(
            found[0].message,
            "the site is 95 files, near the limit of [publish.limits], 100 files"
        );
        let (whose, _) = own(Some(Host::GithubPages), None).checked_limits().unwrap();
        assert_eq!(whose, "GitHub Pages");
    }
}
