//! The metrics table: the engine's metric rows for each price series and the
//! return spreads for each pair, formatted for people, raw in `data-value`.

use leptos::prelude::*;

use crate::engine::align::{align_prices, JoinMode};
use crate::engine::metrics::{
    series_metrics_at, spread_metrics, Metric, MetricSettings, MetricValue,
};
use crate::engine::samples::Role;
use crate::format::{format_value, sign_class, style_of, Style};
use crate::ui::dom;
use crate::ui::state::{AppState, Loaded, Provenance};

/// One row of the table: a series id (or `a-b`) and its metrics.
#[derive(Debug, Clone)]
struct Row {
    key: String,
    metrics: Vec<Metric>,
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::Small => 0,
        Role::Large => 1,
        Role::Growth => 2,
        Role::None => 3,
        Role::Macro | Role::SmallFlows | Role::LargeFlows => 4,
    }
}

/// Which pairs get a spread row: small vs large vs growth (each pair of
/// different roles — two small-cap trackers against each other say
/// nothing), and every series without a role against the first large-cap
/// series, the benchmark. `prices` is sorted by role.
fn spread_pairs<'a>(prices: &[&'a Loaded]) -> Vec<(&'a Loaded, &'a Loaded)> {
    let comparable = |l: &&Loaded| matches!(l.role, Role::Small | Role::Large | Role::Growth);
    let mut pairs = Vec::new();
    for (i, a) in prices.iter().enumerate().filter(|(_, l)| comparable(l)) {
        for b in prices
            .iter()
            .skip(i + 1)
            .filter(|b| comparable(b) && b.role != a.role)
        {
            pairs.push((*a, *b));
        }
    }
    if let Some(benchmark) = prices.iter().find(|l| l.role == Role::Large) {
        for other in prices.iter().filter(|l| l.role == Role::None) {
            pairs.push((*other, *benchmark));
        }
    }
    pairs
}

fn human_label(name: &str) -> &str {
    match name {
        "last_close" => "Last",
        "last_date" => "Date",
        "ret_1w" => "1W",
        "ret_1m" => "1M",
        "ret_3m" => "3M",
        "ret_6m" => "6M",
        "ret_1y" => "1Y",
        "ret_ytd" => "YTD",
        "sma50" => "SMA 50",
        "sma200" => "SMA 200",
        "pct_from_high_52w" => "From 52w high",
        "drawdown" => "Drawdown",
        "vol_21d" => "Vol 21d",
        "streak" => "Streak",
        other if other.starts_with("rsi") => "RSI",
        other => other,
    }
}

fn metric_cell(series: String, metric: Metric) -> impl IntoView {
    let raw = metric.data_value();
    let (text, class) = match &metric.value {
        MetricValue::Number(v) => {
            let style = style_of(&metric.name);
            let class = if style == Style::SignedPercent {
                sign_class(*v)
            } else {
                ""
            };
            (format_value(*v, style), class)
        }
        MetricValue::Date(d) => (d.to_string(), ""),
        MetricValue::Missing => ("—".to_string(), "missing"),
    };
    view! {
        <td class=format!("num {class}") data-testid="metric" data-series=series
            data-metric=metric.name.clone() data-value=raw>{text}</td>
    }
}

#[component]
pub fn MetricsTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Recomputed only when the loaded series change (not on theme/range).
    let rows = Memo::new_with_compare(
        move |_| {
            let started = dom::now_ms();
            let as_of = state.as_of.get().unwrap_or(chrono::NaiveDate::MAX);
            state.series.with(|all| {
                // Formula series (IWM:SPY, IWM-SPY) are charts, not rows
                // here: a difference's id would repeat the spread rows'
                // `data-series` (`IWM-SPY`), which the contract reserves.
                let mut prices: Vec<_> = all
                    .iter()
                    .filter(|l| l.series.kind.is_price())
                    .filter(|l| !matches!(l.source.provenance, Provenance::Formula))
                    .collect();
                prices.sort_by_key(|l| role_rank(l.role));
                let settings = MetricSettings {
                    rsi_period: state.settings.with(|s| s.rsi_period),
                };
                let mut series_rows: Vec<Row> = prices
                    .iter()
                    .map(|l| Row {
                        key: l.series.id.to_string(),
                        metrics: series_metrics_at(&l.series, &settings, as_of),
                    })
                    .collect();
                let mut spread_rows = Vec::new();
                for (a, b) in spread_pairs(&prices) {
                    let aligned = align_prices(
                        &[a.series.as_ref(), b.series.as_ref()],
                        JoinMode::Intersection,
                    );
                    if let [ca, cb] = aligned.closes.as_slice() {
                        // The sessions up to the as-of date (the metrics are causal).
                        let n = aligned.dates.partition_point(|d| *d <= as_of);
                        spread_rows.push(Row {
                            key: format!("{}-{}", a.series.id, b.series.id),
                            metrics: spread_metrics(&aligned.dates[..n], &ca[..n], &cb[..n]),
                        });
                    }
                }
                series_rows.shrink_to_fit();
                dom::record_timing("metrics", dom::now_ms() - started);
                (series_rows, spread_rows)
            })
        },
        |_, _| true,
    );

    let header = move |rows: &[Row]| {
        rows.first().map(|r| {
            r.metrics
                .iter()
                .map(|m| view! { <th scope="col">{human_label(&m.name).to_string()}</th> })
                .collect_view()
        })
    };

    view! {
        <section class="panel metrics" aria-labelledby="metrics-title">
            <h2 id="metrics-title">"Metrics"</h2>
            <p class="note">"Returns over 5/21/63/126/252 sessions; YTD from the previous year's last close; RSI is Wilder's (TA-Lib seeding), shown once 250 bars of history precede it."</p>
            <label class="as-of">
                <span>"As of"</span>
                <input type="date" data-testid="as-of"
                    prop:value=move || state.as_of.get().map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        state.as_of.set(chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
                    } />
                <button type="button" class="link" on:click=move |_| state.as_of.set(None)>"latest"</button>
                <span class="hint">"Check a claim on the day it was made: the metrics use only data up to that date."</span>
            </label>
            <div class="table-scroll">
                <table class="metrics-table">
                    {move || rows.with(|(series_rows, _)| {
                        let head = header(series_rows);
                        let body = series_rows.iter().map(|r| {
                            let cells = r.metrics.iter().cloned().map(|m| metric_cell(r.key.clone(), m)).collect_view();
                            view! { <tr><th scope="row">{r.key.clone()}</th>{cells}</tr> }
                        }).collect_view();
                        view! {
                            <thead><tr><th scope="col">"Series"</th>{head}</tr></thead>
                            <tbody>{body}</tbody>
                        }
                    })}
                </table>
            </div>
            {move || rows.with(|(_, spread_rows)| {
                (!spread_rows.is_empty()).then(|| {
                    let head = header(spread_rows);
                    let body = spread_rows.iter().map(|r| {
                        let cells = r.metrics.iter().cloned().map(|m| metric_cell(r.key.clone(), m)).collect_view();
                        view! { <tr><th scope="row">{r.key.replace('-', " − ")}</th>{cells}</tr> }
                    }).collect_view();
                    view! {
                        <h3>"Return spreads: small vs large vs growth, others vs the large-cap benchmark (first minus second, on common sessions)"</h3>
                        <div class="table-scroll">
                            <table class="metrics-table spreads">
                                <thead><tr><th scope="col">"Pair"</th>{head}</tr></thead>
                                <tbody>{body}</tbody>
                            </table>
                        </div>
                    }
                })
            })}
        </section>
    }
}
