//! The relative rotation graph: each series' recent path through RS-Ratio ×
//! RS-Momentum space around the benchmark at (100, 100). The points are the
//! engine's approximation (`engine::indicators::rrg`), labelled as such; this
//! module only draws them.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::paint::{alpha, text_height, DrawResult, Occupied, Pen, Rect, FONT};
use super::theme::{ChartTheme, Ink};
use super::ticks::{linear_ticks, tick_labels, YFormat};

/// One series' tail, oldest point first; the last point is the head.
#[derive(Debug, Clone, PartialEq)]
pub struct RrgTail {
    pub label: String,
    pub color: Ink,
    /// `(week, rs_ratio, rs_momentum)`.
    pub points: Vec<(NaiveDate, f64, f64)>,
}

/// What the rotation graph draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RrgChart {
    pub tails: Vec<RrgTail>,
    /// Small print under the graph, e.g. "Approximation of JdK RS-Ratio /
    /// RS-Momentum".
    pub note: String,
}

/// Shown when no tail has a point.
pub const RRG_EMPTY_NOTE: &str = "Not enough weekly history for a rotation graph yet";

const AXIS_FONT: f64 = 11.0;
const QUADRANT_FONT: f64 = 12.0;
const NOTE_FONT: f64 = 10.0;
const LABEL_FONT: f64 = 11.0;

/// The quadrants clockwise from top-right, with the colour each is tinted.
const QUADRANTS: [(&str, bool, bool, Ink); 4] = [
    ("Leading", true, true, Ink::Up),
    ("Weakening", true, false, Ink::Shade(3)),
    ("Lagging", false, false, Ink::Down),
    ("Improving", false, true, Ink::Shade(4)),
];

/// Draws the graph on `root` at device-pixel ratio `scale` (see
/// [`super::draw_time_chart`] for how sizes scale).
pub fn draw_rrg<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &RrgChart,
    theme: &ChartTheme,
    scale: f64,
) -> DrawResult<DB> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    };
    let pen = Pen { root, scale };
    root.fill(&theme.background)?;
    let finite = |p: &&(NaiveDate, f64, f64)| p.1.is_finite() && p.2.is_finite();
    let reach = chart
        .tails
        .iter()
        .flat_map(|t| t.points.iter().filter(finite))
        .map(|p| (p.1 - 100.0).abs().max((p.2 - 100.0).abs()))
        .reduce(f64::max);
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));

    // A square plot, centred, with room for the labels and the note.
    let (left, right, top) = (pen.px(52.0), pen.px(14.0), pen.px(12.0));
    let bottom = pen.px(if chart.note.is_empty() { 40.0 } else { 56.0 });
    let side = (w - left - right).min(h - top - bottom);
    let Some(reach) = reach.filter(|_| side >= pen.px(60.0)) else {
        pen.placeholder(RRG_EMPTY_NOTE, alpha(theme.muted, 1.0))?;
        return root.present();
    };
    let x0 = left + ((w - left - right) - side) / 2.0;
    let plot = Rect {
        x0,
        y0: top,
        x1: x0 + side,
        y1: top + side,
    };
    // Symmetric about 100 so the quadrants are equal; 10% headroom.
    let half = (reach * 1.1).max(0.5);
    let (lo, hi) = (100.0 - half, 100.0 + half);
    let px_x = |v: f64| plot.x0 + (v - lo) / (hi - lo) * side;
    let px_y = |v: f64| plot.y1 - (v - lo) / (hi - lo) * side;
    let (cx, cy) = (px_x(100.0), px_y(100.0));

    // Quadrant tints and their names in the outer corners.
    let mut taken = Occupied::default();
    for (name, right_half, top_half, ink) in QUADRANTS {
        let area = Rect {
            x0: if right_half { cx } else { plot.x0 },
            x1: if right_half { plot.x1 } else { cx },
            y0: if top_half { plot.y0 } else { cy },
            y1: if top_half { cy } else { plot.y1 },
        };
        pen.fill_rect(area, theme.ink(ink).mix(0.09))?;
        let pad = pen.px(8.0);
        let at = (
            if right_half {
                area.x1 - pad
            } else {
                area.x0 + pad
            },
            if top_half {
                area.y0 + pad
            } else {
                area.y1 - pad
            },
        );
        let pos = Pos::new(
            if right_half { HPos::Right } else { HPos::Left },
            if top_half { VPos::Top } else { VPos::Bottom },
        );
        taken.take(pen.text_box(name, QUADRANT_FONT, at, pos).grow(pen.px(3.0)));
        pen.text(
            name,
            at,
            QUADRANT_FONT,
            alpha(theme.ink(ink), 0.95),
            pos,
            true,
        )?;
    }

    // Grid and tick labels, the same ticks on both axes.
    let target = (side / pen.px(48.0)).round().clamp(2.0, 8.0) as usize;
    let ticks = linear_ticks(lo, hi, target);
    let labels = tick_labels(&ticks, YFormat::Number(0));
    let grid = theme.grid.mix(0.8);
    let muted = alpha(theme.muted, 1.0);
    for (t, label) in ticks.iter().zip(&labels) {
        let (x, y) = (px_x(*t), px_y(*t));
        pen.vrule(x, plot.y0, plot.y1, 1.0, grid)?;
        pen.hrule(plot.x0, plot.x1, y, 1.0, grid)?;
        let below = (x, plot.y1 + pen.px(5.0));
        pen.text(
            label,
            below,
            AXIS_FONT,
            muted,
            Pos::new(HPos::Center, VPos::Top),
            false,
        )?;
        let beside = (plot.x0 - pen.px(6.0), y);
        pen.text(
            label,
            beside,
            AXIS_FONT,
            muted,
            Pos::new(HPos::Right, VPos::Center),
            false,
        )?;
    }
    let axis = theme.muted.mix(0.7);
    pen.vrule(cx, plot.y0, plot.y1, 1.0, axis)?;
    pen.hrule(plot.x0, plot.x1, cy, 1.0, axis)?;
    pen.outline_rect(plot, theme.muted.mix(0.45))?;

    // Axis titles: x under the tick labels, y rotated along the left edge.
    let label_h = text_height(pen.px(AXIS_FONT));
    let x_title = ((plot.x0 + plot.x1) / 2.0, plot.y1 + pen.px(7.0) + label_h);
    pen.text(
        "RS-Ratio (approx.)",
        x_title,
        AXIS_FONT,
        alpha(theme.text, 1.0),
        Pos::new(HPos::Center, VPos::Top),
        false,
    )?;
    let y_title = TextStyle {
        font: FontDesc::new(FontFamily::Name(FONT), pen.px(AXIS_FONT), FontStyle::Normal)
            .transform(FontTransform::Rotate270),
        color: alpha(theme.text, 1.0).to_backend_color(),
        // In the rotated frame: centred along the axis, hanging rightwards.
        pos: Pos::new(HPos::Center, VPos::Top),
    };
    let y_title_at = (
        pen.px(4.0).round() as i32,
        ((plot.y0 + plot.y1) / 2.0).round() as i32,
    );
    root.draw(&Text::new("RS-Momentum (approx.)", y_title_at, y_title))?;
    if !chart.note.is_empty() {
        pen.text(
            &pen.fit(&chart.note, NOTE_FONT, w - pen.px(12.0)),
            (w / 2.0, h - pen.px(6.0)),
            NOTE_FONT,
            muted,
            Pos::new(HPos::Center, VPos::Bottom),
            false,
        )?;
    }

    // Tails, then heads with labels on top of every tail.
    let to_px = |p: &(NaiveDate, f64, f64)| (px_x(p.1), px_y(p.2));
    for tail in &chart.tails {
        let color = theme.ink(tail.color);
        let points: Vec<(f64, f64)> = tail.points.iter().filter(finite).map(to_px).collect();
        let path: Vec<(i32, i32)> = points
            .iter()
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        if path.len() > 1 {
            pen.path(path, color.mix(0.75), pen.stroke(1.5))?;
        }
        for p in points.iter().take(points.len().saturating_sub(1)) {
            pen.dot(*p, pen.px(2.0), color.mix(0.85))?;
        }
    }
    for tail in &chart.tails {
        let Some(head) = tail.points.iter().rfind(|p| finite(p)).map(to_px) else {
            continue;
        };
        let color = theme.ink(tail.color);
        pen.dot(head, pen.px(5.5), alpha(theme.background, 1.0))?;
        pen.dot(head, pen.px(4.5), alpha(color, 1.0))?;
        if tail.label.is_empty() {
            continue;
        }
        // Right of the head, else left, above, below: wherever it is free.
        let gap = pen.px(10.0);
        let options = [
            ((head.0 + gap, head.1), Pos::new(HPos::Left, VPos::Center)),
            ((head.0 - gap, head.1), Pos::new(HPos::Right, VPos::Center)),
            ((head.0, head.1 - gap), Pos::new(HPos::Center, VPos::Bottom)),
            ((head.0, head.1 + gap), Pos::new(HPos::Center, VPos::Top)),
        ];
        for (at, pos) in options {
            let area = pen.text_box(&tail.label, LABEL_FONT, at, pos);
            if area.inside(&plot) && taken.claim(area.grow(pen.px(2.0))) {
                pen.label(
                    &tail.label,
                    area,
                    LABEL_FONT,
                    alpha(color, 1.0),
                    theme.background.mix(0.7),
                )?;
                break;
            }
        }
    }
    root.present()
}
