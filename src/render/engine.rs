//! The template engine a build renders with: one template and a page's variables into the
//! page's bytes, an error naming the template and the page, and, when asked, a record of
//! every template rendered with its variables (what docs/template-variables.md is made
//! from). The pages hold it; it knows nothing of what they show.

use std::sync::Mutex;

use tera::Tera;

use super::theme::tera_message;
use super::views::Vars;

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template could not be rendered with the page's data.
    #[error("template `{template}` failed while rendering {page}:\n{message}")]
    Template {
        /// The template's name.
        template: String,
        /// The page being rendered.
        page: String,
        /// Tera's explanation.
        message: String,
    },
}

/// The theme's templates, and the record of what they rendered when one is kept.
pub(super) struct Engine<'a> {
    tera: &'a Tera,
    /// When set, every template rendered and its variables, as JSON.
    recorder: Option<Mutex<Vec<(String, serde_json::Value)>>>,
}

impl<'a> Engine<'a> {
    /// An engine rendering with `tera`, keeping no record.
    pub(super) fn new(tera: &'a Tera) -> Engine<'a> {
        Engine {
            tera,
            recorder: None,
        }
    }

    /// From now on, records every template rendered and its variables.
    pub(super) fn record(&mut self) {
        self.recorder = Some(Mutex::new(Vec::new()));
    }

    /// What was recorded since [`Engine::record`], in the order rendered; stops recording.
    pub(super) fn recorded(&mut self) -> Vec<(String, serde_json::Value)> {
        self.recorder
            .take()
            .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default()
    }

    /// Renders `template` with `vars` for the file at `page` (named in errors).
    pub(super) fn render(
        &self,
        template: &str,
        vars: &Vars,
        page: &str,
    ) -> Result<Vec<u8>, RenderError> {
        if let Some(recorder) = &self.recorder {
            let mut seen = recorder.lock().unwrap_or_else(|e| e.into_inner());
            seen.push((template.to_string(), vars.json()));
        }
        // Room for a film page at once (no copying as the page grows), and bytes rather than
        // a String, which would check the whole page again for valid UTF-8: templates and
        // values are text, so the page is.
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &vars.ctx, &mut out)
            .map_err(|e| RenderError::Template {
                template: template.to_string(),
                page: page.to_string(),
                message: tera_message(&e),
            })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera() -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_template("hello.html", "Hello, {{ name }}!")
            .unwrap();
        tera.add_raw_template("broken.html", "{{ missing.field }}")
            .unwrap();
        tera
    }

    fn vars(name: &str) -> Vars {
        let mut vars = Vars::default();
        vars.insert("name", &name);
        vars
    }

    #[test]
    fn renders_a_template_with_its_variables_and_records_only_when_asked() {
        let tera = tera();
        let mut engine = Engine::new(&tera);
        assert_eq!(
            engine.render("hello.html", &vars("Ada"), "/").unwrap(),
            b"Hello, Ada!"
        );
        assert!(engine.recorded().is_empty());
        engine.record();
        engine.render("hello.html", &vars("Bo"), "/b/").unwrap();
        let recorded = engine.recorded();
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].0, "hello.html");
        assert_eq!(recorded[0].1["name"], "Bo");
        assert!(engine.recorded().is_empty(), "recording stops once read");
    }

    #[test]
    fn a_failing_template_is_named_with_the_page_it_was_rendering() {
        let tera = tera();
        let engine = Engine::new(&tera);
        let RenderError::Template { template, page, .. } = engine
            .render("broken.html", &vars("x"), "/films/x/")
            .unwrap_err();
        assert_eq!(
            (template.as_str(), page.as_str()),
            ("broken.html", "/films/x/")
        );
    }
}
