//! The text a time chart lays out around its data: the title box, the
//! reference-line labels, the shade labels and the in-canvas legend, each
//! placed only where it collides with nothing already drawn.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::geometry::{drawable, local_window, plot_rect, shade_box, PlotGeometry, Y_AXIS_WIDTH};
use super::{HLine, TimeChart, AXIS_FONT, LABEL_FONT, TITLE_FONT};
use crate::chart::paint::{alpha, text_height, DrawResult, Occupied, Pen, Rect};
use crate::chart::theme::{ChartTheme, Ink};
use crate::chart::ticks::{value_label, YFormat};

pub(super) fn title_box<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    text: &str,
) -> (String, Rect) {
    let at = (g.left + pen.px(6.0), g.top + pen.px(4.0));
    let text = pen.fit(text, TITLE_FONT, g.right - at.0 - pen.px(6.0));
    let area = pen.text_box(&text, TITLE_FONT, at, Pos::new(HPos::Left, VPos::Top));
    (text, area)
}

/// Hline labels sit right-aligned just above their line (below it at the
/// top edge); a label that would collide moves away from its line in
/// label-height steps, and is left out rather than drawn over another.
pub(super) fn draw_hline_labels<DB: DrawingBackend>(
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

pub(super) fn draw_shade_labels<DB: DrawingBackend>(
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
pub(super) fn legend_layout<DB: DrawingBackend>(
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

/// The last visible drawable value of a column starting at session
/// `first`, and its index in the column.
fn last_visible(g: &PlotGeometry, values: &[Option<f64>], first: usize) -> Option<(usize, f64)> {
    let keep = drawable(g.log);
    let local = local_window(&g.visible, values.len(), first);
    local
        .rev()
        .find_map(|i| values[i].filter(|v| keep(*v)).map(|v| (i, v)))
}

/// Each line's last visible value (and each candle series' last close) as
/// a tag in its colour on the right axis, over the tick labels: tags keep
/// their order and are pushed apart rather than overlap; one that finds no
/// room inside the plot's height is left out.
pub(super) fn draw_last_values<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    let mut tags: Vec<(f64, f64, Ink)> = chart
        .lines
        .iter()
        .filter_map(|l| last_visible(g, l.values, l.first).map(|(_, v)| (v, l.color)))
        .chain(chart.candles.iter().filter_map(|c| {
            let (i, close) = last_visible(g, c.ohlc.close, c.first)?;
            let open = c.ohlc.open.get(i).copied().flatten();
            let up = open.is_none_or(|o| close >= o);
            Some((close, if up { c.up } else { c.down }))
        }))
        .filter_map(|(v, ink)| g.y_of(v).map(|y| (y, v, ink)))
        .filter(|(y, _, _)| *y >= g.top && *y <= g.bottom)
        .collect();
    if tags.is_empty() {
        return Ok(());
    }
    tags.sort_by(|a, b| a.0.total_cmp(&b.0));
    let height = text_height(pen.px(AXIS_FONT)) + pen.px(4.0);
    let half = height / 2.0;
    // Down from the top, then back up from the bottom edge.
    let mut centres: Vec<f64> = Vec::with_capacity(tags.len());
    for (y, _, _) in &tags {
        let floor = centres.last().map_or(f64::MIN, |c| c + height);
        centres.push(y.max(floor));
    }
    let mut ceiling = g.bottom - half;
    for c in centres.iter_mut().rev() {
        *c = c.min(ceiling);
        ceiling = *c - height;
    }
    let room = pen.px(Y_AXIS_WIDTH - 10.0);
    for ((_, v, ink), centre) in tags.iter().zip(centres) {
        if centre - half < g.top - pen.px(4.0) {
            continue;
        }
        let mut text = value_label(*v, chart.y_format);
        if pen.text_width(&text, AXIS_FONT) > room {
            text = value_label(*v, YFormat::Compact);
        }
        let area = Rect {
            x0: g.right + pen.px(1.0),
            y0: centre - half,
            x1: g.right + pen.px(Y_AXIS_WIDTH - 2.0),
            y1: centre + half,
        };
        pen.fill_rect(area, alpha(theme.ink(*ink), 1.0))?;
        pen.text(
            &text,
            (g.right + pen.px(6.0), centre),
            AXIS_FONT,
            alpha(theme.background, 1.0),
            Pos::new(HPos::Left, VPos::Center),
            false,
        )?;
    }
    Ok(())
}

pub(super) fn draw_legend<DB: DrawingBackend>(
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
