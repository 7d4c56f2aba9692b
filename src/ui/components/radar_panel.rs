//! The radar's headline, above the chart: the regime badge with the rules
//! that put it there, the read (summary card), and the regime history over
//! the visible range as a strip of dated episodes.

use leptos::prelude::*;

use crate::engine::freshness::age_words;
use crate::engine::regime::Regime;
use crate::ui::state::AppState;

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
    // Every episode once, sized by its sessions, on a track as wide as the
    // whole history at the window's scale and shifted to the window's
    // start: a zoom or pan changes two style properties, not hundreds of
    // segments. (`style:` goes through the CSSOM — tachys'
    // `Rndr::set_css_property` — not a `style` attribute, so
    // `style-src 'self'` allows it; docs/security.md.)
    let segments = move || {
        radar.with(|r| {
            r.regime
                .episodes
                .iter()
                .map(|e| {
                    let title = format!(
                        "{}: {} → {} ({} sessions)",
                        e.regime.label(),
                        e.start,
                        e.end,
                        e.sessions()
                    );
                    // No aria-label: a `<span>` has no role that may carry
                    // one (axe's aria-prohibited-attr). The strip is one
                    // `role="img"` with its own label, and the same episodes
                    // are text in "Regime changes" below; the title is for
                    // a pointer.
                    view! {
                        <span class=format!("seg {}", regime_class(e.regime))
                            style:flex-grow=e.sessions().to_string() title=title></span>
                    }
                })
                .collect_view()
        })
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
    let strip = move || {
        radar.with(|r| r.as_of_index.is_some()).then(|| view! {
            <div class="regime-strip" data-testid="regime-strip" role="img"
                aria-label="Regime history over the visible range">
                <div class="strip-track" style:width=track_width style:transform=track_shift>{segments}</div>
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
