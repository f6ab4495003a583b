//! Longer explanations of every diagnostic code, for `marquee check --explain CODE`.
//!
//! Each entry says what the problem is, why Marquee cares, and shows a correct example, so
//! that a message seen once in a terminal can be looked up later. The text lives with the
//! codes themselves ([`Code`]); the diagnostics reference in `docs/` is generated from it.

use super::code::Code;

/// The explanation of `code` (any case), formatted for a terminal.
pub fn explain(code: &str) -> Option<String> {
    Code::parse(code).map(|c| format!("{c}: {}\n\n{}\n", c.title(), c.explanation()))
}

/// Every code with its title, one a line: what `check --explain` with no code prints.
pub fn list() -> String {
    let mut out = String::new();
    for code in Code::ALL {
        out += &format!("{code}  {}\n", code.title());
    }
    out += "\nmarquee check --explain CODE tells more about one of them.\n";
    out
}

/// The diagnostics reference (`docs/diagnostics.md`), generated from the codes so that it
/// can never disagree with `--explain`.
pub fn reference() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         Every problem Marquee reports has a stable code. `E` codes are errors: `build` and \
         `check` fail and nothing is written. `W` codes are warnings: the site builds, and \
         `--strict` makes them errors. `I` codes are notes, shown by `check` only. \
         `marquee check --explain CODE` prints the same text as this page; \
         `marquee check --explain` lists every code.\n\n\
         This page is generated from the source (`src/diagnostic/code.rs`); a test keeps it \
         in step.\n\n",
    );
    for code in Code::ALL {
        out += &format!("## {code}: {}\n\n{}\n\n", code.title(), code.explanation());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_are_found_in_any_case() {
        assert!(
            explain("e010")
                .unwrap()
                .starts_with("E010: a score is out of range")
        );
        assert!(explain("E999").is_none());
    }

    #[test]
    fn the_list_names_every_code_once() {
        let list = list();
        for code in Code::ALL {
            assert_eq!(
                list.matches(&format!("{code}  {}\n", code.title())).count(),
                1,
                "{code}"
            );
        }
    }

    #[test]
    fn every_code_has_a_title_and_an_explanation() {
        for code in Code::ALL {
            assert!(
                !code.title().is_empty() && code.explanation().len() > 40,
                "{code}"
            );
        }
    }
}
