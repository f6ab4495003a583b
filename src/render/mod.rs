//! Turns the site index into pages: one shared Tera engine and the list of every file the
//! site consists of ("jobs"), rendered in parallel.
//!
//! Stage 3 of 4. Receives a [`crate::aggregate::Site`] and a [`theme::Theme`]; hands on [`Pages`], which renders any
//! subset of the files as `(path, bytes)` and writes nothing itself. What each page kind
//! shows is in `pages`, the views templates get in `views`, the sitemap in `sitemap`, the
//! what each page shows (which its fingerprint for the preview server is made of) in `shows`, the one-URL-one-source check in `claims`;
//! feeds, JSON-LD, the JSON export, the search index, the film page's SVG charts and the
//! theme beside them.

pub(crate) mod charts;
mod claims;
mod engine;
pub(crate) mod export;
pub(crate) mod feed;
mod pages;
mod person;
mod prose;
pub mod reference;
mod renderer;
pub(crate) mod search;
mod shared;
mod shows;
mod sitemap;
pub mod structured;
mod texts;
pub mod theme;
mod trial;
mod viewing;
mod views;

pub(crate) use claims::collisions;
pub use claims::files;
pub use renderer::{Layout, Pages, RenderError};
pub use texts::Texts;
pub use trial::trial;
