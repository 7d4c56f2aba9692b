//! The relative-performance chart on a canvas, redrawn when the data, the
//! range, the theme or the canvas size change. Drawing it is what makes
//! the page `data-ready`.

use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::chart::{draw_performance, ChartTheme, PerformanceChart};
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
            state.series.with(|all| {
                let prices: Vec<_> = all.iter().filter(|l| l.series.kind.is_price()).collect();
                let last = prices.iter().filter_map(|l| l.series.dates.last()).max().copied();
                let start = last.and_then(|d| range.start(d));
                PerformanceChart::rebased(
                    prices.iter().map(|l| {
                        (l.series.id.as_str(), l.series.dates.as_slice(), l.series.close.as_slice())
                    }),
                    start,
                )
            })
        },
        |_, _| true,
    );

    Effect::new(move |_| {
        let light = state.light.get();
        let pending = state.pending.get();
        resized.track();
        let Some(canvas) = canvas_ref.get() else { return };
        let width = canvas.client_width().max(320) as u32;
        canvas.set_width(width);
        canvas.set_height(CHART_HEIGHT);
        if let Some(backend) = CanvasBackend::with_canvas_object(canvas) {
            let root = backend.into_drawing_area();
            chart.with(|c| {
                if let Err(e) = draw_performance(&root, c, &ChartTheme::for_mode(light)) {
                    state.push_message(crate::ui::state::Level::Error, format!("Chart could not be drawn: {e:?}"));
                }
            });
        }
        dom::set_ready(pending == 0);
    });

    view! {
        <section class="panel chart-panel" aria-labelledby="perf-title">
            <h2 id="perf-title">"Relative performance"</h2>
            <p class="note">{move || format!(
                "Each price series rebased to 100 at the close before the {} window; above 100 = gain.",
                state.range.get().label()
            )}</p>
            <canvas node_ref=canvas_ref data-testid="chart-performance" class="chart"
                role="img" aria-label="Line chart of each price series rebased to 100"
                height=CHART_HEIGHT></canvas>
        </section>
    }
}
