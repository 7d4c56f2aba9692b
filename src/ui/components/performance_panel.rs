//! The relative-performance chart on a canvas, redrawn when the data, the
//! range, the theme or the canvas size change. Drawing it is what makes
//! the page `data-ready`.

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::chart::{draw_performance, ChartTheme, PerformanceChart};
use crate::engine::align::{align_prices, JoinMode};
use crate::engine::series::Series;
use crate::ui::dom;
use crate::ui::state::AppState;

const CHART_HEIGHT: u32 = 380;

#[component]
pub fn PerformancePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let (resized, set_resized) = signal(0u32);
    let resize_handle = window_event_listener(leptos::ev::resize, move |_| {
        set_resized.update(|n| *n = n.wrapping_add(1))
    });
    on_cleanup(move || resize_handle.remove());

    let chart = Memo::new_with_compare(
        move |_| {
            let range = state.range.get();
            let join = state.join.get();
            state.series.with(|all| {
                let prices: Vec<&Series> = all
                    .iter()
                    .filter(|l| l.series.kind.is_price())
                    .map(|l| l.series.as_ref())
                    .collect();
                let mut aligned = align_prices(&prices, join);
                // Series with no session in common (a 1990s file and a 2026
                // one) would leave an empty chart: show all sessions instead.
                let fell_back =
                    join == JoinMode::Intersection && prices.len() > 1 && aligned.dates.len() < 2;
                if fell_back {
                    aligned = align_prices(&prices, JoinMode::Union);
                }
                // The window ends at the as-of date when one is set.
                let end = state.as_of.get().unwrap_or(chrono::NaiveDate::MAX);
                let n = aligned.dates.partition_point(|d| *d <= end);
                let dates = &aligned.dates[..n];
                let start = dates.last().and_then(|d| range.start(*d));
                let chart = PerformanceChart::rebased(
                    aligned
                        .ids
                        .iter()
                        .zip(&aligned.closes)
                        .map(|(id, closes)| (id.as_str(), dates, &closes[..n])),
                    start,
                );
                (chart, fell_back)
            })
        },
        |_, _| true,
    );

    Effect::new(move |_| {
        let light = state.light.get();
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let width = canvas.client_width().max(320) as u32;
        canvas.set_width(width);
        canvas.set_height(CHART_HEIGHT);
        if let Some(backend) = CanvasBackend::with_canvas_object(canvas) {
            let root = backend.into_drawing_area();
            chart.with(|(c, _)| {
                if let Err(e) = draw_performance(&root, c, &ChartTheme::for_mode(light)) {
                    state.push_message(
                        crate::ui::state::Level::Error,
                        format!("Chart could not be drawn: {e:?}"),
                    );
                }
            });
        }
        dom::mark("rr:chart-drawn");
    });

    view! {
        <section class="panel chart-panel" aria-labelledby="perf-title">
            <h2 id="perf-title">"Relative performance"</h2>
            <p class="note">{move || format!(
                "Each price series rebased to 100 at the close before the {} window; above 100 = gain.",
                state.range.get().label()
            )}
                <label class="join-toggle">
                    <input type="checkbox" data-testid="join-union"
                        prop:checked=move || state.join.get() == JoinMode::Union
                        on:change=move |ev| state.join.set(if event_target_checked(&ev) { JoinMode::Union } else { JoinMode::Intersection }) />
                    "All sessions (gaps shown)"
                </label>
                {move || chart.with(|(_, fell_back)| fell_back.then(|| view! {
                    <span class="hint" data-testid="calendar-fallback">
                        " The loaded price series share no sessions, so all sessions are shown."
                    </span>
                }))}
            </p>
            <canvas node_ref=canvas_ref data-testid="chart-performance" class="chart"
                role="img" aria-label="Line chart of each price series rebased to 100"
                height=CHART_HEIGHT></canvas>
        </section>
    }
}
