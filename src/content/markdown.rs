//! Markdown to HTML for synopses, excerpts and profiles.
//!
//! Content comes from many hands, so by default raw HTML in Markdown is shown as text rather
//! than passed through, and links or images with script-capable URL schemes are neutralised.
//! A site that trusts all of its authors can set `allow_html = true`.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Renders Markdown to HTML for a site at the root; raw HTML is escaped unless `allow_html`.
#[cfg(test)]
fn render(markdown: &str, allow_html: bool) -> String {
    render_in(markdown, allow_html, "/")
}

/// Renders Markdown to HTML (raw HTML escaped unless `allow_html`) for a site whose pages
/// live under `base_path` (`/reviews/`): a link or image
/// written from the site's root (`/about/`) gets the base path in front, so one text works
/// wherever the site is published.
pub(crate) fn render_in(markdown: &str, allow_html: bool, base_path: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH;
    let rebased = |url| rebase(safe_url(url), base_path);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebased(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebased(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4 + 16);
    html::push_html(&mut out, events);
    out
}

/// What keeps `markdown` from being one paragraph of text and nothing else: "a list", "a
/// heading", "an image", "more than one paragraph"...; `None` when it is one.
pub(crate) fn not_one_paragraph(markdown: &str) -> Option<&'static str> {
    let mut depth = 0;
    let mut paragraphs = 0;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        let found = match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += usize::from(depth == 0);
                depth += 1;
                None
            }
            Event::End(TagEnd::Paragraph) => {
                depth -= 1;
                None
            }
            Event::Start(Tag::Heading { .. }) => Some("a heading"),
            Event::Start(Tag::List(_) | Tag::Item) => Some("a list"),
            Event::Start(Tag::BlockQuote(_)) => Some("a quote"),
            Event::Start(Tag::CodeBlock(_)) => Some("a code block"),
            Event::Start(Tag::Table(_)) => Some("a table"),
            Event::Start(Tag::HtmlBlock) => Some("a block of HTML"),
            Event::Start(Tag::Image { .. }) => Some("an image"),
            Event::Rule => Some("a rule"),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    match paragraphs {
        1 => None,
        0 => Some("no text"),
        _ => Some("more than one paragraph"),
    }
}

/// The plain text of Markdown, whitespace collapsed and cut at a word boundary to at most
/// `max` characters (an ellipsis marks a cut): meta descriptions and link previews.
pub(crate) fn summary(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            // Between blocks and lines a space; the end of inline markup (emphasis, a link)
            // is no break in the text.
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let mut out = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let extra = usize::from(len > 0) + word.chars().count();
        if len + extra > max.saturating_sub(1) {
            out.push('\u{2026}');
            return out;
        }
        if len > 0 {
            out.push(' ');
        }
        out.push_str(word);
        len += extra;
    }
    out
}

/// `url` with `base_path` in front when it is written from the site's root (`/about/`, not
/// `//host/` or `about/`) and the site lives under a sub-path; unchanged otherwise.
fn rebase<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    let from_root = url.starts_with('/') && !url.starts_with("//");
    if from_root && base_path.len() > 1 {
        format!("{base_path}{}", &url[1..]).into()
    } else {
        url
    }
}

/// Replaces `javascript:`, `vbscript:` and `data:` URLs (however they are spelled) with `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|&c| c != ':' && c != '/' && c != '?' && c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':') && !scheme.is_empty();
    if has_scheme && matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_from_the_site_root_follow_the_base_path() {
        let text =
            "[a](/about/) [b](//cdn.example/x) [c](https://example.com/) [d](more/) ![e](/i.png)";
        let html = render_in(text, false, "/reviews/");
        assert!(html.contains(r#"href="/reviews/about/""#), "{html}");
        assert!(html.contains(r#"href="//cdn.example/x""#), "{html}");
        assert!(html.contains(r#"href="https://example.com/""#), "{html}");
        assert!(html.contains(r#"href="more/""#), "{html}");
        assert!(html.contains(r#"src="/reviews/i.png""#), "{html}");
        assert_eq!(render_in(text, false, "/"), render(text, false));
        assert_eq!(render_in(text, false, ""), render(text, false));
    }

    #[test]
    fn summary_is_plain_text_cut_at_a_word() {
        assert_eq!(
            summary("A *fine*\nfilm & <b>more</b>.\n\nSecond.", 100),
            "A fine film & <b>more</b>. Second."
        );
        assert_eq!(summary("one two three four", 12), "one two\u{2026}");
        // The end of emphasis or a link is no space: "A *patient*, precise" keeps its comma.
        assert_eq!(
            summary("A *patient*, **precise** [piece](/x/) (*really*).", 100),
            "A patient, precise piece (really)."
        );
        assert_eq!(summary("", 10), "");
    }

    #[test]
    fn renders_emphasis_and_links() {
        assert_eq!(
            render("A *fine* [film](https://example.com).", false),
            "<p>A <em>fine</em> <a href=\"https://example.com\">film</a>.</p>\n"
        );
    }

    #[test]
    fn escapes_raw_html_by_default() {
        let html = render(
            "<script>alert(1)</script>\n\nHi <b onclick=x>there</b>",
            false,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn passes_raw_html_when_allowed() {
        assert!(render("Hi <b>there</b>", true).contains("<b>there</b>"));
    }

    #[test]
    fn neutralises_script_urls() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "data:text/html,x",
        ] {
            let html = render(&format!("[x](<{url}>) ![y](<{url}>)"), false);
            assert!(!html.to_lowercase().contains("script:"), "{url}: {html}");
            assert!(!html.contains("data:"), "{url}: {html}");
        }
        assert!(render("[x](/films/a/)", false).contains("href=\"/films/a/\""));
    }
}
