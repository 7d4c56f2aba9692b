//! Where a time chart puts things: the fixed layout (margins, the y-axis
//! column, the date strip), [`PlotGeometry`] (session and value to backend
//! pixel and back, what the crosshair reads), the data extent and padded y
//! range, and the plot and shade boxes.

use std::ops::Range;

use super::{Shade, TimeChart};
use crate::chart::paint::Rect;

/// Layout in CSS pixels (multiplied by the device-pixel ratio when drawn).
/// Fixed, never measured from labels: see the `time_chart` module docs.
pub(super) const LEFT_MARGIN: f64 = 8.0;
/// The y-axis column on the right, labels included.
pub const Y_AXIS_WIDTH: f64 = 64.0;
pub(super) const TOP_MARGIN: f64 = 8.0;
/// The date-label strip under the plot.
pub const X_AXIS_HEIGHT: f64 = 24.0;
/// How far outside the plot (CSS px) a pointer still picks a session.
const PICK_SLACK: f64 = 4.0;
/// Share of the data's y span added above and below it.
const Y_PAD: f64 = 0.06;

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
    pub(super) fn shifted(mut self, (dx, dy): (f64, f64)) -> Self {
        self.left += dx;
        self.right += dx;
        self.top += dy;
        self.bottom += dy;
        self
    }
}

/// Whether a value is drawable on the chart's scale.
pub(super) fn drawable(log: bool) -> fn(f64) -> bool {
    if log {
        |v| v.is_finite() && v > 0.0
    } else {
        f64::is_finite
    }
}

/// A column's visible values decimated to the plot's pixel columns
/// (`decimate_where`), as segments of (index into the column, value).
pub(super) type Segments = Vec<Vec<(usize, f64)>>;

/// Extremes of the drawable values a chart shows in `visible`: lines, fills,
/// bars (with their base, 0), candles' highs, lows and closes, and valued
/// markers. `None` when there is
/// nothing to plot.
///
/// Lines and fills are read from their decimated `segments` (in
/// `chart.lines` then `chart.fills` order): decimation keeps every pixel
/// column's minimum and maximum, so their extremes are the data's, without
/// a second pass over thousands of sessions.
pub(super) fn data_extent(
    chart: &TimeChart,
    visible: &Range<usize>,
    segments: &[&Segments],
) -> Option<(f64, f64)> {
    let keep = drawable(chart.log);
    let decimated = segments.iter().map(|segments| {
        segments
            .iter()
            .flatten()
            .fold(None, |acc: Option<(f64, f64)>, &(_, v)| {
                Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    });
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
    decimated
        .chain(
            chart
                .bars
                .iter()
                .filter(|_| !chart.log)
                .map(|b| window(b.values, b.first).map(|(lo, hi)| (lo.min(0.0), hi.max(0.0)))),
        )
        .chain(
            chart
                .candles
                .iter()
                .flat_map(|c| [c.ohlc.high, c.ohlc.low, c.ohlc.close].map(|col| (col, c.first)))
                .map(|(column, first)| window(column, first)),
        )
        .chain(markers)
        .flatten()
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}

/// The padded y range: the data and every hline (a +17% target far above
/// the data must still show), 6% above and below, plus `headroom` (a share
/// of the plot height) on top for the title and legend.
pub(super) fn y_range(chart: &TimeChart, data: (f64, f64), headroom: f64) -> (f64, f64) {
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

/// The part of `visible` (calendar sessions) a column of `len` values
/// starting at session `first` covers, as indices into the column.
pub(super) fn local_window(visible: &Range<usize>, len: usize, first: usize) -> Range<usize> {
    let end = visible.end.saturating_sub(first).min(len);
    visible.start.saturating_sub(first).min(end)..end
}

pub(super) fn plot_rect(g: &PlotGeometry) -> Rect {
    Rect {
        x0: g.left,
        y0: g.top,
        x1: g.right,
        y1: g.bottom,
    }
}

/// The plot-height box of a shade's visible sessions, edge to edge of their
/// slots (so adjacent episodes tile without seams).
pub(super) fn shade_box(g: &PlotGeometry, shade: &Shade) -> Option<Rect> {
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
}
