//! The charts of a film page, drawn by the build as inline SVG: the critics' scores in
//! tens, and the Metascore as the reviews arrived. No script draws them; each has a text
//! alternative saying what it shows, and takes its colours from the stylesheet (the bands'
//! colours, and the text colour for lines and labels), so it follows the page's theme.

use std::fmt::Write;

use crate::content::model::Date;
use crate::i18n::{Arg, Strings, escape as escaped};
use crate::score::{Band, metascore_band};

/// The chart's drawing width and height, in SVG units (it scales to its box).
const WIDTH: u32 = 320;

/// The scores of a film's reviews as ten columns, 0-9 to 90-100, each coloured by the bands
/// of the reviews in it: each review's own band, its critic's verdict when given, so that
/// the colours agree with the page's positive, mixed and negative counts; `None` without
/// scores.
pub(crate) fn distribution(
    strings: &Strings,
    scores: impl IntoIterator<Item = (u8, Band)>,
) -> Option<String> {
    // Per column, how many reviews fall in each band: negative, mixed, positive.
    let mut columns = [[0u32; 3]; 10];
    let mut total = 0;
    for (score, band) in scores {
        let band = match band {
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
    let count = |c: &[u32; 3]| c.iter().sum::<u32>();
    let tallest = columns.iter().map(count).max().unwrap_or(1);
    let (base, room) = (78.0, 60.0);
    let ranges: Vec<String> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| count(c) > 0)
        .map(|(i, c)| {
            let top = if i == 9 { 100 } else { i * 10 + 9 };
            strings.count(
                "chart.bin",
                u64::from(count(c)),
                &[("from", Arg::from(i * 10)), ("to", Arg::from(top))],
            )
        })
        .collect();
    let mut svg = open("dist-chart", 100);
    let _ = write!(
        svg,
        "<title id=\"dist-chart-title\">{}</title><path class=\"axis\" d=\"M0 {base}H{WIDTH}\"/>",
        escaped(&strings.count(
            "chart.distribution",
            total as u64,
            &[(
                "bins",
                Arg::Text(&ranges.join(strings.get("list.separator")))
            )]
        )),
    );
    // One path per band, a rectangle per column, stacked from the axis up.
    let x = |i: usize| i as f64 * 32.0 + 4.0;
    let height = |n: u32| room * f64::from(n) / f64::from(tallest);
    for (band, name) in ["negative", "mixed", "positive"].iter().enumerate() {
        let mut d = String::new();
        for (i, column) in columns.iter().enumerate() {
            if column[band] > 0 {
                let below: u32 = column[..band].iter().sum();
                let (bottom, h) = (base - height(below), height(column[band]));
                let _ = write!(
                    d,
                    "M{} {}v-{}h24v{}z",
                    x(i),
                    tenth(bottom),
                    tenth(h),
                    tenth(h)
                );
            }
        }
        if !d.is_empty() {
            let _ = write!(svg, "<path class=\"{name}\" d=\"{d}\"/>");
        }
    }
    svg.push_str("<g text-anchor=\"middle\">");
    for (i, column) in columns.iter().enumerate() {
        let n = count(column);
        if n > 0 {
            let top = base - height(n) - 4.0;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\">{n}</text>",
                x(i) + 12.0,
                tenth(top)
            );
        }
    }
    let _ = write!(
        svg,
        "<text x=\"160\" y=\"96\">50</text></g><text y=\"96\">0</text><text x=\"{WIDTH}\" y=\"96\" text-anchor=\"end\">100</text></svg>"
    );
    Some(svg)
}

/// The plotting area of the line charts (the timeline, a career): Metascores up the side
/// over the bands' zones, and a span of time along the bottom.
struct Plot;

impl Plot {
    const LEFT: f64 = 30.0;
    const RIGHT: f64 = WIDTH as f64 - 6.0;
    const TOP: f64 = 6.0;
    const BOTTOM: f64 = 96.0;

    /// The height of a Metascore.
    fn y(score: u8) -> f64 {
        tenth(Self::BOTTOM - (Self::BOTTOM - Self::TOP) * f64::from(score) / 100.0)
    }

    /// The place of a point `share` (0 to 1) of the way along the time axis.
    fn x(share: f64) -> f64 {
        tenth(Self::LEFT + (Self::RIGHT - Self::LEFT) * share)
    }

    /// The lowest and highest of the Metascores of `points`.
    fn range<T>(points: &[(T, u8)]) -> (u8, u8) {
        points
            .iter()
            .fold((100, 0), |(lo, hi), &(_, m)| (lo.min(m), hi.max(m)))
    }

    /// The Metascore's bands behind the line: negative below 40, mixed to 60, positive from
    /// 61.
    fn zones(svg: &mut String) {
        let (left, right) = (Self::LEFT, Self::RIGHT);
        for (band, from, to) in [
            ("negative", 0, 40),
            ("mixed", 40, 61),
            ("positive", 61, 100),
        ] {
            let y_from = if from == 0 {
                Self::BOTTOM
            } else {
                Self::y(from)
            };
            let _ = write!(
                svg,
                "<path class=\"zone {band}\" d=\"M{left} {y_from}H{right}V{}H{left}z\"/>",
                Self::y(to)
            );
        }
    }

    /// The Metascores up the side, the first and last times along the bottom, and the end.
    fn axes(svg: &mut String, first: &str, last: &str) {
        let (left, right) = (Self::LEFT, Self::RIGHT);
        let _ = write!(
            svg,
            "<g text-anchor=\"end\"><text x=\"26\" y=\"{}\">0</text><text x=\"26\" y=\"{}\">50</text><text x=\"26\" y=\"{}\">100</text><text x=\"{right}\" y=\"114\">{last}</text></g><text x=\"{left}\" y=\"114\">{first}</text></svg>",
            Self::y(0) + 4.0,
            Self::y(50) + 4.0,
            Self::y(100) + 4.0,
        );
    }
}

/// The Metascore as reviews arrived, from [`crate::aggregate::Site::timeline`]: a line over
/// the bands' zones, dates along the bottom; `None` with fewer than two days to show.
pub(crate) fn timeline(strings: &Strings, points: &[(Date, u8)]) -> Option<String> {
    let (&(first, start), &(last, end)) = (points.first()?, points.last()?);
    if points.len() < 2 {
        return None;
    }
    let span = (last.days() - first.days()).max(1) as f64;
    let x = |date: Date| Plot::x((date.days() - first.days()) as f64 / span);
    let (low, high) = Plot::range(points);
    let mut svg = open("timeline-chart", 120);
    let _ = write!(
        svg,
        "<title id=\"timeline-chart-title\">{}</title>",
        escaped(&strings.count(
            "chart.timeline",
            points.len() as u64,
            &[
                ("start", Arg::from(start)),
                ("start_date", Arg::Text(&first.written(strings))),
                ("end", Arg::from(end)),
                ("end_date", Arg::Text(&last.written(strings))),
                ("low", Arg::from(low)),
                ("high", Arg::from(high)),
            ]
        )),
    );
    Plot::zones(&mut svg);
    let line: Vec<String> = points
        .iter()
        .map(|&(date, m)| format!("{},{}", x(date), Plot::y(m)))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"line\" points=\"{}\"/><circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4\"/>",
        line.join(" "),
        metascore_band(end).as_str(),
        x(last),
        Plot::y(end)
    );
    Plot::axes(
        &mut svg,
        &escaped(&first.written(strings)),
        &escaped(&last.written(strings)),
    );
    Some(svg)
}

/// A person's films by their Metascores over the years (`points`: year and Metascore, in
/// year order): a dot for each film over the bands' zones, joined by a line; `None` with
/// fewer than two films to show.
pub(crate) fn career(strings: &Strings, points: &[(u16, u8)]) -> Option<String> {
    let (&(first, _), &(last, _)) = (points.first()?, points.last()?);
    if points.len() < 2 {
        return None;
    }
    let span = f64::from((last - first).max(1));
    let x = |year: u16| Plot::x(f64::from(year - first) / span);
    let (low, high) = Plot::range(points);
    let mut svg = open("career-chart", 120);
    let _ = write!(
        svg,
        "<title id=\"career-chart-title\">{}</title>",
        escaped(&strings.count(
            "chart.career",
            points.len() as u64,
            &[
                ("first", Arg::from(first)),
                ("last", Arg::from(last)),
                ("low", Arg::from(low)),
                ("high", Arg::from(high)),
            ]
        )),
    );
    Plot::zones(&mut svg);
    let line: Vec<String> = points
        .iter()
        .map(|&(year, m)| format!("{},{}", x(year), Plot::y(m)))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"line\" points=\"{}\"/>",
        line.join(" ")
    );
    for &(year, m) in points {
        let _ = write!(
            svg,
            "<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4\"/>",
            metascore_band(m).as_str(),
            x(year),
            Plot::y(m)
        );
    }
    Plot::axes(&mut svg, &first.to_string(), &last.to_string());
    Some(svg)
}

/// A coordinate to a tenth of a unit, written as briefly as it goes ("60", "7.5").
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The opening tag of a chart of `height` units, labelled by its `<title>` (`{id}-title`).
fn open(id: &str, height: u32) -> String {
    let mut svg = String::with_capacity(1536);
    let _ = write!(
        svg,
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\">"
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> &'static Strings {
        static EN: std::sync::LazyLock<Strings> =
            std::sync::LazyLock::new(|| Strings::built_in("en"));
        &EN
    }
    use crate::score::ScoreConfig;

    #[test]
    fn the_distribution_counts_every_score_in_its_column_and_band() {
        let config = ScoreConfig::default();
        let banded = |scores: &[u8]| -> Vec<(u8, Band)> {
            scores.iter().map(|&s| (s, config.band(s))).collect()
        };
        let svg = distribution(en(), banded(&[100, 95, 61, 60, 59, 0])).unwrap();
        assert!(svg.contains(
            "Scores of the 6 scored reviews, in tens: 1 from 0 to 9, 1 from 50 to 59, 2 from 60 to 69, 2 from 90 to 100."
        ));
        // 60 is mixed and 61 positive: one column, two colours, the mixed part below.
        let band = |name: &str| {
            let at = svg.find(&format!("<path class=\"{name}\" d=\"")).unwrap();
            svg[at..].split('"').nth(3).unwrap().to_string()
        };
        assert_eq!(band("negative"), "M4 78v-30h24v30z");
        assert_eq!(band("mixed"), "M164 78v-30h24v30zM196 78v-30h24v30z");
        assert_eq!(band("positive"), "M196 48v-30h24v30zM292 78v-60h24v60z");
        assert_eq!(distribution(en(), []), None);
        // A review's verdict decides its colour, as it decides its count: a 50 the critic
        // called positive is drawn positive.
        let svg = distribution(en(), [(50, Band::Positive), (52, Band::Mixed)]).unwrap();
        assert!(svg.contains("<path class=\"mixed\" d=\"M164 78v-30h24v30z\"/><path class=\"positive\" d=\"M164 48v-30h24v30z\"/>"), "{svg}");
    }

    #[test]
    fn a_career_needs_two_films_and_spans_their_years() {
        assert_eq!(career(en(), &[(2001, 70)]), None);
        let svg = career(en(), &[(2001, 70), (2011, 35), (2011, 90), (2021, 80)]).unwrap();
        assert!(svg.contains("Metascores of 4 films from 2001 to 2021: between 35 and 90."));
        // The first year at the left edge, the last at the right; two films of one year
        // one above the other, each dot in its band.
        assert!(
            svg.contains("points=\"30,33 172,64.5 172,15 314,24\""),
            "{svg}"
        );
        assert_eq!(svg.matches("<circle class=\"positive\"").count(), 3);
        assert!(svg.contains("<circle class=\"negative\" cx=\"172\" cy=\"64.5\""));
    }

    #[test]
    fn the_timeline_needs_two_days_and_spans_them() {
        let day = |d| Date::new(2013, 7, d).unwrap();
        assert_eq!(timeline(en(), &[(day(1), 70)]), None);
        let svg = timeline(en(), &[(day(1), 70), (day(11), 35), (day(21), 80)]).unwrap();
        assert!(svg.contains(
            "70 on Jul 1, 2013, 80 on Jul 21, 2013; between 35 and 80 over 3 days with reviews."
        ));
        // The first point at the left edge, the last at the right, the middle one between;
        // a dot in the band of where it ends.
        assert!(svg.contains("points=\"30,33 172,64.5 314,24\""), "{svg}");
        assert!(svg.contains("<circle class=\"positive\" cx=\"314\" cy=\"24\""));
    }
}
