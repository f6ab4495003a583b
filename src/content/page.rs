//! Free-form pages (`content/pages/<slug>.md`): About, Contact, Methodology.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::frontmatter;
use super::model::{FreePage, is_valid_slug, slugify};
use super::source::{Parsed, Source, aliases};
use crate::diagnostic::{Code, Diagnostic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFront {
    title: Spanned<String>,
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    aliases: Option<Vec<Spanned<String>>>,
}

pub(super) fn parse_page(
    src: &mut Source<'_>,
    path: &Path,
    split: &frontmatter::Split<'_>,
) -> Parsed {
    let off = split.front_matter_offset;
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_valid_slug(&slug) {
        let fixed = slugify(&slug);
        src.error(
            Code::E028,
            None,
            format!("`{slug}.md` is not a valid page name: the name is the page's address"),
            format!(
                "use lowercase letters, digits and single hyphens, e.g. rename it to `{}.md`",
                if fixed.is_empty() { "about" } else { &fixed }
            ),
        );
    }
    let Some(front) = src.toml::<PageFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let title = front.title.get_ref().trim().to_string();
    if title.is_empty() {
        src.error(
            Code::E008,
            Some(off + front.title.span().start..off + front.title.span().end),
            "the title is empty",
            "give the page its title",
        );
    }
    let aliases = aliases(src, front.aliases, off);
    if src.problems.iter().any(Diagnostic::is_error) {
        return Parsed::Nothing;
    }
    Parsed::Page(Box::new(FreePage {
        slug,
        title,
        description: front
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        body_html: src.markdown(split.body),
        draft: front.draft,
        aliases,
        source: src.rel.clone(),
    }))
}
