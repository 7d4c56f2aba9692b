//! Candles and OHLC bars: one per session while a session is at least three
//! pixels wide, else one 1 px bar per pixel column from the column's lowest
//! low to its highest high (`decimate::ohlc_bars`), so a zoomed-out chart
//! of 20,000 sessions is a few hundred elements and never hides an extreme.

use plotters::prelude::*;

use super::geometry::{drawable, PlotGeometry};
use super::{CandleStyle, TimeChart};
use crate::chart::decimate::ohlc_bars;
use crate::chart::paint::{alpha, DrawResult, Pen, Rect};
use crate::chart::theme::ChartTheme;

/// The narrowest session slot (CSS px) that still gets a bar of its own.
const MIN_SLOT: f64 = 3.0;

pub(super) fn draw_candles<DB: DrawingBackend>(
    pen: &Pen<DB>,
    g: &PlotGeometry,
    chart: &TimeChart,
    theme: &ChartTheme,
) -> DrawResult<DB> {
    let slot = g.slot();
    let per_session = slot >= pen.px(MIN_SLOT);
    let columns = if per_session {
        g.visible.len()
    } else {
        (g.right - g.left).round().max(1.0) as usize
    };
    for candles in &chart.candles {
        let up = alpha(theme.ink(candles.up), 1.0);
        let down = alpha(theme.ink(candles.down), 1.0);
        let bars = ohlc_bars(
            &candles.ohlc,
            candles.first,
            g.visible.clone(),
            columns,
            drawable(g.log),
        );
        for bar in bars {
            let color = if bar.close >= bar.open { up } else { down };
            let (Some(yh), Some(yl), Some(yo), Some(yc)) = (
                g.y_of(bar.high),
                g.y_of(bar.low),
                g.y_of(bar.open),
                g.y_of(bar.close),
            ) else {
                continue;
            };
            if !per_session {
                // One pixel column: its range, low to high.
                let x = ((g.x_of(bar.first) + g.x_of(bar.last)) / 2.0).floor();
                let area = Rect {
                    x0: x,
                    y0: yh.round(),
                    x1: x + 1.0,
                    y1: yl.round().max(yh.round() + 1.0),
                };
                pen.fill_rect(area, color)?;
                continue;
            }
            let x = g.x_of(bar.first);
            let half = (slot * 0.35).max(1.0);
            match candles.style {
                CandleStyle::Candles => {
                    pen.vrule(x, yh, yl.max(yh + 1.0), 1.0, color)?;
                    let (top, bottom) = (yo.min(yc).round(), yo.max(yc).round());
                    let area = Rect {
                        x0: (x - half).round(),
                        y0: top,
                        x1: (x + half).round(),
                        y1: bottom.max(top + 1.0),
                    };
                    pen.fill_rect(area, color)?;
                }
                CandleStyle::Ohlc => {
                    // One path: open tick, up to the high, down to the low,
                    // back to the close, close tick (the retrace is unseen).
                    let (xi, l, r) = (
                        x.round() as i32,
                        (x - half).round() as i32,
                        (x + half).round() as i32,
                    );
                    let (h, lo) = (yh.round() as i32, yl.round() as i32);
                    let (o, c) = (yo.round() as i32, yc.round() as i32);
                    let path = vec![(l, o), (xi, o), (xi, h), (xi, lo), (xi, c), (r, c)];
                    pen.path(path, color, pen.stroke(1.0))?;
                }
            }
        }
    }
    Ok(())
}
