//! `sitemap.xml` (an index of parts past 50,000 URLs, per the sitemaps protocol),
//! `robots.txt` and `_headers`, and each page's `lastmod`.

use serde::Serialize;

use super::renderer::{File, Job, RenderError, Renderer};
use super::views::{RedirectView, Vars};
use crate::content::model::Date;
use crate::routes;

/// One `<url>` or `<sitemap>` entry.
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

impl Renderer<'_> {
    /// When a page last changed: the date of the newest review it shows or counts.
    pub(super) fn lastmod(&self, job: Job) -> Option<Date> {
        match job {
            Job::Film { index, .. } => self.shared.newest[index],
            // A contributor's reviews are listed newest first.
            Job::Contributor { who, index, .. } => self
                .contributor_entry(who, index)
                .reviews
                .first()
                .and_then(|&r| self.shared.site.review(r).date),
            Job::Term { tax, term, .. } => {
                self.newest_of(&self.shared.site.taxonomies[tax].terms[term].films)
            }
            Job::Best(l) => self.newest_of(&self.shared.site.best[l].films),
            Job::People { .. } => None,
            Job::Person(i) => {
                let credits = &self.shared.site.people[i].credits;
                self.newest_of(&credits.iter().map(|c| c.film).collect::<Vec<_>>())
            }
            _ => self
                .shared
                .site
                .latest
                .first()
                .and_then(|&r| self.shared.site.review(r).date),
        }
    }

    /// The newest review date among `films`.
    pub(super) fn newest_of(&self, films: &[usize]) -> Option<Date> {
        films.iter().filter_map(|&i| self.shared.newest[i]).max()
    }

    /// Writes `sitemap.xml` (every HTML page but the 404 page and aliases, with its
    /// `lastmod`), `robots.txt`, `_headers` (cache rules for Netlify and Cloudflare Pages)
    /// and, when the site has aliases, `_redirects` (their rules, for the hosts that read it); past `limit` URLs, `sitemap.xml` is an index of `sitemap-N.xml` files.
    pub(super) fn sitemaps(&self, jobs: &[Job], limit: usize) -> Result<Vec<File>, RenderError> {
        let root = &self.shared.site_view.root_url;
        let entries: Vec<SitemapEntry> = jobs
            .iter()
            .filter(|&&job| !matches!(job, Job::NotFound | Job::Alias(_)))
            .filter_map(|&job| {
                let path = self.page_path(job)?;
                Some(SitemapEntry {
                    loc: format!("{root}{path}"),
                    lastmod: self.lastmod(job).map(|d| d.to_string()),
                })
            })
            .collect();
        let render = |template: &str,
                      key: &'static str,
                      list: &[SitemapEntry],
                      file: &str|
         -> Result<File, RenderError> {
            let mut vars = Vars::default();
            vars.insert_value("site", self.shared.site_value.clone());
            vars.insert_value("t", self.shared.words.clone());
            vars.insert(key, list);
            let text = self.render_template(template, &vars, &format!("/{file}"))?;
            Ok((file.to_string(), text))
        };
        let mut files = Vec::new();
        if entries.len() <= limit {
            files.push(render("sitemap.xml", "entries", &entries, "sitemap.xml")?);
        } else {
            let mut index = Vec::new();
            for (n, chunk) in entries.chunks(limit).enumerate() {
                let file = format!("sitemap-{}.xml", n + 1);
                files.push(render("sitemap.xml", "entries", chunk, &file)?);
                let lastmod = chunk.iter().filter_map(|e| e.lastmod.clone()).max();
                index.push(SitemapEntry {
                    loc: format!("{root}{file}"),
                    lastmod,
                });
            }
            files.push(render(
                "sitemap_index.xml",
                "sitemaps",
                &index,
                "sitemap.xml",
            )?);
        }
        files.push(render("robots.txt", "entries", &[], "robots.txt")?);
        files.push(render("_headers", "entries", &[], "_headers")?);
        let redirects: Vec<RedirectView> = jobs
            .iter()
            .filter_map(|&job| match job {
                Job::Alias(i) => Some(self.redirect_view(i)),
                _ => None,
            })
            .collect();
        if !redirects.is_empty() {
            let mut vars = Vars::default();
            vars.insert_value("site", self.shared.site_value.clone());
            vars.insert_value("t", self.shared.words.clone());
            vars.insert("redirects", &redirects);
            // Netlify applies a rule only where no file is, unless it is forced, and every
            // alias has its forwarding page: forced there, or the old address answers 200.
            let forced = self.shared.site.config.publish.host == Some(crate::config::Host::Netlify);
            vars.insert("forced", &forced);
            let page = format!("/{}", routes::REDIRECTS);
            let text = self.render_template(routes::REDIRECTS, &vars, &page)?;
            files.push((routes::REDIRECTS.to_string(), text));
        }
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::model::{Content, Film, Grade, Review};
    use crate::render::{Pages, Texts};
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index() {
        let review = Review {
            critic: Some("Ann".into()),
            critic_slug: Some(crate::content::model::Slug::of("Ann")),
            publication: None,
            publication_slug: None,
            date: Date::new(2001, 2, 3),
            url: None,
            grade: Grade::Score(70),
            assigned: false,
            top_critic: false,
            language: None,
            imported_as: None,
            byline: true,
            verdict: None,
            excerpt_html: String::new(),
            id: String::new(),
            draft: false,
            source: PathBuf::from("r.md"),
        };
        let films = (0..3)
            .map(|i| {
                Film::example(
                    &format!("f-{i}"),
                    &format!("F {i}"),
                    2001,
                    vec![review.clone()],
                )
            })
            .collect();
        let config = Config {
            base_url: "https://example.org/".into(),
            ..Config::default()
        };
        let site = crate::aggregate::build(
            config,
            Content {
                films,
                ..Content::default()
            },
        );
        let theme = crate::render::theme::load(
            Path::new("/nonexistent"),
            true,
            std::sync::Arc::new(crate::i18n::Strings::built_in("en")),
        )
        .unwrap()
        .0;
        let texts = Texts::new(&site, &theme.strings);
        let pages = Pages::new(&site, &theme, &texts);
        let r = &pages.renderer;
        let files: BTreeMap<String, String> = r
            .sitemaps(&pages.jobs, 4)
            .unwrap()
            .into_iter()
            .map(|(f, b)| (f, String::from_utf8(b).unwrap()))
            .collect();
        let listed = pages
            .jobs
            .iter()
            .filter(|&&j| !matches!(j, Job::NotFound) && r.page_path(j).is_some())
            .count();
        assert_eq!(
            files.len(),
            listed.div_ceil(4) + 3,
            "the parts, the index, robots.txt and _headers"
        );
        let index = &files["sitemap.xml"];
        assert!(
            index.contains("<sitemapindex")
                && index.contains("<loc>https://example.org/sitemap-1.xml</loc>")
        );
        assert!(index.contains("<lastmod>2001-02-03</lastmod>"));
        assert_eq!(files["sitemap-1.xml"].matches("<url>").count(), 4);
        let robots = &files["robots.txt"];
        assert!(robots.contains("Sitemap: https://example.org/sitemap.xml"));
    }
}
