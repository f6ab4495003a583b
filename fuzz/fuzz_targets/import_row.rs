//! One CSV row through the importer, into an empty site: it must never panic, every file it
//! plans must be inside `content/films/`, and every review it plans must be one the loader
//! accepts.
#![no_main]

use std::path::{Component, Path};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use marquee::author::import::{CsvMapping, plan};

const HEADER: &str = "id,title,year,critic_name,publisher_name,review_type,review_score,review_date,review_content,url,top_critic\n";

fn site() -> &'static Path {
    static SITE: OnceLock<std::path::PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("marquee-fuzz-import-{}", std::process::id()));
        std::fs::create_dir_all(root.join("content/films")).unwrap();
        std::fs::write(root.join("config.toml"), "title = \"Fuzz\"\n").unwrap();
        root
    })
}

fuzz_target!(|input: (u8, &str)| {
    let (options, row) = input;
    let mapping = CsvMapping {
        film: Some("title".into()),
        year: Some("year".into()),
        id: (options & 1 == 1).then(|| "id".into()),
        url: Some("url".into()),
        top_critic: Some("top_critic".into()),
        scale: [None, Some(5), Some(10), Some(100)][usize::from(options >> 1 & 3)],
        multiline: options & 8 == 8,
        ..CsvMapping::default()
    };
    let csv = format!("{HEADER}{row}");
    let Ok(import) = plan(site(), csv.as_bytes(), &mapping, false) else {
        return;
    };
    for (path, text) in &import.new {
        assert!(path.starts_with("content/films"), "{path:?}");
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "{path:?}"
        );
        if path.file_name().is_some_and(|n| n == "index.md") {
            let errors = marquee::content::film_errors(text.as_bytes());
            assert!(errors.is_empty(), "{text:?}: {errors:?}");
            continue;
        }
        let (reviews, problems) = marquee::content::parse_review_bytes(text.as_bytes(), false);
        assert!(
            problems.iter().all(|d| !d.is_error()),
            "{text:?}: {problems:?}"
        );
        assert_eq!(reviews.len(), 1, "{text:?}");
    }
});
