//! The volume panel, under the price: the price panel's series' volume as
//! bars from 0, up-coloured where the session closed at or above its open
//! and down-coloured below, on its own scale, with its 20-session average
//! (`engine::dashboard::VOLUME_AVERAGE`). A file without a volume column
//! has no chart: the panel says so.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{bar_word, chosen_price, css, draw_spec, shown, value};
use crate::chart::{ChartBars, ChartLine, Ink, TimeChart, YFormat};
use crate::engine::dashboard::{CalendarColumn, VOLUME_AVERAGE};
use crate::format::number_or_dash;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

const AVERAGE_INK: Ink = Ink::Palette(4);

fn average_label() -> String {
    format!("Avg {VOLUME_AVERAGE}")
}

/// The chart, mounted only while the series has volume.
#[component]
fn VolumeChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = chosen_price(state);
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let mut bars = Vec::new();
            let mut lines = Vec::new();
            if let Some((p, volume)) = p.and_then(|p| p.volume.as_ref().map(|v| (p, v))) {
                if shown(&hidden, "volume:volume") {
                    // Open and close colour the bars, indexed as the volume
                    // (one series' columns share its span of the calendar).
                    let aligned = |c: &CalendarColumn| c.first() == volume.first();
                    bars.push(ChartBars {
                        label: format!("Volume {}", p.id),
                        values: volume.stored(),
                        first: volume.first(),
                        up: Ink::Up,
                        down: Ink::Down,
                        direction: p
                            .open
                            .as_ref()
                            .filter(|o| aligned(o) && aligned(&p.close))
                            .map(|o| (o.stored(), p.close.stored())),
                    });
                }
                if let (Some(avg), true) = (&p.volume_sma, shown(&hidden, "volume:avg")) {
                    lines.push(ChartLine {
                        first: avg.first(),
                        label: average_label(),
                        values: avg.stored(),
                        color: AVERAGE_INK,
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
            }
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
                bars,
                y_format: YFormat::Compact,
                empty_note: "No volume for this series".to_string(),
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_spec(root, &chart, light, opts.scale)
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let Some(p) = chosen.and_then(|k| d.prices.get(k)) else {
                return Vec::new();
            };
            let at = |c: &Option<CalendarColumn>| c.as_ref().and_then(|c| c.get(i));
            let Some(_) = p.volume else {
                return Vec::new();
            };
            let (v, avg) = (at(&p.volume), at(&p.volume_sma));
            vec![
                value(
                    "volume:volume".into(),
                    format!("Volume {}", p.id),
                    v,
                    number_or_dash(v, 0),
                    css(light, Ink::Up),
                    &hidden,
                ),
                value(
                    "volume:avg".into(),
                    average_label(),
                    avg,
                    number_or_dash(avg, 0),
                    css(light, AVERAGE_INK),
                    &hidden,
                ),
            ]
        })
    });
    view! {
        <ChartFrame name="volume" title="Volume with its average".to_string()
            size_class="chart-short" draw=draw rows=rows />
    }
}

#[component]
pub fn VolumePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = chosen_price(state);
    let has_volume = Memo::new(move |_| {
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            chosen
                .and_then(|k| d.prices.get(k))
                .is_some_and(|p| p.volume.is_some())
        })
    });
    let hint = move || {
        state.dashboard.with(|d| match chosen.get().and_then(|k| d.prices.get(k)) {
            Some(p) if p.volume.is_none() => format!(
                "No volume: {} has no volume column (the bundled index files have only closes; pick IWM, or load a file with volume).",
                p.id
            ),
            _ => format!(
                "Volume of the price panel's series, green where the {0} closed at or above its open, with its {VOLUME_AVERAGE}-{0} average.",
                bar_word(d)
            ),
        })
    };
    view! {
        <div class="panel-head">
            <h3>"Volume"</h3>
            <span class="hint" data-testid="volume-hint">{hint}</span>
        </div>
        <Show when=move || has_volume.get()>
            <VolumeChart />
        </Show>
    }
}
