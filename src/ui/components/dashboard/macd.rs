//! The MACD panel: the MACD line, its signal line and the histogram bars
//! (`macd_fast` / `macd_slow` / `macd_signal`, TA-Lib `MACD`) of the price
//! panel's series, on the dashboard's bars.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{chosen_price, css, draw_spec, shown, value};
use crate::chart::{ChartBars, ChartLine, HLine, Ink, TimeChart, YFormat};
use crate::engine::dashboard::CalendarColumn;
use crate::format::number_or_dash;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

const LINE: Ink = Ink::Palette(2);
const SIGNAL: Ink = Ink::Palette(5);

#[component]
pub fn MacdPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = chosen_price(state);
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let mut lines = Vec::new();
            let mut bars = Vec::new();
            if let Some(p) = p {
                if shown(&hidden, "macd:macd") {
                    lines.push(ChartLine {
                        first: p.macd.first(),
                        label: format!("MACD {}/{}", settings.macd_fast, settings.macd_slow),
                        values: p.macd.stored(),
                        color: LINE,
                        width: 2,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, "macd:signal") {
                    lines.push(ChartLine {
                        first: p.macd_signal.first(),
                        label: format!("Signal {}", settings.macd_signal),
                        values: p.macd_signal.stored(),
                        color: SIGNAL,
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, "macd:hist") {
                    bars.push(ChartBars {
                        label: "Histogram".to_string(),
                        values: p.macd_hist.stored(),
                        first: p.macd_hist.first(),
                        up: Ink::Up,
                        down: Ink::Down,
                        direction: None,
                    });
                }
            }
            let empty_note = match p.and_then(|p| p.macd_refused.as_deref()) {
                Some(why) => format!("No MACD: {why}"),
                None => "Load a price series to see its MACD".to_string(),
            };
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
                bars,
                hlines: vec![HLine {
                    value: 0.0,
                    label: String::new(),
                    color: Ink::Muted,
                    dashed: false,
                }],
                y_format: YFormat::Number(2),
                empty_note,
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_spec(root, &chart, light, opts.scale)
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let Some(p) = chosen.and_then(|k| d.prices.get(k)) else {
                return Vec::new();
            };
            let row = |key: &str, label: String, column: &CalendarColumn, ink: Ink| {
                let v = column.get(i);
                value(
                    key.into(),
                    label,
                    v,
                    number_or_dash(v, 4),
                    css(light, ink),
                    &hidden,
                )
            };
            vec![
                row(
                    "macd:macd",
                    format!(
                        "MACD {}/{} {}",
                        settings.macd_fast, settings.macd_slow, p.id
                    ),
                    &p.macd,
                    LINE,
                ),
                row(
                    "macd:signal",
                    format!("Signal {}", settings.macd_signal),
                    &p.macd_signal,
                    SIGNAL,
                ),
                row("macd:hist", "Histogram".into(), &p.macd_hist, Ink::Up),
            ]
        })
    });
    let hint = move || {
        let s = state.settings.get();
        let refused = state.dashboard.with(|d| {
            chosen
                .get()
                .and_then(|k| d.prices.get(k))
                .and_then(|p| p.macd_refused.clone())
        });
        match refused {
            Some(why) => format!("No MACD with these periods: {why}."),
            None => format!(
                "EMA({}) − EMA({}) of the price panel's series, its EMA({}) signal and the histogram (MACD − signal), as TA-Lib.",
                s.macd_fast, s.macd_slow, s.macd_signal
            ),
        }
    };
    view! {
        <div class="panel-head">
            <h3>"MACD"</h3>
            <span class="hint" data-testid="macd-hint">{hint}</span>
        </div>
        <ChartFrame name="macd" title="MACD line, signal line and histogram".to_string()
            size_class="chart-short" draw=draw rows=rows />
    }
}
