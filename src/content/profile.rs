//! Critic and publication profiles (`content/critics/<slug>.md`, `content/publications/<slug>.md`).

use crate::diagnostic::Code;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::frontmatter;
use super::model::{CriticProfile, PublicationProfile, slugify};
use super::source::Parsed;
use super::source::{Source, aliases, encode_url};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriticFront {
    name: Spanned<String>,
    publication: Option<String>,
    #[serde(default)]
    top: bool,
    url: Option<Spanned<String>>,
    aliases: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicationFront {
    name: Spanned<String>,
    url: Option<Spanned<String>>,
    weight: Option<Spanned<f64>>,
    aliases: Option<Vec<Spanned<String>>>,
}

/// Checks that a profile's file name is the slug of the name inside it.
fn profile_slug(
    src: &mut Source<'_>,
    path: &Path,
    name: &Spanned<String>,
    off: usize,
) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expected = slugify(name.get_ref());
    if expected.is_empty() {
        src.error(
            Code::E008,
            Some(off + name.span().start..off + name.span().end),
            "`name` has no letters or digits",
            "write the name as reviews spell it",
        );
        return None;
    }
    if stem != expected {
        src.error(
            Code::E017,
            Some(off + name.span().start..off + name.span().end),
            format!(
                "this profile is for `{}`, but the file is named `{stem}.md`",
                name.get_ref()
            ),
            format!("rename the file to `{expected}.md` so that reviews by this name find it"),
        );
        return None;
    }
    Some(stem)
}

/// A profile's `url`: an http or https address, percent-encoded.
fn profile_url(src: &mut Source<'_>, url: Option<Spanned<String>>, off: usize) -> Option<String> {
    let url = url?;
    let lower = url.get_ref().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(encode_url(url.get_ref().trim()))
    } else {
        src.error(
            Code::E012,
            Some(off + url.span().start..off + url.span().end),
            "`url` must be an http or https address",
            "write the full address, e.g. \"https://example.com/\"",
        );
        None
    }
}

pub(super) fn parse_critic(
    src: &mut Source<'_>,
    path: &Path,
    split: &frontmatter::Split<'_>,
) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<CriticFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let url = profile_url(src, front.url, off);
    let aliases = aliases(src, front.aliases, off);
    match profile_slug(src, path, &front.name, off) {
        Some(slug) => Parsed::Critic(CriticProfile {
            slug,
            name: front.name.into_inner().trim().to_string(),
            publication: front.publication,
            top: front.top,
            url,
            bio_html: src.markdown(split.body),
            aliases,
            source: src.rel.clone(),
        }),
        None => Parsed::Nothing,
    }
}

pub(super) fn parse_publication(
    src: &mut Source<'_>,
    path: &Path,
    split: &frontmatter::Split<'_>,
) -> Parsed {
    let off = split.front_matter_offset;
    let Some(front) = src.toml::<PublicationFront>(split.front_matter, off) else {
        return Parsed::Nothing;
    };
    let url = profile_url(src, front.url, off);
    let aliases = aliases(src, front.aliases, off);
    let weight_milli = match &front.weight {
        None => Some(1000),
        Some(w) => {
            let milli = (w.get_ref() * 1000.0).round();
            if w.get_ref().is_finite() && *w.get_ref() > 0.0 && (1.0..=1_000_000.0).contains(&milli)
            {
                Some(milli as u32)
            } else {
                src.error(
                    Code::E018,
                    Some(off + w.span().start..off + w.span().end),
                    "`weight` must be a number above 0 and at most 1000",
                    "1.0 is an ordinary publication; 2.0 counts twice as much in the Metascore",
                );
                None
            }
        }
    };
    match (profile_slug(src, path, &front.name, off), weight_milli) {
        (Some(slug), Some(weight_milli)) => Parsed::Publication(PublicationProfile {
            slug,
            name: front.name.into_inner().trim().to_string(),
            url,
            weight_milli,
            about_html: src.markdown(split.body),
            aliases,
            source: src.rel.clone(),
        }),
        _ => Parsed::Nothing,
    }
}
