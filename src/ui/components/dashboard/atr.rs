//! The ATR panel: Wilder's average true range (`atr_period`, TA-Lib `ATR`)
//! of the price panel's series, on the dashboard's bars. A file without
//! high and low columns has no true range: the panel says so.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{bar_word, chosen_price, css, draw_spec, value};
use crate::chart::{ChartLine, Ink, TimeChart, YFormat};
use crate::format::number_or_dash;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

const INK: Ink = Ink::Palette(4);

#[component]
pub fn AtrPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = chosen_price(state);
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let lines = p
                .and_then(|p| p.atr.as_ref().map(|atr| (p, atr)))
                .map(|(p, atr)| ChartLine {
                    first: atr.first(),
                    label: format!("ATR({}) {}", settings.atr_period, p.id),
                    values: atr.stored(),
                    color: INK,
                    width: 2,
                    dashed: false,
                    step: false,
                })
                .into_iter()
                .collect();
            let empty_note = match p {
                Some(p) if p.atr.is_none() => {
                    format!("No ATR: {} has no high and low columns", p.id)
                }
                _ => "Load a price series with high and low to see its ATR".to_string(),
            };
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
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
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let Some((p, atr)) = chosen
                .and_then(|k| d.prices.get(k))
                .and_then(|p| p.atr.as_ref().map(|atr| (p, atr)))
            else {
                return Vec::new();
            };
            let v = atr.get(i);
            let mut row = value(
                "atr:atr".into(),
                format!("ATR({}) {}", settings.atr_period, p.id),
                v,
                number_or_dash(v, 4),
                css(light, INK),
                &[],
            );
            row.toggles = false;
            vec![row]
        })
    });
    let hint = move || {
        let period = state.settings.with(|s| s.atr_period);
        state.dashboard.with(|d| {
            match chosen.get().and_then(|k| d.prices.get(k)) {
                Some(p) if p.atr.is_none() => format!(
                    "ATR is unavailable for {}: the file has no high and low columns (only closes), and a true range needs them.",
                    p.id
                ),
                _ => format!(
                    "Wilder average of the true range over {period} {}s of the price panel's series, as TA-Lib.",
                    bar_word(d)
                ),
            }
        })
    };
    view! {
        <div class="panel-head">
            <h3>"ATR"</h3>
            <span class="hint" data-testid="atr-hint">{hint}</span>
        </div>
        <ChartFrame name="atr" title="Average true range".to_string()
            size_class="chart-short" draw=draw rows=rows />
    }
}
