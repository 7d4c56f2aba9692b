//! The dashboard toolbar: the typed visible range (from / to), the CSV
//! export of the visible window, and the toggles of the panels shown (the
//! share link's `panels=` list). Which panels are shown is read here and
//! by the dashboard, which mounts only those.

use leptos::prelude::*;

use crate::engine::export::visible_csv;
use crate::engine::resample::Timeframe;
use crate::link::PANELS;
use crate::ui::dom;
use crate::ui::state::{AppState, Level};

/// Every panel's `panels=` name (the share link's list, in page order)
/// and its toggle's label.
fn panel_label(name: &str) -> &'static str {
    match name {
        "price" => "Price",
        "compare" => "Compare",
        "ratio" => "Ratio",
        "rsi" => "RSI",
        "macd" => "MACD",
        "atr" => "ATR",
        "volume" => "Volume",
        "macro" => "Macro",
        _ => "Rotation",
    }
}

/// On weekly or monthly bars, what is on them and what is not.
fn timeframe_hint(state: AppState) -> Option<String> {
    let bars = state.dashboard.with(|d| match d.timeframe {
        Timeframe::Daily => None,
        Timeframe::Weekly => Some("Weekly"),
        Timeframe::Monthly => Some("Monthly"),
    })?;
    Some(format!(
        "{bars} bars, each dated on its last session: the charts, studies, table view and CSV are on them. \
         The radar's rules, signals, regime, evidence and metrics table stay on daily sessions \
         (the regime shading and rule states shown are the daily ones at each bar's date)."
    ))
}

/// Whether each panel of `PANELS` is shown (all when the link names none).
pub fn shown_panels(state: AppState) -> Memo<Vec<bool>> {
    Memo::new(move |_| {
        state.url_extras.with(|u| match &u.panels {
            Some(list) => PANELS
                .iter()
                .map(|n| list.iter().any(|p| p == n))
                .collect::<Vec<_>>(),
            None => vec![true; PANELS.len()],
        })
    })
}

/// Whether the panel `name` is shown, per [`shown_panels`].
pub fn panel_shown(panels: Memo<Vec<bool>>, name: &str) -> bool {
    let i = PANELS.iter().position(|n| *n == name).unwrap_or(0);
    panels.with(|p| p.get(i).copied().unwrap_or(true))
}

/// The toolbar above the panels; `panels` is [`shown_panels`].
#[component]
pub fn DashboardToolbar(panels: Memo<Vec<bool>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let is_shown = move |name: &str| panel_shown(panels, name);
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
        if let Err(why) = dom::download_text("regime-radar-visible.csv", &text) {
            state.push_message(
                Level::Error,
                format!("The CSV export failed: {why}. The table view (⊞ on each chart) lists the same values."),
            );
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
                <label class="inline">"Bars "
                    <select data-testid="timeframe-select" aria-label="Bar length of the charts"
                        on:change=move |ev| {
                            let mut next = state.settings.get_untracked();
                            if next.set("timeframe", &event_target_value(&ev)).is_ok() {
                                state.settings.set(next);
                            }
                        }>
                        {Timeframe::ALL.into_iter().map(|t| {
                            let label = match t {
                                Timeframe::Daily => "daily",
                                Timeframe::Weekly => "weekly",
                                Timeframe::Monthly => "monthly",
                            };
                            view! { <option value=t.code() selected=move || state.settings.with(|s| s.timeframe == t)>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="secondary" data-testid="export-csv" on:click=export_csv>"Export CSV"</button>
            </div>
            {move || timeframe_hint(state).map(|text| view! {
                <p class="hint" data-testid="timeframe-hint">{text}</p>
            })}
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
    }
}
