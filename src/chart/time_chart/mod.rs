//! The one time-series chart every time panel is a spec of: price with SMAs
//! and targets, rebased compare lines, the small/large ratio, RSI with its
//! bands, MACD with its histogram bars, candles and OHLC bars, volume,
//! macro small multiples; each line's last visible value is labelled on the
//! right axis.
//!
//! X is the session index on a shared calendar, so there are no weekend or
//! holiday gaps (as on trading charts) and stacked panels line up session for
//! session. The price axis is on the right, TradingView-style, with a fixed
//! width: every chart of the same width has the same plot rectangle, which is
//! what lets one crosshair run through stacked panels ([`PlotGeometry`]).

mod candles;
mod geometry;
mod labels;
mod layers;

use std::ops::Range;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::decimate::Ohlc;
use super::paint::{alpha, Occupied, Pen};
use super::theme::{ChartTheme, Ink};
use super::ticks::YFormat;
use candles::draw_candles;
use geometry::{data_extent, y_range, Segments, LEFT_MARGIN, TOP_MARGIN};
use labels::{
    draw_hline_labels, draw_last_values, draw_legend, draw_shade_labels, legend_layout, title_box,
};
use layers::{
    decimated, draw_axes, draw_bars, draw_fills, draw_hlines, draw_lines, draw_markers,
    draw_shading,
};

pub use geometry::{PlotGeometry, X_AXIS_HEIGHT, Y_AXIS_WIDTH};

/// Font sizes in CSS pixels, shared by the layers and the labels.
const AXIS_FONT: f64 = 11.0;
const LABEL_FONT: f64 = 10.5;
const TITLE_FONT: f64 = 12.0;

/// What a time chart draws; every `values` slice is indexed like `dates`
/// (a shorter one reads as gaps past its end).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeChart<'a> {
    /// The shared session calendar, ascending.
    pub dates: &'a [NaiveDate],
    /// Visible sessions, as indices into `dates` (clamped; empty draws the
    /// placeholder).
    pub visible: Range<usize>,
    pub lines: Vec<ChartLine<'a>>,
    /// Columns drawn as vertical bars from 0 (a MACD histogram), under the
    /// lines; not drawn on a log scale.
    pub bars: Vec<ChartBars<'a>>,
    /// Price bars (candles or OHLC bars), under the lines.
    pub candles: Vec<ChartCandles<'a>>,
    /// Horizontal reference lines with a right-aligned label.
    pub hlines: Vec<HLine>,
    /// Areas between a line and a level where the line is beyond it.
    pub fills: Vec<ThresholdFill<'a>>,
    /// Translucent vertical spans of sessions, under everything else.
    pub shading: Vec<Shade>,
    pub markers: Vec<Marker>,
    /// Log y scale: non-positive values are gaps; labels in real units.
    pub log: bool,
    pub y_format: YFormat,
    /// Small caption top-left inside the plot.
    pub title: Option<String>,
    /// Drawn centred when nothing is plotted.
    pub empty_note: String,
    /// An in-canvas legend of the labelled lines (for PNG export).
    pub legend: bool,
}

/// One line of a time chart; `None` and non-finite values are gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLine<'a> {
    pub label: String,
    pub values: &'a [Option<f64>],
    /// The session (index into `dates`) of `values[0]`: 0 for a column over
    /// the whole calendar, the window's start for one computed only for
    /// the visible window (the compare panel's rebased lines).
    pub first: usize,
    pub color: Ink,
    /// CSS pixels.
    pub width: u32,
    pub dashed: bool,
    /// Hold each value until the next one (macro values as known).
    pub step: bool,
}

/// A column of values drawn as vertical bars from 0: `up` where a value is
/// ≥ 0, `down` below (or, with `direction`, where the session's close is at
/// or above its open: volume); `None` and non-finite values are gaps. One bar per
/// session while a session is at least two pixels wide; denser, each pixel
/// column draws the highest and the lowest value of its sessions, so the
/// envelope looks the same at any zoom (as the decimated lines).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBars<'a> {
    pub label: String,
    pub values: &'a [Option<f64>],
    /// The session of `values[0]` (and of `direction`'s first values).
    pub first: usize,
    pub up: Ink,
    pub down: Ink,
    /// The (open, close) columns that colour each bar instead of its sign,
    /// indexed as `values`.
    pub direction: Option<OpenClose<'a>>,
}

/// A session's open and close columns (what colours a volume bar).
pub type OpenClose<'a> = (&'a [Option<f64>], &'a [Option<f64>]);

/// How price bars are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CandleStyle {
    /// A body from open to close on a wick from low to high.
    #[default]
    Candles,
    /// A vertical bar from low to high, the open ticked left, the close
    /// right.
    Ohlc,
}

/// A price series drawn as candles or OHLC bars, `up` where the close is at
/// or above the open, `down` below. One bar per session while a session is
/// at least three pixels wide; denser, one per pixel column with the
/// column's first open, highest high, lowest low and last close
/// ([`ohlc_bars`](crate::chart::decimate::ohlc_bars)), drawn as a 1 px
/// bar from low to high: no extreme is hidden and the element count is
/// bounded by the width. Its last visible close is labelled on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartCandles<'a> {
    pub label: String,
    pub ohlc: Ohlc<'a>,
    /// The session of the columns' first values.
    pub first: usize,
    pub style: CandleStyle,
    pub up: Ink,
    pub down: Ink,
}

/// A horizontal reference line (RSI 70/30, base 100, a ratio's average, a
/// target level); always inside the y range.
#[derive(Debug, Clone, PartialEq)]
pub struct HLine {
    pub value: f64,
    pub label: String,
    pub color: Ink,
    pub dashed: bool,
}

/// The area between `values` and `level` where the values are above it
/// (`above`) or below it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdFill<'a> {
    pub values: &'a [Option<f64>],
    /// The session of `values[0]`.
    pub first: usize,
    pub level: f64,
    pub above: bool,
    pub color: Ink,
}

/// A translucent vertical span of sessions (a regime episode, a recession).
#[derive(Debug, Clone, PartialEq)]
pub struct Shade {
    pub sessions: Range<usize>,
    pub color: Ink,
    pub label: Option<String>,
}

/// A point event: with a value, a small triangle just above it (a record
/// high); without, a tick hanging from the plot's top edge (an FOMC meeting).
/// Labels are drawn only where they collide with nothing, and a label shared
/// by several markers only on the latest of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub index: usize,
    pub value: Option<f64>,
    pub label: String,
    pub color: Ink,
}

/// Draws `chart` on `root` at device-pixel ratio `scale` and returns where
/// the plot went, for the crosshair.
///
/// Fonts, margins and line widths are CSS sizes × `scale`; the backend's
/// pixels are CSS pixels × `scale` (a canvas whose backing store is its CSS
/// size × devicePixelRatio). Lines are decimated to the plot's pixel width.
pub fn draw_time_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &TimeChart,
    theme: &ChartTheme,
    scale: f64,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    };
    let pen = Pen { root, scale };
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let base = root.get_base_pixel();
    let base = (f64::from(base.0), f64::from(base.1));
    let end = chart.visible.end.min(chart.dates.len());
    let visible = chart.visible.start.min(end)..end;
    let mut geometry = PlotGeometry {
        left: pen.px(LEFT_MARGIN),
        right: w - pen.px(Y_AXIS_WIDTH),
        top: pen.px(TOP_MARGIN),
        bottom: h - pen.px(X_AXIS_HEIGHT),
        visible: visible.start..visible.start,
        y_lo: 0.0,
        y_hi: 1.0,
        log: chart.log,
        scale,
    };
    root.fill(&theme.background)?;
    let too_small = geometry.right - geometry.left < pen.px(16.0)
        || geometry.bottom - geometry.top < pen.px(16.0);
    if too_small || visible.is_empty() {
        pen.placeholder(&chart.empty_note, alpha(theme.muted, 1.0))?;
        root.present()?;
        return Ok(geometry.shifted(base));
    }
    geometry.visible = visible.clone();
    // Each line and fill decimated once, for the y range and the drawing; a
    // fill over a line's own column (RSI beyond 70) reuses the line's.
    let lines: Vec<Segments> = chart
        .lines
        .iter()
        .map(|l| decimated(&geometry, l.values, l.first))
        .collect();
    let same = |a: &[Option<f64>], b: &[Option<f64>]| std::ptr::eq(a, b);
    let own_fills: Vec<Option<Segments>> = chart
        .fills
        .iter()
        .map(|f| {
            let shared = chart
                .lines
                .iter()
                .any(|l| l.first == f.first && same(l.values, f.values));
            (!shared).then(|| decimated(&geometry, f.values, f.first))
        })
        .collect();
    let fills: Vec<&Segments> = chart
        .fills
        .iter()
        .zip(&own_fills)
        .map(|(f, own)| {
            own.as_ref().unwrap_or_else(|| {
                let k = chart
                    .lines
                    .iter()
                    .position(|l| l.first == f.first && same(l.values, f.values))
                    .unwrap_or_default();
                &lines[k]
            })
        })
        .collect();
    let lines: Vec<&Segments> = lines.iter().collect();
    let all: Vec<&Segments> = lines.iter().chain(&fills).copied().collect();
    let Some(data) = data_extent(chart, &visible, &all) else {
        geometry.visible = visible.start..visible.start;
        pen.placeholder(&chart.empty_note, alpha(theme.muted, 1.0))?;
        root.present()?;
        return Ok(geometry.shifted(base));
    };

    let mut taken = Occupied::default();
    let title = chart
        .title
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| title_box(&pen, &geometry, t));
    let legend = if chart.legend {
        legend_layout(
            &pen,
            &geometry,
            chart,
            title.as_ref().map_or(geometry.top, |(_, r)| r.y1),
        )
    } else {
        Vec::new()
    };
    let reserved = legend
        .iter()
        .map(|(_, _, r)| r.y1)
        .chain(title.as_ref().map(|(_, r)| r.y1))
        .fold(geometry.top, f64::max)
        - geometry.top;
    let headroom = (reserved / (geometry.bottom - geometry.top)).min(0.4);
    (geometry.y_lo, geometry.y_hi) = y_range(chart, data, headroom);
    let boxes = title
        .iter()
        .map(|(_, r)| r)
        .chain(legend.iter().map(|(_, _, r)| r));
    for r in boxes {
        taken.take(r.grow(pen.px(2.0)));
    }

    draw_shading(&pen, &geometry, chart, theme)?;
    draw_axes(&pen, &geometry, chart, theme)?;
    draw_fills(&pen, &geometry, chart, theme, &fills)?;
    draw_bars(&pen, &geometry, chart, theme)?;
    draw_candles(&pen, &geometry, chart, theme)?;
    draw_hlines(&pen, &geometry, chart, theme)?;
    draw_lines(&pen, &geometry, chart, theme, &lines)?;
    draw_last_values(&pen, &geometry, chart, theme)?;
    draw_markers(&pen, &geometry, chart, theme, &mut taken)?;
    // Labels after the lines, over a backing: a line never hides a target.
    draw_hline_labels(&pen, &geometry, chart, theme, &mut taken)?;
    draw_shade_labels(&pen, &geometry, chart, theme, &mut taken)?;
    // No backing behind the title: the headroom keeps data from under it,
    // and a box would notch the shading and grid.
    if let Some((text, area)) = &title {
        pen.text(
            text,
            (area.x0, area.y0),
            TITLE_FONT,
            alpha(theme.text, 1.0),
            Pos::new(HPos::Left, VPos::Top),
            true,
        )?;
    }
    draw_legend(&pen, chart, theme, &legend)?;
    root.present()?;
    Ok(geometry.shifted(base))
}
