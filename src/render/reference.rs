//! The reference of template variables (docs/template-variables.md), generated from the
//! variables the pages of a site really get, so it cannot drift from the code.

use std::collections::{BTreeMap, BTreeSet};

use super::renderer::{Pages, RenderError};
use super::theme::DEFAULT_TEMPLATES;

/// Every variable path of each template (`film.title`, `reviews[].score`), with the kinds of
/// value seen there.
type Shapes = BTreeMap<String, BTreeMap<String, BTreeSet<&'static str>>>;

/// The Markdown reference of every built-in template: what each page template gets (from
/// rendering every file of the site `pages` makes), and which templates each partial is
/// included by or extended from.
pub fn template_reference(pages: Pages<'_>) -> Result<String, RenderError> {
    let mut shapes: Shapes = BTreeMap::new();
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    for (template, mut vars) in pages.template_variables()? {
        *files.entry(template.clone()).or_default() += 1;
        // `t` is the language file's, the same on every page: templates.md has it.
        if let Some(map) = vars.as_object_mut() {
            map.remove("t");
        }
        walk("", &vars, shapes.entry(template).or_default());
    }
    let mut out = String::from(
        "# Template variables\n\n\
         Generated from the files of the example site, each rendered with the variables it \
         gets (`UPDATE_DOCS=1 cargo test --test suite docs::` writes this page again; a test fails \
         when it is out of date). [templates.md](templates.md) explains what they mean. \
         Each line is a variable and the kinds of value it takes; `[]` stands for every item \
         of a list, `none` for a value a page may not have.\n\n\
         ## Every page\n\n\
         Every template rendered on its own gets `site`, and `t`, the messages of the site's \
         language that take no value (`t.nav.films`; [templates.md](templates.md) has them and \
         `trans`, which writes the others); every HTML page also gets `page`.\n\n",
    );
    let common: Vec<&str> = vec!["site", "page"];
    let all = shapes.values().fold(BTreeMap::new(), |mut acc, s| {
        for (k, v) in s {
            if common.iter().any(|c| is_under(k, c)) {
                acc.entry(k.clone())
                    .or_insert_with(BTreeSet::new)
                    .extend(v.iter().copied());
            }
        }
        acc
    });
    table(&mut out, &all);
    for (name, text) in DEFAULT_TEMPLATES {
        out.push_str(&format!("\n## `{name}`\n\n"));
        let users: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .filter(|(_, other)| uses(other, name))
            .map(|(user, _)| format!("`{user}`"))
            .collect();
        let parts: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .filter(|(other, _)| uses(text, other))
            .map(|(part, _)| format!("`{part}`"))
            .collect();
        if !parts.is_empty() {
            out.push_str(&format!("Uses {}.\n\n", parts.join(", ")));
        }
        match shapes.get(name) {
            Some(seen) => {
                let own: BTreeMap<String, BTreeSet<&str>> = seen
                    .iter()
                    .filter(|(k, _)| !common.iter().any(|c| is_under(k, c)))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                out.push_str(&format!(
                    "Rendered for {} of the example site, with `site`{}{}\n\n",
                    count(files[name]),
                    if seen.contains_key("page") {
                        ", `page`"
                    } else {
                        ""
                    },
                    if own.is_empty() { "." } else { " and:" }
                ));
                table(&mut out, &own);
            }
            None if !users.is_empty() => out.push_str(&format!(
                "Not rendered on its own: {} by {}, it reads their variables.\n",
                if text.contains("{% block") {
                    "extended"
                } else {
                    "included"
                },
                users.join(", ")
            )),
            None => out.push_str(
                "Not rendered for the example site (it has nothing this template is for).\n",
            ),
        }
    }
    Ok(out)
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// Whether variable path `path` is `root` or inside it.
fn is_under(path: &str, root: &str) -> bool {
    path.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Whether template text `text` includes, extends or imports the template `name`.
fn uses(text: &str, name: &str) -> bool {
    ["include", "extends", "import"]
        .iter()
        .any(|tag| text.contains(&format!("{tag} \"{name}\"")))
}

fn table(out: &mut String, shapes: &BTreeMap<String, BTreeSet<&'static str>>) {
    out.push_str("| variable | kinds |\n|---|---|\n");
    for (path, kinds) in shapes {
        let kinds: Vec<&str> = kinds.iter().copied().collect();
        out.push_str(&format!("| `{path}` | {} |\n", kinds.join(", ")));
    }
}

/// Notes the kind of `value` at `path`, and of everything inside it.
fn walk(
    path: &str,
    value: &serde_json::Value,
    shapes: &mut BTreeMap<String, BTreeSet<&'static str>>,
) {
    use serde_json::Value;
    let kind = match value {
        Value::Null => "none",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    };
    if !path.is_empty() {
        shapes.entry(path.to_string()).or_default().insert(kind);
    }
    match value {
        Value::Array(items) => {
            for item in items {
                walk(&format!("{path}[]"), item, shapes);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let plain = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                let child = match (path.is_empty(), plain) {
                    (true, _) => key.clone(),
                    (false, true) => format!("{path}.{key}"),
                    (false, false) => format!("{path}[\"{key}\"]"),
                };
                walk(&child, item, shapes);
            }
        }
        _ => {}
    }
}
