//! `App`: creates the shared state, loads the default samples on first
//! visit, wires drag-and-drop and the theme, and lays out the panels.

use std::collections::VecDeque;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::background::PendingGuard;
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
        // Before the first view nothing is drawn; the radar is not computed
        // for each sample as it arrives (tracking it would run it).
        if !state.first_view.get() {
            dom::set_ready(false);
            return;
        }
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
            state.pending.get_untracked() == 0
                && state.first_view.get_untracked()
                && state.url_ready.get_untracked()
        });
    });

    // The first view is in once its loads have ended and nothing is
    // pending a macrotask later (the dashboard's one build starts from an
    // effect of `first_loads_done`): the content column then swaps its
    // skeleton for the panels, once, at their final size, in one task.
    // The panels are mounted (`mount_to`, built once) rather than returned
    // from a reactive `if`: a view that can be rebuilt, or a `<Show>`'s
    // type-erased children, keeps every panel's rebuilding (or HTML)
    // code in the .wasm, +10-12 KB gzip.
    let panels = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if state.first_view.get_untracked()
            || !state.first_loads_done.get()
            || state.pending.get() != 0
        {
            return;
        }
        dom::next_macrotask(move || {
            if state.pending.get_untracked() != 0 || state.first_view.get_untracked() {
                return;
            }
            if let Some(parent) = panels.get_untracked() {
                mount_panels(parent.into(), state);
            }
            state.first_view.set(true);
        });
    });
    // The first paint (index.html's default view) stands in until the
    // panels have drawn: their first draws take a task each (`first_draw`)
    // and hold `pending` until then.
    Effect::new(move |_| {
        if state.first_view.get() && state.pending.get() == 0 {
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
        state.first_loads_done.set(true);
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
                    {move || (!state.first_view.get()).then(|| view! { <FirstViewSkeleton /> })}
                    // The panels, mounted here once the first view is in.
                    <div class="panels" node_ref=panels></div>
                </div>
            </main>
            <div class="drop-overlay" aria-hidden="true">"Drop CSV files to load them"</div>
            <footer class="footer">
                "Everything is computed in your browser; nothing is uploaded. Sample data: Yahoo Finance via public repositories, FRED. Not investment advice."
            </footer>
        </div>
    }
}

/// The content column's panels, below the view line and the messages,
/// mounted in turn, a few per task: built in one task they were the
/// longest task of a first visit (~0.4 s at a phone's 4x slowdown, about
/// 3,000 elements). The radar and the charts come first; the tables under
/// the charts follow, each appended below everything already there, so
/// nothing on screen moves. The page is not ready until the last is in.
fn mount_panels(parent: web_sys::HtmlElement, state: AppState) {
    fn mount<V: IntoView + 'static>(
        parent: &web_sys::HtmlElement,
        state: AppState,
        panels: impl FnOnce() -> V + 'static,
    ) {
        leptos::mount::mount_to(parent.clone(), move || {
            provide_context(state);
            panels()
        })
        .forget();
    }
    fn in_turn(mut steps: VecDeque<Box<dyn FnOnce()>>, guard: PendingGuard) {
        if let Some(step) = steps.pop_front() {
            step();
        }
        if steps.is_empty() {
            // Every panel is in: the page may become ready.
            drop(guard);
        } else {
            dom::next_macrotask(move || in_turn(steps, guard));
        }
    }
    /// A later group: mounted when its turn comes.
    fn later<V: IntoView + 'static>(
        parent: &web_sys::HtmlElement,
        state: AppState,
        panels: impl FnOnce() -> V + 'static,
    ) -> Box<dyn FnOnce()> {
        let parent = parent.clone();
        Box::new(move || mount(&parent, state, panels))
    }
    mount(
        &parent,
        state,
        || view! { <RadarPanel /> <DashboardPanel /> },
    );
    let steps = VecDeque::from([
        later(&parent, state, || view! { <SignalsPanel /> }),
        later(
            &parent,
            state,
            || view! { <MetricsTable /> <TargetsTable /> <ClaimsPanel /> },
        ),
        later(&parent, state, || view! { <EvidenceTable /> }),
        later(&parent, state, || view! { <MacroPanel /> <RulesEditor /> }),
    ]);
    let guard = PendingGuard::new(state.pending);
    dom::next_macrotask(move || in_turn(steps, guard));
}

/// The content column until the first view has loaded: the radar panel's
/// and the price chart's boxes at their usual size (style/main.css), at
/// least a screen tall, so the panels replace it without moving anything
/// already on screen (a layout shift is a visible element that moves; new
/// ones do not count).
#[component]
fn FirstViewSkeleton() -> impl IntoView {
    view! {
        <div class="first-view-skeleton" data-testid="first-view-skeleton" aria-busy="true">
            <section class="panel skeleton skeleton-radar">
                <p class="note">"Loading the bundled samples…"</p>
            </section>
            <section class="panel skeleton skeleton-bar"></section>
            <section class="panel skeleton skeleton-chart"></section>
        </div>
    }
}
