//! The macro watchlist: every loaded macro series with its latest print,
//! estimated release date (editable lag) and what was known on the last
//! price date (the dashboard draws each series as it was known each day).

use leptos::prelude::*;

use crate::engine::align::LagRule;
use crate::engine::macro_watch::{macro_snapshot, MacroSnapshot};
use crate::engine::series::SeriesKind;

use crate::format::{sign_class, with_thousands};
use crate::ui::state::{AppState, Loaded};

/// Units-aware formatting: claims and dollar levels with separators, rates
/// and growth in percent points.
fn format_macro(kind: SeriesKind, value: f64) -> String {
    match kind {
        SeriesKind::JoblessClaims | SeriesKind::RetailSales | SeriesKind::Consumption => {
            with_thousands(value, 0)
        }
        SeriesKind::Gdp if value.abs() > 1000.0 => with_thousands(value, 0),
        SeriesKind::Recession => format!("{value:.0}"),
        SeriesKind::Flows | SeriesKind::Other => with_thousands(value, 2),
        _ => format!("{value:.2}%"),
    }
}

fn cell(
    series: &str,
    metric: &str,
    raw: String,
    text: String,
    class: &'static str,
) -> impl IntoView {
    view! {
        <td class=format!("num {class}") data-testid="metric" data-series=series.to_string()
            data-metric=metric.to_string() data-value=raw>{text}</td>
    }
}

/// One row of the watchlist.
fn row(loaded: &Loaded, snap: &MacroSnapshot, rule: LagRule) -> impl IntoView {
    let state = expect_context::<AppState>();
    let series = loaded.series.clone();
    let id = series.id.to_string();
    let kind = series.kind;
    let frequency = series.frequency;
    let date_cell = |metric: &str, d: Option<chrono::NaiveDate>| {
        let text = d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        cell(
            &id,
            metric,
            d.map(|d| d.to_string()).unwrap_or_default(),
            text,
            "",
        )
    };
    let value_cell = |metric: &str, v: Option<f64>| {
        let text = v
            .map(|v| format_macro(kind, v))
            .unwrap_or_else(|| "—".into());
        cell(
            &id,
            metric,
            v.map(|v| v.to_string()).unwrap_or_default(),
            text,
            "",
        )
    };
    let change = snap.change();
    let change_text = change
        .map(|c| {
            let t = format_macro(kind, c);
            if c > 0.0 {
                format!("+{t}")
            } else {
                t
            }
        })
        .unwrap_or_else(|| "—".into());
    let on_lag = move |ev: leptos::ev::Event| {
        if let Ok(days) = event_target_value(&ev).trim().parse::<u32>() {
            let rule = LagRule {
                days_after_period_end: days.min(730),
                ..rule
            };
            state
                .lags
                .update(|lags| lags.set_for(kind, frequency, rule));
        }
    };
    view! {
        <tr>
            <th scope="row">{id.clone()}<span class="kind">{format!(" · {}", kind.label())}</span></th>
            {value_cell("macro_latest", snap.latest.map(|p| p.value))}
            {date_cell("macro_latest_reference", snap.latest.map(|p| p.reference))}
            {date_cell("macro_latest_released", snap.latest.map(|p| p.released))}
            <td class="lag">
                <input type="number" min="0" max="730" class="lag-input" data-testid="lag-days" data-series=id.clone()
                    aria-label=format!("Publication lag of {id} in days after the period ends")
                    prop:value=rule.days_after_period_end.to_string() on:change=on_lag />
                <span class="hint" title="Rule in force: days after the period ends, then the release weekday if any">{rule.to_string()}</span>
            </td>
            {cell(&id, "macro_change", change.map(|c| c.to_string()).unwrap_or_default(), change_text,
                change.map(sign_class).unwrap_or(""))}
            {value_cell("macro_known", snap.known.map(|p| p.value))}
            {date_cell("macro_known_reference", snap.known.map(|p| p.reference))}
        </tr>
    }
}

#[component]
pub fn MacroPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let macros = move || {
        state.series.with(|all| {
            all.iter()
                .filter(|l| !l.series.kind.is_price())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // The day a reader stands on: the as-of date if set, else the last price date.
    let as_of = move || {
        state.as_of.get().or_else(|| {
            state.series.with(|all| {
                all.iter()
                    .filter(|l| l.series.kind.is_price())
                    .filter_map(|l| l.series.dates.last().copied())
                    .max()
            })
        })
    };
    view! {
        <section class="panel macro" aria-labelledby="macro-title">
            <h2 id="macro-title">"Macro watch"</h2>
            <p class="note">{move || match as_of() {
                Some(d) => format!("Each value is dated by its reference period and becomes known on its estimated release date (lag editable, days after the period ends). “Known” is what a reader had on {d} (the as-of date, else the last price date): no look-ahead."),
                None => "Load a price series to see what was known on its last date.".to_string(),
            }}</p>
            <div class="table-scroll">
                <table class="metrics-table macro-table">
                    <thead><tr>
                        <th scope="col">"Series"</th><th scope="col">"Latest"</th><th scope="col">"Period"</th>
                        <th scope="col">"Released"</th><th scope="col">"Lag"</th><th scope="col">"Change"</th>
                        <th scope="col">"Known"</th><th scope="col">"Known period"</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lags = state.lags.get();
                            let as_of = as_of();
                            macros()
                                .iter()
                                .map(|l| {
                                    let snap = macro_snapshot(&l.series, &lags, as_of);
                                    row(l, &snap, lags.rule(l.series.kind, l.series.frequency))
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
