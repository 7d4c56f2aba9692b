//! A single-series line chart with gaps: used for macro series as they were
//! known each day (a step function on the trading calendar).

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::theme::ChartTheme;
use super::ticks::compact;

/// What a line chart plots: `None` values are gaps, drawn as breaks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    pub title: String,
    pub points: Vec<(NaiveDate, Option<f64>)>,
    /// Index into the theme's palette.
    pub color: usize,
}

impl LineChart {
    /// Runs of consecutive defined points, each drawn as one polyline.
    pub fn segments(&self) -> Vec<Vec<(NaiveDate, f64)>> {
        super::segments(&self.points)
    }
}

/// Draws `chart` on `root`; an empty chart draws its title and a note.
pub fn draw_line_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    theme: &ChartTheme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.background)?;
    let segments = chart.segments();
    let defined = segments.iter().flatten();
    let bounds = defined.fold(
        None,
        |acc: Option<(NaiveDate, NaiveDate, f64, f64)>, &(d, v)| {
            Some(match acc {
                None => (d, d, v, v),
                Some((lo, hi, min, max)) => (lo.min(d), hi.max(d), min.min(v), max.max(v)),
            })
        },
    );
    let Some((first, last, min, max)) = bounds else {
        root.draw(&Text::new(
            format!("{}: nothing known in this window", chart.title),
            (10, 20),
            ("sans-serif", 13).into_font().color(&theme.muted),
        ))?;
        return root.present();
    };
    let pad = ((max - min) * 0.1).max(max.abs() * 0.01).max(1e-9);
    let x0 = first.num_days_from_ce();
    let x1 = last.num_days_from_ce().max(x0 + 1);
    let span = x1 - x0;
    let color = theme.palette[chart.color % theme.palette.len()];
    let mut ctx = ChartBuilder::on(root)
        .margin(8)
        .caption(
            &chart.title,
            ("sans-serif", 13).into_font().color(&theme.text),
        )
        .x_label_area_size(22)
        .y_label_area_size(46)
        .build_cartesian_2d(x0..x1, (min - pad)..(max + pad))?;
    ctx.configure_mesh()
        .bold_line_style(theme.grid)
        .light_line_style(theme.background)
        .axis_style(theme.muted)
        .label_style(("sans-serif", 11).into_font().color(&theme.muted))
        .x_labels(4)
        .y_labels(4)
        .x_label_formatter(&|d| {
            NaiveDate::from_num_days_from_ce_opt(*d)
                .map(|d| {
                    d.format(if span > 3 * 365 { "%Y" } else { "%b %Y" })
                        .to_string()
                })
                .unwrap_or_default()
        })
        .y_label_formatter(&|v| compact(*v))
        .draw()?;
    for segment in segments {
        ctx.draw_series(LineSeries::new(
            segment.into_iter().map(|(d, v)| (d.num_days_from_ce(), v)),
            color.stroke_width(2),
        ))?;
    }
    root.present()
}
