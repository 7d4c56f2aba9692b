//! The macro small multiples: one chart per macro series as known each
//! session (with its derived value when in the same units), one more for a
//! derived value in other units; FOMC decisions, thresholds and recessions.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::{css, draw_spec, recession_shades, shown, value};
use crate::chart::{ChartLine, HLine, Ink, Marker, TimeChart, YFormat};
use crate::engine::dashboard::CalendarColumn;
use crate::engine::macro_style::{number_style, thresholds, MacroNumber, Reading};
use crate::engine::series::SeriesKind;
use crate::engine::units::Units;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, RowsFn};
use crate::ui::state::AppState;

/// The chart axis for a macro chart's number style.
fn y_format(style: MacroNumber) -> YFormat {
    match style {
        MacroNumber::Thousands => YFormat::Compact,
        MacroNumber::Decimals(decimals) => YFormat::Number(decimals),
    }
}

/// How a macro chart's numbers read: the kind's style in levels and
/// changes, two decimals for percent changes and logs.
fn style_of(kind: SeriesKind, derived: bool, units: Units) -> MacroNumber {
    match units {
        Units::Lin | Units::Chg | Units::Ch1 => number_style(kind, derived),
        Units::Pch | Units::Pc1 | Units::Log => MacroNumber::Decimals(2),
    }
}

/// The `macro-units` select of one macro series: FRED's units, applied by
/// the engine to the panel and the CSV, kept in the link (`units=`).
#[component]
fn UnitsSelect(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = {
        let id = id.clone();
        move || {
            state.url_extras.with(|e| {
                e.units
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map_or(Units::Lin, |(_, u)| *u)
            })
        }
    };
    let on_change = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let Some(units) = Units::parse(&event_target_value(&ev)) else {
                return;
            };
            state.url_extras.update(|e| {
                e.units.retain(|(i, _)| *i != id);
                if units != Units::Lin {
                    e.units.push((id.clone(), units));
                }
            });
        }
    };
    view! {
        <label class="field macro-units">
            <span>"Units"</span>
            <select data-testid="macro-units" data-series=id on:change=on_change>
                {Units::ALL
                    .into_iter()
                    .map(|u| {
                        let current = current.clone();
                        view! { <option value=u.code() selected=move || current() == u>{u.label()}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
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
            // A panel whose series was just removed draws nothing.
            let Some(m) = d.macros.get(index) else {
                return Ok(None);
            };
            let mut lines = Vec::new();
            let extra = m.derived.as_ref();
            if !derived && shown(&hidden, &format!("macro:{}", m.id)) {
                lines.push(ChartLine {
                    first: m.known.first(),
                    label: m.id.clone(),
                    values: m.known.stored(),
                    color: Ink::Palette(1),
                    width: 2,
                    dashed: false,
                    step: true,
                });
            }
            if let Some(x) = extra.filter(|x| x.own_chart == derived) {
                if shown(&hidden, &format!("macro:{}:derived", m.id)) {
                    lines.push(ChartLine {
                        first: x.values.first(),
                        label: x.name.clone(),
                        values: x.values.stored(),
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
            // The thresholds are levels: drawn only on a chart in levels.
            let levels = derived || m.units == Units::Lin;
            let hlines = thresholds(m.kind, derived, &settings)
                .into_iter()
                .filter(|_| levels)
                .map(|t| HLine {
                    value: t.value,
                    label: t.label,
                    color: match t.reading {
                        Reading::Healthy => Ink::Up,
                        Reading::Warning => Ink::Down,
                    },
                    dashed: true,
                })
                .collect();
            let title = match extra.filter(|_| derived) {
                Some(x) => format!("{} · {}", m.id, x.name),
                None if m.units != Units::Lin => format!("{} · {}", m.id, m.units.label()),
                None => format!("{} · {}", m.id, m.kind.label()),
            };
            let chart = TimeChart {
                dates: &d.dates,
                visible,
                lines,
                hlines,
                shading: recession_shades(d),
                markers,
                y_format: y_format(style_of(m.kind, derived, m.units)),
                title: Some(title),
                empty_note: format!("{}: nothing known in this window", m.id),
                legend: opts.legend,
                ..TimeChart::default()
            };
            draw_spec(root, &chart, light, opts.scale)
        })
    });
    let rows: RowsFn = Arc::new(move |i| {
        let light = state.light.get();
        let hidden = state.hidden.get();
        state.dashboard.with(|d| {
            let Some(m) = d.macros.get(index) else {
                return Vec::new();
            };
            let at = |c: &CalendarColumn| c.get(i);
            let style = style_of(m.kind, derived, m.units);
            let mut out = Vec::new();
            if !derived {
                out.push(value(
                    format!("macro:{}", m.id),
                    m.id.clone(),
                    at(&m.known),
                    style.text(at(&m.known)),
                    css(light, Ink::Palette(1)),
                    &hidden,
                ));
            }
            if let Some(x) = m.derived.as_ref().filter(|x| x.own_chart == derived) {
                let v = at(&x.values);
                out.push(value(
                    format!("macro:{}:derived", m.id),
                    x.name.clone(),
                    v,
                    style.text(v),
                    css(light, Ink::Palette(0)),
                    &hidden,
                ));
            }
            out
        })
    });
    view! {
        <div class="macro-chart">
        {(!derived).then(|| view! { <UnitsSelect id=id.clone() /> })}
        <ChartFrame name="macro" title=format!("{series} as known each day") series=series.clone()
            size_class="chart-small" draw=draw rows=rows />
        </div>
    }
}

#[component]
pub fn MacroMultiples() -> impl IntoView {
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
