//! The ways critics write a rating, read as one of the two forms the arithmetic knows: a
//! fraction ("3.5/4") or a letter grade ("B+"). Stars (`★★★½`, `★★★★☆`), halves (`3½/4`),
//! words (`3.5 stars`, `4 out of 5`, `4/5 stars`) and the typographic minus of a grade
//! (`A−`) and a decimal comma (`3,5/4`) are each said one way here, so that every later step reads one form.

/// A rating in the form the arithmetic reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Form {
    /// A number out of a scale, both as written in digits ("3.5", "4").
    Fraction {
        /// The rating, a decimal number ("3.5").
        value: String,
        /// The scale, as written ("4").
        scale: String,
    },
    /// A letter grade with an ASCII sign ("A-").
    Letter(String),
    /// A number alone, with no scale: nothing says what it is out of.
    Bare(String),
    /// Nothing Marquee reads as a rating.
    Unknown,
}

/// Filled stars, counted as one each.
const STARS: [char; 3] = ['★', '⭐', '✭'];
/// Empty stars: each adds one to the scale.
const EMPTY_STARS: [char; 2] = ['☆', '✩'];
/// Signs written for a minus in a letter grade (minus sign, en and em dashes, hyphens).
const MINUSES: [char; 5] = ['\u{2212}', '\u{2013}', '\u{2014}', '\u{2010}', '\u{2011}'];

/// Reads `rating` in any of the forms the module's doc lists.
pub(crate) fn form(rating: &str) -> Form {
    let text = rating.trim();
    if text.contains(STARS) || text.contains(EMPTY_STARS) {
        return stars(text);
    }
    // "3½" is 3.5, "½" is 0.5.
    let text = text
        .replace('½', ".5")
        .replace('¼', ".25")
        .replace('¾', ".75");
    let text = text.replace(MINUSES, "-");
    // A decimal comma, as French, German or Spanish critics write it: "3,5/4" is 3.5/4.
    let text = decimal_point(&text);
    let lower = text.to_lowercase();
    // Words around the numbers: "3.5 stars", "4 out of 5", "4/5 stars", "3 stars out of 4".
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !matches!(*w, "star" | "stars"))
        .collect();
    let starred = words.len() != lower.split_whitespace().count();
    let plain = words.join(" ");
    let fraction = |value: &str, scale: &str| Form::Fraction {
        value: leading_zero(value.trim()),
        scale: scale.trim().to_string(),
    };
    if let Some((value, scale)) = plain.split_once(" out of ") {
        return fraction(value, scale);
    }
    if let Some((value, scale)) = plain.split_once('/') {
        // "1/2 star" is half a star, not one out of two: stars are never out of 2.
        if starred && scale.trim() == "2" {
            return Form::Unknown;
        }
        return fraction(value, scale);
    }
    if is_number(&plain) {
        return if starred {
            fraction(&plain, "5")
        } else {
            Form::Bare(leading_zero(&plain))
        };
    }
    if !starred && !plain.contains(' ') && !plain.is_empty() {
        return Form::Letter(text.to_string());
    }
    Form::Unknown
}

/// Stars: each filled star one, a half `½` a half, each empty star one more of the scale,
/// which is 5 unless empty stars or "/4" or "out of 4" say otherwise.
fn stars(text: &str) -> Form {
    let (drawn, said) = match text.split_once('/').or_else(|| text.split_once(" out of ")) {
        Some((drawn, scale)) => (drawn.trim(), Some(scale.trim())),
        None => (text, None),
    };
    let (mut full, mut halves, mut empty) = (0u32, 0u32, 0u32);
    for c in drawn.chars().filter(|c| !c.is_whitespace()) {
        match c {
            c if STARS.contains(&c) && halves == 0 && empty == 0 => full += 1,
            c if EMPTY_STARS.contains(&c) => empty += 1,
            // A half star after the last whole one.
            '½' if halves == 0 && empty == 0 => halves = 1,
            _ => return Form::Unknown,
        }
    }
    if full + halves == 0 && empty == 0 {
        return Form::Unknown;
    }
    let value = if halves == 1 {
        format!("{full}.5")
    } else {
        full.to_string()
    };
    let scale = match (said, empty) {
        // Empty stars drawn and a scale said must agree: "★★★☆☆ / 4" is not read as either.
        (Some(scale), 1..) if scale.parse::<u32>().ok() != Some(full + halves + empty) => {
            return Form::Unknown;
        }
        (Some(scale), _) => scale.to_string(),
        // A half star's place is drawn as an empty one: ★★★½☆ is out of 5.
        (None, 0) => "5".to_string(),
        (None, empty) => (full + halves + empty).to_string(),
    };
    Form::Fraction { value, scale }
}

/// `text` with each comma between two digits written as a point ("3,5" as "3.5").
fn decimal_point(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == ',' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// ".5" as "0.5".
fn leading_zero(value: &str) -> String {
    if value.starts_with('.') {
        format!("0{value}")
    } else {
        value.to_string()
    }
}

/// True for digits with at most one decimal point.
fn is_number(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && text.bytes().filter(|&b| b == b'.').count() <= 1
        && text.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fraction(value: &str, scale: &str) -> Form {
        Form::Fraction {
            value: value.into(),
            scale: scale.into(),
        }
    }

    #[test]
    fn each_way_of_writing_a_rating_has_one_form() {
        for (written, expected) in [
            ("3.5/4", fraction("3.5", "4")),
            ("3,5/4", fraction("3.5", "4")),
            ("7,5 sur 10", Form::Unknown),
            ("3,5 stars", fraction("3.5", "5")),
            ("★★★½", fraction("3.5", "5")),
            ("★★★★☆", fraction("4", "5")),
            ("★★☆☆", fraction("2", "4")),
            ("★★★½☆", fraction("3.5", "5")),
            ("★★★ / 4", fraction("3", "4")),
            ("★★★½ out of 4", fraction("3.5", "4")),
            ("☆☆☆☆☆", fraction("0", "5")),
            ("½", Form::Bare("0.5".into())),
            ("3½/4", fraction("3.5", "4")),
            ("½/4", fraction("0.5", "4")),
            ("3.5 stars", fraction("3.5", "5")),
            ("4 Stars", fraction("4", "5")),
            ("1 star", fraction("1", "5")),
            ("4 out of 5", fraction("4", "5")),
            ("3 stars out of 4", fraction("3", "4")),
            ("4/5 stars", fraction("4", "5")),
            ("A−", Form::Letter("A-".into())),
            ("B–", Form::Letter("B-".into())),
            ("b+", Form::Letter("b+".into())),
            ("5", Form::Bare("5".into())),
            ("72", Form::Bare("72".into())),
            ("great", Form::Letter("great".into())),
            ("very good", Form::Unknown),
            ("★★x", Form::Unknown),
            ("★★★☆☆ / 4", Form::Unknown),
            ("★★★☆ out of 10", Form::Unknown),
            ("★★★☆ / 4", fraction("3", "4")),
            ("1/2 star", Form::Unknown),
            ("1/2 stars", Form::Unknown),
            ("1/2", fraction("1", "2")),
            ("★½★", Form::Unknown),
            ("stars", Form::Unknown),
        ] {
            assert_eq!(form(written), expected, "{written}");
        }
    }
}
