//! What the dashboard's panels share: regime and recession shading, the
//! colour a tooltip row shows, a tooltip/legend row, the price series'
//! palette slots and the legend's hidden set. Kept apart so each panel file
//! holds only its own chart spec and rows.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::DrawingArea;

use crate::chart::theme::regime_colour;
use crate::chart::{draw_time_chart, ChartTheme, Ink, PlotGeometry, Shade, TimeChart};
use crate::engine::dashboard::Dashboard;
use crate::engine::regime::Regime;
use crate::ui::canvas::CanvasPainter;
use crate::ui::components::chart_frame::SeriesValue;

/// Draws a time panel's spec in the page's theme: its geometry for the
/// crosshair, or why it could not draw (the frame shows it).
pub fn draw_spec(
    root: &DrawingArea<CanvasPainter, Shift>,
    chart: &TimeChart,
    light: bool,
    scale: f64,
) -> Result<Option<PlotGeometry>, String> {
    draw_time_chart(root, chart, &ChartTheme::for_mode(light), scale)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// A regime's shading colour: the palette of `chart::theme`, the same as
/// the stylesheet's badge and strip. Mixed and no-data are not shaded.
pub fn regime_ink(regime: Regime, light: bool) -> Option<Ink> {
    if matches!(regime, Regime::Mixed | Regime::NoData) {
        return None;
    }
    let colour = regime_colour(regime, light);
    Some(Ink::Rgb(colour.0, colour.1, colour.2))
}

/// The shading of the regime episodes in `visible` (the rest would not be
/// drawn; on a long history there are hundreds, each with a label).
pub fn regime_shades(d: &Dashboard, light: bool, visible: &Range<usize>) -> Vec<Shade> {
    d.regimes
        .iter()
        .filter(|s| s.sessions.start < visible.end && s.sessions.end > visible.start)
        .filter_map(|s| {
            regime_ink(s.regime, light).map(|color| Shade {
                sessions: s.sessions.clone(),
                color,
                label: Some(s.regime.label().to_string()),
            })
        })
        .collect()
}

pub fn recession_shades(d: &Dashboard) -> Vec<Shade> {
    d.recessions
        .iter()
        .map(|r| Shade {
            sessions: r.clone(),
            color: Ink::Shade(0),
            label: Some("Recession (NBER, in hindsight)".to_string()),
        })
        .collect()
}

pub fn css(light: bool, ink: Ink) -> String {
    let theme = ChartTheme::for_mode(light);
    ChartTheme::css(theme.ink(ink))
}

/// A tooltip/legend value.
pub fn value(
    series: String,
    label: String,
    value: Option<f64>,
    text: String,
    color: String,
    hidden: &[String],
) -> SeriesValue {
    SeriesValue {
        hidden: hidden.contains(&series),
        series,
        label,
        value,
        text,
        color,
        toggles: true,
    }
}

/// Palette slot of the `i`-th price series: the role series keep the
/// colours the README and the compare chart use.
pub fn price_ink(i: usize) -> Ink {
    Ink::Palette(i)
}

pub fn shown(hidden: &[String], key: &str) -> bool {
    !hidden.iter().any(|k| k == key)
}

/// The price panel's series (the *Series* picker, else the default): the
/// MACD and ATR panels and the CSV export follow it.
pub fn chosen_price(state: crate::ui::state::AppState) -> leptos::prelude::Memo<Option<usize>> {
    use leptos::prelude::*;
    Memo::new(move |_| {
        let choice = state.price_choice.get();
        state.dashboard.with(|d| {
            choice
                .and_then(|id| d.prices.iter().position(|p| p.id == id))
                .or(d.default_price())
        })
    })
}

/// What one bar is called on the dashboard's timeframe ("session", "week",
/// "month"), for hints.
pub fn bar_word(d: &Dashboard) -> &'static str {
    d.timeframe.bar_words().0
}
