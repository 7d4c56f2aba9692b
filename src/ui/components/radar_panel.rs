//! The radar's headline, above the chart: the regime badge with the rules
//! that put it there, the read (summary card), and the regime history over
//! the visible range as a strip of dated episodes.

use leptos::prelude::*;

use crate::engine::read::reason;
use crate::engine::regime::{Regime, REGIME_TABLE};
use crate::engine::signals::State;
use crate::ui::state::AppState;

/// The CSS class of a regime's colour.
pub fn regime_class(regime: Regime) -> String {
    format!("regime-{}", regime.as_str().replace('_', "-"))
}

#[component]
pub fn RadarPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let radar = state.radar;

    let badge = move || {
        radar.with(|r| {
            let regime = r.current_regime().unwrap_or(Regime::NoData);
            let date = r.as_of_date().map(|d| d.to_string()).unwrap_or_default();
            let row = r
                .as_of_index
                .and_then(|i| r.regime.at(i))
                .filter(|d| d.regime == d.candidate)
                .and_then(|d| d.row)
                .and_then(|i| REGIME_TABLE.get(i));
            // The rules of the matching row first, then every other rule firing.
            let mut reasons: Vec<(bool, String)> = Vec::new();
            if let Some(index) = r.as_of_index {
                let in_row =
                    |id| row.is_some_and(|row| row.all.contains(&id) || row.any.contains(&id));
                let mut firing: Vec<_> = r
                    .signals
                    .rules
                    .iter()
                    .filter(|rule| rule.day(index).state == State::Firing)
                    .collect();
                firing.sort_by_key(|rule| !in_row(rule.rule));
                reasons = firing
                    .into_iter()
                    .map(|rule| (in_row(rule.rule), reason(rule, rule.day(index))))
                    .collect();
            }
            let held = r
                .as_of_index
                .and_then(|i| r.regime.at(i))
                .filter(|d| d.regime != d.candidate)
                .map(|d| {
                    format!(
                        "Held by the dwell: today alone would read “{}”.",
                        d.candidate.label()
                    )
                });
            view! {
                <div class="regime-head">
                    <span class=format!("regime-badge {}", regime_class(regime))
                        data-testid="regime" data-regime=regime.as_str()>{regime.label()}</span>
                    <span class="regime-date">{format!("on {date}")}</span>
                </div>
                {held.map(|h| view! { <p class="note">{h}</p> })}
                <ul class="reasons" aria-label="Rules firing">
                    {reasons.into_iter().map(|(key, text)| view! {
                        <li class:key=key>{text}</li>
                    }).collect_view()}
                </ul>
            }
        })
    };

    let strip = move || {
        radar.with(|r| {
            let dates = &r.signals.frame.dates;
            if r.as_of_index.is_none() {
                return ().into_any();
            }
            // The dashboard's visible window, on the radar's calendar.
            let visible = state.visible.get();
            let (start, end) = state.dashboard.with(|d| {
                (
                    d.dates.get(visible.start).copied(),
                    visible.end.checked_sub(1).and_then(|i| d.dates.get(i)).copied(),
                )
            });
            let first_index = start.map_or(0, |s| dates.partition_point(|d| *d < s));
            let last_index = end.map_or(dates.len().saturating_sub(1), |e| dates.partition_point(|d| *d <= e).saturating_sub(1));
            let segments: Vec<_> = r
                .regime
                .episodes
                .iter()
                .filter(|e| e.end_index >= first_index && e.start_index <= last_index)
                .map(|e| {
                    let from = e.start_index.max(first_index);
                    let to = e.end_index.min(last_index);
                    let sessions = to + 1 - from;
                    let start = dates.get(from).copied().unwrap_or(e.start);
                    let stop = dates.get(to).copied().unwrap_or(e.end);
                    let title = format!("{}: {} → {} ({} sessions)", e.regime.label(), start, stop, sessions);
                    // `style:` sets the property through the CSSOM
                    // (tachys' `Rndr::set_css_property`), not a `style`
                    // attribute, so `style-src 'self'` allows it
                    // (docs/security.md).
                    view! {
                        <span class=format!("seg {}", regime_class(e.regime))
                            style:flex-grow=sessions.to_string() title=title.clone() aria-label=title></span>
                    }
                })
                .collect();
            let changes = r
                .regime
                .episodes
                .iter()
                .rev()
                .filter(|e| e.end_index >= first_index && e.start_index <= last_index)
                .take(6)
                .map(|e| view! {
                    <li><span class=format!("dot {}", regime_class(e.regime))></span>
                        {format!("{} → {}: {} ({} sessions)", e.start, e.end, e.regime.label(), e.sessions())}</li>
                })
                .collect_view();
            view! {
                <div class="regime-strip" data-testid="regime-strip" role="img"
                    aria-label="Regime history over the visible range">{segments}</div>
                <ul class="legend" aria-label="Regime colours">
                    {Regime::ALL.iter().map(|r| view! {
                        <li><span class=format!("dot {}", regime_class(*r))></span>{r.label()}</li>
                    }).collect_view()}
                </ul>
                <details class="changes">
                    <summary>"Regime changes (latest first)"</summary>
                    <ul>{changes}</ul>
                </details>
            }
            .into_any()
        })
    };

    view! {
        <section class="panel radar" aria-labelledby="radar-title">
            <h2 id="radar-title" class="visually-hidden">"Regime and read"</h2>
            <div class="radar-grid">
                <div class="regime-box">{badge}</div>
                <div class="summary" data-testid="summary">
                    {move || radar.with(|r| r.read.sentences.iter().map(|s| view! { <span class="sentence">{s.clone()}" "</span> }).collect_view())}
                </div>
            </div>
            {strip}
        </section>
    }
}
