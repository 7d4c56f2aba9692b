//! Charts drawn with plotters, generic over `DrawingBackend`: the page draws
//! them on a `<canvas>` (plotters-canvas), native tests render the very same
//! functions to SVG.
//!
//! Invariant: chart code only lays out and draws values it is given; every
//! number it plots comes from the engine (rebasing to 100 is the one
//! transformation done here, and it is exact scaling).

pub mod decimate;
pub mod line;
mod paint;
pub mod performance;
pub mod rrg;
pub mod theme;
pub mod ticks;
pub mod time_chart;

pub use decimate::decimate;
pub use line::{draw_line_chart, LineChart};
pub use rrg::{draw_rrg, RrgChart, RrgTail};
pub use theme::Ink;
pub use ticks::YFormat;
pub use time_chart::{
    draw_time_chart, ChartLine, HLine, Marker, PlotGeometry, Shade, ThresholdFill, TimeChart,
};

use chrono::NaiveDate;

/// Runs of consecutive defined points: each is drawn as one polyline, so a
/// gap (`None`, or a non-finite value) is a visible break, never a zero.
pub fn segments(points: &[(NaiveDate, Option<f64>)]) -> Vec<Vec<(NaiveDate, f64)>> {
    let mut segments = Vec::new();
    let mut current = Vec::new();
    for (date, value) in points {
        match value.filter(|v| v.is_finite()) {
            Some(v) => current.push((*date, v)),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}
pub use performance::{draw_performance, PerformanceChart, PerformanceLine};
pub use theme::ChartTheme;
