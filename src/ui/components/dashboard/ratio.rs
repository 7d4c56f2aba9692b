//! The small / large ratio panel: the ratio with its moving average, and
//! the streak of sessions one side has beaten the other.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{css, draw_spec, regime_shades, shown, value};
use crate::chart::{ChartLine, Ink, TimeChart, YFormat};
use crate::engine::dashboard::CalendarColumn;
use crate::engine::read::streak_sentence;
use crate::format::{number_or_dash, or_dash, signed_sessions};
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

#[component]
pub fn RatioPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        state.dashboard.with(|d| {
            let mut lines = Vec::new();
            if let Some(r) = &d.ratio {
                if shown(&hidden, "ratio:ratio") {
                    lines.push(ChartLine {
                        first: r.ratio.first(),
                        label: r.label.clone(),
                        values: r.ratio.stored(),
                        color: Ink::Palette(0),
                        width: 2,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, "ratio:ma") {
                    lines.push(ChartLine {
                        first: r.ratio_ma.first(),
                        label: format!("MA {}", settings.sma_fast),
                        values: r.ratio_ma.stored(),
                        color: Ink::Muted,
                        width: 1,
                        dashed: true,
                        step: false,
                    });
                }
            }
            let chart = TimeChart {
                dates: &d.dates,
                visible: visible.clone(),
                lines,
                shading: regime_shades(d, light, &visible),
                y_format: YFormat::Number(4),
                empty_note:
                    "Give one series the small role and one the large role to see their ratio"
                        .to_string(),
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
        state.dashboard.with(|d| {
            let Some(r) = &d.ratio else { return Vec::new() };
            let at = |c: &CalendarColumn| c.get(i);
            let streak = r.streak.get(i).map(|s| s as i64);
            let mut streak_row = value(
                "ratio:streak".into(),
                "Streak".into(),
                streak.map(|s| s as f64),
                or_dash(streak.map(signed_sessions)),
                css(light, Ink::Text),
                &hidden,
            );
            streak_row.toggles = false;
            vec![
                value(
                    "ratio:ratio".into(),
                    r.label.clone(),
                    at(&r.ratio),
                    number_or_dash(at(&r.ratio), 4),
                    css(light, Ink::Palette(0)),
                    &hidden,
                ),
                value(
                    "ratio:ma".into(),
                    format!("MA {}", settings.sma_fast),
                    at(&r.ratio_ma),
                    number_or_dash(at(&r.ratio_ma), 4),
                    css(light, Ink::Muted),
                    &hidden,
                ),
                streak_row,
            ]
        })
    });
    let streak = move || {
        let at = state.crosshair.get();
        state.dashboard.with(|d| {
            let r = d.ratio.as_ref()?;
            let at = at.or(d.dates.len().checked_sub(1))?;
            let s = r.streak.get(at)? as i64;
            streak_sentence(&r.label, s, d.timeframe)
        })
    };
    view! {
        <div class="panel-head">
            <h3>"Small / large ratio"</h3>
            <span class="hint" data-testid="ratio-streak">{streak}</span>
        </div>
        <ChartFrame name="ratio" title="Ratio of the small-cap to the large-cap series with its moving average".to_string()
            size_class="chart-short" draw=draw rows=rows />
    }
}
