//! The RSI panel: Wilder RSI of the default price series with the rules
//! editor's overbought and oversold bands, filled where it crosses them.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{css, draw_spec, value};
use crate::chart::{ChartLine, HLine, Ink, ThresholdFill, TimeChart, YFormat};
use crate::format::number_or_dash;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

#[component]
pub fn RsiPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = Memo::new(move |_| state.dashboard.with(|d| d.default_price()));
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines: p
                    .map(|p| ChartLine {
                        first: p.rsi.first(),
                        label: format!("RSI({}) {}", settings.rsi_period, p.id),
                        values: p.rsi.stored(),
                        color: Ink::Palette(2),
                        width: 2,
                        dashed: false,
                        step: false,
                    })
                    .into_iter()
                    .collect(),
                hlines: vec![
                    HLine {
                        value: settings.rsi_overbought,
                        label: format!("overbought {}", settings.rsi_overbought),
                        color: Ink::Down,
                        dashed: true,
                    },
                    HLine {
                        value: settings.rsi_oversold,
                        label: format!("oversold {}", settings.rsi_oversold),
                        color: Ink::Up,
                        dashed: true,
                    },
                ],
                fills: p
                    .map(|p| {
                        vec![
                            ThresholdFill {
                                values: p.rsi.stored(),
                                first: p.rsi.first(),
                                level: settings.rsi_overbought,
                                above: true,
                                color: Ink::Down,
                            },
                            ThresholdFill {
                                values: p.rsi.stored(),
                                first: p.rsi.first(),
                                level: settings.rsi_oversold,
                                above: false,
                                color: Ink::Up,
                            },
                        ]
                    })
                    .unwrap_or_default(),
                y_format: YFormat::Number(0),
                empty_note: "Load a price series to see its RSI".to_string(),
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
            let Some(p) = chosen.and_then(|k| d.prices.get(k)) else {
                return Vec::new();
            };
            let v = p.rsi.get(i);
            let mut row = value(
                format!("rsi:{}", p.id),
                format!("RSI({}) {}", settings.rsi_period, p.id),
                v,
                number_or_dash(v, 2),
                css(light, Ink::Palette(2)),
                &[],
            );
            row.toggles = false;
            vec![row]
        })
    });
    view! {
        <div class="panel-head">
            <h3>"RSI"</h3>
            <span class="hint">{move || state.settings.with(|s| format!("Wilder RSI({}) of the small-cap series; bands {} / {} follow the rules editor.", s.rsi_period, s.rsi_overbought, s.rsi_oversold))}</span>
        </div>
        <ChartFrame name="rsi" title="Wilder RSI with its overbought and oversold bands".to_string()
            size_class="chart-short" draw=draw rows=rows />
    }
}
