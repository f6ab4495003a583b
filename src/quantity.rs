//! Numbers in the messages Marquee prints, said one way everywhere: a count with its noun,
//! pluralised and grouped by thousands ("1 film", "12,048 reviews"), and a size in the unit
//! the limit it is compared with is stated in (hosts state sites in GB and files in MiB).
//! The site's own pages say their numbers through the theme, not through this module.

/// How a size is stated: in powers of 1,000 (KB, MB, GB: how GitHub states its limit) or of
/// 1,024 (KiB, MiB, GiB: how Cloudflare states its limit, and how Marquee states its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// KB, MB, GB.
    Decimal,
    /// KiB, MiB, GiB.
    Binary,
}

/// A number with thousands separators: "999", "70,701".
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with its noun, plural but for one: "1 error", "0 warnings", "1,204 files". The
/// nouns of Marquee's messages all take an `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!(
        "{} {noun}{}",
        grouped(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// A size in `unit`, to the precision that tells sizes near a limit apart: "976 KB",
/// "1.2 MB", "1.82 GB", "21.5 MiB"; a whole number without decimals ("25 MiB", "1 GB"), so
/// that limits read as their hosts state them; below the first step, in bytes ("262 bytes").
pub fn size(bytes: u64, unit: Unit) -> String {
    let (step, names) = match unit {
        Unit::Decimal => (1000.0, ["KB", "MB", "GB"]),
        Unit::Binary => (1024.0, ["KiB", "MiB", "GiB"]),
    };
    let b = bytes as f64;
    if b < step {
        return count(bytes as usize, "byte");
    }
    if b < step * step {
        return format!("{} {}", (b / step).ceil(), names[0]);
    }
    let (value, name, decimals) = if b < step * step * step {
        (b / (step * step), names[1], 1)
    } else {
        (b / (step * step * step), names[2], 2)
    };
    let text = format!("{value:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_their_noun_once_or_many_times() {
        assert_eq!(count(0, "warning"), "0 warnings");
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(2, "film"), "2 films");
        assert_eq!(count(20_000, "film"), "20,000 films");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn sizes_are_in_the_unit_asked_for_and_limits_read_whole() {
        assert_eq!(size(0, Unit::Decimal), "0 bytes");
        assert_eq!(size(1, Unit::Decimal), "1 byte");
        assert_eq!(size(262, Unit::Binary), "262 bytes");
        assert_eq!(size(1001, Unit::Decimal), "2 KB");
        assert_eq!(size(975_001, Unit::Decimal), "976 KB");
        assert_eq!(size(1_234_567, Unit::Decimal), "1.2 MB");
        assert_eq!(size(1_000_000_000, Unit::Decimal), "1 GB");
        assert_eq!(size(1_820_000_000, Unit::Decimal), "1.82 GB");
        assert_eq!(size(25 * 1024 * 1024, Unit::Binary), "25 MiB");
        assert_eq!(size(4 * 1024 * 1024, Unit::Binary), "4 MiB");
        assert_eq!(size(4 * 1024 * 1024 + 100, Unit::Binary), "4 MiB");
        assert_eq!(size(21 * 1024 * 1024 + 600_000, Unit::Binary), "21.6 MiB");
        assert_eq!(size(1023, Unit::Binary), "1,023 bytes");
        assert_eq!(size(1025, Unit::Binary), "2 KiB");
    }
}
