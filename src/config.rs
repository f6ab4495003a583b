//! Site settings from `config.toml`, and the options of a build that the command line
//! sets over them.
//!
//! Every field has a default, so an empty file (or none at all) is a valid site; unknown fields
//! are errors naming the field, so a typo never silently does nothing.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic};
use crate::score::ScoreConfig;

/// What the command line changes about how a site is read: the same sources, another
/// address, stricter checks, or drafts kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Overrides the config's `base_url` (a preview deployment's address).
    pub base_url: Option<&'a str>,
    /// Makes warnings errors.
    pub strict: bool,
    /// Keeps the films, reviews and pages marked `draft = true`, which are left out otherwise.
    pub drafts: bool,
    /// Builds even when nothing changed since the last build (a build's stamp).
    pub force: bool,
    /// Deletes files in the output that Marquee did not write, which otherwise stop the build
    /// (see [`crate::output::unknown`]).
    pub clean: bool,
}

/// The settings in `config.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// Where the site will be published, e.g. `https://example.com/reviews/`. Its path decides
    /// the prefix of every link, so a site can live under a sub-path.
    pub base_url: String,
    /// One sentence about the site, used on the home page and in meta descriptions.
    pub description: String,
    /// The language of the pages (`<html lang>`), a BCP 47 tag.
    pub language: String,
    /// Pass raw HTML in Markdown through instead of escaping it. Only for sites that trust
    /// every author: raw HTML can run scripts in readers' browsers.
    pub allow_html: bool,
    /// Also mark a film's Metascore up as schema.org `AggregateRating`. Off by default:
    /// Google's guidelines say sites must not mark up ratings aggregated from other websites
    /// that way, and a Metascore is exactly that; turn it on only for reviews your own site
    /// publishes.
    pub aggregate_rating_markup: bool,
    /// Entries per page on long lists (films, a critic's reviews).
    pub per_page: usize,
    /// Score thresholds.
    pub scores: ScoreConfig,
    /// What the published site holds beyond its pages.
    pub publish: PublishConfig,
    /// Links added to the main navigation, in order: free-form pages (`url = "/about/"`,
    /// from the site's root) or other sites (a full address).
    pub nav: Vec<NavItem>,
}

/// One link of the main navigation (`[[nav]]` in config.toml).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    /// The link's text.
    pub title: String,
    /// Where it leads: a path from the site's root (`/about/`) or a full address.
    pub url: String,
}

/// What the published site holds beyond the pages every site has. The defaults keep a large
/// catalogue within what static hosts accept (20,000 films of 20 reviews: about 31,000 files
/// and 857 MB); each extra is one setting away for a site that wants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishConfig {
    /// An Atom feed per film (`films/<slug>/feed.xml`). The site's feed and every critic's
    /// and publication's are always written.
    pub film_feeds: bool,
    /// A JSON file per film (`api/films/<slug>.json`). The index `api/films.json` is always
    /// written.
    pub film_json: bool,
    /// Full review cards, excerpts included, on critics' and publications' pages; by default
    /// they list each review in one line that links to its card on the film's page.
    pub list_excerpts: bool,
    /// Stylesheets published minified: the same rules in fewer bytes. Off, every `.css`
    /// file is published as it is written.
    pub minify_css: bool,
    /// A page for every cast member (`/people/<slug>/`), as every director, writer and composer
    /// has; a very large catalogue may leave them out to stay within its host's file limits.
    pub cast_pages: bool,
    /// Where the site is published, so that `build` warns before the site outgrows it.
    pub host: Option<Host>,
    /// Limits of the site's own (`[publish.limits]`), checked like a host's: a host Marquee
    /// does not know, or a budget tighter than the host's. Each one set replaces the host's.
    pub limits: Option<Limits>,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            film_feeds: false,
            film_json: false,
            list_excerpts: false,
            minify_css: true,
            cast_pages: true,
            host: None,
            limits: None,
        }
    }
}

impl PublishConfig {
    /// The limits a build checks the written site against, and whose they are in its
    /// warnings: the host's, each replaced by `[publish.limits]` where that sets one; `None`
    /// when neither is set.
    pub fn checked_limits(&self) -> Option<(&'static str, Limits)> {
        let documented = self.host.map(Host::limits).unwrap_or_default();
        match (self.host, self.limits) {
            (None, None) => None,
            (Some(host), None) => Some((host.name(), documented)),
            (_, Some(own)) => Some((
                "[publish.limits]",
                Limits {
                    site_bytes: own.site_bytes.or(documented.site_bytes),
                    files: own.files.or(documented.files),
                    file_bytes: own.file_bytes.or(documented.file_bytes),
                },
            )),
        }
    }
}

/// Static hosts whose limits a build checks the site against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// GitHub Pages: a published site of at most 1 GB.
    GithubPages,
    /// GitLab Pages: at most 1 GB and 200,000 files.
    GitlabPages,
    /// Cloudflare Pages on its free plan: 20,000 files of at most 25 MiB each.
    CloudflarePages,
    /// Cloudflare Pages on a paid plan: 100,000 files of at most 25 MiB each.
    CloudflarePagesPaid,
    /// Netlify: no limit Marquee knows to check.
    Netlify,
    /// S3 and S3-style buckets: no limit a static site reaches.
    S3,
}

/// What a host accepts: the whole site's bytes, its number of files, one file's bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes of the whole site.
    pub site_bytes: Option<u64>,
    /// Number of files.
    pub files: Option<usize>,
    /// Bytes of one file.
    pub file_bytes: Option<u64>,
}

impl Host {
    /// The host's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Host::GithubPages => "GitHub Pages",
            Host::GitlabPages => "GitLab Pages",
            Host::CloudflarePages => "Cloudflare Pages (free plan)",
            Host::CloudflarePagesPaid => "Cloudflare Pages (paid plan)",
            Host::Netlify => "Netlify",
            Host::S3 => "S3",
        }
    }

    /// The limits the host documents for a published site.
    pub fn limits(self) -> Limits {
        const GB: u64 = 1_000_000_000;
        const MIB: u64 = 1024 * 1024;
        match self {
            Host::GithubPages => Limits {
                site_bytes: Some(GB),
                ..Limits::default()
            },
            Host::GitlabPages => Limits {
                site_bytes: Some(GB),
                files: Some(200_000),
                ..Limits::default()
            },
            Host::CloudflarePages => Limits {
                files: Some(20_000),
                file_bytes: Some(25 * MIB),
                ..Limits::default()
            },
            Host::CloudflarePagesPaid => Limits {
                files: Some(100_000),
                file_bytes: Some(25 * MIB),
                ..Limits::default()
            },
            Host::Netlify | Host::S3 => Limits::default(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Marquee".into(),
            base_url: "/".into(),
            description: String::new(),
            language: "en".into(),
            allow_html: false,
            aggregate_rating_markup: false,
            per_page: 100,
            scores: ScoreConfig::default(),
            publish: PublishConfig::default(),
            nav: Vec::new(),
        }
    }
}

impl Config {
    /// The path every link starts with: `/` at a domain root, `/reviews/` under a sub-path.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = if self.base_url.contains("://") {
            after_scheme.find('/').map_or("", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The absolute URL of the site root with a trailing slash, or the base path when no host
    /// is configured.
    pub fn root_url(&self) -> String {
        match self.base_url.split_once("://") {
            Some((scheme, rest)) => {
                let host = rest.split('/').next().unwrap_or_default();
                format!("{scheme}://{host}{}", self.base_path())
            }
            None => self.base_path(),
        }
    }
}

/// Reads `config.toml` from the site root; a missing file gives the defaults.
pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("config.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(vec![Diagnostic::error(
                Code::E001,
                Path::new("config.toml"),
                format!("cannot read the file: {e}"),
            )]);
        }
    };
    parse(&crate::diagnostic::with_line_feeds(text))
}

/// What publishing with this `base_url` would get wrong, as diagnostics on `config.toml`
/// (`text`, where the URL comes from there): a warning when the URL is not absolute (links
/// in feeds, the sitemap, canonical and share tags need a host; `serve` always gives one),
/// and a note when the site lives under a sub-path, where crawlers never read robots.txt.
pub(crate) fn publishing_problems(
    config: &Config,
    text: Option<&str>,
    from_flag: bool,
) -> Vec<Diagnostic> {
    let file = Path::new("config.toml");
    let (setting, fix) = if from_flag {
        (
            "`--base-url`",
            "pass the address the site will live at, e.g. --base-url https://example.com/",
        )
    } else {
        (
            "`base_url`",
            "set it to where the site will live, e.g. base_url = \"https://example.com/\", or pass --base-url",
        )
    };
    let place = |d: Diagnostic| match text.and_then(|t| t.find("base_url").map(|at| (t, at))) {
        Some((t, at)) => d.at(t, at..at + "base_url".len()),
        None => d,
    };
    let mut found = Vec::new();
    if !config.base_url.contains("://") {
        found.push(place(
            Diagnostic::warning(
                Code::W010,
                file,
                format!(
                    "{setting} is `{}`, not a full address: canonical links, the sitemap, \
                     feed ids and share tags will not point at the published site",
                    config.base_url
                ),
            )
            .help(fix),
        ));
    } else if config.base_path() != "/" {
        found.push(place(
            Diagnostic::note(
                Code::I003,
                file,
                format!(
                    "the site lives under {}, so its robots.txt has no effect: crawlers read \
                     robots.txt only at the root of a host",
                    config.base_path()
                ),
            )
            .help("the sitemap is still listed in it; submit sitemap.xml to search engines yourself, or publish at a host's root"),
        ));
    }
    found
}

/// The error for a table written twice (`[publish]` at two places), which TOML calls a
/// duplicate key: said as what it is, with where the first one is. `None` for any other
/// error.
fn table_twice(
    text: &str,
    message: &str,
    span: Option<std::ops::Range<usize>>,
) -> Option<Diagnostic> {
    let span = span?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default().trim();
    if !message.starts_with("duplicate key") || !line.starts_with('[') || line.starts_with("[[") {
        return None;
    }
    let header = &line[..line.find(']')? + 1];
    let first = text
        .lines()
        .position(|l| l.trim().starts_with(header))
        .map_or(0, |n| n + 1);
    Some(
        Diagnostic::error(
            Code::E003,
            Path::new("config.toml"),
            format!("the table `{header}` is written twice"),
        )
        .at(text, span)
        .help(format!(
            "a table is written once: move these settings into the `{header}` at line {first}, and remove this header"
        )),
    )
}
/// Parses and checks the text of a `config.toml`.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let file = Path::new("config.toml");
    let config: Config = toml::from_str(text).map_err(|e| {
        if let Some(twice) = table_twice(text, e.message(), e.span()) {
            return vec![twice];
        }
        vec![
            Diagnostic::error(
                if e.message().starts_with("unknown field") {
                    Code::E023
                } else {
                    Code::E003
                },
                file,
                e.message().trim().to_string(),
            )
            .at_opt(text, e.span())
            .help("docs/configuration.md in Marquee's repository lists every setting"),
        ]
    })?;
    let mut problems = Vec::new();
    let find = |key: &str| {
        text.find(key)
            .map(|start| start..start + key.len())
            .unwrap_or(0..0)
    };
    if let Some((scheme, _)) = config.base_url.split_once("://")
        && scheme != "http"
        && scheme != "https"
    {
        problems.push(
            Diagnostic::error(Code::E020, file, "`base_url` must be an http or https URL")
                .at(text, find("base_url"))
                .help(
                    "write it like \"https://example.com/\" or \"https://user.github.io/reviews/\"",
                ),
        );
    }
    if !crate::i18n::is_language_tag(&config.language) {
        problems.push(
            Diagnostic::error(
                Code::E037,
                file,
                format!("`language` is \"{}\", which is not a language tag", config.language),
            )
            .at(text, find("language"))
            .help("write a BCP 47 tag: \"en\", \"fr\", \"pt-BR\", \"zh-Hant\" (a hyphen, not an underscore; not the language's name)"),
        );
    }
    if config.per_page == 0 {
        problems.push(
            Diagnostic::error(Code::E020, file, "`per_page` must be at least 1")
                .at(text, find("per_page")),
        );
    }
    for item in &config.nav {
        let url = item.url.to_ascii_lowercase();
        let local = item.url.starts_with('/') && !item.url.starts_with("//");
        if item.title.trim().is_empty()
            || !(local || url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(
                Diagnostic::error(
                    Code::E020,
                    file,
                    format!(
                        "the navigation link `{}` -> `{}` needs a title and a url that is a path from the site's root or an http(s) address",
                        item.title, item.url
                    ),
                )
                .at(text, find(&item.url))
                .help("[[nav]]\ntitle = \"About\"\nurl = \"/about/\""),
            );
        }
    }
    let s = &config.scores;
    if s.mixed > s.positive || s.positive > 100 {
        problems.push(
            Diagnostic::error(
                Code::E020,
                file,
                "score thresholds must satisfy 0 <= mixed <= positive <= 100",
            )
            .at(text, find("[scores]"))
            .help("the defaults are positive = 61 and mixed = 40"),
        );
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn base_path_at_root_and_under_a_sub_path() {
        let with = |url: &str| Config {
            base_url: url.into(),
            ..Config::default()
        };
        assert_eq!(with("https://example.com").base_path(), "/");
        assert_eq!(with("https://example.com/").base_path(), "/");
        assert_eq!(
            with("https://user.github.io/reviews").base_path(),
            "/reviews/"
        );
        assert_eq!(
            with("https://user.github.io/reviews/").base_path(),
            "/reviews/"
        );
        assert_eq!(with("/preview/pr-7").base_path(), "/preview/pr-7/");
        assert_eq!(
            with("https://user.github.io/reviews").root_url(),
            "https://user.github.io/reviews/"
        );
    }

    #[test]
    fn unknown_fields_are_errors_naming_the_field() {
        let err = parse("titel = \"x\"\n").unwrap_err();
        assert!(err[0].message.contains("titel"), "{}", err[0]);
        assert_eq!(err[0].location.as_ref().unwrap().line, 1);
    }

    #[test]
    fn a_table_written_twice_is_named_with_where_the_first_is() {
        let text = "title = \"T\"\n[publish]\nfilm_json = true\n\n[scores]\nmin_reviews = 3\n[publish]\nfilm_feeds = true\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems[0].code, Code::E003);
        assert_eq!(
            problems[0].message,
            "the table `[publish]` is written twice"
        );
        assert_eq!(problems[0].location.as_ref().unwrap().line, 7);
        assert!(
            problems[0]
                .help
                .as_ref()
                .unwrap()
                .contains("`[publish]` at line 2")
        );
        // A key written twice is still TOML's own message.
        let key = parse("title = \"A\"\ntitle = \"B\"\n").unwrap_err();
        assert!(
            key[0].message.starts_with("duplicate key"),
            "{}",
            key[0].message
        );
    }

    #[test]
    fn thresholds_must_be_ordered() {
        let err = parse("[scores]\npositive = 30\nmixed = 50\n").unwrap_err();
        assert!(err[0].message.contains("thresholds"));
    }

    #[test]
    fn a_base_url_that_is_not_an_address_is_named_where_it_came_from() {
        let config = Config {
            base_url: "/reviews/".into(),
            ..Config::default()
        };
        let from_file = publishing_problems(&config, Some("base_url = \"/reviews/\"\n"), false);
        assert!(
            from_file[0]
                .message
                .starts_with("`base_url` is `/reviews/`")
        );
        assert_eq!(from_file[0].location.as_ref().map(|l| l.line), Some(1));
        let from_flag = publishing_problems(&config, None, true);
        assert!(
            from_flag[0]
                .message
                .starts_with("`--base-url` is `/reviews/`")
        );
        assert!(
            from_flag[0]
                .help
                .as_deref()
                .unwrap()
                .contains("--base-url https://")
        );
    }

    #[test]
    fn a_config_with_lone_carriage_returns_reads_like_one_with_line_feeds() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("config.toml"),
            "title = \"Mac\"\r\r[scores]\rmin_reviews = 3\r",
        )
        .unwrap();
        let config = load(tmp.path()).unwrap();
        assert_eq!(
            (config.title.as_str(), config.scores.min_reviews),
            ("Mac", 3)
        );
    }
}
