//! The report's two charts, drawn with `plotters` into inline SVG: the weekday × hour heatmap
//! with the working hours over it, and the flagged posts by week or month.
//!
//! Labels are SVG text: the browser draws them with the reader's own fonts, so the page
//! carries none.

use hatsugen::calendar::Schedule;
use jiff::civil::{Date, Weekday};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::stats::Verdicts;

const WEEKDAYS: [(&str, &str, Weekday); 7] = [
    ("月", "Mon", Weekday::Monday),
    ("火", "Tue", Weekday::Tuesday),
    ("水", "Wed", Weekday::Wednesday),
    ("木", "Thu", Weekday::Thursday),
    ("金", "Fri", Weekday::Friday),
    ("土", "Sat", Weekday::Saturday),
    ("日", "Sun", Weekday::Sunday),
];

const FONT: &str = "sans-serif";
const BLOCK: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const WARN: RGBColor = RGBColor(0xf2, 0xa9, 0x00);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const WORK: RGBColor = RGBColor(0x00, 0x00, 0x00);

type Result<T> = std::result::Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart: {e:?}")
}

/// White to deep blue, square-root scaled so that a few busy hours do not wash out the rest.
fn heat_color(n: u64, max: u64) -> RGBColor {
    if n == 0 || max == 0 {
        return RGBColor(0xf7, 0xf7, 0xf7);
    }
    let t = (n as f64 / max as f64).sqrt();
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(0xde, 0x08), mix(0xeb, 0x30), mix(0xf7, 0x6b))
}

/// The working intervals of each weekday row as (row, start hour, end hour), fractional,
/// split at midnight; breaks likewise.
fn intervals(schedule: &Schedule, breaks: bool) -> Vec<(usize, f64, f64)> {
    let mut out = Vec::new();
    let list = if breaks { schedule.breaks() } else { schedule.hours() };
    for (row, (_, _, day)) in WEEKDAYS.iter().enumerate() {
        if !schedule.days().contains(day) {
            continue;
        }
        for r in list {
            let s = f64::from(r.start.minutes()) / 60.0;
            let e = f64::from(r.end.minutes()) / 60.0;
            if r.crosses_midnight() {
                out.push((row, s, 24.0));
                out.push(((row + 1) % 7, 0.0, e));
            } else {
                out.push((row, s, e));
            }
        }
    }
    out
}

/// The heatmap of posts per weekday and hour, the policy's working hours outlined over it.
pub(crate) fn heatmap(cells: &[[Verdicts; 24]; 7], schedule: &Schedule) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 330)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw_heatmap(&root, cells, schedule)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn draw_heatmap(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    cells: &[[Verdicts; 24]; 7],
    schedule: &Schedule,
) -> Result<()> {
    let max = cells.iter().flatten().map(|c| c.posts).max().unwrap_or(0);
    // Rows run downwards from Monday: y = 7 - row.
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_right(28)
        .x_label_area_size(34)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..24f64, 0f64..7f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(13)
        .x_label_formatter(&|x| format!("{x:.0}:00"))
        .y_labels(7)
        .y_label_formatter(&|_| String::new())
        .x_desc("時 hour")
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_desc_style((FONT, 13).into_font().color(&INK))
        .draw()
        .map_err(err)?;
    let rects = cells.iter().enumerate().flat_map(|(row, hours)| {
        hours.iter().enumerate().map(move |(h, c)| {
            let y = 7.0 - row as f64;
            let x = h as f64;
            Rectangle::new([(x + 0.03, y - 0.05), (x + 0.97, y - 0.95)], heat_color(c.posts, max).filled())
        })
    });
    chart.draw_series(rects).map_err(err)?;
    // Row labels at the middle of each row (the mesh's own labels sit on the lines).
    let labels = WEEKDAYS.iter().enumerate().map(|(row, (ja, en, _))| {
        Text::new(format!("{ja} {en}"), (-2.6, 7.0 - row as f64 - 0.38), (FONT, 14).into_font().color(&INK))
    });
    chart.draw_series(labels).map_err(err)?;
    let breaks = intervals(schedule, true).into_iter().map(|(row, s, e)| {
        let y = 7.0 - row as f64;
        Rectangle::new([(s, y - 0.05), (e, y - 0.95)], WHITE.mix(0.55).filled())
    });
    chart.draw_series(breaks).map_err(err)?;
    let hours = intervals(schedule, false).into_iter().map(|(row, s, e)| {
        let (top, bottom) = (7.0 - row as f64 - 0.02, 6.0 - row as f64 + 0.02);
        // A closed path: plotters' SVG rectangles have no stroke width.
        PathElement::new(vec![(s, top), (e, top), (e, bottom), (s, bottom), (s, top)], WORK.stroke_width(3))
    });
    chart.draw_series(hours).map_err(err)?;
    Ok(())
}

/// Flagged posts per period: warned and blocked, stacked.
pub(crate) fn over_time(rows: &[(Date, Verdicts)], monthly: bool) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let n = rows.len().max(1);
        let max = rows.iter().map(|(_, v)| v.flagged()).max().unwrap_or(0).max(1);
        let top = (max as f64 * 1.1).ceil();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(34)
            .y_label_area_size(54)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(err)?;
        let label = |x: &f64| {
            let i = x.floor();
            if i < 0.0 || (x - i).abs() > f64::EPSILON {
                return String::new();
            }
            rows.get(i as usize)
                .map(|(d, _)| if monthly { d.strftime("%Y-%m").to_string() } else { d.strftime("%m/%d").to_string() })
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(12))
            .x_label_formatter(&label)
            .y_labels(6)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc("件 posts")
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 13).into_font().color(&INK))
            .draw()
            .map_err(err)?;
        let bars = rows.iter().enumerate().flat_map(|(i, (_, v))| {
            let x = i as f64;
            let (w, b) = (v.warn as f64, v.block as f64);
            [
                Rectangle::new([(x + 0.12, 0.0), (x + 0.88, b)], BLOCK.filled()),
                Rectangle::new([(x + 0.12, b), (x + 0.88, b + w)], WARN.filled()),
            ]
        });
        chart.draw_series(bars).map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn heatmap_outlines_working_hours() {
        let mut cells = [[Verdicts::default(); 24]; 7];
        cells[0][9].posts = 5;
        let svg = heatmap(&cells, &Schedule::default_japanese()).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        // Five working days outlined, one break each.
        assert_eq!(svg.matches("stroke-width=\"3\"").count(), 5, "{svg}");
        assert!(svg.contains("月 Mon") && svg.contains("日 Sun"));
        assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "only the SVG namespace");
    }

    #[test]
    fn night_shifts_cross_into_the_next_row() {
        let s = Schedule::new(
            vec![Weekday::Sunday],
            vec![hatsugen::calendar::TimeRange::new(
                hatsugen::calendar::TimeOfDay::new(22, 0).unwrap(),
                hatsugen::calendar::TimeOfDay::new(7, 0).unwrap(),
            )],
            Vec::new(),
            hatsugen::calendar::TimeZoneSpec::ASIA_TOKYO,
        )
        .unwrap();
        assert_eq!(intervals(&s, false), [(6, 22.0, 24.0), (0, 0.0, 7.0)]);
    }
}
