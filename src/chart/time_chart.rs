//! The one time-series chart every time panel is a spec of: price with SMAs
//! and targets, rebased compare lines, the small/large ratio, RSI with its
//! bands, macro small multiples.
//!
//! X is the session index on a shared calendar, so there are no weekend or
//! holiday gaps (as on trading charts) and stacked panels line up session for
//! session. The price axis is on the right, TradingView-style, with a fixed
//! width: every chart of the same width has the same plot rectangle, which is
//! what lets one crosshair run through stacked panels ([`PlotGeometry`]).

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::decimate::decimate_where;
use super::paint::{alpha, text_height, DrawResult, Occupied, Pen, Rect};
use super::theme::{ChartTheme, Ink};
use super::ticks::{date_ticks, linear_ticks, log_ticks, tick_labels, YFormat};

/// Layout in CSS pixels (multiplied by the device-pixel ratio when drawn).
/// Fixed, never measured from labels: see the module docs.
const LEFT_MARGIN: f64 = 8.0;
/// The y-axis column on the right, labels included.
pub const Y_AXIS_WIDTH: f64 = 64.0;
const TOP_MARGIN: f64 = 8.0;
/// The date-label strip under the plot.
pub const X_AXIS_HEIGHT: f64 = 24.0;
/// How far outside the plot (CSS px) a pointer still picks a session.
const PICK_SLACK: f64 = 4.0;
/// Share of the data's y span added above and below it.
const Y_PAD: f64 = 0.06;

const AXIS_FONT: f64 = 11.0;
const LABEL_FONT: f64 = 10.5;
const TITLE_FONT: f64 = 12.0;
const SHADE_OPACITY: f64 = 0.16;
const FILL_OPACITY: f64 = 0.24;

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

/// Where a drawn chart put things, in backend pixels of the drawing area's
/// backend (canvas pixels = CSS pixels × scale): what a crosshair needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotGeometry {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// The sessions drawn; empty when nothing was (placeholder).
    pub visible: Range<usize>,
    /// The y range of the plot, padded, in real units (also on a log scale).
    pub y_lo: f64,
    pub y_hi: f64,
    pub log: bool,
    /// The device-pixel ratio the chart was drawn at.
    pub scale: f64,
}

impl PlotGeometry {
    fn sessions(&self) -> f64 {
        self.visible.len().max(1) as f64
    }

    /// Width of one session's slot; sessions sit at slot centres.
    pub fn slot(&self) -> f64 {
        (self.right - self.left) / self.sessions()
    }

    /// The session under backend-pixel `x`, clamped into `visible`; `None`
    /// when `x` is more than a few pixels outside the plot or nothing is drawn.
    pub fn index_at(&self, x: f64) -> Option<usize> {
        let slack = PICK_SLACK * self.scale;
        if self.visible.is_empty()
            || !x.is_finite()
            || x < self.left - slack
            || x > self.right + slack
        {
            return None;
        }
        let k = ((x - self.left) / self.slot()).floor().max(0.0) as usize;
        Some(self.visible.start + k.min(self.visible.len() - 1))
    }

    /// Backend-pixel x of a session (the centre of its slot; sessions outside
    /// `visible` extrapolate past the plot's edges).
    pub fn x_of(&self, index: usize) -> f64 {
        let k = index as f64 - self.visible.start as f64;
        self.left + (k + 0.5) * self.slot()
    }

    fn frac_of(&self, value: f64) -> Option<f64> {
        if !value.is_finite() {
            return None;
        }
        let f = if self.log {
            if value <= 0.0 || self.y_lo <= 0.0 {
                return None;
            }
            (value / self.y_lo).ln() / (self.y_hi / self.y_lo).ln()
        } else {
            (value - self.y_lo) / (self.y_hi - self.y_lo)
        };
        f.is_finite().then_some(f)
    }

    /// Backend-pixel y of a value (log aware); `None` for a value the scale
    /// cannot place. Values outside `y_lo..y_hi` map outside the plot.
    pub fn y_of(&self, value: f64) -> Option<f64> {
        self.frac_of(value)
            .map(|f| self.bottom - f * (self.bottom - self.top))
    }

    /// The value at backend-pixel `y` (the crosshair's price readout).
    pub fn value_at(&self, y: f64) -> Option<f64> {
        let f = (self.bottom - y) / (self.bottom - self.top);
        let v = if self.log {
            self.y_lo * (self.y_hi / self.y_lo).powf(f)
        } else {
            self.y_lo + f * (self.y_hi - self.y_lo)
        };
        v.is_finite().then_some(v)
    }

    /// The same geometry moved by `(dx, dy)` backend pixels.
    fn shifted(mut self, (dx, dy): (f64, f64)) -> Self {
        self.left += dx;
        self.right += dx;
        self.top += dy;
        self.bottom += dy;
        self
    }
}

/// Whether a value is drawable on the chart's scale.
fn drawable(log: bool) -> fn(f64) -> bool {
    if log {
        |v| v.is_finite() && v > 0.0
    } else {
        f64::is_finite
    }
}

/// Extremes of the drawable values a chart shows in `visible`: lines, fills
/// and valued markers. `None` when there is nothing to plot.
fn data_extent(chart: &TimeChart, visible: &Range<usize>) -> Option<(f64, f64)> {
    let keep = drawable(chart.log);
    let window = |values: &[Option<f64>], first: usize| {
        let local = local_window(visible, values.len(), first);
        values[local]
            .iter()
            .filter_map(|v| v.filter(|v| keep(*v)))
            .fold(None, |acc: Option<(f64, f64)>, v| {
                Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    };
    let markers = chart
        .markers
        .iter()
        .filter(|m| visible.contains(&m.index))
        .filter_map(|m| m.value.filter(|v| keep(*v)))
        .map(|v| Some((v, v)));
    chart
        .lines
        .iter()
        .map(|l| window(l.values, l.first))
        .chain(chart.fills.iter().map(|f| window(f.values, 0)))
        .chain(markers)
        .flatten()
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}

/// The padded y range: the data and every hline (a +17% target far above
/// the data must still show), 6% above and below, plus `headroom` (a share
/// of the plot height) on top for the title and legend.
fn y_range(chart: &TimeChart, data: (f64, f64), headroom: f64) -> (f64, f64) {
    let keep = drawable(chart.log);
    let (lo, hi) = chart
        .hlines
        .iter()
        .map(|h| h.value)
        .filter(|v| keep(*v))
        .fold(data, |(lo, hi), v| (lo.min(v), hi.max(v)));
    // Pad in the axis' own space: linear, or log.
    type Map = fn(f64) -> f64;
    let (to, from): (Map, Map) = if chart.log {
        (f64::ln, f64::exp)
    } else {
        (|v| v, |v| v)
    };
    let (a, b) = (to(lo), to(hi));
    let span = if b > a {
        b - a
    } else if chart.log {
        0.02
    } else {
        (a.abs() * 0.02).max(1e-9)
    };
    let (a, b) = if b > a {
        (a, b)
    } else {
        (a - span / 2.0, b + span / 2.0)
    };
    let total = span / (1.0 - 2.0 * Y_PAD - headroom);
    (
        from(a - Y_PAD * total),
        from(b + (Y_PAD + headroom) * total),
    )
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
    let data = data_extent(chart, &visible);
    let Some(data) = data.filter(|_| !too_small && !visible.is_empty()) else {
        pen.placeholder(&chart.empty_note, alpha(theme.muted, 1.0))?;
        root.present()?;
        return Ok(geometry.shifted(base));
    };
    geometry.visible = visible;

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
    draw_fills(&pen, &geometry, chart, theme)?;
    draw_hlines(&pen, &geometry, chart, theme)?;
    draw_lines(&pen, &geometry, chart, theme)?;
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

fn title_box<DB: DrawingBackend>(pen: &Pen<DB>, g: &PlotGeometry, text: &str) -> (String, Rect) {
    let at = (g.left + pen.px(6.0), g.top + pen.px(4.0));
    let text = pen.fit(text, TITLE_FONT, g.right - at.0 - pen.px(6.0));
    let area = pen.text_box(&text, TITLE_FONT, at, Pos::new(HPos::Left, VPos::Top));
    (text, area)
}

fn draw_shading<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    for shade in &chart.shading {
        if let Some(area) = shade_box(g, shade) {
            pen.fill_rect(area, theme.ink(shade.color).mix(SHADE_OPACITY))?;
        }
    }
    Ok(())
}

/// The plot-height box of a shade's visible sessions, edge to edge of their
/// slots (so adjacent episodes tile without seams).
fn shade_box(g: &PlotGeometry, shade: &Shade) -> Option<Rect> {
    let start = shade.sessions.start.max(g.visible.start);
    let end = shade.sessions.end.min(g.visible.end);
    if start >= end {
        return None;
    }
    let half = g.slot() / 2.0;
    let x0 = (g.x_of(start) - half).max(g.left);
    let x1 = (g.x_of(end - 1) + half).min(g.right).max(x0 + 1.0);
    Some(Rect {
        x0,
        y0: g.top,
        x1,
        y1: g.bottom,
    })
}

fn draw_axes<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    let grid = alpha(theme.grid, 1.0);
    let axis = theme.muted.mix(0.45);
    let (w, _) = pen.root.dim_in_pixel();

    // Y: nice ticks about 40 CSS px apart, labels in the right-hand column.
    let height = g.bottom - g.top;
    let target = (height / pen.px(40.0)).round().clamp(2.0, 10.0) as usize;
    let place = |v: f64| g.y_of(v).unwrap_or(f64::NAN);
    let ticks = if g.log {
        log_ticks(g.y_lo, g.y_hi, target, pen.px(22.0), place)
    } else {
        linear_ticks(g.y_lo, g.y_hi, target)
    };
    let room = pen.px(Y_AXIS_WIDTH - 10.0);
    let mut labels = tick_labels(&ticks, chart.y_format);
    // Too wide for the fixed column (a price in the millions with decimals):
    // read compact rather than be cut off.
    if labels.iter().any(|l| pen.text_width(l, AXIS_FONT) > room) {
        labels = tick_labels(&ticks, YFormat::Compact);
    }
    let half_line = pen.px(AXIS_FONT) * 0.6;
    for (tick, label) in ticks.iter().zip(&labels) {
        let Some(y) = g.y_of(*tick) else { continue };
        if y < g.top - 0.5 || y > g.bottom + 0.5 {
            continue;
        }
        pen.hrule(g.left, g.right, y, 1.0, grid)?;
        // Labels stay clear of the date strip and the canvas' top edge.
        if y - half_line >= 0.0 && y + half_line <= g.bottom + pen.px(4.0) {
            pen.text(
                label,
                (g.right + pen.px(6.0), y),
                AXIS_FONT,
                alpha(theme.muted, 1.0),
                Pos::new(HPos::Left, VPos::Center),
                false,
            )?;
        }
    }

    // X: date ticks at period starts, labels never overlapping nor spilling
    // into the y-axis column.
    let ticks = date_ticks(
        chart.dates,
        g.visible.clone(),
        |i| g.x_of(i),
        |t| pen.text_width(t, AXIS_FONT),
        pen.px(60.0),
        pen.px(10.0),
        (pen.px(2.0), g.right.min(f64::from(w) - pen.px(2.0))),
    );
    for tick in &ticks {
        let x = g.x_of(tick.index);
        pen.vrule(x, g.top, g.bottom, 1.0, grid)?;
        let color = if tick.major { theme.text } else { theme.muted };
        pen.text(
            &tick.label,
            (x, g.bottom + pen.px(6.0)),
            AXIS_FONT,
            alpha(color, 1.0),
            Pos::new(HPos::Center, VPos::Top),
            tick.major,
        )?;
    }
    pen.hrule(g.left, g.right, g.bottom, 1.0, axis)?;
    pen.vrule(g.right, g.top, g.bottom, 1.0, axis)
}

/// The part of `visible` (calendar sessions) a column of `len` values
/// starting at session `first` covers, as indices into the column.
fn local_window(visible: &Range<usize>, len: usize, first: usize) -> Range<usize> {
    let end = visible.end.saturating_sub(first).min(len);
    visible.start.saturating_sub(first).min(end)..end
}

/// A line's decimated segments in backend pixels, consecutive duplicates
/// dropped (several sessions often share a pixel).
fn pixel_segments(
    g: &PlotGeometry,
    values: &[Option<f64>],
    first: usize,
    step: bool,
) -> Vec<Vec<(i32, i32)>> {
    let columns = (g.right - g.left).round().max(1.0) as usize;
    let local = local_window(&g.visible, values.len(), first);
    decimate_where(values, local, columns, drawable(g.log))
        .into_iter()
        .map(|segment| {
            let mut out: Vec<(i32, i32)> =
                Vec::with_capacity(segment.len() * if step { 2 } else { 1 });
            let mut push = |p: (i32, i32)| {
                if out.last() != Some(&p) {
                    out.push(p);
                }
            };
            let mut previous_y = None;
            for (i, v) in segment {
                let x = g.x_of(first + i).round() as i32;
                let y = g.y_of(v).unwrap_or(g.bottom).round() as i32;
                if let (true, Some(py)) = (step, previous_y) {
                    // Held until this session: across, then up or down.
                    push((x, py));
                }
                push((x, y));
                previous_y = Some(y);
            }
            out
        })
        .collect()
}

fn draw_fills<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    for fill in &chart.fills {
        let Some(level) = g.y_of(fill.level) else {
            continue;
        };
        let color = theme.ink(fill.color).mix(FILL_OPACITY);
        for segment in pixel_segments(g, fill.values, 0, false) {
            if let Some(polygon) = threshold_polygon(&segment, level, fill.above) {
                pen.polygon(polygon, color)?;
            }
        }
    }
    Ok(())
}

/// One polygon per segment: the line clamped to the level, with the exact
/// crossing points added, closed along the level. Where the line is not
/// beyond the level the polygon has no area, so runs need not be split (one
/// element per segment instead of one per run, however often RSI crosses 70).
fn threshold_polygon(segment: &[(i32, i32)], level: f64, above: bool) -> Option<Vec<(i32, i32)>> {
    // Pixel y grows downwards: "above" the level is a smaller y.
    let beyond = |y: f64| if above { y < level } else { y > level };
    if segment.len() < 2 || !segment.iter().any(|p| beyond(f64::from(p.1))) {
        return None;
    }
    let ly = level.round() as i32;
    let clamp = |(x, y): (i32, i32)| (x, if beyond(f64::from(y)) { y } else { ly });
    let mut out = Vec::with_capacity(segment.len() + 4);
    out.push((segment[0].0, ly));
    for w in segment.windows(2) {
        let (a, b) = (w[0], w[1]);
        out.push(clamp(a));
        let (ya, yb) = (f64::from(a.1), f64::from(b.1));
        if beyond(ya) != beyond(yb) && ya != yb {
            let t = (level - ya) / (yb - ya);
            let x = f64::from(a.0) + t * f64::from(b.0 - a.0);
            out.push((x.round() as i32, ly));
        }
    }
    if let Some(last) = segment.last() {
        out.push(clamp(*last));
        out.push((last.0, ly));
    }
    Some(out)
}

fn draw_hlines<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    for line in &chart.hlines {
        let Some(y) = g.y_of(line.value) else {
            continue;
        };
        let color = alpha(theme.ink(line.color), 0.75);
        if line.dashed {
            pen.dashed_hrule(g.left, g.right, y, 1.0, color)?;
        } else {
            pen.hrule(g.left, g.right, y, 1.0, color)?;
        }
    }
    Ok(())
}

fn draw_lines<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    // Denser than a session per pixel column, a line is a min/max zigzag:
    // drawn 1 px wide it reads as sharply as TradingView's long ranges, and
    // a wide stroke of thousands of joins is the costliest thing a software
    // rasteriser does (4 lines of 4,000 points: ~1 ms at 1 px, ~14 ms at 2).
    let dense = g.visible.len() as f64 > 1.5 * (g.right - g.left) / g.scale.max(1.0);
    for line in &chart.lines {
        let color = alpha(theme.ink(line.color), 1.0);
        let css_width = if dense { 1 } else { line.width.max(1) };
        let width = pen.stroke(f64::from(css_width));
        for segment in pixel_segments(g, line.values, line.first, line.step) {
            match segment.as_slice() {
                // A lone value between gaps would be invisible as a path.
                [p] => pen.dot(
                    (f64::from(p.0), f64::from(p.1)),
                    f64::from(width).max(pen.px(1.5)),
                    color,
                )?,
                _ if line.dashed => pen.dashed_path(&segment, color, width)?,
                _ => pen.path(segment, color, width)?,
            }
        }
    }
    Ok(())
}

fn draw_markers<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
    taken: &mut Occupied,
) -> DrawResult<DB> {
    let plot = plot_rect(g);
    let (half, tall) = (pen.px(4.0), pen.px(6.0));
    let shown = || {
        chart
            .markers
            .iter()
            .filter(|m| g.visible.contains(&m.index))
    };
    // A label repeated on many markers ("FOMC" eight times a year) is
    // drawn once, on the latest: the rest would be clutter.
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for m in shown() {
        let at = latest.entry(m.label.as_str()).or_insert(m.index);
        *at = (*at).max(m.index);
    }
    for marker in shown() {
        let color = theme.ink(marker.color);
        let x = g.x_of(marker.index);
        // Triangles point down at what they mark: a value, or the top edge.
        let (tip, label_pos) = match marker.value {
            Some(v) => match g.y_of(v) {
                Some(y) if drawable(g.log)(v) => {
                    let tip = y - pen.px(3.0);
                    (tip, (x, tip - tall - pen.px(2.0), VPos::Bottom))
                }
                _ => continue,
            },
            None => {
                let tip = g.top + tall;
                (tip, (x, tip + pen.px(2.0), VPos::Top))
            }
        };
        let triangle = vec![
            ((x - half).round() as i32, (tip - tall).round() as i32),
            ((x + half).round() as i32, (tip - tall).round() as i32),
            (x.round() as i32, tip.round() as i32),
        ];
        pen.polygon(triangle, alpha(color, 1.0))?;
        if marker.label.is_empty() || latest.get(marker.label.as_str()) != Some(&marker.index) {
            continue;
        }
        let (lx, ly, v) = label_pos;
        let pos = Pos::new(HPos::Center, v);
        let area = pen.text_box(&marker.label, LABEL_FONT, (lx, ly), pos);
        if area.inside(&plot) && taken.claim(area.grow(pen.px(2.0))) {
            pen.text(
                &marker.label,
                (lx, ly),
                LABEL_FONT,
                alpha(color, 1.0),
                pos,
                false,
            )?;
        }
    }
    Ok(())
}

fn plot_rect(g: &PlotGeometry) -> Rect {
    Rect {
        x0: g.left,
        y0: g.top,
        x1: g.right,
        y1: g.bottom,
    }
}

/// Hline labels sit right-aligned just above their line (below it at the
/// top edge); a label that would collide moves away from its line in
/// label-height steps, and is left out rather than drawn over another.
fn draw_hline_labels<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
    taken: &mut Occupied,
) -> DrawResult<DB> {
    let plot = plot_rect(g);
    let step = text_height(pen.px(LABEL_FONT)) + pen.px(3.0);
    let x = g.right - pen.px(6.0);
    let mut labelled: Vec<(f64, &HLine)> = chart
        .hlines
        .iter()
        .filter(|l| !l.label.is_empty())
        .filter_map(|l| g.y_of(l.value).map(|y| (y, l)))
        .collect();
    labelled.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (y, line) in labelled {
        let above = (y - pen.px(3.0), VPos::Bottom);
        let below = (y + pen.px(3.0), VPos::Top);
        let offsets = (0..8).map(|k| f64::from(k) * step);
        let candidates = offsets.flat_map(|d| [(above.0 - d, above.1), (below.0 + d, below.1)]);
        for (ly, v) in candidates {
            let area = pen.text_box(&line.label, LABEL_FONT, (x, ly), Pos::new(HPos::Right, v));
            if area.grow(pen.px(2.0)).inside(&plot) && taken.claim(area.grow(pen.px(2.0))) {
                pen.label(
                    &line.label,
                    area,
                    LABEL_FONT,
                    alpha(theme.ink(line.color), 1.0),
                    theme.background.mix(0.75),
                )?;
                break;
            }
        }
    }
    Ok(())
}

fn draw_shade_labels<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
    taken: &mut Occupied,
) -> DrawResult<DB> {
    let plot = plot_rect(g);
    for shade in &chart.shading {
        let (Some(label), Some(span)) = (shade.label.as_deref(), shade_box(g, shade)) else {
            continue;
        };
        let at = (span.x0 + pen.px(4.0), g.bottom - pen.px(4.0));
        let pos = Pos::new(HPos::Left, VPos::Bottom);
        let area = pen.text_box(label, LABEL_FONT, at, pos);
        // Only inside its own span: a label must say which span it names.
        if area.x1 <= span.x1 && area.inside(&plot) && taken.claim(area.grow(pen.px(2.0))) {
            pen.text(label, at, LABEL_FONT, alpha(theme.muted, 1.0), pos, false)?;
        }
    }
    Ok(())
}

/// Legend entries (line index, label as drawn, box) flowing left to right
/// under `top`, wrapping at the plot's width.
fn legend_layout<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    top: f64,
) -> Vec<(usize, String, Rect)> {
    let sample = pen.px(LEGEND_SAMPLE + 5.0);
    let row = text_height(pen.px(AXIS_FONT)) + pen.px(4.0);
    let (x0, x_max) = (g.left + pen.px(6.0), g.right - pen.px(6.0));
    let (mut x, mut y) = (x0, top + pen.px(6.0));
    let mut out = Vec::new();
    for (i, line) in chart.lines.iter().enumerate() {
        if line.label.is_empty() {
            continue;
        }
        let label = pen.fit(&line.label, AXIS_FONT, x_max - x0 - sample);
        let w = sample + pen.text_width(&label, AXIS_FONT);
        if x > x0 && x + w > x_max {
            x = x0;
            y += row;
        }
        out.push((
            i,
            label,
            Rect {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + row - pen.px(4.0),
            },
        ));
        x += w + pen.px(14.0);
    }
    out
}

const LEGEND_SAMPLE: f64 = 16.0;

fn draw_legend<DB: DrawingBackend>(
    pen: &Pen<DB>,
    chart: &TimeChart,
    theme: &ChartTheme,
    entries: &[(usize, String, Rect)],
) -> DrawResult<DB> {
    let Some(frame) = entries.iter().map(|(_, _, r)| *r).reduce(|a, b| Rect {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    }) else {
        return Ok(());
    };
    let frame = frame.grow(pen.px(5.0));
    pen.fill_rect(frame, theme.background.mix(0.88))?;
    pen.outline_rect(frame, alpha(theme.grid, 1.0))?;
    for (i, label, area) in entries {
        let Some(line) = chart.lines.get(*i) else {
            continue;
        };
        let color = alpha(theme.ink(line.color), 1.0);
        let y = (area.y0 + area.y1) / 2.0;
        let sample = vec![
            (area.x0.round() as i32, y.round() as i32),
            (
                (area.x0 + pen.px(LEGEND_SAMPLE)).round() as i32,
                y.round() as i32,
            ),
        ];
        let width = pen.stroke(f64::from(line.width.clamp(1, 3)));
        if line.dashed {
            pen.dashed_path(&sample, color, width)?;
        } else {
            pen.path(sample, color, width)?;
        }
        pen.text(
            label,
            (area.x0 + pen.px(LEGEND_SAMPLE + 5.0), y),
            AXIS_FONT,
            alpha(theme.text, 1.0),
            Pos::new(HPos::Left, VPos::Center),
            false,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(log: bool) -> PlotGeometry {
        PlotGeometry {
            left: 10.0,
            right: 110.0,
            top: 0.0,
            bottom: 100.0,
            visible: 50..60,
            y_lo: 1.0,
            y_hi: 100.0,
            log,
            scale: 1.0,
        }
    }

    #[test]
    fn sessions_sit_at_slot_centres_and_pick_back() {
        let g = geometry(false);
        assert_eq!(g.x_of(50), 15.0);
        for i in 50..60 {
            assert_eq!(g.index_at(g.x_of(i)), Some(i));
        }
        assert_eq!(g.index_at(8.0), Some(50));
        assert_eq!(g.index_at(112.0), Some(59));
        assert_eq!(g.index_at(0.0), None);
        assert_eq!(g.index_at(200.0), None);
    }

    #[test]
    fn log_geometry_places_decades_evenly() {
        let g = geometry(true);
        assert_eq!(g.y_of(1.0), Some(100.0));
        assert_eq!(g.y_of(10.0), Some(50.0));
        assert_eq!(g.y_of(0.0), None);
        assert!((g.value_at(50.0).unwrap_or(0.0) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn the_fill_follows_the_line_beyond_the_level_only() {
        // Level at y = 50; the line rises above it (smaller y) in the middle.
        let segment = [(0, 60), (10, 40), (20, 60)];
        let polygon = threshold_polygon(&segment, 50.0, true).unwrap_or_default();
        assert_eq!(
            polygon,
            [
                (0, 50),
                (0, 50),
                (5, 50),
                (10, 40),
                (15, 50),
                (20, 50),
                (20, 50)
            ]
        );
        assert!(threshold_polygon(&segment, 30.0, true).is_none());
    }
}
