//! The charts of a film page, drawn by the build as inline SVG: the critics' scores in
//! tens, and the Metascore as the reviews arrived. No script draws them; each has a text
//! alternative saying what it shows, and takes its colours from the stylesheet (the bands'
//! colours, and the text colour for lines and labels), so it follows the page's theme.

use std::fmt::Write;

use crate::content::model::Date;
use crate::score::{Band, ScoreConfig, metascore_band};

/// The chart's drawing width and height, in SVG units (it scales to its box).
const WIDTH: u32 = 320;

/// The scores of a film's reviews as ten columns, 0-9 to 90-100, each coloured by the bands
/// of the scores in it; `None` without scores.
pub fn distribution(scores: impl IntoIterator<Item = u8>, config: &ScoreConfig) -> Option<String> {
    // Per column, how many scores fall in each band: negative, mixed, positive.
    let mut columns = [[0u32; 3]; 10];
    let mut total = 0;
    for score in scores {
        let band = match config.band(score) {
            Band::Negative => 0,
            Band::Mixed => 1,
            Band::Positive => 2,
        };
        columns[usize::from(score / 10).min(9)][band] += 1;
        total += 1;
    }
    if total == 0 {
        return None;
    }
    let tallest = columns
        .iter()
        .map(|c| c.iter().sum::<u32>())
        .max()
        .unwrap_or(1);
    let (height, base, bar_room) = (100, 78.0, 60.0);
    let mut svg = open("dist-chart", height);
    let ranges: Vec<String> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let n: u32 = c.iter().sum();
            let top = if i == 9 { 100 } else { i * 10 + 9 };
            (n > 0).then(|| format!("{n} from {} to {top}", i * 10))
        })
        .collect();
    let _ = write!(
        svg,
        "<title id=\"dist-chart-title\">Scores of the {total} scored review{}, in tens: {}.</title>",
        if total == 1 { "" } else { "s" },
        ranges.join(", ")
    );
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"0\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\"/>"
    );
    for (i, column) in columns.iter().enumerate() {
        let x = i as f64 * 32.0 + 4.0;
        let mut y = base;
        for (band, &n) in ["negative", "mixed", "positive"].iter().zip(column) {
            if n == 0 {
                continue;
            }
            let h = bar_room * f64::from(n) / f64::from(tallest);
            y -= h;
            let _ = write!(
                svg,
                "<rect class=\"{band}\" x=\"{x}\" y=\"{y:.1}\" width=\"24\" height=\"{h:.1}\"/>"
            );
        }
        let n: u32 = column.iter().sum();
        if n > 0 {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
                x + 12.0,
                y - 4.0
            );
        }
    }
    for (x, label, anchor) in [
        (0, "0", "start"),
        (160, "50", "middle"),
        (WIDTH, "100", "end"),
    ] {
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"96\" text-anchor=\"{anchor}\">{label}</text>"
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The Metascore as reviews arrived, from [`crate::aggregate::Site::timeline`]: a line over
/// the bands' zones, dates along the bottom; `None` with fewer than two days to show.
pub fn timeline(points: &[(Date, u8)]) -> Option<String> {
    let (&(first, start), &(last, end)) = (points.first()?, points.last()?);
    if points.len() < 2 {
        return None;
    }
    let (left, right, top, bottom) = (30.0, f64::from(WIDTH) - 6.0, 6.0, 96.0);
    let y = |score: u8| bottom - (bottom - top) * f64::from(score) / 100.0;
    let span = (last.days() - first.days()).max(1) as f64;
    let x = |date: Date| left + (right - left) * (date.days() - first.days()) as f64 / span;
    let mut svg = open("timeline-chart", 120);
    let (low, high) = points
        .iter()
        .fold((100, 0), |(lo, hi), &(_, m)| (lo.min(m), hi.max(m)));
    let _ = write!(
        svg,
        "<title id=\"timeline-chart-title\">The Metascore as reviews arrived: {start} on {}, {end} on {}; between {low} and {high} over {} days with reviews.</title>",
        first.human(),
        last.human(),
        points.len()
    );
    // The bands' zones: negative below 40, mixed to 60, positive from 61.
    for (band, from, to) in [
        ("negative", 0, 39),
        ("mixed", 40, 60),
        ("positive", 61, 100),
    ] {
        let (y_top, y_bottom) = (y(to), y(from.max(1) - 1).min(bottom));
        let _ = write!(
            svg,
            "<rect class=\"zone {band}\" x=\"{left}\" y=\"{y_top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            right - left,
            if from == 0 {
                bottom - y_top
            } else {
                y_bottom - y_top
            }
        );
    }
    for score in [0u8, 50, 100] {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{score}</text>",
            left - 4.0,
            y(score) + 4.0
        );
    }
    let line: Vec<String> = points
        .iter()
        .map(|&(date, m)| format!("{:.1},{:.1}", x(date), y(m)))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"line\" points=\"{}\"/>",
        line.join(" ")
    );
    for &(date, m) in points {
        let _ = write!(
            svg,
            "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"/>",
            metascore_band(m).as_str(),
            x(date),
            y(m)
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{left}\" y=\"114\">{}</text><text x=\"{right}\" y=\"114\" text-anchor=\"end\">{}</text></svg>",
        first.human(),
        last.human()
    );
    Some(svg)
}

/// The opening tag of a chart of `height` units, labelled by its `<title>` (`{id}-title`).
fn open(id: &str, height: u32) -> String {
    let mut svg = String::with_capacity(2048);
    let _ = write!(
        svg,
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\">"
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distribution_counts_every_score_in_its_column_and_band() {
        let config = ScoreConfig::default();
        let svg = distribution([100, 95, 61, 60, 59, 0], &config).unwrap();
        assert!(svg.contains(
            "Scores of the 6 scored reviews, in tens: 1 from 0 to 9, 1 from 50 to 59, 2 from 60 to 69, 2 from 90 to 100."
        ));
        // 60 is mixed and 61 positive: one column, two colours.
        assert_eq!(svg.matches("<rect class=\"mixed\"").count(), 2);
        assert_eq!(svg.matches("<rect class=\"positive\"").count(), 2);
        assert_eq!(svg.matches("<rect class=\"negative\"").count(), 1);
        assert_eq!(distribution([], &config), None);
    }

    #[test]
    fn the_timeline_needs_two_days_and_spans_them() {
        let day = |d| Date::new(2013, 7, d).unwrap();
        assert_eq!(timeline(&[(day(1), 70)]), None);
        let svg = timeline(&[(day(1), 70), (day(11), 35), (day(21), 80)]).unwrap();
        assert!(svg.contains(
            "70 on Jul 1, 2013, 80 on Jul 21, 2013; between 35 and 80 over 3 days with reviews."
        ));
        // The first point at the left edge, the last at the right, the middle one between.
        assert!(
            svg.contains("points=\"30.0,33.0 172.0,64.5 314.0,24.0\""),
            "{svg}"
        );
        assert!(svg.contains("<circle class=\"negative\""));
    }
}
