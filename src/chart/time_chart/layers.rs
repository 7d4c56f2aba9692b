//! The drawn layers of a time chart, bottom to top: shading, axes and grid,
//! threshold fills, histogram bars, reference lines, the data lines
//! (decimated to pixel columns) and markers.

use std::collections::HashMap;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::geometry::{
    drawable, local_window, plot_rect, shade_box, PlotGeometry, Segments, Y_AXIS_WIDTH,
};
use super::{TimeChart, AXIS_FONT, LABEL_FONT};
use crate::chart::decimate::decimate_where;
use crate::chart::paint::{alpha, DrawResult, Occupied, Pen, Rect};
use crate::chart::theme::{ChartTheme, Ink};
use crate::chart::ticks::{date_ticks, linear_ticks, log_ticks, tick_labels, YFormat};

const SHADE_OPACITY: f64 = 0.16;
const FILL_OPACITY: f64 = 0.24;

pub(super) fn draw_shading<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    // One colour after the other (in order of first appearance): the
    // canvas then sends each colour's boxes as one fill instead of one per
    // episode with a colour change between (hundreds of regime episodes on
    // a long zoomed-out chart). The boxes are disjoint spans of sessions,
    // so the order they are painted in does not change the picture (but
    // for the pixel a span narrower than one is widened to).
    let boxes: Vec<(Rect, Ink)> = chart
        .shading
        .iter()
        .filter_map(|shade| Some((shade_box(g, shade)?, shade.color)))
        .collect();
    let ascending = boxes.windows(2).all(|w| w[0].0.x0 <= w[1].0.x0);
    let mut inks: Vec<Ink> = Vec::new();
    for (_, ink) in &boxes {
        if !inks.contains(ink) {
            inks.push(*ink);
        }
    }
    if !ascending || inks.len() < 2 {
        for (area, ink) in &boxes {
            pen.fill_rect(*area, theme.ink(*ink).mix(SHADE_OPACITY))?;
        }
        return Ok(());
    }
    for ink in inks {
        let color = theme.ink(ink).mix(SHADE_OPACITY);
        for (area, _) in boxes.iter().filter(|(_, i)| *i == ink) {
            pen.fill_rect(*area, color)?;
        }
    }
    Ok(())
}

pub(super) fn draw_axes<DB: DrawingBackend>(
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

/// The decimated values of a column over the visible sessions: at most
/// about two points per pixel column (`decimate_where`).
pub(super) fn decimated(g: &PlotGeometry, values: &[Option<f64>], first: usize) -> Segments {
    let columns = (g.right - g.left).round().max(1.0) as usize;
    decimate_where(values, first, g.visible.clone(), columns, drawable(g.log))
}

/// A line's decimated segments in backend pixels, consecutive duplicates
/// dropped (several sessions often share a pixel).
fn pixel_segments(
    g: &PlotGeometry,
    segments: &Segments,
    first: usize,
    step: bool,
) -> Vec<Vec<(i32, i32)>> {
    segments
        .iter()
        .map(|segment| {
            let mut out: Vec<(i32, i32)> =
                Vec::with_capacity(segment.len() * if step { 2 } else { 1 });
            let mut push = |p: (i32, i32)| {
                if out.last() != Some(&p) {
                    out.push(p);
                }
            };
            let mut previous_y = None;
            for &(i, v) in segment {
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

pub(super) fn draw_fills<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
    segments: &[&Segments],
) -> DrawResult<DB> {
    for (fill, segments) in chart.fills.iter().zip(segments) {
        let Some(level) = g.y_of(fill.level) else {
            continue;
        };
        let color = theme.ink(fill.color).mix(FILL_OPACITY);
        for segment in pixel_segments(g, segments, fill.first, false) {
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

/// Histogram bars from 0: one per session when a session is at least two
/// pixels wide (70 % of its slot, at least a pixel), else one pixel column
/// per column of the plot with the highest and lowest value of its sessions
/// (so a 10,000-session histogram is a few hundred rectangles).
pub(super) fn draw_bars<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    if g.log {
        return Ok(());
    }
    let Some(zero) = g.y_of(0.0) else {
        return Ok(());
    };
    let slot = g.slot();
    for bars in &chart.bars {
        let (up, down) = (
            alpha(theme.ink(bars.up), 0.85),
            alpha(theme.ink(bars.down), 0.85),
        );
        let local = local_window(&g.visible, bars.values.len(), bars.first);
        let value = |i: usize| bars.values[i].filter(|v| v.is_finite());
        let rising = |i: usize, v: f64| match bars.direction {
            Some((open, close)) => {
                let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
                match (at(open), at(close)) {
                    (Some(o), Some(c)) => c >= o,
                    _ => true,
                }
            }
            None => v >= 0.0,
        };
        // Each bar's box and whether it is drawn `up`; painted one colour
        // after the other (the boxes never overlap: one per session or
        // pixel column and side of 0), so the canvas sends each colour as
        // one fill rather than a rectangle and a colour change per bar.
        let mut boxes: Vec<(Rect, bool)> = Vec::new();
        let mut draw = |x0: f64, x1: f64, v: f64, rise: bool| {
            let Some(y) = g.y_of(v) else { return };
            let (y0, y1) = if y < zero { (y, zero) } else { (zero, y) };
            let area = Rect {
                x0: x0.round(),
                y0: y0.round(),
                x1: x1.round().max(x0.round() + 1.0),
                y1: y1.round().max(y0.round() + 1.0),
            };
            boxes.push((area, rise));
        };
        if slot >= 2.0 {
            let half = (slot * 0.35).max(0.5);
            for i in local {
                if let Some(v) = value(i) {
                    let x = g.x_of(bars.first + i);
                    draw(x - half, x + half, v, rising(i, v));
                }
            }
        } else {
            // Dense: the extremes of each pixel column's sessions, each in
            // the colour of the session it comes from.
            type Column = (i64, (f64, bool), (f64, bool));
            let mut column: Option<Column> = None;
            let mut flush = |c: Option<Column>| {
                if let Some((px, lo, hi)) = c {
                    let x = px as f64;
                    if hi.0 > 0.0 {
                        draw(x, x + 1.0, hi.0, hi.1);
                    }
                    if lo.0 < 0.0 || hi.0 <= 0.0 {
                        draw(x, x + 1.0, lo.0, lo.1);
                    }
                }
            };
            for i in local {
                let Some(v) = value(i) else { continue };
                let px = g.x_of(bars.first + i).floor() as i64;
                let here = (v, rising(i, v));
                column = match column {
                    Some((c, lo, hi)) if c == px => Some((
                        c,
                        if v < lo.0 { here } else { lo },
                        if v > hi.0 { here } else { hi },
                    )),
                    other => {
                        flush(other);
                        Some((px, here, here))
                    }
                };
            }
            flush(column);
        }
        for (rise, color) in [(true, up), (false, down)] {
            for (area, _) in boxes.iter().filter(|(_, r)| *r == rise) {
                pen.fill_rect(*area, color)?;
            }
        }
    }
    Ok(())
}

pub(super) fn draw_hlines<DB: DrawingBackend>(
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

pub(super) fn draw_lines<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
    segments: &[&Segments],
) -> DrawResult<DB> {
    // Denser than a session per pixel column, a line is a min/max zigzag:
    // drawn 1 px wide it reads as sharply as TradingView's long ranges, and
    // a wide stroke of thousands of joins is the costliest thing a software
    // rasteriser does (4 lines of 4,000 points: ~1 ms at 1 px, ~14 ms at 2).
    let dense = g.visible.len() as f64 > 1.5 * (g.right - g.left) / g.scale.max(1.0);
    for (line, segments) in chart.lines.iter().zip(segments) {
        let color = alpha(theme.ink(line.color), 1.0);
        let css_width = if dense { 1 } else { line.width.max(1) };
        let width = pen.stroke(f64::from(css_width));
        for segment in pixel_segments(g, segments, line.first, line.step) {
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

pub(super) fn draw_markers<DB: DrawingBackend>(
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

#[cfg(test)]
mod tests {
    use super::*;

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
