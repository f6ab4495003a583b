use std::collections::BTreeSet;

use super::files::parse_for_test;
use super::*;

/// The first problem of a file.
type First = (String, Option<std::ops::Range<usize>>);

/// A file's messages, or its first problem.
fn parse(text: &str) -> Result<std::collections::HashMap<String, Message>, First> {
    parse_for_test(text).map_err(|mut all| all.remove(0))
}

fn keys(text: &str) -> BTreeSet<String> {
    parse(text).unwrap().into_keys().collect()
}

#[test]
fn every_built_in_language_has_every_english_key_in_its_shape() {
    let english = parse(BUILT_IN[0].1).unwrap();
    for (name, text) in &BUILT_IN[1..] {
        let own = parse(text).unwrap_or_else(|e| panic!("{name}.toml: {e:?}"));
        let missing: Vec<_> = english.keys().filter(|k| !own.contains_key(*k)).collect();
        let extra: Vec<_> = own.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name}.toml lacks {missing:?}");
        assert!(extra.is_empty(), "{name}.toml has unknown {extra:?}");
        for (key, message) in &english {
            assert_eq!(
                std::mem::discriminant(message),
                std::mem::discriminant(&own[key]),
                "{name}.toml: `{key}` has another shape than in English"
            );
        }
        assert_eq!(own_list(&own, "date.months").len(), 12, "{name}");
        assert_eq!(own_list(&own, "date.months_short").len(), 12, "{name}");
    }
}

fn own_list(messages: &std::collections::HashMap<String, Message>, key: &str) -> Vec<String> {
    match &messages[key] {
        Message::List(items) => items.clone(),
        _ => Vec::new(),
    }
}

/// The `{name}`s of a message, in every form.
fn placeholders(message: &Message) -> BTreeSet<String> {
    let texts: Vec<&str> = match message {
        Message::Text(s) => vec![s],
        Message::Plural(forms) => forms.iter().map(|(_, s)| s.as_str()).collect(),
        Message::List(_) => Vec::new(),
    };
    texts
        .iter()
        .flat_map(|t| t.split('{').skip(1).filter_map(|p| p.split_once('}')))
        .map(|(name, _)| name.to_string())
        .collect()
}

#[test]
fn translations_use_only_the_values_english_puts_in() {
    let english = parse(BUILT_IN[0].1).unwrap();
    for (name, text) in &BUILT_IN[1..] {
        let own = parse(text).unwrap();
        for (key, message) in &english {
            let theirs = placeholders(&own[key]);
            let mut ours = placeholders(message);
            if key == "date.format" {
                // Any of the date's parts, in the language's order.
                ours.extend(["day", "month", "month_short", "year"].map(String::from));
            }
            // A plural form may leave out `{count}` ("une critique"); nothing else is new.
            let unknown: Vec<_> = theirs.difference(&ours).collect();
            assert!(unknown.is_empty(), "{name}.toml `{key}` uses {unknown:?}");
        }
    }
}

#[test]
fn plurals_follow_each_languages_cldr_rules() {
    let en = Strings::built_in("en");
    assert_eq!(en.count("count.reviews", 1, &[]), "1 review");
    assert_eq!(en.count("count.reviews", 0, &[]), "0 reviews");
    assert_eq!(en.count("count.reviews", 2, &[]), "2 reviews");
    let fr = Strings::built_in("fr");
    // French counts 0 and 1 in the singular.
    assert_eq!(fr.form("count.reviews", 0), fr.form("count.reviews", 1));
    assert_ne!(fr.form("count.reviews", 1), fr.form("count.reviews", 2));
    // Arabic has six categories: 0, 1, 2, 3-10, 11-99, 100-102 and the like; each number
    // takes its own category's form as the file writes it.
    let ar = Strings::built_in("ar");
    let file = parse(BUILT_IN[4].1).unwrap();
    let Message::Plural(forms) = &file["count.reviews"] else {
        panic!("count.reviews is plural")
    };
    assert_eq!(forms.len(), 6);
    let written = |category: &str| {
        forms
            .iter()
            .find(|(c, _)| *c == category)
            .unwrap()
            .1
            .as_str()
    };
    for (n, category) in [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (102, "other"),
        (103, "few"),
    ] {
        assert_eq!(ar.form("count.reviews", n), written(category), "{n}");
    }
    // A regional tag takes its language's rules and file.
    let ca = Strings::built_in("fr-CA");
    assert_eq!(ca.get("nav.films"), fr.get("nav.films"));
    assert_eq!(ca.form("count.reviews", 0), fr.form("count.reviews", 1));
}

#[test]
fn dates_and_decimals_are_written_the_languages_way() {
    assert_eq!(Strings::built_in("en").date(2013, 7, 15), "Jul 15, 2013");
    assert_eq!(Strings::built_in("fr").date(2013, 7, 15), "15 juillet 2013");
    assert_eq!(Strings::built_in("de").date(2013, 7, 15), "15. Juli 2013");
    assert_eq!(Strings::built_in("en").decimal(58.84, 1), "58.8");
    assert_eq!(Strings::built_in("fr").decimal(58.84, 1), "58,8");
    assert_eq!(Strings::built_in("en").decimal(-0.04, 1), "0.0");
    assert_eq!(Strings::built_in("en").decimal(-1.25, 1), "−1.2");
}

#[test]
fn values_are_put_in_and_escaped_only_for_html() {
    let en = Strings::built_in("en");
    assert_eq!(
        en.format("who.reviews_by", &[("name", Arg::Text("A & <B>"))]),
        "Reviews by A & <B>"
    );
    let html = fill(
        en.get("who.reviews_by"),
        &[("name", Arg::Text("A & <B>"))],
        true,
    );
    assert_eq!(html, "Reviews by A &amp; &lt;B&gt;");
    // A value not given leaves its place as written, so the gap shows.
    assert_eq!(en.format("who.reviews_by", &[]), "Reviews by {name}");
}

#[test]
fn malformed_files_say_what_and_where() {
    let (message, span) = parse("[nav]\nfilms = \n").unwrap_err();
    assert!(span.is_some(), "{message}");
    let (message, _) = parse("[count]\nfilms = { one = \"{count} film\" }\n").unwrap_err();
    assert!(
        message.contains("`count.films`") && message.contains("other"),
        "{message}"
    );
    let (message, _) = parse("[nav]\nfilms = 3\n").unwrap_err();
    assert!(message.contains("`nav.films`"), "{message}");
    assert_eq!(keys("[a]\nb = \"c\"\n[a.d]\ne = \"f\"\n").len(), 2);
}

#[test]
fn a_key_is_found_under_its_own_table() {
    let text = "[nav]\nfilms = \"Les films\"\n\n[count]\nfilms = \"oops\"\n\n[search]\nfoo = 1\n[who]\nfoo = 2\n";
    let at = |key| super::files::key_span_for_test(text, key).map(|r| &text[..r.start]);
    // The lines before each key's: it is on the next.
    assert_eq!(at("count.films").map(|t| t.lines().count()), Some(4));
    assert_eq!(at("nav.films").map(|t| t.lines().count()), Some(1));
    assert_eq!(at("search.foo").map(|t| t.lines().count()), Some(7));
    assert_eq!(at("who.foo").map(|t| t.lines().count()), Some(9));
}

#[test]
fn html_keeps_a_messages_quotes_out_of_attributes_and_text_is_never_repeated() {
    let html = |message: &str, args: &[(&str, Arg<'_>)]| fill(message, args, true);
    assert_eq!(
        html("Affiche de \"{title}\"", &[("title", Arg::Text("A \"B\""))]),
        "Affiche de &quot;A &quot;B&quot;&quot;"
    );
    // A tag of the message's own keeps its attribute's quotes.
    assert_eq!(
        html("<a href=\"/x/\">{n}</a> \"", &[("n", Arg::Int(3))]),
        "<a href=\"/x/\">3</a> &quot;"
    );
    // An unclosed brace is text, said once.
    assert_eq!(html("a { b", &[]), "a { b");
    assert_eq!(fill("Films {", &[], false), "Films {");
    assert_eq!(
        fill("50 { {count}", &[("count", Arg::Int(2))], false),
        "50 { 2"
    );
}

#[test]
fn the_verdicts_read_as_metacritics_in_english() {
    let en = Strings::built_in("en");
    for (metascore, verdict) in [
        (81, "Universal acclaim"),
        (61, "Generally favorable reviews"),
        (40, "Mixed or average reviews"),
        (20, "Generally unfavorable reviews"),
        (0, "Overwhelming dislike"),
    ] {
        assert_eq!(en.get(crate::score::label(metascore)), verdict);
    }
}

#[test]
fn every_built_in_example_rating_is_one_marquee_reads() {
    for (name, _) in BUILT_IN {
        let strings = Strings::built_in(name);
        let examples = strings.list("scoring.examples");
        assert!(examples.len() >= 5, "{name}");
        for rating in examples {
            assert!(
                crate::score::normalise_rating(rating).is_ok(),
                "{name}: {rating}"
            );
        }
    }
}
