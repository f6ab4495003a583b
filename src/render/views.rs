//! The views templates get: small serialisable structs borrowing from the [`crate::aggregate::Site`], and the
//! renderer's methods that make them. docs/templates.md documents them field by
//! field, so their names are a public interface.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::score::Show;

/// Site-wide values every template gets as `site`.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    /// The direction the language is written in: `ltr`, or `rtl` (Arabic, Hebrew).
    pub(super) dir: &'static str,
    pub(super) base_path: String,
    pub(super) root_url: String,
    pub(super) film_count: usize,
    pub(super) review_count: usize,
    pub(super) critic_count: usize,
    pub(super) publication_count: usize,
    /// Which numbers to show: "metascore", "percent" or "both".
    pub(super) show: Show,
    /// Banded reviews a film needs for a % positive.
    pub(super) percent_positive_min_reviews: u32,
    /// Full review cards on critics' and publications' pages (else one line each).
    pub(super) list_excerpts: bool,
    /// Whether any film has a poster: lists then hold a placeholder where a film has none,
    /// so that their rows line up.
    pub(super) posters: bool,
    /// The URL of each static file by its name in `static/`: stylesheets and scripts carry a
    /// hash of their contents (`style.1a2b3c4d5e6f7a8b.css`) so hosts may cache them forever.
    pub(super) assets: BTreeMap<String, String>,
    /// The URLs in `assets` that carry a hash, in name order: safe to cache forever. (Tera
    /// iterates maps in no fixed order, so templates that list assets use this.)
    pub(super) hashed_assets: Vec<String>,
    /// The taxonomies with at least one term, for navigation.
    pub(super) taxonomies: Vec<TaxonomyView<'a>>,
    /// The links `[[nav]]` in config.toml adds to the main navigation.
    pub(super) nav: Vec<NavLink<'a>>,
    /// The page that explains how the numbers are made.
    pub(super) scoring_url: String,
    /// The list of people, when the site has any.
    pub(super) people_url: Option<String>,
}

/// A link of the main navigation set in config.toml.
#[derive(Serialize)]
pub(super) struct NavLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
}

/// A free-form page's own content (`content/pages/<slug>.md`).
#[derive(Serialize)]
pub(super) struct FreePageView<'a> {
    pub(super) title: &'a str,
    pub(super) body_html: &'a str,
    pub(super) draft: bool,
}

/// A redirect from an alias: where it sends readers.
#[derive(Serialize)]
pub(super) struct RedirectView {
    /// The alias, from the host's root (base path included).
    pub(super) from: String,
    /// The page's path from the host's root.
    pub(super) to: String,
    /// The page's full URL.
    pub(super) url: String,
}

/// What every template gets as `page`.
#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) title: String,
    pub(super) path: String,
    pub(super) url: String,
    /// The meta description: the film's synopsis, else a sentence made from the page's data,
    /// else the site's description.
    pub(super) description: String,
    /// Absolute URL of the page's preview image (a film's poster).
    pub(super) image: Option<String>,
    /// Open Graph type: "video.movie" on film pages, "website" elsewhere.
    pub(super) og_type: &'static str,
    /// The page's own Atom feed, when it has one.
    pub(super) feed: Option<String>,
    /// The schema.org JSON-LD of a film page, already escaped for a script element.
    pub(super) json_ld: Option<String>,
    /// The previous and next pages of a paginated list.
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
}

/// What a page adds to its `page` view beyond its path and title.
pub(super) struct Head {
    pub(super) description: Option<String>,
    pub(super) image: Option<String>,
    pub(super) og_type: &'static str,
    pub(super) feed: Option<String>,
    pub(super) json_ld: Option<String>,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            description: None,
            image: None,
            og_type: "website",
            feed: None,
            json_ld: None,
        }
    }
}

/// A name that may link to its page.
#[derive(Serialize)]
pub(super) struct Link<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
}

/// A taxonomy as its pages show it.
#[derive(Serialize)]
pub(super) struct TaxonomyView<'a> {
    pub(super) key: &'static str,
    pub(super) name: &'a str,
    pub(super) singular: &'a str,
    pub(super) url: String,
    pub(super) count: usize,
}

/// One term of a taxonomy.
#[derive(Serialize)]
pub(super) struct TermView<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) films: usize,
    /// For a director: their own page, with every role and their career.
    pub(super) person_url: Option<String>,
}

/// A "best of" list in the lists' navigation.
#[derive(Serialize)]
pub(super) struct BestLink {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) current: bool,
}

/// The "best of" lists of one kind: all time, by year, by genre.
#[derive(Serialize)]
pub(super) struct BestGroup<'a> {
    pub(super) label: &'a str,
    pub(super) lists: Vec<BestLink>,
}

/// One page of the films by title, for the search page's plain list.
#[derive(Serialize)]
pub(super) struct TitlePage<'a> {
    pub(super) url: String,
    pub(super) first: &'a str,
    pub(super) last: &'a str,
}

/// A poster as a `<picture>` shows it: WebP at each width, and one copy every browser shows.
#[derive(Serialize)]
pub(super) struct PosterView {
    /// The copy every browser shows (JPEG or PNG; the file itself for AVIF).
    pub(super) src: String,
    /// The WebP files with their widths, for `srcset` (empty for AVIF).
    pub(super) srcset: String,
    /// The narrowest WebP file, for a thumbnail drawn by a script.
    pub(super) thumb: String,
    /// The picture's width and height in pixels (its shape; 2:3 when unknown).
    pub(super) width: u32,
    pub(super) height: u32,
}

/// A film as listings show it.
#[derive(Serialize)]
pub(super) struct FilmCard<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) year: u16,
    pub(super) url: String,
    pub(super) metascore: Option<u8>,
    pub(super) label: Option<&'a str>,
    pub(super) band: &'static str,
    pub(super) scored: usize,
    pub(super) needed: usize,
    pub(super) reviews: usize,
    pub(super) percent_positive: Option<u8>,
    pub(super) freshness: Option<&'static str>,
    pub(super) banded: usize,
    pub(super) must_see: bool,
    /// Marked `draft = true` (only in a build with drafts, such as the preview).
    pub(super) draft: bool,
    /// The poster, when the film has one.
    pub(super) poster: Option<&'a PosterView>,
    /// The line under its title in a list, in the site's language.
    pub(super) meta: String,
}

/// A film with everything its page shows.
#[derive(Serialize)]
pub(super) struct FilmView<'a> {
    #[serde(flatten)]
    pub(super) card: FilmCard<'a>,
    pub(super) release_date: Option<String>,
    pub(super) release_date_iso: Option<String>,
    pub(super) year_url: String,
    pub(super) directors: Vec<Link<'a>>,
    /// The cast, each linked to their page.
    pub(super) cast: Vec<Link<'a>>,
    /// The writers and the composers, each linked to their page.
    pub(super) writers: Vec<Link<'a>>,
    pub(super) composers: Vec<Link<'a>>,
    pub(super) genres: Vec<Link<'a>>,
    pub(super) runtime: Option<u32>,
    /// The film's ids in other catalogues (`ids` in its `index.md`), for themes that link out.
    pub(super) ids: &'a std::collections::BTreeMap<String, String>,
    pub(super) country: Option<Link<'a>>,
    pub(super) language: Option<Link<'a>>,
    pub(super) poster_url: Option<String>,
    pub(super) synopsis_html: &'a str,
    /// The editors' consensus (`consensus` in the film's `index.md`), inline HTML.
    pub(super) consensus_html: Option<&'a str>,
    /// The top critics' figures, when any top critic reviewed the film.
    pub(super) top: Option<TopView<'a>>,
    pub(super) positive: usize,
    pub(super) mixed: usize,
    pub(super) negative: usize,
    pub(super) unscored: usize,
    /// Unscored reviews that still have a band, from their verdict.
    pub(super) verdict_only: usize,
    /// The critics' scores in tens, as an inline SVG chart (none without scores).
    pub(super) distribution_svg: Option<String>,
    /// The Metascore as the reviews arrived, as an inline SVG chart (none with fewer than
    /// two days of dated reviews once there is a Metascore).
    pub(super) timeline_svg: Option<String>,
}

/// A film named on a review card shown away from the film's page.
#[derive(Serialize)]
pub(super) struct FilmRef<'a> {
    pub(super) title: &'a str,
    pub(super) year: u16,
    pub(super) url: &'a str,
    /// The film's poster, for a thumbnail.
    pub(super) poster: Option<&'a PosterView>,
}

/// One review card.
#[derive(Serialize)]
pub(super) struct ReviewView<'a> {
    pub(super) critic: Option<&'a str>,
    pub(super) critic_url: Option<&'a str>,
    pub(super) publication: Option<&'a str>,
    pub(super) publication_url: Option<&'a str>,
    pub(super) date: Option<&'a str>,
    pub(super) date_iso: Option<&'a str>,
    pub(super) score: Option<u8>,
    pub(super) rating: Option<&'a str>,
    /// The rating said in the site's language: "Rated 3.5/4 by the critic".
    pub(super) rated: Option<&'a str>,
    /// What the link to the full review says to screen readers after "Read full review".
    pub(super) read_full: Option<&'a str>,
    pub(super) assigned: bool,
    pub(super) byline: bool,
    pub(super) band: Option<&'static str>,
    /// By a top critic (`top = true` in the critic's profile).
    pub(super) top_critic: bool,
    /// Its language when it is not the site's, as a BCP 47 tag.
    pub(super) language: Option<&'a str>,
    pub(super) verdict: Option<&'static str>,
    pub(super) excerpt_html: &'a str,
    pub(super) url: Option<&'a str>,
    /// The film's [`FilmRef`], as a template value made once per film (a value inside a
    /// value is taken as it is, not converted again).
    pub(super) film: &'a tera::Value,
    /// The review's card on its film's page.
    pub(super) card_url: &'a str,
    pub(super) anchor: &'a str,
    /// Marked `draft = true` (only in a build with drafts, such as the preview).
    pub(super) draft: bool,
}

/// A critic or publication as listings and its own page show it.
#[derive(Serialize)]
pub(super) struct ContributorView<'a> {
    pub(super) slug: &'a str,
    /// A top critic, by their profile (`top = true`).
    pub(super) top: bool,
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) reviews: usize,
    pub(super) scored: usize,
    pub(super) average: Option<String>,
    pub(super) versus_metascore: Option<String>,
    pub(super) compared: usize,
    pub(super) agreements: usize,
    pub(super) judged: usize,
    pub(super) agreement_percent: Option<u8>,
    /// Critics: the profile's publication. Publications: none.
    pub(super) publication: Option<&'a str>,
    pub(super) publication_url: Option<String>,
    pub(super) website: Option<&'a str>,
    pub(super) weight: Option<String>,
    pub(super) about_html: Option<&'a str>,
}

/// Links to the pages of a paginated list.
#[derive(Serialize)]
pub(super) struct Pager {
    pub(super) current: usize,
    pub(super) total: usize,
    pub(super) first: String,
    pub(super) last: String,
    pub(super) prev: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(super) struct PageLink {
    pub(super) number: usize,
    pub(super) url: String,
    pub(super) current: bool,
}

/// A film's figures from its top critics' reviews alone, under the same minimums as its own.
#[derive(Serialize)]
pub(super) struct TopView<'a> {
    /// The top critics' reviews of the film.
    pub(super) reviews: usize,
    pub(super) metascore: Option<u8>,
    pub(super) label: Option<&'a str>,
    pub(super) band: &'static str,
    pub(super) scored: usize,
    pub(super) needed: usize,
    pub(super) percent_positive: Option<u8>,
    pub(super) freshness: Option<&'static str>,
    pub(super) positive: usize,
    pub(super) mixed: usize,
    pub(super) negative: usize,
    pub(super) banded: usize,
}

/// A person as their page shows them: their films in numbers.
#[derive(Serialize)]
pub(super) struct PersonView<'a> {
    pub(super) name: &'a str,
    /// How many films credit them.
    pub(super) films: usize,
    /// Their roles over all their films: "Director, Writer".
    pub(super) roles: String,
    /// Their films with a Metascore.
    pub(super) scored: usize,
    /// The mean Metascore of those films.
    pub(super) average: Option<u8>,
    pub(super) average_band: &'static str,
    /// The film with the highest Metascore, and with the lowest (when two or more have one).
    pub(super) best: Option<FilmCard<'a>>,
    pub(super) worst: Option<FilmCard<'a>>,
    /// Their Metascores over the years, when two or more films have one.
    pub(super) chart_svg: Option<String>,
}

/// One person in the list of people.
#[derive(Serialize)]
pub(super) struct PersonRow<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    /// How many films credit them.
    pub(super) films: usize,
    /// Their roles over all their films: "Director, Writer".
    pub(super) roles: String,
}

/// One film on a person's page, with their role in it.
#[derive(Serialize)]
pub(super) struct CreditView<'a> {
    #[serde(flatten)]
    pub(super) card: FilmCard<'a>,
    /// Their roles in this film: "Director", "Writer, Cast".
    pub(super) roles: String,
}

/// How many of the reviews a page shows are in each band: what the film page's filter says
/// it shows.
#[derive(Serialize)]
pub(super) struct BandCounts {
    pub(super) positive: usize,
    pub(super) mixed: usize,
    pub(super) negative: usize,
    /// Of them, by top critics.
    pub(super) top: usize,
}

/// One of the orders of the film listing.
#[derive(Serialize)]
pub(super) struct OrderLink<'a> {
    pub(super) key: &'static str,
    pub(super) label: &'a str,
    pub(super) url: String,
    pub(super) current: bool,
}

/// What one page kind hands back besides its path, template and title.
#[derive(Default)]
pub(super) struct Page {
    /// The template's variables.
    pub(super) ctx: Vars,
    /// Meta data for the page's `<head>`.
    pub(super) head: Head,
    /// Its place in a paginated list.
    pub(super) pager: Option<Pager>,
}

/// A template's variables: Tera's context and the names it holds (which Tera does not list),
/// so that the reference of every template's variables can be generated from what the pages
/// really get.
#[derive(Default)]
pub(super) struct Vars {
    pub(super) ctx: tera::Context,
    names: Vec<&'static str>,
}

impl Vars {
    /// Sets variable `name` to `value`.
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.ctx.insert(name, value);
        self.names.push(name);
    }

    /// Sets variable `name` to a value already made.
    pub(super) fn insert_value(&mut self, name: &'static str, value: tera::Value) {
        self.ctx.insert_value(name, value);
        self.names.push(name);
    }

    /// Every variable, as JSON.
    pub(super) fn json(&self) -> serde_json::Value {
        self.names
            .iter()
            .map(|&name| {
                let value = self.ctx.get(name).map(serde_json::to_value);
                (
                    name.to_string(),
                    value.and_then(Result::ok).unwrap_or_default(),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}
