//! The import's promises, tried on random histories: an export that grows, shrinks, is
//! reordered and re-graded between runs, with namesakes, titles that slug alike, ids or none,
//! and a person who marks reviews as drafts, moves them into `reviews.toml` and writes
//! reviews of their own in between. After every import the site must hold exactly what a
//! simple model of the export says: nothing merged, duplicated, lost or overwritten that a
//! person wrote, and a site that `check` accepts.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use proptest::prelude::*;

use super::{CsvMapping, plan, write};
use crate::content::LoadOptions;

/// Titles that slug alike, in pairs, and one in another script.
const TITLES: [&str; 7] = [
    "Mother", "mother!", "Home", "HOME", "Cargo", "[Cargo]", "Мать",
];
const CRITICS: [Option<&str>; 2] = [Some("Ann Apple"), None];
const PUBLICATIONS: [Option<&str>; 2] = [Some("Variety"), None];
const DATES: [Option<&str>; 3] = [Some("2020-01-01"), Some("2020-02-01"), None];

/// One review of the export, which keeps its identity for ever; its grade and text change.
#[derive(Debug, Clone)]
struct Entity {
    film: usize,
    critic: Option<&'static str>,
    publication: Option<&'static str>,
    date: Option<&'static str>,
    url: Option<String>,
    score: u8,
    text: u8,
}

/// What happens between two imports.
#[derive(Debug, Clone)]
enum Step {
    /// The export gains a review.
    Add(Entity),
    /// The export loses its n-th review (the site keeps it).
    Remove(usize),
    /// The export re-grades and rewrites its n-th review.
    Change(usize, u8, u8),
    /// The export lists its reviews in another order.
    Rotate(usize),
    /// The export is imported (`true`: with `--update`).
    Import(bool),
    /// A person marks the n-th review file of the site a draft.
    Draft(usize),
    /// A person moves the n-th review file of the site into its film's `reviews.toml`.
    Batch(usize),
    /// A person writes a review of their own into the n-th film folder.
    OwnReview(usize),
}

fn entity(films: usize, urls: bool) -> impl Strategy<Value = Entity> {
    (
        0..films,
        0..CRITICS.len(),
        0..PUBLICATIONS.len(),
        0..DATES.len(),
        any::<u32>(),
        0u8..=100,
        0u8..4,
    )
        .prop_map(move |(film, c, p, d, url, score, text)| Entity {
            film,
            critic: CRITICS[c],
            publication: PUBLICATIONS[p],
            date: DATES[d],
            url: urls.then(|| format!("https://example.org/r/{url}")),
            score,
            text,
        })
}

fn history(films: usize, urls: bool) -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        4 => entity(films, urls).prop_map(Step::Add),
        1 => any::<usize>().prop_map(Step::Remove),
        2 => (any::<usize>(), 0u8..=100, 0u8..4).prop_map(|(i, s, t)| Step::Change(i, s, t)),
        1 => any::<usize>().prop_map(Step::Rotate),
        3 => any::<bool>().prop_map(Step::Import),
        1 => any::<usize>().prop_map(Step::Draft),
        1 => any::<usize>().prop_map(Step::Batch),
        1 => any::<usize>().prop_map(Step::OwnReview),
    ];
    proptest::collection::vec(step, 4..40)
}

/// A review as the site tells it apart (critic, publication, date, link) and what it says
/// (score, text).
type Said = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    u8,
    String,
);

/// The model: every review ever exported, with what the site must say of it.
struct Model {
    /// The films of the export: title, year and id.
    films: Vec<(&'static str, u16, Option<String>)>,
    export: Vec<usize>,
    entities: Vec<Entity>,
    /// What the site says of each entity once imported (`None`: not imported yet), and
    /// whether a person moved it where import does not rewrite it.
    in_site: Vec<Option<(u8, u8)>>,
    frozen: Vec<bool>,
    /// Review files a person wrote, with their text.
    own: BTreeMap<std::path::PathBuf, String>,
}

impl Model {
    fn key(&self, film: usize) -> String {
        match &self.films[film].2 {
            Some(id) => id.clone(),
            None => format!("{}|{}", self.films[film].0, self.films[film].1),
        }
    }

    fn csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "id",
            "title",
            "year",
            "critic_name",
            "publisher_name",
            "review_score",
            "review_date",
            "review_content",
            "url",
        ])
        .unwrap();
        for &e in &self.export {
            let e = &self.entities[e];
            let (title, year, id) = &self.films[e.film];
            out.write_record([
                id.as_deref().unwrap_or_default(),
                title,
                &year.to_string(),
                e.critic.unwrap_or_default(),
                e.publication.unwrap_or_default(),
                &e.score.to_string(),
                e.date.unwrap_or_default(),
                &words(e.critic, e.text),
                e.url.as_deref().unwrap_or_default(),
            ])
            .unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    /// What the site must hold of the export, by film key.
    fn expected(&self) -> BTreeMap<String, Vec<Said>> {
        let mut out: BTreeMap<String, Vec<Said>> = BTreeMap::new();
        for (e, site) in self.entities.iter().zip(&self.in_site) {
            if let Some((score, text)) = site {
                out.entry(self.key(e.film)).or_default().push((
                    e.critic.map(str::to_string),
                    e.publication.map(str::to_string),
                    e.date.map(str::to_string),
                    e.url.clone(),
                    *score,
                    words(e.critic, *text),
                ));
            }
        }
        for list in out.values_mut() {
            list.sort();
        }
        out
    }
}

/// A review's text: one of a few per critic, so that namesakes may say the same, but two
/// critics never do (a publication's review of a day with the very same text is one review,
/// whoever the export credits it to).
fn words(critic: Option<&str>, text: u8) -> String {
    format!("Words {text} of {}.", critic.unwrap_or("staff"))
}

/// Every review file of the site (not `reviews.toml`), in a stable order.
fn review_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content/films"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("reviews")))
        .collect();
    files.sort();
    files
}

/// Moves a review file into its film's `reviews.toml`, as a person would, unless `check`
/// then says that its byline is the id of another review of the film (one byline appears
/// once in `reviews.toml`, and a file of that name is another review), which the person
/// then undoes. True when the review was moved.
fn move_to_batch(root: &Path, file: &Path, slug: &str) -> bool {
    let text = fs::read_to_string(file).unwrap();
    let split = crate::content::frontmatter::split(&text).unwrap();
    let entry = format!(
        "\n[[review]]\n{}excerpt = {}\n",
        split.front_matter.trim_start(),
        toml::Value::String(split.body.trim().to_string())
    );
    let batch = file
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("reviews.toml");
    let before = fs::read_to_string(&batch).ok();
    let mut all = before.clone().unwrap_or_default();
    all.push_str(&entry);
    fs::write(&batch, all).unwrap();
    fs::remove_file(file).unwrap();
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let (_, problems) = crate::content::load_film(root, slug, options);
    if problems
        .iter()
        .all(|d| d.code != crate::diagnostic::Code::E022)
    {
        return true;
    }
    fs::write(file, text).unwrap();
    match before {
        Some(before) => fs::write(&batch, before).unwrap(),
        None => fs::remove_file(&batch).unwrap(),
    }
    false
}

fn run(films: Vec<(usize, u16, bool)>, urls: bool, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("config.toml"), "title = \"History\"\n").unwrap();
    fs::create_dir_all(root.join("content/films")).unwrap();
    let ids = films.iter().any(|f| f.2);
    // Without ids, a title and year is one film.
    let mut specs: Vec<(&'static str, u16, Option<String>)> = Vec::new();
    for (i, (t, y, _)) in films.iter().enumerate() {
        let spec = (TITLES[*t], *y, ids.then(|| format!("id{i}")));
        if ids || !specs.iter().any(|s| s.0 == spec.0 && s.1 == spec.1) {
            specs.push(spec);
        }
    }
    let mut model = Model {
        films: specs,
        export: Vec::new(),
        entities: Vec::new(),
        in_site: Vec::new(),
        frozen: Vec::new(),
        own: BTreeMap::new(),
    };
    let mapping = CsvMapping {
        film: Some("title".into()),
        year: Some("year".into()),
        id: ids.then(|| "id".into()),
        id_source: Some("test".into()),
        url: urls.then(|| "url".into()),
        scale: Some(100),
        ..CsvMapping::default()
    };
    let mut own_reviews = 0;
    for step in steps {
        let n = model.export.len();
        match step {
            Step::Add(mut e) => {
                e.film %= model.films.len();
                // A review that says who, where and when exactly as one a person moved
                // into `reviews.toml` cannot be told from it.
                let twin = |x: &Entity| {
                    (x.film, x.critic, x.publication, x.date, &x.url)
                        == (e.film, e.critic, e.publication, e.date, &e.url)
                };
                if model
                    .entities
                    .iter()
                    .zip(&model.frozen)
                    .any(|(x, f)| *f && twin(x))
                {
                    continue;
                }
                model.entities.push(e);
                model.in_site.push(None);
                model.frozen.push(false);
                model.export.push(model.entities.len() - 1);
            }
            Step::Remove(i) if n > 0 => {
                model.export.remove(i % n);
            }
            Step::Change(i, score, text) if n > 0 => {
                let e = model.export[i % n];
                (model.entities[e].score, model.entities[e].text) = (score, text);
            }
            Step::Rotate(i) if n > 0 => model.export.rotate_left(i % n),
            Step::Import(update) => {
                let csv = model.csv();
                let import = plan(root, csv.as_bytes(), &mapping, update).unwrap();
                // A row that fits a review as well as another row does is held back, said:
                // nothing else may be skipped.
                let held: Vec<usize> = import
                    .skipped
                    .iter()
                    .filter(|e| e.message.contains("cannot tell which"))
                    .map(|e| model.export[e.row as usize - 2])
                    .collect();
                prop_assert_eq!(import.skipped.len(), held.len(), "{:?}", import.skipped);
                let written = write(root, &import, true);
                prop_assert!(written.failed.is_empty(), "{:?}", written.failed);
                // A row that repeats an earlier one word for word is one review.
                let mut present: Vec<usize> = Vec::new();
                for &e in model.export.iter().filter(|e| !held.contains(e)) {
                    let x = &model.entities[e];
                    let said = |y: &Entity| {
                        (
                            y.film,
                            y.critic,
                            y.publication,
                            y.date,
                            y.url.clone(),
                            y.score,
                            y.text,
                        )
                    };
                    if !present.iter().any(|&p| said(&model.entities[p]) == said(x)) {
                        present.push(e);
                    }
                }
                // A new review that says who, where and when exactly as one the export no
                // longer lists cannot be told from it: it is that review, in its file.
                for &e in &present {
                    if model.in_site[e].is_some() {
                        continue;
                    }
                    let x = &model.entities[e];
                    let retired = (0..model.entities.len()).find(|&r| {
                        let y = &model.entities[r];
                        model.in_site[r].is_some()
                            && !present.contains(&r)
                            && (x.film, x.critic, x.publication, x.date, &x.url)
                                == (y.film, y.critic, y.publication, y.date, &y.url)
                    });
                    if let Some(r) = retired {
                        model.in_site[e] = model.in_site[r].take();
                        model.frozen[e] = model.frozen[r];
                    }
                }
                for &e in &present {
                    let now = (model.entities[e].score, model.entities[e].text);
                    let site = &mut model.in_site[e];
                    if site.is_none() || update && !model.frozen[e] {
                        *site = Some(now);
                    }
                }
                assert_site(root, &model, ids)?;
                let again = plan(root, csv.as_bytes(), &mapping, update).unwrap();
                prop_assert!(
                    again.new.is_empty() && again.updates.is_empty(),
                    "a second import of the same export writes nothing: {:?} {:?}",
                    again.new.keys(),
                    again.updates.keys()
                );
            }
            Step::Draft(i) => {
                let files = review_files(root);
                if let Some(file) = files.get(i % files.len().max(1)) {
                    let text = fs::read_to_string(file).unwrap();
                    if !text.contains("draft = true") {
                        fs::write(file, text.replacen("+++\n", "+++\ndraft = true\n", 1)).unwrap();
                        model.own.remove(file.strip_prefix(root).unwrap());
                    }
                }
            }
            Step::Batch(i) => {
                // Only a review whose identity is its own: which of two namesakes saying
                // the same thing a person moved cannot be told.
                let files = review_files(root);
                let Some(file) = files.get(i % files.len().max(1)) else {
                    continue;
                };
                let rel = file.strip_prefix(root).unwrap().to_path_buf();
                if model.own.contains_key(&rel) {
                    continue;
                }
                let (reviews, _) =
                    crate::content::parse_review_bytes(&fs::read(file).unwrap(), false);
                let Some(review) = reviews.first() else {
                    continue;
                };
                let slug = rel
                    .components()
                    .nth(2)
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy();
                let (film, _) = crate::content::load_film(root, &slug, LoadOptions::default());
                let Some(key) = film.map(|f| site_key(&f, ids)) else {
                    continue;
                };
                let same: Vec<usize> = (0..model.entities.len())
                    .filter(|&e| {
                        model.in_site[e].is_some() && model.key(model.entities[e].film) == key
                    })
                    .filter(|&e| {
                        let x = &model.entities[e];
                        x.critic == review.critic.as_deref()
                            && x.publication == review.publication.as_deref()
                            && x.date.map(str::to_string) == review.date.map(|d| d.to_string())
                            && x.url == review.url
                    })
                    .collect();
                if let [e] = same[..]
                    && move_to_batch(root, file, &slug)
                {
                    model.frozen[e] = true;
                }
            }
            Step::OwnReview(i) => {
                let folders: Vec<_> = fs::read_dir(root.join("content/films"))
                    .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
                    .unwrap_or_else(|_| Vec::new());
                let mut folders = folders;
                folders.sort();
                if let Some(folder) = folders.get(i % folders.len().max(1)) {
                    own_reviews += 1;
                    let rel = folder
                        .strip_prefix(root)
                        .unwrap()
                        .join(format!("reviews/zed-own-{own_reviews}.md"));
                    let text = format!(
                        "+++\ncritic = \"Zed Own\"\nscore = 50\n+++\nMine {own_reviews}.\n"
                    );
                    fs::create_dir_all(root.join(&rel).parent().unwrap()).unwrap();
                    fs::write(root.join(&rel), &text).unwrap();
                    model.own.insert(rel, text);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn site_key(film: &crate::content::model::Film, ids: bool) -> String {
    if ids {
        film.ids.get("test").cloned().unwrap_or_default()
    } else {
        format!("{}|{}", film.title, film.year)
    }
}

/// The site holds exactly what the model says, and `check` accepts it.
fn assert_site(root: &Path, model: &Model, ids: bool) -> Result<(), TestCaseError> {
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let (content, problems) = crate::content::load(root, options);
    let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    prop_assert!(errors.is_empty(), "{errors:?}");
    let mut found: BTreeMap<String, Vec<Said>> = BTreeMap::new();
    for film in &content.films {
        let key = site_key(film, ids);
        prop_assert!(!found.contains_key(&key), "two folders for one film: {key}");
        let model_film = model.films.iter().find(|f| {
            f.2.as_deref()
                .map_or(format!("{}|{}", f.0, f.1), str::to_string)
                == key
        });
        prop_assert!(
            model_film.is_some_and(|f| f.0 == film.title && f.1 == film.year),
            "{} holds “{}” ({}), which is not the export's film {key}",
            film.slug,
            film.title,
            film.year
        );
        let list = found.entry(key).or_default();
        for review in &film.reviews {
            if review.critic.as_deref() == Some("Zed Own") {
                continue;
            }
            let text = review.excerpt_html.trim();
            let text = text.trim_start_matches("<p>").trim_end_matches("</p>");
            list.push((
                review.critic.clone(),
                review.publication.clone(),
                review.date.map(|d| d.to_string()),
                review.url.clone(),
                review.grade.score().unwrap_or(255),
                text.to_string(),
            ));
        }
        list.sort();
    }
    found.retain(|_, list| !list.is_empty());
    // Reviews that say who, where and when alike cannot be told apart: which file says which
    // of their texts is not asked, only how many there are.
    let alike = |key: &str, said: &Said| {
        model
            .entities
            .iter()
            .filter(|e| model.key(e.film) == key)
            .filter(|e| {
                (
                    e.critic.map(str::to_string),
                    e.publication.map(str::to_string),
                ) == (said.0.clone(), said.1.clone())
                    && e.date.map(str::to_string) == said.2
                    && e.url == said.3
            })
            .count()
            > 1
    };
    let blur = |mut map: BTreeMap<String, Vec<Said>>| {
        for (key, list) in &mut map {
            for said in list.iter_mut() {
                if alike(key, said) {
                    (said.4, said.5) = (0, String::new());
                }
            }
            list.sort();
        }
        map
    };
    prop_assert_eq!(blur(found), blur(model.expected()));
    for (path, text) in &model.own {
        prop_assert_eq!(&fs::read_to_string(root.join(path)).unwrap(), text);
    }
    Ok(())
}

fn case() -> impl Strategy<Value = (Vec<(usize, u16, bool)>, bool, Vec<Step>)> {
    (
        proptest::collection::vec((0..TITLES.len(), 2017u16..2019, any::<bool>()), 1..4),
        any::<bool>(),
    )
        .prop_flat_map(|(films, urls)| {
            let steps = history(films.len(), urls);
            (Just(films), Just(urls), steps)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Whatever happens to the export and to the site between imports, the site holds each
    /// exported review once, in its own film, saying what the model says, beside every
    /// review a person wrote, untouched; and importing the same export again writes nothing.
    #[test]
    fn imports_never_merge_duplicate_lose_or_overwrite((films, urls, steps) in case()) {
        run(films, urls, steps)?;
    }
}
