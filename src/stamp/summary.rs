//! What a full build reported, stored in its stamp, so that a build that finds nothing changed
//! reports the same.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Location, Severity};

/// The figures of a full build, as its report gave them.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Figures {
    /// Films in the site.
    pub films: usize,
    /// Reviews in the site.
    pub reviews: usize,
    /// HTML pages in the output.
    pub pages: usize,
    /// Files in the output.
    pub files: usize,
    /// Bytes the output holds.
    pub bytes: u64,
    /// Poster files in the output.
    pub posters: usize,
}

/// What a full build reported, stored in its stamp so that a build that finds nothing
/// changed reports the same: the figures and every warning.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// The build's figures.
    #[serde(flatten)]
    pub figures: Figures,
    warnings: Vec<StoredDiagnostic>,
}

impl Summary {
    /// A build's figures and the warnings it reported.
    pub fn new(figures: Figures, warnings: &[Diagnostic]) -> Summary {
        Summary {
            figures,
            warnings: warnings.iter().map(StoredDiagnostic::from).collect(),
        }
    }

    /// The warnings the build reported, as it reported them.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.warnings
            .iter()
            .filter_map(StoredDiagnostic::to_diagnostic)
            .collect()
    }
}

/// A diagnostic with all it shows (the JSON of `check` leaves out the line's text).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredDiagnostic {
    error: bool,
    code: String,
    path: PathBuf,
    at: Option<(usize, usize, String, usize)>,
    message: String,
    help: Option<String>,
}

impl From<&Diagnostic> for StoredDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        StoredDiagnostic {
            error: d.is_error(),
            code: d.code.as_str().to_string(),
            path: d.path.clone(),
            at: d
                .location
                .as_ref()
                .map(|l| (l.line, l.column, l.line_text.clone(), l.width)),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

impl StoredDiagnostic {
    fn to_diagnostic(&self) -> Option<Diagnostic> {
        let code = Code::parse(&self.code)?;
        // An error as kept (a warning made one by `--strict`), else the code's own severity.
        let severity = if self.error {
            Severity::Error
        } else {
            code.severity()
        };
        Some(Diagnostic {
            severity,
            code,
            path: self.path.clone(),
            location: self
                .at
                .clone()
                .map(|(line, column, line_text, width)| Location {
                    line,
                    column,
                    line_text,
                    width,
                }),
            message: self.message.clone(),
            help: self.help.clone(),
        })
    }
}
