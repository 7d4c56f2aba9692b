//! The price panel: the chosen price series with its fast and slow SMAs,
//! its Bollinger Bands (`bb_period`, `bb_k`), record highs, the small-cap
//! series' targets and regime shading, and its series picker, style (line,
//! candles or OHLC bars where the file has open, high and low) and
//! log-scale toggle. The tooltip lists open, high, low, close and volume.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{chosen_price, css, draw_spec, price_ink, regime_shades, shown, value};
use crate::chart::{
    CandleStyle, ChartCandles, ChartLine, HLine, Ink, Marker, Ohlc, TimeChart, YFormat,
};
use crate::engine::dashboard::{CalendarColumn, PriceColumns};
use crate::format::{number_or_dash, signed_percent, with_thousands};
use crate::link::PriceStyle;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

/// The user's level: amber, apart from every series' palette colour.
const LEVEL_INK: Ink = Ink::Rgb(234, 179, 8);

/// The Bollinger lines' colour (one for the three: they read as one study).
const BB_INK: Ink = Ink::Palette(3);

/// A Bollinger line's legend and tooltip label.
fn bb_label(what: &str, settings: &crate::engine::settings::RadarSettings) -> String {
    let (period, k) = (settings.bb_period, settings.bb_k);
    match what {
        "bb_upper" => format!("BB({period}) +{k}σ"),
        "bb_lower" => format!("BB({period}) −{k}σ"),
        _ => format!("BB({period}) middle"),
    }
}

/// The style drawn: the chosen one where the series has open, high and
/// low, else a line.
fn drawn_style(chosen: PriceStyle, p: Option<&PriceColumns>) -> PriceStyle {
    if p.is_some_and(PriceColumns::has_ohlc) {
        chosen
    } else {
        PriceStyle::Line
    }
}

fn style_label(style: PriceStyle) -> &'static str {
    match style {
        PriceStyle::Line => "Line",
        PriceStyle::Candles => "Candles",
        PriceStyle::Ohlc => "OHLC bars",
    }
}

#[component]
pub fn PricePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let log = Memo::new(move |_| state.url_extras.with(|u| u.log_scale));
    let chosen_style = Memo::new(move |_| state.url_extras.with(|u| u.price_style));
    let chosen = chosen_price(state);
    let has_ohlc = Memo::new(move |_| {
        let chosen = chosen.get();
        state.dashboard.with(|d| {
            chosen
                .and_then(|k| d.prices.get(k))
                .is_some_and(PriceColumns::has_ohlc)
        })
    });
    // The user's level: follows the link, and the pointer while dragged.
    let level = RwSignal::new(None::<f64>);
    Effect::new(move |_| {
        let linked = state.url_extras.with(|u| u.price_level);
        level.set(linked);
    });
    let style = Memo::new(move |_| {
        if has_ohlc.get() {
            chosen_style.get()
        } else {
            PriceStyle::Line
        }
    });
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let visible = state.visible.get();
        let hidden = state.hidden.get();
        let settings = state.settings.get();
        let log = log.get();
        let radar = state.radar.get();
        let chosen = chosen.get();
        let chosen_style = chosen_style.get();
        let level = level.get();
        state.dashboard.with(|d| {
            let p = chosen.and_then(|i| d.prices.get(i));
            let mut lines = Vec::new();
            let mut candles = Vec::new();
            let mut markers = Vec::new();
            let mut hlines = Vec::new();
            if let (Some(p), Some(i)) = (p, chosen) {
                let key = |what: &str| format!("price:{what}");
                let bars = match drawn_style(chosen_style, Some(p)) {
                    PriceStyle::Line => None,
                    PriceStyle::Candles => Some(CandleStyle::Candles),
                    PriceStyle::Ohlc => Some(CandleStyle::Ohlc),
                };
                if let (Some(style), true) = (bars, shown(&hidden, &key("close"))) {
                    // Indexed as the close (one series' columns share its
                    // span of the calendar); a missing one falls back to it.
                    fn own(c: &Option<CalendarColumn>, first: usize) -> &[Option<f64>] {
                        c.as_ref()
                            .filter(|c| c.first() == first)
                            .map_or(&[], CalendarColumn::stored)
                    }
                    let first = p.close.first();
                    candles.push(ChartCandles {
                        label: p.id.clone(),
                        ohlc: Ohlc {
                            open: own(&p.open, first),
                            high: own(&p.high, first),
                            low: own(&p.low, first),
                            close: p.close.stored(),
                        },
                        first,
                        style,
                        up: Ink::Up,
                        down: Ink::Down,
                    });
                } else if shown(&hidden, &key("close")) {
                    lines.push(ChartLine {
                        first: p.close.first(),
                        label: p.id.clone(),
                        values: p.close.stored(),
                        color: price_ink(i),
                        width: 2,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, &key("sma_fast")) {
                    lines.push(ChartLine {
                        first: p.sma_fast.first(),
                        label: format!("SMA {}", settings.sma_fast),
                        values: p.sma_fast.stored(),
                        color: Ink::Palette(4),
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
                if shown(&hidden, &key("sma_slow")) {
                    lines.push(ChartLine {
                        first: p.sma_slow.first(),
                        label: format!("SMA {}", settings.sma_slow),
                        values: p.sma_slow.stored(),
                        color: Ink::Palette(5),
                        width: 1,
                        dashed: false,
                        step: false,
                    });
                }
                // Bollinger Bands: three thin solid lines in one colour, as
                // TradingView draws them. Not dashed: a dashed path is one
                // canvas stroke per dash (up to 600 a line), which doubled
                // the price panel's redraw.
                let bands: [(&str, &CalendarColumn); 3] = [
                    ("bb_upper", &p.bb_upper),
                    ("bb_middle", &p.bb_middle),
                    ("bb_lower", &p.bb_lower),
                ];
                for (what, values) in bands {
                    if shown(&hidden, &key(what)) {
                        lines.push(ChartLine {
                            first: values.first(),
                            label: bb_label(what, &settings),
                            values: values.stored(),
                            color: BB_INK,
                            width: 1,
                            dashed: false,
                            step: false,
                        });
                    }
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
                                "{} · {}",
                                signed_percent(t.pct, 1),
                                with_thousands(t.level, 2)
                            ),
                            color: if t.pct >= 0.0 { Ink::Up } else { Ink::Down },
                            dashed: true,
                        })
                        .collect();
                }
            }
            hlines.extend(level.map(|v| HLine {
                value: v,
                label: format!("Level {}", with_thousands(v, 2)),
                color: LEVEL_INK,
                dashed: false,
            }));
            let chart = TimeChart {
                dates: &d.dates,
                visible: visible.clone(),
                lines,
                candles,
                hlines,
                shading: regime_shades(d, light, &visible),
                markers,
                log,
                y_format: YFormat::Number(2),
                empty_note: "Load a price series to see its chart".to_string(),
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
            let Some((k, p)) = chosen.and_then(|k| d.prices.get(k).map(|p| (k, p))) else {
                return Vec::new();
            };
            let at = |c: &CalendarColumn| c.get(i);
            // Open, high, low and volume where the file has them: read-outs,
            // not legend toggles (the close's entry hides the bars).
            let readout = |what: &str, label: &str, column: &Option<CalendarColumn>, decimals| {
                column.as_ref().map(|c| {
                    let mut row = value(
                        format!("price:{what}"),
                        label.to_string(),
                        at(c),
                        number_or_dash(at(c), decimals),
                        css(light, price_ink(k)),
                        &[],
                    );
                    row.toggles = false;
                    row
                })
            };
            let mut out: Vec<_> = [
                readout("open", "Open", &p.open, 2),
                readout("high", "High", &p.high, 2),
                readout("low", "Low", &p.low, 2),
            ]
            .into_iter()
            .flatten()
            .collect();
            out.extend([
                value(
                    "price:close".into(),
                    p.id.clone(),
                    at(&p.close),
                    number_or_dash(at(&p.close), 2),
                    css(light, price_ink(k)),
                    &hidden,
                ),
                value(
                    "price:sma_fast".into(),
                    format!("SMA {}", settings.sma_fast),
                    at(&p.sma_fast),
                    number_or_dash(at(&p.sma_fast), 2),
                    css(light, Ink::Palette(4)),
                    &hidden,
                ),
                value(
                    "price:sma_slow".into(),
                    format!("SMA {}", settings.sma_slow),
                    at(&p.sma_slow),
                    number_or_dash(at(&p.sma_slow), 2),
                    css(light, Ink::Palette(5)),
                    &hidden,
                ),
            ]);
            // After the close: O, H, L, C, V read in order.
            if let Some(row) = readout("volume", "Volume", &p.volume, 0) {
                let at_close = out
                    .iter()
                    .position(|r| r.series == "price:close")
                    .map_or(0, |c| c + 1);
                out.insert(at_close, row);
            }
            for (what, column) in [
                ("bb_upper", &p.bb_upper),
                ("bb_middle", &p.bb_middle),
                ("bb_lower", &p.bb_lower),
            ] {
                out.push(value(
                    format!("price:{what}"),
                    bb_label(what, &settings),
                    at(column),
                    number_or_dash(at(column), 2),
                    css(light, BB_INK),
                    &hidden,
                ));
            }
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
            <label class="inline">"Style "
                <select data-testid="price-style" prop:disabled=move || !has_ohlc.get()
                    prop:value=move || style.get().as_str()
                    on:change=move |ev| {
                        if let Some(s) = PriceStyle::parse(&event_target_value(&ev)) {
                            state.url_extras.update(|u| u.price_style = s);
                        }
                    }>
                    {PriceStyle::ALL.map(|s| view! {
                        <option value=s.as_str() selected=move || style.get() == s>{style_label(s)}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || (!has_ohlc.get()).then(|| view! {
                <span class="hint" data-testid="price-style-note">
                    "Line only: the file has no open, high and low"
                </span>
            })}
            {move || match level.get() {
                Some(v) => view! {
                    <span class="inline" data-testid="price-level" data-value=v.to_string()
                        title="Drag the level on the chart to move it">
                        {format!("Level {} ", with_thousands(v, 2))}
                        <button type="button" class="link-button" data-testid="price-level-remove"
                            on:click=move |_| state.url_extras.update(|u| u.price_level = None)>"Remove"</button>
                    </span>
                }.into_any(),
                None => view! {
                    <button type="button" class="link-button" data-testid="price-level-add"
                        title="Place a level at the last visible close; drag it on the chart"
                        on:click=move |_| {
                            let visible = state.visible.get_untracked();
                            let last = state.dashboard.with_untracked(|d| {
                                chosen.get_untracked().and_then(|k| d.prices.get(k)).and_then(|p| {
                                    (visible.start..visible.end.min(p.close.len()))
                                        .rev()
                                        .find_map(|i| p.close.get(i))
                                })
                            });
                            if let Some(v) = last {
                                state.url_extras.update(|u| u.price_level = Some(v));
                            }
                        }>"Add level"</button>
                }.into_any(),
            }}
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
            size_class="chart-tall" draw=draw rows=rows level=level />
    }
}
