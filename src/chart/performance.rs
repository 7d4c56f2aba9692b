//! Relative performance chart: every price series rebased to 100 at the same
//! base bar, so "IWM +7.8% vs SPY +1.5% YTD" reads off the chart directly.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::theme::ChartTheme;

/// One rebased line: `(date, value)` with the base bar at 100; `None` is a
/// gap (no close that day) and is drawn as a break, never as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceLine {
    pub label: String,
    pub points: Vec<(NaiveDate, Option<f64>)>,
}

impl PerformanceLine {
    /// Runs of consecutive defined points, each drawn as one polyline.
    pub fn segments(&self) -> Vec<Vec<(NaiveDate, f64)>> {
        super::segments(&self.points)
    }
}

/// What the performance chart plots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PerformanceChart {
    pub lines: Vec<PerformanceLine>,
}

impl PerformanceChart {
    /// Rebases each `(label, dates, closes)` to 100 at its base bar: the
    /// last bar with a close *before* `start` (the close a window's return is
    /// measured from), or its first defined close when `start` is `None` or
    /// precedes the data. Missing closes stay gaps (`None`), so a calendar
    /// joined as a union shows where a series has no session.
    pub fn rebased<'a>(
        inputs: impl IntoIterator<Item = (&'a str, &'a [NaiveDate], &'a [Option<f64>])>,
        start: Option<NaiveDate>,
    ) -> Self {
        let lines = inputs
            .into_iter()
            .filter_map(|(label, dates, closes)| {
                let defined = || {
                    dates
                        .iter()
                        .zip(closes)
                        .filter_map(|(d, c)| c.filter(|v| v.is_finite()).map(|v| (*d, v)))
                };
                let base = match start {
                    Some(s) => defined()
                        .take_while(|(d, _)| *d < s)
                        .last()
                        .or_else(|| defined().next()),
                    None => defined().next(),
                }?;
                let (base_date, base_value) = base;
                if base_value == 0.0 {
                    return None;
                }
                let points: Vec<(NaiveDate, Option<f64>)> = dates
                    .iter()
                    .zip(closes)
                    .skip_while(|(d, _)| **d < base_date)
                    .map(|(d, c)| {
                        (
                            *d,
                            c.filter(|v| v.is_finite()).map(|v| 100.0 * v / base_value),
                        )
                    })
                    .collect();
                Some(PerformanceLine {
                    label: label.to_string(),
                    points,
                })
            })
            // A series with no close inside the window has nothing to show.
            .filter(|line| {
                line.points
                    .iter()
                    .any(|(d, v)| v.is_some() && start.is_none_or(|s| *d >= s))
            })
            .collect();
        PerformanceChart { lines }
    }

    fn bounds(&self) -> Option<(NaiveDate, NaiveDate, f64, f64)> {
        let mut points = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().filter_map(|(d, v)| v.map(|v| (*d, v))));
        let (d0, v0) = points.next()?;
        Some(points.fold((d0, d0, v0, v0), |(lo, hi, min, max), (d, v)| {
            (lo.min(d), hi.max(d), min.min(v), max.max(v))
        }))
    }
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date_label(day: i32, span_days: i32) -> String {
    match NaiveDate::from_num_days_from_ce_opt(day) {
        Some(d) if span_days > 3 * 365 => d.format("%Y").to_string(),
        Some(d) if span_days > 120 => d.format("%b %Y").to_string(),
        Some(d) => d.format("%d %b").to_string(),
        None => String::new(),
    }
}

/// Draws the chart on `root`. Empty input draws an explanatory placeholder
/// rather than failing.
pub fn draw_performance<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &PerformanceChart,
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let Some((first, last, min, max)) = chart.bounds() else {
        let (w, h) = root.dim_in_pixel();
        root.draw(&Text::new(
            "Load a price series to see its performance",
            (w as i32 / 2 - 150, h as i32 / 2),
            ("sans-serif", 16).into_font().color(&theme.muted),
        ))?;
        return root.present();
    };
    let pad = ((max - min) * 0.06).max(0.5);
    let (x0, x1) = (
        day_number(first),
        day_number(last).max(day_number(first) + 1),
    );
    let span = x1 - x0;
    let mut ctx = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, (min - pad)..(max + pad))?;
    ctx.configure_mesh()
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
        .axis_style(theme.muted)
        .label_style(("sans-serif", 12).into_font().color(&theme.muted))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|d| date_label(*d, span))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    // The base line: above it a series gained since the base bar.
    ctx.draw_series(LineSeries::new(
        [(x0, 100.0), (x1, 100.0)],
        theme.muted.stroke_width(1),
    ))?;
    for (i, line) in chart.lines.iter().enumerate() {
        let color = theme.palette[i % theme.palette.len()];
        for (n, segment) in line.segments().into_iter().enumerate() {
            let drawn = ctx.draw_series(LineSeries::new(
                segment.into_iter().map(|(d, v)| (day_number(d), v)),
                color.stroke_width(2),
            ))?;
            // One legend entry per line, not per segment.
            if n == 0 {
                drawn.label(line.label.clone()).legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], color.stroke_width(3))
                });
            }
        }
    }
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(theme.background.mix(0.85))
        .border_style(theme.grid)
        .label_font(("sans-serif", 13).into_font().color(&theme.text))
        .draw()?;
    root.present()
}
