//! `App`: creates the shared state, loads the default samples on first
//! visit, wires drag-and-drop and the theme, and lays out the panels.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::components::{
    ClaimsPanel, DashboardPanel, EvidenceTable, Header, LoadPanel, MacroPanel, Messages,
    MetricsTable, RadarPanel, RulesEditor, SeriesList, SignalsPanel, TargetsTable, TodaysData,
    ViewFreshness,
};
use super::dom;
use super::formulas::{self, FormulaInput};
use super::loader;
use super::share::{self, SharePanel};
use super::state::AppState;
use super::updater;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(dom::prefers_light());
    provide_context(state);

    Effect::new(move |_| dom::apply_theme(state.light.get()));

    // One resize listener for every chart (they redraw at the new size).
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        state.viewport.update(|n| *n = n.wrapping_add(1))
    });
    on_cleanup(move || resize.remove());

    // `data-ready`: after any load or settings change, once every panel has
    // redrawn (the flag is set on the next macrotask) and no load is running.
    Effect::new(move |_| {
        state.series.track();
        state.range.track();
        state.light.track();
        state.join.track();
        state.lags.track();
        state.as_of.track();
        state.settings.track();
        // A refused setting changes nothing but the messages; the page is
        // settled again once the notice shows.
        state.messages.track();
        state.fomc.track();
        state.radar.track();
        state.dashboard.track();
        state.zoom.track();
        state.url_extras.track();
        state.zoom_commits.track();
        state.hidden.track();
        state.price_choice.track();
        state.crosshair.track();
        state.viewport.track();
        // A check of a commentary (or an edit of its alias table).
        state.commentary.track();
        state.pending.track();
        // Not settled while a link (or the first visit's defaults) is
        // still being applied: its loads may not have started yet.
        state.url_ready.track();
        dom::set_ready_after_render(move || {
            state.pending.get_untracked() == 0 && state.url_ready.get_untracked()
        });
    });

    // The first paint (index.html) stands in until the link's view (or the
    // default one) has loaded and the radar has run on it.
    Effect::new(move |_| {
        if state.url_ready.get() && state.pending.get() == 0 {
            dom::remove_first_paint();
        }
    });

    // First visit: the bundled default samples, in catalogue order.
    // First visit or a link: its view, else the default samples.
    share::install(state);
    formulas::install(state);
    spawn_local(async move {
        loader::load_fomc_calendar(state).await;
        share::start(state).await;
    });

    let (dragging, set_dragging) = signal(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        set_dragging.set(false);
        let files = loader::files_of(ev.data_transfer().and_then(|dt| dt.files()));
        if !files.is_empty() {
            spawn_local(updater::load_files(state, files, move |outcome| {
                share::open_loaded(state, outcome)
            }));
        }
    };

    view! {
        <div
            class="app"
            class:dragging=dragging
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); set_dragging.set(true); }
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            <Header />
            <main class="layout">
                <aside class="sidebar">
                    <LoadPanel />
                    <TodaysData />
                    <SharePanel />
                    <section class="panel" aria-labelledby="series-title">
                        <h2 id="series-title">"Loaded series"</h2>
                        <FormulaInput />
                        <SeriesList />
                    </section>
                </aside>
                <div class="content">
                    <ViewFreshness />
                    <Messages />
                    <RadarPanel />
                    <DashboardPanel />
                    <SignalsPanel />
                    <MetricsTable />
                    <TargetsTable />
                    <ClaimsPanel />
                    <EvidenceTable />
                    <MacroPanel />
                    <RulesEditor />
                </div>
            </main>
            <div class="drop-overlay" aria-hidden="true">"Drop CSV files to load them"</div>
            <footer class="footer">
                "Everything is computed in your browser; nothing is uploaded. Sample data: Yahoo Finance via public repositories, FRED. Not investment advice."
            </footer>
        </div>
    }
}
