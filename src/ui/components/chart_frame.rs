//! One frame for every chart: a hi-DPI canvas the panel's draw function
//! paints, an overlay canvas for the crosshair (moving the pointer never
//! redraws a plot), pointer / wheel / pinch / keyboard handling on the one
//! shared visible window, the tooltip, the legend with toggles, a table
//! view of the visible data and PNG export. A panel is then: which memos
//! it reads, which `chart::draw_*` it calls, which values its rows show.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use wasm_bindgen::JsCast;

use crate::chart::PlotGeometry;
use crate::engine::range::{pan_sessions, zoom_sessions};
use crate::ui::background::PendingGuard;
use crate::ui::canvas::CanvasPainter;
use crate::ui::dom;
use crate::ui::first_draw;
use crate::ui::state::{AppState, Level};

/// How a frame asks its panel to draw.
#[derive(Debug, Clone, Copy)]
pub struct DrawOptions {
    /// devicePixelRatio: the backing store is CSS size × scale.
    pub scale: f64,
    /// Draw the legend inside the canvas (PNG export).
    pub legend: bool,
}

/// A panel's drawing: returns the plot geometry of a time chart (for the
/// crosshair), `None` for other charts, or why it could not draw (shown in
/// the frame and as a message, never swallowed).
pub type DrawFn = Rc<
    dyn Fn(&DrawingArea<CanvasPainter, Shift>, DrawOptions) -> Result<Option<PlotGeometry>, String>,
>;

/// One series' value on a session, for the tooltip, the legend and the
/// table view.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesValue {
    /// The `data-series` hook and the legend toggle's key.
    pub series: String,
    pub label: String,
    pub value: Option<f64>,
    /// The value for people ("71.52", "198k").
    pub text: String,
    /// CSS colour of its line.
    pub color: String,
    /// Switched off in the legend.
    pub hidden: bool,
    /// Shown in the legend (a toggle) — reference lines are not.
    pub toggles: bool,
}

/// Values of a panel's series on a session.
pub type RowsFn = Arc<dyn Fn(usize) -> Vec<SeriesValue> + Send + Sync>;

/// A table view's header and rows (charts without a time axis).
pub type TableFn = Arc<dyn Fn() -> (Vec<String>, Vec<Vec<String>>) + Send + Sync>;

/// Sessions the table view lists at most (the CSV export has them all).
const TABLE_ROWS: usize = 400;

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r >= 1.0)
        .unwrap_or(1.0)
        .min(4.0)
}

/// The 2D context of a canvas.
fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

/// A canvas that is not in the document.
fn detached_canvas() -> Option<web_sys::HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()
}

/// Draws the crosshair: a vertical line at the session and a dot on each
/// visible series' value.
fn draw_crosshair(
    overlay: &web_sys::HtmlCanvasElement,
    geometry: Option<&PlotGeometry>,
    at: Option<usize>,
    rows: &[SeriesValue],
    light: bool,
) {
    let Some(ctx) = context_2d(overlay) else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, overlay.width() as f64, overlay.height() as f64);
    let (Some(g), Some(i)) = (geometry, at) else {
        return;
    };
    if !g.visible.contains(&i) {
        return;
    }
    let scale = device_pixel_ratio();
    let x = g.x_of(i).round() + 0.5;
    ctx.set_line_width(scale);
    ctx.set_stroke_style_str(if light {
        "rgba(17,24,39,0.55)"
    } else {
        "rgba(229,231,235,0.6)"
    });
    let _ = ctx.set_line_dash(&js_sys::Array::of2(
        &(4.0 * scale).into(),
        &(3.0 * scale).into(),
    ));
    ctx.begin_path();
    ctx.move_to(x, g.top);
    ctx.line_to(x, g.bottom);
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    for row in rows.iter().filter(|r| !r.hidden) {
        let Some(y) = row.value.and_then(|v| g.y_of(v)) else {
            continue;
        };
        if y < g.top || y > g.bottom {
            continue;
        }
        ctx.begin_path();
        let _ = ctx.arc(x, y, 3.5 * scale, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str(&row.color);
        ctx.fill();
        ctx.set_stroke_style_str(if light { "#ffffff" } else { "#111827" });
        ctx.stroke();
    }
}

/// The frame. `rows` is `None` for a chart without a time axis (the RRG),
/// which then has no crosshair, zoom or pan.
#[component]
pub fn ChartFrame(
    /// `chart-<name>` hook and `data-chart` of its export button.
    name: &'static str,
    /// What the chart shows, for screen readers and the export's file name.
    title: String,
    /// CSS class fixing the chart's height (`chart-tall`, `chart-short`, …).
    size_class: &'static str,
    draw: DrawFn,
    #[prop(optional)] rows: Option<RowsFn>,
    /// `data-series` of the canvas (macro small multiples).
    #[prop(optional, into)]
    series: Option<String>,
    /// A table view for a chart without a time axis: header and rows.
    #[prop(optional)]
    table: Option<TableFn>,
    /// A horizontal level the pointer can drag (the price chart's): while
    /// dragged this signal follows the pointer; when dropped the level goes
    /// into the link (`lvl=`).
    #[prop(optional)]
    level: Option<RwSignal<Option<f64>>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let overlay_ref = NodeRef::<leptos::html::Canvas>::new();
    let geometry = StoredValue::new(None::<PlotGeometry>);
    let (drawn, set_drawn) = signal(0u32);
    // Why the last draw failed, if it did (shown in the frame).
    let draw_error = RwSignal::new(None::<String>);
    let (active, set_active) = signal(false);
    let (table_open, set_table_open) = signal(false);
    let time_axis = rows.is_some();

    // The canvas's CSS size, measured once and then kept up to date by a
    // ResizeObserver: reading `clientWidth` in every redraw would force a
    // synchronous layout of the whole page each time (after another panel
    // changed the DOM), which is what made zooming slow.
    let measured = StoredValue::new(None::<(f64, f64)>);
    let (resized, set_resized) = signal(0u32);
    let awaiting_first_draw = StoredValue::new(false);
    let observer = StoredValue::new_local(
        None::<(
            web_sys::ResizeObserver,
            wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
        )>,
    );
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let Some(entry) = entries
                    .get(0)
                    .dyn_into::<web_sys::ResizeObserverEntry>()
                    .ok()
                else {
                    return;
                };
                let rect = entry.content_rect();
                let size = (rect.width(), rect.height());
                if size.0 > 0.0 && size.1 > 0.0 && measured.get_value() != Some(size) {
                    measured.set_value(Some(size));
                    // A chart waiting for its first draw keeps its turn
                    // (`first_draw`): drawing here would draw every new
                    // chart in this one task.
                    if !awaiting_first_draw.get_value() {
                        set_resized.update(|n| *n = n.wrapping_add(1));
                    }
                }
            },
        );
        if let Ok(ro) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            ro.observe(&canvas);
            observer.set_value(Some((ro, callback)));
        }
    });
    on_cleanup(move || {
        observer.update_value(|o| {
            if let Some((ro, _)) = o.take() {
                ro.disconnect();
            }
        })
    });

    // The plot: redrawn when what `draw` reads changes, or the theme or
    // the size; never by the crosshair.
    let draw_plot = draw.clone();
    Effect::new(move |_| {
        state.viewport.track();
        resized.track();
        state.light.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        // Not measured yet (just mounted): the first draw waits for its
        // turn in `first_draw`, which measures every new chart at once and
        // draws one per task.
        if awaiting_first_draw.get_value() {
            return;
        }
        let Some((css_width, css_height)) = measured.get_value() else {
            awaiting_first_draw.set_value(true);
            let guard = PendingGuard::new(state.pending);
            first_draw::queue(canvas, guard, move |size| {
                // The ResizeObserver may have measured it meanwhile.
                if measured.try_get_value().flatten().is_none() {
                    let _ = measured.try_set_value(Some(size));
                }
                let _ = awaiting_first_draw.try_set_value(false);
                let _ = set_resized.try_update(|n| *n = n.wrapping_add(1));
            });
            return;
        };
        let started = dom::now_ms();
        let scale = device_pixel_ratio();
        let (css_width, css_height) = (css_width.max(200.0), css_height.max(80.0));
        let (w, h) = (
            (css_width * scale).round() as u32,
            (css_height * scale).round() as u32,
        );
        // Resize only on a real change: a resize clears the canvas,
        // reallocates its backing store and invalidates the page's style, so
        // the next `ctx.font` would make the browser recompute the whole
        // document's style (profiled at ~0.75 ms a chart, every chart).
        if canvas.width() != w || canvas.height() != h {
            canvas.set_width(w);
            canvas.set_height(h);
            if let Some(overlay) = overlay_ref.get_untracked() {
                overlay.set_width(w);
                overlay.set_height(h);
            }
        }
        let drawn_plot = CanvasPainter::new(canvas.clone())
            .ok_or_else(|| "the browser gave no 2D drawing context".to_string())
            .and_then(|backend| {
                draw_plot(
                    &backend.into_drawing_area(),
                    DrawOptions {
                        scale,
                        legend: false,
                    },
                )
            });
        match &drawn_plot {
            Err(why) if draw_error.get_untracked().is_none() => {
                draw_error.set(Some(why.clone()));
                state.push_message(
                    Level::Error,
                    format!("The {name} chart could not be drawn ({why}); its Table view still lists the values."),
                );
            }
            Err(_) => {}
            Ok(_) if draw_error.get_untracked().is_some() => draw_error.set(None),
            Ok(_) => {}
        }
        if let Ok(g) = drawn_plot {
            // The drawn window on the canvas (`data-from`, `data-to`), so a
            // test can see every panel move together.
            let span = g.as_ref().and_then(|g| {
                state.dashboard.with_untracked(|d| {
                    Some((
                        d.dates.get(g.visible.start)?.to_string(),
                        d.dates.get(g.visible.end.checked_sub(1)?)?.to_string(),
                    ))
                })
            });
            let (from, to) = span.unwrap_or_default();
            let _ = canvas.set_attribute("data-from", &from);
            let _ = canvas.set_attribute("data-to", &to);
            geometry.set_value(g);
        }
        dom::record_timing(&format!("chart-{name}"), dom::now_ms() - started);
        set_drawn.update(|n| *n = n.wrapping_add(1));
    });

    // The crosshair on the overlay: only this runs when the pointer moves.
    let crosshair_rows = rows.clone();
    Effect::new(move |_| {
        drawn.track();
        let at = state.crosshair.get();
        let light = state.light.get_untracked();
        let Some(overlay) = overlay_ref.get() else {
            return;
        };
        let values = match (&crosshair_rows, at) {
            (Some(rows), Some(i)) => rows(i),
            _ => Vec::new(),
        };
        geometry.with_value(|g| draw_crosshair(&overlay, g.as_ref(), at, &values, light));
    });

    // Pointer position (backend pixels) → session.
    let session_at = move |x_css: f64| -> Option<usize> {
        let x = x_css * device_pixel_ratio();
        geometry.with_value(|g| g.as_ref().and_then(|g| g.index_at(x)))
    };
    let sessions_per_css_px = move || -> f64 {
        geometry.with_value(|g| {
            g.as_ref().map_or(0.0, |g| {
                let width = (g.right - g.left) / device_pixel_ratio();
                if width > 0.0 {
                    g.visible.len() as f64 / width
                } else {
                    0.0
                }
            })
        })
    };
    let data_len = move || state.dashboard.with_untracked(|d| d.dates.len());

    // Active pointers (id, x) for drag-to-pan and two-finger pinch.
    let pointers = StoredValue::new(Vec::<(i32, f64)>::new());
    let gesture = StoredValue::new(None::<(f64, std::ops::Range<usize>)>);
    let spread = |p: &[(i32, f64)]| match p {
        [a, b, ..] => (a.1 - b.1).abs().max(1.0),
        _ => 1.0,
    };
    // A level being dragged: the pointer took it within a few pixels.
    let dragging_level = StoredValue::new(false);
    let level_at = move |y_css: f64| -> Option<f64> {
        let y = y_css * device_pixel_ratio();
        geometry.with_value(|g| g.as_ref().and_then(|g| g.value_at(y)))
    };
    let on_pointer_down = move |ev: leptos::ev::PointerEvent| {
        if !time_axis || ev.button() != 0 {
            return;
        }
        if let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        let near_level = level.and_then(|l| l.get_untracked()).is_some_and(|v| {
            let y = f64::from(ev.offset_y()) * device_pixel_ratio();
            geometry.with_value(|g| {
                g.as_ref()
                    .and_then(|g| g.y_of(v))
                    .is_some_and(|ly| (ly - y).abs() <= 6.0 * device_pixel_ratio())
            })
        });
        if near_level {
            dragging_level.set_value(true);
            return;
        }
        let x = f64::from(ev.offset_x());
        pointers.update_value(|p| {
            p.retain(|(id, _)| *id != ev.pointer_id());
            p.push((ev.pointer_id(), x));
        });
        let anchor = pointers.with_value(|p| if p.len() >= 2 { spread(p) } else { x });
        gesture.set_value(Some((anchor, state.visible.get_untracked())));
    };
    let end_gesture = move |ev: leptos::ev::PointerEvent| {
        if dragging_level.get_value() {
            dragging_level.set_value(false);
            if let Some(l) = level {
                let v = l.get_untracked();
                state.url_extras.update(|u| u.price_level = v);
            }
            return;
        }
        pointers.update_value(|p| p.retain(|(id, _)| *id != ev.pointer_id()));
        if pointers.with_value(|p| p.is_empty()) && gesture.get_value().is_some() {
            gesture.set_value(None);
            state.commit_zoom();
        }
    };
    let on_pointer_move = move |ev: leptos::ev::PointerEvent| {
        if !time_axis {
            return;
        }
        if dragging_level.get_value() {
            // Cents: a level is read, not computed to the last digit.
            if let (Some(l), Some(v)) = (level, level_at(f64::from(ev.offset_y()))) {
                l.set(Some((v * 100.0).round() / 100.0));
            }
            return;
        }
        let started = dom::now_ms();
        let x = f64::from(ev.offset_x());
        pointers.update_value(|p| {
            if let Some(slot) = p.iter_mut().find(|(id, _)| *id == ev.pointer_id()) {
                slot.1 = x;
            }
        });
        let touching = pointers.with_value(|p| p.len());
        match gesture.get_value() {
            Some((start, visible)) if touching >= 2 => {
                // Pinch: the window shrinks as the fingers spread.
                let now = pointers.with_value(|p| spread(p));
                let mid = pointers.with_value(|p| (p[0].1 + p[1].1) / 2.0);
                let anchor = session_at(mid).unwrap_or(visible.start);
                state.show_sessions(zoom_sessions(visible, data_len(), anchor, start / now));
            }
            Some((start, visible)) if touching == 1 => {
                let delta = ((start - x) * sessions_per_css_px()).round() as isize;
                state.show_sessions(pan_sessions(visible, data_len(), delta));
            }
            _ => {
                if let Some(i) = session_at(x) {
                    if state.crosshair.get_untracked() != Some(i) {
                        state.crosshair.set(Some(i));
                        dom::time_after_effects("crosshair", started);
                    }
                }
            }
        }
    };
    let commit_later = StoredValue::new(None::<i32>);
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if !time_axis {
            return;
        }
        ev.prevent_default();
        let started = dom::now_ms();
        // Lines or pages (Firefox) → pixels, then a smooth exponential zoom.
        let unit = match ev.delta_mode() {
            1 => 16.0,
            2 => 400.0,
            _ => 1.0,
        };
        let factor = (ev.delta_y() * unit * 0.0015).clamp(-1.0, 1.0).exp();
        let visible = state.visible.get_untracked();
        let anchor = session_at(f64::from(ev.offset_x())).unwrap_or(visible.start);
        state.show_sessions(zoom_sessions(visible, data_len(), anchor, factor));
        dom::time_after_effects("zoom", started);
        // One history entry per wheel gesture, not per tick.
        if let Some(w) = web_sys::window() {
            if let Some(id) = commit_later.get_value() {
                w.clear_timeout_with_handle(id);
            }
            let commit = wasm_bindgen::closure::Closure::once_into_js(move || state.commit_zoom());
            commit_later.set_value(
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    commit.unchecked_ref(),
                    400,
                )
                .ok(),
            );
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if !time_axis {
            return;
        }
        let started = dom::now_ms();
        let visible = state.visible.get_untracked();
        if visible.is_empty() {
            return;
        }
        let len = data_len();
        let current = state
            .crosshair
            .get_untracked()
            .filter(|i| visible.contains(i));
        let step: isize = if ev.shift_key() { 10 } else { 1 };
        let move_to = |target: isize| {
            let target = target.clamp(0, len as isize - 1) as usize;
            // Moving past an edge scrolls the window with the crosshair.
            if target < visible.start {
                state.show_sessions(pan_sessions(
                    visible.clone(),
                    len,
                    target as isize - visible.start as isize,
                ));
            } else if target >= visible.end {
                state.show_sessions(pan_sessions(
                    visible.clone(),
                    len,
                    target as isize + 1 - visible.end as isize,
                ));
            }
            state.crosshair.set(Some(target));
        };
        let here = current.unwrap_or(visible.end - 1) as isize;
        match ev.key().as_str() {
            "ArrowLeft" => move_to(if current.is_some() { here - step } else { here }),
            "ArrowRight" => move_to(if current.is_some() { here + step } else { here }),
            "Home" => move_to(visible.start as isize),
            "End" => move_to(visible.end as isize - 1),
            "+" | "=" => state.show_sessions(zoom_sessions(visible, len, here as usize, 0.8)),
            "-" | "_" => state.show_sessions(zoom_sessions(visible, len, here as usize, 1.25)),
            "Escape" => state.crosshair.set(None),
            _ => return,
        }
        ev.prevent_default();
        dom::time_after_effects("keyboard", started);
        if matches!(
            ev.key().as_str(),
            "+" | "=" | "-" | "_" | "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            state.commit_zoom();
        }
    };

    let export_png = {
        let draw = draw.clone();
        let series_name = series.clone();
        move |_| {
            let Some(canvas) = canvas_ref.get_untracked() else {
                return;
            };
            let Some(offscreen) = detached_canvas() else {
                state.push_message(Level::Error, format!("The {name} chart's PNG export failed: the browser could not make a canvas."));
                return;
            };
            // Twice the CSS size, with the legend drawn in: a picture that
            // stands on its own in a slide or a note.
            let scale = 2.0;
            let (w, h) = measured.get_value().unwrap_or_else(|| {
                (
                    f64::from(canvas.client_width()),
                    f64::from(canvas.client_height()),
                )
            });
            offscreen.set_width((w.max(200.0) * scale) as u32);
            offscreen.set_height((h.max(80.0) * scale) as u32);
            let exported = CanvasPainter::new(offscreen.clone())
                .ok_or_else(|| "the browser gave no 2D drawing context".to_string())
                .and_then(|backend| {
                    draw(
                        &backend.into_drawing_area(),
                        DrawOptions {
                            scale,
                            legend: true,
                        },
                    )
                })
                .and_then(|_| {
                    offscreen
                        .to_data_url_with_type("image/png")
                        .map_err(|e| dom::js_error_text(&e))
                })
                .and_then(|url| {
                    // The chart's name, and the series for a macro multiple.
                    let file = match &series_name {
                        Some(series) => {
                            format!("regime-radar-{name}-{}.png", series.replace(':', "-"))
                        }
                        None => format!("regime-radar-{name}.png"),
                    };
                    dom::download_href(&file, &url, "")
                });
            if let Err(why) = exported {
                state.push_message(
                    Level::Error,
                    format!("The {name} chart's PNG export failed: {why}."),
                );
            }
        }
    };

    let legend_rows = rows.clone();
    let legend = move || {
        let rows = legend_rows.clone()?;
        // The crosshair's session, else the last one (as TradingView's
        // legend does): not the window's end, so a zoom leaves legends alone.
        let last = state.dashboard.with(|d| d.dates.len().checked_sub(1));
        let at = state.crosshair.get().or(last)?;
        state.hidden.track();
        let entries = rows(at)
            .into_iter()
            .filter(|r| r.toggles)
            .map(|r| {
                let key = r.series.clone();
                let toggle = move |_| {
                    let key = key.clone();
                    state.hidden.update(|h| {
                        if let Some(i) = h.iter().position(|k| *k == key) {
                            h.remove(i);
                        } else {
                            h.push(key);
                        }
                    })
                };
                view! {
                    <button type="button" class="legend-entry" data-testid="legend-entry"
                        data-series=r.series.clone() aria-pressed=(!r.hidden).to_string()
                        title=if r.hidden { "Show this series" } else { "Hide this series" }
                        on:click=toggle>
                        <span class="swatch" style:background-color=r.color.clone()></span>
                        <span class="legend-label">{r.label.clone()}</span>
                        <span class="legend-value num">{if r.hidden { String::new() } else { r.text.clone() }}</span>
                    </button>
                }
            })
            .collect_view();
        Some(
            view! { <div class="chart-legend" role="group" aria-label="Series (click to show or hide)">{entries}</div> },
        )
    };

    let tooltip_rows = rows.clone();
    let tooltip = move || {
        let rows = tooltip_rows.clone()?;
        if !active.get() {
            return None;
        }
        let at = state.crosshair.get()?;
        let visible = state.visible.get();
        if !visible.contains(&at) {
            return None;
        }
        let date = state.dashboard.with(|d| d.dates.get(at).copied())?;
        let x = geometry.with_value(|g| g.as_ref().map(|g| g.x_of(at)))? / device_pixel_ratio();
        let width = measured.get_value().map_or(600.0, |(w, _)| w);
        // Beside the crosshair, on whichever side has room.
        let flip = x > width * 0.6;
        let items = rows(at)
            .into_iter()
            .filter(|r| !r.hidden)
            .map(|r| view! {
                <li data-series=r.series.clone() data-value=r.value.map(|v| v.to_string()).unwrap_or_default()>
                    <span class="swatch" style:background-color=r.color.clone()></span>
                    <span class="tip-label">{r.label.clone()}</span>
                    <span class="num">{r.text.clone()}</span>
                </li>
            })
            .collect_view();
        Some(view! {
            <div class="tooltip" class:flip=flip data-testid="tooltip" data-date=date.to_string()
                style:left=format!("{:.0}px", if flip { x - 12.0 } else { x + 12.0 }) role="status">
                <div class="tip-date">{date.format("%a %d %b %Y").to_string()}</div>
                <ul>{items}</ul>
            </div>
        })
    };

    let table_rows = rows.clone();
    let table_view = move || {
        if !table_open.get() {
            return None;
        }
        if let Some(custom) = &table {
            let (head, body) = custom();
            return Some(view! {
                <table class="data-table">
                    <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>{body.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
                </table>
            }.into_any());
        }
        let rows = table_rows.clone()?;
        let visible = state.visible.get();
        let from = visible.end.saturating_sub(TABLE_ROWS).max(visible.start);
        let dates = state
            .dashboard
            .with(|d| d.dates[from.min(d.dates.len())..visible.end.min(d.dates.len())].to_vec());
        let head = rows(visible.end.saturating_sub(1));
        let shown = visible.end - from;
        Some(view! {
            <p class="hint">{if shown < visible.len() {
                format!("The last {shown} of {} visible sessions; “Export CSV” has them all.", visible.len())
            } else {
                format!("{} visible sessions.", visible.len())
            }}</p>
            <table class="data-table">
                <thead><tr><th scope="col">"Date"</th>
                    {head.iter().map(|r| view! { <th scope="col">{r.label.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>{dates.into_iter().enumerate().rev().map(|(k, d)| view! {
                    <tr><th scope="row">{d.to_string()}</th>
                        {rows(from + k).into_iter().map(|r| view! {
                            <td class="num" data-series=r.series data-value=r.value.map(|v| v.to_string()).unwrap_or_default()>{r.text}</td>
                        }).collect_view()}</tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any())
    };

    let aria = if time_axis {
        format!("{title}. Arrow keys move the crosshair, + and − zoom, Home and End jump; drag to pan, double-click to reset.")
    } else {
        title.clone()
    };
    view! {
        <div class="chart-frame" class:time-axis=time_axis>
            {legend}
            <div class="chart-stack" on:pointerenter=move |_| set_active.set(true)
                on:pointerleave=move |_| { set_active.set(false); if time_axis { state.crosshair.set(None); } }>
                <canvas node_ref=canvas_ref class=format!("chart {size_class}") data-testid=format!("chart-{name}")
                    data-series=series.clone() role="img" aria-label=title.clone()></canvas>
                <canvas node_ref=overlay_ref class="chart-overlay" tabindex="0" aria-label=aria
                    on:pointerdown=on_pointer_down on:pointermove=on_pointer_move
                    on:pointerup=end_gesture on:pointercancel=end_gesture
                    on:wheel=on_wheel on:keydown=on_key
                    on:focus=move |_| set_active.set(true) on:blur=move |_| set_active.set(false)
                    on:dblclick=move |_| if time_axis { state.set_preset(state.range.get_untracked()) }></canvas>
                {tooltip}
            </div>
            {move || draw_error.get().map(|why| view! {
                <p class="note warn chart-error" role="alert" data-testid="chart-error" data-chart=name>
                    {format!("This chart could not be drawn ({why}). The Table button below lists its values.")}
                </p>
            })}
            <div class="chart-tools">
                <button type="button" class="link-button" data-testid="export-png" data-chart=name on:click=export_png>"PNG"</button>
                <button type="button" class="link-button" data-testid="chart-table-toggle" data-chart=name
                    aria-expanded=move || table_open.get().to_string()
                    on:click=move |_| set_table_open.update(|o| *o = !*o)>
                    {move || if table_open.get() { "Hide table" } else { "Table" }}
                </button>
            </div>
            <div class="chart-table" data-testid="chart-table" data-chart=name>{table_view}</div>
        </div>
    }
}
