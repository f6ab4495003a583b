//! How the commands tell the user what happened: diagnostics rustc-style, and counts.

use std::io::IsTerminal;

use marquee::diagnostic::{Diagnostic, Severity};

/// How many warnings `build` prints in full before summarising the rest.
pub(crate) const WARNINGS_SHOWN: usize = 10;

/// The diagnostics `build` and `serve` print: errors and warnings, not notes (those are for
/// `check`).
pub(crate) fn without_notes(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .cloned()
        .collect()
}

pub(crate) use marquee::quantity::count;

/// Prints diagnostics to stderr (coloured on a terminal unless NO_COLOR is set), then a
/// one-line count of errors and warnings. Every error is printed; past `max_warnings`
/// warnings are only counted, by code, with a pointer to `marquee check`.
pub(crate) fn report(diagnostics: &[Diagnostic], max_warnings: usize) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut shown = 0;
    let mut hidden: std::collections::BTreeMap<marquee::diagnostic::Code, usize> =
        std::collections::BTreeMap::new();
    // Errors first, then warnings, then notes, each in file order: what stops the build
    // is never buried under what does not.
    let rank = |d: &&Diagnostic| match d.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    };
    let mut ordered: Vec<&Diagnostic> = diagnostics.iter().collect();
    ordered.sort_by_key(rank);
    for d in ordered {
        if d.is_error() || shown < max_warnings {
            shown += usize::from(!d.is_error());
            eprintln!("{}\n", d.render(color));
        } else {
            *hidden.entry(d.code).or_default() += 1;
        }
    }
    if !hidden.is_empty() {
        let list: Vec<String> = hidden
            .iter()
            .map(|(code, n)| format!("{n} x {code}"))
            .collect();
        eprintln!(
            "... and {} more not shown ({}); run `marquee check` to see them all",
            count(hidden.values().sum::<usize>(), "warning"),
            list.join(", ")
        );
    }
    let by_severity = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, notes) = (
        by_severity(Severity::Error),
        by_severity(Severity::Warning),
        by_severity(Severity::Note),
    );
    let mut parts = vec![count(warnings, "warning")];
    if notes > 0 {
        parts.push(count(notes, "note"));
    }
    if errors > 0 {
        eprintln!("{}, {}", count(errors, "error"), parts.join(", "));
    } else if warnings + notes > 0 {
        eprintln!("{}", parts.join(", "));
    }
}
