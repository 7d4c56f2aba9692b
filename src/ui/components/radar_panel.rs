//! The radar's headline, above the chart: the regime badge with the rules
//! that put it there, the read (summary card), and the regime history over
//! the visible range as a strip of dated episodes.

use std::fmt::Write;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::freshness::age_words;
use crate::engine::regime::{Episode, Regime};
use crate::ui::state::AppState;

/// An episode for people: "Risk-on: 2024-01-02 → 2024-02-09 (27 sessions)".
fn episode_words(e: &Episode) -> String {
    format!(
        "{}: {} → {} ({} sessions)",
        e.regime.label(),
        e.start,
        e.end,
        e.sessions()
    )
}

/// The CSS class of a regime's colour.
pub fn regime_class(regime: Regime) -> String {
    format!("regime-{}", regime.as_str().replace('_', "-"))
}

#[component]
pub fn RadarPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let radar = state.radar;
    // The read names the data's age too (the view line's figure).
    let data_age = state.data_age;

    let badge = move || {
        let badge = radar.with(|r| r.badge());
        let date = badge.date.map(|d| d.to_string()).unwrap_or_default();
        let held = badge.held_from.map(|candidate| {
            format!(
                "Held by the dwell: today alone would read “{}”.",
                candidate.label()
            )
        });
        let regime = badge.regime;
        view! {
            <div class="regime-head">
                <span class=format!("regime-badge {}", regime_class(regime))
                    data-testid="regime" data-regime=regime.as_str()>{regime.label()}</span>
                <span class="regime-date">{format!("on {date}")}</span>
            </div>
            {held.map(|h| view! { <p class="note">{h}</p> })}
            <ul class="reasons" aria-label="Rules firing">
                {badge.reasons.into_iter().map(|(key, text)| view! {
                    <li class:key=key>{text}</li>
                }).collect_view()}
            </ul>
        }
    };

    let window = Memo::new(move |_| {
        let visible = state.visible.get();
        let (start, end) = state.dashboard.with(|d| {
            (
                d.dates.get(visible.start).copied(),
                visible
                    .end
                    .checked_sub(1)
                    .and_then(|i| d.dates.get(i))
                    .copied(),
            )
        });
        radar.with(|r| {
            let dates = &r.signals.frame.dates;
            let first = start.map_or(0, |s| dates.partition_point(|d| *d < s));
            let last = end.map_or(dates.len().saturating_sub(1), |e| {
                dates.partition_point(|d| *d <= e).saturating_sub(1)
            });
            (first, last.max(first), dates.len())
        })
    });
    // Every episode once, at its sessions, on a track as wide as the whole
    // history at the window's scale and shifted to the window's start: a
    // zoom or pan changes two style properties, not hundreds of segments.
    // (`style:` goes through the CSSOM — tachys' `Rndr::set_css_property` —
    // not a `style` attribute, so `style-src 'self'` allows it;
    // docs/security.md.) One SVG path per regime rather than one element
    // per episode: the samples have ~700 episodes, and creating and laying
    // out that many flex items was a tenth of the panels' first mount
    // (docs/performance.md, "First draws").
    let paths = move || {
        radar.with(|r| {
            let mut by_regime: Vec<(Regime, String)> = Vec::new();
            for e in &r.regime.episodes {
                let at = match by_regime.iter().position(|(g, _)| *g == e.regime) {
                    Some(at) => at,
                    None => {
                        by_regime.push((e.regime, String::new()));
                        by_regime.len() - 1
                    }
                };
                let n = e.sessions();
                let _ = write!(by_regime[at].1, "M{} 0h{n}v1h-{n}z", e.start_index);
            }
            by_regime
                .into_iter()
                .map(|(regime, d)| view! { <path class=format!("seg {}", regime_class(regime)) d=d></path> })
                .collect_view()
        })
    };
    let view_box = move || radar.with(|r| format!("0 0 {} 1", r.signals.frame.dates.len().max(1)));
    // A pointer's title names the episode under it (the same words as
    // "Regime changes"); keyboard and screen-reader users have that list.
    let (hovered, set_hovered) = signal(String::new());
    let on_pointer = move |ev: leptos::ev::PointerEvent| {
        let Some(strip) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = strip.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let fraction = ((f64::from(ev.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0);
        let (first, last, _) = window.get_untracked();
        let session = (first + (fraction * (last + 1 - first) as f64) as usize).min(last);
        let title = radar.with_untracked(|r| {
            let episodes = &r.regime.episodes;
            let at = episodes.partition_point(|e| e.end_index < session);
            episodes
                .get(at)
                .filter(|e| e.start_index <= session)
                .map(episode_words)
                .unwrap_or_default()
        });
        set_hovered.set(title);
    };
    let track_width = move || {
        window.with(|(first, last, total)| {
            format!("{:.4}%", 100.0 * *total as f64 / (last + 1 - first) as f64)
        })
    };
    let track_shift = move || {
        window.with(|(first, _, total)| {
            format!(
                "translateX(-{:.4}%)",
                100.0 * *first as f64 / (*total).max(1) as f64
            )
        })
    };
    let changes = move || {
        let (first, last, _) = window.get();
        radar.with(|r| {
            r.regime
                .episodes
                .iter()
                .rev()
                .filter(|e| e.end_index >= first && e.start_index <= last)
                .take(6)
                .map(|e| view! {
                    <li><span class=format!("dot {}", regime_class(e.regime))></span>
                        {format!("{} → {}: {} ({} sessions)", e.start, e.end, e.regime.label(), e.sessions())}</li>
                })
                .collect_view()
        })
    };
    let strip =
        move || {
            radar.with(|r| r.as_of_index.is_some()).then(|| view! {
            <div class="regime-strip" data-testid="regime-strip" role="img"
                aria-label="Regime history over the visible range" title=hovered
                on:pointermove=on_pointer>
                <svg class="strip-track" style:width=track_width style:transform=track_shift
                    viewBox=view_box preserveAspectRatio="none" aria-hidden="true">{paths}</svg>
            </div>
            <ul class="legend" aria-label="Regime colours">
                {Regime::ALL.iter().map(|r| view! {
                    <li><span class=format!("dot {}", regime_class(*r))></span>{r.label()}</li>
                }).collect_view()}
            </ul>
            <details class="changes">
                <summary>"Regime changes (latest first)"</summary>
                <ul>{changes}</ul>
            </details>
        })
        };

    view! {
        <section class="panel radar" aria-labelledby="radar-title">
            <h2 id="radar-title" class="visually-hidden">"Regime and read"</h2>
            <div class="radar-grid">
                <div class="regime-box">{badge}</div>
                <div class="summary" data-testid="summary">
                    {move || radar.with(|r| r.read.sentences.iter().map(|s| view! { <span class="sentence">{s.clone()}" "</span> }).collect_view())}
                    {move || data_age.get().map(|v| view! {
                        <span class="sentence read-age" class:stale=v.stale data-testid="read-age" data-age-days=v.age_days.to_string()>
                            {format!("The newest price is {} (as of today in this browser).", age_words(v.age_days))}
                        </span>
                    })}
                </div>
            </div>
            {strip}
        </section>
    }
}
