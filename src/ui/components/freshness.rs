//! How old the data is: a line per loaded series (in the series list) and
//! one for the whole view (above the radar), each "Data to 2026-06-05 —
//! 185 days old", in warning style past the series' threshold
//! (`engine::freshness`, counted from the browser's today). A bundled
//! sample's line also names its source and fetch date from
//! `data/manifest.json` when there is one.

use leptos::either::Either;
use leptos::prelude::*;

use crate::engine::freshness::series_freshness;
use crate::ui::state::{AppState, Loaded, Provenance};

/// Where a series came from, for its freshness line.
fn origin_words(state: AppState, loaded: &Loaded) -> String {
    match &loaded.source.provenance {
        Provenance::Sample(id) => state
            .manifest
            .with(|m| {
                m.as_ref()
                    .and_then(|m| m.entry(id))
                    .and_then(|e| e.provenance())
            })
            .map(|p| format!("bundled, {p}"))
            .unwrap_or_else(|| "bundled sample".to_string()),
        Provenance::Url(url) => format!("from {url}"),
        Provenance::Local | Provenance::Formula => loaded.origin.clone(),
    }
}

/// The freshness line of one loaded series.
#[component]
pub fn SeriesFreshness(
    /// The series as loaded.
    loaded: Loaded,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = loaded.series.id.to_string();
    let series = loaded.series.clone();
    let freshness = Memo::new(move |_| {
        state
            .lags
            .with(|lags| series_freshness(&series, state.today, lags))
    });
    let origin = {
        let loaded = loaded.clone();
        move || origin_words(state, &loaded)
    };
    move || {
        freshness.get().map(|f| {
            let origin = origin.clone();
            view! {
                <p class="freshness" class:stale=f.stale
                    data-testid="freshness"
                    data-series=id.clone()
                    data-last-date=f.last_date.to_string()
                    data-age-days=f.age_days.to_string()
                    data-stale=f.stale.to_string()
                    title=f.rule()>
                    <span class="age">{f.sentence()}</span>
                    <span class="from">{move || format!(" · {}", origin())}</span>
                </p>
            }
        })
    }
}

/// The freshness of the whole view: its data end on the newest price date,
/// stale when any series is past its usual update.
#[component]
pub fn ViewFreshness() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view_line = state.data_age;
    move || {
        // Until the first view is in, a placeholder holds the line's place
        // (its box has the final line's height, style/main.css): the
        // line's text changes with every sample that arrives.
        if !state.first_view.get() {
            return Some(Either::Left(view! {
                <p class="freshness view-freshness placeholder" data-testid="freshness-placeholder">
                    "Loading the data…"
                </p>
            }));
        }
        view_line.get().map(|v| {
            Either::Right(view! {
                <p class="freshness view-freshness" class:stale=v.stale
                    data-testid="freshness"
                    data-series=""
                    data-last-date=v.last_date.to_string()
                    data-age-days=v.age_days.to_string()
                    data-stale=v.stale.to_string()
                    data-stale-count=v.stale_count.to_string()
                    role="status">
                    {v.sentence()}
                </p>
            })
        })
    }
}
