//! The dashboard: the toolbar (typed range, log scale, the price series,
//! panels shown, CSV export) and the linked panels — price, compare,
//! ratio, RSI, macro small multiples, relative rotation. Each panel reads
//! the shared `dashboard` and `visible` memos and hands a `TimeChart` spec
//! to its `ChartFrame`; no maths happens here.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::chart::{
    draw_rrg, draw_time_chart, ChartLine, ChartTheme, HLine, Ink, Marker, RrgChart, RrgTail, Shade,
    ThresholdFill, TimeChart, YFormat,
};
use crate::engine::align::JoinMode;
use crate::engine::dashboard::{tail_until, visible_csv, Compared, Dashboard};
use crate::engine::regime::Regime;
use crate::engine::series::SeriesKind;
use crate::format::with_thousands;
use crate::link::PANELS;
use crate::ui::components::chart_frame::{
    ChartFrame, DrawFn, DrawOptions, RowsFn, SeriesValue, TableFn,
};
use crate::ui::dom;
use crate::ui::state::AppState;

/// Every panel's `panels=` name (the share link's list, in page order)
/// and its toggle's label.
fn panel_label(name: &str) -> &'static str {
    match name {
        "price" => "Price",
        "compare" => "Compare",
        "ratio" => "Ratio",
        "rsi" => "RSI",
        "macro" => "Macro",
        _ => "Rotation",
    }
}

/// Weeks of tail the rotation graph shows.
const RRG_TAIL_WEEKS: usize = 10;

/// The regime colours of the stylesheet (`--r-*`), so shading matches the
/// strip and the badge. Mixed and no-data are not shaded.
fn regime_ink(regime: Regime, light: bool) -> Option<Ink> {
    let (dark, bright) = match regime {
        Regime::LabourStress => ((0xef, 0x44, 0x44), (0xdc, 0x26, 0x26)),
        Regime::GrowthScare => ((0xf5, 0x9e, 0x0b), (0xd9, 0x77, 0x06)),
        Regime::LeadershipCrowded => ((0xe8, 0x79, 0xf9), (0xc0, 0x26, 0xd3)),
        Regime::NarrowRally => ((0xa7, 0x8b, 0xfa), (0x7c, 0x3a, 0xed)),
        Regime::SmallLeadership => ((0x22, 0xc5, 0x5e), (0x16, 0xa3, 0x4a)),
        Regime::LargeLeadership => ((0x38, 0xbd, 0xf8), (0x02, 0x84, 0xc7)),
        Regime::Mixed | Regime::NoData => return None,
    };
    let (r, g, b) = if light { bright } else { dark };
    Some(Ink::Rgb(r, g, b))
}

fn regime_shades(d: &Dashboard, light: bool) -> Vec<Shade> {
    d.regimes
        .iter()
        .filter_map(|s| {
            regime_ink(s.regime, light).map(|color| Shade {
                sessions: s.sessions.clone(),
                color,
                label: Some(s.regime.label().to_string()),
            })
        })
        .collect()
}

fn recession_shades(d: &Dashboard) -> Vec<Shade> {
    d.recessions
        .iter()
        .map(|r| Shade {
            sessions: r.clone(),
            color: Ink::Shade(0),
            label: Some("Recession (NBER, in hindsight)".to_string()),
        })
        .collect()
}

fn css(light: bool, ink: Ink) -> String {
    let theme = ChartTheme::for_mode(light);
    ChartTheme::css(theme.ink(ink))
}

fn number(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_string(), |v| with_thousands(v, decimals))
}

/// A tooltip/legend value.
fn value(
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
fn price_ink(i: usize) -> Ink {
    Ink::Palette(i)
}

fn shown(hidden: &[String], key: &str) -> bool {
    !hidden.iter().any(|k| k == key)
}

#[component]
fn PricePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let log = Memo::new(move |_| state.url_extras.with(|u| u.log_scale));
    let chosen = Memo::new(move |_| {
        let choice = state.price_choice.get();
        state.dashboard.with(|d| {
            choice
                .and_then(|id| d.prices.iter().position(|p| p.id == id))
                .or(d.default_price())
        })
    });
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        let log = log.get();
        let radar = state.radar.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let mut lines = Vec::new();
            let mut markers = Vec::new();
            let mut hlines = Vec::new();
            if let (Some(p), Some(i)) = (p, chosen) {
                let key = |what: &str| format!("price:{what}");
                if shown(&hidden, &key("close")) {
                    lines.push(ChartLine {
                        first: 0,
                        label: p.id.clone(),
                        values: &p.close,
                        color: price_ink(i),
                        width: 2,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, &key("sma_fast")) {
                    lines.push(ChartLine {
                        first: 0,
                        label: format!("SMA {}", settings.sma_fast),
                        values: &p.sma_fast,
                        color: Ink::Palette(4),
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, &key("sma_slow")) {
                    lines.push(ChartLine {
                        first: 0,
                        label: format!("SMA {}", settings.sma_slow),
                        values: &p.sma_slow,
                        color: Ink::Palette(5),
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, &key("records")) {
                    markers = p
                        .record_highs
                        .iter()
                        .filter(|i| visible.contains(i))
                        .map(|&i| Marker {
                            index: i,
                            value: p.close[i],
                            label: String::new(),
                            color: Ink::Up,
                        })
                        .collect();
                }
                // Targets are measured on the small-cap role's series.
                if Some(i) == d.small && shown(&hidden, &key("targets")) {
                    hlines = radar
                        .targets
                        .iter()
                        .map(|t| HLine {
                            value: t.level,
                            label: format!(
                                "{:+.1}% · {}",
                                t.pct * 100.0,
                                with_thousands(t.level, 2)
                            ),
                            color: if t.pct >= 0.0 { Ink::Up } else { Ink::Down },
                            dashed: true,
                        })
                        .collect();
                }
            }
            let chart = TimeChart {
                dates: &d.dates,
                visible: visible.clone(),
                lines,
                hlines,
                shading: regime_shades(d, light),
                markers,
                log,
                y_format: YFormat::Number(2),
                empty_note: "Load a price series to see its chart".to_string(),
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_time_chart(root, &chart, &ChartTheme::for_mode(light), opts.scale).ok()
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            let Some((k, p)) = chosen.and_then(|k| d.prices.get(k).map(|p| (k, p))) else {
                return Vec::new();
            };
            let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
            let mut out = vec![
                value(
                    "price:close".into(),
                    p.id.clone(),
                    at(&p.close),
                    number(at(&p.close), 2),
                    css(light, price_ink(k)),
                    &hidden,
                ),
                value(
                    "price:sma_fast".into(),
                    format!("SMA {}", settings.sma_fast),
                    at(&p.sma_fast),
                    number(at(&p.sma_fast), 2),
                    css(light, Ink::Palette(4)),
                    &hidden,
                ),
                value(
                    "price:sma_slow".into(),
                    format!("SMA {}", settings.sma_slow),
                    at(&p.sma_slow),
                    number(at(&p.sma_slow), 2),
                    css(light, Ink::Palette(5)),
                    &hidden,
                ),
            ];
            let record = p.record_highs.binary_search(&i).is_ok();
            let mut records = value(
                "price:records".into(),
                "Record highs".into(),
                None,
                if record {
                    "record".into()
                } else {
                    String::new()
                },
                css(light, Ink::Up),
                &hidden,
            );
            records.value = None;
            out.push(records);
            if Some(k) == d.small {
                out.push(value(
                    "price:targets".into(),
                    "Targets".into(),
                    None,
                    String::new(),
                    css(light, Ink::Up),
                    &hidden,
                ));
            }
            out
        })
    });
    let options = move || {
        state.dashboard.with(|d| {
            d.prices
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let selected = chosen.get() == Some(i);
                    view! { <option value=p.id.clone() selected=selected>{p.id.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="panel-head">
            <h3>"Price"</h3>
            <label class="inline">"Series "
                <select data-testid="price-series" on:change=move |ev| state.price_choice.set(Some(event_target_value(&ev)))>
                    {options}
                </select>
            </label>
            <label class="inline">
                <input type="checkbox" data-testid="log-scale" prop:checked=move || log.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.url_extras.update(|u| u.log_scale = on);
                    } />
                " Log scale"
            </label>
        </div>
        <ChartFrame name="price" title="Price with its moving averages, targets, record highs and regime shading".to_string()
            size_class="chart-tall" draw=draw rows=rows />
    }
}

#[component]
fn ComparePanel() -> impl IntoView {
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
                    visible,
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
                    shading: regime_shades(d, light),
                    y_format: YFormat::Number(1),
                    empty_note: "Load a price series to see its performance".to_string(),
                    legend: opts.legend,
                    ..TimeChart::default()
                };
                draw_time_chart(root, &chart, &ChartTheme::for_mode(light), opts.scale).ok()
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
                    let text = v.map_or("—".to_string(), |v| format!("{:+.2}%", v - 100.0));
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

#[component]
fn RatioPanel() -> impl IntoView {
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
                        first: 0,
                        label: r.label.clone(),
                        values: &r.ratio,
                        color: Ink::Palette(0),
                        width: 2,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, "ratio:ma") {
                    lines.push(ChartLine {
                        first: 0,
                        label: format!("MA {}", settings.sma_fast),
                        values: &r.ratio_ma,
                        color: Ink::Muted,
                        width: 1,
                        dashed: true,
                        step: false,
                    });
                }
            }
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
                shading: regime_shades(d, light),
                y_format: YFormat::Number(4),
                empty_note:
                    "Give one series the small role and one the large role to see their ratio"
                        .to_string(),
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_time_chart(root, &chart, &ChartTheme::for_mode(light), opts.scale).ok()
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        state.dashboard.with(|d| {
            let Some(r) = &d.ratio else { return Vec::new() };
            let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
            let streak = r.streak.get(i).copied().flatten();
            let mut streak_row = value(
                "ratio:streak".into(),
                "Streak".into(),
                streak.map(|s| s as f64),
                streak.map_or("—".into(), |s| format!("{s:+} sessions")),
                css(light, Ink::Text),
                &hidden,
            );
            streak_row.toggles = false;
            vec![
                value(
                    "ratio:ratio".into(),
                    r.label.clone(),
                    at(&r.ratio),
                    number(at(&r.ratio), 4),
                    css(light, Ink::Palette(0)),
                    &hidden,
                ),
                value(
                    "ratio:ma".into(),
                    format!("MA {}", settings.sma_fast),
                    at(&r.ratio_ma),
                    number(at(&r.ratio_ma), 4),
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
            let s = r.streak.get(at).copied().flatten()?;
            let (a, b) = r.label.split_once('/')?;
            Some(match s {
                0 => format!("{a} and {b} level on the day"),
                s if s > 0 => format!(
                    "{a} has beaten {b} {s} session{} running",
                    if s == 1 { "" } else { "s" }
                ),
                s => format!(
                    "{b} has beaten {a} {} session{} running",
                    -s,
                    if s == -1 { "" } else { "s" }
                ),
            })
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

#[component]
fn RsiPanel() -> impl IntoView {
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
                        first: 0,
                        label: format!("RSI({}) {}", settings.rsi_period, p.id),
                        values: &p.rsi,
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
                                values: &p.rsi,
                                level: settings.rsi_overbought,
                                above: true,
                                color: Ink::Down,
                            },
                            ThresholdFill {
                                values: &p.rsi,
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
            draw_time_chart(root, &chart, &ChartTheme::for_mode(light), opts.scale).ok()
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
            let v = p.rsi.get(i).copied().flatten();
            let mut row = value(
                format!("rsi:{}", p.id),
                format!("RSI({}) {}", settings.rsi_period, p.id),
                v,
                number(v, 2),
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

fn macro_format(kind: SeriesKind) -> YFormat {
    match kind {
        SeriesKind::JoblessClaims | SeriesKind::RetailSales | SeriesKind::Consumption => {
            YFormat::Compact
        }
        _ => YFormat::Number(2),
    }
}

fn macro_text(kind: SeriesKind, v: Option<f64>) -> String {
    match (kind, v) {
        (_, None) => "—".to_string(),
        (
            SeriesKind::JoblessClaims | SeriesKind::RetailSales | SeriesKind::Consumption,
            Some(v),
        ) => with_thousands(v, 0),
        (_, Some(v)) => format!("{v:.2}"),
    }
}

/// One macro small multiple: the series as known each session (with its
/// derived value when in the same units), or the derived value alone
/// (`derived`: the Sahm value, consumer momentum); FOMC decisions on the
/// policy rate, thresholds from the rules editor, recessions shaded.
#[component]
fn MacroChart(index: usize, derived: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (id, name) = state.dashboard.with_untracked(|d| {
        let m = d.macros.get(index);
        let id = m.map(|m| m.id.clone()).unwrap_or_default();
        let name = m
            .and_then(|m| m.derived.as_ref())
            .map(|x| x.name.clone())
            .unwrap_or_default();
        (id, name)
    });
    let series = if derived {
        format!("{id}:{}", name.to_lowercase().replace(' ', "-"))
    } else {
        id.clone()
    };
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        state.dashboard.with(|d| {
            let m = d.macros.get(index)?;
            let mut lines = Vec::new();
            let extra = m.derived.as_ref();
            if !derived && shown(&hidden, &format!("macro:{}", m.id)) {
                lines.push(ChartLine {
                    first: 0,
                    label: m.id.clone(),
                    values: &m.known,
                    color: Ink::Palette(1),
                    width: 2,
                    dashed: false,
                    step: true,
                });
            }
            if let Some(x) = extra.filter(|x| x.own_chart == derived) {
                if shown(&hidden, &format!("macro:{}:derived", m.id)) {
                    lines.push(ChartLine {
                        first: 0,
                        label: x.name.clone(),
                        values: &x.values,
                        color: Ink::Palette(0),
                        width: if derived { 2 } else { 1 },
                        dashed: false,
                        step: true,
                    });
                }
            }
            let markers = if m.kind == SeriesKind::PolicyRate && !derived {
                d.fomc
                    .iter()
                    .filter(|i| visible.contains(i))
                    .map(|&i| Marker {
                        index: i,
                        value: None,
                        label: "FOMC".into(),
                        color: Ink::Muted,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let threshold = |value: f64, label: String| {
                vec![HLine {
                    value,
                    label,
                    color: Ink::Down,
                    dashed: true,
                }]
            };
            let hlines = match (m.kind, derived) {
                (SeriesKind::Unemployment, true) => threshold(
                    settings.sahm_threshold,
                    format!("Sahm rule {}", settings.sahm_threshold),
                ),
                (SeriesKind::RetailSales | SeriesKind::Consumption, true) => threshold(
                    settings.consumer_growth,
                    format!("weakening < {}%", settings.consumer_growth),
                ),
                (SeriesKind::JoblessClaims, false) => threshold(
                    settings.claims_level,
                    format!("level {}", with_thousands(settings.claims_level, 0)),
                ),
                (SeriesKind::GrowthNowcast, false) => vec![
                    HLine {
                        value: settings.gdpnow_strong,
                        label: format!("strong ≥ {}%", settings.gdpnow_strong),
                        color: Ink::Up,
                        dashed: true,
                    },
                    HLine {
                        value: settings.gdpnow_weak,
                        label: format!("weak < {}%", settings.gdpnow_weak),
                        color: Ink::Down,
                        dashed: true,
                    },
                ],
                _ => Vec::new(),
            };
            let title = match extra.filter(|_| derived) {
                Some(x) => format!("{} · {}", m.id, x.name),
                None => format!("{} · {}", m.id, m.kind.label()),
            };
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
                hlines,
                shading: recession_shades(d),
                markers,
                y_format: if derived {
                    YFormat::Number(2)
                } else {
                    macro_format(m.kind)
                },
                title: Some(title),
                empty_note: format!("{}: nothing known in this window", m.id),
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_time_chart(root, &chart, &ChartTheme::for_mode(light), opts.scale).ok()
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        state.dashboard.with(|d| {
            let Some(m) = d.macros.get(index) else {
                return Vec::new();
            };
            let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
            let mut out = Vec::new();
            if !derived {
                out.push(value(
                    format!("macro:{}", m.id),
                    m.id.clone(),
                    at(&m.known),
                    macro_text(m.kind, at(&m.known)),
                    css(light, Ink::Palette(1)),
                    &hidden,
                ));
            }
            if let Some(x) = m.derived.as_ref().filter(|x| x.own_chart == derived) {
                let v = at(&x.values);
                let text = if derived {
                    v.map_or("—".into(), |v| format!("{v:.2}"))
                } else {
                    macro_text(m.kind, v)
                };
                out.push(value(
                    format!("macro:{}:derived", m.id),
                    x.name.clone(),
                    v,
                    text,
                    css(light, Ink::Palette(0)),
                    &hidden,
                ));
            }
            out
        })
    });
    view! {
        <ChartFrame name="macro" title=format!("{series} as known each day") series=series.clone()
            size_class="chart-small" draw=draw rows=rows />
    }
}

#[component]
fn MacroMultiples() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A chart per series, and one more for a derived value in other units.
    let items = move || {
        state.dashboard.with(|d| {
            d.macros
                .iter()
                .enumerate()
                .flat_map(|(i, m)| {
                    let own = m.derived.as_ref().is_some_and(|x| x.own_chart);
                    std::iter::once((i, m.id.clone(), false))
                        .chain(own.then(|| (i, m.id.clone(), true)))
                })
                .collect::<Vec<_>>()
        })
    };
    let recessions = move || state.dashboard.with(|d| !d.recessions.is_empty());
    view! {
        <div class="panel-head">
            <h3>"Macro, as known each day"</h3>
            <span class="hint">{move || if recessions() {
                "Values as released (no look-ahead); grey bands: NBER recessions, dated in hindsight."
            } else {
                "Values as released (no look-ahead)."
            }}</span>
        </div>
        <div class="macro-charts">
            <For each=items key=|item| item.clone() children=|(i, _, derived)| view! { <MacroChart index=i derived=derived /> } />
        </div>
    }
}

#[component]
fn RrgPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tails = Memo::new(move |_| {
        let visible = state.visible.get();
        state.dashboard.with(|d| {
            let Some(end) = visible
                .end
                .checked_sub(1)
                .and_then(|i| d.dates.get(i).copied())
            else {
                return Vec::new();
            };
            d.rotation
                .iter()
                .map(|t| (t.id.clone(), tail_until(t, end, RRG_TAIL_WEEKS).to_vec()))
                .filter(|(_, p)| !p.is_empty())
                .collect::<Vec<_>>()
        })
    });
    let benchmark = move || {
        state
            .dashboard
            .with(|d| d.large.and_then(|i| d.prices.get(i)).map(|p| p.id.clone()))
    };
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let chart = tails.with(|tails| {
            let palette_of = |id: &str| {
                state
                    .dashboard
                    .with(|d| d.prices.iter().position(|p| p.id == id).unwrap_or(0))
            };
            RrgChart {
                tails: tails
                    .iter()
                    .map(|(id, points)| RrgTail {
                        label: id.clone(),
                        color: price_ink(palette_of(id)),
                        points: points.clone(),
                    })
                    .collect(),
                note:
                    "Approximation of JdK RS-Ratio / RS-Momentum (weekly, vs the large-cap series)"
                        .to_string(),
            }
        });
        let _ = opts.legend;
        let _ = draw_rrg(root, &chart, &ChartTheme::for_mode(light), opts.scale);
        None
    });
    let table: TableFn = Arc::new(move || {
        let head = ["Series", "Week", "RS-Ratio", "RS-Momentum"]
            .map(String::from)
            .to_vec();
        let body = tails.with(|tails| {
            tails
                .iter()
                .flat_map(|(id, points)| {
                    points.iter().rev().map(move |(d, r, m)| {
                        vec![
                            id.clone(),
                            d.to_string(),
                            format!("{r:.2}"),
                            format!("{m:.2}"),
                        ]
                    })
                })
                .collect()
        });
        (head, body)
    });
    view! {
        <div class="panel-head">
            <h3>"Relative rotation"</h3>
            <span class="hint">{move || match benchmark() {
                Some(b) => format!("Weekly, against {b}; the last {RRG_TAIL_WEEKS} weeks to the end of the visible window. An approximation: JdK's RS-Ratio and RS-Momentum are proprietary."),
                None => "Give a series the large-cap role to see rotation against it.".to_string(),
            }}</span>
        </div>
        <ChartFrame name="rrg" title="Relative rotation graph (approximation)".to_string()
            size_class="chart-square" draw=draw table=table />
    }
}

/// The toolbar and every panel the user keeps shown.
#[component]
pub fn DashboardPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let panels = Memo::new(move |_| {
        state.url_extras.with(|u| match &u.panels {
            Some(list) => PANELS
                .iter()
                .map(|n| list.iter().any(|p| p == n))
                .collect::<Vec<_>>(),
            None => vec![true; PANELS.len()],
        })
    });
    let is_shown = move |name: &str| {
        let i = PANELS.iter().position(|n| *n == name).unwrap_or(0);
        panels.with(|p| p.get(i).copied().unwrap_or(true))
    };
    let toggle = move |name: &'static str, on: bool| {
        state.url_extras.update(|u| {
            let mut list: Vec<String> = match &u.panels {
                Some(list) => list.clone(),
                None => PANELS.iter().map(|n| n.to_string()).collect(),
            };
            list.retain(|p| p != name);
            if on {
                list.push(name.to_string());
            }
            // Page order, and the default (all shown) is no key at all.
            let ordered: Vec<String> = PANELS
                .iter()
                .map(|n| n.to_string())
                .filter(|n| list.contains(n))
                .collect();
            u.panels = (ordered.len() != PANELS.len()).then_some(ordered);
        })
    };
    let date_value = move |first: bool| {
        let visible = state.visible.get();
        state.dashboard.with(|d| {
            let i = if first {
                visible.start
            } else {
                visible.end.saturating_sub(1)
            };
            d.dates.get(i).map(|d| d.to_string()).unwrap_or_default()
        })
    };
    let on_date = move |first: bool, text: String| {
        let Ok(day) = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") else {
            return;
        };
        let visible = state.visible.get_untracked();
        let other = state.dashboard.with_untracked(|d| {
            let i = if first {
                visible.end.saturating_sub(1)
            } else {
                visible.start
            };
            d.dates.get(i).copied()
        });
        if let Some(other) = other {
            let span = if first { (day, other) } else { (other, day) };
            state
                .zoom
                .set(Some((span.0.min(span.1), span.0.max(span.1))));
            state.commit_zoom();
        }
    };
    let export_csv = move |_| {
        let settings = state.settings.get_untracked();
        let visible = state.visible.get_untracked();
        let radar = state.radar.get_untracked();
        let text = state.dashboard.with_untracked(|d| {
            let chosen = state
                .price_choice
                .get_untracked()
                .and_then(|id| d.prices.iter().position(|p| p.id == id))
                .or(d.default_price());
            visible_csv(d, &radar, chosen, &settings, visible)
        });
        dom::download_text("regime-radar-visible.csv", &text);
    };
    // A hidden panel is not mounted: it neither draws nor listens.
    let panel = move |name: &'static str, make: fn() -> AnyView| {
        move || {
            is_shown(name).then(|| view! {
                <section class=format!("panel dash-panel dash-{name}") data-panel=name>{make()}</section>
            })
        }
    };
    view! {
        <section class="panel dashboard-bar" aria-label="Dashboard controls">
            <div class="bar-row">
                <label class="inline">"From "
                    <input type="date" data-testid="range-from" prop:value=move || date_value(true)
                        on:change=move |ev| on_date(true, event_target_value(&ev)) /></label>
                <label class="inline">"to "
                    <input type="date" data-testid="range-to" prop:value=move || date_value(false)
                        on:change=move |ev| on_date(false, event_target_value(&ev)) /></label>
                <span class="hint">"Wheel or pinch to zoom, drag to pan, double-click to reset; the keyboard works on a focused chart."</span>
                <button type="button" class="secondary" data-testid="export-csv" on:click=export_csv>"Export CSV"</button>
            </div>
            <fieldset class="bar-row panel-toggles">
                <legend class="visually-hidden">"Panels shown"</legend>
                {PANELS.iter().map(|name| {
                    let name: &'static str = name;
                    let label = panel_label(name);
                    view! {
                        <label class="chip">
                            <input type="checkbox" data-testid="panel-toggle" data-panel=name
                                prop:checked=move || is_shown(name)
                                on:change=move |ev| toggle(name, event_target_checked(&ev)) />
                            {label}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        </section>
        <div class="dashboard">
            {panel("price", || view! { <PricePanel /> }.into_any())}
            {panel("compare", || view! { <ComparePanel /> }.into_any())}
            {panel("ratio", || view! { <RatioPanel /> }.into_any())}
            {panel("rsi", || view! { <RsiPanel /> }.into_any())}
            {panel("rrg", || view! { <RrgPanel /> }.into_any())}
            {panel("macro", || view! { <MacroMultiples /> }.into_any())}
        </div>
    }
}
