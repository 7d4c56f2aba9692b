//! The relative performance panel: every price series rebased to 100 at
//! the first visible session, with the join toggle (intersection or all
//! sessions) and the note when the series share no session.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{css, draw_spec, price_ink, regime_shades, shown, value};
use crate::chart::{ChartLine, HLine, Ink, TimeChart, YFormat};
use crate::engine::align::JoinMode;
use crate::engine::dashboard::Compared;
use crate::format::{or_dash, rebased_change};
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::dom;
use crate::ui::state::AppState;

#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Rebased at the visible window's first session: recomputed on a zoom
    // or pan (cheap: a division per session), not on a crosshair move.
    let compared = Memo::new(move |_| {
        let visible = state.visible.get();
        let join = state.join.get();
        let started = dom::now_ms();
        let compared = state.dashboard.with(|d| d.compare(visible, join));
        dom::record_timing("compare", dom::now_ms() - started);
        compared
    });
    let fell_back = Memo::new(move |_| compared.with(|c| c.fell_back));
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        compared.with(|Compared { first, lines, .. }| {
            state.dashboard.with(|d| {
                let chart = TimeChart {
                    dates: &d.dates,
                    visible: visible.clone(),
                    lines: lines
                        .iter()
                        .enumerate()
                        .filter(|(_, (id, _))| shown(&hidden, &format!("performance:{id}")))
                        .map(|(i, (id, values))| ChartLine {
                            first: *first,
                            label: id.clone(),
                            values,
                            color: price_ink(i),
                            width: 2,
                            dashed: false,
                            step: false,
                        })
                        .collect(),
                    hlines: vec![HLine {
                        value: 100.0,
                        label: "base 100".into(),
                        color: Ink::Muted,
                        dashed: false,
                    }],
                    shading: regime_shades(d, light, &visible),
                    y_format: YFormat::Number(1),
                    empty_note: "Load a price series to see its performance".to_string(),
                    legend: opts.legend,
                    ..TimeChart::default()
                };
                draw_spec(root, &chart, light, opts.scale)
            })
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        compared.with(|c| {
            c.lines
                .iter()
                .enumerate()
                .map(|(k, (id, _))| {
                    let v = c.value(k, i);
                    let text = or_dash(v.map(rebased_change));
                    value(
                        format!("performance:{id}"),
                        id.clone(),
                        v,
                        text,
                        css(light, price_ink(k)),
                        &hidden,
                    )
                })
                .collect()
        })
    });
    view! {
        <div class="panel-head">
            <h3 id="perf-title">"Relative performance"</h3>
            <span class="hint">"Each price series rebased to 100 at the first visible session; above 100 = gain."</span>
            <label class="inline join-toggle">
                <input type="checkbox" data-testid="join-union"
                    prop:checked=move || state.join.get() == JoinMode::Union
                    on:change=move |ev| state.join.set(if event_target_checked(&ev) { JoinMode::Union } else { JoinMode::Intersection }) />
                " All sessions (gaps shown)"
            </label>
            {move || fell_back.get().then(|| view! {
                <span class="hint" data-testid="calendar-fallback">
                    "The loaded price series share no sessions, so all sessions are shown."
                </span>
            })}
        </div>
        <ChartFrame name="performance" title="Line chart of each price series rebased to 100".to_string()
            size_class="chart-mid" draw=draw rows=rows />
    }
}
