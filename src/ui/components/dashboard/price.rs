//! The price panel: the chosen price series with its fast and slow SMAs,
//! its Bollinger Bands (`bb_period`, `bb_k`), record highs, the small-cap series' targets and regime shading, and its
//! series picker and log-scale toggle.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{chosen_price, css, draw_spec, price_ink, regime_shades, shown, value};
use crate::chart::{ChartLine, HLine, Ink, Marker, TimeChart, YFormat};
use crate::format::{number_or_dash, signed_percent, with_thousands};
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

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

#[component]
pub fn PricePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let log = Memo::new(move |_| state.url_extras.with(|u| u.log_scale));
    let chosen = chosen_price(state);
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
                // Bollinger Bands: dashed bands around their SMA middle.
                let bands: [(&str, &[Option<f64>], bool); 3] = [
                    ("bb_upper", &p.bb_upper, true),
                    ("bb_middle", &p.bb_middle, false),
                    ("bb_lower", &p.bb_lower, true),
                ];
                for (what, values, dashed) in bands {
                    if shown(&hidden, &key(what)) {
                        lines.push(ChartLine {
                            first: 0,
                            label: bb_label(what, &settings),
                            values,
                            color: BB_INK,
                            width: 1,
                            dashed,
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
            let at = |c: &[Option<f64>]| c.get(i).copied().flatten();
            let mut out = vec![
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
            ];
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
